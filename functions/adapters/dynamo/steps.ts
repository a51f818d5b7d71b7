/**
 * The two indexes of open steps (core/action-items.ts), derived from a step's fields on whatever
 * document holds it:
 *  - gsi2 `OWES#<owner>` / `<dueAt>#<kind>#<itemId>`: what a person owes, soonest due first;
 *  - gsi3 `DUE#<UTC day of nextActionAt>#<shard>` / `<nextActionAt>#<itemId>`: the sparse due index
 *    the workflows read (a sweep costs O(items due), not O(employees)).
 * A step owed by a role names its owner through the document's stored facts: the owes key of
 * each role is kept on the document beside the facts, so a write can move a step to "whoever
 * approves" without reading the document first.
 */
import { dueShards } from '#config/table.ts';
import { type OwnerRole, roleAttribute, stepFields } from '#core/action-items.ts';
import { attr, type Changes, isAttrRef } from '#core/expr.ts';
import type { Doc } from '#core/ports.ts';
import type { IndexKeys } from './entity.ts';

export const DUE_SHARDS = dueShards;

export function shardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % DUE_SHARDS;
}

export const owesKey = (owner: string) => `OWES#${owner}`;
export const dueBucket = (day: string, shard: number) => `DUE#${day}#${shard}`;
const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** The stored attribute that carries a role's owes key. */
const owesAttribute: Record<OwnerRole, string> = {
  OWNER: 'ownerOwesKey',
  APPROVER: 'approverOwesKey',
  LEADER: 'leaderOwesKey',
};
const roleOfAttribute = new Map(Object.entries(roleAttribute).map(([role, a]) => [a, role as OwnerRole]));

const indexAttributes = ['gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'] as const;

/** Index keys of a document written whole (its step, and the owes keys of its roles). */
export function stepIndexes(doc: Doc, itemId: string): IndexKeys & Record<string, string> {
  const out: IndexKeys & Record<string, string> = {};
  for (const [role, a] of Object.entries(roleAttribute)) {
    if (typeof doc[a] === 'string') out[owesAttribute[role as OwnerRole]] = owesKey(doc[a] as string);
  }
  if (typeof doc.pendingOwner === 'string' && typeof doc.pendingDueAt === 'string') {
    out.gsi2pk = owesKey(doc.pendingOwner);
    out.gsi2sk = `${doc.pendingDueAt}#${doc.pendingKind}#${itemId}`;
  }
  if (typeof doc.nextActionAt === 'string') {
    out.gsi3pk = dueBucket(dayOf(doc.nextActionAt), shardOf(itemId));
    out.gsi3sk = `${doc.nextActionAt}#${itemId}`;
  }
  return out;
}

/** The index changes that go with `changes` of a stored document. */
export function stepIndexChanges(changes: Changes, itemId: string): Changes {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  const s = changes.set ?? {};
  // A role holder changed (facts refreshed): its owes key follows.
  for (const [a, role] of roleOfAttribute) {
    if (a in s && typeof s[a] === 'string') set[owesAttribute[role]] = owesKey(s[a] as string);
  }
  if ('pendingOwner' in s) {
    const owner = s.pendingOwner;
    if (isAttrRef(owner)) {
      const role = roleOfAttribute.get(owner.attr);
      if (!role) throw new Error(`a step can be owed by a role attribute only, not ${owner.attr}`);
      set.gsi2pk = attr(owesAttribute[role]);
    } else set.gsi2pk = owesKey(String(owner));
    if ('pendingDueAt' in s && 'pendingKind' in s)
      set.gsi2sk = `${s.pendingDueAt}#${s.pendingKind}#${itemId}`;
  }
  if (typeof s.nextActionAt === 'string') {
    set.gsi3pk = dueBucket(dayOf(s.nextActionAt), shardOf(itemId));
    set.gsi3sk = `${s.nextActionAt}#${itemId}`;
  }
  const removed = new Set(changes.remove ?? []);
  if (removed.has('pendingOwner')) remove.push('gsi2pk', 'gsi2sk');
  if (removed.has('nextActionAt')) remove.push('gsi3pk', 'gsi3sk');
  return { ...(Object.keys(set).length ? { set } : {}), ...(remove.length ? { remove } : {}) };
}

/** Storage attributes that are never part of a document as the core sees it. */
export const storageAttributes = new Set<string>([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  ...indexAttributes,
  'gsi4pk',
  'gsi4sk',
  'searchName',
  'ownerOwesKey',
  'approverOwesKey',
  'leaderOwesKey',
  'expiresAt',
]);

export { stepFields };
