/**
 * The executions a cycle runs: one per agency and phase, each started at the phase's start in
 * the agency's zone, each with the instants it wakes at (reminders, the deadline, escalation
 * rounds, the end). Both the schedules and the state machine's plan come from here.
 */
import { type PhaseKind, workflowRules } from '#config/workflow.ts';
import { plusDays } from './calendar.ts';
import type { CycleCalendar } from './cycle.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface PhaseRun {
  /** Unique per agency and cycle: names the schedule and the execution (idempotent starts). */
  name: string;
  agencyId: string;
  year: number;
  phase: PhaseKind;
  period?: string;
  startAt: string;
  deadline: string;
  endAt: string;
  /**
   * When the phase opens its evaluations and unit results: a period's once it is over (the start
   * of the next local day); the annual review's at its start.
   */
  evaluationsAt?: string;
}

export interface PhaseStep {
  at: string;
  round: 'OPEN_EVALUATIONS' | 'REMIND' | 'DEADLINE' | 'ESCALATE';
}

export function phaseRuns(agencyId: string, year: number, calendar: CycleCalendar): PhaseRun[] {
  const phase = (p: string) => calendar.phases.find((x) => x.phase === p)!;
  const planning = phase('PLANNING');
  const annual = phase('ANNUAL_REVIEW');
  const appeals = phase('APPEALS');
  const run = (
    p: PhaseKind,
    startAt: string,
    deadline: string,
    endAt: string,
    period?: string,
    evaluationsAt?: string,
  ): PhaseRun => ({
    name: `${agencyId}-${year}-${p}${period ? `-${period}` : ''}`,
    agencyId,
    year,
    phase: p,
    ...(period ? { period } : {}),
    startAt,
    deadline,
    endAt,
    ...(evaluationsAt ? { evaluationsAt } : {}),
  });
  // The start of the local day after a period's last day, with the calendar's offset.
  const dayAfter = (end: string, offsetOf: string) => `${plusDays(end, 1)}T00:00:00${offsetOf.slice(-6)}`;
  const escalationsEnd = (deadline: string) =>
    new Date(
      Date.parse(deadline) + workflowRules.maxEscalationLevel * workflowRules.escalationIntervalDays * DAY,
    ).toISOString();
  return [
    run('PLANNING', planning.start, calendar.deadlines.planning, escalationsEnd(calendar.deadlines.planning)),
    // A period's phase opens with its check-in window, at local midnight of its first day, and
    // runs to the escalations after its review deadline.
    ...calendar.periods.map((p) =>
      run(
        'PERIOD_REVIEW',
        `${p.start}T00:00:00${p.reviewDeadline.slice(-6)}`,
        p.reviewDeadline,
        escalationsEnd(p.reviewDeadline),
        p.period,
        dayAfter(p.end, p.reviewDeadline),
      ),
    ),
    run(
      'ANNUAL_REVIEW',
      annual.start,
      calendar.deadlines.annualReview,
      escalationsEnd(calendar.deadlines.annualReview),
      undefined,
      annual.start,
    ),
    run(
      'APPEALS',
      appeals.start,
      calendar.deadlines.appealDecision,
      escalationsEnd(calendar.deadlines.appealDecision),
    ),
    run('CLOSE', appeals.end, appeals.end, appeals.end),
  ];
}

/** The instants one execution wakes at, after opening its items. Instants already past are kept:
 *  the Wait passes at once and the round still runs (late starts catch up). */
export function phaseSteps(
  run: Pick<PhaseRun, 'deadline' | 'endAt' | 'phase' | 'evaluationsAt'>,
): PhaseStep[] {
  if (run.phase === 'CLOSE') return [];
  const due = Date.parse(run.deadline);
  const iso = (ms: number) => new Date(ms).toISOString();
  // A period's evaluations open when it ends (the annual review's open with the phase itself).
  const opening: PhaseStep[] =
    run.phase === 'PERIOD_REVIEW' && run.evaluationsAt
      ? [{ at: new Date(run.evaluationsAt).toISOString(), round: 'OPEN_EVALUATIONS' }]
      : [];
  const steps: PhaseStep[] = [
    ...opening,
    ...[...workflowRules.reminderDaysBefore]
      .sort((a, b) => b - a)
      .map((d) => ({ at: iso(due - d * DAY), round: 'REMIND' as const })),
    { at: iso(due + 1000), round: 'DEADLINE' as const },
    ...Array.from({ length: workflowRules.maxEscalationLevel - 1 }, (_, i) => ({
      at: iso(due + (i + 1) * workflowRules.escalationIntervalDays * DAY + 1000),
      round: 'ESCALATE' as const,
    })),
  ];
  return steps.sort((a, b) => a.at.localeCompare(b.at));
}
