/**
 * Follow-up (tindak lanjut) of a final evaluation, one per evaluation that needs one:
 *   DEVELOPMENT (a low predikat): PLAN_DUE --PLAN--> PLANNED --PLAN--> PLANNED --COMPLETE--> COMPLETED
 *   RECOGNITION (Sangat Baik):    RECOGNIZED
 *   either: CANCELLED, when an appeal's decision takes the predikat out of the track
 * The appraiser owes the development plan (training or coaching, with a target date), then its
 * completion by that date; the next period's check-in shows the plan. Opened with the final
 * result (finalize), re-derived by an appeal's decision.
 */
import * as z from 'zod';
import type { Predikat } from '#config/appraisal.ts';
import { appealLimits, followUpRules } from '#config/follow-up.ts';
import { actionKinds } from '../action-items.ts';
import { type Actor, hasRole } from '../actor.ts';
import type { AuditHead } from '../audit.ts';
import { plusDays } from '../calendar.ts';
import { DomainError, notFound, validationFailed } from '../errors.ts';
import { etagOf } from '../etag.ts';
import { and, contains, eq, FALSE, holds, isNull, isString, ne, or, TRUE } from '../expr.ts';
import type { Facts } from '../kinds.ts';
import { defineMachine } from '../machine.ts';

export const followUpTracks = ['DEVELOPMENT', 'RECOGNITION'] as const;
export type FollowUpTrack = (typeof followUpTracks)[number];
export const followUpStatuses = ['PLAN_DUE', 'PLANNED', 'COMPLETED', 'RECOGNIZED', 'CANCELLED'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];
export const activities = ['TRAINING', 'COACHING'] as const;

/** What a predikat leads to (config/follow-up.ts): a development plan, a recognition, or nothing. */
export function trackOf(predikat: Predikat): FollowUpTrack | null {
  if (followUpRules.development.includes(predikat)) return 'DEVELOPMENT';
  if (followUpRules.recognition.includes(predikat)) return 'RECOGNITION';
  return null;
}

export const planInput = z
  .object({
    activity: z
      .enum(activities)
      .meta({ description: 'TRAINING (pelatihan) or COACHING (bimbingan, konseling).' }),
    description: z.string().trim().min(10).max(appealLimits.planMax),
    targetDate: z.iso.date().meta({ description: 'A local date, after today and within a year.' }),
  })
  .strict()
  .meta({ id: 'DevelopmentPlanInput' });
export type PlanInput = z.infer<typeof planInput>;

export const completeInput = z
  .object({ note: z.string().trim().min(1).max(appealLimits.planMax) })
  .strict()
  .meta({ id: 'DevelopmentCompleteInput' });
export type CompleteInput = z.infer<typeof completeInput>;

/** A target date after `today` (local) and at most `targetMaxDays` ahead; else a 422 on the field. */
export function assertTargetDate(targetDate: string, today: string): void {
  const last = plusDays(today, followUpRules.targetMaxDays);
  if (targetDate <= today || targetDate > last)
    throw validationFailed([
      {
        path: 'targetDate',
        code: 'TARGET_DATE_OUT_OF_RANGE',
        params: { from: plusDays(today, 1), to: last },
      },
    ]);
}

export interface DevelopmentPlan {
  activity: (typeof activities)[number];
  description: string;
  targetDate: string;
  plannedBy: string;
  plannedAt: string;
}
export interface DevelopmentCompletion {
  note: string;
  completedBy: string;
  completedAt: string;
}

export interface StoredFollowUp extends Facts {
  skpId: string;
  period: string;
  year: number;
  seq: number;
  unitId: string;
  unitName: string;
  ownerName: string;
  track: FollowUpTrack;
  status: FollowUpStatus;
  predikat: Predikat;
  version: number;
  auditHead: AuditHead;
  timeZone: string;
  planDueAt?: string;
  plan?: DevelopmentPlan;
  completion?: DevelopmentCompletion;
  pendingKind?: string;
  pendingDueAt?: string;
  /** Earlier tracks, when an appeal's decision moved the predikat. */
  previous?: {
    track: FollowUpTrack;
    status: FollowUpStatus;
    predikat: Predikat;
    until: string;
    plan?: DevelopmentPlan;
    completion?: DevelopmentCompletion;
  }[];
  createdAt: string;
  updatedAt: string;
}

export type FollowUpCommand = { type: 'PLAN' } | { type: 'COMPLETE' };
export interface FollowUpCtx {
  skpId: string;
  period: string;
}

const isHr = (a: Actor) => hasRole(a, 'HR');

export const followUpVisible = (a: Actor, skpId: string, period: string) =>
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

export const canReadFollowUp = (actor: Actor, doc: Readonly<Record<string, unknown>>) =>
  holds(followUpVisible(actor, String(doc.skpId), String(doc.period)), doc);

export const followUpMachine = defineMachine<
  FollowUpStatus,
  'APPRAISER' | 'HR_FOR_APPRAISER',
  FollowUpCommand,
  FollowUpCtx
>({
  kind: 'FOLLOW_UP',
  statuses: followUpStatuses,
  visible: (a, ctx) => followUpVisible(a, ctx.skpId, ctx.period),
  notFound: (ids) => notFound('FOLLOW_UP_NOT_FOUND', ids),
  idsOf: (doc) => ({ skpId: String(doc.skpId), period: String(doc.period) }),
  roles: {
    APPRAISER: (a) => and(isString('appraiserNip'), eq('appraiserNip', a.nip)),
    HR_FOR_APPRAISER: (a) => (isHr(a) ? and(isNull('appraiserNip'), ne('ownerNip', a.nip)) : FALSE),
  },
  roleError: () => new DomainError('FORBIDDEN', 'FOLLOW_UP_APPRAISER_ONLY'),
  illegal: (command, status) =>
    new DomainError('CONFLICT', 'FOLLOW_UP_ILLEGAL_TRANSITION', { command, status }),
  commands: {
    // The plan can be revised until it is completed.
    PLAN: { by: ['APPRAISER', 'HR_FOR_APPRAISER'], from: ['PLAN_DUE', 'PLANNED'], to: 'PLANNED' },
    COMPLETE: { by: ['APPRAISER', 'HR_FOR_APPRAISER'], from: ['PLANNED'], to: 'COMPLETED' },
  },
});

/**
 * What an appeal's decision does to the follow-up of an evaluation: nothing (same track), open
 * one (the predikat enters a track), or move the existing one (cancelled, or into the other track).
 */
export function afterDecision(
  existing: Pick<StoredFollowUp, 'track' | 'status'> | undefined,
  predikat: Predikat,
): 'KEEP' | 'OPEN' | 'CANCEL' | 'SWITCH' {
  const next = trackOf(predikat);
  if (!existing || existing.status === 'CANCELLED') return next ? 'OPEN' : 'KEEP';
  if (existing.track === next) return 'KEEP';
  return next ? 'SWITCH' : 'CANCEL';
}

const timestamp = z.iso.datetime({ offset: true });
const planOutput = z.object({
  activity: z.enum(activities),
  description: z.string(),
  targetDate: z.iso.date(),
  plannedBy: z.string(),
  plannedAt: timestamp,
});
const completionOutput = z.object({ note: z.string(), completedBy: z.string(), completedAt: timestamp });
export const followUpOutput = z
  .object({
    skpId: z.string(),
    period: z.string(),
    year: z.number().int(),
    ownerNip: z.string(),
    ownerName: z.string(),
    appraiserNip: z.string().nullable(),
    unitId: z.string(),
    track: z.enum(followUpTracks),
    status: z.enum(followUpStatuses),
    predikat: z.string(),
    planDueAt: timestamp.optional(),
    plan: planOutput.optional(),
    completion: completionOutput.optional(),
    previous: z
      .array(
        z.object({
          track: z.enum(followUpTracks),
          status: z.enum(followUpStatuses),
          predikat: z.string(),
          until: timestamp,
          plan: planOutput.optional(),
          completion: completionOutput.optional(),
        }),
      )
      .optional()
      .meta({
        description: 'Earlier tracks an appeal decision ended, with the plan made and its completion.',
      }),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    escalationLevel: z.number().int().optional(),
    version: z.number().int(),
    etag: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'FollowUp',
    description: 'Tindak lanjut: a development plan owed by the appraiser, or a recognition.',
  });

export const followUpView = (doc: StoredFollowUp) => ({ ...doc, etag: etagOf(doc.auditHead) });

/** What a check-in shows of a follow-up of an earlier period (the plan in force). */
export const developmentPlanOutput = z
  .object({
    period: z.string().meta({ description: 'The evaluation it follows (an earlier period, or last year).' }),
    year: z.number().int(),
    predikat: z.string(),
    status: z.enum(followUpStatuses),
    plan: followUpOutput.shape.plan,
    pendingDueAt: timestamp.optional(),
  })
  .meta({ id: 'DevelopmentPlanInForce' });

/**
 * The development plans a check-in of `period` shows: those of earlier evaluations of the same
 * SKP still in force (not completed or cancelled) or of the period just before, and last year's
 * annual one while it is in force.
 */
export function plansInForce(
  followUps: readonly StoredFollowUp[],
  year: number,
  earlierPeriods: readonly string[],
) {
  const previous = earlierPeriods.at(-1);
  return followUps
    .filter(
      (f) =>
        f.track === 'DEVELOPMENT' &&
        f.status !== 'CANCELLED' &&
        ((earlierPeriods.includes(f.period) && (f.status !== 'COMPLETED' || f.period === previous)) ||
          (f.period === 'ANNUAL' && f.year === year - 1 && f.status !== 'COMPLETED')),
    )
    .map((f) => ({
      period: f.period,
      year: f.year,
      predikat: f.predikat,
      status: f.status,
      ...(f.plan ? { plan: f.plan } : {}),
      ...(f.pendingDueAt ? { pendingDueAt: f.pendingDueAt } : {}),
    }));
}
