/**
 * SKP documents: in the owner's partition, one per SKP period of a year (`SKP#<year>#<seq>`), so
 * an employee who moves mid-year has several. gsi1: an agency's SKPs of a year, by unit.
 */
import { kindsWithFacts } from '#core/kinds.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { defineEntity } from '../entity.ts';

const idOf = (skpId: string) => {
  const id = parseSkpId(skpId);
  if (!id) throw new Error(`not an SKP id: ${skpId}`);
  return id;
};

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
  }),
  patterns: {
    /** An employee's SKPs of a year, the latest first. */
    ofOwnerYear: ({ nip, year }) => ({ pk: `EMP#${nip}`, prefix: `SKP#${year}#`, descending: true }),
    ofAgencyYear: ({ agencyId, year }) => ({ index: 'gsi1', pk: `AGENCY#${agencyId}#SKP#${year}` }),
    ofUnitYear: ({ agencyId, year, unitId }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#SKP#${year}`,
      prefix: `UNIT#${unitId}#`,
    }),
    /** Every document of an employee that carries authorization facts (the re-import refresh). */
    factsOfOwner: ({ nip }) => ({ pk: `EMP#${nip}`, types: kindsWithFacts }),
  },
});
