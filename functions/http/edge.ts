/**
 * The HTTP edge shared by every API function: a middy handler that routes on `event.routeKey`
 * over the group's route definitions, authenticates JWT routes, parses path, query and body with
 * the route's schemas (422 naming each field), calls the route, sends exactly the fields of the
 * response schema, and turns every error into RFC 9457 problem+json in the caller's language.
 * Domain errors map to HTTP by kind, here only.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { DomainError, type FieldIssue, httpStatusOf, validationFailed } from '#core/errors.ts';
import { type Lang, langFrom, render } from '#core/messages.ts';
import { parseOrThrow, refused, unknownFields } from '#core/validation.ts';
import { liveDeps } from '../adapters/deps.ts';
import { authenticate } from '../auth.ts';
import { now } from '../clock.ts';
import { logger, observed } from '../observability.ts';
import { type AnyRoute, type Reply, routeKeyOf } from './route.ts';

const strictObject = (schema: z.ZodType) => (schema instanceof z.ZodObject ? schema.strict() : schema);

/** Sent with every response: never sniffed, never framed. */
const securityHeaders = { 'x-content-type-options': 'nosniff' };

function problem(err: DomainError, lang: Lang): APIGatewayProxyStructuredResultV2 {
  const status = httpStatusOf[err.kind];
  const errors = err.issues.map((i: FieldIssue) => ({
    ...(i.row !== undefined ? { row: i.row } : {}),
    path: i.path,
    code: i.code,
    message: i.message ?? render(i.code, lang, i.params),
  }));
  const body = {
    type: `https://siklus.go.id/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: render(`TITLE_${err.kind}`, lang),
    status,
    // A list cut short keeps its real count in params (and says `total`).
    detail: render(err.code, lang, {
      ...(err.issues.length ? { count: err.issues.length } : {}),
      ...err.params,
    }),
    code: err.code,
    ...(err.params.total !== undefined ? { total: err.params.total } : {}),
    ...(errors.length ? { errors } : {}),
  };
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json',
      'content-language': lang,
      'cache-control': 'no-store',
      ...securityHeaders,
      ...(status === 401
        ? { 'www-authenticate': `Bearer${err.code === 'TOKEN_EXPIRED' ? ' error="invalid_token"' : ''}` }
        : {}),
      ...(status === 429 && err.params.retryAfter !== undefined
        ? { 'retry-after': String(err.params.retryAfter) }
        : {}),
    },
    body: JSON.stringify(body),
  };
}

function headersOf(event: APIGatewayProxyEventV2): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

const bodyText = (event: APIGatewayProxyEventV2) =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

function parseBody(
  route: AnyRoute,
  event: APIGatewayProxyEventV2,
  headers: Record<string, string | undefined>,
  lang: Lang,
): unknown {
  if (!route.body) {
    // A route that takes no body refuses one, naming what was sent: nothing is silently dropped.
    const text = bodyText(event).trim();
    if (!text) return undefined;
    let sent: unknown;
    try {
      sent = JSON.parse(text);
    } catch {
      throw validationFailed([{ path: '(body)', code: 'BODY_NOT_ALLOWED' }]);
    }
    if (sent === null || (typeof sent === 'object' && !Array.isArray(sent) && Object.keys(sent).length === 0))
      return undefined;
    if (typeof sent === 'object' && !Array.isArray(sent)) throw refused(unknownFields(Object.keys(sent)));
    throw validationFailed([{ path: '(body)', code: 'BODY_NOT_ALLOWED' }]);
  }
  const type = headers['content-type'] ?? '';
  const accepted = route.body.contentType ?? 'application/json';
  if (accepted === 'application/x-www-form-urlencoded') {
    if (!/^application\/x-www-form-urlencoded\b/i.test(type))
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', { expected: accepted });
    return parseOrThrow(route.body.schema, Object.fromEntries(new URLSearchParams(bodyText(event))), lang);
  }
  if (accepted !== 'application/json') {
    // A file: handed over as the bytes that were sent (a text body the gateway passed as a string
    // is UTF-8 again; anything else came base64-encoded).
    const media = type.split(';')[0]!.trim().toLowerCase();
    if (!accepted.some((t) => t.type === media))
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', {
        expected: accepted.map((t) => t.type).join(', '),
      });
    const bytes = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64')
      : Buffer.from(event.body ?? '', 'utf8');
    return { bytes: new Uint8Array(bytes), contentType: type };
  }
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', {
      expected: 'application/json',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(bodyText(event) || 'null');
  } catch {
    throw new DomainError('BAD_REQUEST', 'MALFORMED_JSON');
  }
  return parseOrThrow(route.body.schema, data, lang);
}

/** A refusal answered as a page (for people, not programs). */
function page(
  p: { contentType: string; body: string; headers?: Record<string, string> },
  err: DomainError,
): APIGatewayProxyStructuredResultV2 {
  const status = httpStatusOf[err.kind];
  return {
    statusCode: status,
    headers: {
      ...securityHeaders,
      'cache-control': 'no-store',
      ...p.headers,
      'content-type': p.contentType,
      ...(status === 429 && err.params.retryAfter !== undefined
        ? { 'retry-after': String(err.params.retryAfter) }
        : {}),
    },
    body: p.body,
  };
}

/** The reply as sent: the body cut to its schema, JSON unless the route says otherwise. */
function send(route: AnyRoute, reply: Reply, lang: Lang): APIGatewayProxyStructuredResultV2 {
  const def = route.responses[reply.status];
  if (!def) throw new Error(`${routeKeyOf(route)} answered ${reply.status}, which it does not declare`);
  const headers: Record<string, string> = { ...securityHeaders, 'content-language': lang, ...reply.headers };
  if (route.auth === 'jwt') headers['cache-control'] ??= 'no-store';
  if (def.contentType && !def.schema) {
    headers['content-type'] ??= def.contentType;
    const raw = reply.body;
    if (Buffer.isBuffer(raw))
      return { statusCode: reply.status, headers, body: raw.toString('base64'), isBase64Encoded: true };
    return { statusCode: reply.status, headers, body: String(raw ?? '') };
  }
  headers['content-type'] = 'application/json';
  if (reply.body === undefined) return { statusCode: reply.status, headers, body: '' };
  const parsed = def.schema
    ? (def.schema as z.ZodType).safeParse(reply.body)
    : { success: true as const, data: reply.body };
  if (!parsed.success) {
    logger.error('response does not match its schema', {
      routeKey: routeKeyOf(route),
      issues: parsed.error.issues.slice(0, 5),
    });
    throw new Error(`${routeKeyOf(route)}: response does not match its schema`);
  }
  return { statusCode: reply.status, headers, body: JSON.stringify(parsed.data) };
}

/** Builds the Lambda handler of one group of routes. */
export function httpApi(routes: readonly AnyRoute[]) {
  const byKey = new Map(routes.map((r) => [routeKeyOf(r), r]));
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(observed())
    .handler(async (event) => {
      const headers = headersOf(event);
      const lang = langFrom(headers['accept-language']);
      const route = byKey.get(event.routeKey);
      try {
        if (!route) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
        const base = {
          event,
          lang,
          now: now(),
          deps: liveDeps(),
          header: (name: string) => headers[name.toLowerCase()],
          params: route.params ? parseOrThrow(route.params, event.pathParameters ?? {}, lang) : undefined,
          // Unknown query parameters are refused too (a misspelt `limt` would otherwise be ignored).
          query: parseOrThrow(
            route.query ? strictObject(route.query) : z.object({}).strict(),
            event.queryStringParameters ?? {},
            lang,
          ),
        };
        const actor = route.auth === 'jwt' ? await authenticate(headers.authorization) : undefined;
        const req = { ...base, body: parseBody(route, event, headers, lang), ...(actor ? { actor } : {}) };
        const reply = await (route.handler as (r: typeof req) => Promise<Reply>)(req);
        return send(route, reply, lang);
      } catch (err) {
        if (!(err instanceof DomainError))
          logger.error('unhandled error', { routeKey: event.routeKey, error: err as Error });
        const refused = err instanceof DomainError ? err : new DomainError('INTERNAL', 'INTERNAL');
        return route?.errorPage
          ? page(route.errorPage(refused, lang, event), refused)
          : problem(refused, lang);
      }
    });
}
