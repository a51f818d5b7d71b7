/** A document's audit chain, read whole and verified (bulk: paged). */
import * as z from 'zod';
import { type AuditEntry, type AuditHead, verifyChain } from '#core/audit.ts';
import type { Deps } from '#core/ports.ts';

export async function readAuditChain(deps: Pick<Deps, 'store'>, subject: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const page of deps.store.pages({ kind: 'AUDIT', pattern: 'chain', params: { subject } })) {
    for (const { type: _type, ...entry } of page) entries.push(entry as unknown as AuditEntry);
  }
  return entries;
}

/** The chain, re-hashed and linked, and whether its head is the one the document carries. */
export async function verifiedAudit(
  deps: Pick<Deps, 'store'>,
  subject: string,
  head: AuditHead,
  version: number,
) {
  const entries = await readAuditChain(deps, subject);
  const verdict = verifyChain(entries);
  const headMatches = verdict.ok && verdict.head?.hash === head.hash && verdict.head.seq === version;
  return { intact: verdict.ok && headMatches, verdict, entries };
}

export const auditOutput = z
  .object({
    skpId: z.string(),
    period: z.string().optional(),
    intact: z.boolean(),
    verdict: z.union([
      z.object({
        ok: z.literal(true),
        length: z.number().int(),
        head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
      }),
      z.object({
        ok: z.literal(false),
        seq: z.number().int(),
        reason: z.enum(['HASH_MISMATCH', 'BROKEN_LINK', 'GAP']),
      }),
    ]),
    entries: z.array(
      z.object({
        subject: z.string(),
        seq: z.number().int(),
        prevHash: z.string().nullable(),
        action: z.string(),
        actorNip: z.string(),
        at: z.string(),
        data: z.unknown(),
        hash: z.string(),
      }),
    ),
  })
  .meta({ id: 'AuditChain' });
