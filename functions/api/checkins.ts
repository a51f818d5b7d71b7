/**
 * Periodic check-ins: realisasi with evidence, self-assessment, submission, feedback, dialogs
 * and coaching notes, 360 input from peers; the audit chain of a check-in.
 */

import { dialogInput, feedbackInput, realisasiInput, selfAssessmentInput } from '#core/checkin.ts';
import { peerInputInput, peerRequestInput } from '#core/checkin-peer.ts';
import { parseIfMatch } from '#core/etag.ts';
import { evidenceInput } from '#core/evidence.ts';
import { type AuthedCtx, httpApi, type Reply } from '../http/edge.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import {
  type CheckinChange,
  changeCheckin,
  checkinAudit,
  declareEvidence,
  evidenceDownload,
  givePeerInput,
  readCheckin,
  readPeerRequest,
  requestPeerInput,
} from '../use-cases/checkins.ts';

/** If-Match when the client sends one; without it, the first write of the period opens the check-in. */
const optionalIfMatch = (ctx: AuthedCtx) =>
  ctx.header('if-match') ? parseIfMatch(ctx.header('if-match')) : undefined;

const change =
  (build: (ctx: AuthedCtx) => CheckinChange, opts: { idempotent: boolean }) =>
  async (ctx: AuthedCtx): Promise<Reply> => {
    const { skpId, period } = ctx.params as { skpId: string; period: string };
    const ifMatch = optionalIfMatch(ctx);
    return changeCheckin(
      ctx.actor,
      skpId,
      period,
      build(ctx),
      ifMatch,
      ctx.now,
      opts.idempotent ? idempotencyOf(ctx) : undefined,
    );
  };

export const handler = httpApi({
  'POST /v1/skp/{skpId}/evidence': async (ctx: AuthedCtx) =>
    declareEvidence(ctx.actor, ctx.params.skpId!, ctx.json(evidenceInput), ctx.now, idempotencyOf(ctx)),

  'GET /v1/skp/{skpId}/evidence/{evidenceId}': async (ctx: AuthedCtx) => ({
    status: 200,
    body: await evidenceDownload(ctx.actor, ctx.params.skpId!, ctx.params.evidenceId!, ctx.now),
    headers: { 'cache-control': 'no-store' },
  }),

  'GET /v1/skp/{skpId}/periods/{period}': async (ctx: AuthedCtx) => {
    const view = await readCheckin(ctx.actor, ctx.params.skpId!, ctx.params.period!);
    return { status: 200, body: view, headers: { etag: view.etag } };
  },

  'PUT /v1/skp/{skpId}/periods/{period}/realisasi': change(
    (ctx) => ({ type: 'SAVE_REALISASI', input: ctx.json(realisasiInput) }),
    { idempotent: false },
  ),
  'PUT /v1/skp/{skpId}/periods/{period}/self-assessment': change(
    (ctx) => ({ type: 'SELF_ASSESS', input: ctx.json(selfAssessmentInput) }),
    { idempotent: false },
  ),
  'POST /v1/skp/{skpId}/periods/{period}/submit': change(() => ({ type: 'SUBMIT' }), { idempotent: true }),
  'POST /v1/skp/{skpId}/periods/{period}/feedback': change(
    (ctx) => ({ type: 'FEEDBACK', input: ctx.json(feedbackInput) }),
    { idempotent: true },
  ),
  'POST /v1/skp/{skpId}/periods/{period}/dialogs': change(
    (ctx) => ({ type: 'DIALOG', input: ctx.json(dialogInput) }),
    { idempotent: true },
  ),

  'POST /v1/skp/{skpId}/periods/{period}/peer-requests': async (ctx: AuthedCtx) =>
    requestPeerInput(
      ctx.actor,
      ctx.params.skpId!,
      ctx.params.period!,
      ctx.json(peerRequestInput).peerNips,
      ctx.now,
      idempotencyOf(ctx),
    ),

  'GET /v1/skp/{skpId}/periods/{period}/peer-input': async (ctx: AuthedCtx) => {
    const view = await readPeerRequest(ctx.actor, ctx.params.skpId!, ctx.params.period!);
    return { status: 200, body: view, headers: { etag: view.etag } };
  },

  'PUT /v1/skp/{skpId}/periods/{period}/peer-input': async (ctx: AuthedCtx) => {
    const ifMatch = parseIfMatch(ctx.header('if-match'));
    return givePeerInput(
      ctx.actor,
      ctx.params.skpId!,
      ctx.params.period!,
      ctx.json(peerInputInput),
      ifMatch,
      ctx.now,
    );
  },

  /** HR proves a check-in's history intact: every entry re-hashed and linked. */
  'GET /v1/skp/{skpId}/periods/{period}/audit': async (ctx: AuthedCtx) => ({
    status: 200,
    body: await checkinAudit(ctx.actor, ctx.params.skpId!, ctx.params.period!),
  }),
});
