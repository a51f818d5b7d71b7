/**
 * The appeal as readers see it. The output schema is an allow-list: the edge sends exactly these
 * fields (the appraiser's response is shown to everyone who may read the appeal: the decider
 * above all).
 */
import * as z from 'zod';
import { predikats, ratings } from '#config/appraisal.ts';
import { actionKinds } from '../action-items.ts';
import { etagOf } from '../etag.ts';
import { appealOutcomes, appealStatuses, type StoredAppeal } from './appeal.ts';

const timestamp = z.iso.datetime({ offset: true });
const ratingPair = z.object({
  hasilKerja: z.enum(ratings),
  perilakuKerja: z.enum(ratings),
  predikat: z.enum(predikats),
});

export const appealOutput = z
  .object({
    skpId: z.string(),
    period: z.string(),
    year: z.number().int(),
    agencyId: z.string(),
    unitId: z.string(),
    ownerNip: z.string(),
    ownerName: z.string(),
    appraiserNip: z.string().nullable(),
    deciderNip: z.string().nullable().meta({
      description: "The appraiser's supervisor; null: outside the org chart, HR records the decision.",
    }),
    status: z.enum(appealStatuses),
    version: z.number().int(),
    etag: z.string(),
    reason: z.string(),
    evidence: z.array(
      z.object({
        evidenceId: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number().int(),
      }),
    ),
    original: ratingPair.meta({ description: 'The rating appealed against.' }),
    deliveredAt: timestamp,
    filedAt: timestamp,
    respondBy: timestamp.meta({ description: "The appraiser's response is due by then." }),
    decideBy: timestamp.meta({ description: 'The decision is due by then.' }),
    response: z.object({ text: z.string(), by: z.string(), at: timestamp, onBehalf: z.boolean() }).optional(),
    decision: z
      .object({
        outcome: z.enum(appealOutcomes),
        hasilKerja: z.enum(ratings),
        perilakuKerja: z.enum(ratings),
        predikat: z.enum(predikats),
        previous: ratingPair,
        reason: z.string(),
        decidedBy: z.string(),
        decidedAt: timestamp,
        onBehalf: z.boolean(),
        decisionRef: z.string().optional(),
      })
      .optional(),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    escalationLevel: z.number().int().optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Appeal', description: 'Keberatan: the objection, the appraiser’s side, the final decision.' });

export const appealView = (doc: StoredAppeal) => ({
  ...doc,
  ...(doc.response
    ? // HR records the response of an appraiser outside the chart.
      { response: { ...doc.response, onBehalf: doc.response.by !== doc.appraiserNip } }
    : {}),
  etag: etagOf(doc.auditHead),
});

export const appealChangedOutput = z
  .object({
    skpId: z.string(),
    period: z.string(),
    status: z.enum(appealStatuses),
    version: z.number().int(),
    etag: z.string(),
    response: z.object({ text: z.string(), by: z.string(), at: timestamp }).optional(),
    decision: appealOutput.shape.decision,
    evaluation: z
      .object({ predikat: z.enum(predikats), etag: z.string() })
      .optional()
      .meta({ description: 'The evaluation after the decision (its new ETag).' }),
  })
  .meta({ id: 'AppealChange', description: 'What the write changed (GET the appeal for the whole).' });
