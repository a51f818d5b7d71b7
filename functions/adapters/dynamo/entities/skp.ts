/**
 * SKP documents: in the owner's partition, one per SKP period of a year (`SKP#<year>#<seq>`), so
 * an employee who moves mid-year has several. gsi1: an agency's SKPs of a year, by unit. gsi4:
 * the appraiser's team, right after the owner's profile (`<ownerNip>#SKP#<year>#<seq>`); it
 * follows the appraiser when the facts are refreshed, and an ENDED SKP keeps the appraiser of
 * its months.
 */
import { eq, or } from '#core/expr.ts';
import { kindsWithFacts } from '#core/kinds.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { defineEntity } from '../entity.ts';

const idOf = (skpId: string) => {
  const id = parseSkpId(skpId);
  if (!id) throw new Error(`not an SKP id: ${skpId}`);
  return id;
};

export const teamPk = (appraiserNip: string) => `TEAM#${appraiserNip}`;
const teamSk = (nip: string, year: number, seq: number) =>
  `${nip}#SKP#${year}#${String(seq).padStart(2, '0')}`;

/** By its id, or by owner, year and number (`{ nip, year, seq }`: the first SKP of a year is seq 1). */
export const skpEntity = defineEntity<{ skpId: string } | { nip: string; year: number; seq: number }>({
  kind: 'SKP',
  key: (id) => {
    const { nip, year, seq } = 'skpId' in id ? idOf(id.skpId) : id;
    return { pk: `EMP#${nip}`, sk: `SKP#${year}#${String(seq).padStart(2, '0')}` };
  },
  itemId: (id) => {
    if (!('skpId' in id)) throw new Error('an SKP is named by its id where it holds a step');
    return id.skpId;
  },
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#SKP#${d.year}`,
    gsi1sk: `UNIT#${d.unitId}#${d.ownerNip}#${d.seq}`,
    ...(typeof d.appraiserNip === 'string'
      ? { gsi4pk: teamPk(d.appraiserNip), gsi4sk: teamSk(String(d.ownerNip), Number(d.year), Number(d.seq)) }
      : {}),
  }),
  reindex: (set, id): Record<string, string | null> => {
    if (!('appraiserNip' in set)) return {};
    const { nip, year, seq } = 'skpId' in id ? idOf(id.skpId) : id;
    return typeof set.appraiserNip === 'string'
      ? { gsi4pk: teamPk(set.appraiserNip), gsi4sk: teamSk(nip, year, seq) }
      : { gsi4pk: null, gsi4sk: null };
  },
  patterns: {
    /** An employee's SKPs of a year, the latest first. */
    ofOwnerYear: ({ nip, year }) => ({ pk: `EMP#${nip}`, prefix: `SKP#${year}#`, descending: true }),
    ofAgencyYear: ({ agencyId, year }) => ({ index: 'gsi1', pk: `AGENCY#${agencyId}#SKP#${year}` }),
    /** An appraiser's team: each report's profile, then their SKPs and check-ins (one year kept by a filter). */
    team: ({ appraiserNip, year }) => ({
      index: 'gsi4',
      pk: teamPk(String(appraiserNip)),
      filter: or(eq('type', 'EMPLOYEE'), eq('year', Number(year))),
    }),
    ofUnitYear: ({ agencyId, year, unitId }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#SKP#${year}`,
      prefix: `UNIT#${unitId}#`,
    }),
    /** Every document of an employee that carries authorization facts (the re-import refresh). */
    factsOfOwner: ({ nip }) => ({ pk: `EMP#${nip}`, types: kindsWithFacts }),
  },
});
