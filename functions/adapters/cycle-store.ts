/** Cycles and their completion counters. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CycleCalendar } from '#core/cycle.ts';
import { ddb, tableName } from './dynamo.ts';
import { keys } from './keys.ts';
import { queryPages } from './query.ts';

export interface StoredCycle {
  agencyId: string;
  year: number;
  calendar: CycleCalendar;
  units: Record<string, { unitName: string; employees: number }>;
  version: number;
  createdAt: string;
  createdBy: string;
  auditHead: { seq: number; hash: string };
}

export interface UnitCounts {
  drafting: number;
  submitted: number;
  approved: number;
  returned: number;
}

/**
 * A cycle's calendar never changes once opened, so each container keeps what it has read: a
 * state change then needs no read to compute due times, and stays one round trip when warm.
 */
const calendars = new Map<string, CycleCalendar | null>();

export async function cycleCalendar(agencyId: string, year: number): Promise<CycleCalendar | undefined> {
  const id = `${agencyId}#${year}`;
  const known = calendars.get(id);
  if (known) return known;
  const out = await ddb().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.cycle(agencyId, year),
      ProjectionExpression: 'calendar',
    }),
  );
  const calendar = out.Item?.calendar as CycleCalendar | undefined;
  if (calendar) calendars.set(id, calendar);
  return calendar;
}

export const rememberCalendar = (agencyId: string, year: number, calendar: CycleCalendar) =>
  calendars.set(`${agencyId}#${year}`, calendar);

/** The cycle and every unit's counters: one Query over the cycle's partition (paged). */
export async function readCycle(
  agencyId: string,
  year: number,
): Promise<{ cycle: StoredCycle; counts: Map<string, UnitCounts> } | undefined> {
  let cycle: StoredCycle | undefined;
  const counts = new Map<string, UnitCounts>();
  for await (const items of queryPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.cyclePk(agencyId, year) },
  })) {
    for (const item of items) {
      if (item.sk === 'CYCLE') {
        const { pk: _p, sk: _s, type: _t, ...rest } = item;
        cycle = rest as StoredCycle;
      } else {
        const unitId = item.unitId as string;
        const sum = counts.get(unitId) ?? { drafting: 0, submitted: 0, approved: 0, returned: 0 };
        for (const k of ['drafting', 'submitted', 'approved', 'returned'] as const)
          sum[k] += Number(item[k] ?? 0);
        counts.set(unitId, sum);
      }
    }
  }
  return cycle ? { cycle, counts } : undefined;
}
