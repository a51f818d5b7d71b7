/**
 * Evaluations and unit results. An evaluation lives in its owner's partition under the SKP's
 * check-in prefix (`CHECKIN#<year>#<seq>#EVAL#<period>`), so one Query reads an SKP's check-ins,
 * peer requests and evaluations together (rating needs all three). gsi1: an agency's evaluations
 * of a period, by unit (reports). Unit results: one partition per agency and year, sorted by
 * period then unit, so a period's results are one Query.
 */
import { parseSkpId } from '#core/skp/id.ts';
import { defineEntity } from '../entity.ts';

export const evaluationEntity = defineEntity<{ skpId: string; period: string }>({
  kind: 'EVALUATION',
  key: ({ skpId, period }) => {
    const id = parseSkpId(String(skpId));
    if (!id) throw new Error(`not an SKP id: ${skpId}`);
    return {
      pk: `EMP#${id.nip}`,
      sk: `CHECKIN#${id.year}#${String(id.seq).padStart(2, '0')}#EVAL#${period}`,
    };
  },
  itemId: ({ skpId, period }) => `${skpId}#EVAL#${period}`,
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#EVAL#${d.year}#${d.period}`,
    gsi1sk: `UNIT#${d.unitId}#${d.ownerNip}#${d.seq}`,
  }),
  patterns: {
    ofAgencyPeriod: ({ agencyId, year, period }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#EVAL#${year}#${period}`,
    }),
    ofUnitPeriod: ({ agencyId, year, period, unitId }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#EVAL#${year}#${period}`,
      prefix: `UNIT#${unitId}#`,
    }),
  },
});

export const unitResultEntity = defineEntity<{
  agencyId: string;
  year: number;
  unitId: string;
  period: string;
}>({
  kind: 'UNIT_RESULT',
  key: ({ agencyId, year, unitId, period }) => ({
    pk: `UNITRES#${agencyId}#${year}`,
    sk: `${period}#${unitId}`,
  }),
  itemId: ({ agencyId, year, unitId, period }) => `${agencyId}#${year}#${unitId}#${period}`,
  patterns: {
    ofPeriod: ({ agencyId, year, period }) => ({ pk: `UNITRES#${agencyId}#${year}`, prefix: `${period}#` }),
    ofYear: ({ agencyId, year }) => ({ pk: `UNITRES#${agencyId}#${year}` }),
  },
});
