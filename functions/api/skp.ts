/** SKP documents: draft, edit, submit, approve, return, revise; action items; the audit chain. */
import { z } from 'zod';
import { verifyChain } from '#core/audit.ts';
import { assertHrOf } from '#core/authz.ts';
import { validationFailed } from '#core/errors.ts';
import { parseIfMatch } from '#core/etag.ts';
import { reasonInput, type SkpCommand, skpContentInput, skpCreateInput } from '#core/skp.ts';
import { readAuditChain } from '../adapters/audit-store.ts';
import { subjects } from '../adapters/keys.ts';
import { type AuthedCtx, httpApi, type Reply } from '../http/edge.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { pageParams } from '../http/paging.ts';
import { actionItems, changeSkp, createSkp, readSkp, skpView } from '../use-cases/skp.ts';

const transition =
  (type: 'SUBMIT' | 'APPROVE' | 'RETURN' | 'REVISE') =>
  async (ctx: AuthedCtx): Promise<Reply> => {
    const { skpId } = ctx.params as { skpId: string };
    const ifMatch = parseIfMatch(ctx.header('if-match'));
    const command: SkpCommand =
      type === 'RETURN' || type === 'REVISE' ? { type, reason: ctx.json(reasonInput).reason } : { type };
    return changeSkp(ctx.actor, skpId, command, ifMatch, ctx.now, undefined, idempotencyOf(ctx));
  };

export const handler = httpApi({
  'POST /v1/skp': async (ctx: AuthedCtx) =>
    createSkp(ctx.actor, ctx.json(skpCreateInput), ctx.now, idempotencyOf(ctx)),

  'GET /v1/skp/{skpId}': async (ctx: AuthedCtx) => {
    const view = skpView(await readSkp(ctx.actor, { skpId: ctx.params.skpId! }));
    return { status: 200, body: view, headers: { etag: view.etag } };
  },

  'GET /v1/employees/{nip}/skp': async (ctx: AuthedCtx) => {
    const year = z.coerce.number().int().min(2020).max(2100).safeParse(ctx.query.year);
    if (!year.success) throw validationFailed([{ path: 'year', code: 'YEAR_FORMAT' }]);
    const view = skpView(await readSkp(ctx.actor, { nip: ctx.params.nip!, year: year.data }));
    return { status: 200, body: view, headers: { etag: view.etag } };
  },

  'PUT /v1/skp/{skpId}': async (ctx: AuthedCtx) => {
    const ifMatch = parseIfMatch(ctx.header('if-match'));
    const content = ctx.json(skpContentInput);
    return changeSkp(ctx.actor, ctx.params.skpId!, { type: 'EDIT' }, ifMatch, ctx.now, content, undefined);
  },

  'POST /v1/skp/{skpId}/submit': transition('SUBMIT'),
  'POST /v1/skp/{skpId}/approve': transition('APPROVE'),
  'POST /v1/skp/{skpId}/return': transition('RETURN'),
  'POST /v1/skp/{skpId}/revise': transition('REVISE'),

  'GET /v1/me/action-items': async (ctx: AuthedCtx) => {
    const { limit, cursor } = pageParams(ctx.query);
    // `?inbox=HR`: the steps the agency's HR owes (e.g. the agency head's SKP approval).
    if (ctx.query.inbox === 'HR') {
      assertHrOf(ctx.actor, ctx.actor.agencyId);
      return { status: 200, body: await actionItems(ctx.actor, limit, cursor, `HR#${ctx.actor.agencyId}`) };
    }
    return { status: 200, body: await actionItems(ctx.actor, limit, cursor) };
  },

  /** HR proves a document's history intact: every entry re-hashed and linked. */
  'GET /v1/skp/{skpId}/audit': async (ctx: AuthedCtx) => {
    const doc = await readSkp(ctx.actor, { skpId: ctx.params.skpId! });
    assertHrOf(ctx.actor, doc.agencyId);
    const entries = await readAuditChain(subjects.skp(doc.skpId));
    const verdict = verifyChain(entries);
    const headMatches =
      verdict.ok && verdict.head?.hash === doc.auditHead.hash && verdict.head.seq === doc.version;
    return { status: 200, body: { skpId: doc.skpId, intact: verdict.ok && headMatches, verdict, entries } };
  },
});
