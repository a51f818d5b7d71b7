/** OpenAPI descriptions of the checkin routes (see checkin-routes.ts). */
import { z } from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { dialogInput, feedbackInput, realisasiInput, selfAssessmentInput } from '#core/checkin.ts';
import { peerInputInput, peerRequestInput } from '#core/checkin-peer.ts';
import { evidenceInput } from '#core/evidence.ts';
import { jsonBody, ok, problemResponse } from './openapi-helpers.ts';

const skpId = z
  .string()
  .meta({ description: '`<year>.<unitId>.<nip>`', example: '2027.bkpsdm.198609262015051001' });
const period = z
  .string()
  .meta({ description: '`Q1`..`Q4` (quarterly agency) or `M01`..`M12` (monthly)', example: 'Q1' });
const periodPath = z.object({ skpId, period });
const ifMatchRequired = z.object({
  'if-match': z
    .string()
    .meta({ description: 'The ETag of the version you saw (428 when missing, 412 when stale).' }),
});
const ifMatchOrOpen = z.object({
  'if-match': z.string().optional().meta({
    description:
      'The check-in ETag. Leave it out only for the first write of the period, which opens the check-in (201); once it exists a write without it gets 428.',
  }),
});
const idemHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'Replays the first response for 24 h; another body with the same key gets 422.' }),
});

const capaian = z
  .object({
    indicators: z.array(
      z.object({
        indicatorId: z.string(),
        capaian: z.number().nullable(),
        reason: z.enum(['QUALITATIVE', 'NO_REALISASI', 'NO_VALUE', 'TARGET_ZERO']).optional(),
      }),
    ),
    rhk: z.array(
      z.object({
        rhkId: z.string(),
        kind: z.enum(['UTAMA', 'TAMBAHAN']),
        capaian: z.number().nullable(),
        counted: z.number().int(),
        indicators: z.number().int(),
      }),
    ),
  })
  .meta({
    id: 'Capaian',
    description:
      'realisasi / target x 100; lower is better: (1 + (1 - realisasi / target)) x 100; qualitative targets have no number. Per RHK: the mean of its indicators that have one.',
  });

const checkin = z
  .looseObject({
    skpId: z.string(),
    period: z.string(),
    status: z.enum(['OPEN', 'SUBMITTED', 'REVIEWED']),
    version: z.number().int(),
    etag: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    reviewDeadline: z.string(),
    targets: z.array(z.looseObject({ rhkId: z.string() })),
    realisasi: z.array(z.looseObject({ indicatorId: z.string() })),
    evidence: z.array(z.looseObject({ evidenceId: z.string(), fileName: z.string() })),
    capaian,
    peerInput: z.looseObject({ requested: z.number().int(), given: z.number().int() }).meta({
      description:
        'The owner sees counts only; the appraiser, those above and HR also see the answers (named or anonymous, as the agency is configured).',
    }),
  })
  .meta({ id: 'Checkin' });
const checkinChange = z
  .looseObject({
    skpId: z.string(),
    period: z.string(),
    version: z.number().int(),
    etag: z.string(),
    status: z.string().optional(),
  })
  .meta({ id: 'CheckinChange', description: 'What the write changed (capaian comes with GET).' });

const writeErrors = {
  403: problemResponse('Not allowed for your role on this check-in'),
  404: problemResponse('No such SKP or check-in, or not visible to you'),
  409: problemResponse('Illegal in the current status, or outside the check-in window'),
  412: problemResponse('Stale If-Match'),
  422: problemResponse('Invalid input (unknown indicator, evidence not uploaded as declared, ...)'),
  428: problemResponse('If-Match missing on an existing check-in'),
};

const opening = (
  operationId: string,
  summary: string,
  body: z.ZodType,
  description?: string,
): ZodOpenApiOperationObject => ({
  operationId,
  summary,
  ...(description ? { description } : {}),
  requestParams: { path: periodPath, header: ifMatchOrOpen },
  requestBody: jsonBody(body),
  responses: {
    200: ok('Saved', checkinChange),
    201: ok('Check-in opened by this first write', checkin),
    ...writeErrors,
  },
});

export const checkinOperations: Record<string, ZodOpenApiOperationObject> = {
  'POST /v1/skp/{skpId}/evidence': {
    operationId: 'declareEvidence',
    summary: 'Declare an evidence file (owner) and get a presigned upload URL',
    description:
      'PDF, PNG, JPEG, WebP, docx, xlsx, pptx, odt or ods, at most 20 MB, the extension matching the type; executables are refused ' +
      'before any URL is issued. PUT the file to `uploadUrl` with the `uploadHeaders` within 15 minutes. It is checked (size, type, ' +
      'first bytes) when a realisasi first links it.',
    requestParams: { path: z.object({ skpId }), header: idemHeader },
    requestBody: jsonBody(evidenceInput),
    responses: {
      201: ok(
        'Declared',
        z
          .looseObject({
            evidenceId: z.string(),
            uploadUrl: z.string(),
            uploadMethod: z.literal('PUT'),
            uploadHeaders: z.record(z.string(), z.string()),
            uploadExpiresAt: z.string(),
          })
          .meta({ id: 'EvidenceUpload' }),
      ),
      403: problemResponse('Not the owner'),
      404: problemResponse('No such SKP, or not visible to you'),
      422: problemResponse('Type, name or size not allowed'),
    },
  },
  'GET /v1/skp/{skpId}/evidence/{evidenceId}': {
    operationId: 'downloadEvidence',
    summary: 'A short-lived download URL for an evidence file (whoever may read the SKP)',
    requestParams: { path: z.object({ skpId, evidenceId: z.string() }) },
    responses: {
      200: ok(
        'Presigned GET',
        z
          .looseObject({
            evidenceId: z.string(),
            url: z.string(),
            expiresAt: z.string(),
            fileName: z.string(),
          })
          .meta({ id: 'EvidenceDownload' }),
      ),
      404: problemResponse('No such SKP or evidence, or not visible to you'),
    },
  },
  'GET /v1/skp/{skpId}/periods/{period}': {
    operationId: 'getCheckin',
    summary: 'A check-in with its capaian (owner, supervisors above, HR)',
    requestParams: { path: periodPath },
    responses: {
      200: ok('The check-in', checkin),
      404: problemResponse('Not opened yet, or not visible to you'),
    },
  },
  'PUT /v1/skp/{skpId}/periods/{period}/realisasi': opening(
    'saveRealisasi',
    'Record the realisasi of the period (owner, inside the window, until submitted)',
    realisasiInput,
    'Replaces the whole realisasi. Without If-Match this first write opens the check-in from the approved SKP.',
  ),
  'PUT /v1/skp/{skpId}/periods/{period}/self-assessment': opening(
    'saveSelfAssessment',
    'Write the self-assessment of the period (owner, until submitted)',
    selfAssessmentInput,
  ),
  'POST /v1/skp/{skpId}/periods/{period}/submit': {
    operationId: 'submitCheckin',
    summary: "Submit the check-in for review (owner): opens the appraiser's REVIEW_CHECKIN action item",
    requestParams: { path: periodPath, header: ifMatchRequired.extend(idemHeader.shape) },
    responses: {
      200: ok('Submitted', checkinChange),
      ...writeErrors,
      422: problemResponse('Realisasi missing for some indicators'),
    },
  },
  'POST /v1/skp/{skpId}/periods/{period}/feedback': {
    operationId: 'giveFeedback',
    summary:
      'Answer a submitted check-in (appraiser): general and per-indicator feedback; closes the action item',
    requestParams: { path: periodPath, header: ifMatchRequired.extend(idemHeader.shape) },
    requestBody: jsonBody(feedbackInput),
    responses: { 200: ok('Reviewed', checkinChange), ...writeErrors },
  },
  'POST /v1/skp/{skpId}/periods/{period}/dialogs': {
    ...opening(
      'recordDialog',
      "Record a dialog kinerja (owner or appraiser); a coaching note is the appraiser's",
      dialogInput,
    ),
    requestParams: { path: periodPath, header: ifMatchOrOpen.extend(idemHeader.shape) },
    responses: { 201: ok('Recorded (or the check-in opened with it)', checkinChange), ...writeErrors },
  },
  'POST /v1/skp/{skpId}/periods/{period}/peer-requests': {
    operationId: 'requestPeerInput',
    summary:
      'Ask peers of the same agency for BerAKHLAK input (appraiser); each gets a GIVE_PEER_INPUT action item',
    requestParams: { path: periodPath, header: idemHeader },
    requestBody: jsonBody(peerRequestInput),
    responses: {
      201: ok(
        'Requested',
        z.looseObject({
          anonymous: z.boolean(),
          requested: z.array(z.looseObject({ peerNip: z.string(), dueAt: z.string() })),
        }),
      ),
      403: problemResponse('Not the appraiser'),
      404: problemResponse('No such SKP or period'),
      409: problemResponse('Already asked, SKP not approved, or period not begun'),
      422: problemResponse('A peer outside the agency, the owner, or the appraiser'),
    },
  },
  'GET /v1/skp/{skpId}/periods/{period}/peer-input': {
    operationId: 'getPeerRequest',
    summary: 'What you were asked as a peer (and your answer), with whether the appraiser will see your name',
    requestParams: { path: periodPath },
    responses: {
      200: ok(
        'The request',
        z.looseObject({ status: z.enum(['REQUESTED', 'GIVEN']), anonymous: z.boolean(), etag: z.string() }),
      ),
      404: problemResponse('You were not asked'),
    },
  },
  'PUT /v1/skp/{skpId}/periods/{period}/peer-input': {
    operationId: 'givePeerInput',
    summary: 'Give (or revise) your peer input; closes your action item',
    requestParams: { path: periodPath, header: ifMatchRequired },
    requestBody: jsonBody(peerInputInput),
    responses: {
      200: ok('Given', z.looseObject({ status: z.literal('GIVEN'), etag: z.string() })),
      404: problemResponse('You were not asked'),
      412: problemResponse('Stale If-Match'),
      422: problemResponse('Invalid input'),
      428: problemResponse('If-Match missing'),
    },
  },
  'GET /v1/skp/{skpId}/periods/{period}/audit': {
    operationId: 'verifyCheckinAudit',
    summary: 'The audit chain of a check-in, verified (HR)',
    requestParams: { path: periodPath },
    responses: {
      200: ok('Chain and verdict', z.looseObject({ intact: z.boolean() })),
      403: problemResponse('Not HR'),
      404: problemResponse('Not found'),
    },
  },
};
