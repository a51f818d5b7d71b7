/**
 * The executions a cycle runs: one per agency and phase, each started at the phase's start in
 * the agency's zone, each with the instants it wakes at (reminders, the deadline, escalation
 * rounds, the end). Both the schedules and the state machine's plan come from here.
 */
import { type PhaseKind, workflowRules } from '#config/workflow.ts';
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
}

export interface PhaseStep {
  at: string;
  round: 'REMIND' | 'DEADLINE' | 'ESCALATE';
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
  ): PhaseRun => ({
    name: `${agencyId}-${year}-${p}${period ? `-${period}` : ''}`,
    agencyId,
    year,
    phase: p,
    ...(period ? { period } : {}),
    startAt,
    deadline,
    endAt,
  });
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
      ),
    ),
    run(
      'ANNUAL_REVIEW',
      annual.start,
      calendar.deadlines.annualReview,
      escalationsEnd(calendar.deadlines.annualReview),
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
export function phaseSteps(run: Pick<PhaseRun, 'deadline' | 'endAt' | 'phase'>): PhaseStep[] {
  if (run.phase === 'CLOSE') return [];
  const due = Date.parse(run.deadline);
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    ...[...workflowRules.reminderDaysBefore]
      .sort((a, b) => b - a)
      .map((d) => ({ at: iso(due - d * DAY), round: 'REMIND' as const })),
    { at: iso(due + 1000), round: 'DEADLINE' as const },
    ...Array.from({ length: workflowRules.maxEscalationLevel - 1 }, (_, i) => ({
      at: iso(due + (i + 1) * workflowRules.escalationIntervalDays * DAY + 1000),
      round: 'ESCALATE' as const,
    })),
  ];
}
