/**
 * Periodic check-ins: realisasi with evidence, self-assessment, submission, feedback, dialogs
 * and coaching notes, 360 input from peers; the audit chain of a check-in.
 */
import * as z from 'zod';
import { subjects } from '#core/audit.ts';
import { dialogInput, feedbackInput, realisasiInput, selfAssessmentInput } from '#core/checkin/content.ts';
import { peerInputInput, peerRequestInput } from '#core/checkin/peer.ts';
import { checkinChangedOutput, checkinOutput, peerRequestOutput } from '#core/checkin/view.ts';
import { parseIfMatch } from '#core/etag.ts';
import { evidenceInput } from '#core/evidence.ts';
import { httpApi } from '../http/edge.ts';
import {
  idempotencyHeader,
  idempotencyOf,
  ifMatchHeader,
  ifMatchOf,
  periodParam,
  skpIdParam,
} from '../http/params.ts';
import {
  type AuthedReq,
  defineRoute,
  type ErrorStatus,
  type Reply,
  type ResponseDef,
} from '../http/route.ts';
import { auditOutput, verifiedAudit } from '../use-cases/audit.ts';
import {
  type CheckinChange,
  type CheckinWritten,
  changeCheckin,
  declareEvidence,
  evidenceDownload,
  givePeerInput,
  readCheckin,
  readCheckinForAudit,
  readPeerRequest,
  requestPeerInput,
} from '../use-cases/checkins.ts';

const group = 'checkins';
const tag = 'Check-ins';
const periodPath = z.object({ skpId: skpIdParam, period: periodParam });
const writeErrors: ErrorStatus[] = [403, 404, 409, 412, 422, 428];

const ifMatchOrOpen = z.object({
  'if-match': z.string().optional().meta({
    description:
      'The check-in ETag. Leave it out only for the first write of the period, which opens the check-in (201); once it exists a write without it gets 428.',
  }),
});

/** If-Match when the client sends one; without it, the first write of the period opens the check-in. */
const optionalIfMatch = (req: AuthedReq<unknown, unknown, unknown>) =>
  req.header('if-match') ? parseIfMatch(req.header('if-match')) : undefined;

const answer = (written: CheckinWritten, changedStatus = 200): Reply =>
  written.opened
    ? {
        status: 201,
        body: written.view,
        headers: {
          etag: written.view.etag,
          location: `/v1/skp/${written.view.skpId}/periods/${written.view.period}`,
        },
      }
    : { status: changedStatus, body: written.changed, headers: { etag: written.changed.etag } };

/** A write that may open the check-in (no If-Match: 201 with the whole check-in). */
const opening = (
  method: 'PUT' | 'POST',
  suffix: string,
  operationId: string,
  summary: string,
  body: z.ZodType,
  // biome-ignore lint/suspicious/noExplicitAny: the body as its schema parsed it
  build: (req: { body: any }) => CheckinChange,
  o: { idempotent: boolean; changedStatus?: 200 | 201; description?: string } = { idempotent: false },
) =>
  defineRoute({
    method,
    path: `/v1/skp/{skpId}/periods/{period}/${suffix}`,
    group,
    tag,
    auth: 'jwt',
    operationId,
    summary,
    ...(o.description ? { description: o.description } : {}),
    params: periodPath,
    headers: o.idempotent ? ifMatchOrOpen.extend(idempotencyHeader.shape) : ifMatchOrOpen,
    body: { schema: body },
    responses: {
      ...(o.changedStatus === 201
        ? {}
        : { 200: { description: 'Saved', schema: checkinChangedOutput, headers: ['etag'] } }),
      201: {
        description: 'Check-in opened by this first write (or the record created)',
        schema: z.union([checkinOutput, checkinChangedOutput]),
        headers: ['etag', 'location'],
      },
    } as Record<number, ResponseDef>,
    errors: writeErrors,
    handler: async (req) =>
      answer(
        await changeCheckin(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          build(req),
          optionalIfMatch(req),
          o.idempotent ? idempotencyOf(req) : undefined,
        ),
        o.changedStatus,
      ),
  });

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/evidence',
    group,
    tag,
    auth: 'jwt',
    operationId: 'declareEvidence',
    summary: 'Declare an evidence file (owner) and get a presigned upload URL',
    description:
      'PDF, PNG, JPEG, WebP, docx, xlsx, pptx, odt or ods, at most 20 MB, the extension matching the type; executables are refused ' +
      'before any URL is issued. PUT the file to `uploadUrl` with the `uploadHeaders` within 15 minutes. It is checked (size, type, ' +
      'first bytes) when a realisasi first links it.',
    params: z.object({ skpId: skpIdParam }),
    headers: idempotencyHeader,
    body: { schema: evidenceInput },
    responses: {
      201: {
        description: 'Declared',
        schema: z
          .object({
            evidenceId: z.string(),
            skpId: z.string(),
            fileName: z.string(),
            contentType: z.string(),
            size: z.number().int(),
            status: z.literal('DECLARED'),
            uploadUrl: z.string(),
            uploadMethod: z.literal('PUT'),
            uploadHeaders: z.record(z.string(), z.string()),
            uploadExpiresAt: z.string(),
          })
          .meta({ id: 'EvidenceUpload' }),
        headers: ['location'],
      },
    },
    errors: [403, 404, 422],
    handler: async (req) => {
      const declared = await declareEvidence(
        req.deps,
        req.actor,
        req.params.skpId,
        req.body,
        idempotencyOf(req),
      );
      return {
        status: 201,
        body: declared,
        headers: { location: `/v1/skp/${declared.skpId}/evidence/${declared.evidenceId}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/evidence/{evidenceId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'downloadEvidence',
    summary: 'A short-lived download URL for an evidence file (whoever may read the SKP)',
    description:
      'Only evidence a realisasi has linked (and so checked: size, type, first bytes) is served; an upload never checked gets 409 `EVIDENCE_NOT_VERIFIED`.',
    params: z.object({ skpId: skpIdParam, evidenceId: z.string().max(40) }),
    responses: {
      200: {
        description: 'Presigned GET',
        schema: z
          .object({
            evidenceId: z.string(),
            skpId: z.string(),
            fileName: z.string(),
            contentType: z.string(),
            size: z.number().int(),
            status: z.literal('VERIFIED'),
            url: z.string(),
            expiresAt: z.string(),
          })
          .meta({ id: 'EvidenceDownload' }),
      },
    },
    errors: [404, 409],
    handler: async (req) => ({
      status: 200,
      body: await evidenceDownload(req.deps, req.actor, req.params.skpId, req.params.evidenceId),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getCheckin',
    summary: 'A check-in with its capaian (owner, supervisors above, HR)',
    params: periodPath,
    responses: { 200: { description: 'The check-in', schema: checkinOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) => {
      const view = await readCheckin(req.deps, req.actor, req.params.skpId, req.params.period);
      return { status: 200, body: view, headers: { etag: view.etag } };
    },
  }),
  opening(
    'PUT',
    'realisasi',
    'saveRealisasi',
    'Record the realisasi of the period (owner, inside the window, until submitted)',
    realisasiInput,
    (req) => ({ type: 'SAVE_REALISASI', input: req.body }),
    {
      idempotent: false,
      description:
        'Replaces the whole realisasi. Without If-Match this first write opens the check-in from the approved SKP.',
    },
  ),
  opening(
    'PUT',
    'self-assessment',
    'saveSelfAssessment',
    'Write the self-assessment of the period (owner, until submitted)',
    selfAssessmentInput,
    (req) => ({ type: 'SELF_ASSESS', input: req.body }),
  ),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/submit',
    group,
    tag,
    auth: 'jwt',
    operationId: 'submitCheckin',
    summary: "Submit the check-in for review (owner): opens the appraiser's REVIEW_CHECKIN action item",
    params: periodPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    responses: { 200: { description: 'Submitted', schema: checkinChangedOutput, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      answer(
        await changeCheckin(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          { type: 'SUBMIT' },
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/feedback',
    group,
    tag,
    auth: 'jwt',
    operationId: 'giveFeedback',
    summary:
      'Answer a submitted check-in (appraiser): general and per-indicator feedback; closes the action item',
    params: periodPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: feedbackInput },
    responses: { 200: { description: 'Reviewed', schema: checkinChangedOutput, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      answer(
        await changeCheckin(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          { type: 'FEEDBACK', input: req.body },
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  opening(
    'POST',
    'dialogs',
    'recordDialog',
    "Record a dialog kinerja (owner or appraiser); a coaching note is the appraiser's",
    dialogInput,
    (req) => ({ type: 'DIALOG', input: req.body }),
    {
      idempotent: true,
      changedStatus: 201,
    },
  ),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/peer-requests',
    group,
    tag,
    auth: 'jwt',
    operationId: 'requestPeerInput',
    summary:
      'Ask peers of the same agency for BerAKHLAK input (appraiser); each gets a GIVE_PEER_INPUT action item',
    params: periodPath,
    headers: idempotencyHeader,
    body: { schema: peerRequestInput },
    responses: {
      201: {
        description: 'Requested',
        schema: z
          .object({
            skpId: z.string(),
            period: z.string(),
            anonymous: z.boolean(),
            requested: z.array(
              z.object({
                peerNip: z.string(),
                peerName: z.string(),
                status: z.literal('REQUESTED'),
                dueAt: z.string(),
              }),
            ),
          })
          .meta({ id: 'PeerRequested' }),
      },
    },
    errors: [403, 404, 409, 412, 422],
    handler: async (req) => ({
      status: 201,
      body: await requestPeerInput(
        req.deps,
        req.actor,
        req.params.skpId,
        req.params.period,
        req.body.peerNips,
        idempotencyOf(req),
      ),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}/peer-input',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getPeerRequest',
    summary: 'What you were asked as a peer (and your answer), with whether the appraiser will see your name',
    params: periodPath,
    responses: { 200: { description: 'The request', schema: peerRequestOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) => {
      const view = await readPeerRequest(req.deps, req.actor, req.params.skpId, req.params.period);
      return { status: 200, body: view, headers: { etag: view.etag } };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/skp/{skpId}/periods/{period}/peer-input',
    group,
    tag,
    auth: 'jwt',
    operationId: 'givePeerInput',
    summary: 'Give (or revise) your peer input; closes your action item',
    params: periodPath,
    headers: ifMatchHeader,
    body: { schema: peerInputInput },
    responses: {
      200: {
        description: 'Given',
        schema: z
          .object({
            skpId: z.string(),
            period: z.string(),
            status: z.literal('GIVEN'),
            version: z.number().int(),
            etag: z.string(),
            answer: peerRequestOutput.shape.answer.unwrap(),
            givenAt: z.string(),
          })
          .meta({ id: 'PeerInputGiven' }),
        headers: ['etag'],
      },
    },
    errors: [404, 412, 422, 428],
    handler: async (req) => {
      const given = await givePeerInput(
        req.deps,
        req.actor,
        req.params.skpId,
        req.params.period,
        req.body,
        ifMatchOf(req),
      );
      return { status: 200, body: given, headers: { etag: given.etag } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}/audit',
    group,
    tag,
    auth: 'jwt',
    operationId: 'verifyCheckinAudit',
    summary: 'The audit chain of a check-in, verified (HR)',
    params: periodPath,
    responses: { 200: { description: 'Chain and verdict', schema: auditOutput } },
    errors: [403, 404],
    handler: async (req) => {
      const { skpId, period } = req.params;
      const doc = await readCheckinForAudit(req.deps, req.actor, skpId, period);
      return {
        status: 200,
        body: {
          skpId,
          period,
          ...(await verifiedAudit(req.deps, subjects.checkin(skpId, period), doc.auditHead, doc.version)),
        },
      };
    },
  }),
];

export const handler = httpApi(routes);
