/**
 * Reminders, escalations, the sweep and the digest: policy as data, read by the CDK stack (the
 * schedules) and the local runtime alike, so the two cannot drift.
 */
export const workflowRules = {
  /** Reminders this many days before an item's deadline (D-7, D-3, D-1). */
  reminderDaysBefore: [7, 3, 1],
  /** An overdue item climbs one level per interval: 1 = the owner's supervisor, 2 = HR. */
  escalationIntervalDays: 3,
  maxEscalationLevel: 2,
  /** The sweep escalates item-level deadlines (approvals, returned SKPs, appeals). */
  sweepEveryMinutes: 60,
  sweepScheduleExpression: 'rate(1 hour)',
  /** How far back the first sweep looks for due buckets (later sweeps resume from a watermark). */
  sweepLookbackDays: 14,
  /** One e-mail digest per person per day, at 07:00 WIB (00:00 UTC). */
  digestScheduleExpression: 'cron(0 0 * * ? *)',
  digestHourUtc: 0,
  /** How far back the first digest looks (later runs resume from a watermark). */
  digestLookbackDays: 31,
  /** Fan-out page: employees per query; a task takes pages until either limit below. */
  pageSize: 100,
  pagesPerTask: 20,
  taskBudgetMs: 60_000,
  /** In-app notifications expire (TTL) after this many days. */
  notificationTtlDays: 180,
} as const;

/** The phases a cycle runs, each one Standard execution per agency. */
export const phaseNames = ['PLANNING', 'PERIOD_REVIEW', 'ANNUAL_REVIEW', 'APPEALS', 'CLOSE'] as const;
export type PhaseKind = (typeof phaseNames)[number];

/** Domain events on the bus: source of each detail type (the stack's rules match on these). */
export const eventSources = { PeriodClosed: 'siklus.cycle', ReportRequested: 'siklus.reports' } as const;
