/**
 * Appeals (keberatan): the core decides, one transaction persists each step with its audit
 * entries, the steps it opens and closes, the notices and the idempotency record.
 *
 * Round trips (DynamoDB):
 *  - file: one BatchGetItem (the evaluation, the agency's policy, the cycle's calendar, the
 *    evidence records named) and one transaction: the appeal created (its decision step owed by
 *    the appraiser's supervisor), the evaluation under the machine's FILE_APPEAL precondition
 *    (final, the caller's, not appealed, the window fixed at delivery still open; its response
 *    step opened for the appraiser), evidence verified, notices to the appraiser and the decider.
 *    Evidence not yet verified is looked at in S3 once, as for a realisasi.
 *  - respond: one transaction (the If-Match names the appeal's version; no read).
 *  - decide: one BatchGetItem (the appeal, the evaluation, its follow-up, the cycle's calendar)
 *    and one transaction: the appeal, the evaluation (a CHANGED decision
 *    re-derives its predikat; its audit chain records it), the unit's counts, the follow-up
 *    re-derived, the notice to the employee.
 *  - read: one GetItem; HR's list of an agency's appeals of a year: one Query (gsi1) per page.
 */
import type { Predikat } from '#config/appraisal.ts';
import { closeStep, hrInbox, openStep } from '#core/action-items.ts';
import { type Actor, hasRole } from '#core/actor.ts';
import {
  type AppealCommand,
  type AppealInput,
  type AppealSummary,
  appealMachine,
  canReadAppeal,
  type DecisionInput,
  deciderOf,
  decisionOf,
  type ResponseInput,
  type StoredAppeal,
} from '#core/appeal/appeal.ts';
import { appealView } from '#core/appeal/view.ts';
import { predikatLabel, predikatLabelEn } from '#core/appraisal/document.ts';
import {
  canReadEvaluation,
  type EvaluationCommand,
  evaluationMachine,
  evaluationPeriodPattern,
  type StoredEvaluation,
} from '#core/appraisal/evaluation.ts';
import { type AuditHead, headOf, nextAuditEntry } from '#core/audit.ts';
import { assertHrOf } from '#core/authz.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import { DomainError, type FieldIssue, notFound, validationFailed } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { and, eq, exists, mergeChanges } from '#core/expr.ts';
import type { StoredFollowUp } from '#core/follow-up/follow-up.ts';
import { localTimeIn } from '#core/notifications.ts';
import { policyOf, spanEnd } from '#core/policy.ts';
import type { Deps, Doc, IdempotencyKey, Page, TxOp } from '#core/ports.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { linkEvidence } from './checkins.ts';
import { evaluationSubject } from './evaluations.ts';
import { calendarOf, followUpAfterDecisionOps, followUpRef } from './follow-ups.ts';
import { eventNotice } from './notices.ts';
import { policyRef } from './policy.ts';
import { orReplay } from './replay.ts';

export const appealSubject = (skpId: string, period: string) => `APPEAL#${skpId}#${period}`;
const appealRef = (skpId: string, period: string) => ({ kind: 'APPEAL' as const, id: { skpId, period } });
const evaluationRef = (skpId: string, period: string) => ({
  kind: 'EVALUATION' as const,
  id: { skpId, period },
});
const idem = (i: IdempotencyKey | undefined) => (i ? { idempotency: i } : {});

function idsOf(skpId: string, period: string, code = 'APPEAL_NOT_FOUND') {
  const id = parseSkpId(skpId);
  if (!id || !evaluationPeriodPattern.test(period)) throw notFound(code, { skpId, period });
  return { ...id, skpId, period };
}

const periodText = (period: string, year: number) =>
  period === 'ANNUAL' ? `tahun ${year}` : `periode ${period} ${year}`;
const periodTextEn = (period: string, year: number) =>
  period === 'ANNUAL' ? `the year ${year}` : `${period} ${year}`;

export type AppealView = ReturnType<typeof appealView>;

// ---- filing ---------------------------------------------------------------------------------

/** POST .../appeal (the owner): 201 with the appeal. */
export const fileAppeal = (
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: AppealInput,
  idempotency: IdempotencyKey | undefined,
) => orReplay(deps, idempotency, () => file(deps, actor, skpId, period, input, idempotency));

async function file(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: AppealInput,
  idempotency: IdempotencyKey | undefined,
): Promise<AppealView> {
  const ids = idsOf(skpId, period, 'EVALUATION_NOT_FOUND');
  const now = deps.clock.now();
  const at = now.toISOString();
  const evidenceIds = input.evidenceIds ?? [];
  const repeated: FieldIssue[] = evidenceIds.flatMap((id, i) =>
    evidenceIds.indexOf(id) < i ? [{ path: `evidenceIds[${i}]`, code: 'DUPLICATE_ID' }] : [],
  );
  if (repeated.length) throw validationFailed(repeated);
  const [found, policyDoc, cycle, ...records] = await deps.store.getMany([
    evaluationRef(skpId, period),
    policyRef(actor.agencyId),
    { kind: 'CYCLE', id: { agencyId: actor.agencyId, year: ids.year } },
    ...evidenceIds.map((evidenceId) => ({ kind: 'EVIDENCE' as const, id: { skpId, evidenceId } })),
  ]);
  const e = found as unknown as StoredEvaluation | undefined;
  if (!e || !canReadEvaluation(actor, e as unknown as Doc))
    throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const command: EvaluationCommand = { type: 'FILE_APPEAL' };
  const ctx = { skpId, period, now };
  // The version read is the version appealed against (the write's condition decides again).
  evaluationMachine.decide(e as unknown as Doc, command, actor, e.auditHead, ctx);
  const calendar = cycle?.calendar as CycleCalendar | undefined;
  if (!calendar) throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const linked = await linkEvidence(
    deps,
    evidenceIds.map((evidenceId, i) => ({ evidenceId, path: `evidenceIds[${i}]` })),
    new Map(evidenceIds.map((id, i) => [id, records[i]])),
    skpId,
    actor,
    at,
  );
  const policy = policyOf(policyDoc);
  const cal = calendarOf(calendar, ids.year);
  const decideBy = spanEnd(now, policy.appeal.decideWithin, cal);
  const respondSpan = spanEnd(now, policy.appeal.respondWithin, cal);
  // The appraiser answers before the decision is due, whatever the spans.
  const respondBy = Date.parse(respondSpan) <= Date.parse(decideBy) ? respondSpan : decideBy;
  const deciderNip = deciderOf(e);
  const deciderId = deciderNip ?? hrInbox(e.agencyId);
  const rating = e.rating!;
  const audit = nextAuditEntry(undefined, {
    subject: appealSubject(skpId, period),
    action: 'APPEAL_FILED',
    actorNip: actor.nip,
    at,
    data: {
      reason: input.reason,
      evidenceIds,
      against: { evaluationVersion: e.version, predikat: rating.predikat },
      deliveredAt: e.deliveredAt,
      respondBy,
      decideBy,
      deciderNip,
    },
  });
  const appeal: StoredAppeal = {
    skpId,
    period,
    year: ids.year,
    seq: ids.seq,
    unitId: e.unitId,
    unitName: e.unitName,
    ownerName: e.ownerName,
    agencyId: e.agencyId,
    ownerNip: e.ownerNip,
    appraiserNip: e.appraiserNip,
    appraiserSupervisorNip: e.appraiserSupervisorNip,
    managerChain: e.managerChain,
    approverId: e.approverId,
    deciderNip,
    deciderId,
    status: 'FILED',
    version: audit.seq,
    auditHead: headOf(audit),
    timeZone: e.timeZone,
    reason: input.reason,
    evidence: evidenceIds.map((evidenceId) => ({ evidenceId, ...linked.evidence[evidenceId]! })),
    original: {
      hasilKerja: rating.hasilKerja,
      perilakuKerja: rating.perilakuKerja,
      predikat: rating.predikat,
    },
    hasilKerjaFromUnit: rating.hasilKerjaFrom === 'UNIT_RESULT',
    deliveredAt: e.deliveredAt!,
    filedAt: at,
    respondBy,
    respondByMs: Date.parse(respondBy),
    decideBy,
    createdAt: at,
    updatedAt: at,
  };
  const doc: Doc = {
    ...appeal,
    // Written whole, so the holder is named: the decider as named at filing.
    ...openStep({ kind: 'DECIDE_APPEAL', owner: { nip: deciderId }, dueAt: decideBy, now }).set,
    actionSubject: {
      type: 'APPEAL',
      skpId,
      period,
      year: ids.year,
      ownerNip: e.ownerNip,
      ownerName: e.ownerName,
      unitId: e.unitId,
      predikat: rating.predikat,
    },
  };
  const summary: AppealSummary = { status: 'FILED', filedAt: at, respondBy, decideBy };
  const notices = eventNotice({
    event: 'APPEAL_FILED',
    recipients: [e.approverId, deciderId],
    agencyId: e.agencyId,
    subject: {
      type: 'APPEAL',
      skpId,
      period,
      year: ids.year,
      ownerNip: e.ownerNip,
      ownerName: e.ownerName,
    },
    params: {
      ownerName: e.ownerName,
      period: periodText(period, ids.year),
      periodEn: periodTextEn(period, ids.year),
      predikat: predikatLabel[rating.predikat],
      predikatEn: predikatLabelEn[rating.predikat],
      respondBy: localTimeIn(respondBy, e.timeZone, 'id'),
      respondByEn: localTimeIn(respondBy, e.timeZone, 'en'),
      decideBy: localTimeIn(decideBy, e.timeZone, 'id'),
      decideByEn: localTimeIn(decideBy, e.timeZone, 'en'),
    },
    at,
    occurrence: String(audit.seq),
  });
  await deps.store.commit(
    [
      {
        type: 'create',
        ref: appealRef(skpId, period),
        doc,
        explain: () => new DomainError('CONFLICT', 'APPEAL_EXISTS'),
      },
      { type: 'audit', entry: audit },
      {
        type: 'update',
        ref: evaluationRef(skpId, period),
        when: evaluationMachine.precondition(command, actor, e.auditHead, ctx),
        changes: mergeChanges(
          { set: { appeal: summary, updatedAt: at } },
          // The appraiser's side is owed on the evaluation (the approver: the appraiser, or HR for
          // an appraiser outside the chart); it follows the role when the chart moves.
          openStep({ kind: 'RESPOND_APPEAL', owner: { role: 'APPROVER' }, dueAt: respondBy, now }),
        ),
        explain: (current) =>
          evaluationMachine.explain(
            current?.type === 'EVALUATION' ? current : undefined,
            command,
            actor,
            e.auditHead,
            ctx,
            { skpId, period },
          ),
      },
      ...linked.ops,
      ...notices,
    ],
    { result: appealView(doc as unknown as StoredAppeal), ...idem(idempotency) },
  );
  return appealView(doc as unknown as StoredAppeal);
}

// ---- reading --------------------------------------------------------------------------------

export async function readAppeal(deps: Deps, actor: Actor, skpId: string, period: string) {
  idsOf(skpId, period);
  const doc = await deps.store.get(appealRef(skpId, period));
  if (!doc || !canReadAppeal(actor, doc)) throw notFound('APPEAL_NOT_FOUND', { skpId, period });
  return appealView(doc as unknown as StoredAppeal);
}

/** HR: the agency's appeals of a year, in filing order (one Query per page). */
export async function listAppeals(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  year: number,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<AppealView>> {
  assertHrOf(actor, agencyId);
  const out = await deps.store.list(
    { kind: 'APPEAL', pattern: 'ofAgencyYear', params: { agencyId, year } },
    page,
  );
  return {
    items: out.items
      .filter((d) => canReadAppeal(actor, d))
      .map((d) => appealView(d as unknown as StoredAppeal)),
    cursor: out.cursor,
  };
}

// ---- the appraiser's side ---------------------------------------------------------------------

export interface AppealChanged {
  skpId: string;
  period: string;
  status: 'RESPONDED' | 'DECIDED';
  version: number;
  etag: string;
  [field: string]: unknown;
}

/** POST .../appeal/response: one transaction; the response step on the evaluation closes with it. */
export async function respondToAppeal(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: ResponseInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
): Promise<AppealChanged> {
  idsOf(skpId, period);
  const now = deps.clock.now();
  const at = now.toISOString();
  const command: AppealCommand = { type: 'RESPOND' };
  const ctx = { skpId, period, now };
  const response = { text: input.text, by: actor.nip, at };
  const audit = nextAuditEntry(ifMatch, {
    subject: appealSubject(skpId, period),
    action: 'APPEAL_RESPONDED',
    actorNip: actor.nip,
    at,
    data: response,
  });
  const result: AppealChanged = {
    skpId,
    period,
    status: 'RESPONDED',
    version: audit.seq,
    etag: etagOf(audit),
    response,
  };
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: appealRef(skpId, period),
        when: appealMachine.precondition(command, actor, ifMatch, ctx),
        changes: {
          set: { status: 'RESPONDED', response, version: audit.seq, auditHead: headOf(audit), updatedAt: at },
        },
        explain: (current) =>
          appealMachine.explain(
            current?.type === 'APPEAL' ? current : undefined,
            command,
            actor,
            ifMatch,
            ctx,
            { skpId, period },
          ),
      },
      { type: 'audit', entry: audit },
      {
        type: 'update',
        ref: evaluationRef(skpId, period),
        when: eq('appeal.status', 'FILED'),
        changes: mergeChanges({ set: { 'appeal.status': 'RESPONDED', 'appeal.respondedAt': at } }, closeStep),
        explain: () => new DomainError('CONFLICT', 'APPEAL_EVALUATION_CHANGED'),
      },
    ],
    { result, ...idem(idempotency) },
  );
  return result;
}

// ---- the decision -----------------------------------------------------------------------------

/** POST .../appeal/decision: final. */
export const decideAppeal = (
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: DecisionInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) => orReplay(deps, idempotency, () => decide(deps, actor, skpId, period, input, ifMatch, idempotency));

async function decide(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: DecisionInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
): Promise<AppealChanged> {
  const ids = idsOf(skpId, period);
  const now = deps.clock.now();
  const at = now.toISOString();
  const [appealDoc, evalDoc, followUpDoc, cycle] = await deps.store.getMany([
    appealRef(skpId, period),
    evaluationRef(skpId, period),
    followUpRef(skpId, period),
    { kind: 'CYCLE', id: { agencyId: actor.agencyId, year: ids.year } },
  ]);
  if (!appealDoc || !canReadAppeal(actor, appealDoc)) throw notFound('APPEAL_NOT_FOUND', { skpId, period });
  const appeal = appealDoc as unknown as StoredAppeal;
  const command: AppealCommand = { type: 'DECIDE' };
  const ctx = { skpId, period, now };
  appealMachine.decide(appealDoc, command, actor, ifMatch, ctx);
  const decision = decisionOf(input, appeal, {
    nip: actor.nip,
    at,
    // HR deciding for a decider outside the chart, or for one who let it escalate to HR.
    onBehalf: hasRole(actor, 'HR') && appeal.deciderNip !== actor.nip,
  });
  const e = evalDoc as unknown as StoredEvaluation | undefined;
  const calendar = cycle?.calendar as CycleCalendar | undefined;
  if (!e?.rating || !calendar) throw new DomainError('CONFLICT', 'APPEAL_EVALUATION_CHANGED');
  const cal = calendarOf(calendar, ids.year);
  const before: Predikat = e.rating.predikat;
  const changed = decision.outcome === 'CHANGED';
  const moved = decision.predikat !== before;

  const appealAudit = nextAuditEntry(ifMatch, {
    subject: appealSubject(skpId, period),
    action: 'APPEAL_DECIDED',
    actorNip: actor.nip,
    at,
    data: decision,
  });
  const evaluationAudit = nextAuditEntry(e.auditHead, {
    subject: evaluationSubject(skpId, period),
    action: changed ? 'EVALUATION_CHANGED_BY_APPEAL' : 'EVALUATION_UPHELD_ON_APPEAL',
    actorNip: actor.nip,
    at,
    data: {
      outcome: decision.outcome,
      from: decision.previous,
      to: {
        hasilKerja: decision.hasilKerja,
        perilakuKerja: decision.perilakuKerja,
        predikat: decision.predikat,
      },
      reason: decision.reason,
      ...(decision.decisionRef ? { decisionRef: decision.decisionRef } : {}),
    },
  });
  const summary: AppealSummary = {
    ...(e.appeal ?? { filedAt: appeal.filedAt, respondBy: appeal.respondBy, decideBy: appeal.decideBy }),
    status: 'DECIDED',
    outcome: decision.outcome,
    decidedAt: at,
    ...(changed ? { previousPredikat: before } : {}),
  };
  const rating = changed
    ? {
        ...e.rating,
        hasilKerja: decision.hasilKerja,
        perilakuKerja: decision.perilakuKerja,
        predikat: decision.predikat,
        changedByAppeal: { by: actor.nip, at, previous: decision.previous },
      }
    : e.rating;
  const ops: TxOp[] = [
    {
      type: 'update',
      ref: appealRef(skpId, period),
      when: appealMachine.precondition(command, actor, ifMatch, ctx),
      changes: mergeChanges(
        {
          set: {
            status: 'DECIDED',
            decision,
            version: appealAudit.seq,
            auditHead: headOf(appealAudit),
            updatedAt: at,
          },
        },
        closeStep,
      ),
      explain: (current) =>
        appealMachine.explain(
          current?.type === 'APPEAL' ? current : undefined,
          command,
          actor,
          ifMatch,
          ctx,
          { skpId, period },
        ),
    },
    { type: 'audit', entry: appealAudit },
    {
      type: 'update',
      ref: evaluationRef(skpId, period),
      // The evaluation is the one read (its chain continues from the head read).
      when: and(eq('status', 'FINAL'), eq('version', e.version), eq('auditHead.hash', e.auditHead.hash)),
      changes: mergeChanges(
        {
          set: {
            appeal: summary,
            rating,
            predikat: rating.predikat,
            version: evaluationAudit.seq,
            auditHead: headOf(evaluationAudit),
            updatedAt: at,
            // The response step, if the appraiser never answered, is moot now.
            ...(e.pendingKind === 'RESPOND_APPEAL' ? { missed: 'RESPOND_APPEAL' } : {}),
          },
        },
        e.pendingKind === 'RESPOND_APPEAL' ? closeStep : undefined,
      ),
      explain: () => new DomainError('CONFLICT', 'APPEAL_EVALUATION_CHANGED'),
    },
    { type: 'audit', entry: evaluationAudit },
    ...(moved
      ? [
          {
            type: 'update' as const,
            ref: {
              kind: 'UNIT_RESULT' as const,
              id: { agencyId: actor.agencyId, year: ids.year, unitId: ids.unitId, period },
            },
            // A decision on appeal is final: it moves the unit's counts even after the penetapan.
            when: exists('pk'),
            changes: {
              add: { [`counts.${decision.predikat}`]: 1, [`counts.${before}`]: -1, ratingsVersion: 1 },
              set: { updatedAt: at },
              append: {
                appealChanges: [{ skpId, ownerNip: e.ownerNip, from: before, to: decision.predikat, at }],
              },
            },
            explain: () => new DomainError('CONFLICT', 'APPEAL_EVALUATION_CHANGED'),
          },
        ]
      : []),
    ...followUpAfterDecisionOps(
      e,
      followUpDoc as unknown as StoredFollowUp | undefined,
      decision.predikat,
      { nip: actor.nip, now },
      cal,
    ),
    // The owner is told in the same write; the text says whether the rating moved.
    ...eventNotice({
      event: 'APPEAL_DECIDED',
      recipients: [e.ownerNip],
      agencyId: e.agencyId,
      subject: {
        type: 'APPEAL',
        skpId,
        period,
        year: ids.year,
        ownerNip: e.ownerNip,
        outcome: decision.outcome,
        predikat: decision.predikat,
      },
      params: {
        period: periodText(period, ids.year),
        periodEn: periodTextEn(period, ids.year),
        outcome: changed
          ? `Keberatan Anda dikabulkan: predikat ${periodText(period, ids.year)} diubah dari ${predikatLabel[before]} menjadi ${predikatLabel[decision.predikat]}.`
          : `Keberatan Anda tidak dikabulkan: predikat ${periodText(period, ids.year)} tetap ${predikatLabel[before]}.`,
        outcomeEn: changed
          ? `Your appeal was granted: the rating of ${periodTextEn(period, ids.year)} changed from ${predikatLabelEn[before]} to ${predikatLabelEn[decision.predikat]}.`
          : `Your appeal was not granted: the rating of ${periodTextEn(period, ids.year)} stays ${predikatLabelEn[before]}.`,
        reason: decision.reason,
      },
      at,
      occurrence: String(appealAudit.seq),
    }),
  ];
  const result: AppealChanged = {
    skpId,
    period,
    status: 'DECIDED',
    version: appealAudit.seq,
    etag: etagOf(appealAudit),
    decision,
    evaluation: { predikat: rating.predikat, etag: etagOf(evaluationAudit) },
  };
  await deps.store.commit(ops, { result, ...idem(idempotency) });
  return result;
}
