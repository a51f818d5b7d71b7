/**
 * The HTTP edge shared by every API function: a middy handler that routes on `event.routeKey`,
 * authenticates JWT routes, hands the route a small request context, and turns every error into
 * RFC 9457 problem+json in the caller's language. Domain errors map to HTTP by kind, here only.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Actor } from '#core/actor.ts';
import { DomainError, type FieldIssue, httpStatusOf } from '#core/errors.ts';
import { type Lang, langFrom, render } from '#core/messages.ts';
import { parseOrThrow } from '#core/validation.ts';
import { routes } from '../api/routes.ts';
import { authenticate } from '../auth.ts';
import { now } from '../clock.ts';
import { logger } from '../observability.ts';

export interface RequestCtx {
  event: APIGatewayProxyEventV2;
  lang: Lang;
  now: Date;
  params: Record<string, string>;
  query: Record<string, string>;
  header(name: string): string | undefined;
  /** The raw body as text (base64 decoded). */
  text(): string;
  /** The body as JSON, validated by `schema` (422 naming each field otherwise). */
  json<S extends z.ZodType>(schema: S): z.infer<S>;
}

export interface AuthedCtx extends RequestCtx {
  actor: Actor;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler<C> = (ctx: C) => Promise<Reply>;
export type RouteHandlers = Record<string, Handler<AuthedCtx> | Handler<RequestCtx>>;

const authOf = new Map<string, string>(routes.map((r) => [`${r.method} ${r.path}`, r.auth]));

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
    detail: render(err.code, lang, err.params),
    code: err.code,
    ...(errors.length ? { errors } : {}),
  };
  return json(status, body, { 'content-type': 'application/problem+json', 'content-language': lang });
}

/** JSON unless the route set another content type and gave a string body. */
const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  body:
    body === undefined
      ? ''
      : typeof body === 'string' && headers['content-type']
        ? body
        : JSON.stringify(body),
});

function context(event: APIGatewayProxyEventV2, lang: Lang): RequestCtx {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const text = () =>
    event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  return {
    event,
    lang,
    now: now(),
    params: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    header: (name) => headers[name.toLowerCase()],
    text,
    json(schema) {
      const type = headers['content-type'] ?? '';
      if (!/^application\/(.+\+)?json\b/i.test(type)) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', {
          expected: 'application/json',
        });
      }
      let data: unknown;
      try {
        data = JSON.parse(text() || 'null');
      } catch {
        throw new DomainError('BAD_REQUEST', 'MALFORMED_JSON');
      }
      return parseOrThrow(schema, data, lang);
    },
  };
}

/** Builds a Lambda handler for one group of routes. */
export function httpApi(handlers: RouteHandlers) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>().handler(
    async (event) => {
      const lang = langFrom(event.headers?.['accept-language'] ?? event.headers?.['Accept-Language']);
      try {
        const handler = handlers[event.routeKey];
        if (!handler) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
        const ctx = context(event, lang);
        const reply =
          authOf.get(event.routeKey) === 'none'
            ? await (handler as Handler<RequestCtx>)(ctx)
            : await (handler as Handler<AuthedCtx>)({
                ...ctx,
                actor: await authenticate(ctx.header('authorization')),
              });
        return json(reply.status, reply.body, reply.headers);
      } catch (err) {
        if (err instanceof DomainError) return problem(err, lang);
        logger.error('unhandled error', { routeKey: event.routeKey, error: err as Error });
        return problem(new DomainError('INTERNAL', 'INTERNAL'), lang);
      }
    },
  );
}
