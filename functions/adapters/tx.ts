/**
 * One round trip per write: a TransactWriteItems that holds the document change (conditioned on
 * what the core decided), its audit entry, and whatever else the change opens or closes. When
 * DynamoDB refuses, the item as it is (ALL_OLD) comes back with the refusal, so the caller can
 * explain it without another read. An Idempotency-Key rides in the same transaction.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '#core/errors.ts';
import { ddb, tableName } from './dynamo.ts';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Idempotency {
  key: string;
  actorNip: string;
  /** Route + path + body: the same key with another request is refused. */
  request: string;
  response: StoredResponse;
  now: Date;
}

export type TxOutcome =
  | { ok: true }
  | { ok: false; replay: StoredResponse }
  | { ok: false; refusedAt: number; current: Record<string, unknown> | undefined; reasons: string[] };

const IDEM_TTL_SECONDS = 24 * 60 * 60;
export const requestHash = (request: string) => createHash('sha256').update(request).digest('hex');

export async function transact(items: TxItem[], idem?: Idempotency): Promise<TxOutcome> {
  const all = [...items];
  const hash = idem ? requestHash(idem.request) : '';
  if (idem) {
    const nowSeconds = Math.floor(idem.now.getTime() / 1000);
    all.push({
      Put: {
        TableName: tableName(),
        Item: {
          ...idemKey(idem),
          type: 'IDEMPOTENCY',
          requestHash: hash,
          response: idem.response,
          expiresAt: nowSeconds + IDEM_TTL_SECONDS,
        },
        // TTL deletion lags: an expired record counts as absent.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :nowSeconds',
        ExpressionAttributeValues: { ':nowSeconds': nowSeconds },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: all }));
      return { ok: true };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      const conflictOnly = reasons.every(
        (c) => c === 'None' || c === 'TransactionConflict' || c === 'ThrottlingError',
      );
      // Another transaction touched one of our items (often a shared unit counter) at the same
      // instant, and no condition failed: try again, a few times, with jitter.
      if (conflictOnly && attempt < 3) {
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 30));
        continue;
      }
      if (conflictOnly) throw new DomainError('CONFLICT', 'BUSY_RETRY');
      return refusal(err, reasons);
    }
  }

  function refusal(err: TransactionCanceledException, reasons: string[]): TxOutcome {
    const oldOf = (i: number) => {
      const item = err.CancellationReasons?.[i]?.Item;
      return item ? unmarshall(item as Parameters<typeof unmarshall>[0]) : undefined;
    };
    if (idem && reasons[all.length - 1] === 'ConditionalCheckFailed') {
      const stored = oldOf(all.length - 1);
      if (stored?.requestHash !== hash) throw new DomainError('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED');
      return { ok: false, replay: stored.response as StoredResponse };
    }
    const refusedAt = reasons.indexOf('ConditionalCheckFailed');
    return { ok: false, refusedAt, current: refusedAt >= 0 ? oldOf(refusedAt) : undefined, reasons };
  }
}

const idemKey = (idem: Pick<Idempotency, 'actorNip' | 'key'>) => ({
  pk: `IDEM#${idem.actorNip}#${idem.key}`,
  sk: 'IDEM',
});

/**
 * For bulk operations that cannot share one transaction: a replay is answered from the stored
 * record; a first run records its response afterwards.
 */
export async function withBulkIdempotency(
  idem: Omit<Idempotency, 'response'> | undefined,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!idem) return run();
  const hash = requestHash(idem.request);
  const nowSeconds = Math.floor(idem.now.getTime() / 1000);
  const found = await ddb().send(new GetCommand({ TableName: tableName(), Key: idemKey(idem) }));
  if (found.Item && (found.Item.expiresAt as number) >= nowSeconds) {
    if (found.Item.requestHash !== hash) throw new DomainError('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED');
    return found.Item.response as StoredResponse;
  }
  const response = await run();
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...idemKey(idem),
        type: 'IDEMPOTENCY',
        requestHash: hash,
        response,
        expiresAt: nowSeconds + IDEM_TTL_SECONDS,
      },
    }),
  );
  return response;
}
