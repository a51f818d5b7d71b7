/** Agencies and the employee import. */
import { z } from 'zod';
import { agency, agencyInput, newAgency } from '#core/agency.ts';
import { assertAdmin, assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { notFound } from '#core/errors.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, idempotencyHeader, idempotencyOf } from '../http/params.ts';
import { defineRoute } from '../http/route.ts';
import { importEmployees } from '../use-cases/import-employees.ts';
import { createAgency, getAgency, viewOfAgency } from '../use-cases/org.ts';

const group = 'agencies';
const tag = 'Agencies';
const agencyOutput = z.object({ ...agency.shape, etag: z.string() }).meta({ id: 'Agency' });
const importResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rows: z.number().int(),
  })
  .meta({ id: 'ImportResult' });

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/agencies',
    group,
    tag,
    auth: 'jwt',
    operationId: 'createAgency',
    summary: 'Register an agency (ADMIN)',
    headers: idempotencyHeader,
    body: { schema: agencyInput },
    responses: { 201: { description: 'Created', schema: agencyOutput, headers: ['etag', 'location'] } },
    errors: [403, 409, 422],
    handler: async (req) => {
      assertAdmin(req.actor);
      const view = await createAgency(
        req.deps,
        newAgency(req.body, req.actor.nip, req.now),
        req.actor.nip,
        idempotencyOf(req),
      );
      return {
        status: 201,
        body: view,
        headers: { etag: view.etag, location: `/v1/agencies/${view.agencyId}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getAgency',
    summary: 'An agency (its members and ADMIN)',
    params: z.object({ agencyId: agencyIdParam }),
    responses: { 200: { description: 'The agency', schema: agencyOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) => {
      assertCanReadAgency(req.actor, req.params.agencyId);
      const found = await getAgency(req.deps, req.params.agencyId);
      if (!found) throw notFound('AGENCY_NOT_FOUND', { agencyId: req.params.agencyId });
      const view = viewOfAgency(found);
      return { status: 200, body: view, headers: { etag: view.etag } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/employees/import',
    group,
    tag,
    auth: 'jwt',
    operationId: 'importEmployees',
    summary: 'Import the org chart from CSV (HR): all rows valid or nothing written',
    description:
      'Header `nip,name,email,position,unitId,unitName,supervisorNip` (optional extra column `asnType`: PNS or PPPK). ' +
      "Upserts idempotently; every employee's manager chain is recomputed. One import of an agency at a time (409).",
    params: z.object({ agencyId: agencyIdParam }),
    headers: idempotencyHeader,
    body: { schema: z.string(), contentType: 'text/csv' },
    responses: { 200: { description: 'Imported', schema: importResult } },
    errors: [403, 404, 409, 413, 415, 422],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const idem = idempotencyOf(req);
      const run = () =>
        importEmployees(req.deps, {
          agencyId: req.params.agencyId,
          csv: req.body,
          actor: req.actor,
          lang: req.lang,
        });
      // Bulk (not one transaction): the key is checked before and recorded after.
      const body = idem ? await req.deps.store.bulkIdempotent(idem, run) : await run();
      return { status: 200, body };
    },
  }),
];

export const handler = httpApi(routes);
