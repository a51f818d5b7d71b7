/**
 * People who move (a mutasi, a promotion, a Plt) or leave (retire, transfer out), as the import
 * records them with the month it takes effect: the SKP of the old post ends with the month
 * before (it keeps its months, its appraiser and its approved content, so those months are
 * evaluated by whoever appraised them), and the next SKP, drafted by the employee, covers the
 * rest of the year (core: the profile's `postSince`; functions/use-cases/skp.ts numbers it).
 * Bulk (part of the import): one Query per person over their SKPs of the year, one transaction
 * per SKP ended.
 */
import type { Actor } from '#core/actor.ts';
import type { PlannedMove } from '#core/org-import.ts';
import type { Deps } from '#core/ports.ts';
import type { SkpDocument } from '#core/skp/view.ts';
import { endSkp } from './skp.ts';

export interface MovesApplied {
  skpsEnded: number;
  stepsClosed: number;
}

export async function applyMoves(
  deps: Deps,
  o: { agencyId: string; actorNip: string; moves: readonly PlannedMove[] },
): Promise<MovesApplied> {
  // HR's act: the import is HR's (or the operator's, from the CLI).
  const actor: Actor = { nip: o.actorNip, agencyId: o.agencyId, roles: ['HR'] };
  let skpsEnded = 0;
  let stepsClosed = 0;
  for (const move of o.moves) {
    const [year, month] = move.month.split('-').map(Number) as [number, number];
    const page = await deps.store.list(
      { kind: 'SKP', pattern: 'ofOwnerYear', params: { nip: move.nip, year } },
      { limit: 12 },
    );
    for (const doc of page.items as unknown as SkpDocument[]) {
      // An SKP that began in or after the month of the change covers none of the old post.
      if (doc.agencyId !== o.agencyId || doc.status === 'ENDED' || doc.startMonth > month - 1) continue;
      if (typeof doc.pendingKind === 'string') stepsClosed++;
      await endSkp(deps, actor, doc, month - 1, move.reason);
      skpsEnded++;
    }
  }
  return { skpsEnded, stepsClosed };
}
