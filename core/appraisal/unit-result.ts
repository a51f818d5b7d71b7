/**
 * The organisation result of a unit (satuan organisasi) for a period, and its penetapan predikat
 * (SE MenPANRB 3/2023):
 *   OPEN --SET--> SET --SET--> SET --SIGN--> SIGNED
 * The leader one level above the unit's head sets it; for a unit headed by the agency head, whose
 * leader (the region head) is outside the org chart, HR records it on their behalf with the
 * signed decision's reference. It can change only while none of the unit's ratings is final, and
 * is signed once every evaluation of the unit is final.
 * The document also keeps the unit's count of predikat (rated and final), moved by each rating in
 * the rating's own transaction, so the distribution is one read.
 */
import * as z from 'zod';
import {
  curve,
  type OrganizationResult,
  organizationResults,
  type Predikat,
  predikats,
} from '#config/appraisal.ts';
import { type Actor, hasRole } from '../actor.ts';
import { DomainError, notFound, validationFailed } from '../errors.ts';

import { and, attr, contains, eq, FALSE, ge, gt, holds, isNull, isString, ne, or, TRUE } from '../expr.ts';
import { type Check, defineMachine } from '../machine.ts';
import { type Breach, type Counts, checkCurve, noCounts } from './rules.ts';

export const unitResultStatuses = ['OPEN', 'SET', 'SIGNED'] as const;
export type UnitResultStatus = (typeof unitResultStatuses)[number];

const decisionRef = z.string().trim().min(3).max(200);

export const organizationRatingInput = z
  .object({
    period: z.string().regex(/^(Q[1-4]|M(0[1-9]|1[0-2])|ANNUAL)$/, 'PERIOD_FORMAT'),
    rating: z.enum(organizationResults),
    decisionRef: decisionRef
      .optional()
      .meta({ description: 'HR on behalf of a leader outside the org chart: the signed decision.' }),
    notes: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .meta({ id: 'OrganizationRatingInput' });
export type OrganizationRatingInput = z.infer<typeof organizationRatingInput>;

export const penetapanInput = z
  .object({ decisionRef: decisionRef.optional() })
  .strict()
  .meta({ id: 'PenetapanInput' });

export interface StoredUnitResult {
  agencyId: string;
  year: number;
  period: string;
  unitId: string;
  unitName: string;
  headNip: string;
  headName: string;
  /** The leader above the head; null when outside the org chart (HR records on their behalf). */
  leaderNip: string | null;
  /** Who may read it besides head, leader and HR: the head's supervisors. */
  leaderChain: string[];
  status: UnitResultStatus;
  version: number;
  auditHead: { seq: number; hash: string };
  timeZone: string;
  dueAt: string;
  result?: OrganizationResult;
  decisionRef?: string;
  notes?: string;
  setBy?: string;
  setAt?: string;
  /** Predikat of the unit's rated and final evaluations. */
  counts: Counts;
  /** Evaluations opened for the unit, and how many are final. */
  evaluations: number;
  finalCount: number;
  /** Moves with every rating that changes `counts`: finalizing checks it saw the latest. */
  ratingsVersion: number;
  signedBy?: string;
  signedAt?: string;
  signedDecisionRef?: string;
  /** Predikat changed by an appeal's decision (final: also after the penetapan is signed). */
  appealChanges?: { skpId: string; ownerNip: string; from: Predikat; to: Predikat; at: string }[];
  createdAt: string;
  updatedAt: string;
}

/** `decisionRef`: the signed decision HR records on behalf of a leader outside the chart. */
export type UnitResultCommand = { type: 'SET' | 'SIGN'; decisionRef?: string | undefined };

export interface UnitResultCtx {
  unitId: string;
  period: string;
}

const isHr = (a: Actor) => hasRole(a, 'HR');

/** HR acting for a leader outside the chart names the signed decision. */
const onBehalfNamesDecision = (cmd: UnitResultCommand, a: Actor): Check[] =>
  isHr(a) && !cmd.decisionRef
    ? [
        {
          when: isString('leaderNip'),
          error: () => validationFailed([{ path: 'decisionRef', code: 'DECISION_REF_REQUIRED' }]),
        },
      ]
    : cmd.decisionRef
      ? [
          // A leader in the chart signs as themselves: a decision reference is HR's, on behalf.
          {
            when: isNull('leaderNip'),
            error: () => validationFailed([{ path: 'decisionRef', code: 'DECISION_REF_ON_BEHALF_ONLY' }]),
          },
        ]
      : [];

/** Head, leader, the head's supervisors, HR of the agency; others: 404. */
export const unitResultVisible = (a: Actor, unitId: string, period: string) =>
  and(
    eq('unitId', unitId),
    eq('period', period),
    eq('agencyId', a.agencyId),
    or(eq('headNip', a.nip), eq('leaderNip', a.nip), contains('leaderChain', a.nip), isHr(a) ? TRUE : FALSE),
  );

export const unitResultMachine = defineMachine<
  UnitResultStatus,
  'LEADER' | 'HR_ON_BEHALF',
  UnitResultCommand,
  UnitResultCtx
>({
  kind: 'UNIT_RESULT',
  statuses: unitResultStatuses,
  visible: (a, ctx) => unitResultVisible(a, ctx.unitId, ctx.period),
  notFound: (ids) => notFound('UNIT_RESULT_NOT_FOUND', ids),
  idsOf: (doc) => ({ unitId: String(doc.unitId), period: String(doc.period) }),
  roles: {
    LEADER: (a) => and(isString('leaderNip'), eq('leaderNip', a.nip)),
    HR_ON_BEHALF: (a) => (isHr(a) ? and(isNull('leaderNip'), ne('headNip', a.nip)) : FALSE),
  },
  roleError: () => new DomainError('FORBIDDEN', 'UNIT_RESULT_LEADER_ONLY'),
  illegal: (command, status) =>
    new DomainError('CONFLICT', 'UNIT_RESULT_ILLEGAL_TRANSITION', { command, status }),
  commands: {
    SET: {
      by: ['LEADER', 'HR_ON_BEHALF'],
      from: ['OPEN', 'SET'],
      to: 'SET',
      // The pattern the appraisers finalized within stays the pattern.
      guards: (cmd, _ctx, a) => [
        ...onBehalfNamesDecision(cmd, a),
        {
          when: eq('finalCount', 0),
          error: (doc) =>
            new DomainError('CONFLICT', 'UNIT_RESULT_LOCKED', { final: Number(doc.finalCount) }),
        },
      ],
    },
    SIGN: {
      by: ['LEADER', 'HR_ON_BEHALF'],
      from: ['SET'],
      to: 'SIGNED',
      guards: (cmd, _ctx, a) => [
        ...onBehalfNamesDecision(cmd, a),
        {
          when: and(gt('evaluations', 0), ge('finalCount', attr('evaluations'))),
          error: (doc) =>
            new DomainError('CONFLICT', 'PENETAPAN_NOT_READY', {
              final: Number(doc.finalCount),
              evaluations: Number(doc.evaluations),
            }),
        },
      ],
    },
  },
});

export const canReadUnitResult = (actor: Actor, doc: Readonly<Record<string, unknown>>) =>
  holds(unitResultVisible(actor, String(doc.unitId), String(doc.period)), doc);

/** The unit's distribution against the pattern of its result, each breach named. */
export function distributionOf(doc: Pick<StoredUnitResult, 'result' | 'counts'>): {
  total: number;
  counts: Counts;
  shares: Record<Predikat, number>;
  pattern: (typeof curve)[OrganizationResult] | null;
  breaches: Breach[];
} {
  const counts = { ...noCounts(), ...(doc.counts ?? {}) };
  if (!doc.result) {
    const total = predikats.reduce((n, p) => n + counts[p], 0);
    const shares = Object.fromEntries(predikats.map((p) => [p, total ? counts[p] / total : 0])) as Record<
      Predikat,
      number
    >;
    return { total, counts, shares, pattern: null, breaches: [] };
  }
  const checked = checkCurve(doc.result, counts);
  return { ...checked, counts, pattern: curve[doc.result] };
}
