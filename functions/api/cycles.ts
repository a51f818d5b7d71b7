/** Cycles: HR opens a year; members read its calendar, phases and completion. */
import { z } from 'zod';
import { assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { cycleInput } from '#core/cycle.ts';
import { validationFailed } from '#core/errors.ts';
import { type AuthedCtx, httpApi } from '../http/edge.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { getCycle, openCycle } from '../use-cases/cycles.ts';

const yearParam = (raw: string | undefined) => {
  const year = z.coerce.number().int().min(2020).max(2100).safeParse(raw);
  if (!year.success) throw validationFailed([{ path: 'year', code: 'YEAR_FORMAT' }]);
  return year.data;
};

export const handler = httpApi({
  'POST /v1/agencies/{agencyId}/cycles': async (ctx: AuthedCtx) => {
    const { agencyId } = ctx.params as { agencyId: string };
    assertHrOf(ctx.actor, agencyId);
    const input = ctx.json(cycleInput);
    return openCycle(ctx.actor, agencyId, input, ctx.now, idempotencyOf(ctx));
  },

  'GET /v1/agencies/{agencyId}/cycles/{year}': async (ctx: AuthedCtx) => {
    const { agencyId } = ctx.params as { agencyId: string };
    assertCanReadAgency(ctx.actor, agencyId);
    const cycle = await getCycle(agencyId, yearParam(ctx.params.year), ctx.now);
    return { status: 200, body: cycle, headers: { etag: cycle.etag } };
  },
});
