/** Idempotent replays of writes that read before they decide. */
import { DomainError } from '#core/errors.ts';
import type { Deps, IdempotencyKey } from '#core/ports.ts';

/**
 * Runs a write that decides from what it read first. If that decision refuses and the request
 * carries an Idempotency-Key already used successfully, the first answer is the answer (the
 * document has moved on because of that very request).
 */
export async function orReplay<R>(
  deps: Deps,
  idempotency: IdempotencyKey | undefined,
  write: () => Promise<R>,
) {
  try {
    return await write();
  } catch (err) {
    if (idempotency && err instanceof DomainError) {
      const replayed = await deps.store.replayOf<R>(idempotency);
      if (replayed !== undefined) return replayed;
    }
    throw err;
  }
}
