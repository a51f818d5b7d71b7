/**
 * Check-ins, their peer requests and evidence records, in the owner's partition. A check-in and
 * its peer requests share a sort-key prefix, so one Query reads them together.
 * gsi1: an agency's check-ins of a period, by unit; gsi4: the appraiser's team (see skp.ts).
 */
import { parseSkpId } from '#core/skp/id.ts';
import { defineEntity } from '../entity.ts';
import { teamPk } from './skp.ts';

/** In the appraiser's team (gsi4), after the owner's SKPs: `<ownerNip>#CHECKIN#<year>#<seq>#<period>`. */
const teamSkOf = (skpId: string, period: string) => {
  const { pk, sk } = prefixOf(skpId, period);
  return `${pk.slice(4)}#${sk}`;
};

const prefixOf = (skpId: string | number, period: string | number) => {
  const id = parseSkpId(String(skpId));
  if (!id) throw new Error(`not an SKP id: ${skpId}`);
  return { pk: `EMP#${id.nip}`, sk: `CHECKIN#${id.year}#${String(id.seq).padStart(2, '0')}#${period}`, id };
};

export const checkinEntity = defineEntity<{ skpId: string; period: string }>({
  kind: 'CHECKIN',
  key: ({ skpId, period }) => {
    const { pk, sk } = prefixOf(skpId, period);
    return { pk, sk };
  },
  itemId: ({ skpId, period }) => `${skpId}#${period}`,
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#CHECKIN#${d.year}#${d.period}`,
    gsi1sk: `UNIT#${d.unitId}#${d.ownerNip}`,
    ...(typeof d.appraiserNip === 'string'
      ? { gsi4pk: teamPk(d.appraiserNip), gsi4sk: teamSkOf(String(d.skpId), String(d.period)) }
      : {}),
  }),
  reindex: (set, { skpId, period }): Record<string, string | null> =>
    !('appraiserNip' in set)
      ? {}
      : typeof set.appraiserNip === 'string'
        ? { gsi4pk: teamPk(set.appraiserNip), gsi4sk: teamSkOf(skpId, period) }
        : { gsi4pk: null, gsi4sk: null },
  patterns: {
    /**
     * Every check-in of an SKP (and their peer requests), periods in order, with the follow-ups
     * of its evaluations (a check-in shows the development plans in force: entities/appeal.ts).
     */
    ofSkp: ({ skpId }) => {
      const { pk, sk } = prefixOf(String(skpId), '');
      return { pk, prefix: sk, types: ['CHECKIN', 'PEER_REQUEST', 'FOLLOW_UP'] };
    },
    /**
     * The same, with the SKP's evaluations, their appeals and follow-ups (they share the prefix:
     * see entities/appraisal.ts and entities/appeal.ts).
     */
    periodDocsOfSkp: ({ skpId }) => {
      const { pk, sk } = prefixOf(String(skpId), '');
      return { pk, prefix: sk, types: ['CHECKIN', 'PEER_REQUEST', 'EVALUATION', 'APPEAL', 'FOLLOW_UP'] };
    },
    ofAgencyPeriod: ({ agencyId, year, period }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#CHECKIN#${year}#${period}`,
    }),
    ofUnitPeriod: ({ agencyId, year, period, unitId }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#CHECKIN#${year}#${period}`,
      prefix: `UNIT#${unitId}#`,
    }),
  },
});

export const peerRequestEntity = defineEntity<{ skpId: string; period: string; peerNip: string }>({
  kind: 'PEER_REQUEST',
  key: ({ skpId, period, peerNip }) => {
    const { pk, sk } = prefixOf(skpId, period);
    return { pk, sk: `${sk}#PEER#${peerNip}` };
  },
  itemId: ({ skpId, period, peerNip }) => `${skpId}#${period}#${peerNip}`,
});

export const evidenceEntity = defineEntity<{ skpId: string; evidenceId: string }>({
  kind: 'EVIDENCE',
  key: ({ skpId, evidenceId }) => {
    const { id } = prefixOf(skpId, '');
    return { pk: `EMP#${id.nip}`, sk: `EVIDENCE#${id.year}#${evidenceId}` };
  },
  itemId: ({ skpId, evidenceId }) => `${skpId}#${evidenceId}`,
});
