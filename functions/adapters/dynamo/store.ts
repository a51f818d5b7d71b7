/**
 * The DynamoDB document store (core/ports.ts DocumentStore): documents in, documents out. It
 * composes keys from the entity descriptions, compiles preconditions and changes, builds one
 * TransactWriteItems per commit (with the idempotency record), and when DynamoDB refuses, hands
 * the refused item as it is (ALL_OLD) to that operation's own explanation. Never a Scan.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { table as tableDef } from '#config/table.ts';
import type { AuditEntry } from '#core/audit.ts';
import { DomainError, validationFailed } from '#core/errors.ts';
import { and, type Changes, type Expr, exists, mergeChanges } from '#core/expr.ts';
import type { DocKind } from '#core/kinds.ts';
import type {
  CommitOptions,
  Doc,
  DocRef,
  DocumentStore,
  IdempotencyKey,
  ListOptions,
  ListRef,
  Page,
  TxOp,
} from '#core/ports.ts';
import { ddb, tableName } from '../dynamo.ts';
import { Binder, compileChanges, compileCondition, placeholders } from './compile.ts';
import { appealEntity, followUpEntity, policyEntity } from './entities/appeal.ts';
import { evaluationEntity, unitResultEntity } from './entities/appraisal.ts';
import { checkinEntity, evidenceEntity, peerRequestEntity } from './entities/checkin.ts';
import { cycleEntity, unitStatEntity } from './entities/cycle.ts';
import { importJobEntity, importStageEntity } from './entities/imports.ts';
import { agencyEntity, employeeEntity } from './entities/org.ts';
import { reportEntity } from './entities/report.ts';
import { skpEntity } from './entities/skp.ts';
import {
  rateCounterEntity,
  surveyAggregateEntity,
  surveyLinkEntity,
  surveyResponseEntity,
} from './entities/survey.ts';
import { dutyEntity, markerEntity, notificationEntity, scheduleEntity } from './entities/workflow.ts';
import type { Entity, Key, QuerySpec } from './entity.ts';
import { DUE_SHARDS, dueBucket, owesKey, stepIndexChanges, stepIndexes, storageAttributes } from './steps.ts';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type AnyEntity = Entity<Record<string, string | number>>;

/** The audit chain of one document, and the open steps over every kind: patterns, not documents. */
const auditEntity: AnyEntity = {
  kind: 'AUDIT',
  key: ({ subject, seq }) => ({ pk: `AUDIT#${subject}`, sk: `SEQ#${String(seq).padStart(10, '0')}` }),
  itemId: ({ subject, seq }) => `${subject}#${seq}`,
  patterns: { chain: ({ subject }) => ({ pk: `AUDIT#${subject}` }) },
};
const stepEntity: AnyEntity = {
  kind: 'STEP',
  key: () => {
    throw new Error('steps are fields of documents, not documents');
  },
  itemId: () => '',
  patterns: {
    owedBy: ({ owner }) => ({ index: 'gsi2', pk: owesKey(String(owner)) }),
    /** Due up to `upTo` in one bucket of the due index (a UTC day and a shard). */
    due: ({ day, shard, upTo }) => ({
      index: 'gsi3',
      pk: dueBucket(String(day), Number(shard)),
      upTo: `${upTo}#\uffff`,
    }),
  },
};

const entities: Record<string, AnyEntity> = Object.fromEntries(
  [
    agencyEntity,
    employeeEntity,
    cycleEntity,
    unitStatEntity,
    skpEntity,
    checkinEntity,
    peerRequestEntity,
    evidenceEntity,
    evaluationEntity,
    unitResultEntity,
    appealEntity,
    followUpEntity,
    policyEntity,
    reportEntity,
    dutyEntity,
    notificationEntity,
    scheduleEntity,
    markerEntity,
    importJobEntity,
    importStageEntity,
    surveyLinkEntity,
    surveyResponseEntity,
    surveyAggregateEntity,
    rateCounterEntity,
    auditEntity,
    stepEntity,
  ].map((e) => [e.kind, e as AnyEntity]),
);

export const dueShards = DUE_SHARDS;

const entityOf = (kind: DocKind | 'AUDIT' | 'STEP'): AnyEntity => {
  const e = entities[kind];
  if (!e) throw new Error(`no entity for ${kind}`);
  return e;
};
export const keyOf = (ref: DocRef): Key => entityOf(ref.kind).key(ref.id as Record<string, string | number>);
const keyString = (k: Key) => `${k.pk}\u0000${k.sk}`;

/** A stored item as a document: storage attributes (keys, indexes, TTL) left out. */
export function docOf(item: Record<string, unknown> | undefined): Doc | undefined {
  if (!item) return undefined;
  const doc: Doc = {};
  for (const [k, v] of Object.entries(item)) if (!storageAttributes.has(k)) doc[k] = v;
  return doc;
}

/** The whole item for a document: key, type, indexes, step indexes, TTL. */
function itemOf(ref: DocRef, doc: Doc): Record<string, unknown> {
  const e = entityOf(ref.kind);
  const id = ref.id as Record<string, string | number>;
  const expiresAt = e.expiresAt?.(doc);
  return {
    ...doc,
    ...e.key(id),
    type: ref.kind,
    ...e.indexes?.(doc),
    ...stepIndexes(doc, e.itemId(id)),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

const auditItem = (entry: AuditEntry) => ({
  ...auditEntity.key({ subject: entry.subject, seq: entry.seq }),
  type: 'AUDIT',
  ...entry,
});

// ---- cursors: opaque to clients, checked on the way back ------------------------------------------

const keyAttributes = (index?: string) => (index ? ['pk', 'sk', `${index}pk`, `${index}sk`] : ['pk', 'sk']);

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

function decodeCursor(cursor: string, spec: QuerySpec): Record<string, unknown> {
  const names = keyAttributes(spec.index);
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) {
      const k = key as Record<string, unknown>;
      const shape = Object.keys(k).length === names.length && names.every((n) => typeof k[n] === 'string');
      const partition = spec.index ? k[`${spec.index}pk`] : k.pk;
      // The cursor's sort key must lie inside this query's range too: DynamoDB refuses (500 here) a
      // start key its key condition cannot reach, such as another unit's items in a partition the
      // units share, or a cursor of another list.
      const sort = String(spec.index ? k[`${spec.index}sk`] : k.sk);
      const inRange =
        (spec.prefix === undefined || sort.startsWith(spec.prefix)) &&
        // DynamoDB orders strings by their UTF-8 bytes (not UTF-16 code units, as `<=` would).
        (spec.upTo === undefined || Buffer.compare(Buffer.from(sort), Buffer.from(spec.upTo)) <= 0);
      if (shape && partition === spec.pk && inRange) return k;
    }
  } catch {}
  throw validationFailed([{ path: 'cursor', code: 'BAD_CURSOR' }]);
}

function queryInput(spec: QuerySpec, options: ListOptions = {}): QueryCommandInput {
  const b = new Binder();
  const pkName = spec.index ? `${spec.index}pk` : 'pk';
  const skName = spec.index ? `${spec.index}sk` : 'sk';
  let keyCondition = `${b.path(pkName)} = ${b.value(spec.pk)}`;
  if (spec.prefix !== undefined)
    keyCondition += ` AND begins_with(${b.path(skName)}, ${b.value(spec.prefix)})`;
  else if (spec.upTo !== undefined) keyCondition += ` AND ${b.path(skName)} <= ${b.value(spec.upTo)}`;
  const filters = [
    ...(spec.types?.length ? [`${b.path('type')} IN (${spec.types.map((t) => b.value(t)).join(', ')})`] : []),
    ...[spec.filter, options.where].flatMap((e) => {
      const c = e ? compileCondition(e, b) : undefined;
      return c ? [`(${c})`] : [];
    }),
  ];
  const filter = filters.length ? filters.join(' AND ') : undefined;
  const projection = options.fields?.length
    ? [...new Set([...options.fields, 'type', ...keyAttributes(spec.index)])].map((f) => b.path(f)).join(', ')
    : undefined;
  return {
    TableName: tableName(),
    ...(spec.index ? { IndexName: spec.index } : {}),
    KeyConditionExpression: keyCondition,
    ...(filter ? { FilterExpression: filter } : {}),
    ...(projection ? { ProjectionExpression: projection } : {}),
    ...(spec.descending ? { ScanIndexForward: false } : {}),
    ...(options.limit ? { Limit: options.limit } : {}),
    ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, spec) } : {}),
    ...placeholders(b),
  };
}

/**
 * A page cut on whole groups (see ListOptions.wholeGroups): at most `max` groups, and never the
 * first part of a group that goes on after the page. Only when one group alone outgrows a page is
 * a further Query sent, to finish it.
 */
async function wholeGroups(
  spec: QuerySpec,
  options: ListOptions,
  first: Record<string, unknown>[],
  firstKey: Record<string, unknown> | undefined,
): Promise<Page> {
  const skName = spec.index ? `${spec.index}sk` : 'sk';
  const groupOf = (item: Record<string, unknown>) => String(item[skName]).split('#')[0];
  const keyOf = (item: Record<string, unknown>) =>
    Object.fromEntries(keyAttributes(spec.index).map((k) => [k, item[k]]));
  const items = [...first];
  let more = firstKey;
  // One group alone on a page that goes on: read on until it ends (a person's documents).
  while (more && items.length && new Set(items.map(groupOf)).size === 1) {
    const next = await ddb().send(
      new QueryCommand({ ...queryInput(spec, options), ExclusiveStartKey: more }),
    );
    items.push(...(next.Items ?? []));
    more = next.LastEvaluatedKey;
  }
  const groups: Record<string, unknown>[][] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && groupOf(last[0]!) === groupOf(item)) last.push(item);
    else groups.push([item]);
  }
  let kept = groups.length;
  if (kept > options.wholeGroups!) kept = options.wholeGroups!;
  else if (more && kept > 1) kept -= 1; // the last group may go on after this page
  const page = groups.slice(0, kept);
  const cut = kept < groups.length || more;
  const lastItem = page.at(-1)?.at(-1);
  return {
    items: page.flat().map((i) => docOf(i)!),
    // A page the filter emptied still says where to go on (older years' items sort before).
    cursor: cut ? (lastItem ? encodeCursor(keyOf(lastItem)) : encodeCursor(more)) : null,
  };
}

const specOf = (ref: ListRef): QuerySpec => {
  const pattern = entityOf(ref.kind).patterns?.[ref.pattern];
  if (!pattern) throw new Error(`${ref.kind} has no access pattern ${ref.pattern}`);
  return pattern(ref.params as Record<string, string | number>);
};

// ---- writes ------------------------------------------------------------------------------------------

const IDEM_TTL_SECONDS = 24 * 60 * 60;
const requestHash = (request: string) => createHash('sha256').update(request).digest('hex');
/** The whole key, hashed: a long key never collides with another that shares its first characters. */
const idemKey = (actorNip: string, key: string) => ({
  pk: `IDEM#${actorNip}#${requestHash(key)}`,
  sk: 'IDEM',
});

function txItem(op: TxOp): TxItem {
  switch (op.type) {
    case 'audit':
      // Append-only: an entry at this position must not exist yet.
      return {
        Put: {
          TableName: tableName(),
          Item: auditItem(op.entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    case 'create':
      return {
        Put: {
          TableName: tableName(),
          Item: itemOf(op.ref, op.doc),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      };
    case 'put':
      return { Put: { TableName: tableName(), Item: itemOf(op.ref, op.doc) } };
    case 'update': {
      const b = new Binder();
      const e = entityOf(op.ref.kind);
      const reindexed = Object.entries(
        e.reindex?.(op.changes.set ?? {}, op.ref.id as Record<string, string | number>) ?? {},
      );
      const changes: Changes = mergeChanges(
        op.changes,
        stepIndexChanges(op.changes, e.itemId(op.ref.id as Record<string, string | number>)),
        {
          set: Object.fromEntries(reindexed.filter(([, v]) => v !== null)),
          remove: reindexed.filter(([, v]) => v === null).map(([k]) => k),
        },
      );
      // An update never creates: the document must exist (whatever else the precondition says).
      const condition = compileCondition(and(exists('pk'), op.when), b);
      const update = compileChanges(changes, b);
      if (!update) throw new Error(`update of ${op.ref.kind} changes nothing`);
      return {
        Update: {
          TableName: tableName(),
          Key: keyOf(op.ref),
          UpdateExpression: update,
          ...(condition ? { ConditionExpression: condition } : {}),
          ...placeholders(b),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      };
    }
    case 'increment': {
      const b = new Binder();
      return {
        Update: {
          TableName: tableName(),
          Key: keyOf(op.ref),
          UpdateExpression: compileChanges({ set: { ...op.set, type: op.ref.kind }, add: op.add }, b)!,
          ...placeholders(b),
        },
      };
    }
    case 'check': {
      const b = new Binder();
      return {
        ConditionCheck: {
          TableName: tableName(),
          Key: keyOf(op.ref),
          ConditionExpression:
            compileCondition(op.when, b) ?? 'attribute_exists(pk) OR attribute_not_exists(pk)',
          ...placeholders(b),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      };
    }
    case 'delete': {
      const b = new Binder();
      const condition = op.when ? compileCondition(op.when, b) : undefined;
      return {
        Delete: {
          TableName: tableName(),
          Key: keyOf(op.ref),
          ...(condition
            ? {
                ConditionExpression: condition,
                ...placeholders(b),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              }
            : {}),
        },
      };
    }
  }
}

const stale = () => new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });

async function commit<R>(ops: readonly TxOp[], options: CommitOptions<R>): Promise<R> {
  const items = ops.map(txItem);
  const idem = options.idempotency;
  const hash = idem ? requestHash(idem.request) : '';
  if (idem) {
    const nowSeconds = Math.floor(idem.now.getTime() / 1000);
    items.push({
      Put: {
        TableName: tableName(),
        Item: {
          ...idemKey(idem.actorNip, idem.key),
          type: 'IDEMPOTENCY',
          requestHash: hash,
          result: options.result,
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
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return options.result;
    } catch (err) {
      if (
        options.tooLarge &&
        (err as Error).name === 'ValidationException' &&
        /size/i.test((err as Error).message)
      ) {
        throw options.tooLarge();
      }
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
      const old = (i: number) => {
        const item = err.CancellationReasons?.[i]?.Item;
        return item ? unmarshall(item as Parameters<typeof unmarshall>[0]) : undefined;
      };
      if (idem && reasons[items.length - 1] === 'ConditionalCheckFailed') {
        const stored = old(items.length - 1);
        if (stored?.requestHash !== hash) throw new DomainError('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED');
        return stored.result as R;
      }
      const at = reasons.indexOf('ConditionalCheckFailed');
      const op = ops[at];
      if (!op) throw new Error(`transaction refused: ${reasons.join(',')}`);
      if (op.type === 'audit' || op.type === 'put' || op.type === 'increment') throw stale();
      if (op.type === 'delete' && !op.explain) throw stale();
      throw (op as { explain: (d: Doc | undefined) => DomainError }).explain(docOf(old(at)));
    }
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getMany(refs: readonly DocRef[], fields?: readonly string[]): Promise<(Doc | undefined)[]> {
  const keys = refs.map(keyOf);
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  const found = new Map<string, Record<string, unknown>>();
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending: Key[] | undefined = chunks[next++];
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt) await pause(Math.min(1000, 25 * 2 ** attempt));
        const b = new Binder();
        const projection = fields?.length
          ? [...new Set([...fields, 'pk', 'sk', 'type'])].map((f) => b.path(f)).join(', ')
          : undefined;
        const out = await ddb().send(
          new BatchGetCommand({
            RequestItems: {
              [tableName()]: {
                Keys: pending,
                ...(projection
                  ? { ProjectionExpression: projection, ExpressionAttributeNames: b.names }
                  : {}),
              },
            },
          }),
        );
        for (const item of out.Responses?.[tableName()] ?? []) found.set(keyString(item as Key), item);
        pending = out.UnprocessedKeys?.[tableName()]?.Keys as Key[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, chunks.length) }, worker));
  return keys.map((k) => docOf(found.get(keyString(k))));
}

async function putMany(
  docs: readonly { ref: DocRef; doc: Doc }[],
  onProgress?: (written: number) => void,
): Promise<void> {
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < docs.length) {
      const chunk = docs.slice(next, next + 25);
      next += 25;
      type Requests = { PutRequest: { Item: Record<string, unknown> } }[];
      let pending: Requests = chunk.map((d) => ({ PutRequest: { Item: itemOf(d.ref, d.doc) } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt) await pause(Math.min(2000, 25 * 2 ** attempt));
        const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
        pending = (out.UnprocessedItems?.[tableName()] ?? []) as Requests;
      }
      written += chunk.length;
      onProgress?.(written);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The stored outcome of an earlier request with this key, if any (one read). */
async function replayOf<R>(idem: IdempotencyKey): Promise<R | undefined> {
  const found = (
    await ddb().send(
      new GetCommand({ TableName: tableName(), Key: idemKey(idem.actorNip, idem.key), ConsistentRead: true }),
    )
  ).Item;
  if (!found || (found.expiresAt as number) < Math.floor(idem.now.getTime() / 1000)) return undefined;
  if (found.requestHash !== requestHash(idem.request))
    throw new DomainError('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED');
  // A bulk run still in progress has no outcome yet.
  if (found.state !== undefined && found.state !== 'DONE') return undefined;
  return found.result as R;
}

async function bulkIdempotent<R>(idem: IdempotencyKey, run: () => Promise<R>): Promise<R> {
  const key = idemKey(idem.actorNip, idem.key);
  const hash = requestHash(idem.request);
  const nowSeconds = Math.floor(idem.now.getTime() / 1000);
  for (let waited = 0; ; waited++) {
    // A repeat is answered from the record: one read.
    const found = (
      await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))
    ).Item;
    if (found && (found.expiresAt as number) >= nowSeconds) {
      if (found.requestHash !== hash) throw new DomainError('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED');
      if (found.state === 'DONE') return found.result as R;
      // The first request is still running: its outcome is the answer.
      if (waited >= 120) throw new DomainError('CONFLICT', 'IDEMPOTENCY_IN_PROGRESS');
      await pause(250);
      continue;
    }
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...key,
            type: 'IDEMPOTENCY',
            requestHash: hash,
            state: 'IN_PROGRESS',
            expiresAt: nowSeconds + IDEM_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      break;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
  let result: R;
  try {
    result = await run();
  } catch (err) {
    await ddb()
      .send(new DeleteCommand({ TableName: tableName(), Key: key }))
      .catch(() => {});
    throw err;
  }
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key,
        type: 'IDEMPOTENCY',
        requestHash: hash,
        state: 'DONE',
        result,
        expiresAt: nowSeconds + IDEM_TTL_SECONDS,
      },
    }),
  );
  return result;
}

export const dynamoStore: DocumentStore = {
  async get(ref, fields) {
    const b = new Binder();
    const projection = fields?.length
      ? [...new Set([...fields, 'type'])].map((f) => b.path(f)).join(', ')
      : undefined;
    const out = await ddb().send(
      new GetCommand({
        TableName: tableName(),
        Key: keyOf(ref),
        ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: b.names } : {}),
      }),
    );
    // A key can be reused by another kind only through a bug: never hand it out as this one.
    return out.Item && out.Item.type === ref.kind ? docOf(out.Item) : undefined;
  },
  async getMany(refs, fields) {
    const docs = await getMany(refs, fields);
    return docs.map((d, i) => (d && d.type === refs[i]!.kind ? d : undefined));
  },
  async list(ref, options = {}): Promise<Page> {
    const spec = specOf(ref);
    const out = await ddb().send(new QueryCommand(queryInput(spec, options)));
    if (!options.wholeGroups)
      return { items: (out.Items ?? []).map((i) => docOf(i)!), cursor: encodeCursor(out.LastEvaluatedKey) };
    return wholeGroups(spec, options, out.Items ?? [], out.LastEvaluatedKey);
  },
  async *pages(ref, options = {}) {
    const spec = specOf(ref);
    let cursor: Record<string, unknown> | undefined;
    do {
      const input = queryInput(spec, options);
      const page = await ddb().send(
        new QueryCommand({ ...input, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }),
      );
      yield (page.Items ?? []).map((i) => docOf(i)!);
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  },
  commit,
  replayOf,
  bulkIdempotent,
  putMany,
  async hit(ref, doc) {
    const b = new Binder();
    const expiresAt = entityOf(ref.kind).expiresAt?.(doc);
    const update = compileChanges(
      {
        set: { ...doc, type: ref.kind, ...(expiresAt !== undefined ? { expiresAt } : {}) },
        add: { hits: 1 },
      },
      b,
    )!;
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(ref),
        UpdateExpression: update,
        ...placeholders(b),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.hits ?? 1);
  },
};

/** The table's indexes, for the infra grants (config/table.ts is the source). */
export const indexNames = tableDef.globalSecondaryIndexes.map((g) => g.indexName);
export type { Expr };
