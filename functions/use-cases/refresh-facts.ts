/**
 * After an import moves people in the org chart, the documents they own follow: every kind that
 * carries authorization facts (core/kinds.ts) has them rewritten, and a step owed by a role
 * (whoever approves) moves to the role's new holder. Bulk (part of the import): one Query per
 * moved employee over their partition, one conditional update per document.
 */

import { type OwnerRole, roleAttribute } from '#core/action-items.ts';
import type { Employee } from '#core/employee.ts';
import { DomainError } from '#core/errors.ts';
import { eq } from '#core/expr.ts';
import type { DocKind } from '#core/kinds.ts';
import { factsOf, idOfDoc, kindsWithFacts } from '#core/kinds.ts';
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
      if (!kindsWithFacts.includes(kind) || doc.agencyId !== e.agencyId) continue;
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

/** Whether an import's write of `after` moves that employee in the org chart. */
export const movesInChart = moved;

export async function refreshDocumentFacts(
  deps: Pick<Deps, 'store'>,
  writes: readonly Employee[],
  before: ReadonlyMap<string, Employee>,
): Promise<number> {
  return refreshMoved(
    deps,
    writes.filter((e) => moved(before.get(e.nip), e)),
  );
}

/** The documents of people known to have moved follow them (idempotent: run it again freely). */
export async function refreshMoved(deps: Pick<Deps, 'store'>, people: readonly Employee[]): Promise<number> {
  let refreshed = 0;
  for (let i = 0; i < people.length; i += 16) {
    refreshed += (await Promise.all(people.slice(i, i + 16).map((p) => refreshOne(deps, p)))).reduce(
      (a, b) => a + b,
      0,
    );
  }
  return refreshed;
}
