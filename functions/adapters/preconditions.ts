/**
 * The common part of every document change's ConditionExpression: the version and audit head
 * the client's If-Match named, the agency, the document's own id, and the statuses the command
 * may start from. Callers add the role and command-specific conditions.
 */
import type { AuditHead } from '#core/audit.ts';

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
