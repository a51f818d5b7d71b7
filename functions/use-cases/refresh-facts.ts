/**
 * After an import moves people in the org chart, the documents they own must follow: each SKP
 * and check-in carries the facts authorization reads (manager chain, appraiser, who approves or
 * reviews), so those are rewritten, and a step the old appraiser owed moves to the new one.
 * Bulk (part of the import): one Query per moved employee, one conditional update per document.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Employee } from '#core/employee.ts';
import { ddb, tableName } from '../adapters/dynamo.ts';
import { keys } from '../adapters/keys.ts';

const moved = (before: Employee | undefined, after: Employee) =>
  before !== undefined &&
  (before.supervisorNip !== after.supervisorNip || before.managerChain.join() !== after.managerChain.join());

async function refreshOne(e: Employee): Promise<number> {
  const docs = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p',
      FilterExpression: '#t IN (:skp, :checkin)',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':p': `EMP#${e.nip}`, ':skp': 'SKP', ':checkin': 'CHECKIN' },
    }),
  );
  let refreshed = 0;
  for (const doc of docs.Items ?? []) {
    if (doc.agencyId !== e.agencyId) continue;
    const approver = e.supervisorNip ?? keys.hrRecipient(e.agencyId);
    const sets = ['managerChain = :chain', 'appraiserNip = :appraiser', 'appraiserSupervisorNip = :above'];
    const values: Record<string, unknown> = {
      ':chain': e.managerChain,
      ':appraiser': e.supervisorNip,
      ':above': e.managerChain[1] ?? null,
      ':v': doc.version,
    };
    if (doc.type === 'SKP') {
      sets.push('approverId = :approver', 'appraiserOwesKey = :owes');
      Object.assign(values, { ':approver': approver, ':owes': keys.owes(approver) });
      if (doc.pendingKind === 'APPROVE_SKP') sets.push('pendingOwner = :approver', 'gsi2pk = :owes');
    } else if (e.supervisorNip) {
      sets.push('reviewOwesKey = :owes');
      values[':owes'] = keys.owes(e.supervisorNip);
      if (doc.pendingKind === 'REVIEW_CHECKIN') sets.push('pendingOwner = :appraiser', 'gsi2pk = :owes');
    }
    try {
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: doc.pk, sk: doc.sk },
          UpdateExpression: `SET ${sets.join(', ')}`,
          // Not under a concurrent change: if the document moved meanwhile, the next import fixes it.
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: values,
        }),
      );
      refreshed++;
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
  return refreshed;
}

export async function refreshDocumentFacts(
  writes: readonly Employee[],
  before: ReadonlyMap<string, Employee>,
): Promise<number> {
  const people = writes.filter((e) => moved(before.get(e.nip), e));
  let refreshed = 0;
  for (let i = 0; i < people.length; i += 16) {
    refreshed += (await Promise.all(people.slice(i, i + 16).map(refreshOne))).reduce((a, b) => a + b, 0);
  }
  return refreshed;
}
