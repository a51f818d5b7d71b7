/**
 * The OpenAPI 3.1 document, generated from the route definitions (functions/api/routes.ts) and
 * their zod schemas. `npm run openapi` writes it to openapi.json (committed); a test fails when
 * that file is stale. Every operation lists what it really answers: its successes with their
 * headers, and every problem status (those it declares, and those every route of its shape can
 * answer: 401 for a token, 400/415/422 for a body, 429 throttled, 500).
 */
import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { AnyRoute, ErrorStatus } from '../http/route.ts';
import { groups } from './groups.ts';
import { routes } from './routes.ts';

export const problem = z
  .object({
    type: z.string().meta({ example: 'https://siklus.go.id/problems/validation-failed' }),
    title: z.string().meta({ example: 'Data tidak valid' }),
    status: z.number().int().meta({ example: 422 }),
    detail: z.string().meta({ example: 'Data yang dikirim tidak valid (1 masalah).' }),
    code: z
      .string()
      .meta({ description: 'Stable machine code, e.g. `VALIDATION_FAILED`.', example: 'VALIDATION_FAILED' }),
    errors: z
      .array(
        z.object({
          row: z
            .number()
            .int()
            .optional()
            .meta({ description: 'CSV imports: the spreadsheet row (header = 1).' }),
          path: z.string().meta({ example: 'rhk[0].text' }),
          code: z.string().meta({ example: 'REQUIRED' }),
          message: z.string().meta({ example: 'Wajib diisi.' }),
        }),
      )
      .optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; Bahasa Indonesia unless `Accept-Language: en`.',
  });

const authorizerRefusal = z.object({ message: z.literal('Unauthorized') }).meta({
  id: 'GatewayUnauthorized',
  description: "API Gateway's JWT authorizer's own answer, before the function runs.",
});

const meaning: Record<ErrorStatus, string> = {
  400: 'The body is not valid JSON',
  401: 'No token, or an invalid or expired one',
  403: 'Not allowed for your role',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  410: 'No longer available (expired or used)',
  412: 'Stale If-Match: the document changed',
  413: 'The body is too large',
  415: 'Wrong Content-Type',
  422: 'Invalid input (each field named in `errors`)',
  428: 'If-Match is missing',
  429: 'Throttled: retry later',
  500: 'Server error',
};

const problemResponse = (status: ErrorStatus) =>
  status === 401
    ? {
        description: `${meaning[401]}. In AWS the HTTP API's JWT authorizer may answer first, with \`{"message":"Unauthorized"}\` (application/json); the function answers problem+json.`,
        headers: { 'WWW-Authenticate': { schema: { type: 'string' as const }, description: '`Bearer`' } },
        content: {
          'application/problem+json': { schema: problem },
          'application/json': { schema: authorizerRefusal },
        },
      }
    : { description: meaning[status], content: { 'application/problem+json': { schema: problem } } };

/** A route that answers people with pages (the public survey) refuses with a page too. */
const pageResponse = (status: ErrorStatus) => ({
  description: `${meaning[status]}: a page saying so, in the page's language.`,
  content: { 'text/html': { schema: z.string() } },
});

const responseHeaders = {
  etag: {
    description: 'The version of the document (send it back in If-Match).',
    schema: { type: 'string' as const },
  },
  location: { description: 'Where the new resource is.', schema: { type: 'string' as const } },
  'cache-control': { description: 'Caching policy.', schema: { type: 'string' as const } },
  'content-disposition': { description: 'The file name to save.', schema: { type: 'string' as const } },
  'content-security-policy': {
    description: "The page's policy: its own inline style and script by hash only, no framing.",
    schema: { type: 'string' as const },
  },
};
const headerNames = {
  etag: 'ETag',
  location: 'Location',
  'cache-control': 'Cache-Control',
  'content-disposition': 'Content-Disposition',
  'content-security-policy': 'Content-Security-Policy',
} as const;

/** The tags, in the order /docs shows them; every route's tag must be here (a test checks). */
export const tags = [
  { name: 'System', description: 'Liveness and this document.' },
  { name: 'Me', description: 'The caller: profile, team, action items and notifications.' },
  { name: 'Agencies', description: 'Agencies and the employee import (CSV or XLSX, with a template).' },
  { name: 'Employees', description: 'Employee profiles and the employees of a unit.' },
  { name: 'Cycles', description: "An agency's yearly cycles, their calendar and counts." },
  { name: 'SKP', description: 'The SKP (Sasaran Kinerja Pegawai): drafting, cascading, approval.' },
  { name: 'Check-ins', description: 'Per period: realisasi with evidence, feedback, peer input.' },
  {
    name: 'Appraisal',
    description:
      "Evaluations per period and year, the units' organisation results and the curve, the documents.",
  },
  {
    name: 'Appeals and follow-up',
    description:
      'Appeals (keberatan) against a final result, the follow-up it leads to (development plan, recognition), the agency policy and the payroll shares.',
  },
  {
    name: 'Reports',
    description:
      'Period-end and archive reports of an agency or a unit (CSV, XLSX, PDF): requested, listed, downloaded.',
  },
  {
    name: 'Public feedback',
    description:
      "Citizens' service-satisfaction surveys: one-time links issued by a unit, the public page, the aggregates.",
  },
  { name: 'Local runtime', description: 'Only under `npm start`: tokens for anyone, the local clock.' },
] as const;

/**
 * What every operation says beyond its summary: the route's own description, then what its
 * shape implies for a caller (the token, If-Match, Idempotency-Key).
 */
function describe(route: AnyRoute): string {
  const notes: string[] = [];
  if (route.description) notes.push(route.description);
  notes.push(route.auth === 'jwt' ? 'Needs a Bearer token.' : 'Public: no token.');
  const sent = route.headers ? Object.keys(route.headers.shape) : [];
  if (sent.includes('if-match'))
    notes.push('Send `If-Match` with the ETag you read (412 when stale, 428 when missing).');
  if (sent.includes('idempotency-key'))
    notes.push('`Idempotency-Key`: the same key and body within 24 hours answers the first response.');
  return notes.join(' ');
}

function operation(route: AnyRoute): ZodOpenApiOperationObject {
  const statuses = new Set<ErrorStatus>([...route.errors, 429, 500]);
  if (route.auth === 'jwt') statuses.add(401);
  if (route.body) {
    statuses.add(415);
    statuses.add(422);
    if ((route.body.contentType ?? 'application/json') === 'application/json') statuses.add(400);
    else statuses.add(413);
  }
  if (route.params || route.query) statuses.add(422);
  const responses: Record<string, unknown> = {};
  for (const [status, def] of Object.entries(route.responses)) {
    responses[status] = {
      description: def.description,
      headers: {
        'Content-Language': {
          description: 'The language of messages: `id` or `en`.',
          schema: { type: 'string' },
        },
        ...Object.fromEntries((def.headers ?? []).map((h) => [headerNames[h], responseHeaders[h]])),
      },
      ...(def.schema
        ? { content: { 'application/json': { schema: def.schema } } }
        : def.contentType
          ? {
              content: Object.fromEntries(
                [def.contentType, ...(def.alsoContentTypes ?? [])].map((type) => [
                  type,
                  {
                    schema: /^text\//.test(type) ? { type: 'string' } : { type: 'string', format: 'binary' },
                  },
                ]),
              ),
            }
          : {}),
    };
  }
  for (const s of [...statuses].sort())
    responses[String(s)] = route.errorPage ? pageResponse(s) : problemResponse(s);
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: describe(route),
    tags: [route.tag],
    security: route.auth === 'jwt' ? [{ bearer: [] }] : [],
    ...(route.params || route.query || route.headers
      ? {
          requestParams: {
            ...(route.params ? { path: route.params as z.ZodObject } : {}),
            ...(route.query ? { query: route.query as z.ZodObject } : {}),
            ...(route.headers ? { header: route.headers } : {}),
          },
        }
      : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            ...(route.body.description ? { description: route.body.description } : {}),
            content:
              typeof route.body.contentType === 'object'
                ? Object.fromEntries(
                    route.body.contentType.map((t) => [
                      t.type,
                      {
                        schema: t.binary
                          ? {
                              type: 'string',
                              format: 'binary',
                              ...(t.description ? { description: t.description } : {}),
                            }
                          : { type: 'string', ...(t.description ? { description: t.description } : {}) },
                      },
                    ]),
                  )
                : { [route.body.contentType ?? 'application/json']: { schema: route.body.schema } },
          },
        }
      : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
}

export function openApiDocument(options: { includeLocalOnly?: boolean } = {}) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const group = groups[route.group as keyof typeof groups];
    if (!group) throw new Error(`${route.method} ${route.path}: no group ${route.group}`);
    if ('localOnly' in group && group.localOnly && !options.includeLocalOnly) continue;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Siklus API',
      version: '1.0.0',
      description:
        'The portal contract of Siklus: SKP, check-ins, appraisal and reports for the performance cycle of Indonesian civil servants (ASN). ' +
        'Errors are RFC 9457 problem+json in Bahasa Indonesia (English with `Accept-Language: en`). Documents carry an ETag; updates need ' +
        '`If-Match` (412 stale, 428 missing). POSTs honour `Idempotency-Key` for 24 hours.' +
        (options.includeLocalOnly
          ? ' Locally, `POST /v1/dev/token` mints a token for anyone (use it as the Bearer token) and `/v1/dev/clock` moves the clock.'
          : ''),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'Siklus', url: 'https://github.com/siklus' },
    },
    servers: [
      {
        url: options.includeLocalOnly ? 'http://127.0.0.1:3000' : 'https://api.siklus.example.go.id',
        description: options.includeLocalOnly ? 'npm start' : 'Deployed HTTP API (your stage URL)',
      },
    ],
    tags: tags.filter((t) => options.includeLocalOnly || t.name !== 'Local runtime').map((t) => ({ ...t })),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
