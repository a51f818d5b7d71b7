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
import { groups } from '#functions/api/groups.ts';
import { type RouteDef, routeKeyOf, routes } from '#functions/api/routes.ts';
import { now as clockNow } from '#functions/clock.ts';

type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's payload limit

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

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
  const notFound = (res: ServerResponse) =>
    send(
      res,
      404,
      { 'content-type': 'application/problem+json' },
      JSON.stringify({
        type: 'https://siklus.go.id/problems/route-not-found',
        title: 'Tidak ditemukan',
        status: 404,
        detail: 'Alamat tidak ditemukan.',
        code: 'ROUTE_NOT_FOUND',
      }),
    );

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    try {
      if (req.method === 'GET' && (url.pathname === '/docs' || url.pathname === '/docs/')) {
        return send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, docsPage);
      }
      if (req.method === 'GET' && url.pathname.startsWith('/docs/assets/')) {
        const file = url.pathname.slice('/docs/assets/'.length);
        if (!/^[\w.-]+\.(js|css|png)$/.test(file)) return notFound(res);
        const type = file.endsWith('.js')
          ? 'text/javascript'
          : file.endsWith('.css')
            ? 'text/css'
            : 'image/png';
        return send(res, 200, { 'content-type': type }, readFileSync(join(swaggerDir, file)));
      }
      // Locally the document also describes the local-only routes (how to get a token, the clock).
      if (req.method === 'GET' && url.pathname === '/openapi.json') {
        localDocument ??= JSON.stringify(
          (await import('#functions/api/openapi.ts')).openApiDocument({ includeLocalOnly: true }),
        );
        return send(
          res,
          200,
          { 'content-type': 'application/json', 'cache-control': 'no-store' },
          localDocument,
        );
      }
      if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json' && options.jwks) {
        return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(options.jwks));
      }
      const match = matchRoute(req.method ?? 'GET', url.pathname);
      if (!match) return notFound(res);
      const body = await readBody(req);
      if (body === 'too-large')
        return send(
          res,
          413,
          { 'content-type': 'application/json' },
          '{"message":"Request Entity Too Large"}',
        );
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
    } catch (err) {
      console.error('local api error', err);
      send(res, 502, { 'content-type': 'application/json' }, '{"message":"Internal Server Error"}');
    } finally {
      if (process.env.SIKLUS_ACCESS_LOG === '1') {
        console.log(
          `${req.method} ${url.pathname} ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`,
        );
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://${options.host ?? '127.0.0.1'}:${port}` };
}

const docsPage = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Siklus API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;
