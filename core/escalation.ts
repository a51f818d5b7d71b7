/**
 * What happens next to an open action item: a reminder before its deadline, then one escalation
 * level per interval after it (owner -> owner's supervisor -> HR). Pure: the engine persists the
 * step with a condition on the item's state, so each reminder and level happens exactly once.
 */
import { workflowRules } from '#config/workflow.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface OpenItem {
  pendingDueAt: string;
  escalationLevel: number;
  remindersSent: number;
}

export type Step =
  | { kind: 'REMIND'; number: number; daysLeft: number; nextActionAt: string }
  | { kind: 'ESCALATE'; level: number; nextActionAt: string | null };

type Rules = Pick<
  typeof workflowRules,
  'reminderDaysBefore' | 'escalationIntervalDays' | 'maxEscalationLevel'
>;

const iso = (ms: number) => new Date(ms).toISOString();
const reminderTimes = (dueAt: string, rules: Rules) =>
  [...rules.reminderDaysBefore]
    .sort((a, b) => b - a)
    .map((d) => ({ days: d, at: Date.parse(dueAt) - d * DAY }));

/** When an item opened at `now` first needs attention: its first reminder still ahead, else its deadline. */
export function firstActionAt(
  dueAt: string,
  now: Date,
  rules: Rules = workflowRules,
): { at: string; remindersSkipped: number } {
  const times = reminderTimes(dueAt, rules);
  const ahead = times.findIndex((t) => t.at >= now.getTime());
  // After the last reminder the next moment that matters is just past the deadline.
  if (ahead === -1)
    return { at: iso(Math.max(Date.parse(dueAt) + 1000, now.getTime())), remindersSkipped: times.length };
  return { at: iso(times[ahead]!.at), remindersSkipped: ahead };
}

/**
 * The step due at `now`, or null when nothing is due yet. Reminders that were missed (a late
 * sweep) collapse into one: only the latest applicable reminder is sent.
 */
export function nextStep(item: OpenItem, now: Date, rules: Rules = workflowRules): Step | null {
  const due = Date.parse(item.pendingDueAt);
  const t = now.getTime();
  if (t <= due) {
    const times = reminderTimes(item.pendingDueAt, rules);
    const passed = times.filter((r) => r.at <= t).length;
    if (passed === 0 || passed <= item.remindersSent) return null;
    const following = times[passed];
    return {
      kind: 'REMIND',
      number: passed,
      daysLeft: times[passed - 1]!.days,
      nextActionAt: iso(following ? following.at : due + 1000),
    };
  }
  if (item.escalationLevel >= rules.maxEscalationLevel) return null;
  // Level n is reached at due + (n - 1) intervals; a late sweep still climbs one level at a time.
  const level = item.escalationLevel + 1;
  const reachedAt = due + (level - 1) * rules.escalationIntervalDays * DAY;
  if (t < reachedAt) return null;
  const next =
    level < rules.maxEscalationLevel ? Math.max(due + level * rules.escalationIntervalDays * DAY, t) : null;
  return { kind: 'ESCALATE', level, nextActionAt: next === null ? null : iso(next) };
}
