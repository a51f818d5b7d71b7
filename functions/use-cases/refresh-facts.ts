/**
 * After an import moves people in the org chart, the documents they own follow: every kind that
 * carries authorization facts (core/kinds.ts) has them rewritten, and a step owed by a role
 * (whoever approves) moves to the role's new holder. Bulk (part of the import): one Query per
 * moved employee over their partition, one conditional update per document.
 */

import { closeStep, hrInbox, type OwnerRole, roleAttribute } from '#core/action-items.ts';
import type { Employee } from '#core/employee.ts';
import { DomainError } from '#core/errors.ts';
import { eq } from '#core/expr.ts';
import type { DocKind } from '#core/kinds.ts';
import { factsFrozen, factsOf, idOfDoc, kindsWithFacts } from '#core/kinds.ts';
import type { Deps } from '#core/ports.ts';

// A leaver's own documents stay as they were (their steps close: closeLeaversSteps).
const moved = (before: Employee | undefined, after: Employee) =>
  before !== undefined &&
  after.employmentStatus !== 'INACTIVE' &&
  (before.supervisorNip !== after.supervisorNip || before.managerChain.join() !== after.managerChain.join());

/** Whether an import's write of `after` moves that employee in the org chart. */
export const movesInChart = moved;

const skipped = new DomainError('CONFLICT', 'CHANGED_MEANWHILE');

interface Refreshed {
  documents: number;
  /** Steps owed by a role that passed to its new holder. */
  steps: number;
}

async function refreshOne(deps: Pick<Deps, 'store'>, e: Employee, sinceYear?: number): Promise<Refreshed> {
  const facts = factsOf(e);
  let refreshed = 0;
  let steps = 0;
  // One person's documents: read them all first, so that an ENDED SKP and its check-ins (the
  // months of a post left mid-year) keep the appraiser of those months.
  const docs = [];
  for await (const page of deps.store.pages({
    kind: 'SKP',
    pattern: 'factsOfOwner',
    params: { nip: e.nip },
  }))
    docs.push(...page);
  const ended = new Set(
    docs.filter((d) => d.type === 'SKP' && d.status === 'ENDED').map((d) => String(d.skpId)),
  );
  for (const doc of docs) {
    const kind = doc.type as DocKind;
    if (!kindsWithFacts.includes(kind) || doc.agencyId !== e.agencyId || factsFrozen(doc)) continue;
    if (ended.has(String(doc.skpId))) continue;
    // A move with its month (TMT) changes the post from that year on: an earlier year's
    // documents (an annual evaluation still open in February) stay with who supervised it.
    if (sinceYear !== undefined && Number(doc.year) < sinceYear) continue;
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
      if (role) {
        const holder = facts[roleAttribute[role] as keyof typeof facts];
        if (holder !== doc.pendingOwner) steps++;
      }
    } catch (err) {
      if (err !== skipped) throw err;
    }
  }
  return { documents: refreshed, steps };
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
  moves: readonly { nip: string; month: string }[] = [],
): Promise<Refreshed> {
  return refreshMoved(
    deps,
    writes.filter((e) => moved(before.get(e.nip), e)),
    moves,
  );
}

/**
 * The documents and unit results of people known to have moved follow them (idempotent: run it
 * again freely, as the import's roll-forward after a crash does). `moves`: those with the month
 * it took effect, whose earlier years' documents stay as they were.
 */
export async function refreshMoved(
  deps: Pick<Deps, 'store' | 'clock'>,
  people: readonly Employee[],
  moves: readonly { nip: string; month: string }[] = [],
): Promise<Refreshed> {
  const sinceYear = new Map(moves.map((m) => [m.nip, Number(m.month.slice(0, 4))]));
  const total: Refreshed = { documents: await refreshUnitResults(deps, people), steps: 0 };
  for (let i = 0; i < people.length; i += 16) {
    for (const r of await Promise.all(
      people.slice(i, i + 16).map((p) => refreshOne(deps, p, sinceYear.get(p.nip))),
    )) {
      total.documents += r.documents;
      total.steps += r.steps;
    }
  }
  return total;
}

/**
 * What a leaver still owes once their reports' steps have passed to the new supervisors (the
 * refresh, before this): their own SKP's and check-ins' steps, peer input asked of them, duties
 * of a phase. Each closes, conditioned on still being theirs. One Query on what they owe.
 */
export async function closeLeaversSteps(
  deps: Pick<Deps, 'store'>,
  moves: readonly { nip: string; reason: 'MOVED' | 'LEFT' }[],
): Promise<number> {
  let closed = 0;
  for (const { nip } of moves.filter((m) => m.reason === 'LEFT')) {
    const owed = [];
    for await (const page of deps.store.pages({ kind: 'STEP', pattern: 'owedBy', params: { owner: nip } }))
      owed.push(...page);
    for (const doc of owed) {
      const kind = doc.type as DocKind;
      const id = idOfDoc(doc);
      if (!id) continue;
      try {
        await deps.store.commit(
          [
            {
              type: 'update',
              ref: { kind, id },
              when: eq('pendingOwner', nip),
              changes: closeStep,
              explain: () => skipped,
            },
          ],
          { result: undefined },
        );
        closed++;
      } catch (err) {
        if (err !== skipped) throw err;
      }
    }
  }
  return closed;
}
