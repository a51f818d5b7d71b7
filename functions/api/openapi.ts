/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas of core/.
 * `npm run openapi` writes it to openapi.json (committed); a test fails when that file is stale.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { agency, agencyInput } from '#core/agency.ts';
import { employeeProfile } from '#core/employee.ts';
import { type RouteDef, routeKeyOf, routes } from './routes.ts';

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable machine code, e.g. `VALIDATION_FAILED`.' }),
    errors: z
      .array(
        z.object({
          row: z.number().int().optional().meta({ description: 'CSV imports: the spreadsheet row (header = 1).' }),
          path: z.string(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; Bahasa Indonesia unless `Accept-Language: en`.' });

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});

const jsonBody = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: z.ZodType) => ({ description, ...jsonBody(schema) });

const agencyPath = z.object({ agencyId: z.string() });

const importResult = z
  .object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rows: z.number().int() })
  .meta({ id: 'ImportResult' });

const me = z
  .object({
    nip: z.string(),
    agencyId: z.string(),
    roles: z.array(z.enum(['HR', 'ADMIN'])),
    isSupervisor: z.boolean(),
    directReports: z.number().int(),
    profile: employeeProfile.nullable(),
  })
  .meta({ id: 'Me' });

export const devTokenInput = z
  .object({
    nip: z.string().regex(/^\d{18}$/, 'NIP_FORMAT'),
    agencyId: z.string().min(1),
    roles: z.array(z.enum(['HR', 'ADMIN'])).default([]),
  })
  .strict()
  .meta({ id: 'DevTokenInput' });

/** What each route does, keyed by route key. A test checks every route is described. */
export const operations: Record<string, ZodOpenApiOperationObject> = {
  'GET /health': { operationId: 'health', summary: 'Liveness', responses: { 200: ok('Up', z.object({ status: z.literal('ok') })) } },
  'GET /openapi.json': { operationId: 'openapi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
  'POST /v1/dev/token': {
    operationId: 'devToken',
    summary: 'Mint a token for anyone (local runtime only; absent from the deployed stack)',
    requestBody: jsonBody(devTokenInput),
    responses: { 200: ok('Signed token', z.object({ token: z.string(), expiresAt: z.string() })), 422: problemResponse('Invalid input') },
  },
  'POST /v1/agencies': {
    operationId: 'createAgency',
    summary: 'Register an agency (ADMIN)',
    requestBody: jsonBody(agencyInput),
    responses: {
      201: ok('Created', agency),
      403: problemResponse('Not an ADMIN'),
      409: problemResponse('Agency exists'),
      422: problemResponse('Invalid input'),
    },
  },
  'GET /v1/agencies/{agencyId}': {
    operationId: 'getAgency',
    summary: 'An agency (its members and ADMIN)',
    requestParams: { path: agencyPath },
    responses: { 200: ok('The agency', agency), 404: problemResponse('No such agency, or not yours') },
  },
  'POST /v1/agencies/{agencyId}/employees/import': {
    operationId: 'importEmployees',
    summary: 'Import the org chart from CSV (HR): all rows valid or nothing written',
    description:
      'Header `nip,name,email,position,unitId,unitName,supervisorNip` (optional extra column `asnType`: PNS or PPPK). ' +
      'Upserts idempotently; every employee\'s manager chain is recomputed.',
    requestParams: { path: agencyPath },
    requestBody: { content: { 'text/csv': { schema: z.string() } } },
    responses: {
      200: ok('Imported', importResult),
      403: problemResponse('Not HR of this agency'),
      415: problemResponse('Not text/csv'),
      422: problemResponse('Invalid rows, each listed with `row`; nothing written'),
    },
  },
  'GET /v1/employees/{nip}': {
    operationId: 'getEmployee',
    summary: 'An employee profile (self, supervisors above, HR of the agency)',
    requestParams: { path: z.object({ nip: z.string() }) },
    responses: { 200: ok('The profile', employeeProfile), 403: problemResponse('Not allowed'), 404: problemResponse('Not found') },
  },
  'GET /v1/me': {
    operationId: 'me',
    summary: 'The caller: roles, profile and direct reports',
    responses: { 200: ok('The caller', me) },
  },
};

export function openApiDocument(options: { includeLocalOnly?: boolean } = {}) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes as readonly RouteDef[]) {
    if (route.group === 'dev' && !options.includeLocalOnly) continue;
    const op = operations[routeKeyOf(route)];
    if (!op) throw new Error(`No OpenAPI description for ${routeKeyOf(route)}`);
    const withAuth = route.auth === 'jwt' ? { ...op, security: [{ bearer: [] }], responses: { ...op.responses, 401: problemResponse('No or invalid token') } } : op;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: withAuth };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Siklus API',
      version: '1.0.0',
      description: 'The portal contract of Siklus: SKP, check-ins, appraisal and reports for ASN performance cycles.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
