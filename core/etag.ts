/**
 * ETags: `"<version>.<audit head hash>"`. The client's If-Match therefore names both the version
 * it saw and the hash the next audit entry must link to, so a write needs no prior read.
 */
import type { AuditHead } from './audit.ts';
import { DomainError } from './errors.ts';

export const etagOf = (head: AuditHead) => `"${head.seq}.${head.hash}"`;

/** Parses If-Match: missing -> 428, unparsable -> 412 (it cannot match any version). */
export function parseIfMatch(header: string | undefined): AuditHead {
  if (!header) throw new DomainError('PRECONDITION_REQUIRED', 'IF_MATCH_REQUIRED');
  const m = /^(?:W\/)?"(\d+)\.([0-9a-f]{64})"$/.exec(header.trim());
  if (!m) throw new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });
  return { seq: Number(m[1]), hash: m[2]! };
}
