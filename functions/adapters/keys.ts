/** Item keys: composed here and nowhere else. */
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
  unitStat: (agencyId: string, year: number, unitId: string, shard: number) => ({ pk: `CYCLE#${agencyId}#${year}`, sk: `STAT#${unitId}#${shard}` }),
  /** gsi1: an agency's SKP of a year, by unit (reports). */
  agencySkp: (agencyId: string, year: number) => `AGENCY#${agencyId}#SKP#${year}`,
  /** gsi2: what a person owes (action items). */
  owes: (nip: string) => `OWES#${nip}`,
  /** gsi3: due items by the UTC date they fall due. */
  dueBucket: (dueAt: string) => `DUE#${new Date(dueAt).toISOString().slice(0, 10)}`,
  audit: (subject: string, seq: number) => ({ pk: `AUDIT#${subject}`, sk: `SEQ#${String(seq).padStart(10, '0')}` }),
  auditPk: (subject: string) => `AUDIT#${subject}`,
} as const;

/** Audit chain subjects: one chain per document. */
export const subjects = {
  agency: (agencyId: string) => `AGENCY#${agencyId}`,
  skp: (skpId: string) => `SKP#${skpId}`,
  cycle: (agencyId: string, year: number) => `CYCLE#${agencyId}#${year}`,
} as const;
