/** Audit entries as items; appended in the same transaction as the change they record. */
import type { AuditEntry } from '#core/audit.ts';
import { tableName } from './dynamo.ts';
import { keys } from './keys.ts';
import { queryPages } from './query.ts';

export const auditPut = (entry: AuditEntry) => ({
  Put: {
    TableName: tableName(),
    Item: { ...keys.audit(entry.subject, entry.seq), type: 'AUDIT', ...entry },
    // Append-only: an entry at this position must not exist yet.
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The whole chain of one document, oldest first (paged: bulk read for verification). */
export async function readAuditChain(subject: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const items of queryPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.auditPk(subject) },
  })) {
    for (const item of items) {
      const { pk: _pk, sk: _sk, type: _type, ...entry } = item;
      entries.push(entry as AuditEntry);
    }
  }
  return entries;
}
