/**
 * The local HTTP API: turns each request into an API Gateway HTTP API (payload 2.0) event and
 * invokes the real middy handler of the route's group, as API Gateway would. Also serves the
 * docs page and the local issuer's JWKS.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type Lang, langFrom, render } from '#core/messages.ts';
import { groups } from '#functions/api/groups.ts';
import { type RouteDef, routeKeyOf, routes } from '#functions/api/routes.ts';
import { now as clockNow } from '#functions/clock.ts';

type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's payload limit
/** A too-large body up to this size is read and discarded, so the connection stays usable. */
const DRAIN_MAX = 64 * 1024 * 1024;

export type { LambdaHandler };

interface CompiledRoute {
  route: RouteDef;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = (routes as readonly RouteDef[]).map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

const textTypes = /^(text\/|application\/(json|.*\+json|xml|x-www-form-urlencoded))/i;

function lambdaContext(functionName: string): Context {
  // The API's 29 s; the local-only dev group moves the clock through months of schedules, which
  // takes as long as the work that falls due on the way.
  const deadline = Date.now() + (functionName === 'siklus-dev' ? 15 * 60_000 : 29_000);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * The body, read to its end even when it is too large (the rest is discarded, not buffered), so
 * the answer can be sent and the keep-alive connection reused. A body declared or grown past
 * DRAIN_MAX is not worth draining: the answer then closes the connection.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'too-large-close'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > DRAIN_MAX) return Promise.resolve('too-large-close');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size > DRAIN_MAX) resolve('too-large-close');
    });
    req.on('end', () => resolve(size > MAX_BODY ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The route a request addresses, and its path parameters. */
export function matchRoute(method: string, pathname: string) {
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const values = c.pattern.exec(pathname);
    if (!values) continue;
    const pathParameters = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(values[i + 1]!)]));
    return { route: c.route, pathParameters };
  }
  return undefined;
}

/** An API Gateway HTTP API payload 2.0 event, as API Gateway builds it. */
export function apiGatewayEvent(r: {
  route: RouteDef;
  pathParameters: Record<string, string>;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  sourceIp?: string;
}): APIGatewayProxyEventV2 {
  // Text travels as a string, which only UTF-8 survives; other bytes (a Windows-1252 CSV) are
  // passed base64-encoded, like binary (what the function sees either way: the bytes sent).
  const isText = textTypes.test(r.headers['content-type'] ?? '') && isUtf8(r.body);
  const routeKey = routeKeyOf(r.route);
  const now = clockNow();
  return {
    version: '2.0',
    routeKey,
    rawPath: r.url.pathname,
    rawQueryString: r.url.search.slice(1),
    headers: r.headers,
    ...(r.url.search ? { queryStringParameters: Object.fromEntries(r.url.searchParams) } : {}),
    ...(Object.keys(r.pathParameters).length ? { pathParameters: r.pathParameters } : {}),
    ...(r.body.length ? { body: isText ? r.body.toString('utf8') : r.body.toString('base64') } : {}),
    isBase64Encoded: r.body.length > 0 && !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: r.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: r.route.method,
        path: r.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: r.sourceIp ?? '127.0.0.1',
        userAgent: r.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

/** Each group's real Lambda handler, loaded once. */
let loaded: Map<string, LambdaHandler> | undefined;
export async function groupHandlers(): Promise<Map<string, LambdaHandler>> {
  if (loaded) return loaded;
  const handlers = new Map<string, LambdaHandler>();
  for (const name of Object.keys(groups)) {
    const mod = (await import(`../functions/api/${name}.ts`)) as { handler: LambdaHandler };
    handlers.set(name, mod.handler);
  }
  loaded = handlers;
  return handlers;
}

export { lambdaContext };

export interface LocalApiOptions {
  port: number;
  host?: string;
  /** The local issuer's public key set, served at /.well-known/jwks.json. */
  jwks?: unknown;
}

let localDocument: string | undefined;

/** Sent with everything the local edge answers itself (the handlers add their own). */
const securityHeaders = { 'x-content-type-options': 'nosniff' };

/**
 * The docs page: no inline script (its initializer is /docs/init.js), nothing from elsewhere, and
 * never inside another site's frame.
 */
const docsHeaders = {
  ...securityHeaders,
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    // Swagger UI sets style attributes on its elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const edgeTitles: Record<number, string> = {
  400: 'TITLE_BAD_REQUEST',
  404: 'TITLE_NOT_FOUND',
  413: 'TITLE_PAYLOAD_TOO_LARGE',
  502: 'TITLE_BAD_GATEWAY',
};

/** A problem+json answer of the local edge itself (what API Gateway would answer in AWS). */
export function edgeProblem(
  status: number,
  code: string,
  lang: Lang,
  params: Record<string, string | number> = {},
) {
  return {
    headers: {
      'content-type': 'application/problem+json',
      'content-language': lang,
      'cache-control': 'no-store',
      ...securityHeaders,
    },
    body: JSON.stringify({
      type: `https://siklus.go.id/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: render(edgeTitles[status] ?? 'TITLE_BAD_GATEWAY', lang),
      status,
      detail: render(code, lang, params),
      code,
    }),
  };
}

/** A Host header the edge can trust as a host name (and optional port). */
function hostIsValid(host: string | undefined): boolean {
  if (host === undefined) return true;
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return false;
  try {
    new URL(`http://${host}`);
    return true;
  } catch {
    return false;
  }
}

export async function startHttpApi(options: LocalApiOptions): Promise<{ server: Server; url: string }> {
  const handlers = await groupHandlers();
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string | Buffer,
  ) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const problem = (
    res: ServerResponse,
    status: number,
    code: string,
    lang: Lang,
    extra: Record<string, string> = {},
  ) => {
    const p = edgeProblem(status, code, lang);
    send(res, status, { ...p.headers, ...extra }, p.body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse, lang: Lang): Promise<void> {
    if (!hostIsValid(req.headers.host))
      return problem(res, 400, 'MALFORMED_HOST', lang, { connection: 'close' });
    // Routing needs only the path and the query; the host is checked above and passed on as sent.
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && (url.pathname === '/docs' || url.pathname === '/docs/')) {
      return send(res, 200, { 'content-type': 'text/html; charset=utf-8', ...docsHeaders }, docsPage);
    }
    if (req.method === 'GET' && url.pathname === '/docs/init.js') {
      return send(res, 200, { 'content-type': 'text/javascript', ...securityHeaders }, docsInit);
    }
    if (req.method === 'GET' && url.pathname.startsWith('/docs/assets/')) {
      const file = url.pathname.slice('/docs/assets/'.length);
      if (!/^[\w.-]+\.(js|css|png)$/.test(file)) return problem(res, 404, 'ROUTE_NOT_FOUND', lang);
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(swaggerDir, file));
      } catch {
        return problem(res, 404, 'ROUTE_NOT_FOUND', lang);
      }
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'image/png';
      return send(res, 200, { 'content-type': type, ...securityHeaders }, bytes);
    }
    // Locally the document also describes the local-only routes (how to get a token, the clock).
    if (req.method === 'GET' && url.pathname === '/openapi.json') {
      localDocument ??= JSON.stringify(
        (await import('#functions/api/openapi.ts')).openApiDocument({ includeLocalOnly: true }),
      );
      return send(
        res,
        200,
        { 'content-type': 'application/json', 'cache-control': 'no-store', ...securityHeaders },
        localDocument,
      );
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json' && options.jwks) {
      return send(
        res,
        200,
        { 'content-type': 'application/json', ...securityHeaders },
        JSON.stringify(options.jwks),
      );
    }
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(req.method ?? 'GET', url.pathname);
    } catch (err) {
      if (err instanceof URIError) return problem(res, 400, 'MALFORMED_PATH', lang);
      throw err;
    }
    if (!match) return problem(res, 404, 'ROUTE_NOT_FOUND', lang);
    const body = await readBody(req);
    if (body === 'too-large' || body === 'too-large-close') {
      return problem(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        lang,
        body === 'too-large-close' ? { connection: 'close' } : {},
      );
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const event = apiGatewayEvent({
      route: match.route,
      pathParameters: match.pathParameters,
      url,
      headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    });
    const handler = handlers.get(match.route.group)!;
    const result = await handler(event, lambdaContext(`siklus-${match.route.group}`));
    const out = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    send(res, result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>, out);
  }

  // Nothing a client sends may escape this handler: an error is a problem+json 502 (what API
  // Gateway answers when a function fails), never an unhandled rejection that stops the process.
  const server = createServer((req, res) => {
    const started = performance.now();
    const lang = langFrom(
      Array.isArray(req.headers['accept-language'])
        ? req.headers['accept-language'][0]
        : req.headers['accept-language'],
    );
    handle(req, res, lang)
      .catch((err: unknown) => {
        console.error('local api error', err);
        if (!res.headersSent) problem(res, 502, 'BAD_GATEWAY', lang);
        else res.destroy();
      })
      .finally(() => {
        if (process.env.SIKLUS_ACCESS_LOG === '1') {
          console.log(
            `${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`,
          );
        }
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://${options.host ?? '127.0.0.1'}:${port}` };
}

const docsInit = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });\n";

const docsPage = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Siklus API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;
