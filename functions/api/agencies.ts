/** Agencies and the employee import. */
import { agencyInput, newAgency } from '#core/agency.ts';
import { assertAdmin, assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { DomainError, notFound } from '#core/errors.ts';
import { createAgency, getAgency } from '../adapters/org-store.ts';
import { type AuthedCtx, httpApi } from '../http/edge.ts';
import { importEmployees } from '../use-cases/import-employees.ts';

const etag = (version: number) => `"v${version}"`;

export const handler = httpApi({
  'POST /v1/agencies': async (ctx: AuthedCtx) => {
    const input = ctx.json(agencyInput);
    assertAdmin(ctx.actor);
    const agency = newAgency(input, ctx.actor.nip, ctx.now);
    await createAgency(agency, ctx.actor.nip);
    return { status: 201, body: agency, headers: { etag: etag(agency.version), location: `/v1/agencies/${agency.agencyId}` } };
  },

  'GET /v1/agencies/{agencyId}': async (ctx: AuthedCtx) => {
    const { agencyId } = ctx.params as { agencyId: string };
    assertCanReadAgency(ctx.actor, agencyId);
    const found = await getAgency(agencyId);
    if (!found) throw notFound('AGENCY_NOT_FOUND', { agencyId });
    const { auditHead: _, ...agency } = found;
    return { status: 200, body: agency, headers: { etag: etag(agency.version) } };
  },

  'POST /v1/agencies/{agencyId}/employees/import': async (ctx: AuthedCtx) => {
    const { agencyId } = ctx.params as { agencyId: string };
    assertHrOf(ctx.actor, agencyId);
    if (!/^text\/csv\b/i.test(ctx.header('content-type') ?? '')) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', { expected: 'text/csv' });
    }
    const result = await importEmployees({ agencyId, csv: ctx.text(), actor: ctx.actor, now: ctx.now });
    return { status: 200, body: result };
  },
});
