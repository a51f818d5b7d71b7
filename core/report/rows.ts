/**
 * The report's content, pure: one row per SKP (one for an employee without an SKP) from the
 * documents of one employee in one unit, and the running summaries (per unit and for the whole
 * report) that the PDF and the summary sheet show. Everything here works one group of rows at a
 * time, so a report of any size runs in the memory of one group plus one summary per unit.
 */
import { type OrganizationResult, type Predikat, predikats, type Rating } from '#config/appraisal.ts';
import { type FollowUp, followUpOf } from '#config/reports.ts';
import type { ActionKind } from '../action-items.ts';
import { assess, type CheckinForAssessment } from '../appraisal/evaluation.ts';
import { type Breach, type Counts, checkCurve, noCounts } from '../appraisal/rules.ts';
import type { TargetRhk } from '../checkin/content.ts';

type Doc = Readonly<Record<string, unknown>>;
const DAY = 86_400_000;

/** The documents of one employee in one unit (the streams are merged on unit and NIP). */
export interface RowGroup {
  unitId: string;
  nip: string;
  employee?: Doc;
  skps: Doc[];
  checkins: Doc[];
  evaluations: Doc[];
  /** Duties a phase opened for someone who had no SKP / no check-in yet. */
  duties: Doc[];
}

export interface ReportScopeInfo {
  year: number;
  period: string;
  /** The check-in periods the report covers: the period, or every period of the year. */
  checkinPeriods: readonly string[];
  asOf: string;
  /**
   * The agency's policy (core/policy.ts) as the report is made: the percent of the performance
   * allowance and of the angka kredit coefficient each final predikat gives.
   */
  shares: { allowance: Readonly<Record<Predikat, number>>; angkaKredit: Readonly<Record<Predikat, number>> };
}

export type SkpState = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'NONE';
export type CheckinState = 'OPEN' | 'SUBMITTED' | 'REVIEWED' | 'MISSED' | 'NONE';
export type EvaluationState = 'PENDING' | 'RATED' | 'FINAL' | 'NONE';
export type AppealState = 'FILED' | 'RESPONDED' | 'UPHELD' | 'CHANGED';

export interface ReportRow {
  unitId: string;
  unitName: string;
  nip: string;
  name: string;
  position: string | null;
  appraiserNip: string | null;
  appraiserName: string | null;
  skpId: string | null;
  skpStatus: SkpState;
  skpApprovedAt: string | null;
  checkinStatus: CheckinState;
  checkinSubmittedAt: string | null;
  /** Periods whose check-in was submitted, of those the report covers. */
  checkinsSubmitted: number;
  checkinsExpected: number;
  /** Mean of the RHK capaian that have a number (the period's; the year so far for ANNUAL). */
  capaian: number | null;
  hasilKerja: Rating | null;
  perilakuKerja: Rating | null;
  predikat: Predikat | null;
  evaluationStatus: EvaluationState;
  finalizedAt: string | null;
  deliveredAt: string | null;
  /** The unit's curve was broken and the appraiser kept the rating with a reason. */
  curveBreachConfirmed: boolean | null;
  appealStatus: AppealState | null;
  followUp: FollowUp | null;
  allowancePercent: number | null;
  angkaKreditPercent: number | null;
  /** The most overdue open step of the row's documents. */
  pendingStep: ActionKind | null;
  pendingDueAt: string | null;
  daysOverdue: number | null;
  /** The highest escalation level any of its steps reached (0: none). */
  escalationLevel: number;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const seqOf = (d: Doc) =>
  Number(
    d.seq ??
      String(d.skpId ?? '')
        .split('.')
        .at(-1) ??
      1,
  );

/** Whole days past a deadline (0 on the day after it ends... rounded up), null when not late. */
export function daysOverdue(dueAt: string | null, asOf: string): number | null {
  if (!dueAt) return null;
  const late = Date.parse(asOf) - Date.parse(dueAt);
  return late > 0 ? Math.ceil(late / DAY) : null;
}

interface StepSeen {
  kind: ActionKind;
  dueAt: string;
}

function stepsOf(docs: readonly (Doc | undefined)[]): { open: StepSeen[]; level: number } {
  const open: StepSeen[] = [];
  let level = 0;
  for (const d of docs) {
    if (!d) continue;
    level = Math.max(level, num(d.escalationLevel), num(d.escalationReached));
    if (typeof d.pendingKind === 'string' && typeof d.pendingDueAt === 'string')
      open.push({ kind: d.pendingKind as ActionKind, dueAt: d.pendingDueAt });
  }
  return { open, level };
}

/**
 * The appeal (keberatan) as the evaluation's summary of it says: FILED, RESPONDED, or once decided
 * its outcome, UPHELD or CHANGED; null: none filed.
 */
export const appealStateOf = (evaluation: Doc | undefined): AppealState | null => {
  const appeal = evaluation?.appeal as { status?: unknown; outcome?: unknown } | undefined;
  if (appeal?.status === 'DECIDED') return appeal.outcome === 'CHANGED' ? 'CHANGED' : 'UPHELD';
  return appeal?.status === 'FILED' || appeal?.status === 'RESPONDED' ? appeal.status : null;
};

function checkinState(c: Doc | undefined, duty: Doc | undefined): CheckinState {
  if (c) return c.missed && c.status === 'OPEN' ? 'MISSED' : (c.status as CheckinState);
  return duty?.missed ? 'MISSED' : 'NONE';
}

/** The rows of one group: one per SKP, or one for the employee when there is none. */
export function rowsOf(group: RowGroup, scope: ReportScopeInfo): ReportRow[] {
  const e = group.employee;
  const skps = [...group.skps].sort((a, b) => seqOf(a) - seqOf(b));
  const planningDuty = group.duties.find((d) => d.phase === 'PLANNING');
  const periodDuty = (period: string) => group.duties.find((d) => d.phase === period);
  const slots: (Doc | undefined)[] = skps.length ? skps : [undefined];
  return slots.map((skp) => {
    const skpId = str(skp?.skpId);
    const checkins = group.checkins
      .filter((c) => c.skpId === skpId)
      .sort((a, b) => String(a.period).localeCompare(String(b.period)));
    const evaluation = group.evaluations.find((v) => v.skpId === skpId && v.period === scope.period);
    const periodCheckin =
      scope.period === 'ANNUAL' ? checkins.at(-1) : checkins.find((c) => c.period === scope.period);
    const duty = skp ? (scope.period === 'ANNUAL' ? undefined : periodDuty(scope.period)) : planningDuty;
    const submitted = checkins.filter(
      (c) =>
        scope.checkinPeriods.includes(String(c.period)) &&
        (c.status === 'SUBMITTED' || c.status === 'REVIEWED'),
    ).length;
    const rating = evaluation?.rating as
      | { hasilKerja?: Rating; perilakuKerja?: Rating; predikat?: Predikat }
      | undefined;
    const predikat = (rating?.predikat ?? (evaluation?.predikat as Predikat | undefined)) || null;
    const targets = (evaluation?.targets ?? periodCheckin?.targets) as TargetRhk[] | undefined;
    let capaian: number | null = null;
    if (targets?.length) {
      const relevant =
        scope.period === 'ANNUAL' ? checkins : checkins.filter((c) => c.period === scope.period);
      const { capaian: c } = assess(
        { period: scope.period, targets },
        relevant as unknown as CheckinForAssessment[],
        { requested: 0, given: 0 },
      );
      const numbers = c.rhk.map((r) => r.capaian).filter((x): x is number => x !== null);
      capaian = numbers.length
        ? Math.round((numbers.reduce((n, x) => n + x, 0) / numbers.length) * 10) / 10
        : null;
    }
    const steps = stepsOf([skp, periodCheckin, evaluation, duty]);
    const worst = steps.open.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    const curve = evaluation?.curve as { breaches?: unknown[]; confirmed?: boolean } | undefined;
    const final = evaluation?.status === 'FINAL';
    return {
      unitId: group.unitId,
      unitName: String(skp?.unitName ?? e?.unitName ?? group.unitId),
      nip: group.nip,
      name: String(e?.name ?? skp?.ownerName ?? group.nip),
      position: str(e?.position),
      appraiserNip: str(evaluation?.appraiserNip) ?? str(skp?.appraiserNip) ?? str(e?.supervisorNip),
      appraiserName: null,
      skpId,
      skpStatus: (skp?.status as SkpState | undefined) ?? 'NONE',
      skpApprovedAt: str(skp?.approvedAt),
      checkinStatus: skp ? checkinState(periodCheckin, duty) : 'NONE',
      checkinSubmittedAt: str(periodCheckin?.submittedAt),
      checkinsSubmitted: submitted,
      checkinsExpected: skp ? scope.checkinPeriods.length : 0,
      capaian,
      hasilKerja: rating?.hasilKerja ?? null,
      perilakuKerja: rating?.perilakuKerja ?? null,
      predikat,
      evaluationStatus: (evaluation?.status as EvaluationState | undefined) ?? 'NONE',
      finalizedAt: str(evaluation?.finalizedAt),
      deliveredAt: str(evaluation?.deliveredAt),
      curveBreachConfirmed: curve ? Boolean(curve.confirmed && curve.breaches?.length) : null,
      appealStatus: appealStateOf(evaluation),
      followUp: final && predikat ? followUpOf[predikat] : null,
      // The allowance follows the periods (as payroll has it); the year gives the angka kredit.
      allowancePercent:
        final && predikat && scope.period !== 'ANNUAL' ? scope.shares.allowance[predikat] : null,
      // Angka kredit: for a functional position only, as payroll has it.
      angkaKreditPercent:
        final && predikat && evaluation?.jobType === 'FUNGSIONAL' ? scope.shares.angkaKredit[predikat] : null,
      pendingStep: worst?.kind ?? null,
      pendingDueAt: worst?.dueAt ?? null,
      daysOverdue: daysOverdue(worst?.dueAt ?? null, scope.asOf),
      escalationLevel: steps.level,
    };
  });
}

// ---- summaries -----------------------------------------------------------------------------------------

export interface UnitSummary {
  unitId: string;
  unitName: string;
  rows: number;
  employees: number;
  skp: Record<SkpState, number>;
  checkin: Record<CheckinState, number>;
  evaluation: Record<EvaluationState, number>;
  /** Predikat of the rated and final evaluations. */
  counts: Counts;
  capaianSum: number;
  capaianCount: number;
  overdue: number;
  escalated: number;
  escalatedToHr: number;
  /** Set by `finish`: the organisation result and the breaches of its pattern. */
  result?: OrganizationResult;
  breaches: Breach[];
  penetapanSigned?: boolean;
}

const zero = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const skpStates: SkpState[] = ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'NONE'];
const checkinStates: CheckinState[] = ['OPEN', 'SUBMITTED', 'REVIEWED', 'MISSED', 'NONE'];
const evaluationStates: EvaluationState[] = ['PENDING', 'RATED', 'FINAL', 'NONE'];

export const newUnitSummary = (unitId: string, unitName: string): UnitSummary => ({
  unitId,
  unitName,
  rows: 0,
  employees: 0,
  skp: zero(skpStates),
  checkin: zero(checkinStates),
  evaluation: zero(evaluationStates),
  counts: noCounts(),
  capaianSum: 0,
  capaianCount: 0,
  overdue: 0,
  escalated: 0,
  escalatedToHr: 0,
  breaches: [],
});

/** Completion rates of a summary, 0..100 (null when there is nothing to complete). */
export function ratesOf(u: Pick<UnitSummary, 'rows' | 'skp' | 'checkin' | 'evaluation'>) {
  const pct = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : null);
  const approved = u.skp.APPROVED;
  const opened = u.evaluation.PENDING + u.evaluation.RATED + u.evaluation.FINAL;
  return {
    skpApproved: pct(approved, u.rows),
    checkinSubmitted: pct(u.checkin.SUBMITTED + u.checkin.REVIEWED, approved),
    evaluationFinal: pct(u.evaluation.FINAL, opened),
  };
}

/** Completion over time: when SKPs were approved, check-ins submitted and evaluations finalized. */
export interface Timeline {
  start: number;
  binMs: number;
  bins: number;
  skpApproved: number[];
  checkinSubmitted: number[];
  evaluationFinal: number[];
  /** Before the first bin (counted as done at its start). */
  before: { skpApproved: number; checkinSubmitted: number; evaluationFinal: number };
}

export function newTimeline(startIso: string, asOf: string, maxBins: number): Timeline {
  const start = Date.parse(startIso);
  const span = Math.max(DAY, Date.parse(asOf) - start);
  const week = 7 * DAY;
  const binMs = Math.max(week, Math.ceil(span / maxBins / week) * week);
  const bins = Math.max(1, Math.ceil(span / binMs));
  return {
    start,
    binMs,
    bins,
    skpApproved: new Array(bins).fill(0),
    checkinSubmitted: new Array(bins).fill(0),
    evaluationFinal: new Array(bins).fill(0),
    before: { skpApproved: 0, checkinSubmitted: 0, evaluationFinal: 0 },
  };
}

function mark(
  t: Timeline,
  series: 'skpApproved' | 'checkinSubmitted' | 'evaluationFinal',
  at: string | null,
) {
  if (!at) return;
  const i = Math.floor((Date.parse(at) - t.start) / t.binMs);
  if (i < 0) t.before[series]++;
  else t[series][Math.min(i, t.bins - 1)]!++;
}

/** The summaries of a report, fed one row at a time. */
export class ReportSummary {
  readonly units = new Map<string, UnitSummary>();
  readonly total = newUnitSummary('*', 'Seluruh unit');
  private lastGroup = '';

  constructor(readonly timeline: Timeline) {}

  add(row: ReportRow): void {
    let u = this.units.get(row.unitId);
    if (!u) {
      u = newUnitSummary(row.unitId, row.unitName);
      this.units.set(row.unitId, u);
    }
    // Rows arrive grouped by unit and NIP: a new group is a new employee of the unit.
    const group = `${row.unitId}#${row.nip}`;
    const newPerson = group !== this.lastGroup;
    this.lastGroup = group;
    for (const s of [u, this.total]) {
      s.rows++;
      if (newPerson) s.employees++;
      s.skp[row.skpStatus]++;
      s.checkin[row.checkinStatus]++;
      s.evaluation[row.evaluationStatus]++;
      if (row.predikat && row.evaluationStatus !== 'PENDING') s.counts[row.predikat]++;
      if (row.capaian !== null) {
        s.capaianSum += row.capaian;
        s.capaianCount++;
      }
      if (row.daysOverdue !== null) s.overdue++;
      if (row.escalationLevel >= 1) s.escalated++;
      if (row.escalationLevel >= 2) s.escalatedToHr++;
    }
    mark(this.timeline, 'skpApproved', row.skpApprovedAt);
    mark(this.timeline, 'checkinSubmitted', row.checkinSubmittedAt);
    mark(this.timeline, 'evaluationFinal', row.finalizedAt);
  }

  /** Employees, counted per unit (one who moved mid-year counts in both units). */
  get employees(): number {
    return this.total.employees;
  }

  /** Each unit's organisation result and the breaches of its pattern, from the rows' predikat. */
  finish(results: ReadonlyMap<string, { result?: OrganizationResult; signed?: boolean }>): UnitSummary[] {
    const units = [...this.units.values()];
    for (const u of units) {
      const r = results.get(u.unitId);
      if (r?.result) {
        u.result = r.result;
        u.breaches = checkCurve(r.result, u.counts).breaches;
      }
      if (r?.signed !== undefined) u.penetapanSigned = r.signed;
    }
    return units;
  }
}

export const predikatShares = (counts: Counts) => {
  const total = predikats.reduce((n, p) => n + counts[p], 0);
  return Object.fromEntries(predikats.map((p) => [p, total ? counts[p] / total : 0])) as Record<
    Predikat,
    number
  >;
};
