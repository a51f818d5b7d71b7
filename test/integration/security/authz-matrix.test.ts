/**
 * The authorization matrix: every route of functions/api/routes.ts, called by every caller of the
 * world (anonymous, forged and expired tokens, the owner, a peer, the supervisor and the one
 * above, another unit, HR, another agency's HR, the platform admin), answers exactly the status
 * its policy (./policy.ts) declares. A refusal is problem+json (a page on the public survey
 * routes) and writes nothing. Every answer carries the headers of finding 12: nosniff always,
 * no-store on personal data (JWT routes) and on the public survey pages, which also forbid
 * framing, referrers and any script or style but their own. A route without a declared policy
 * fails here, so a new route cannot ship without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { routeKeyOf, routes } from '#functions/api/routes.ts';
import { setClock } from '#functions/clock.ts';
import { dynamoCalls } from '#local/instrument.ts';
import { reportsSettled } from '#local/reports.ts';
import { call } from '../../support/api.ts';
import { buildWorld, type Caller, callers, type World } from '../../support/world.ts';
import { dataWrittenSince, expectSecurityHeaders } from './checks.ts';
import { type Expected, policy } from './policy.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld(909);
}, 120_000);
afterAll(async () => {
  await localImportJobs.idle();
  await reportsSettled();
  setClock(undefined);
});

const allows = (e: Expected) => (Array.isArray(e) ? e : [e]).some((s) => s < 400);
const matches = (status: number, e: Expected) => (Array.isArray(e) ? e : [e]).includes(status);

describe('authorization matrix', () => {
  it('every route has a declared policy for every caller, and every policy names a route', () => {
    const keys = routes.map(routeKeyOf);
    const missing = keys.filter((k) => !policy[k]);
    expect(missing, 'routes without a policy in test/integration/security/policy.ts').toEqual([]);
    expect(
      Object.keys(policy).filter((k) => !keys.includes(k)),
      'policies of no route',
    ).toEqual([]);
    for (const [key, p] of Object.entries(policy))
      expect(Object.keys(p.expect).sort(), key).toEqual([...callers].sort());
  });

  for (const route of routes) {
    const key = routeKeyOf(route);
    it(key, async () => {
      const p = policy[key];
      if (!p)
        throw new Error(
          `${key} has no policy: declare who may call it in test/integration/security/policy.ts`,
        );
      // Those refused go first: the state the allowed callers need is still there.
      const order = [...callers].sort((a, b) => Number(allows(p.expect[a])) - Number(allows(p.expect[b])));
      const seen: Partial<Record<Caller, number>> = {};
      for (const caller of order) {
        const { path, token, ...options } = await p.request(w, caller);
        // What runs in the background (an import job, a report) writes nothing while this is judged.
        await localImportJobs.idle();
        await reportsSettled();
        const before = dynamoCalls.written.length;
        const res = await call(route.method, path, {
          ...options,
          ...((token ?? w.tokens[caller]) ? { token: token ?? w.tokens[caller] } : {}),
        });
        seen[caller] = res.status;
        const expected = p.expect[caller];
        expect(
          matches(res.status, expected),
          `${key} as ${caller}: ${res.status} ${JSON.stringify(res.body)}`,
        ).toBe(true);
        expectSecurityHeaders(route, res.status, res.headers, `${key} as ${caller}`);
        if (res.status >= 400)
          expect(dataWrittenSince(before), `${key} as ${caller} wrote on refusal`).toEqual([]);
      }
    });
  }
});
