/** Reminder and escalation steps, the phase plan, and the notification text. */
import { describe, expect, it } from 'vitest';
import { workflowRules } from '#config/workflow.ts';
import { computeCalendar } from '#core/cycle.ts';
import { firstActionAt, nextStep } from '#core/escalation.ts';
import { localDeadline, noticeText } from '#core/notifications.ts';
import { phaseRuns, phaseSteps } from '#core/phases.ts';

const DAY = 86_400_000;
const due = '2027-01-31T23:59:59+07:00';
const dueMs = Date.parse(due);
const at = (ms: number) => new Date(ms);

describe('firstActionAt', () => {
  it('is the first reminder still ahead, skipping those already past', () => {
    expect(firstActionAt(due, at(dueMs - 30 * DAY))).toEqual({
      at: new Date(dueMs - 7 * DAY).toISOString(),
      remindersSkipped: 0,
    });
    expect(firstActionAt(due, at(dueMs - 5 * DAY))).toEqual({
      at: new Date(dueMs - 3 * DAY).toISOString(),
      remindersSkipped: 1,
    });
    expect(firstActionAt(due, at(dueMs - 2 * DAY))).toEqual({
      at: new Date(dueMs - 1 * DAY).toISOString(),
      remindersSkipped: 2,
    });
  });
  it('after the last reminder, is just past the deadline (or now, when already late)', () => {
    expect(firstActionAt(due, at(dueMs - 3_600_000))).toEqual({
      at: new Date(dueMs + 1000).toISOString(),
      remindersSkipped: 3,
    });
    expect(firstActionAt(due, at(dueMs + 5 * DAY))).toEqual({
      at: new Date(dueMs + 5 * DAY).toISOString(),
      remindersSkipped: 3,
    });
  });
});

describe('nextStep', () => {
  const fresh = { pendingDueAt: due, escalationLevel: 0, remindersSent: 0 };
  it('says nothing before the first reminder', () => {
    expect(nextStep(fresh, at(dueMs - 8 * DAY))).toBeNull();
  });
  it('reminds at D-7, D-3, D-1, each once, pointing at the next instant', () => {
    const r1 = nextStep(fresh, at(dueMs - 7 * DAY));
    expect(r1).toEqual({
      kind: 'REMIND',
      number: 1,
      daysLeft: 7,
      nextActionAt: new Date(dueMs - 3 * DAY).toISOString(),
    });
    expect(nextStep({ ...fresh, remindersSent: 1 }, at(dueMs - 6 * DAY))).toBeNull();
    expect(nextStep({ ...fresh, remindersSent: 1 }, at(dueMs - 3 * DAY))).toMatchObject({
      number: 2,
      daysLeft: 3,
    });
    expect(nextStep({ ...fresh, remindersSent: 2 }, at(dueMs - DAY))).toMatchObject({
      number: 3,
      daysLeft: 1,
      nextActionAt: new Date(dueMs + 1000).toISOString(),
    });
    expect(nextStep({ ...fresh, remindersSent: 3 }, at(dueMs))).toBeNull();
  });
  it('collapses missed reminders into the latest one (a late sweep sends one, not three)', () => {
    expect(nextStep(fresh, at(dueMs - 2 * 3_600_000))).toMatchObject({
      kind: 'REMIND',
      number: 3,
      daysLeft: 1,
    });
  });
  it('escalates one level per interval after the deadline, up to HR, then stops', () => {
    const late = { ...fresh, remindersSent: 3 };
    const interval = workflowRules.escalationIntervalDays * DAY;
    expect(nextStep(late, at(dueMs + 1000))).toEqual({
      kind: 'ESCALATE',
      level: 1,
      nextActionAt: new Date(dueMs + interval).toISOString(),
    });
    expect(nextStep({ ...late, escalationLevel: 1 }, at(dueMs + DAY))).toBeNull();
    expect(nextStep({ ...late, escalationLevel: 1 }, at(dueMs + interval))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      nextActionAt: null,
    });
    expect(nextStep({ ...late, escalationLevel: 2 }, at(dueMs + 30 * DAY))).toBeNull();
  });
  it('a very late sweep still climbs one level at a time', () => {
    const step = nextStep({ ...fresh, remindersSent: 3 }, at(dueMs + 20 * DAY));
    expect(step).toMatchObject({ kind: 'ESCALATE', level: 1 });
    expect(Date.parse((step as { nextActionAt: string }).nextActionAt)).toBe(dueMs + 20 * DAY);
  });
});

describe('phase plan', () => {
  const calendar = computeCalendar({ year: 2027 }, { timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' });
  const runs = phaseRuns('kota-makassar', 2027, calendar);

  it('one execution per phase: planning, four quarterly reviews, annual, appeals, close', () => {
    expect(runs.map((r) => `${r.phase}${r.period ? `-${r.period}` : ''}`)).toEqual([
      'PLANNING',
      'PERIOD_REVIEW-Q1',
      'PERIOD_REVIEW-Q2',
      'PERIOD_REVIEW-Q3',
      'PERIOD_REVIEW-Q4',
      'ANNUAL_REVIEW',
      'APPEALS',
      'CLOSE',
    ]);
    expect(new Set(runs.map((r) => r.name)).size).toBe(runs.length);
  });
  it('starts each phase at local midnight of its first day (a period review with its check-in window)', () => {
    expect(runs[0]!.startAt).toBe('2027-01-01T00:00:00+08:00');
    expect(runs[2]!.startAt).toBe('2027-04-01T00:00:00+08:00'); // Q2 opens 1 April 00:00 WITA
    expect(runs[1]!.deadline).toBe(calendar.periods[0]!.reviewDeadline);
  });
  it('monthly agencies run twelve reviews', () => {
    const monthly = phaseRuns(
      'x',
      2027,
      computeCalendar({ year: 2027 }, { timeZone: 'Asia/Jakarta', periodicity: 'MONTHLY' }),
    );
    expect(monthly.filter((r) => r.phase === 'PERIOD_REVIEW')).toHaveLength(12);
  });
  it('wakes for each reminder, the deadline and each later escalation round; close wakes never', () => {
    const steps = phaseSteps(runs[0]!);
    expect(steps.map((s) => s.round)).toEqual(['REMIND', 'REMIND', 'REMIND', 'DEADLINE', 'ESCALATE']);
    expect(steps.map((s) => s.at)).toEqual([...steps.map((s) => s.at)].sort());
    expect(Date.parse(steps[3]!.at)).toBeGreaterThan(Date.parse(runs[0]!.deadline));
    expect(phaseSteps(runs.at(-1)!)).toEqual([]);
  });
});

describe('notification text', () => {
  it('writes the deadline in the agency time with its zone name', () => {
    expect(localDeadline('2027-01-31T23:59:59+07:00')).toBe('31 Januari 2027 pukul 23.59 WIB');
    expect(localDeadline('2027-04-14T23:59:59+08:00')).toBe('14 April 2027 pukul 23.59 WITA');
    expect(localDeadline('2027-12-01T23:59:59+09:00')).toBe('1 Desember 2027 pukul 23.59 WIT');
  });
  it('names the task, the person and who it went to', () => {
    const r = noticeText({
      kind: 'REMINDER',
      pendingKind: 'SUBMIT_SKP',
      dueAt: due,
      year: 2027,
      ownerName: 'Dewi',
      subjectName: 'Dewi',
      daysLeft: 3,
    });
    expect(r.title).toBe('Pengingat: 3 hari lagi');
    expect(r.titleEn).toBe('Reminder: 3 days left');
    // English in English: the time read in the agency's zone, never a raw ISO instant.
    expect(r.bodyEn).toBe('Deadline to draft and submit the 2027 SKP: 31 January 2027 at 23:59 WIB.');
    expect(r.body).toBe(
      'Batas waktu menyusun dan mengajukan SKP 2027 adalah 31 Januari 2027 pukul 23.59 WIB.',
    );
    const e = noticeText({
      kind: 'ESCALATION',
      pendingKind: 'APPROVE_SKP',
      dueAt: due,
      year: 2027,
      ownerName: 'Budi',
      subjectName: 'Dewi',
      level: 1,
    });
    expect(e.bodyEn).toBe(
      "Budi (Dewi's document) has not yet done: approve or return the 2027 SKP (deadline 31 January 2027 at 23:59 WIB). Escalated to the supervisor.",
    );
    expect(e.titleEn).toBe('Escalation level 1: overdue');
    expect(e.body).toBe(
      'Budi (dokumen Dewi) belum menyetujui atau mengembalikan SKP 2027; batas waktunya 31 Januari 2027 pukul 23.59 WIB. Diteruskan kepada atasan langsung.',
    );
    expect(
      noticeText({
        kind: 'ESCALATION',
        pendingKind: 'SUBMIT_SKP',
        dueAt: due,
        ownerName: 'A',
        subjectName: 'A',
        level: 2,
      }).body,
    ).toContain('pengelola kinerja');
    for (const kind of ['SUBMIT_CHECKIN', 'REVIEW_CHECKIN', 'GIVE_PEER_INPUT']) {
      expect(
        noticeText({
          kind: 'REMINDER',
          pendingKind: kind,
          dueAt: due,
          ownerName: 'A',
          subjectName: 'A',
          daysLeft: 1,
        }).body,
      ).not.toContain(kind);
    }
  });
});
