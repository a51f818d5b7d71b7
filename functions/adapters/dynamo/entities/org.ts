/** Agencies and employees. */
import { searchable } from '#core/employee.ts';
import { defineEntity } from '../entity.ts';

export const agencyEntity = defineEntity<{ agencyId: string }>({
  kind: 'AGENCY',
  key: ({ agencyId }) => ({ pk: `AGENCY#${agencyId}`, sk: 'AGENCY' }),
  itemId: ({ agencyId }) => agencyId,
});

/**
 * An employee profile. gsi1: the agency's employees by unit (everyone, leavers included: the
 * import merges over them). gsi2: a supervisor's direct reports; gsi4: the supervisor's team
 * (the profile first, then the report's SKPs and check-ins, see skp.ts and checkin.ts). Someone
 * INACTIVE (retired, transferred out) is in no one's team.
 */
export const employeeEntity = defineEntity<{ nip: string }>({
  kind: 'EMPLOYEE',
  key: ({ nip }) => ({ pk: `EMP#${nip}`, sk: 'PROFILE' }),
  itemId: ({ nip }) => nip,
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#EMP`,
    gsi1sk: `UNIT#${d.unitId}#${d.nip}`,
    searchName: searchable(String(d.name ?? '')),
    ...(d.supervisorNip && d.employmentStatus !== 'INACTIVE'
      ? {
          gsi2pk: `SUP#${d.supervisorNip}`,
          gsi2sk: `EMP#${d.nip}`,
          gsi4pk: `TEAM#${d.supervisorNip}`,
          gsi4sk: `${d.nip}`,
        }
      : {}),
  }),
  patterns: {
    ofAgency: ({ agencyId }) => ({ index: 'gsi1', pk: `AGENCY#${agencyId}#EMP` }),
    ofUnit: ({ agencyId, unitId }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#EMP`,
      prefix: `UNIT#${unitId}#`,
    }),
    /** A unit's employees whose NIP starts with `nipPrefix` (a key condition, not a filter). */
    ofUnitByNip: ({ agencyId, unitId, nipPrefix }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#EMP`,
      prefix: `UNIT#${unitId}#${nipPrefix}`,
    }),
    team: ({ supervisorNip }) => ({ index: 'gsi2', pk: `SUP#${supervisorNip}`, prefix: 'EMP#' }),
  },
});
