/**
 * The appeal (keberatan) against a final evaluation, PP 30/2019 art. 59:
 *   (filed by the owner) FILED --RESPOND--> RESPONDED --DECIDE--> DECIDED
 *                        FILED --DECIDE--> DECIDED (only once the appraiser's time to respond is over)
 * The owner files within the window counted from the delivery of their own result; the appraiser
 * gives their side (never decides); the appraiser's supervisor decides, UPHELD or CHANGED with
 * new ratings (the predikat re-derived from the table), and that decision is final. Where the
 * appraiser or their supervisor is outside the org chart (the region head), HR records on their
 * behalf, the decision with the signed decision's reference.
 */
import * as z from 'zod';
import { type Predikat, type Rating, ratings } from '#config/appraisal.ts';
import { appealLimits } from '#config/follow-up.ts';
import { type Actor, hasRole } from '../actor.ts';
import { predikatOf } from '../appraisal/rules.ts';
import type { AuditHead } from '../audit.ts';
import { DomainError, type FieldIssue, notFound, validationFailed } from '../errors.ts';
import { evidenceIdPattern } from '../evidence.ts';
import { and, contains, eq, FALSE, ge, holds, isNull, isString, lt, ne, or, TRUE } from '../expr.ts';
import type { Facts } from '../kinds.ts';
import { type Check, defineMachine } from '../machine.ts';

export const appealStatuses = ['FILED', 'RESPONDED', 'DECIDED'] as const;
export type AppealStatus = (typeof appealStatuses)[number];
export const appealOutcomes = ['UPHELD', 'CHANGED'] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];

const ratingEnum = z.enum(ratings);
const decisionRef = z.string().trim().min(3).max(200).meta({
  description: "HR on behalf of an official outside the org chart: the signed decision's reference.",
});

export const appealInput = z
  .object({
    reason: z
      .string()
      .trim()
      .min(appealLimits.reasonMin)
      .max(appealLimits.reasonMax)
      .meta({ description: 'Why the employee objects (alasan keberatan).' }),
    evidenceIds: z
      .array(z.string().regex(evidenceIdPattern, 'EVIDENCE_ID_FORMAT'))
      .max(appealLimits.evidenceMax)
      .optional()
      .meta({
        description:
          'Evidence declared on the SKP (`POST /v1/skp/{skpId}/evidence`) and uploaded; checked as for a realisasi.',
      }),
  })
  .strict()
  .meta({ id: 'AppealInput' });
export type AppealInput = z.infer<typeof appealInput>;

export const responseInput = z
  .object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(appealLimits.responseMax)
      .meta({ description: "The appraiser's side, shown to the one who decides." }),
  })
  .strict()
  .meta({ id: 'AppealResponseInput' });
export type ResponseInput = z.infer<typeof responseInput>;

export const decisionInput = z
  .object({
    outcome: z.enum(appealOutcomes),
    hasilKerja: ratingEnum.optional().meta({ description: 'CHANGED only: the new rating (else it stays).' }),
    perilakuKerja: ratingEnum
      .optional()
      .meta({ description: 'CHANGED only: the new rating (else it stays).' }),
    reason: z.string().trim().min(appealLimits.decisionReasonMin).max(appealLimits.decisionReasonMax),
    decisionRef: decisionRef.optional(),
  })
  .strict()
  .meta({ id: 'AppealDecisionInput' });
export type DecisionInput = z.infer<typeof decisionInput>;

export interface RatingPair {
  hasilKerja: Rating;
  perilakuKerja: Rating;
  predikat: Predikat;
}

export interface AppealDecision extends RatingPair {
  outcome: AppealOutcome;
  previous: RatingPair;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  onBehalf: boolean;
  decisionRef?: string;
}

export interface StoredAppeal extends Facts {
  skpId: string;
  period: string;
  year: number;
  seq: number;
  unitId: string;
  unitName: string;
  ownerName: string;
  /** The appraiser's supervisor, named at filing; null: outside the org chart (HR records). */
  deciderNip: string | null;
  /** Who owes the decision: the decider, or the agency's HR inbox. */
  deciderId: string;
  status: AppealStatus;
  version: number;
  auditHead: AuditHead;
  timeZone: string;
  reason: string;
  evidence: { evidenceId: string; fileName: string; contentType: string; size: number }[];
  /** The rating appealed against. */
  original: RatingPair;
  /** The unit's organisation result set the owner's hasil kerja (a unit head): it stays. */
  hasilKerjaFromUnit: boolean;
  deliveredAt: string;
  filedAt: string;
  respondBy: string;
  respondByMs: number;
  decideBy: string;
  response?: { text: string; by: string; at: string };
  decision?: AppealDecision;
  createdAt: string;
  updatedAt: string;
}

export type AppealCommand = { type: 'RESPOND' } | { type: 'DECIDE' };

export interface AppealCtx {
  skpId: string;
  period: string;
  now: Date;
}

const isHr = (a: Actor) => hasRole(a, 'HR');

/**
 * Who sees an appeal: the owner, the supervisors above (the appraiser and the decider among
 * them), the appraiser and decider as named, HR of the agency. Anyone else: 404.
 */
export const appealVisible = (a: Actor, skpId: string, period: string) =>
  and(
    eq('skpId', skpId),
    eq('period', period),
    eq('agencyId', a.agencyId),
    or(
      eq('ownerNip', a.nip),
      contains('managerChain', a.nip),
      eq('appraiserNip', a.nip),
      eq('deciderNip', a.nip),
      isHr(a) ? TRUE : FALSE,
    ),
  );

export const canReadAppeal = (actor: Actor, doc: Readonly<Record<string, unknown>>) =>
  holds(appealVisible(actor, String(doc.skpId), String(doc.period)), doc);

/** Both sides heard: the appraiser responded, or their time to respond is over. */
const heard = (ctx: AppealCtx): Check => ({
  when: or(eq('status', 'RESPONDED'), lt('respondByMs', ctx.now.getTime())),
  error: (doc) =>
    new DomainError('CONFLICT', 'APPEAL_AWAITING_RESPONSE', { respondBy: String(doc.respondBy) }),
});

type Role = 'APPRAISER' | 'HR_FOR_APPRAISER' | 'DECIDER' | 'HR_FOR_DECIDER';

export const appealMachine = defineMachine<AppealStatus, Role, AppealCommand, AppealCtx>({
  kind: 'APPEAL',
  statuses: appealStatuses,
  visible: (a, ctx) => appealVisible(a, ctx.skpId, ctx.period),
  notFound: (ids) => notFound('APPEAL_NOT_FOUND', ids),
  idsOf: (doc) => ({ skpId: String(doc.skpId), period: String(doc.period) }),
  roles: {
    APPRAISER: (a) => and(isString('appraiserNip'), eq('appraiserNip', a.nip)),
    // The agency head's appraiser is outside the chart: HR records their response.
    HR_FOR_APPRAISER: (a) => (isHr(a) ? and(isNull('appraiserNip'), ne('ownerNip', a.nip)) : FALSE),
    // The appraiser's supervisor; never the appraiser, never the owner (a chart cannot make them
    // so, the condition says it anyway).
    DECIDER: (a) =>
      and(isString('deciderNip'), eq('deciderNip', a.nip), ne('appraiserNip', a.nip), ne('ownerNip', a.nip)),
    // HR on behalf (with the decision's reference): for a decider outside the chart, or once the
    // undecided appeal has escalated to HR (the decider absent: on leave, gone), so that no appeal
    // is left without anyone who may decide it.
    HR_FOR_DECIDER: (a) =>
      isHr(a)
        ? and(
            or(isNull('deciderNip'), ge('escalationLevel', 2)),
            ne('ownerNip', a.nip),
            ne('appraiserNip', a.nip),
          )
        : FALSE,
  },
  roleError: (by) =>
    new DomainError('FORBIDDEN', by.includes('DECIDER') ? 'APPEAL_DECIDER_ONLY' : 'APPEAL_APPRAISER_ONLY'),
  illegal: (command, status) => new DomainError('CONFLICT', 'APPEAL_ILLEGAL_TRANSITION', { command, status }),
  commands: {
    RESPOND: { by: ['APPRAISER', 'HR_FOR_APPRAISER'], from: ['FILED'], to: 'RESPONDED' },
    DECIDE: {
      by: ['DECIDER', 'HR_FOR_DECIDER'],
      from: ['FILED', 'RESPONDED'],
      to: 'DECIDED',
      guards: (_c, ctx) => [heard(ctx)],
    },
  },
});

/**
 * Who decides: the appraiser's supervisor as the evaluation names them. Null (HR records the
 * decision of the official outside the chart) when the appraiser or their supervisor is outside
 * it, or when the chart would make someone judge their own case.
 */
export function deciderOf(
  e: Pick<Facts, 'ownerNip' | 'appraiserNip' | 'appraiserSupervisorNip'>,
): string | null {
  if (!e.appraiserNip) return null;
  const s = e.appraiserSupervisorNip;
  return s && s !== e.ownerNip && s !== e.appraiserNip ? s : null;
}

/**
 * The decision as stored: UPHELD keeps the ratings; CHANGED takes the new ones (what is not sent
 * stays) and re-derives the predikat from the table. A change must change something; a unit
 * head's hasil kerja follows the organisation result and is not the decider's to change;
 * ratings come only with CHANGED; HR records only on behalf of a decider outside the chart, and
 * then with the decision's reference.
 */
export function decisionOf(
  input: DecisionInput,
  appeal: Pick<StoredAppeal, 'original' | 'hasilKerjaFromUnit'>,
  by: { nip: string; at: string; onBehalf: boolean },
): AppealDecision {
  const issues: FieldIssue[] = [];
  const previous = appeal.original;
  if (input.outcome === 'UPHELD') {
    for (const field of ['hasilKerja', 'perilakuKerja'] as const)
      if (input[field] !== undefined) issues.push({ path: field, code: 'APPEAL_RATING_ONLY_IF_CHANGED' });
  } else {
    if (input.hasilKerja === undefined && input.perilakuKerja === undefined)
      issues.push({ path: 'hasilKerja', code: 'APPEAL_CHANGE_NEEDS_RATING' });
    if (
      appeal.hasilKerjaFromUnit &&
      input.hasilKerja !== undefined &&
      input.hasilKerja !== previous.hasilKerja
    )
      issues.push({ path: 'hasilKerja', code: 'APPEAL_HASIL_KERJA_FROM_UNIT' });
  }
  if (by.onBehalf && !input.decisionRef) issues.push({ path: 'decisionRef', code: 'DECISION_REF_REQUIRED' });
  if (!by.onBehalf && input.decisionRef)
    issues.push({ path: 'decisionRef', code: 'DECISION_REF_ON_BEHALF_ONLY' });
  const hasilKerja =
    input.outcome === 'CHANGED' ? (input.hasilKerja ?? previous.hasilKerja) : previous.hasilKerja;
  const perilakuKerja =
    input.outcome === 'CHANGED' ? (input.perilakuKerja ?? previous.perilakuKerja) : previous.perilakuKerja;
  if (
    input.outcome === 'CHANGED' &&
    !issues.length &&
    hasilKerja === previous.hasilKerja &&
    perilakuKerja === previous.perilakuKerja
  )
    issues.push({ path: 'outcome', code: 'APPEAL_CHANGE_CHANGES_NOTHING' });
  if (issues.length) throw validationFailed(issues);
  return {
    outcome: input.outcome,
    hasilKerja,
    perilakuKerja,
    predikat: predikatOf(hasilKerja, perilakuKerja),
    previous,
    reason: input.reason,
    decidedBy: by.nip,
    decidedAt: by.at,
    onBehalf: by.onBehalf,
    ...(input.decisionRef ? { decisionRef: input.decisionRef } : {}),
  };
}

/** The summary an evaluation carries of its appeal (its view and document show it). */
export interface AppealSummary {
  status: AppealStatus;
  filedAt: string;
  respondBy: string;
  decideBy: string;
  outcome?: AppealOutcome;
  decidedAt?: string;
  previousPredikat?: Predikat;
}
