/**
 * Action items: every step someone owes by a deadline (submit an SKP, approve it, record a
 * period's realisasi, review it, give peer input, ...). A step lives on the document it is about
 * and moves with it in the same write: opening, moving (reminders, escalation levels) and
 * closing a step are changes to that document, built here and nowhere else. The store derives the
 * indexes from these fields (what a person owes; the due index the workflows read).
 */

import { firstActionAt, type Step } from './escalation.ts';
import { attr, type Changes } from './expr.ts';

export const actionKinds = [
  'SUBMIT_SKP',
  'RESUBMIT_SKP',
  'APPROVE_SKP',
  'SUBMIT_CHECKIN',
  'REVIEW_CHECKIN',
  'GIVE_PEER_INPUT',
  'RATE_EVALUATION',
  'SET_UNIT_RESULT',
  'SIGN_PENETAPAN',
  'RESPOND_APPEAL',
  'DECIDE_APPEAL',
  'PLAN_DEVELOPMENT',
  'COMPLETE_DEVELOPMENT',
] as const;
export type ActionKind = (typeof actionKinds)[number];

/** The fields of an open step on its document. */
export const stepFields = [
  'pendingKind',
  'pendingOwner',
  'pendingRole',
  'pendingDueAt',
  'escalationLevel',
  'remindersSent',
  'nextActionAt',
] as const;

/**
 * Who owes a step: a named person (or an HR inbox), or whoever holds a role on the document. A
 * role is resolved by the write itself from the document's stored facts (no read), and follows
 * the document when the org chart moves people.
 */
export type StepOwner = { readonly nip: string } | { readonly role: OwnerRole };
export type OwnerRole = 'OWNER' | 'APPROVER' | 'LEADER';
/**
 * The stored attribute that names each role's holder. LEADER: of a unit result, the leader above
 * the unit's head (or the HR inbox, for a leader outside the chart).
 */
export const roleAttribute: Record<OwnerRole, string> = {
  OWNER: 'ownerNip',
  APPROVER: 'approverId',
  LEADER: 'leaderId',
};

/** HR of an agency, as the owner of a step (the agency head's approver is outside the org chart). */
export const hrInbox = (agencyId: string) => `HR#${agencyId}`;
export const isHrInbox = (owner: string) => owner.startsWith('HR#');

export interface OpenStep {
  kind: ActionKind;
  owner: StepOwner;
  /** ISO 8601 with the agency's offset: the end of the local day it is due. */
  dueAt: string;
  now: Date;
}

/** The document's changes that open a step: reminders already past when it opens are skipped. */
export function openStep(s: OpenStep): Changes {
  const first = firstActionAt(s.dueAt, s.now);
  return {
    set: {
      pendingKind: s.kind,
      pendingOwner: 'nip' in s.owner ? s.owner.nip : attr(roleAttribute[s.owner.role]),
      pendingRole: 'nip' in s.owner ? null : s.owner.role,
      pendingDueAt: s.dueAt,
      escalationLevel: 0,
      remindersSent: first.remindersSkipped,
      nextActionAt: first.at,
    },
  };
}

/** The step is done (or can no longer be done): it leaves every list and the due index. */
export const closeStep: Changes = { remove: [...stepFields] };

/**
 * The engine's move of an open step: one more reminder sent, or one level up. `escalationReached`
 * (the highest level any step of the document reached, `reachedBefore` so far) outlives the step,
 * so a report still shows how far a step that was done late had climbed.
 */
export function moveStep(step: Step, at: string, reachedBefore = 0): Changes {
  if (step.kind === 'REMIND') return { set: { remindersSent: step.number, nextActionAt: step.nextActionAt } };
  const set = {
    escalationLevel: step.level,
    escalationReached: Math.max(reachedBefore, step.level),
    escalatedAt: at,
  };
  return step.nextActionAt
    ? { set: { ...set, nextActionAt: step.nextActionAt } }
    : { set, remove: ['nextActionAt'] };
}

/** An open step as stored on its document. */
export interface OpenStepFields {
  pendingKind: ActionKind;
  pendingOwner: string;
  pendingDueAt: string;
  escalationLevel?: number;
  remindersSent?: number;
  nextActionAt?: string;
}

export const hasOpenStep = (
  doc: Readonly<Record<string, unknown>>,
): doc is Readonly<Record<string, unknown>> & OpenStepFields =>
  typeof doc.pendingKind === 'string' &&
  typeof doc.pendingOwner === 'string' &&
  typeof doc.pendingDueAt === 'string';
