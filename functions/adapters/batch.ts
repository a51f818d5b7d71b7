/**
 * BatchGetItem over any number of keys: 100 keys a call, `concurrency` calls at a time, and the
 * unprocessed keys DynamoDB hands back retried with back-off until none are left.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './dynamo.ts';

type Key = Record<string, unknown>;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function batchGetAll(
  keyList: readonly Key[],
  options: { projection?: string; names?: Record<string, string>; concurrency?: number } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const chunks: Key[][] = [];
  for (let i = 0; i < keyList.length; i += 100) chunks.push(keyList.slice(i, i + 100));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let keys: Key[] | undefined = chunks[next++];
      for (let attempt = 0; keys?.length; attempt++) {
        if (attempt) await pause(Math.min(1000, 25 * 2 ** attempt));
        const out = await ddb().send(
          new BatchGetCommand({
            RequestItems: {
              [tableName()]: {
                Keys: keys,
                ...(options.projection ? { ProjectionExpression: options.projection } : {}),
                ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
              },
            },
          }),
        );
        found.push(...(out.Responses?.[tableName()] ?? []));
        keys = out.UnprocessedKeys?.[tableName()]?.Keys as Key[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
  return found;
}
