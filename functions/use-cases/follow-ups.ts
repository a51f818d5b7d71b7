/**
 * Follow-up (tindak lanjut): opened with a final result (finalize) and re-derived by an appeal's
 * decision, in those writes' own transactions; the appraiser then records the development plan
 * and its completion, one transaction each.
 *
 * Round trips: reading, one GetItem; planning or completing, one GetItem and one
 * TransactWriteItems.
 */
import type { Predikat } from '#config/appraisal.ts';
import { followUpRules } from '#config/follow-up.ts';
import { closeStep, openStep } from '#core/action-items.ts';
import type { Actor } from '#core/actor.ts';
import { evaluationPeriodPattern, type StoredEvaluation } from '#core/appraisal/evaluation.ts';
import { type AuditHead, headOf, nextAuditEntry } from '#core/audit.ts';
import { WorkCalendar } from '#core/calendar.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import { DomainError, notFound } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { type Changes, mergeChanges } from '#core/expr.ts';
import {
  afterDecision,
  assertTargetDate,
  type CompleteInput,
  canReadFollowUp,
  type FollowUpCommand,
  followUpMachine,
  followUpView,
  type PlanInput,
  type StoredFollowUp,
  trackOf,
} from '#core/follow-up/follow-up.ts';
import type { Deps, Doc, IdempotencyKey, TxOp } from '#core/ports.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { orReplay } from './replay.ts';

export const followUpSubject = (skpId: string, period: string) => `FOLLOW_UP#${skpId}#${period}`;
export const followUpRef = (skpId: string, period: string) => ({
  kind: 'FOLLOW_UP' as const,
  id: { skpId, period },
});
const idem = (i: IdempotencyKey | undefined) => (i ? { idempotency: i } : {});

/** The agency's working-day calendar around a cycle (deadlines may fall in the next year). */
export const calendarOf = (calendar: CycleCalendar, year: number) =>
  new WorkCalendar(calendar.timeZone, [year, year + 1, year + 2], calendar.localDaysOff);

/** The fields a track starts with: a development plan is owed by the appraiser; a recognition is marked. */
function trackFields(track: 'DEVELOPMENT' | 'RECOGNITION', approverId: string, now: Date, cal: WorkCalendar) {
  if (track === 'RECOGNITION') return { status: 'RECOGNIZED' as const, step: undefined };
  const planDueAt = cal.endOfDay(cal.addWorkingDays(cal.localDate(now), followUpRules.planWorkingDays));
  return {
    status: 'PLAN_DUE' as const,
    planDueAt,
    // Written whole, the holder is named; as the approver's step it follows the role on a re-import.
    step: openStep({ kind: 'PLAN_DEVELOPMENT', owner: { nip: approverId }, dueAt: planDueAt, now }).set,
  };
}

/**
 * The operations that open the follow-up of an evaluation now `predikat` (none for Baik): the
 * document and its first audit entry. For finalize and for an appeal's decision.
 */
export function openFollowUpOps(
  e: Pick<
    StoredEvaluation,
    | 'skpId'
    | 'period'
    | 'year'
    | 'seq'
    | 'unitId'
    | 'unitName'
    | 'ownerName'
    | 'agencyId'
    | 'ownerNip'
    | 'appraiserNip'
    | 'appraiserSupervisorNip'
    | 'managerChain'
    | 'approverId'
    | 'timeZone'
  >,
  predikat: Predikat,
  by: { nip: string; now: Date; cause: 'FINAL' | 'APPEAL_DECIDED' },
  cal: WorkCalendar,
): TxOp[] {
  const track = trackOf(predikat);
  if (!track) return [];
  const at = by.now.toISOString();
  const audit = nextAuditEntry(undefined, {
    subject: followUpSubject(e.skpId, e.period),
    action: track === 'DEVELOPMENT' ? 'DEVELOPMENT_PLAN_OPENED' : 'RECOGNITION_MARKED',
    actorNip: by.nip,
    at,
    data: { predikat, cause: by.cause },
  });
  const fields = trackFields(track, e.approverId, by.now, cal);
  const doc: Doc = {
    skpId: e.skpId,
    period: e.period,
    year: e.year,
    seq: e.seq,
    unitId: e.unitId,
    unitName: e.unitName,
    ownerName: e.ownerName,
    agencyId: e.agencyId,
    ownerNip: e.ownerNip,
    appraiserNip: e.appraiserNip,
    appraiserSupervisorNip: e.appraiserSupervisorNip,
    managerChain: e.managerChain,
    approverId: e.approverId,
    timeZone: e.timeZone,
    track,
    status: fields.status,
    predikat,
    ...(fields.planDueAt ? { planDueAt: fields.planDueAt } : {}),
    ...(fields.step ? { ...fields.step, pendingRole: 'APPROVER' } : {}),
    actionSubject: {
      type: 'FOLLOW_UP',
      skpId: e.skpId,
      period: e.period,
      year: e.year,
      ownerNip: e.ownerNip,
      ownerName: e.ownerName,
      unitId: e.unitId,
      predikat,
    },
    version: audit.seq,
    auditHead: headOf(audit),
    createdAt: at,
    updatedAt: at,
  };
  return [
    {
      type: 'create',
      ref: followUpRef(e.skpId, e.period),
      doc,
      explain: () => new DomainError('CONFLICT', 'APPEAL_EVALUATION_CHANGED'),
    },
    { type: 'audit', entry: audit },
  ];
}

/**
 * What an appeal's decision does to the follow-up: opens one, cancels it, moves it to the other
 * track, or (same track) records the new predikat. The existing document is the one read.
 */
export function followUpAfterDecisionOps(
  e: Parameters<typeof openFollowUpOps>[0],
  existing: StoredFollowUp | undefined,
  predikat: Predikat,
  by: { nip: string; now: Date },
  cal: WorkCalendar,
): TxOp[] {
  const move = afterDecision(existing, predikat);
  if (!existing)
    return move === 'OPEN' ? openFollowUpOps(e, predikat, { ...by, cause: 'APPEAL_DECIDED' }, cal) : [];
  if (move === 'KEEP' && existing.predikat === predikat) return [];
  const at = by.now.toISOString();
  const next = trackOf(predikat);
  // What the track was, whole: a plan made or completed stays on the record, not only in the audit.
  const previous = {
    track: existing.track,
    status: existing.status,
    predikat: existing.predikat,
    until: at,
    ...(existing.plan ? { plan: existing.plan } : {}),
    ...(existing.completion ? { completion: existing.completion } : {}),
  };
  let changes: Changes;
  if (move === 'KEEP') changes = { set: { predikat, 'actionSubject.predikat': predikat } };
  // A development already completed happened: it stays COMPLETED under the new predikat.
  else if (move === 'CANCEL' && existing.status === 'COMPLETED')
    changes = { set: { predikat, 'actionSubject.predikat': predikat } };
  else if (move === 'CANCEL') changes = mergeChanges({ set: { status: 'CANCELLED' } }, closeStep);
  else {
    // OPEN (after a cancelled track) or SWITCH: the track starts afresh; the old one is kept in `previous`.
    const fields = trackFields(next!, e.approverId, by.now, cal);
    changes = mergeChanges(
      closeStep,
      {
        set: {
          track: next,
          status: fields.status,
          predikat,
          'actionSubject.predikat': predikat,
          ...(fields.planDueAt ? { planDueAt: fields.planDueAt } : {}),
        },
        remove: ['plan', 'completion', ...(fields.planDueAt ? [] : ['planDueAt'])],
      },
      fields.step ? { set: { ...fields.step, pendingRole: 'APPROVER' } } : undefined,
    );
  }
  const audit = nextAuditEntry(existing.auditHead, {
    subject: followUpSubject(e.skpId, e.period),
    action: 'FOLLOW_UP_REDERIVED',
    actorNip: by.nip,
    at,
    data: { move, predikat, previous },
  });
  return [
    {
      type: 'update',
      ref: followUpRef(e.skpId, e.period),
      when: { op: 'eq', path: 'version', value: existing.version },
      changes: mergeChanges(changes, {
        set: { version: audit.seq, auditHead: headOf(audit), updatedAt: at },
        ...(move === 'KEEP' ? {} : { append: { previous: [previous] } }),
      }),
      explain: () => new DomainError('CONFLICT', 'APPEAL_EVALUATION_CHANGED'),
    },
    { type: 'audit', entry: audit },
  ];
}

function idsOf(skpId: string, period: string) {
  const id = parseSkpId(skpId);
  if (!id || !evaluationPeriodPattern.test(period)) throw notFound('FOLLOW_UP_NOT_FOUND', { skpId, period });
  return { ...id, skpId, period };
}

/** GET .../follow-up: one GetItem. */
export async function readFollowUp(deps: Deps, actor: Actor, skpId: string, period: string) {
  idsOf(skpId, period);
  const doc = await deps.store.get(followUpRef(skpId, period));
  if (!doc || !canReadFollowUp(actor, doc)) throw notFound('FOLLOW_UP_NOT_FOUND', { skpId, period });
  return followUpView(doc as unknown as StoredFollowUp);
}

export type FollowUpChange = { type: 'PLAN'; input: PlanInput } | { type: 'COMPLETE'; input: CompleteInput };

/**
 * PUT .../follow-up/plan and POST .../follow-up/complete (the appraiser). One GetItem (the
 * target date is a local date of the agency's zone, which the document carries) and one
 * transaction, under the machine's precondition. A plan opens the completion step, due at the
 * end of its target date (reminders before it, escalation after).
 */
export const changeFollowUp = (
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  change: FollowUpChange,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) => orReplay(deps, idempotency, () => change1(deps, actor, skpId, period, change, ifMatch, idempotency));

async function change1(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  change: FollowUpChange,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) {
  idsOf(skpId, period);
  const now = deps.clock.now();
  const at = now.toISOString();
  const command: FollowUpCommand = { type: change.type };
  const ctx = { skpId, period };
  const doc = await deps.store.get(followUpRef(skpId, period));
  if (!doc || !canReadFollowUp(actor, doc)) throw notFound('FOLLOW_UP_NOT_FOUND', { skpId, period });
  followUpMachine.decide(doc, command, actor, ifMatch, ctx);
  let changes: Changes;
  let data: unknown;
  if (change.type === 'PLAN') {
    const cal = new WorkCalendar(String(doc.timeZone), []);
    assertTargetDate(change.input.targetDate, cal.localDate(now));
    const plan = { ...change.input, plannedBy: actor.nip, plannedAt: at };
    data = plan;
    changes = mergeChanges(
      { set: { status: 'PLANNED', plan } },
      openStep({
        kind: 'COMPLETE_DEVELOPMENT',
        owner: { role: 'APPROVER' },
        dueAt: cal.endOfDay(change.input.targetDate),
        now,
      }),
    );
  } else {
    const completion = { note: change.input.note, completedBy: actor.nip, completedAt: at };
    changes = mergeChanges({ set: { status: 'COMPLETED', completion } }, closeStep);
    data = completion;
  }
  const audit = nextAuditEntry(ifMatch, {
    subject: followUpSubject(skpId, period),
    action: change.type === 'PLAN' ? 'DEVELOPMENT_PLANNED' : 'DEVELOPMENT_COMPLETED',
    actorNip: actor.nip,
    at,
    data,
  });
  const result = {
    skpId,
    period,
    status: change.type === 'PLAN' ? ('PLANNED' as const) : ('COMPLETED' as const),
    version: audit.seq,
    etag: etagOf(audit),
  };
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: followUpRef(skpId, period),
        when: followUpMachine.precondition(command, actor, ifMatch, ctx),
        changes: mergeChanges(changes, {
          set: { version: audit.seq, auditHead: headOf(audit), updatedAt: at },
        }),
        explain: (current) =>
          followUpMachine.explain(
            current?.type === 'FOLLOW_UP' ? current : undefined,
            command,
            actor,
            ifMatch,
            ctx,
            { skpId, period },
          ),
      },
      { type: 'audit', entry: audit },
    ],
    { result, ...idem(idempotency) },
  );
  return result;
}
