/**
 * Appeals, follow-ups and agency policies. An appeal and a follow-up live in the owner's
 * partition beside the evaluation they are about (`CHECKIN#<year>#<seq>#EVAL#<period>#APPEAL`,
 * `…#FOLLOWUP`), so the one Query that reads an SKP's period documents reads them too (the
 * evaluation's view and document show them; a check-in shows the plans in force). gsi1: an
 * agency's appeals of a year, in filing order (HR's list). The policy sits beside its agency.
 */
import { parseSkpId } from '#core/skp/id.ts';
import { defineEntity } from '../entity.ts';

const besideEvaluation = (skpId: string | number, period: string | number, suffix: string) => {
  const id = parseSkpId(String(skpId));
  if (!id) throw new Error(`not an SKP id: ${skpId}`);
  return {
    pk: `EMP#${id.nip}`,
    sk: `CHECKIN#${id.year}#${String(id.seq).padStart(2, '0')}#EVAL#${period}#${suffix}`,
  };
};

export const appealEntity = defineEntity<{ skpId: string; period: string }>({
  kind: 'APPEAL',
  key: ({ skpId, period }) => besideEvaluation(skpId, period, 'APPEAL'),
  itemId: ({ skpId, period }) => `${skpId}#APPEAL#${period}`,
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#APPEAL#${d.year}`,
    gsi1sk: `${d.filedAt}#${d.skpId}#${d.period}`,
  }),
  patterns: {
    ofAgencyYear: ({ agencyId, year }) => ({ index: 'gsi1', pk: `AGENCY#${agencyId}#APPEAL#${year}` }),
  },
});

export const followUpEntity = defineEntity<{ skpId: string; period: string }>({
  kind: 'FOLLOW_UP',
  key: ({ skpId, period }) => besideEvaluation(skpId, period, 'FOLLOWUP'),
  itemId: ({ skpId, period }) => `${skpId}#FOLLOWUP#${period}`,
});

export const policyEntity = defineEntity<{ agencyId: string }>({
  kind: 'AGENCY_POLICY',
  key: ({ agencyId }) => ({ pk: `AGENCY#${agencyId}`, sk: 'POLICY' }),
  itemId: ({ agencyId }) => `${agencyId}#POLICY`,
});
