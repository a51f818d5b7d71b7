/** Agencies and employees. */
import { defineEntity } from '../entity.ts';

export const agencyEntity = defineEntity<{ agencyId: string }>({
  kind: 'AGENCY',
  key: ({ agencyId }) => ({ pk: `AGENCY#${agencyId}`, sk: 'AGENCY' }),
  itemId: ({ agencyId }) => agencyId,
});

/**
 * An employee profile. gsi1: the agency's employees by unit; gsi2: a supervisor's direct reports.
 */
export const employeeEntity = defineEntity<{ nip: string }>({
  kind: 'EMPLOYEE',
  key: ({ nip }) => ({ pk: `EMP#${nip}`, sk: 'PROFILE' }),
  itemId: ({ nip }) => nip,
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#EMP`,
    gsi1sk: `UNIT#${d.unitId}#${d.nip}`,
    ...(d.supervisorNip ? { gsi2pk: `SUP#${d.supervisorNip}`, gsi2sk: `EMP#${d.nip}` } : {}),
  }),
  patterns: {
    ofAgency: ({ agencyId }) => ({ index: 'gsi1', pk: `AGENCY#${agencyId}#EMP` }),
    ofUnit: ({ agencyId, unitId }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#EMP`,
      prefix: `UNIT#${unitId}#`,
    }),
    team: ({ supervisorNip }) => ({ index: 'gsi2', pk: `SUP#${supervisorNip}`, prefix: 'EMP#' }),
  },
});
