/** Liveness and the OpenAPI document: public, no table access. */
import { httpApi, type RequestCtx } from '../http/edge.ts';
import { openApiDocument } from './openapi.ts';

let doc: unknown;

export const handler = httpApi({
  'GET /health': async (_ctx: RequestCtx) => ({ status: 200, body: { status: 'ok' } }),
  'GET /openapi.json': async (_ctx: RequestCtx) => {
    doc ??= openApiDocument();
    return { status: 200, body: doc, headers: { 'cache-control': 'public, max-age=300' } };
  },
});
