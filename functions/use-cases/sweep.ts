/**
 * The hourly sweep: reads only what is due (the due index's buckets up to now, from a watermark)
 * and hands it to the engine. Catches every item-level deadline that no phase wakes up for
 * (approvals, returned SKPs, appeals) and anything a phase missed.
 */
import { dueShards } from '#config/table.ts';
import { workflowRules } from '#config/workflow.ts';
import type { Deps } from '#core/ports.ts';
import { type EngineStats, emptyStats, processItems } from './due-items.ts';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const state = { kind: 'MARKER' as const, id: { scope: 'SWEEP', name: 'STATE' } };

const DUE_SHARDS = dueShards;

export async function sweep(
  deps: Pick<Deps, 'store' | 'metrics'>,
  now: Date,
): Promise<EngineStats & { read: number; days: number }> {
  const marker = await deps.store.get(state);
  const from =
    (marker?.day as string | undefined) ?? dayOf(now.getTime() - workflowRules.sweepLookbackDays * DAY);
  const stats = { ...emptyStats(), read: 0, days: 0 };
  for (let day = Date.parse(from); dayOf(day) <= dayOf(now.getTime()); day += DAY) {
    stats.days++;
    for (let shard = 0; shard < DUE_SHARDS; shard++) {
      const due = deps.store.pages(
        { kind: 'STEP', pattern: 'due', params: { day: dayOf(day), shard, upTo: now.toISOString() } },
        { limit: workflowRules.pageSize },
      );
      for await (const items of due) {
        stats.read += items.length;
        await processItems(deps, items, now, stats);
      }
    }
  }
  // Buckets before yesterday have been emptied (processed items move to later buckets).
  const watermark = dayOf(now.getTime() - DAY);
  if (watermark !== from)
    await deps.store.commit([{ type: 'put', ref: state, doc: { day: watermark, at: now.toISOString() } }], {
      result: undefined,
    });
  return stats;
}

/**
 * The earliest instant anything in the due index needs attention, looking no later than `until`
 * (undefined: nothing due by then). The local runtime uses it to run the hourly sweep only at the
 * ticks that have work when its clock jumps; it reads the buckets a sweep would, day by day from
 * the sweep's watermark (or `lastSweep`'s day), the first item of each (buckets are sorted by
 * that instant).
 */
export async function nextDueInstant(
  deps: Pick<Deps, 'store'>,
  now: Date,
  until: Date,
  lastSweep?: Date,
): Promise<string | undefined> {
  // After a sweep, the buckets of the days before it hold nothing due: start at its day.
  const marker = lastSweep ? undefined : await deps.store.get(state);
  const from = lastSweep
    ? dayOf(lastSweep.getTime())
    : ((marker?.day as string | undefined) ?? dayOf(now.getTime() - workflowRules.sweepLookbackDays * DAY));
  for (let day = Date.parse(from); dayOf(day) <= dayOf(until.getTime()); day += DAY) {
    const firsts = await Promise.all(
      Array.from({ length: DUE_SHARDS }, async (_, shard) => {
        const page = await deps.store.list(
          { kind: 'STEP', pattern: 'due', params: { day: dayOf(day), shard, upTo: '9999' } },
          { limit: 1, fields: ['nextActionAt'] },
        );
        return page.items[0]?.nextActionAt as string | undefined;
      }),
    );
    const earliest = firsts.filter((s): s is string => s !== undefined).sort()[0];
    if (earliest) return earliest <= until.toISOString() ? earliest : undefined;
  }
  return undefined;
}
