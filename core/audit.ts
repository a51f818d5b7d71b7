/**
 * The audit trail: append-only entries, hash-chained per document, so that an edited or removed
 * entry is detectable. `hash = sha256(canonical JSON of the entry without its hash)`.
 */
import { createHash } from 'node:crypto';

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditEntry {
  /** The document the chain belongs to, e.g. `AGENCY#kota-makassar`. */
  subject: string;
  seq: number;
  prevHash: string | null;
  action: string;
  actorNip: string;
  at: string;
  data: unknown;
  hash: string;
}

/** Stable JSON: object keys sorted, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const hashOf = (entry: Omit<AuditEntry, 'hash'>) =>
  createHash('sha256').update(canonicalJson(entry)).digest('hex');

export function nextAuditEntry(
  head: AuditHead | undefined,
  e: { subject: string; action: string; actorNip: string; at: string; data: unknown },
): AuditEntry {
  const body = { ...e, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? null };
  return { ...body, hash: hashOf(body) };
}

export type ChainVerdict =
  | { ok: true; length: number; head: AuditHead | null }
  | { ok: false; seq: number; reason: 'HASH_MISMATCH' | 'BROKEN_LINK' | 'GAP' };

/** Checks entries (sorted by seq) link up and each hash matches its content. */
export function verifyChain(entries: readonly AuditEntry[]): ChainVerdict {
  let prev: AuditEntry | undefined;
  for (const entry of entries) {
    if (entry.seq !== (prev?.seq ?? 0) + 1) return { ok: false, seq: entry.seq, reason: 'GAP' };
    if (entry.prevHash !== (prev?.hash ?? null)) return { ok: false, seq: entry.seq, reason: 'BROKEN_LINK' };
    const { hash, ...body } = entry;
    if (hashOf(body) !== hash) return { ok: false, seq: entry.seq, reason: 'HASH_MISMATCH' };
    prev = entry;
  }
  return { ok: true, length: entries.length, head: prev ? { seq: prev.seq, hash: prev.hash } : null };
}

/** Audit chain subjects: one chain per document. */
export const subjects = {
  agency: (agencyId: string) => `AGENCY#${agencyId}`,
  skp: (skpId: string) => `SKP#${skpId}`,
  cycle: (agencyId: string, year: number) => `CYCLE#${agencyId}#${year}`,
  checkin: (skpId: string, period: string) => `CHECKIN#${skpId}#${period}`,
  peerInput: (skpId: string, period: string, peerNip: string) => `PEER_INPUT#${skpId}#${period}#${peerNip}`,
  evidence: (skpId: string, evidenceId: string) => `EVIDENCE#${skpId}#${evidenceId}`,
  importJob: (agencyId: string, jobId: string) => `IMPORT_JOB#${agencyId}#${jobId}`,
  survey: (surveyId: string) => `SURVEY#${surveyId}`,
} as const;

/** Audit entries, chained: `headOf` is what the document stores. */
export const headOf = (entry: Pick<AuditEntry, 'seq' | 'hash'>): AuditHead => ({
  seq: entry.seq,
  hash: entry.hash,
});
