/**
 * Appraisal: the evaluation of an SKP per period and for the year (rate, finalize, reassign, the
 * evaluation document), and the unit's organisation result, distribution and penetapan.
 */
import * as z from 'zod';
import { organizationResults, ratings } from '#config/appraisal.ts';
import { finalizeInput, rateInput, reassignInput } from '#core/appraisal/evaluation.ts';
import { organizationRatingInput, penetapanInput } from '#core/appraisal/unit-result.ts';
import { evaluationOutput, unitResultOutput } from '#core/appraisal/view.ts';
import { httpApi } from '../http/edge.ts';
import {
  agencyIdParam,
  idempotencyHeader,
  idempotencyOf,
  ifMatchHeader,
  ifMatchOf,
  skpIdParam,
  year,
} from '../http/params.ts';
import { defineRoute, type ErrorStatus } from '../http/route.ts';
import { evaluationPdf, penetapanPdf } from '../use-cases/evaluation-document.ts';
import {
  changeUnitResult,
  finalizeEvaluation,
  rateEvaluation,
  readEvaluation,
  readUnitResult,
  reassignAppraiser,
} from '../use-cases/evaluations.ts';

const group = 'evaluations';
const tag = 'Appraisal';
const evaluationPeriod = z
  .string()
  .max(10)
  .meta({ description: '`Q1`..`Q4`, `M01`..`M12`, or `ANNUAL`', example: 'Q1' });
const evalPath = z.object({ skpId: skpIdParam, period: evaluationPeriod });
const unitPath = z.object({ agencyId: agencyIdParam, year, unitId: z.string().max(64) });
const periodQuery = z.object({ period: evaluationPeriod });
const writeErrors: ErrorStatus[] = [403, 404, 409, 412, 422, 428];
const rating = z.enum(ratings);

const evaluationChanged = z
  .object({
    skpId: z.string(),
    period: z.string(),
    status: z.enum(['RATED', 'FINAL']).optional(),
    version: z.number().int(),
    etag: z.string(),
    rating: evaluationOutput.shape.rating,
    hasilKerja: rating.optional(),
    perilakuKerja: rating.optional(),
    predikat: evaluationOutput.shape.predikat,
    suggestedHasilKerja: rating.nullable().optional(),
    suggestion: evaluationOutput.shape.suggestion.optional(),
    curve: evaluationOutput.shape.curve,
    finalizedAt: z.string().optional(),
    deliveredAt: z.string().optional(),
    appealUntil: z
      .string()
      .optional()
      .meta({ description: "The end of the employee's appeal window, counted from this delivery." }),
    appraiserNip: z.string().optional(),
  })
  .meta({
    id: 'EvaluationChanged',
    description: 'What the change wrote (GET the evaluation for the whole).',
  });

const unitResultChanged = z
  .object({
    agencyId: z.string(),
    year: z.number().int(),
    unitId: z.string(),
    period: z.string(),
    status: z.enum(['SET', 'SIGNED']),
    version: z.number().int(),
    etag: z.string(),
    result: z.enum(organizationResults).optional(),
    signedAt: z.string().optional(),
  })
  .meta({ id: 'UnitResultChanged' });

const withEtag = <T extends { etag: string }>(status: number, body: T) => ({
  status,
  body,
  headers: { etag: body.etag },
});

const pdfReply = (pdf: { bytes: Buffer; fileName: string }) => ({
  status: 200,
  body: pdf.bytes,
  headers: { 'content-disposition': `attachment; filename="${pdf.fileName}"` },
});

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}/evaluation',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getEvaluation',
    summary: 'The evaluation of a period or the year (owner, supervisors above, the appraiser, HR)',
    description:
      'Opened by the review phases once the period is over. Until it is final, `capaian` and `suggestion` are as of now.',
    params: evalPath,
    responses: { 200: { description: 'The evaluation', schema: evaluationOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) =>
      withEtag(200, await readEvaluation(req.deps, req.actor, req.params.skpId, req.params.period)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/skp/{skpId}/periods/{period}/evaluation',
    group,
    tag,
    auth: 'jwt',
    operationId: 'rateEvaluation',
    summary:
      'Rate hasil kerja and perilaku kerja (appraiser); the predikat is derived; re-rating until final',
    description:
      "A unit head's hasil kerja is set by the unit's organisation result (leave it out, or send the same). " +
      "For the agency head, HR records the outside appraiser's rating with `decisionRef`.",
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: rateInput },
    responses: { 200: { description: 'Rated', schema: evaluationChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await rateEvaluation(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          req.body,
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/evaluation/finalize',
    group,
    tag,
    auth: 'jwt',
    operationId: 'finalizeEvaluation',
    summary:
      'RATED -> FINAL (appraiser): delivers the result to the employee; the appeal window counts from it',
    description:
      "Refused (422 CURVE_BREACH_UNCONFIRMED, naming each breach) while the unit's distribution breaks the pattern of its " +
      'organisation result, unless `confirmBreach: true` with a `reason` (recorded and audited).',
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: finalizeInput },
    responses: { 200: { description: 'Final', schema: evaluationChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await finalizeEvaluation(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          req.body,
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/evaluation/reassign',
    group,
    tag,
    auth: 'jwt',
    operationId: 'reassignAppraiser',
    summary: 'Name another appraiser for this evaluation (HR; never rates itself)',
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: reassignInput },
    responses: { 200: { description: 'Reassigned', schema: evaluationChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await reassignAppraiser(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          req.body,
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}/evaluation/document',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getEvaluationDocument',
    summary: 'The Dokumen Evaluasi Kinerja Pegawai, as a PDF (owner, supervisors above, HR)',
    params: evalPath,
    responses: {
      200: { description: 'PDF', contentType: 'application/pdf', headers: ['content-disposition'] },
    },
    errors: [404],
    handler: async (req) =>
      pdfReply(await evaluationPdf(req.deps, req.actor, req.params.skpId, req.params.period)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/distribution',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getUnitDistribution',
    summary:
      "A unit's organisation result and predikat distribution against its pattern (head, leaders above, HR)",
    params: unitPath,
    query: periodQuery,
    responses: { 200: { description: 'The unit result', schema: unitResultOutput, headers: ['etag'] } },
    errors: [404, 422],
    handler: async (req) =>
      withEtag(
        200,
        await readUnitResult(
          req.deps,
          req.actor,
          req.params.agencyId,
          req.params.year,
          req.params.unitId,
          req.query.period,
        ),
      ),
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/organization-rating',
    group,
    tag,
    auth: 'jwt',
    operationId: 'setOrganizationRating',
    summary: "Set the unit's organisation result for a period (the leader above the unit's head)",
    description:
      'Where that leader is outside the org chart (the region head, for the agency head), HR records it with `decisionRef`. ' +
      "It can change until one of the unit's ratings is final. If-Match: the ETag of the unit's distribution.",
    params: unitPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: organizationRatingInput },
    responses: { 200: { description: 'Set', schema: unitResultChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await changeUnitResult(
          req.deps,
          req.actor,
          req.params.agencyId,
          req.params.year,
          req.params.unitId,
          { type: 'SET', input: req.body },
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/penetapan',
    group,
    tag,
    auth: 'jwt',
    operationId: 'signPenetapan',
    summary:
      "Sign the unit's penetapan predikat once its evaluations are final (the leader who set the result)",
    params: unitPath,
    query: periodQuery,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: penetapanInput },
    responses: { 200: { description: 'Signed', schema: unitResultChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await changeUnitResult(
          req.deps,
          req.actor,
          req.params.agencyId,
          req.params.year,
          req.params.unitId,
          { type: 'SIGN', period: req.query.period, decisionRef: req.body.decisionRef },
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/penetapan/document',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getPenetapanDocument',
    summary: "The unit's penetapan predikat, as a PDF (head, leaders above, HR)",
    params: unitPath,
    query: periodQuery,
    responses: {
      200: { description: 'PDF', contentType: 'application/pdf', headers: ['content-disposition'] },
    },
    errors: [404, 422],
    handler: async (req) =>
      pdfReply(
        await penetapanPdf(
          req.deps,
          req.actor,
          req.params.agencyId,
          req.params.year,
          req.params.unitId,
          req.query.period,
        ),
      ),
  }),
];

export const handler = httpApi(routes);
