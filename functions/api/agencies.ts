/** Agencies and the employee import. */
import { agencyInput, newAgency } from '#core/agency.ts';
import { assertAdmin, assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { DomainError, notFound } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { createAgency, getAgency } from '../adapters/org-store.ts';
import { withBulkIdempotency } from '../adapters/tx.ts';
import { type AuthedCtx, httpApi } from '../http/edge.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { importEmployees } from '../use-cases/import-employees.ts';

export const handler = httpApi({
  'POST /v1/agencies': async (ctx: AuthedCtx) => {
    const input = ctx.json(agencyInput);
    assertAdmin(ctx.actor);
    return createAgency(newAgency(input, ctx.actor.nip, ctx.now), ctx.actor.nip, idempotencyOf(ctx));
  },

  'GET /v1/agencies/{agencyId}': async (ctx: AuthedCtx) => {
    const { agencyId } = ctx.params as { agencyId: string };
    assertCanReadAgency(ctx.actor, agencyId);
    const found = await getAgency(agencyId);
    if (!found) throw notFound('AGENCY_NOT_FOUND', { agencyId });
    const { auditHead, ...agency } = found;
    const tag = etagOf(auditHead!);
    return { status: 200, body: { ...agency, etag: tag }, headers: { etag: tag } };
  },

  'POST /v1/agencies/{agencyId}/employees/import': async (ctx: AuthedCtx) => {
    const { agencyId } = ctx.params as { agencyId: string };
    assertHrOf(ctx.actor, agencyId);
    if (!/^text\/csv\b/i.test(ctx.header('content-type') ?? '')) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', { expected: 'text/csv' });
    }
    // Bulk: not one transaction, so the key is checked before and recorded after (imports are idempotent anyway).
    return withBulkIdempotency(idempotencyOf(ctx), async () => ({
      status: 200,
      body: await importEmployees({
        agencyId,
        csv: ctx.text(),
        actor: ctx.actor,
        now: ctx.now,
        lang: ctx.lang,
      }),
    }));
  },
});
