/**
 * After an import moves people in the org chart, the documents they own follow: every kind that
 * carries authorization facts (core/kinds.ts) has them rewritten, and a step owed by a role
 * (whoever approves) moves to the role's new holder. Bulk (part of the import): one Query per
 * moved employee over their partition, one conditional update per document.
 */

import { hrInbox, type OwnerRole, roleAttribute } from '#core/action-items.ts';
import type { Employee } from '#core/employee.ts';
import { DomainError } from '#core/errors.ts';
import { eq } from '#core/expr.ts';
import type { DocKind } from '#core/kinds.ts';
import { factsFrozen, factsOf, idOfDoc, kindsWithFacts } from '#core/kinds.ts';
import type { Deps } from '#core/ports.ts';

const moved = (before: Employee | undefined, after: Employee) =>
  before !== undefined &&
  (before.supervisorNip !== after.supervisorNip || before.managerChain.join() !== after.managerChain.join());

const skipped = new DomainError('CONFLICT', 'CHANGED_MEANWHILE');

async function refreshOne(deps: Pick<Deps, 'store'>, e: Employee): Promise<number> {
  const facts = factsOf(e);
  let refreshed = 0;
  for await (const page of deps.store.pages({
    kind: 'SKP',
    pattern: 'factsOfOwner',
    params: { nip: e.nip },
  })) {
    for (const doc of page) {
      const kind = doc.type as DocKind;
      if (!kindsWithFacts.includes(kind) || doc.agencyId !== e.agencyId || factsFrozen(doc)) continue;
      const id = idOfDoc(doc);
      if (!id) throw new Error(`refresh-facts: ${kind} carries facts but has no id (core/kinds.ts)`);
      const role = doc.pendingRole as OwnerRole | null | undefined;
      try {
        await deps.store.commit(
          [
            {
              type: 'update',
              ref: { kind, id },
              // Not under a concurrent change: if the document moved meanwhile, the next import fixes it.
              when: eq('version', Number(doc.version)),
              changes: {
                set: {
                  ...facts,
                  // A step owed by a role follows the role's new holder (named here: an update reads
                  // attributes as they were before it).
                  ...(role
                    ? {
                        pendingOwner: facts[roleAttribute[role] as keyof typeof facts],
                        pendingDueAt: doc.pendingDueAt,
                        pendingKind: doc.pendingKind,
                      }
                    : {}),
                },
              },
              explain: () => skipped,
            },
          ],
          { result: undefined },
        );
        refreshed++;
      } catch (err) {
        if (err !== skipped) throw err;
      }
    }
  }
  return refreshed;
}

/**
 * A unit result names its head's leader (the head's supervisor) at opening; when the head moves
 * under someone else, the unsigned results of this year and last (the annual review runs into the
 * next year) follow: one Query per year of the agency's unit results.
 */
async function refreshUnitResults(
  deps: Pick<Deps, 'store' | 'clock'>,
  people: readonly Employee[],
): Promise<number> {
  const byNip = new Map(people.map((p) => [p.nip, p]));
  const agencyId = people[0]?.agencyId;
  if (!agencyId) return 0;
  const year = deps.clock.now().getUTCFullYear();
  let refreshed = 0;
  for (const y of [year - 1, year]) {
    for await (const page of deps.store.pages({
      kind: 'UNIT_RESULT',
      pattern: 'ofYear',
      params: { agencyId, year: y },
    })) {
      for (const doc of page) {
        const head = byNip.get(String(doc.headNip));
        if (!head || doc.status === 'SIGNED' || head.supervisorNip === doc.leaderNip) continue;
        const leader = head.supervisorNip ?? null;
        const owner = leader ?? hrInbox(agencyId);
        try {
          await deps.store.commit(
            [
              {
                type: 'update',
                ref: { kind: 'UNIT_RESULT', id: idOfDoc(doc)! },
                when: eq('version', Number(doc.version)),
                changes: {
                  set: {
                    leaderNip: leader,
                    leaderChain: head.managerChain,
                    leaderId: owner,
                    ...(doc.pendingKind
                      ? { pendingOwner: owner, pendingDueAt: doc.pendingDueAt, pendingKind: doc.pendingKind }
                      : {}),
                  },
                },
                explain: () => skipped,
              },
            ],
            { result: undefined },
          );
          refreshed++;
        } catch (err) {
          if (err !== skipped) throw err;
        }
      }
    }
  }
  return refreshed;
}

export async function refreshDocumentFacts(
  deps: Pick<Deps, 'store' | 'clock'>,
  writes: readonly Employee[],
  before: ReadonlyMap<string, Employee>,
): Promise<number> {
  const people = writes.filter((e) => moved(before.get(e.nip), e));
  let refreshed = await refreshUnitResults(deps, people);
  for (let i = 0; i < people.length; i += 16) {
    refreshed += (await Promise.all(people.slice(i, i + 16).map((p) => refreshOne(deps, p)))).reduce(
      (a, b) => a + b,
      0,
    );
  }
  return refreshed;
}
