/** Agencies and employees in the table. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#core/agency.ts';
import { type AuditHead, nextAuditEntry } from '#core/audit.ts';
import type { Employee } from '#core/employee.ts';
import { conflict } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { auditPut } from './audit-store.ts';
import { batchGetAll } from './batch.ts';
import { ddb, tableName } from './dynamo.ts';
import { keys, subjects } from './keys.ts';
import { queryPages } from './query.ts';
import { type Idempotency, type StoredResponse, transact } from './tx.ts';

type Stored<T> = T & { auditHead?: AuditHead };

const strip = <T>(item: Record<string, unknown>): T => {
  const {
    pk: _1,
    sk: _2,
    gsi1pk: _3,
    gsi1sk: _4,
    gsi2pk: _5,
    gsi2sk: _6,
    type: _7,
    auditHead: _8,
    importLeaseUntil: _9,
    ...rest
  } = item;
  return rest as T;
};

/** One transaction: the agency (must be new), the first entry of its audit chain, and the idempotency record. */
export async function createAgency(
  agency: Agency,
  actorNip: string,
  idem?: Omit<Idempotency, 'response'>,
): Promise<StoredResponse> {
  const entry = nextAuditEntry(undefined, {
    subject: subjects.agency(agency.agencyId),
    action: 'AGENCY_CREATED',
    actorNip,
    at: agency.createdAt,
    data: agency,
  });
  const head = { seq: entry.seq, hash: entry.hash };
  const response: StoredResponse = {
    status: 201,
    body: { ...agency, etag: etagOf(head) },
    headers: { etag: etagOf(head), location: `/v1/agencies/${agency.agencyId}` },
  };
  const outcome = await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.agency(agency.agencyId), type: 'AGENCY', ...agency, auditHead: head },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(entry),
    ],
    idem && { ...idem, response },
  );
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  throw conflict('AGENCY_EXISTS', { agencyId: agency.agencyId });
}

export async function getAgency(agencyId: string): Promise<Stored<Agency> | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.agency(agencyId) }));
  return out.Item ? { ...strip<Agency>(out.Item), auditHead: out.Item.auditHead as AuditHead } : undefined;
}

export async function getEmployee(nip: string): Promise<Employee | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.employee(nip) }));
  return out.Item ? strip<Employee>(out.Item) : undefined;
}

/** Every employee of an agency (bulk: paged Query on gsi1, never a Scan). */
export async function listAgencyEmployees(agencyId: string): Promise<Map<string, Employee>> {
  const found = new Map<string, Employee>();
  const pages = queryPages({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.agencyEmployees(agencyId) },
  });
  for await (const items of pages) {
    for (const item of items) {
      const e = strip<Employee>(item);
      found.set(e.nip, e);
    }
  }
  return found;
}

/** Runs `task` over `items` in chunks, `concurrency` chunks at a time. */
async function inChunks<T>(
  items: readonly T[],
  size: number,
  concurrency: number,
  task: (chunk: T[]) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, next + size);
      next += size;
      await task(chunk);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** For NIPs not in the agency: which are registered elsewhere (BatchGet, 100 keys a call). */
export async function findAgenciesOf(nips: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGetAll(nips.map(keys.employee), { projection: 'nip, agencyId', concurrency: 8 });
  return new Map(found.map((item) => [item.nip as string, item.agencyId as string]));
}

export const employeeItem = (e: Employee) => ({
  ...keys.employee(e.nip),
  type: 'EMPLOYEE',
  gsi1pk: keys.agencyEmployees(e.agencyId),
  gsi1sk: keys.unitEmployee(e.unitId, e.nip),
  ...(e.supervisorNip ? { gsi2pk: keys.team(e.supervisorNip), gsi2sk: `EMP#${e.nip}` } : {}),
  ...e,
});

/**
 * Bulk upsert (BatchWrite, 25 items a call, unprocessed items retried with backoff). Bulk imports
 * are exempt from one-transaction-per-write; the import's audit entry follows in recordImport.
 */
export async function writeEmployees(employees: readonly Employee[], onProgress?: (written: number) => void) {
  let written = 0;
  await inChunks(employees, 25, 8, async (chunk) => {
    type Requests = { PutRequest: { Item: Record<string, unknown> } }[];
    let pending: Requests = chunk.map((e) => ({ PutRequest: { Item: employeeItem(e) } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt) await pause(Math.min(2000, 25 * 2 ** attempt));
      const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []) as Requests;
    }
    written += chunk.length;
    onProgress?.(written);
  });
}

/**
 * Only one import writes an agency's org at a time: a lease on the agency item, taken after
 * validation and before any write, released with the import's audit entry (or on failure).
 */
export async function takeImportLease(agencyId: string, now: Date, minutes = 15): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.agency(agencyId),
        UpdateExpression: 'SET importLeaseUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(importLeaseUntil) OR importLeaseUntil < :now)',
        ExpressionAttributeValues: {
          ':until': new Date(now.getTime() + minutes * 60_000).toISOString(),
          ':now': now.toISOString(),
        },
      }),
    );
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException')
      throw conflict('IMPORT_CONCURRENT', { agencyId });
    throw err;
  }
}

export async function releaseImportLease(agencyId: string): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.agency(agencyId),
      UpdateExpression: 'REMOVE importLeaseUntil',
    }),
  );
}

/** One transaction: the agency's new employee count and the import's audit entry (and the lease goes). */
export async function recordImport(
  agency: Stored<Agency>,
  employeeCount: number,
  actorNip: string,
  at: string,
  data: Record<string, unknown>,
): Promise<void> {
  const entry = nextAuditEntry(agency.auditHead, {
    subject: subjects.agency(agency.agencyId),
    action: 'EMPLOYEES_IMPORTED',
    actorNip,
    at,
    data,
  });
  try {
    await ddb().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.agency(agency.agencyId),
              UpdateExpression:
                'SET employeeCount = :n, version = :next, auditHead = :head REMOVE importLeaseUntil',
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: {
                ':n': employeeCount,
                ':v': agency.version,
                ':next': agency.version + 1,
                ':head': { seq: entry.seq, hash: entry.hash },
              },
            },
          },
          auditPut(entry),
        ],
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException)
      throw conflict('IMPORT_CONCURRENT', { agencyId: agency.agencyId });
    throw err;
  }
}
