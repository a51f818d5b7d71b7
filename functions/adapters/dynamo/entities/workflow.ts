/**
 * What the workflows keep: duties a phase opens before any document exists, notifications (the
 * in-app inbox and the digest's queue), local schedules, and the markers of the sweep and digest.
 */
import { workflowRules } from '#config/workflow.ts';
import { defineEntity } from '../entity.ts';

/** A per-employee obligation opened by a phase (draft your SKP, record the period's realisasi). */
export const dutyEntity = defineEntity<{ nip: string; year: number; phase: string }>({
  kind: 'DUTY',
  key: ({ nip, year, phase }) => ({ pk: `EMP#${nip}`, sk: `DUTY#${year}#${phase}` }),
  itemId: ({ nip, year, phase }) => `${year}-${phase}-${nip}`,
});

/**
 * A notification in a person's inbox (`HR#<agencyId>` for HR's). gsi1: not yet mailed, by UTC
 * day (the digest takes it off). Expires after `notificationTtlDays`.
 */
export const notificationEntity = defineEntity<{ recipient: string; createdAt: string; noticeId: string }>({
  kind: 'NOTIFICATION',
  key: ({ recipient, createdAt, noticeId }) => ({ pk: `INBOX#${recipient}`, sk: `${createdAt}#${noticeId}` }),
  itemId: ({ recipient, noticeId }) => `${recipient}#${noticeId}`,
  indexes: (d) =>
    d.mailed
      ? {}
      : {
          gsi1pk: `MAILQ#${String(d.createdAt).slice(0, 10)}`,
          gsi1sk: `${d.recipient}#${d.createdAt}#${d.noticeId}`,
        },
  patterns: {
    inbox: ({ recipient }) => ({ pk: `INBOX#${recipient}`, descending: true }),
    mailQueue: ({ day }) => ({ index: 'gsi1', pk: `MAILQ#${day}` }),
  },
  expiresAt: (d) =>
    Math.floor(Date.parse(String(d.createdAt)) / 1000) + workflowRules.notificationTtlDays * 86_400,
});

/** Local runtime only: a one-time schedule (EventBridge Scheduler's stand-in). UTC, so they sort. */
export const scheduleEntity = defineEntity<{ name: string; startAt: string }>({
  kind: 'SCHEDULE',
  key: ({ name, startAt }) => ({ pk: 'LOCALSCHEDULE', sk: `${new Date(startAt).toISOString()}#${name}` }),
  itemId: ({ name }) => name,
  patterns: { all: () => ({ pk: 'LOCALSCHEDULE' }) },
});

/** A watermark or a once-only marker: `scope` names whose (SWEEP, DIGEST, DIGEST#<recipient>). */
export const markerEntity = defineEntity<{ scope: string; name: string }>({
  kind: 'MARKER',
  key: ({ scope, name }) => ({ pk: scope, sk: name }),
  itemId: ({ scope, name }) => `${scope}#${name}`,
});
