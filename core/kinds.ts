/**
 * The registry of document kinds. Cross-cutting work iterates it instead of naming kinds: the
 * refresh of authorization facts after a re-import (every kind that carries them), the action
 * items a person sees (every kind that can hold a step), the sweep.
 */
import { type ActionKind, hrInbox } from './action-items.ts';

type Doc = Readonly<Record<string, unknown>>;

export interface KindInfo {
  /**
   * The fields that identify a document of this kind, read from the document itself: the
   * cross-cutting work (the engine, the refresh) writes back to documents it found in a list.
   * Required for every kind that holds steps or carries facts.
   */
  readonly id?: (doc: Doc) => Record<string, string | number>;
  /**
   * The document carries its owner's authorization facts (see `Facts`). When the org chart moves
   * the owner, the re-import rewrites them, and a step owed by a role follows the new holder.
   */
  readonly facts: boolean;
  /** A document whose facts stay as they are although its owner moved (a record of the past). */
  readonly frozen?: (doc: Doc) => boolean;
  /** The steps (action kinds) a document of this kind can hold. */
  readonly steps: readonly ActionKind[];
}

export const kinds = {
  AGENCY: { facts: false, steps: [] },
  EMPLOYEE: { facts: false, steps: [] },
  CYCLE: { facts: false, steps: [] },
  UNIT_STAT: { facts: false, steps: [] },
  SKP: {
    facts: true,
    steps: ['SUBMIT_SKP', 'RESUBMIT_SKP', 'APPROVE_SKP'],
    id: (d) => ({ skpId: String(d.skpId) }),
  },
  CHECKIN: {
    facts: true,
    steps: ['SUBMIT_CHECKIN', 'REVIEW_CHECKIN'],
    id: (d) => ({ skpId: String(d.skpId), period: String(d.period) }),
  },
  PEER_REQUEST: {
    facts: false,
    steps: ['GIVE_PEER_INPUT'],
    id: (d) => ({ skpId: String(d.skpId), period: String(d.period), peerNip: String(d.peerNip) }),
  },
  EVIDENCE: { facts: false, steps: [] },
  EVALUATION: {
    facts: true,
    // A final evaluation keeps who rated and who saw it; HR's reassignment stands over a re-import.
    frozen: (d) => d.status === 'FINAL' || (Array.isArray(d.reassignments) && d.reassignments.length > 0),
    // Once final, the appraiser owes the response to an appeal on the evaluation itself (frozen:
    // the appraiser who rated answers).
    steps: ['RATE_EVALUATION', 'RESPOND_APPEAL'],
    id: (d) => ({ skpId: String(d.skpId), period: String(d.period) }),
  },
  /**
   * The appeal (keberatan) of a final evaluation: the decision is owed by the decider it names.
   * Its parties are those of the final evaluation, named at filing: a re-import leaves them.
   */
  APPEAL: {
    facts: true,
    frozen: () => true,
    steps: ['DECIDE_APPEAL'],
    id: (d) => ({ skpId: String(d.skpId), period: String(d.period) }),
  },
  /**
   * The follow-up (tindak lanjut) of a final evaluation: a development plan, or a recognition. A
   * plan in progress follows the owner to a new appraiser; a finished one stays a record.
   */
  FOLLOW_UP: {
    facts: true,
    frozen: (d) => d.status === 'COMPLETED' || d.status === 'CANCELLED' || d.status === 'RECOGNIZED',
    steps: ['PLAN_DEVELOPMENT', 'COMPLETE_DEVELOPMENT'],
    id: (d) => ({ skpId: String(d.skpId), period: String(d.period) }),
  },
  /** An agency's own appeal and follow-up policy (absent: the defaults). */
  AGENCY_POLICY: { facts: false, steps: [] },
  /** A unit's organisation result for a period; its leader and head are named at opening. */
  UNIT_RESULT: {
    facts: false,
    steps: ['SET_UNIT_RESULT', 'SIGN_PENETAPAN'],
    id: (d) => ({
      agencyId: String(d.agencyId),
      year: Number(d.year),
      unitId: String(d.unitId),
      period: String(d.period),
    }),
  },
  /** An obligation a phase opens before its document exists (draft your SKP, record a period). */
  DUTY: {
    facts: false,
    steps: ['SUBMIT_SKP', 'SUBMIT_CHECKIN'],
    id: (d) => ({ nip: String(d.ownerNip), year: Number(d.year), phase: String(d.phase) }),
  },
  /** A period-end report (CSV, XLSX, PDF in the reports bucket). */
  REPORT: { facts: false, steps: [] },
  NOTIFICATION: { facts: false, steps: [] },
  /** Local runtime: a one-time schedule (EventBridge Scheduler's stand-in). */
  SCHEDULE: { facts: false, steps: [] },
  /** Watermarks and once-only markers of the sweep and the digest. */
  MARKER: { facts: false, steps: [] },
  /** An asynchronous employee import: QUEUED -> RUNNING -> SUCCEEDED | FAILED (core/import-job.ts). */
  IMPORT_JOB: { facts: false, steps: [] },
  /**
   * An employee as an import will write it, staged before the import commits: invisible to every
   * reader, applied after the commit (and re-applied by whoever finds the commit unfinished).
   */
  IMPORT_STAGE: { facts: false, steps: [] },
  /** A one-time service-satisfaction survey link, keyed by the hash of its token. */
  SURVEY_LINK: { facts: false, steps: [] },
  /** One answer to a survey link (ratings and the comment as text; nothing about who answered). */
  SURVEY_RESPONSE: { facts: false, steps: [] },
  /** Count, sums and distribution of a unit's or an employee's survey answers in one period. */
  SURVEY_AGG: { facts: false, steps: [] },
  /** A fixed-window counter of a rate limit (expires by TTL). */
  RATE_COUNTER: { facts: false, steps: [] },
} as const satisfies Record<string, KindInfo>;

export type DocKind = keyof typeof kinds;

export const kindsWithFacts = (Object.keys(kinds) as DocKind[]).filter((k) => kinds[k].facts);

/** Whether a re-import leaves this document's facts as they are. */
export const factsFrozen = (doc: Doc): boolean =>
  (kinds[doc.type as DocKind] as KindInfo | undefined)?.frozen?.(doc) ?? false;

/** The id of a document found in a list, or undefined for kinds that need none. */
export const idOfDoc = (doc: Doc): Record<string, string | number> | undefined =>
  (kinds[doc.type as DocKind] as KindInfo | undefined)?.id?.(doc);

/** Who may read and act on a document, as it stores them. */
export interface Facts {
  agencyId: string;
  ownerNip: string;
  /** The appraiser (direct supervisor); null for the agency head, whose appraiser is outside the chart. */
  appraiserNip: string | null;
  appraiserSupervisorNip: string | null;
  /** Supervisors above the owner, nearest first. */
  managerChain: string[];
  /** Who approves and reviews: the appraiser, or for the agency head, the agency's HR. */
  approverId: string;
}

export const factNames = [
  'agencyId',
  'ownerNip',
  'appraiserNip',
  'appraiserSupervisorNip',
  'managerChain',
  'approverId',
] as const;

export function factsOf(employee: {
  nip: string;
  agencyId: string;
  supervisorNip: string | null;
  managerChain: readonly string[];
}): Facts {
  return {
    agencyId: employee.agencyId,
    ownerNip: employee.nip,
    appraiserNip: employee.supervisorNip,
    appraiserSupervisorNip: employee.managerChain[1] ?? null,
    managerChain: [...employee.managerChain],
    approverId: employee.supervisorNip ?? hrInbox(employee.agencyId),
  };
}
