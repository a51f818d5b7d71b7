/**
 * The evaluation (penilaian kinerja) of one SKP for one period, or for the year (`ANNUAL`):
 *   PENDING --RATE--> RATED --RATE--> RATED --FINALIZE--> FINAL
 *   PENDING, RATED: REASSIGN (HR names another appraiser)
 *   FINAL --FILE_APPEAL--> FINAL (the owner objects, once, within the window fixed at delivery:
 *   core/appeal/appeal.ts takes it from there)
 * The appraiser rates; HR never rates as itself: for the agency head, whose appraiser is outside
 * the org chart, HR records the appraiser's signed rating on their behalf with its reference.
 * A final evaluation changes only through an appeal.
 */
import * as z from 'zod';
import {
  appraisalLimits,
  type OrganizationResult,
  type Predikat,
  type Rating,
  ratings,
} from '#config/appraisal.ts';
import { type Actor, hasRole } from '../actor.ts';
import { capaianOf, cumulativeCapaian, type RealisasiValue } from '../capaian.ts';
import type { TargetRhk } from '../checkin/content.ts';
import { DomainError, notFound, validationFailed } from '../errors.ts';
import { absent, and, contains, eq, FALSE, ge, holds, isNull, isString, le, ne, or, TRUE } from '../expr.ts';
import type { Facts } from '../kinds.ts';
import { type Check, defineMachine } from '../machine.ts';
import { inZone } from '../notifications.ts';
import { predikatOf, type Suggestion, suggestHasilKerja } from './rules.ts';

export const evaluationStatuses = ['PENDING', 'RATED', 'FINAL'] as const;
export type EvaluationStatus = (typeof evaluationStatuses)[number];

/** Q1..Q4, M01..M12, or the year. */
export const evaluationPeriodPattern = /^(Q[1-4]|M(0[1-9]|1[0-2])|ANNUAL)$/;

const ratingEnum = z.enum(ratings);
const decisionRef = z.string().trim().min(3).max(200).meta({
  description: "HR on behalf of an appraiser outside the org chart: the signed decision's reference.",
});

export const rateInput = z
  .object({
    hasilKerja: ratingEnum
      .optional()
      .meta({ description: "Required, except for a unit head: the unit's organisation result sets theirs." }),
    perilakuKerja: ratingEnum,
    notes: z.string().trim().min(1).max(appraisalLimits.notesMax).optional(),
    decisionRef: decisionRef.optional(),
  })
  .strict()
  .meta({ id: 'RateInput' });
export type RateInput = z.infer<typeof rateInput>;

export const finalizeInput = z
  .object({
    confirmBreach: z.boolean().optional().meta({
      description: "true when the unit's distribution breaks its pattern and the appraiser keeps the rating.",
    }),
    reason: z.string().trim().min(10).max(appraisalLimits.reasonMax).optional(),
    decisionRef: decisionRef.optional(),
  })
  .strict()
  .meta({ id: 'FinalizeInput' });
export type FinalizeInput = z.infer<typeof finalizeInput>;

export const reassignInput = z
  .object({
    appraiserNip: z.string().regex(/^\d{18}$/, 'NIP_FORMAT'),
    reason: z.string().trim().min(10).max(appraisalLimits.reasonMax),
  })
  .strict()
  .meta({ id: 'ReassignInput' });
export type ReassignInput = z.infer<typeof reassignInput>;

export interface Rated {
  hasilKerja: Rating;
  perilakuKerja: Rating;
  predikat: Predikat;
  /** Whose judgement the hasil kerja is: the appraiser's, or the unit's organisation result. */
  hasilKerjaFrom: 'APPRAISER' | 'UNIT_RESULT';
  unitResult?: OrganizationResult;
  notes?: string;
  ratedBy: string;
  ratedAt: string;
  decisionRef?: string;
  /** An appeal's decision changed the rating: who, when, and the appraiser's rating before. */
  changedByAppeal?: {
    by: string;
    at: string;
    previous: { hasilKerja: Rating; perilakuKerja: Rating; predikat: Predikat };
  };
}

/** What the appraiser had in front of them when rating: recorded with the rating. */
export interface Considered {
  checkins: {
    period: string;
    status: string;
    realisasiCount: number;
    indicatorCount: number;
    submittedAt?: string;
    reviewedAt?: string;
    feedbackGiven: boolean;
  }[];
  peerInput: { requested: number; given: number };
}

/**
 * What a rating was made on, kept with it: the check-ins' realisasi and feedback and the
 * ekspektasi as they were. A final evaluation (its view and its document) shows this, never what
 * changed afterwards (a late realisasi in the grace days, feedback given later, new ekspektasi).
 */
export interface RatingBasis {
  checkins: {
    period: string;
    realisasi?: RealisasiValue[];
    feedback?: {
      general?: string;
      indicators?: { indicatorId: string; text: string }[];
      rhk?: { rhkId: string; text: string }[];
      perilaku?: { value: string; text: string }[];
    };
  }[];
  ekspektasi: Partial<Record<string, string>>;
}

/** The basis of a rating from the check-ins read (only what the document shows) and the SKP. */
export function ratingBasis(
  period: string,
  checkins: readonly (CheckinForAssessment & { feedback?: unknown })[],
  ekspektasi: Partial<Record<string, string>> | undefined,
): RatingBasis {
  const relevant = period === 'ANNUAL' ? checkins : checkins.filter((c) => c.period === period);
  return {
    checkins: relevant.map((c) => ({
      period: c.period,
      ...(c.realisasi
        ? {
            realisasi: c.realisasi.map(({ indicatorId, value, description }) => ({
              indicatorId,
              ...(value !== undefined ? { value } : {}),
              ...(description !== undefined ? { description } : {}),
            })),
          }
        : {}),
      ...(c.feedback ? { feedback: c.feedback as RatingBasis['checkins'][number]['feedback'] } : {}),
    })),
    ekspektasi: { ...(ekspektasi ?? {}) },
  };
}

export interface StoredEvaluation extends Facts {
  skpId: string;
  year: number;
  seq: number;
  period: string;
  unitId: string;
  unitName: string;
  ownerName: string;
  status: EvaluationStatus;
  version: number;
  auditHead: { seq: number; hash: string };
  timeZone: string;
  /** Rating opens once the period is over (the start of the next local day). */
  opensAt: string;
  opensAtMs: number;
  dueAt: string;
  /** The targets rated against: the period's (target periodik), or the year's for ANNUAL. */
  targets: TargetRhk[];
  rating?: Rated;
  predikat?: Predikat;
  suggestion?: Suggestion;
  considered?: Considered;
  /** Set with each rating: what a final evaluation shows. */
  basis?: RatingBasis;
  finalizedAt?: string;
  finalizedBy?: string;
  /** When the result reached the employee: the appeal window counts from here. */
  deliveredAt?: string;
  /** The end of the appeal window, fixed at delivery from the agency's policy. */
  appealUntil?: string;
  appealUntilMs?: number;
  appeal?: import('../appeal/appeal.ts').AppealSummary;
  /** The open step, if any (core/action-items.ts). */
  pendingKind?: string;
  curve?: {
    result: OrganizationResult;
    breaches: unknown[];
    confirmed: boolean;
    reason?: string;
  };
  reassignments?: { from: string | null; to: string; reason: string; by: string; at: string }[];
  createdAt: string;
  updatedAt: string;
}

export type EvaluationCommand =
  | { type: 'RATE' }
  | { type: 'FINALIZE' }
  | { type: 'REASSIGN'; appraiserNip: string }
  | { type: 'FILE_APPEAL' };

export interface EvaluationCtx {
  skpId: string;
  period: string;
  now: Date;
}

const isHr = (a: Actor) => hasRole(a, 'HR');

/** Owner, supervisors above, the appraiser (also one HR named), HR of the agency; others: 404. */
export const evaluationVisible = (a: Actor, skpId: string, period: string) =>
  and(
    eq('skpId', skpId),
    eq('period', period),
    eq('agencyId', a.agencyId),
    or(
      eq('ownerNip', a.nip),
      contains('managerChain', a.nip),
      eq('appraiserNip', a.nip),
      isHr(a) ? TRUE : FALSE,
    ),
  );

const opened = (ctx: EvaluationCtx): Check => ({
  when: le('opensAtMs', ctx.now.getTime()),
  error: (doc) => new DomainError('CONFLICT', 'EVALUATION_NOT_OPEN_YET', { opensAt: String(doc.opensAt) }),
});

/** Not appealed yet, and the window fixed at delivery still open. */
const appealable = (ctx: EvaluationCtx): Check[] => [
  { when: absent('appeal'), error: () => new DomainError('CONFLICT', 'APPEAL_EXISTS') },
  {
    // The window ends at 23:59:59 local, a whole second: a filing within that second is in time.
    when: ge('appealUntilMs', Math.floor(ctx.now.getTime() / 1000) * 1000),
    error: (doc) =>
      new DomainError('CONFLICT', 'APPEAL_WINDOW_CLOSED', {
        // Stored in UTC: given in the agency's zone, as the window's end is.
        deliveredAt:
          typeof doc.deliveredAt === 'string' && typeof doc.timeZone === 'string'
            ? inZone(doc.deliveredAt, doc.timeZone)
            : String(doc.deliveredAt ?? '-'),
        until: String(doc.appealUntil ?? '-'),
      }),
  },
];

type Role = 'APPRAISER' | 'HR_ON_BEHALF' | 'HR' | 'OWNER';

export const evaluationMachine = defineMachine<EvaluationStatus, Role, EvaluationCommand, EvaluationCtx>({
  kind: 'EVALUATION',
  statuses: evaluationStatuses,
  visible: (a, ctx) => evaluationVisible(a, ctx.skpId, ctx.period),
  notFound: (ids) => notFound('EVALUATION_NOT_FOUND', ids),
  idsOf: (doc) => ({ skpId: String(doc.skpId), period: String(doc.period) }),
  roles: {
    APPRAISER: (a) => and(isString('appraiserNip'), eq('appraiserNip', a.nip)),
    // The agency head: nobody in the chart rates them; HR records the outside appraiser's rating.
    HR_ON_BEHALF: (a) => (isHr(a) ? and(isNull('appraiserNip'), ne('ownerNip', a.nip)) : FALSE),
    HR: (a) => (isHr(a) ? ne('ownerNip', a.nip) : FALSE),
    OWNER: (a) => eq('ownerNip', a.nip),
  },
  roleError: (by) =>
    by.includes('OWNER')
      ? new DomainError('FORBIDDEN', 'APPEAL_OWNER_ONLY')
      : new DomainError(
          'FORBIDDEN',
          by.includes('APPRAISER') ? 'EVALUATION_APPRAISER_ONLY' : 'ROLE_REQUIRED',
          {
            ...(by.includes('APPRAISER') ? {} : { role: 'HR' }),
          },
        ),
  illegal: (command, status) =>
    command === 'FILE_APPEAL'
      ? new DomainError('CONFLICT', 'APPEAL_NOT_FINAL', { status })
      : new DomainError('CONFLICT', 'EVALUATION_ILLEGAL_TRANSITION', { command, status }),
  commands: {
    // Re-rating is allowed until final.
    RATE: {
      by: ['APPRAISER', 'HR_ON_BEHALF'],
      from: ['PENDING', 'RATED'],
      to: 'RATED',
      guards: (_c, ctx) => [opened(ctx)],
    },
    FINALIZE: {
      by: ['APPRAISER', 'HR_ON_BEHALF'],
      from: ['RATED'],
      to: 'FINAL',
      guards: (_c, ctx) => [opened(ctx)],
    },
    REASSIGN: {
      by: ['HR'],
      from: ['PENDING', 'RATED'],
      to: 'SAME',
      guards: (cmd, _ctx, a) => [
        {
          when: ne('ownerNip', cmd.appraiserNip),
          error: () => validationFailed([{ path: 'appraiserNip', code: 'APPRAISER_IS_OWNER' }]),
        },
        // HR never rates: it may not name itself.
        {
          when: cmd.appraiserNip === a.nip ? FALSE : TRUE,
          error: () => validationFailed([{ path: 'appraiserNip', code: 'APPRAISER_IS_SELF' }]),
        },
      ],
    },
    FILE_APPEAL: { by: ['OWNER'], from: ['FINAL'], to: 'SAME', guards: (_c, ctx) => appealable(ctx) },
  },
});

export const canReadEvaluation = (actor: Actor, doc: Readonly<Record<string, unknown>>) =>
  holds(evaluationVisible(actor, String(doc.skpId), String(doc.period)), doc);

/**
 * The rating a RATE command stores. A unit head's hasil kerja is the unit's organisation result
 * (mapped in config/); anyone else's is the appraiser's, which is then required.
 */
export function ratingOf(
  input: RateInput,
  head: {
    headsUnit: boolean;
    unitResult: OrganizationResult | undefined;
    headRating: Rating | undefined;
    unitId: string;
    period: string;
  },
  by: { nip: string; at: string; onBehalf: boolean },
): Rated {
  const issues: { path: string; code: string; params?: Record<string, string> }[] = [];
  let hasilKerja = input.hasilKerja;
  if (head.headsUnit) {
    if (!head.unitResult || !head.headRating)
      throw new DomainError('CONFLICT', 'UNIT_RESULT_NOT_SET', { unitId: head.unitId, period: head.period });
    if (hasilKerja !== undefined && hasilKerja !== head.headRating)
      issues.push({
        path: 'hasilKerja',
        code: 'HASIL_KERJA_FROM_UNIT_RESULT',
        params: { result: head.unitResult, rating: head.headRating },
      });
    hasilKerja = head.headRating;
  } else if (hasilKerja === undefined) issues.push({ path: 'hasilKerja', code: 'REQUIRED' });
  if (by.onBehalf && !input.decisionRef) issues.push({ path: 'decisionRef', code: 'DECISION_REF_REQUIRED' });
  if (!by.onBehalf && input.decisionRef)
    issues.push({ path: 'decisionRef', code: 'DECISION_REF_ON_BEHALF_ONLY' });
  if (issues.length) throw validationFailed(issues);
  return {
    hasilKerja: hasilKerja!,
    perilakuKerja: input.perilakuKerja,
    predikat: predikatOf(hasilKerja!, input.perilakuKerja),
    hasilKerjaFrom: head.headsUnit ? 'UNIT_RESULT' : 'APPRAISER',
    ...(head.headsUnit ? { unitResult: head.unitResult! } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    ratedBy: by.nip,
    ratedAt: by.at,
    ...(input.decisionRef ? { decisionRef: input.decisionRef } : {}),
  };
}

/** A check-in as the assessment reads it. */
export interface CheckinForAssessment {
  period: string;
  status: string;
  targets: TargetRhk[];
  realisasi?: RealisasiValue[];
  realisasiCount?: number;
  indicatorCount?: number;
  submittedAt?: string;
  reviewedAt?: string;
  feedback?: unknown;
}

/**
 * The capaian a rating is suggested from, and what was considered: a period's realisasi against
 * its targets; for the year, every period's realisasi against the year's targets (quantities
 * summed). `checkins` are the SKP's check-ins in period order; peer counts are the period's (all
 * periods' for the year).
 */
export function assess(
  evaluation: Pick<StoredEvaluation, 'period' | 'targets'>,
  checkins: readonly CheckinForAssessment[],
  peers: { requested: number; given: number },
) {
  const relevant =
    evaluation.period === 'ANNUAL' ? checkins : checkins.filter((c) => c.period === evaluation.period);
  const capaian =
    evaluation.period === 'ANNUAL'
      ? cumulativeCapaian(
          evaluation.targets.map((r) => ({
            ...r,
            indicators: r.indicators.map((i) => ({ ...i, annualTarget: i.annualTarget ?? i.target })),
          })),
          relevant.map((c) => c.realisasi ?? []),
        )
      : capaianOf(evaluation.targets, relevant[0]?.realisasi ?? []);
  const considered: Considered = {
    checkins: relevant.map((c) => ({
      period: c.period,
      status: c.status,
      realisasiCount: c.realisasiCount ?? c.realisasi?.length ?? 0,
      indicatorCount: c.indicatorCount ?? 0,
      ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
      ...(c.reviewedAt ? { reviewedAt: c.reviewedAt } : {}),
      feedbackGiven: c.feedback !== undefined,
    })),
    peerInput: peers,
  };
  return { capaian, suggestion: suggestHasilKerja(capaian.rhk), considered };
}
