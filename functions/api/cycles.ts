/** Cycles: HR opens a year; members read its calendar, phases and completion. */
import * as z from 'zod';
import { assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { cycleInput } from '#core/cycle.ts';
import { cycleSummary } from '#core/lists.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, idempotencyHeader, idempotencyOf, pageOf, pageQuery, year } from '../http/params.ts';
import { defineRoute } from '../http/route.ts';
import { getCycle, openCycle } from '../use-cases/cycles.ts';
import { agencyCycles } from '../use-cases/lists.ts';

const group = 'cycles';
const tag = 'Cycles';
const phase = z.enum(['PLANNING', 'EXECUTION', 'ANNUAL_REVIEW', 'APPEALS', 'CLOSED']);
const unitCompletion = z.object({
  unitId: z.string(),
  unitName: z.string(),
  employees: z.number().int(),
  skpDrafted: z.number().int(),
  skpSubmitted: z.number().int(),
  skpApproved: z.number().int(),
  skpAwaitingApproval: z.number().int(),
  returnsSoFar: z.number().int(),
});
export const cycleOutput = z
  .object({
    agencyId: z.string(),
    year: z.number().int(),
    currentPhase: phase,
    timeZone: z.string(),
    periodicity: z.enum(['QUARTERLY', 'MONTHLY']),
    phases: z.array(z.object({ phase: phase.exclude(['CLOSED']), start: z.string(), end: z.string() })),
    deadlines: z.object({
      planning: z.string(),
      annualReview: z.string(),
      appealFiling: z.string(),
      appealDecision: z.string(),
    }),
    periods: z.array(
      z.object({ period: z.string(), start: z.iso.date(), end: z.iso.date(), reviewDeadline: z.string() }),
    ),
    localDaysOff: z.array(z.object({ date: z.iso.date(), name: z.string() })),
    completion: z.object({
      employees: z.number().int(),
      skpDrafted: z.number().int(),
      skpSubmitted: z.number().int(),
      skpApproved: z.number().int(),
      units: z.array(unitCompletion),
    }),
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    etag: z.string(),
  })
  .meta({
    id: 'Cycle',
    description: 'Times are ISO 8601 with the agency offset; a deadline is the end of its local day.',
  });

const agencyPath = z.object({ agencyId: agencyIdParam });

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/cycles',
    group,
    tag,
    auth: 'jwt',
    operationId: 'listCycles',
    summary: "The agency's cycles, the latest year first (members)",
    params: agencyPath,
    query: pageQuery,
    responses: { 200: { description: 'Cycles', schema: pageOf(cycleSummary) } },
    errors: [404, 422],
    handler: async (req) => {
      const page = await agencyCycles(req.deps, req.actor, req.params.agencyId, req.query);
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/cycles',
    group,
    tag,
    auth: 'jwt',
    operationId: 'openCycle',
    summary: 'Open the yearly cycle (HR): calendar in the agency zone, working-day deadlines',
    params: agencyPath,
    headers: idempotencyHeader,
    body: { schema: cycleInput },
    responses: { 201: { description: 'Opened', schema: cycleOutput, headers: ['etag', 'location'] } },
    errors: [403, 404, 409, 422],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const view = await openCycle(req.deps, req.actor, req.params.agencyId, req.body, idempotencyOf(req));
      return {
        status: 201,
        body: view,
        headers: { etag: view.etag, location: `/v1/agencies/${view.agencyId}/cycles/${view.year}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/cycles/{year}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getCycle',
    summary: 'The cycle: phases, deadlines, completion per unit',
    params: agencyPath.extend({ year }),
    responses: { 200: { description: 'The cycle', schema: cycleOutput, headers: ['etag'] } },
    errors: [404, 422],
    handler: async (req) => {
      assertCanReadAgency(req.actor, req.params.agencyId);
      const cycle = await getCycle(req.deps, req.params.agencyId, req.params.year);
      return { status: 200, body: cycle, headers: { etag: cycle.etag } };
    },
  }),
];

export const handler = httpApi(routes);
