/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas of core/.
 * `npm run openapi` writes it to openapi.json (committed); a test fails when that file is stale.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { agency, agencyInput } from '#core/agency.ts';
import { cycleInput } from '#core/cycle.ts';
import { employeeProfile } from '#core/employee.ts';
import { reasonInput, skpContentInput, skpCreateInput } from '#core/skp.ts';
import { checkinOperations } from './checkin-openapi.ts';
import { jsonBody, ok, problemResponse } from './openapi-helpers.ts';
import { type RouteDef, routeKeyOf, routes } from './routes.ts';
import { workflowOperations } from './workflow-openapi.ts';

const agencyPath = z.object({ agencyId: z.string() });

const importResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rows: z.number().int(),
  })
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

export const devClockInput = z
  .object({
    at: z.iso.datetime({ offset: true }).meta({
      description: 'ISO 8601 with its offset, e.g. 2027-02-15T09:00:00+08:00',
      example: '2027-02-15T09:00:00+08:00',
    }),
  })
  .strict()
  .meta({ id: 'DevClockInput' });

const clockNow = z.object({ now: z.iso.datetime() }).meta({ id: 'DevClock' });

/** What each route does, keyed by route key. A test checks every route is described. */
export const operations: Record<string, ZodOpenApiOperationObject> = {
  'GET /health': {
    operationId: 'health',
    summary: 'Liveness',
    responses: { 200: ok('Up', z.object({ status: z.literal('ok') })) },
  },
  'GET /openapi.json': {
    operationId: 'openapi',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  },
  'POST /v1/dev/token': {
    operationId: 'devToken',
    summary: 'Mint a token for anyone (local runtime only; absent from the deployed stack)',
    requestBody: jsonBody(devTokenInput),
    responses: {
      200: ok('Signed token', z.object({ token: z.string(), expiresAt: z.string() })),
      422: problemResponse('Invalid input'),
    },
  },
  'GET /v1/dev/clock': {
    operationId: 'devClock',
    summary: 'The local clock (local runtime only; absent from the deployed stack)',
    responses: { 200: ok('Now, on the local clock', clockNow) },
  },
  'POST /v1/dev/clock': {
    operationId: 'devMoveClock',
    summary:
      'Move the local clock forward (local runtime only); what falls due on the way runs first, in order',
    requestBody: jsonBody(devClockInput),
    responses: {
      200: ok('Moved', clockNow),
      409: problemResponse('The instant is earlier than now'),
      422: problemResponse('Invalid input'),
    },
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
      "Upserts idempotently; every employee's manager chain is recomputed.",
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
    responses: {
      200: ok('The profile', employeeProfile),
      403: problemResponse('Not allowed'),
      404: problemResponse('Not found'),
    },
  },
  'GET /v1/me': {
    operationId: 'me',
    summary: 'The caller: roles, profile and direct reports',
    responses: { 200: ok('The caller', me) },
  },
};

const skpPath = z.object({
  skpId: z
    .string()
    .meta({ description: '`<year>.<unitId>.<nip>`', example: '2027.bkpsdm.198609262015051001' }),
});
const ifMatch = z.object({
  'if-match': z
    .string()
    .meta({ description: 'The ETag of the version you saw (428 when missing, 412 when stale).' }),
});
const idemHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'Replays the first response for 24 h; another body with the same key gets 422.' }),
});
const skpDoc = z
  .looseObject({
    skpId: z.string(),
    status: z.enum(['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED']),
    version: z.number().int(),
    etag: z.string(),
  })
  .meta({ id: 'Skp' });
const transitionResult = z
  .looseObject({
    skpId: z.string(),
    status: z.string(),
    version: z.number().int(),
    etag: z.string(),
    pendingKind: z.string().optional(),
    pendingDueAt: z.string().optional(),
  })
  .meta({ id: 'SkpTransition' });
const cycleView = z
  .looseObject({
    agencyId: z.string(),
    year: z.number().int(),
    currentPhase: z.string(),
    deadlines: z.record(z.string(), z.string()),
    completion: z.looseObject({}),
  })
  .meta({ id: 'Cycle' });
const stateErrors = {
  403: problemResponse('Not allowed for your role on this document'),
  404: problemResponse('No such SKP, or not visible to you'),
  409: problemResponse('Illegal transition from the current status'),
  412: problemResponse('Stale If-Match'),
  428: problemResponse('If-Match missing'),
};
const transitionOp = (
  operationId: string,
  summary: string,
  withReason = false,
): ZodOpenApiOperationObject => ({
  operationId,
  summary,
  requestParams: { path: skpPath, header: ifMatch.extend(idemHeader.shape) },
  ...(withReason ? { requestBody: jsonBody(reasonInput) } : {}),
  responses: {
    200: ok('New state', transitionResult),
    ...stateErrors,
    422: problemResponse('Invalid input, or RHK not cascaded yet'),
  },
});

Object.assign(operations, {
  'GET /v1/me/action-items': {
    operationId: 'myActionItems',
    summary: 'What the caller owes, soonest due first',
    requestParams: {
      query: z.object({
        limit: z.number().int().optional(),
        cursor: z.string().optional(),
        inbox: z.enum(['HR']).optional().meta({ description: 'HR only: the steps the agency HR owes.' }),
      }),
    },
    responses: {
      200: ok(
        'Items',
        z.object({
          items: z.array(
            z.looseObject({ kind: z.string(), dueAt: z.string(), escalationLevel: z.number().int() }),
          ),
          nextCursor: z.string().nullable(),
        }),
      ),
    },
  },
  'POST /v1/agencies/{agencyId}/cycles': {
    operationId: 'openCycle',
    summary: 'Open the yearly cycle (HR): calendar in the agency zone, working-day deadlines',
    requestParams: { path: agencyPath },
    requestBody: jsonBody(cycleInput),
    responses: {
      201: ok('Opened', cycleView),
      403: problemResponse('Not HR'),
      409: problemResponse('Already open'),
      422: problemResponse('Overrides out of bounds'),
    },
  },
  'GET /v1/agencies/{agencyId}/cycles/{year}': {
    operationId: 'getCycle',
    summary: 'The cycle: phases, deadlines, completion per unit',
    requestParams: { path: agencyPath.extend({ year: z.string() }) },
    responses: { 200: ok('The cycle', cycleView), 404: problemResponse('Not opened') },
  },
  'POST /v1/skp': {
    operationId: 'createSkp',
    summary: 'Draft your SKP for a year',
    requestParams: { header: idemHeader },
    requestBody: jsonBody(skpCreateInput),
    responses: {
      201: ok('Drafted', skpDoc),
      409: problemResponse('Exists already, or no cycle'),
      422: problemResponse('Invalid content or RHK links'),
    },
  },
  'GET /v1/skp/{skpId}': {
    operationId: 'getSkp',
    summary: 'An SKP (owner, supervisors above, HR)',
    requestParams: { path: skpPath },
    responses: { 200: ok('The SKP', skpDoc), 404: problemResponse('Not found or not visible') },
  },
  'GET /v1/employees/{nip}/skp': {
    operationId: 'getEmployeeSkp',
    summary: "An employee's SKP for a year",
    requestParams: { path: z.object({ nip: z.string() }), query: z.object({ year: z.string() }) },
    responses: { 200: ok('The SKP', skpDoc), 404: problemResponse('Not found or not visible') },
  },
  'PUT /v1/skp/{skpId}': {
    operationId: 'editSkp',
    summary: 'Replace the content (owner, while DRAFT or RETURNED); keep rhkId/indicatorId to keep links',
    requestParams: { path: skpPath, header: ifMatch },
    requestBody: jsonBody(skpContentInput),
    responses: {
      200: ok('Saved', transitionResult),
      ...stateErrors,
      422: problemResponse('Invalid content or RHK links'),
    },
  },
  'POST /v1/skp/{skpId}/submit': transitionOp('submitSkp', 'Submit for approval (owner)'),
  'POST /v1/skp/{skpId}/approve': transitionOp('approveSkp', 'Approve (appraiser)'),
  'POST /v1/skp/{skpId}/return': transitionOp('returnSkp', 'Send back with a reason (appraiser)', true),
  'POST /v1/skp/{skpId}/revise': transitionOp(
    'reviseSkp',
    'Open a recorded revision of an approved SKP (owner)',
    true,
  ),
  'GET /v1/skp/{skpId}/audit': {
    operationId: 'verifySkpAudit',
    summary: 'The audit chain of an SKP, verified (HR)',
    requestParams: { path: skpPath },
    responses: {
      200: ok('Chain and verdict', z.looseObject({ intact: z.boolean() })),
      403: problemResponse('Not HR'),
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>);

Object.assign(operations, checkinOperations, workflowOperations);

export function openApiDocument(options: { includeLocalOnly?: boolean } = {}) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes as readonly RouteDef[]) {
    if (route.group === 'dev' && !options.includeLocalOnly) continue;
    const op = operations[routeKeyOf(route)];
    if (!op) throw new Error(`No OpenAPI description for ${routeKeyOf(route)}`);
    const withAuth =
      route.auth === 'jwt'
        ? {
            ...op,
            security: [{ bearer: [] }],
            responses: { ...op.responses, 401: problemResponse('No or invalid token') },
          }
        : op;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: withAuth };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Siklus API',
      version: '1.0.0',
      description:
        'The portal contract of Siklus: SKP, check-ins, appraisal and reports for ASN performance cycles.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
