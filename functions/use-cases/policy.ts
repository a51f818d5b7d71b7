/**
 * An agency's appeal and follow-up policy (its config tables): read by members, set by its HR.
 * Round trips: one GetItem to read; one transaction to set (the first version is created under
 * the defaults' ETag, later ones under their own: If-Match, optimistic locking, an audit entry).
 */
import type { Actor } from '#core/actor.ts';
import { type AuditHead, headOf, nextAuditEntry } from '#core/audit.ts';
import { assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { DomainError } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { and, eq } from '#core/expr.ts';
import { defaultsHead, type PolicyInput, policyView, type StoredPolicy } from '#core/policy.ts';
import type { Deps, IdempotencyKey } from '#core/ports.ts';

export const policyRef = (agencyId: string) => ({ kind: 'AGENCY_POLICY' as const, id: { agencyId } });
export const policySubject = (agencyId: string) => `POLICY#${agencyId}`;

export async function readPolicy(deps: Deps, actor: Actor, agencyId: string) {
  assertCanReadAgency(actor, agencyId);
  const doc = await deps.store.get(policyRef(agencyId));
  return policyView(agencyId, doc as unknown as StoredPolicy | undefined);
}

const stale = (current: Record<string, unknown> | undefined) =>
  new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: Number(current?.version ?? 0) });

/** PUT policy: the whole policy, replacing the one whose ETag the caller saw (the defaults: version 0). */
export async function setPolicy(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  input: PolicyInput,
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
) {
  assertHrOf(actor, agencyId);
  const at = deps.clock.now().toISOString();
  const first = ifMatch.seq === defaultsHead.seq;
  if (first && ifMatch.hash !== defaultsHead.hash) throw stale(undefined);
  const audit = nextAuditEntry(first ? undefined : ifMatch, {
    subject: policySubject(agencyId),
    action: first ? 'POLICY_SET' : 'POLICY_CHANGED',
    actorNip: actor.nip,
    at,
    data: input,
  });
  const doc: StoredPolicy = {
    ...input,
    agencyId,
    version: audit.seq,
    auditHead: headOf(audit),
    updatedAt: at,
    updatedBy: actor.nip,
  };
  const result = policyView(agencyId, doc);
  await deps.store.commit(
    [
      first
        ? {
            type: 'create',
            ref: policyRef(agencyId),
            doc: doc as unknown as Record<string, unknown>,
            explain: stale,
          }
        : {
            type: 'update',
            ref: policyRef(agencyId),
            when: and(eq('version', ifMatch.seq), eq('auditHead.hash', ifMatch.hash)),
            changes: {
              set: {
                ...input,
                version: audit.seq,
                auditHead: headOf(audit),
                updatedAt: at,
                updatedBy: actor.nip,
              },
            },
            explain: stale,
          },
      { type: 'audit', entry: audit },
    ],
    { result, ...(idempotency ? { idempotency } : {}) },
  );
  return { ...result, etag: etagOf(audit) };
}
