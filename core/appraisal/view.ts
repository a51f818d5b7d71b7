/**
 * The evaluation and the unit result as readers see them. The output schemas are allow-lists:
 * the edge sends exactly these fields.
 */
import * as z from 'zod';
import { organizationResults, predikats, ratings } from '#config/appraisal.ts';
import { actionKinds } from '../action-items.ts';
import { appealOutcomes, appealStatuses } from '../appeal/appeal.ts';
import { etagOf } from '../etag.ts';
import { followUpStatuses, followUpTracks, type StoredFollowUp } from '../follow-up/follow-up.ts';
import { serviceFeedbackOutput } from '../survey/view.ts';
import { evaluationStatuses, type StoredEvaluation } from './evaluation.ts';
import type { Suggestion } from './rules.ts';
import { distributionOf, type StoredUnitResult, unitResultStatuses } from './unit-result.ts';

const timestamp = z.iso.datetime({ offset: true });
const rating = z.enum(ratings);
const predikat = z.enum(predikats);
const target = z.union([
  z.object({ value: z.number(), unit: z.string() }),
  z.object({ description: z.string() }),
]);

const suggestionOutput = z
  .object({
    hasilKerja: rating.nullable().meta({ description: 'null: no RHK has a number to go by.' }),
    rhk: z.array(
      z.object({
        rhkId: z.string(),
        kind: z.enum(['UTAMA', 'TAMBAHAN']),
        capaian: z.number().nullable(),
        verdict: z.enum(['ABOVE', 'MEETS', 'BELOW', 'NO_NUMBER']),
      }),
    ),
    basis: z.string(),
  })
  .meta({
    id: 'HasilKerjaSuggestion',
    description: 'From capaian: a suggestion only, stored beside the choice.',
  });

const breachOutput = z
  .object({
    code: z.enum(['NOT_LARGEST', 'ABOVE_MAXIMUM', 'BELOW_MINIMUM', 'NONE_OF']),
    predikat: z.array(predikat),
    limit: z.number().optional(),
    actual: z.number().optional(),
  })
  .meta({ id: 'CurveBreach' });

const countsOutput = z.object(
  Object.fromEntries(predikats.map((p) => [p, z.number().int()])) as Record<
    (typeof predikats)[number],
    z.ZodNumber
  >,
);
const sharesOutput = z.object(
  Object.fromEntries(predikats.map((p) => [p, z.number()])) as Record<
    (typeof predikats)[number],
    z.ZodNumber
  >,
);

export const evaluationOutput = z
  .object({
    skpId: z.string(),
    period: z.string().meta({ description: 'Q1..Q4, M01..M12, or ANNUAL.' }),
    year: z.number().int(),
    agencyId: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    ownerNip: z.string(),
    ownerName: z.string(),
    appraiserNip: z.string().nullable(),
    status: z.enum(evaluationStatuses),
    version: z.number().int(),
    etag: z.string(),
    opensAt: timestamp,
    dueAt: timestamp,
    targets: z.array(
      z.object({
        rhkId: z.string(),
        kind: z.enum(['UTAMA', 'TAMBAHAN']),
        text: z.string(),
        indicators: z.array(
          z.object({
            indicatorId: z.string(),
            text: z.string(),
            aspect: z.enum(['KUANTITAS', 'KUALITAS', 'WAKTU', 'BIAYA']),
            target,
            lowerIsBetter: z.boolean(),
          }),
        ),
      }),
    ),
    capaian: z
      .object({
        indicators: z.array(z.object({ indicatorId: z.string(), capaian: z.number().nullable() })),
        rhk: z.array(z.object({ rhkId: z.string(), capaian: z.number().nullable() })),
      })
      .meta({ description: 'What the suggestion is computed from (the year so far, for ANNUAL).' }),
    suggestedHasilKerja: rating.nullable(),
    suggestion: suggestionOutput,
    rating: z
      .object({
        hasilKerja: rating,
        perilakuKerja: rating,
        predikat,
        hasilKerjaFrom: z.enum(['APPRAISER', 'UNIT_RESULT']),
        unitResult: z.enum(organizationResults).optional(),
        notes: z.string().optional(),
        ratedBy: z.string(),
        ratedAt: timestamp,
        decisionRef: z.string().optional(),
        changedByAppeal: z
          .object({
            by: z.string(),
            at: timestamp,
            previous: z.object({ hasilKerja: rating, perilakuKerja: rating, predikat }),
          })
          .optional()
          .meta({
            description: "The appeal's decision changed this rating (the appraiser's is `previous`).",
          }),
      })
      .optional(),
    hasilKerja: rating.optional(),
    perilakuKerja: rating.optional(),
    predikat: predikat.optional(),
    considered: z
      .object({
        checkins: z.array(
          z.object({
            period: z.string(),
            status: z.string(),
            realisasiCount: z.number().int(),
            indicatorCount: z.number().int(),
            submittedAt: timestamp.optional(),
            reviewedAt: timestamp.optional(),
            feedbackGiven: z.boolean(),
          }),
        ),
        peerInput: z.object({ requested: z.number().int(), given: z.number().int() }),
      })
      .optional()
      .meta({ description: 'The check-in history and peer input the appraiser had when rating.' }),
    serviceFeedback: serviceFeedbackOutput.optional().meta({
      description:
        "The owner's service-satisfaction aggregate of the period (of the year for ANNUAL), beside the perilaku rating; " +
        'withheld below five answers (GET only).',
    }),
    curve: z
      .object({
        result: z.enum(organizationResults),
        breaches: z.array(breachOutput),
        confirmed: z.boolean(),
        reason: z.string().optional(),
      })
      .optional(),
    finalizedAt: timestamp.optional(),
    deliveredAt: timestamp
      .optional()
      .meta({ description: 'When the result reached the employee: the appeal window counts from it.' }),
    appealUntil: timestamp.optional().meta({
      description: "The end of the employee's appeal window (fixed at delivery by the agency's policy).",
    }),
    appeal: z
      .object({
        status: z.enum(appealStatuses),
        filedAt: timestamp,
        respondBy: timestamp,
        decideBy: timestamp,
        respondedAt: timestamp.optional(),
        outcome: z.enum(appealOutcomes).optional(),
        decidedAt: timestamp.optional(),
        previousPredikat: predikat.optional(),
      })
      .optional()
      .meta({ description: 'The appeal against this evaluation (GET .../appeal for the whole).' }),
    followUp: z
      .object({
        track: z.enum(followUpTracks),
        status: z.enum(followUpStatuses),
        targetDate: z.iso.date().optional(),
      })
      .optional()
      .meta({ description: 'Tindak lanjut (GET .../follow-up for the whole).' }),
    missed: z
      .string()
      .optional()
      .meta({ description: 'A step nobody took in time (the response to an appeal).' }),
    reassignments: z
      .array(
        z.object({
          from: z.string().nullable(),
          to: z.string(),
          reason: z.string(),
          by: z.string(),
          at: timestamp,
        }),
      )
      .optional(),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    escalationLevel: z.number().int().optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Evaluation' });

/** `live`: the capaian and suggestion as of now, while the rating can still change. */
export function evaluationView(
  doc: StoredEvaluation,
  live: { capaian: { indicators: unknown[]; rhk: unknown[] }; suggestion: Suggestion },
  reader: { owner: boolean } = { owner: false },
  followUp?: Pick<StoredFollowUp, 'track' | 'status' | 'plan'>,
) {
  const suggestion = doc.status === 'FINAL' && doc.suggestion ? doc.suggestion : live.suggestion;
  // The owner learns the rating when it is delivered (final), not while the appraiser drafts it.
  const shown = doc.rating && (doc.status === 'FINAL' || !reader.owner) ? doc.rating : undefined;
  const { rating: _rating, predikat: _predikat, basis: _basis, ...rest } = doc;
  return {
    ...rest,
    ...(followUp
      ? {
          followUp: {
            track: followUp.track,
            status: followUp.status,
            ...(followUp.plan ? { targetDate: followUp.plan.targetDate } : {}),
          },
        }
      : {}),
    capaian: live.capaian,
    suggestion,
    suggestedHasilKerja: suggestion.hasilKerja,
    ...(shown
      ? {
          rating: shown,
          hasilKerja: shown.hasilKerja,
          perilakuKerja: shown.perilakuKerja,
          predikat: shown.predikat,
        }
      : {}),
    etag: etagOf(doc.auditHead),
  };
}

export const unitResultOutput = z
  .object({
    agencyId: z.string(),
    year: z.number().int(),
    period: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    headNip: z.string(),
    headName: z.string(),
    leaderNip: z
      .string()
      .nullable()
      .meta({ description: 'null: the leader is outside the org chart (HR records).' }),
    status: z.enum(unitResultStatuses),
    version: z.number().int(),
    etag: z.string(),
    dueAt: timestamp,
    result: z.enum(organizationResults).optional(),
    decisionRef: z.string().optional(),
    notes: z.string().optional(),
    setBy: z.string().optional(),
    setAt: timestamp.optional(),
    evaluations: z.number().int().meta({ description: "The unit's evaluations of the period." }),
    rated: z.number().int(),
    final: z.number().int(),
    distribution: z.object({
      total: z.number().int(),
      counts: countsOutput,
      shares: sharesOutput,
      pattern: z
        .object({
          largest: predikat.optional(),
          atMost: z.array(z.object({ of: z.array(predikat), share: z.number() })).optional(),
          atLeast: z.array(z.object({ of: z.array(predikat), share: z.number() })).optional(),
          some: z.array(predikat).optional(),
        })
        .nullable()
        .meta({ description: "The allowed pattern of the unit's result (null until it is set)." }),
      breaches: z.array(breachOutput),
    }),
    signedBy: z.string().optional(),
    signedAt: timestamp.optional(),
    signedDecisionRef: z.string().optional(),
    appealChanges: z
      .array(
        z.object({ skpId: z.string(), ownerNip: z.string(), from: predikat, to: predikat, at: timestamp }),
      )
      .optional()
      .meta({
        description:
          "Predikat an appeal's decision changed, counted in `distribution` (final: also after the penetapan is signed).",
      }),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    updatedAt: timestamp,
  })
  .meta({ id: 'UnitResult', description: "A unit's organisation result and its predikat distribution." });

export function unitResultView(doc: StoredUnitResult) {
  const distribution = distributionOf(doc);
  return {
    ...doc,
    rated: distribution.total,
    final: doc.finalCount,
    distribution,
    etag: etagOf(doc.auditHead),
  };
}
