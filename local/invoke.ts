/**
 * Calls the real Lambda handlers with API Gateway HTTP API events, in process (the same adapter
 * the local HTTP server uses). For tests and the simulation; counts invocations and time.
 */

import { apiGatewayEvent, groupHandlers, lambdaContext, matchRoute } from './http-server.ts';
import { dynamoCalls, instrumentClients } from './instrument.ts';

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body with its content type (e.g. CSV): text, or the bytes of a file. */
  raw?: { contentType: string; text: string } | { contentType: string; bytes: Uint8Array };
  headers?: Record<string, string>;
  /** The client address API Gateway would see (default 127.0.0.1). */
  sourceIp?: string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: callers assert or read fields by name
  body: any;
  /** DynamoDB commands this call sent. */
  roundTrips: string[];
}

export const apiCounters = { invocations: 0, ms: 0 };

export async function invokeRoute(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
  const url = new URL(path, 'http://localhost');
  const match = matchRoute(method, url.pathname);
  if (!match) throw new Error(`no route for ${method} ${path}`);
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body = Buffer.alloc(0);
  if (o.raw) {
    headers['content-type'] = o.raw.contentType;
    body = 'text' in o.raw ? Buffer.from(o.raw.text) : Buffer.from(o.raw.bytes);
  } else if (o.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = Buffer.from(JSON.stringify(o.body));
  }
  const event = apiGatewayEvent({
    route: match.route,
    pathParameters: match.pathParameters,
    url,
    headers,
    body,
    ...(o.sourceIp ? { sourceIp: o.sourceIp } : {}),
  });
  const handler = (await groupHandlers()).get(match.route.group)!;
  instrumentClients();
  const before = dynamoCalls.commands.length;
  const started = performance.now();
  const result = await handler(event, lambdaContext(match.route.group));
  apiCounters.invocations++;
  apiCounters.ms += performance.now() - started;
  const text = result.body ?? '';
  const type = String(result.headers?.['content-type'] ?? '');
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body:
      type.includes('json') && text
        ? JSON.parse(text)
        : result.isBase64Encoded
          ? Buffer.from(text, 'base64')
          : text,
    roundTrips: dynamoCalls.commands.slice(before),
  };
}

/** Mints a token through the dev route, as a portal would locally. */
export async function tokenFor(nip: string, agencyId: string, roles: string[] = []): Promise<string> {
  const r = await invokeRoute('POST', '/v1/dev/token', { body: { nip, agencyId, roles } });
  if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
