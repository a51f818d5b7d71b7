/**
 * A cycle: one agency's year. Its calendar is computed here from config/cycle.ts, the agency's
 * zone and periodicity, and HR's overrides; phases follow from the dates.
 */
import * as z from 'zod';
import { cycleRules } from '#config/cycle.ts';
import { plusDays, WorkCalendar } from './calendar.ts';
import { type FieldIssue, validationFailed } from './errors.ts';

export type Periodicity = 'QUARTERLY' | 'MONTHLY';
export type PhaseName = 'PLANNING' | 'EXECUTION' | 'ANNUAL_REVIEW' | 'APPEALS' | 'CLOSED';

const localDate = z.iso.date();

export const periodIds = (p: Periodicity): string[] =>
  p === 'QUARTERLY'
    ? ['Q1', 'Q2', 'Q3', 'Q4']
    : Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);

/** The period that stands for the whole year (annual evaluations, yearly aggregates). */
export const annualPeriod = 'ANNUAL';

/** How many months one period spans. */
const monthsPerPeriod = (p: Periodicity) => (p === 'QUARTERLY' ? 3 : 1);

/** The period a month (1..12) of the year falls in: the same windows as the calendar's periods. */
export const periodOfMonth = (month: number, p: Periodicity): string =>
  periodIds(p)[Math.floor((month - 1) / monthsPerPeriod(p))]!;

export const cycleInput = z
  .object({
    year: z.number().int().min(2020).max(2100),
    planningDeadline: localDate.optional(),
    periodReviewDeadlines: z.record(z.string(), localDate).optional(),
    annualReviewDeadline: localDate.optional(),
    appealFileDays: z
      .number()
      .int()
      .min(cycleRules.appealDaysBounds.min)
      .max(cycleRules.appealDaysBounds.max)
      .optional(),
    appealDecideDays: z
      .number()
      .int()
      .min(cycleRules.appealDaysBounds.min)
      .max(cycleRules.appealDaysBounds.max)
      .optional(),
    /** Local non-working days the agency adds (regional holidays, local cuti). */
    localDaysOff: z
      .array(z.object({ date: localDate, name: z.string().trim().min(1).max(120) }).strict())
      .max(60)
      .optional(),
  })
  .strict()
  .meta({ id: 'CycleInput' });
export type CycleInput = z.infer<typeof cycleInput>;

export interface PeriodWindow {
  period: string;
  start: string;
  end: string;
  /** ISO with offset: end of the local day by which the period's evaluation is due. */
  reviewDeadline: string;
}

export interface CycleCalendar {
  timeZone: string;
  periodicity: Periodicity;
  phases: { phase: Exclude<PhaseName, 'CLOSED'>; start: string; end: string }[];
  deadlines: { planning: string; annualReview: string; appealFiling: string; appealDecision: string };
  periods: PeriodWindow[];
  localDaysOff: { date: string; name: string }[];
}

const md = (year: number, d: { month: number; day: number }) =>
  `${year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function periodBounds(year: number, periodicity: Periodicity, index: number): { start: string; end: string } {
  const months = monthsPerPeriod(periodicity);
  const firstMonth = index * months + 1;
  const start = md(year, { month: firstMonth, day: 1 });
  const next =
    firstMonth + months > 12
      ? md(year + 1, { month: 1, day: 1 })
      : md(year, { month: firstMonth + months, day: 1 });
  return { start, end: plusDays(next, -1) };
}

/** The cycle's calendar, or a 422 naming each override outside its bounds. */
export function computeCalendar(
  input: CycleInput,
  agency: { timeZone: string; periodicity: Periodicity },
): CycleCalendar {
  const { year } = input;
  const issues: FieldIssue[] = [];
  const within = (path: string, value: string | undefined, from: string, to: string) => {
    if (value !== undefined && (value < from || value > to))
      issues.push({ path, code: 'DATE_OUT_OF_BOUNDS', params: { from, to } });
  };
  within(
    'planningDeadline',
    input.planningDeadline,
    md(year, cycleRules.planningDeadlineBounds.from),
    md(year, cycleRules.planningDeadlineBounds.to),
  );
  within(
    'annualReviewDeadline',
    input.annualReviewDeadline,
    md(year + 1, cycleRules.annualReviewBounds.from),
    md(year + 1, cycleRules.annualReviewBounds.to),
  );
  for (const day of input.localDaysOff ?? [])
    within('localDaysOff', day.date, md(year, { month: 1, day: 1 }), md(year + 1, { month: 12, day: 31 }));

  const cal = new WorkCalendar(agency.timeZone, [year, year + 1], input.localDaysOff ?? []);
  const ids = periodIds(agency.periodicity);
  for (const key of Object.keys(input.periodReviewDeadlines ?? {})) {
    if (!ids.includes(key))
      issues.push({
        path: `periodReviewDeadlines.${key}`,
        code: 'UNKNOWN_PERIOD',
        params: { periods: ids.join(', ') },
      });
  }
  const periods = ids.map((period, i) => {
    const { start, end } = periodBounds(year, agency.periodicity, i);
    const override = input.periodReviewDeadlines?.[period];
    within(
      `periodReviewDeadlines.${period}`,
      override,
      plusDays(end, 1),
      plusDays(end, cycleRules.periodReviewMaxDaysAfterEnd),
    );
    const due = override ?? cal.addWorkingDays(end, cycleRules.periodReviewWorkingDays);
    return { period, start, end, reviewDeadline: cal.endOfDay(due) };
  });
  if (issues.length) throw validationFailed(issues);

  const planning = input.planningDeadline ?? md(year, cycleRules.planningDeadline);
  const annual = input.annualReviewDeadline ?? md(year + 1, cycleRules.annualReviewDeadline);
  const appealFiling = plusDays(annual, input.appealFileDays ?? cycleRules.appealFileDays);
  const appealDecision = plusDays(appealFiling, input.appealDecideDays ?? cycleRules.appealDecideDays);
  return {
    timeZone: agency.timeZone,
    periodicity: agency.periodicity,
    phases: [
      {
        phase: 'PLANNING',
        start: cal.startOfDay(md(year, { month: 1, day: 1 })),
        end: cal.endOfDay(planning),
      },
      {
        phase: 'EXECUTION',
        start: cal.startOfDay(plusDays(planning, 1)),
        end: cal.endOfDay(md(year, { month: 12, day: 31 })),
      },
      {
        phase: 'ANNUAL_REVIEW',
        start: cal.startOfDay(md(year + 1, { month: 1, day: 1 })),
        end: cal.endOfDay(annual),
      },
      { phase: 'APPEALS', start: cal.startOfDay(plusDays(annual, 1)), end: cal.endOfDay(appealDecision) },
    ],
    deadlines: {
      planning: cal.endOfDay(planning),
      annualReview: cal.endOfDay(annual),
      appealFiling: cal.endOfDay(appealFiling),
      appealDecision: cal.endOfDay(appealDecision),
    },
    periods,
    localDaysOff: [...(input.localDaysOff ?? [])].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/** The phase at an instant (before the cycle starts it is PLANNING: drafting may begin early). */
export function phaseAt(calendar: CycleCalendar, at: Date): PhaseName {
  const t = at.getTime();
  const current = calendar.phases.find((p) => t >= Date.parse(p.start) && t <= Date.parse(p.end));
  if (current) return current.phase;
  return t < Date.parse(calendar.phases[0]!.start) ? 'PLANNING' : 'CLOSED';
}

/** The months a period covers, first and last: `Q3` -> [7, 9], `M05` -> [5, 5], `ANNUAL` -> [1, 12]. */
export function periodMonths(period: string): [number, number] {
  const q = /^Q([1-4])$/.exec(period);
  if (q) return [Number(q[1]) * 3 - 2, Number(q[1]) * 3];
  const m = /^M(0[1-9]|1[0-2])$/.exec(period);
  if (m) return [Number(m[1]), Number(m[1])];
  return [1, 12];
}
