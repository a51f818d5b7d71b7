/** The Idempotency-Key of a POST, bound to the caller and the exact request. */
import type { Idempotency } from '../adapters/tx.ts';
import type { AuthedCtx } from './edge.ts';

export function idempotencyOf(ctx: AuthedCtx): Omit<Idempotency, 'response'> | undefined {
  const key = ctx.header('idempotency-key')?.trim();
  if (!key) return undefined;
  return {
    key: key.slice(0, 200),
    actorNip: ctx.actor.nip,
    request: `${ctx.event.routeKey}\n${ctx.event.rawPath}\n${ctx.text()}`,
    now: ctx.now,
  };
}
