/**
 * The common part of every document change's ConditionExpression: the version and audit head
 * the client's If-Match named, the agency, the document's own id, and the statuses the command
 * may start from. Callers add the role and command-specific conditions.
 */
import type { AuditHead } from '#core/audit.ts';
import { tableName } from './dynamo.ts';

export function documentPreconditions(o: {
  ifMatch: AuditHead;
  agencyId: string;
  skpId: string;
  from: readonly string[];
  at: string;
}) {
  const names: Record<string, string> = { '#status': 'status', '#hash': 'hash' };
  const values: Record<string, unknown> = {
    ':skpId': o.skpId,
    ':v': o.ifMatch.seq,
    ':h': o.ifMatch.hash,
    ':agency': o.agencyId,
    ':next': o.ifMatch.seq + 1,
    ':at': o.at,
  };
  const froms = o.from.map((s, i) => {
    values[`:from${i}`] = s;
    return `:from${i}`;
  });
  const conditions = [
    // The id names the unit (counters, audit chain): it must be this document's own.
    'skpId = :skpId',
    'version = :v',
    'auditHead.#hash = :h',
    'agencyId = :agency',
    `#status IN (${froms.join(', ')})`,
  ];
  return { names, values, conditions };
}

/** The document's own Update in a change's transaction: returns the item as it is when refused. */
export function documentUpdate(
  key: Record<string, unknown>,
  p: {
    sets: string[];
    removes: string[];
    conditions: string[];
    names: Record<string, string>;
    values: Record<string, unknown>;
  },
) {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET ${p.sets.join(', ')}${p.removes.length ? ` REMOVE ${p.removes.join(', ')}` : ''}`,
      ConditionExpression: p.conditions.join(' AND '),
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: p.values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}
