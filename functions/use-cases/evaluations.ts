/**
 * Evaluations and unit results: the core decides, one transaction persists (the evaluation with
 * its step, the unit's predikat counts, the audit entry, the delivery notice, the idempotency
 * record).
 *
 * Round trips (DynamoDB):
 *  - read an evaluation: one Query (the SKP's check-ins, peer requests and evaluations share a
 *    prefix), because the capaian and the suggestion come from the check-ins.
 *  - rate: that Query and one GetItem of the unit result, in parallel (the suggestion needs the
 *    check-ins, a unit head's hasil kerja the unit's result), then one transaction.
 *  - finalize: one BatchGetItem (the evaluation, for the delivery notice, and the unit result, for
 *    the curve) and one transaction, which checks the counts it judged are still the counts.
 *  - reassign: one GetItem of the new appraiser's profile (same agency) and one transaction.
 *  - unit result: one GetItem to read; a change is one transaction.
 * Evaluations and unit results are opened by the phases (see `openEvaluationsPage`).
 */
import { appraisalRules, headRatingOf, type OrganizationResult, type Predikat } from '#config/appraisal.ts';
import { closeStep, hrInbox, openStep } from '#core/action-items.ts';
import type { Actor } from '#core/actor.ts';
import { hasRole } from '#core/actor.ts';
import type { StoredAppeal } from '#core/appeal/appeal.ts';
import { predikatLabelEn } from '#core/appraisal/document.ts';
import {
  assess,
  type CheckinForAssessment,
  canReadEvaluation,
  type EvaluationCommand,
  evaluationMachine,
  evaluationPeriodPattern,
  type FinalizeInput,
  type RateInput,
  type ReassignInput,
  ratingBasis,
  ratingOf,
  type StoredEvaluation,
} from '#core/appraisal/evaluation.ts';
import { checkCurve, noCounts } from '#core/appraisal/rules.ts';
import {
  canReadUnitResult,
  type OrganizationRatingInput,
  type StoredUnitResult,
  type UnitResultCommand,
  unitResultMachine,
} from '#core/appraisal/unit-result.ts';
import { evaluationView, unitResultView } from '#core/appraisal/view.ts';
import { type AuditHead, headOf, nextAuditEntry } from '#core/audit.ts';
import { WorkCalendar } from '#core/calendar.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import { periodMonths } from '#core/cycle.ts';
import { type JobType, postStartMonth } from '#core/employee.ts';
import { DomainError, notFound, validationFailed } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { and, eq, exists, mergeChanges, ne } from '#core/expr.ts';
import type { StoredFollowUp } from '#core/follow-up/follow-up.ts';
import { localTimeIn } from '#core/notifications.ts';
import { policyOf, spanEnd } from '#core/policy.ts';
import type { Deps, Doc, IdempotencyKey } from '#core/ports.ts';
import { periodTargetOf, type SkpContent } from '#core/skp/content.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { cycleCalendar } from './calendars.ts';
import { calendarOf, openFollowUpOps } from './follow-ups.ts';
import { eventNotice } from './notices.ts';
import { policyRef } from './policy.ts';
import { orReplay } from './replay.ts';
import { skpServiceFeedback } from './surveys.ts';

const idem = (i: IdempotencyKey | undefined) => (i ? { idempotency: i } : {});

export const evaluationSubject = (skpId: string, period: string) => `EVALUATION#${skpId}#${period}`;
export const unitResultSubject = (agencyId: string, year: number, unitId: string, period: string) =>
  `UNIT_RESULT#${agencyId}#${year}#${unitId}#${period}`;

function idsOf(skpId: string, period: string) {
  const id = parseSkpId(skpId);
  if (!id || !evaluationPeriodPattern.test(period)) throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  return { ...id, skpId, period };
}

const evaluationRef = (skpId: string, period: string) => ({
  kind: 'EVALUATION' as const,
  id: { skpId, period },
});
const unitResultRef = (agencyId: string, year: number, unitId: string, period: string) => ({
  kind: 'UNIT_RESULT' as const,
  id: { agencyId, year, unitId, period },
});

// ---- reading ------------------------------------------------------------------------------------

interface PeriodDocs {
  evaluation: StoredEvaluation | undefined;
  checkins: CheckinForAssessment[];
  peers: { period: string; status: string }[];
  appeal: StoredAppeal | undefined;
  followUp: StoredFollowUp | undefined;
}

/** The SKP's check-ins, peer requests and the one evaluation asked for: one Query (paged). */
async function periodDocs(deps: Pick<Deps, 'store'>, skpId: string, period: string): Promise<PeriodDocs> {
  const out: PeriodDocs = {
    evaluation: undefined,
    checkins: [],
    peers: [],
    appeal: undefined,
    followUp: undefined,
  };
  for await (const page of deps.store.pages({
    kind: 'CHECKIN',
    pattern: 'periodDocsOfSkp',
    params: { skpId },
  })) {
    for (const d of page) {
      if (d.type === 'EVALUATION' && d.period === period) out.evaluation = d as unknown as StoredEvaluation;
      else if (d.type === 'CHECKIN') out.checkins.push(d as unknown as CheckinForAssessment);
      else if (d.type === 'PEER_REQUEST')
        out.peers.push({ period: String(d.period), status: String(d.status) });
      else if (d.type === 'APPEAL' && d.period === period) out.appeal = d as unknown as StoredAppeal;
      else if (d.type === 'FOLLOW_UP' && d.period === period) out.followUp = d as unknown as StoredFollowUp;
    }
  }
  return out;
}

const peerCounts = (peers: PeriodDocs['peers'], period: string) => {
  const mine = period === 'ANNUAL' ? peers : peers.filter((p) => p.period === period);
  return { requested: mine.length, given: mine.filter((p) => p.status === 'GIVEN').length };
};

export type EvaluationView = ReturnType<typeof evaluationView>;

export async function readEvaluation(deps: Deps, actor: Actor, skpId: string, period: string) {
  idsOf(skpId, period);
  // The owner's service-feedback aggregate, read beside the evaluation (shown next to perilaku).
  const serviceFeedback = skpServiceFeedback(deps, actor.agencyId, skpId, period);
  serviceFeedback.catch(() => {});
  const docs = await periodDocs(deps, skpId, period);
  const e = docs.evaluation;
  if (!e || !canReadEvaluation(actor, e as unknown as Doc))
    throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  return {
    ...evaluationView(
      e,
      assess(e, checkinsShown(e, docs.checkins), peerCounts(docs.peers, period)),
      { owner: actor.nip === e.ownerNip },
      docs.followUp,
    ),
    serviceFeedback: await serviceFeedback,
  };
}

/** A final evaluation shows what it was rated on; an open one, the check-ins as they are now. */
const checkinsShown = (e: StoredEvaluation, live: CheckinForAssessment[]): CheckinForAssessment[] =>
  e.status === 'FINAL' && e.basis
    ? e.basis.checkins.map((c) => ({ ...c, status: 'BASIS', targets: [] }) as CheckinForAssessment)
    : live;

/** The evaluation and what its document shows (the SKP's check-ins for realisasi and feedback). */
export async function readEvaluationForDocument(deps: Deps, actor: Actor, skpId: string, period: string) {
  idsOf(skpId, period);
  const docs = await periodDocs(deps, skpId, period);
  const e = docs.evaluation;
  if (!e || !canReadEvaluation(actor, e as unknown as Doc))
    throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const shown = checkinsShown(e, docs.checkins);
  return {
    evaluation: e,
    checkins: shown,
    appeal: docs.appeal,
    followUp: docs.followUp,
    live: assess(e, shown, peerCounts(docs.peers, period)),
  };
}

// ---- rating ------------------------------------------------------------------------------------

export interface EvaluationChanged {
  skpId: string;
  period: string;
  /** Absent when the change keeps the status (a reassignment). */
  status?: 'RATED' | 'FINAL';
  version: number;
  etag: string;
  [field: string]: unknown;
}

/** PUT .../evaluation: rate (or re-rate) work results and behaviour; the predikat is derived. */
export const rateEvaluation = (
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: RateInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) => orReplay(deps, idempotency, () => rate(deps, actor, skpId, period, input, ifMatch, idempotency));

async function rate(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: RateInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
): Promise<EvaluationChanged> {
  const ids = idsOf(skpId, period);
  const now = deps.clock.now();
  const at = now.toISOString();
  // Side by side: the SKP's check-ins (one Query) and the unit result with the SKP's ekspektasi.
  const [docs, [unitDoc, skp]] = await Promise.all([
    periodDocs(deps, skpId, period),
    deps.store.getMany([
      unitResultRef(actor.agencyId, ids.year, ids.unitId, period),
      { kind: 'SKP', id: { skpId } },
    ]),
  ]);
  const e = docs.evaluation;
  if (!e || !canReadEvaluation(actor, e as unknown as Doc))
    throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const command: EvaluationCommand = { type: 'RATE' };
  const ctx = { skpId, period, now };
  // Decided here from what was read (the write's condition decides again, atomically).
  evaluationMachine.decide(e as unknown as Doc, command, actor, ifMatch, ctx);
  const unit = unitDoc as unknown as StoredUnitResult | undefined;
  if (!unit) throw new DomainError('CONFLICT', 'UNIT_RESULT_NOT_OPEN', { unitId: ids.unitId, period });
  const headsUnit = unit.headNip === e.ownerNip;
  const rating = ratingOf(
    input,
    {
      headsUnit,
      unitResult: unit.result,
      headRating: unit.result ? headRatingOf[unit.result] : undefined,
      unitId: ids.unitId,
      period,
    },
    { nip: actor.nip, at, onBehalf: e.appraiserNip === null && hasRole(actor, 'HR') },
  );
  const { suggestion, considered } = assess(e, docs.checkins, peerCounts(docs.peers, period));
  const basis = ratingBasis(period, docs.checkins, skp?.ekspektasi as Record<string, string> | undefined);
  const audit = nextAuditEntry(ifMatch, {
    subject: evaluationSubject(skpId, period),
    action: 'EVALUATION_RATED',
    actorNip: actor.nip,
    at,
    data: { rating, suggestedHasilKerja: suggestion.hasilKerja, considered },
  });
  const before = e.rating?.predikat;
  const moved = before !== rating.predikat;
  const result: EvaluationChanged = {
    skpId,
    period,
    status: 'RATED',
    version: audit.seq,
    etag: etagOf(audit),
    rating,
    hasilKerja: rating.hasilKerja,
    perilakuKerja: rating.perilakuKerja,
    predikat: rating.predikat,
    suggestedHasilKerja: suggestion.hasilKerja,
    suggestion,
  };
  const written = await deps.store.commit(
    [
      {
        type: 'update',
        ref: evaluationRef(skpId, period),
        // The rating replaced is the one read: the version names it.
        when: evaluationMachine.precondition(command, actor, ifMatch, ctx),
        changes: {
          set: {
            status: 'RATED',
            rating,
            predikat: rating.predikat,
            suggestion,
            considered,
            basis,
            version: audit.seq,
            updatedAt: at,
            auditHead: headOf(audit),
          },
        },
        explain: (current) =>
          evaluationMachine.explain(
            current?.type === 'EVALUATION' ? current : undefined,
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
        ref: unitResultRef(actor.agencyId, ids.year, ids.unitId, period),
        // A head's hasil kerja is the result read; the penetapan is not signed yet.
        when: and(exists('pk'), ne('status', 'SIGNED'), ...(headsUnit ? [eq('result', unit.result!)] : [])),
        changes: moved
          ? {
              add: {
                [`counts.${rating.predikat}`]: 1,
                ...(before ? { [`counts.${before}`]: -1 } : {}),
                ratingsVersion: 1,
              },
              set: { updatedAt: at },
            }
          : { set: { updatedAt: at } },
        explain: (current) =>
          current?.status === 'SIGNED'
            ? new DomainError('CONFLICT', 'PENETAPAN_SIGNED')
            : new DomainError('CONFLICT', 'UNIT_RESULT_CHANGED'),
      },
    ],
    { result, ...idem(idempotency) },
  );
  deps.metrics.count('EvaluationsRated');
  // On a replay, the first answer (what was written then), never this attempt's.
  return written;
}

/**
 * POST .../evaluation/finalize: RATED -> FINAL. The unit's distribution is checked against its
 * pattern; a breach needs the appraiser's confirmation with a reason (both stored and audited).
 * The result is delivered to the employee (in-app and by the daily e-mail) and the delivery
 * recorded: the appeal window counts from it.
 */
export const finalizeEvaluation = (
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: FinalizeInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) => orReplay(deps, idempotency, () => finalize(deps, actor, skpId, period, input, ifMatch, idempotency));

async function finalize(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: FinalizeInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
): Promise<EvaluationChanged> {
  const ids = idsOf(skpId, period);
  const now = deps.clock.now();
  const at = now.toISOString();
  const [found, unitDoc, policyDoc, cycle] = await deps.store.getMany([
    evaluationRef(skpId, period),
    unitResultRef(actor.agencyId, ids.year, ids.unitId, period),
    policyRef(actor.agencyId),
    { kind: 'CYCLE', id: { agencyId: actor.agencyId, year: ids.year } },
  ]);
  const e = found as unknown as StoredEvaluation | undefined;
  if (!e || !canReadEvaluation(actor, e as unknown as Doc))
    throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const calendar = cycle?.calendar as CycleCalendar | undefined;
  if (!calendar) throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const cal = calendarOf(calendar, ids.year);
  // The appeal window is the employee's own: it counts from this delivery, by the agency's policy.
  const appealUntil = spanEnd(now, policyOf(policyDoc).appeal.fileWithin, cal);
  const command: EvaluationCommand = { type: 'FINALIZE' };
  const ctx = { skpId, period, now };
  evaluationMachine.decide(e as unknown as Doc, command, actor, ifMatch, ctx);
  const onBehalf = e.appraiserNip === null && hasRole(actor, 'HR');
  if (onBehalf && !input.decisionRef)
    throw validationFailed([{ path: 'decisionRef', code: 'DECISION_REF_REQUIRED' }]);
  // Only HR acting for an appraiser outside the chart names a decision: nobody else may stamp one.
  if (!onBehalf && input.decisionRef)
    throw validationFailed([{ path: 'decisionRef', code: 'DECISION_REF_ON_BEHALF_ONLY' }]);
  const unit = unitDoc as unknown as StoredUnitResult | undefined;
  if (!unit?.result) throw new DomainError('CONFLICT', 'UNIT_RESULT_NOT_SET', { unitId: ids.unitId, period });
  // A head's hasil kerja is the unit's result: rated under another one, it must be rated again.
  if (e.rating?.hasilKerjaFrom === 'UNIT_RESULT' && e.rating.unitResult !== unit.result)
    throw new DomainError('CONFLICT', 'HEAD_RATING_STALE', {
      rated: String(e.rating.unitResult),
      result: unit.result,
    });
  const checked = checkCurve(unit.result, { ...noCounts(), ...unit.counts });
  if (checked.breaches.length && !(input.confirmBreach === true && input.reason)) {
    throw new DomainError(
      'UNPROCESSABLE',
      'CURVE_BREACH_UNCONFIRMED',
      { result: unit.result, breaches: checked.breaches.map((b) => b.code).join(', ') },
      [
        ...(input.confirmBreach === true ? [] : [{ path: 'confirmBreach', code: 'CURVE_BREACH_CONFIRM' }]),
        ...(input.reason ? [] : [{ path: 'reason', code: 'REQUIRED' }]),
      ],
    );
  }
  const curveRecord = {
    result: unit.result,
    breaches: checked.breaches,
    confirmed: checked.breaches.length > 0,
    ...(checked.breaches.length && input.reason ? { reason: input.reason } : {}),
  };
  const audit = nextAuditEntry(ifMatch, {
    subject: evaluationSubject(skpId, period),
    action: 'EVALUATION_FINALIZED',
    actorNip: actor.nip,
    at,
    data: {
      predikat: e.rating?.predikat,
      curve: curveRecord,
      counts: unit.counts,
      ...(input.decisionRef ? { decisionRef: input.decisionRef } : {}),
      deliveredAt: at,
      appealUntil,
    },
  });
  const predikat = e.rating!.predikat;
  // The owner is told in the same write (the appeal window counts from this delivery).
  const notice = eventNotice({
    event: 'RESULT_DELIVERED',
    recipients: [e.ownerNip],
    agencyId: e.agencyId,
    subject: { type: 'EVALUATION', skpId, period, year: ids.year, ownerNip: e.ownerNip, predikat },
    params: {
      period: period === 'ANNUAL' ? `tahun ${ids.year}` : `periode ${period} ${ids.year}`,
      periodEn: period === 'ANNUAL' ? `the year ${ids.year}` : `${period} ${ids.year}`,
      predikat: predikatLabel[predikat],
      predikatEn: predikatLabelEn[predikat],
      deliveredAt: localTimeIn(at, e.timeZone, 'id'),
      deliveredAtEn: localTimeIn(at, e.timeZone, 'en'),
      appealUntil: localTimeIn(appealUntil, e.timeZone, 'id'),
      appealUntilEn: localTimeIn(appealUntil, e.timeZone, 'en'),
    },
    at,
    occurrence: String(audit.seq),
  });
  const result: EvaluationChanged = {
    skpId,
    period,
    status: 'FINAL',
    version: audit.seq,
    etag: etagOf(audit),
    predikat,
    curve: curveRecord,
    finalizedAt: at,
    deliveredAt: at,
    appealUntil,
  };
  const written = await deps.store.commit(
    [
      {
        type: 'update',
        ref: evaluationRef(skpId, period),
        when: evaluationMachine.precondition(command, actor, ifMatch, ctx),
        changes: mergeChanges(
          {
            set: {
              status: 'FINAL',
              curve: curveRecord,
              finalizedAt: at,
              finalizedBy: actor.nip,
              deliveredAt: at,
              appealUntil,
              appealUntilMs: Date.parse(appealUntil),
              ...(input.decisionRef ? { finalDecisionRef: input.decisionRef } : {}),
              version: audit.seq,
              updatedAt: at,
              auditHead: headOf(audit),
            },
          },
          closeStep,
        ),
        explain: (current) =>
          evaluationMachine.explain(
            current?.type === 'EVALUATION' ? current : undefined,
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
        ref: unitResultRef(actor.agencyId, ids.year, ids.unitId, period),
        // The distribution judged is the distribution: no rating moved, the result is the same.
        when: and(
          eq('ratingsVersion', unit.ratingsVersion),
          eq('result', unit.result),
          ne('status', 'SIGNED'),
        ),
        changes: { add: { finalCount: 1 }, set: { updatedAt: at } },
        explain: (current) =>
          current?.status === 'SIGNED'
            ? new DomainError('CONFLICT', 'PENETAPAN_SIGNED')
            : new DomainError('CONFLICT', 'DISTRIBUTION_CHANGED'),
      },
      ...notice,
      // Tindak lanjut: a low predikat opens the appraiser's development plan, Sangat Baik a recognition.
      ...openFollowUpOps(e, predikat, { nip: actor.nip, now, cause: 'FINAL' }, cal),
    ],
    { result, ...idem(idempotency) },
  );
  deps.metrics.count('EvaluationsFinalized');
  return written;
}

const predikatLabel: Record<Predikat, string> = {
  SANGAT_BAIK: 'Sangat Baik',
  BAIK: 'Baik',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG: 'Kurang',
  SANGAT_KURANG: 'Sangat Kurang',
};

/** HR names another appraiser (the appraiser is on long leave, or conflicted); the step follows. */
export const reassignAppraiser = (
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: ReassignInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) => orReplay(deps, idempotency, () => reassign(deps, actor, skpId, period, input, ifMatch, idempotency));

async function reassign(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: ReassignInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
): Promise<EvaluationChanged> {
  idsOf(skpId, period);
  const now = deps.clock.now();
  const at = now.toISOString();
  // One round trip: the new appraiser's profile and the evaluation (whose appraiser is replaced).
  const [profile, found] = await deps.store.getMany([
    { kind: 'EMPLOYEE', id: { nip: input.appraiserNip } },
    evaluationRef(skpId, period),
  ]);
  const e = found as unknown as StoredEvaluation | undefined;
  if (!e || !canReadEvaluation(actor, e as unknown as Doc))
    throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const command: EvaluationCommand = { type: 'REASSIGN', appraiserNip: input.appraiserNip };
  const ctx = { skpId, period, now };
  evaluationMachine.decide(e as unknown as Doc, command, actor, ifMatch, ctx);
  if (!profile || profile.agencyId !== actor.agencyId)
    throw validationFailed([
      { path: 'appraiserNip', code: 'UNKNOWN_EMPLOYEE', params: { nip: input.appraiserNip } },
    ]);
  const audit = nextAuditEntry(ifMatch, {
    subject: evaluationSubject(skpId, period),
    action: 'EVALUATION_REASSIGNED',
    actorNip: actor.nip,
    at,
    data: { to: input.appraiserNip, reason: input.reason },
  });
  const result: EvaluationChanged = {
    skpId,
    period,
    version: audit.seq,
    etag: etagOf(audit),
    appraiserNip: input.appraiserNip,
  };
  return deps.store.commit(
    [
      {
        type: 'update',
        ref: evaluationRef(skpId, period),
        when: evaluationMachine.precondition(command, actor, ifMatch, ctx),
        changes: {
          set: {
            appraiserNip: input.appraiserNip,
            approverId: input.appraiserNip,
            // The appraiser's supervisor (who would decide an appeal) is the new appraiser's.
            appraiserSupervisorNip: (profile.supervisorNip as string | null | undefined) ?? null,
            // The open step (rate, then finalize) goes to the new appraiser.
            pendingOwner: input.appraiserNip,
            version: audit.seq,
            updatedAt: at,
            auditHead: headOf(audit),
          },
          append: {
            reassignments: [
              { from: e.appraiserNip, to: input.appraiserNip, reason: input.reason, by: actor.nip, at },
            ],
          },
        },
        explain: (current) =>
          evaluationMachine.explain(
            current?.type === 'EVALUATION' ? current : undefined,
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
}

// ---- unit results ---------------------------------------------------------------------------

function unitIds(agencyId: string, year: number, unitId: string, period: string) {
  if (!evaluationPeriodPattern.test(period) || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(unitId))
    throw notFound('UNIT_RESULT_NOT_FOUND', { unitId, period });
  return { agencyId, year, unitId, period };
}

export async function readUnitResult(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  year: number,
  unitId: string,
  period: string,
) {
  unitIds(agencyId, year, unitId, period);
  const doc =
    agencyId === actor.agencyId
      ? await deps.store.get(unitResultRef(agencyId, year, unitId, period))
      : undefined;
  if (!doc || !canReadUnitResult(actor, doc)) throw notFound('UNIT_RESULT_NOT_FOUND', { unitId, period });
  return unitResultView(doc as unknown as StoredUnitResult);
}

export type UnitResultChange =
  | { type: 'SET'; input: OrganizationRatingInput }
  | { type: 'SIGN'; period: string; decisionRef?: string | undefined };

/** PUT organization-rating (SET) and POST penetapan (SIGN): one transaction each. */
export async function changeUnitResult(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  year: number,
  unitId: string,
  change: UnitResultChange,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) {
  const period = change.type === 'SET' ? change.input.period : change.period;
  unitIds(agencyId, year, unitId, period);
  if (agencyId !== actor.agencyId) throw notFound('UNIT_RESULT_NOT_FOUND', { unitId, period });
  const decisionRef = change.type === 'SET' ? change.input.decisionRef : change.decisionRef;
  const now = deps.clock.now();
  const at = now.toISOString();
  const command: UnitResultCommand = { type: change.type, decisionRef };
  // The leader next owes the penetapan, once the unit's evaluations are final.
  let penetapanDue: string | undefined;
  if (change.type === 'SET') {
    const calendar = await cycleCalendar(deps, agencyId, year);
    const deadline =
      period === 'ANNUAL'
        ? calendar?.deadlines.annualReview
        : calendar?.periods.find((p) => p.period === period)?.reviewDeadline;
    if (!calendar || !deadline) throw notFound('UNIT_RESULT_NOT_FOUND', { unitId, period });
    const cal = new WorkCalendar(calendar.timeZone, [year, year + 2], calendar.localDaysOff);
    penetapanDue = cal.endOfDay(
      cal.addWorkingDays(cal.localDate(new Date(deadline)), appraisalRules.penetapanWorkingDays),
    );
  }
  const ctx = { unitId, period };
  const audit = nextAuditEntry(ifMatch, {
    subject: unitResultSubject(agencyId, year, unitId, period),
    action: change.type === 'SET' ? 'UNIT_RESULT_SET' : 'PENETAPAN_SIGNED',
    actorNip: actor.nip,
    at,
    data: change.type === 'SET' ? change.input : { decisionRef },
  });
  const changes =
    change.type === 'SET'
      ? mergeChanges(
          {
            set: {
              status: 'SET',
              result: change.input.rating as OrganizationResult,
              setBy: actor.nip,
              setAt: at,
              ...(change.input.decisionRef ? { decisionRef: change.input.decisionRef } : {}),
              ...(change.input.notes ? { notes: change.input.notes } : {}),
            },
          },
          openStep({ kind: 'SIGN_PENETAPAN', owner: { role: 'LEADER' }, dueAt: penetapanDue!, now }),
        )
      : mergeChanges(
          {
            set: {
              status: 'SIGNED',
              signedBy: actor.nip,
              signedAt: at,
              ...(decisionRef ? { signedDecisionRef: decisionRef } : {}),
            },
          },
          closeStep,
        );
  const result = {
    agencyId,
    year,
    unitId,
    period,
    status: change.type === 'SET' ? ('SET' as const) : ('SIGNED' as const),
    version: audit.seq,
    etag: etagOf(audit),
    ...(change.type === 'SET' ? { result: change.input.rating } : { signedAt: at }),
  };
  return deps.store.commit(
    [
      {
        type: 'update',
        ref: unitResultRef(agencyId, year, unitId, period),
        when: unitResultMachine.precondition(command, actor, ifMatch, ctx),
        changes: mergeChanges(changes, {
          set: { version: audit.seq, updatedAt: at, auditHead: headOf(audit) },
        }),
        explain: (current) =>
          unitResultMachine.explain(
            current?.type === 'UNIT_RESULT' ? current : undefined,
            command,
            actor,
            ifMatch,
            ctx,
            { unitId, period },
          ),
      },
      { type: 'audit', entry: audit },
    ],
    { result, ...idem(idempotency) },
  );
}

// ---- opening (the phases) -------------------------------------------------------------------

export interface PageEmployee {
  nip: string;
  name: string;
  agencyId: string;
  unitId: string;
  unitName?: string;
  supervisorNip: string | null;
  managerChain: string[];
  /** After a move mid-year: the month the current post began (its SKP is numbered by it). */
  postSince?: string;
  jobType?: JobType;
}

/**
 * Opens, for one page of employees, the period's evaluations (each employee with an approved
 * SKP) and their units' results. Idempotent: each is created only if absent, so a retried page
 * or a later wake-up opens only what is missing (an SKP approved late). A unit's head is its
 * topmost member along the chain; the leader is the head's supervisor (none: HR records).
 */
export async function openEvaluationsPage(
  deps: Deps,
  run: { agencyId: string; year: number; period: string; opensAt: string; dueAt: string; timeZone: string },
  employees: readonly PageEmployee[],
  periodsInYear: number,
  now: Date,
): Promise<{ evaluations: number; unitResults: number }> {
  if (!employees.length) return { evaluations: 0, unitResults: 0 };
  const at = now.toISOString();
  // Each SKP of the year whose months meet the period's: the year's first, and after a move
  // mid-year the new post's (numbered by its first month); an ENDED one is evaluated for its months.
  const [from, to] = periodMonths(run.period);
  const wanted = employees.flatMap((e) => {
    const start = postStartMonth(e, run.year);
    return (start === 1 ? [1] : [1, start]).map((seq) => ({ e, seq }));
  });
  const skps = await deps.store.getMany(
    wanted.map(({ e, seq }) => ({ kind: 'SKP' as const, id: { nip: e.nip, year: run.year, seq } })),
  );
  const approved = wanted.flatMap(({ e }, i) => {
    const skp = skps[i];
    const meets = skp && Number(skp.startMonth ?? 1) <= to && Number(skp.endMonth ?? 12) >= from;
    return skp?.approvedContent && meets ? [{ e, skp }] : [];
  });
  const existing = await deps.store.getMany(
    approved.map(({ skp }) => evaluationRef(String(skp.skpId), run.period)),
    ['skpId'],
  );
  const missing = approved.filter((_, i) => !existing[i]);

  // The units of the page, each with its head and leader (from the chain members' profiles).
  const inPage = new Map(employees.map((e) => [e.nip, e]));
  // An SKP of a post left mid-year keeps the chain of that post: its unit is found along it.
  const chainOf = (skp: Doc) => (skp.managerChain as string[] | undefined) ?? [];
  const chainNips = [
    ...new Set([...employees.flatMap((e) => e.managerChain), ...approved.flatMap(({ skp }) => chainOf(skp))]),
  ].filter((n) => !inPage.has(n));
  const chainProfiles = await deps.store.getMany(
    chainNips.map((nip) => ({ kind: 'EMPLOYEE' as const, id: { nip } })),
    ['nip', 'name', 'unitId', 'supervisorNip', 'managerChain', 'agencyId'],
  );
  const people = new Map<string, PageEmployee>(inPage);
  for (const p of chainProfiles) if (p) people.set(String(p.nip), p as unknown as PageEmployee);
  const units = new Map<string, { head: PageEmployee; unitName: string }>();
  // Keyed by the SKP's unit (its id names it), which its evaluation counts in: after a mutasi the
  // profile's unit may already be another.
  for (const { e, skp } of approved) {
    const unitId = parseSkpId(String(skp.skpId))!.unitId;
    if (units.has(unitId)) continue;
    const here = e.unitId === unitId;
    let head: PageEmployee | undefined = here ? e : undefined;
    for (const nip of here ? e.managerChain : chainOf(skp)) {
      const up = people.get(nip);
      if (!up || up.unitId !== unitId) break;
      head = up;
    }
    units.set(unitId, { head: head ?? e, unitName: String(skp.unitName ?? e.unitName ?? unitId) });
  }
  let unitResults = 0;
  const taken = new DomainError('CONFLICT', 'ALREADY_OPEN');
  await Promise.all(
    [...units].map(async ([unitId, { head, unitName }]) => {
      const leaderNip = head.supervisorNip;
      const audit = nextAuditEntry(undefined, {
        subject: unitResultSubject(run.agencyId, run.year, unitId, run.period),
        action: 'UNIT_RESULT_OPENED',
        actorNip: 'SYSTEM',
        at,
        data: { headNip: head.nip, leaderNip },
      });
      const doc: StoredUnitResult & Doc = {
        agencyId: run.agencyId,
        year: run.year,
        period: run.period,
        unitId,
        unitName,
        headNip: head.nip,
        headName: head.name,
        leaderNip,
        leaderChain: head.managerChain,
        status: 'OPEN',
        version: audit.seq,
        auditHead: headOf(audit),
        timeZone: run.timeZone,
        dueAt: run.dueAt,
        counts: noCounts(),
        evaluations: 0,
        finalCount: 0,
        ratingsVersion: 0,
        leaderId: leaderNip ?? hrInbox(run.agencyId),
        // Written whole: the owner is named (a role is resolved only by an update).
        ...(openStep({
          kind: 'SET_UNIT_RESULT',
          owner: { nip: leaderNip ?? hrInbox(run.agencyId) },
          dueAt: run.dueAt,
          now,
        }).set as Doc),
        actionSubject: {
          type: 'UNIT_RESULT',
          agencyId: run.agencyId,
          year: run.year,
          period: run.period,
          unitId,
          unitName,
          headNip: head.nip,
          headName: head.name,
        },
        createdAt: at,
        updatedAt: at,
      };
      try {
        await deps.store.commit(
          [
            {
              type: 'create',
              ref: unitResultRef(run.agencyId, run.year, unitId, run.period),
              doc,
              explain: () => taken,
            },
            { type: 'audit', entry: audit },
          ],
          { result: undefined },
        );
        unitResults++;
      } catch (err) {
        if (err !== taken) throw err;
      }
    }),
  );

  let evaluations = 0;
  await Promise.all(
    missing.map(async ({ e, skp }) => {
      const skpId = String(skp.skpId);
      const id = parseSkpId(skpId)!;
      const targets = (skp.approvedContent as SkpContent).rhk;
      const audit = nextAuditEntry(undefined, {
        subject: evaluationSubject(skpId, run.period),
        action: 'EVALUATION_OPENED',
        actorNip: 'SYSTEM',
        at,
        data: { skpRevision: skp.revision, dueAt: run.dueAt },
      });
      const doc: Doc = {
        skpId,
        year: run.year,
        seq: id.seq,
        period: run.period,
        agencyId: skp.agencyId,
        ownerNip: skp.ownerNip,
        appraiserNip: skp.appraiserNip,
        appraiserSupervisorNip: skp.appraiserSupervisorNip,
        managerChain: skp.managerChain,
        approverId: skp.approverId,
        unitId: id.unitId,
        unitName: skp.unitName,
        ownerName: skp.ownerName,
        // The months of the year the SKP covers (a post left or taken mid-year): what payroll pays
        // under this evaluation's predikat.
        skpStartMonth: Number(skp.startMonth ?? 1),
        skpEndMonth: Number(skp.endMonth ?? 12),
        // The jenis jabatan held in the period: only a functional position earns angka kredit.
        ...(e.jobType ? { jobType: e.jobType } : {}),
        status: 'PENDING',
        version: audit.seq,
        auditHead: headOf(audit),
        timeZone: run.timeZone,
        opensAt: run.opensAt,
        opensAtMs: Date.parse(run.opensAt),
        dueAt: run.dueAt,
        skpRevision: skp.revision,
        targets: targets.map((r) => ({
          rhkId: r.rhkId,
          kind: r.kind,
          text: r.text,
          indicators: r.indicators.map((i) => ({
            indicatorId: i.indicatorId,
            text: i.text,
            aspect: i.aspect,
            target: run.period === 'ANNUAL' ? i.target : periodTargetOf(i, run.period, periodsInYear),
            annualTarget: i.target,
            lowerIsBetter: i.lowerIsBetter,
          })),
        })),
        // Written whole, so the holder is named; as a role's step it follows the role on a re-import.
        ...openStep({
          kind: 'RATE_EVALUATION',
          owner: { nip: String(skp.approverId) },
          dueAt: run.dueAt,
          now,
        }).set,
        pendingRole: 'APPROVER',
        actionSubject: {
          type: 'EVALUATION',
          skpId,
          period: run.period,
          year: run.year,
          ownerNip: e.nip,
          ownerName: e.name,
          unitId: id.unitId,
        },
        createdAt: at,
        updatedAt: at,
      };
      try {
        await deps.store.commit(
          [
            { type: 'create', ref: evaluationRef(skpId, run.period), doc, explain: () => taken },
            { type: 'audit', entry: audit },
            {
              type: 'update',
              ref: unitResultRef(run.agencyId, run.year, id.unitId, run.period),
              when: exists('pk'),
              changes: { add: { evaluations: 1 } },
              explain: () => new DomainError('CONFLICT', 'UNIT_RESULT_NOT_OPEN', { unitId: id.unitId }),
            },
          ],
          { result: undefined },
        );
        evaluations++;
      } catch (err) {
        if (err !== taken) throw err;
      }
    }),
  );
  return { evaluations, unitResults };
}
