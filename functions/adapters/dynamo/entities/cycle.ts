/** Cycles and their per-unit completion counters (sharded, one partition per cycle). */
import { defineEntity } from '../entity.ts';

const cyclePk = (agencyId: string | number, year: string | number) => `CYCLE#${agencyId}#${year}`;

export const cycleEntity = defineEntity<{ agencyId: string; year: number }>({
  kind: 'CYCLE',
  key: ({ agencyId, year }) => ({ pk: cyclePk(agencyId, year), sk: 'CYCLE' }),
  itemId: ({ agencyId, year }) => `${agencyId}#${year}`,
  /** gsi1: the agency's cycles, by year. */
  indexes: (d) => ({ gsi1pk: `AGENCY#${d.agencyId}#CYCLE`, gsi1sk: `YEAR#${d.year}` }),
  patterns: {
    /** An agency's cycles, the latest year first. */
    ofAgency: ({ agencyId }) => ({ index: 'gsi1', pk: `AGENCY#${agencyId}#CYCLE`, descending: true }),
    /** The cycle with every unit's counters: one Query over the cycle's partition. */
    withCounters: ({ agencyId, year }) => ({ pk: cyclePk(String(agencyId), String(year)) }),
  },
});

export const unitStatEntity = defineEntity<{ agencyId: string; year: number; unitId: string; shard: number }>(
  {
    kind: 'UNIT_STAT',
    key: ({ agencyId, year, unitId, shard }) => ({
      pk: cyclePk(agencyId, year),
      sk: `STAT#${unitId}#${shard}`,
    }),
    itemId: ({ agencyId, year, unitId, shard }) => `${agencyId}#${year}#${unitId}#${shard}`,
  },
);
