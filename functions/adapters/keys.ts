/** Item keys: composed here and nowhere else. */
export const DUE_SHARDS = 4;
const shardOf = (id: string) => {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % DUE_SHARDS;
};

export const keys = {
  agency: (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, sk: 'AGENCY' }),
  employee: (nip: string) => ({ pk: `EMP#${nip}`, sk: 'PROFILE' }),
  /** gsi1: an agency's employees, grouped by unit. */
  agencyEmployees: (agencyId: string) => `AGENCY#${agencyId}#EMP`,
  unitEmployee: (unitId: string, nip: string) => `UNIT#${unitId}#${nip}`,
  /** gsi2: a supervisor's direct reports. */
  team: (supervisorNip: string) => `SUP#${supervisorNip}`,
  skp: (nip: string, year: number) => ({ pk: `EMP#${nip}`, sk: `SKP#${year}` }),
  cycle: (agencyId: string, year: number) => ({ pk: `CYCLE#${agencyId}#${year}`, sk: 'CYCLE' }),
  cyclePk: (agencyId: string, year: number) => `CYCLE#${agencyId}#${year}`,
  /** Completion counters of a unit, sharded so a busy unit's writers do not collide. */
  unitStat: (agencyId: string, year: number, unitId: string, shard: number) => ({
    pk: `CYCLE#${agencyId}#${year}`,
    sk: `STAT#${unitId}#${shard}`,
  }),
  /** gsi1: an agency's SKP of a year, by unit (reports). */
  agencySkp: (agencyId: string, year: number) => `AGENCY#${agencyId}#SKP#${year}`,
  /** gsi2: what a person owes (action items). */
  owes: (nip: string) => `OWES#${nip}`,
  /**
   * gsi3: open items by the UTC date of their next action (reminder or escalation), in a few
   * shards so one busy day (31 January, nationally) does not make one hot partition.
   */
  dueBucket: (at: string, id = '') => `DUE#${new Date(at).toISOString().slice(0, 10)}#${shardOf(id)}`,
  /** A person's in-app notifications (reminders, escalations); `HR#<agencyId>` for HR's inbox. */
  inbox: (recipient: string) => `INBOX#${recipient}`,
  /** gsi1: notifications not yet mailed, by UTC day (the daily digest). */
  mailQueue: (day: string) => `MAILQ#${day}`,
  /** A per-employee obligation opened by a phase (e.g. draft your SKP) before any document exists. */
  duty: (nip: string, year: number, phase: string) => ({ pk: `EMP#${nip}`, sk: `DUTY#${year}#${phase}` }),
  hrRecipient: (agencyId: string) => `HR#${agencyId}`,
  /** A check-in: one per SKP (owner and year) and period. */
  checkin: (nip: string, year: number, period: string) => ({
    pk: `EMP#${nip}`,
    sk: `CHECKIN#${year}#${period}`,
  }),
  /** The check-in and its peer requests share this prefix: one Query reads them together. */
  checkinPrefix: (year: number, period: string) => `CHECKIN#${year}#${period}`,
  peerRequest: (ownerNip: string, year: number, period: string, peerNip: string) => ({
    pk: `EMP#${ownerNip}`,
    sk: `CHECKIN#${year}#${period}#PEER#${peerNip}`,
  }),
  /** gsi1: an agency's check-ins of a period, by unit (reports). */
  agencyCheckins: (agencyId: string, year: number, period: string) =>
    `AGENCY#${agencyId}#CHECKIN#${year}#${period}`,
  /** A declared evidence file of an SKP. */
  evidence: (nip: string, year: number, evidenceId: string) => ({
    pk: `EMP#${nip}`,
    sk: `EVIDENCE#${year}#${evidenceId}`,
  }),
  audit: (subject: string, seq: number) => ({
    pk: `AUDIT#${subject}`,
    sk: `SEQ#${String(seq).padStart(10, '0')}`,
  }),
  auditPk: (subject: string) => `AUDIT#${subject}`,
} as const;

/** Audit chain subjects: one chain per document. */
export const subjects = {
  agency: (agencyId: string) => `AGENCY#${agencyId}`,
  skp: (skpId: string) => `SKP#${skpId}`,
  cycle: (agencyId: string, year: number) => `CYCLE#${agencyId}#${year}`,
  checkin: (skpId: string, period: string) => `CHECKIN#${skpId}#${period}`,
  peerInput: (skpId: string, period: string, peerNip: string) => `PEER_INPUT#${skpId}#${period}#${peerNip}`,
  evidence: (skpId: string, evidenceId: string) => `EVIDENCE#${skpId}#${evidenceId}`,
} as const;
