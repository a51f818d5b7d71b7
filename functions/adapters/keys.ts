/** Item keys: composed here and nowhere else. */
export const keys = {
  agency: (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, sk: 'AGENCY' }),
  employee: (nip: string) => ({ pk: `EMP#${nip}`, sk: 'PROFILE' }),
  /** gsi1: an agency's employees, grouped by unit. */
  agencyEmployees: (agencyId: string) => `AGENCY#${agencyId}#EMP`,
  unitEmployee: (unitId: string, nip: string) => `UNIT#${unitId}#${nip}`,
  /** gsi2: a supervisor's direct reports. */
  team: (supervisorNip: string) => `SUP#${supervisorNip}`,
  audit: (subject: string, seq: number) => ({ pk: `AUDIT#${subject}`, sk: `SEQ#${String(seq).padStart(10, '0')}` }),
  auditPk: (subject: string) => `AUDIT#${subject}`,
} as const;

/** Audit chain subjects: one chain per document. */
export const subjects = {
  agency: (agencyId: string) => `AGENCY#${agencyId}`,
} as const;
