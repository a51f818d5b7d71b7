/**
 * The hourly sweep: reads only what is due (the gsi3 buckets up to now, from a watermark) and
 * hands it to the engine. Catches every item-level deadline that no phase wakes up for
 * (approvals, returned SKPs, appeals) and anything a phase missed.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { workflowRules } from '#config/workflow.ts';
import { ddb, tableName } from '../adapters/dynamo.ts';
import { DUE_SHARDS } from '../adapters/keys.ts';
import { queryPages } from '../adapters/query.ts';
import { type EngineStats, emptyStats, processItems } from './due-items.ts';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stateKey = { pk: 'SWEEP', sk: 'STATE' };

export async function sweep(now: Date): Promise<EngineStats & { read: number; days: number }> {
  const state = await ddb().send(new GetCommand({ TableName: tableName(), Key: stateKey }));
  const from =
    (state.Item?.day as string | undefined) ?? dayOf(now.getTime() - workflowRules.sweepLookbackDays * DAY);
  const stats = { ...emptyStats(), read: 0, days: 0 };
  const upTo = `${now.toISOString()}#\uffff`;
  for (let day = Date.parse(from); dayOf(day) <= dayOf(now.getTime()); day += DAY) {
    stats.days++;
    for (let shard = 0; shard < DUE_SHARDS; shard++) {
      const due = queryPages({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :b AND gsi3sk <= :upTo',
        ExpressionAttributeValues: { ':b': `DUE#${dayOf(day)}#${shard}`, ':upTo': upTo },
        Limit: workflowRules.pageSize,
      });
      for await (const items of due) {
        stats.read += items.length;
        await processItems(items, now, stats);
      }
    }
  }
  // Buckets before yesterday have been emptied (processed items move to later buckets).
  const watermark = dayOf(now.getTime() - DAY);
  if (watermark !== from)
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...stateKey, day: watermark, at: now.toISOString() },
      }),
    );
  return stats;
}

/**
 * The earliest instant anything in the due index needs attention, looking no later than `until`
 * (undefined: nothing due by then). The local runtime uses it to run the hourly sweep only at the
 * ticks that have work when its clock jumps; it reads the buckets a sweep would, day by day from
 * the sweep's watermark, the first item of each (buckets are sorted by that instant).
 */
export async function nextDueInstant(now: Date, until: Date, lastSweep?: Date): Promise<string | undefined> {
  // After a sweep, the buckets of the days before it hold nothing due: start at its day.
  const state = lastSweep
    ? undefined
    : await ddb().send(new GetCommand({ TableName: tableName(), Key: stateKey }));
  const from = lastSweep
    ? dayOf(lastSweep.getTime())
    : ((state?.Item?.day as string | undefined) ??
      dayOf(now.getTime() - workflowRules.sweepLookbackDays * DAY));
  for (let day = Date.parse(from); dayOf(day) <= dayOf(until.getTime()); day += DAY) {
    const firsts = await Promise.all(
      Array.from({ length: DUE_SHARDS }, async (_, shard) => {
        const out = await ddb().send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: 'gsi3',
            KeyConditionExpression: 'gsi3pk = :b',
            ExpressionAttributeValues: { ':b': `DUE#${dayOf(day)}#${shard}` },
            ProjectionExpression: 'gsi3sk',
            Limit: 1,
          }),
        );
        return out.Items?.[0]?.gsi3sk as string | undefined;
      }),
    );
    const earliest = firsts
      .filter((s): s is string => s !== undefined)
      .map((s) => s.split('#')[0]!)
      .sort()[0];
    if (earliest) return earliest <= until.toISOString() ? earliest : undefined;
  }
  return undefined;
}
