/**
 * The tasks of a phase execution (one per agency and phase): plan, open the phase's items page
 * by page, process due items page by page at each wake-up, and close. Every task is idempotent:
 * a retried page opens nothing twice and sends nothing twice.
 */
import { type PhaseKind, workflowRules } from '#config/workflow.ts';
import { closeStep, hasOpenStep, openStep } from '#core/action-items.ts';
import type { StoredEvaluation } from '#core/appraisal/evaluation.ts';
import { checkinWindow } from '#core/checkin/content.ts';
import { postStartMonth } from '#core/employee.ts';
import { DomainError } from '#core/errors.ts';
import { absent, and, eq, lt, ne } from '#core/expr.ts';
import { type PhaseRun, phaseSteps } from '#core/phases.ts';
import type { Deps, Doc, DocRef, TxOp } from '#core/ports.ts';
import { cycleCalendar } from './calendars.ts';
import { addStats, type EngineStats, emptyStats, processItems } from './due-items.ts';
import { openEvaluationsPage, type PageEmployee } from './evaluations.ts';
import { calendarOf, openFollowUpOps } from './follow-ups.ts';

export interface PhaseInput {
  agencyId: string;
  year: number;
  phase: PhaseKind;
  period?: string;
  deadline: string;
  endAt: string;
  /** See core/phases.ts: when the phase opens its evaluations. */
  evaluationsAt?: string;
}

/** The wake-up instants of this execution (the Map state iterates them). */
export function plan(run: PhaseInput) {
  return { run, steps: phaseSteps(run) };
}

type Employee = PageEmployee;

/** One page of the agency's employees, in NIP order within units. */
async function employeePage(deps: Pick<Deps, 'store'>, agencyId: string, cursor: string | null | undefined) {
  const page = await deps.store.list(
    { kind: 'EMPLOYEE', pattern: 'ofAgency', params: { agencyId } },
    {
      limit: workflowRules.pageSize,
      cursor: cursor ?? undefined,
      // postSince: after a move mid-year, the new post's SKP (numbered by its first month) counts too.
      fields: [
        'nip',
        'name',
        'agencyId',
        'unitId',
        'unitName',
        'supervisorNip',
        'managerChain',
        'postSince',
        'jobType',
      ],
    },
  );
  return { employees: page.items as unknown as Employee[], cursor: page.cursor };
}

/**
 * An employee's first SKP of the year (seq 1): it exists whenever any SKP of the year does, so a
 * page of employees is one BatchGetItem. (Several SKPs a year, for people who move, are read by
 * their own flows.)
 */
const firstSkp = (nip: string, year: number): DocRef => ({ kind: 'SKP', id: { nip, year, seq: 1 } });

/** Every SKP of the year an employee may hold: the first and, after a move mid-year, the new post's. */
const skpsOfYear = (e: Employee, year: number): DocRef[] => {
  const start = postStartMonth(e, year);
  return (start === 1 ? [1] : [1, start]).map((seq) => ({ kind: 'SKP', id: { nip: e.nip, year, seq } }));
};

/**
 * Who owes what when a phase opens. Planning: a "draft your SKP" duty for each employee with no
 * SKP yet. A period review: a "record your realisasi" duty for each employee with an approved SKP
 * and an appraiser (the check-in needs one) who has not opened the period's check-in; it is due
 * when the check-in window closes. Annual review and appeals open theirs from their documents.
 */
async function dutyPlan(deps: Deps, input: PhaseInput, employees: Employee[]) {
  if (input.phase === 'PLANNING') {
    const skps = await deps.store.getMany(
      employees.map((e) => firstSkp(e.nip, input.year)),
      ['skpId'],
    );
    return {
      kind: 'SUBMIT_SKP' as const,
      subjectType: 'SKP_DUTY',
      dueAt: input.deadline,
      owing: employees
        .filter((_, i) => !skps[i])
        .map((e) => ({ ...e, skpId: undefined as string | undefined })),
    };
  }
  if (input.phase === 'PERIOD_REVIEW' && input.period) {
    const calendar = await cycleCalendar(deps, input.agencyId, input.year);
    const window = calendar && checkinWindow(calendar, input.year, input.period);
    if (!window) return undefined;
    const skps = await deps.store.getMany(
      employees.map((e) => firstSkp(e.nip, input.year)),
      ['skpId', 'approvedContent', 'appraiserNip'],
    );
    const approved = employees.flatMap((e, i) => {
      const skp = skps[i];
      return skp?.approvedContent && skp.appraiserNip ? [{ ...e, skpId: String(skp.skpId) }] : [];
    });
    const opened = await deps.store.getMany(
      approved.map((e) => ({ kind: 'CHECKIN' as const, id: { skpId: e.skpId, period: input.period! } })),
      ['skpId'],
    );
    return {
      kind: 'SUBMIT_CHECKIN' as const,
      subjectType: 'CHECKIN_DUTY',
      dueAt: window.closesAt,
      owing: approved.filter((_, i) => !opened[i]),
    };
  }
  return undefined;
}

const dutyRef = (nip: string, input: PhaseInput): DocRef => ({
  kind: 'DUTY',
  id: { nip, year: input.year, phase: input.period ?? 'PLANNING' },
});

/**
 * Opens the phase's items for one page of employees: each duty conditioned on its document not
 * existing yet, so a racing SKP or check-in creation wins (and deletes the duty).
 */
async function openOnePage(deps: Deps, input: PhaseInput, pageCursor: string | null, now: Date) {
  const { employees, cursor } = await employeePage(deps, input.agencyId, pageCursor);
  let opened = 0;
  if (input.phase === 'ANNUAL_REVIEW')
    opened += (await openEvaluations(deps, input, employees, now)).evaluations;
  if (input.phase === 'APPEALS') opened += await openAppealItems(deps, input, employees, now);
  const duty = await dutyPlan(deps, input, employees);
  if (duty) {
    const taken = new DomainError('CONFLICT', 'DUTY_EXISTS');
    await Promise.all(
      duty.owing.map(async (e) => {
        const document: DocRef =
          duty.kind === 'SUBMIT_SKP'
            ? firstSkp(e.nip, input.year)
            : { kind: 'CHECKIN', id: { skpId: e.skpId!, period: input.period! } };
        try {
          await deps.store.commit(
            [
              // The document appeared meanwhile: the duty is moot (its creation deletes the duty).
              { type: 'check' as const, ref: document, when: absent('pk'), explain: () => taken },
              {
                type: 'create',
                ref: dutyRef(e.nip, input),
                doc: {
                  agencyId: e.agencyId,
                  year: input.year,
                  phase: input.period ?? 'PLANNING',
                  ownerNip: e.nip,
                  ownerName: e.name,
                  ...openStep({ kind: duty.kind, owner: { nip: e.nip }, dueAt: duty.dueAt, now }).set,
                  actionSubject: {
                    type: duty.subjectType,
                    year: input.year,
                    ...(input.period ? { period: input.period, skpId: e.skpId } : {}),
                    ownerNip: e.nip,
                    ownerName: e.name,
                    unitId: e.unitId,
                  },
                  openedAt: now.toISOString(),
                },
                explain: () => taken,
              },
            ],
            { result: undefined },
          );
          opened++;
        } catch (err) {
          // Already opened by an earlier try of this page, or the document appeared meanwhile.
          if (err !== taken && !(err instanceof DomainError && err.kind === 'NOT_FOUND')) throw err;
        }
      }),
    );
  }
  return { cursor, opened, employees: employees.length };
}

/**
 * The evaluations (and unit results) a review phase opens for a page: a period's once it has
 * ended, the year's when the annual review starts. Idempotent; later wake-ups open what is
 * missing (an SKP approved late).
 */
async function openEvaluations(deps: Deps, input: PhaseInput, employees: Employee[], now: Date) {
  const calendar = await cycleCalendar(deps, input.agencyId, input.year);
  if (!calendar) return { evaluations: 0, unitResults: 0 };
  const period = input.phase === 'ANNUAL_REVIEW' ? 'ANNUAL' : input.period!;
  const opensAt =
    input.evaluationsAt ??
    (input.phase === 'ANNUAL_REVIEW'
      ? calendar.phases.find((p) => p.phase === 'ANNUAL_REVIEW')!.start
      : undefined);
  if (!opensAt) return { evaluations: 0, unitResults: 0 };
  return openEvaluationsPage(
    deps,
    {
      agencyId: input.agencyId,
      year: input.year,
      period,
      opensAt,
      dueAt: input.deadline,
      timeZone: calendar.timeZone,
    },
    employees,
    calendar.periods.length,
    now,
  );
}

const evaluationPeriodOf = (input: PhaseInput) =>
  input.phase === 'ANNUAL_REVIEW' ? 'ANNUAL' : input.phase === 'PERIOD_REVIEW' ? input.period : undefined;

/** The evaluations and unit results a review phase looks after, for one page of employees. */
async function evaluationItems(deps: Deps, input: PhaseInput, employees: Employee[]): Promise<Doc[]> {
  const period = evaluationPeriodOf(input);
  if (!period) return [];
  const skps = await deps.store.getMany(
    employees.map((e) => firstSkp(e.nip, input.year)),
    ['skpId'],
  );
  const units = [...new Set(employees.map((e) => e.unitId))];
  const found = await deps.store.getMany([
    ...skps
      .filter((d): d is Doc => d !== undefined)
      .map((d) => ({ kind: 'EVALUATION' as const, id: { skpId: String(d.skpId), period } })),
    ...units.map((unitId) => ({
      kind: 'UNIT_RESULT' as const,
      id: { agencyId: input.agencyId, year: input.year, unitId, period },
    })),
  ]);
  return found.filter((d): d is Doc => d !== undefined);
}

/** The items a phase looks after for one employee: its duty and the document it is about. */
async function phaseItems(deps: Deps, input: PhaseInput, employees: Employee[]): Promise<Doc[]> {
  if (input.phase === 'PLANNING') {
    const [duties, skps] = await Promise.all([
      deps.store.getMany(employees.map((e) => dutyRef(e.nip, input))),
      deps.store.getMany(employees.map((e) => firstSkp(e.nip, input.year))),
    ]);
    return [...duties, ...skps].filter((d): d is Doc => d !== undefined);
  }
  if (input.phase === 'PERIOD_REVIEW' && input.period) {
    const [duties, skps] = await Promise.all([
      deps.store.getMany(employees.map((e) => dutyRef(e.nip, input))),
      deps.store.getMany(
        employees.map((e) => firstSkp(e.nip, input.year)),
        ['skpId'],
      ),
    ]);
    const skpIds = skps.filter((d): d is Doc => d !== undefined).map((d) => String(d.skpId));
    const checkins = await deps.store.getMany(
      skpIds.map((skpId) => ({ kind: 'CHECKIN' as const, id: { skpId, period: input.period! } })),
    );
    return [...duties, ...checkins].filter((d): d is Doc => d !== undefined);
  }
  return [];
}

/** Both: what a wake-up looks after. */
async function itemsOfPage(deps: Deps, input: PhaseInput, employees: Employee[]): Promise<Doc[]> {
  if (input.phase === 'APPEALS')
    return (await annualAppealDocs(deps, input, employees)).flatMap((d) => d.docs);
  const [own, evaluations] = await Promise.all([
    phaseItems(deps, input, employees),
    evaluationItems(deps, input, employees),
  ]);
  return [...own, ...evaluations];
}

// ---- the appeals phase ---------------------------------------------------------------------

/**
 * For one page of employees: the annual evaluation of each SKP of the year (the first, and a
 * mid-year move's new post), its appeal and its follow-up, in one BatchGetItem after the SKPs'. The appeals phase looks after these: the
 * response owed on the evaluation, the decision owed on the appeal, the development plan.
 */
async function annualAppealDocs(deps: Deps, input: PhaseInput, employees: Employee[]) {
  const skps = await deps.store.getMany(
    employees.flatMap((e) => skpsOfYear(e, input.year)),
    ['skpId'],
  );
  const skpIds = skps.filter((d): d is Doc => d !== undefined).map((d) => String(d.skpId));
  const refs = skpIds.flatMap((skpId): DocRef[] =>
    (['EVALUATION', 'APPEAL', 'FOLLOW_UP'] as const).map((kind) => ({
      kind,
      id: { skpId, period: 'ANNUAL' },
    })),
  );
  const found = await deps.store.getMany(refs);
  return skpIds.map((skpId, i) => {
    const [evaluation, appeal, followUp] = found.slice(i * 3, i * 3 + 3);
    return {
      skpId,
      evaluation,
      appeal,
      followUp,
      docs: [evaluation, appeal, followUp].filter((d): d is Doc => d !== undefined),
    };
  });
}

/**
 * The appeals phase opens what the year's results are owed and nobody holds: the decision step
 * of an undecided annual appeal that has none, and the follow-up of a final annual result whose
 * predikat needs one (both are normally opened by the write that makes them due: this is the
 * round that guarantees no appeal and no low rating is left without an owner). Idempotent.
 */
async function openAppealItems(deps: Deps, input: PhaseInput, employees: Employee[], now: Date) {
  const calendar = await cycleCalendar(deps, input.agencyId, input.year);
  if (!calendar) return 0;
  const cal = calendarOf(calendar, input.year);
  const taken = new DomainError('CONFLICT', 'ALREADY_OPEN');
  let opened = 0;
  await Promise.all(
    (await annualAppealDocs(deps, input, employees)).map(async ({ skpId, evaluation, appeal, followUp }) => {
      const ops: TxOp[] = [];
      if (appeal && appeal.status !== 'DECIDED' && !hasOpenStep(appeal))
        ops.push({
          type: 'update',
          ref: { kind: 'APPEAL', id: { skpId, period: 'ANNUAL' } },
          when: and(absent('pendingKind'), ne('status', 'DECIDED')),
          changes: openStep({
            kind: 'DECIDE_APPEAL',
            owner: { nip: String(appeal.deciderId) },
            dueAt: String(appeal.decideBy),
            now,
          }),
          explain: () => taken,
        });
      const e = evaluation as unknown as StoredEvaluation | undefined;
      if (e?.status === 'FINAL' && e.rating && !followUp)
        ops.push(...openFollowUpOps(e, e.rating.predikat, { nip: 'SYSTEM', now, cause: 'FINAL' }, cal));
      // One document at a time: an item that appeared meanwhile refuses only its own opening.
      for (const op of ops.filter((o) => o.type !== 'audit')) {
        const audit = ops[ops.indexOf(op) + 1];
        try {
          await deps.store.commit(audit?.type === 'audit' ? [op, audit] : [op], { result: undefined });
          opened++;
        } catch (err) {
          if (err !== taken && !(err instanceof DomainError && err.code === 'APPEAL_EVALUATION_CHANGED'))
            throw err;
        }
      }
    }),
  );
  return opened;
}

/** Processes the due items of one page of employees as of `asOf` (the wake-up instant). */
async function processOnePage(
  deps: Deps,
  input: PhaseInput,
  pageCursor: string | null,
  asOf: string,
  now: Date,
) {
  const { employees, cursor } = await employeePage(deps, input.agencyId, pageCursor);
  const stats: EngineStats = emptyStats();
  // A period's evaluations open at the first wake-up after it ends; each later wake-up (of the
  // annual review too) opens what is missing.
  if (
    employees.length &&
    evaluationPeriodOf(input) &&
    input.evaluationsAt &&
    Date.parse(asOf) >= Date.parse(input.evaluationsAt)
  )
    await openEvaluations(deps, input, employees, now);
  if (employees.length) {
    // The engine acts only on steps that are due; approvals and other item-level deadlines
    // are the sweep's, but taking them here when due is harmless (each step happens once).
    await processItems(
      deps,
      await itemsOfPage(deps, input, employees),
      new Date(Math.max(now.getTime(), Date.parse(asOf))),
      stats,
    );
  }
  return { cursor, processed: employees.length, stats };
}

/** The phase is over: tell whoever listens (period reports). */
export async function closePhase(deps: Deps, input: PhaseInput, now: Date) {
  const calendar = await cycleCalendar(deps, input.agencyId, input.year);
  await deps.events.periodClosed({
    agencyId: input.agencyId,
    year: input.year,
    phase: input.phase,
    ...(input.period ? { period: input.period } : {}),
    closedAt: now.toISOString(),
    timeZone: calendar?.timeZone ?? null,
  });
  return { closed: true };
}

export type { PhaseRun };

/**
 * One task handles several pages within a time budget, so a large agency's execution stays far
 * below Step Functions' 25,000-event history (about 7 events per task loop): 100,000 employees are
 * ~50 loops per wake-up instead of 1,000. The budget is the task's own run time (a duration on the
 * wall clock, not an instant of the cycle).
 */
async function withinBudget<R extends { cursor: string | null }>(
  first: string | null,
  page: (cursor: string | null) => Promise<R>,
  add: (total: R, next: R) => void,
) {
  const began = performance.now();
  const result = await page(first);
  for (
    let pages = 1;
    result.cursor &&
    pages < workflowRules.pagesPerTask &&
    performance.now() - began < workflowRules.taskBudgetMs;
    pages++
  ) {
    const next = await page(result.cursor);
    add(result, next);
    result.cursor = next.cursor;
  }
  return result;
}

export const openPage = (deps: Deps, input: PhaseInput, cursor: string | null, now: Date) =>
  withinBudget(
    cursor,
    (c) => openOnePage(deps, input, c, now),
    (total, next) => {
      total.opened += next.opened;
      total.employees += next.employees;
    },
  );

export const processPage = (deps: Deps, input: PhaseInput, cursor: string | null, asOf: string, now: Date) =>
  withinBudget(
    cursor,
    (c) => processOnePage(deps, input, c, asOf, now),
    (total, next) => {
      total.processed += next.processed;
      addStats(total.stats, next.stats);
    },
  );

/**
 * Retires, for one page of employees, the steps of this phase that can no longer be taken: a
 * period's "record your realisasi" once its window has closed. They leave the owner's list and
 * the due index, and stay on record as missed.
 */
async function closeOnePage(deps: Deps, input: PhaseInput, pageCursor: string | null, now: Date) {
  const { employees, cursor } = await employeePage(deps, input.agencyId, pageCursor);
  let retired = 0;
  let undecided = 0;
  // The appeals phase ends: an appeal still undecided stays open (only a decision closes it; its
  // step has climbed to HR by now) and is counted, so the end of the phase names it.
  if (input.phase === 'APPEALS' && employees.length)
    undecided = (await annualAppealDocs(deps, input, employees)).filter(
      (d) => d.appeal && d.appeal.status !== 'DECIDED',
    ).length;
  if (input.phase === 'PERIOD_REVIEW' && input.period) {
    const items = await phaseItems(deps, input, employees);
    const moved = new DomainError('CONFLICT', 'STEP_MOVED');
    await Promise.all(
      items
        .filter(
          (i) => i.pendingKind === 'SUBMIT_CHECKIN' && Date.parse(String(i.pendingDueAt)) < now.getTime(),
        )
        .map(async (i) => {
          const ref: DocRef =
            i.type === 'DUTY'
              ? dutyRef(String(i.ownerNip), input)
              : { kind: 'CHECKIN', id: { skpId: String(i.skpId), period: input.period! } };
          try {
            await deps.store.commit(
              [
                {
                  type: 'update',
                  ref,
                  when: and(
                    eq('pendingKind', 'SUBMIT_CHECKIN'),
                    eq('pendingDueAt', String(i.pendingDueAt)),
                    lt('pendingDueAt', now.toISOString()),
                  ),
                  changes: { ...closeStep, set: { missed: 'SUBMIT_CHECKIN', missedAt: now.toISOString() } },
                  explain: () => moved,
                },
              ],
              { result: undefined },
            );
            retired++;
          } catch (err) {
            if (err !== moved) throw err;
          }
        }),
    );
  }
  return { cursor, retired, undecided };
}

export const closePage = (deps: Deps, input: PhaseInput, cursor: string | null, now: Date) =>
  withinBudget(
    cursor,
    (c) => closeOnePage(deps, input, c, now),
    (total, next) => {
      total.retired += next.retired;
      total.undecided += next.undecided;
    },
  );
