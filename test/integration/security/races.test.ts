/**
 * Races, as an attacker (or a double-clicking user) would run them: 50 conflicting requests on
 * the same version at once. Exactly one wins, the others are refused (412 stale, 409 no longer
 * allowed), nothing is lost or applied twice, and the audit chain grows by exactly one entry and
 * stays intact. (Two imports at once and a crash in the middle of an import are in
 * test/integration/import.test.ts: one wins and the other writes nothing; nothing half-written.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { setClock } from '#functions/clock.ts';
import { call } from '../../support/api.ts';
import { buildWorld, type World } from '../../support/world.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld(4242);
}, 120_000);
afterAll(async () => {
  await localImportJobs.idle();
  setClock(undefined);
});

const N = 50;

async function audit(path: string) {
  const res = await call('GET', `${path}/audit`, { token: w.tokens.hr! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.intact).toBe(true);
  return res.body.verdict.length as number;
}

describe(`${N} conflicting requests at once`, () => {
  it('SKP approve and return on one submitted version: one winner, one audit entry', async () => {
    // prepare: the colleague's draft, submitted
    const skpId = w.skp.colleagueDraft;
    const path = `/v1/skp/${skpId}`;
    const draft = await call('GET', path, { token: w.tokens.hr! });
    expect(draft.body.status).toBe('DRAFT');
    const submitted = await call('POST', `${path}/submit`, {
      token: await w.colleagueToken(),
      headers: { 'if-match': draft.headers.etag! },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const auditBefore = await audit(path);

    // act
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 2
          ? call('POST', `${path}/return`, {
              token: w.tokens.supervisor!,
              headers: { 'if-match': submitted.headers.etag! },
              body: { reason: `Perbaiki indikator ${i}` },
            })
          : call('POST', `${path}/approve`, {
              token: w.tokens.supervisor!,
              headers: { 'if-match': submitted.headers.etag! },
            }),
      ),
    );

    // assess
    const statuses = results.map((r) => r.status);
    const winners = results.filter((r) => r.status === 200);
    expect(winners, statuses.join(',')).toHaveLength(1);
    expect(
      statuses.every((s) => s === 200 || s === 412 || s === 409),
      statuses.join(','),
    ).toBe(true);
    for (const r of results.filter((x) => x.status !== 200))
      expect(r.headers['content-type']).toBe('application/problem+json');
    const now = await call('GET', path, { token: w.tokens.hr! });
    expect(now.body.status).toBe(winners[0]!.body.status);
    expect(now.body.version).toBe(submitted.body.version + 1);
    expect(await audit(path)).toBe(auditBefore + 1);
  });

  it('realisasi saves on one check-in version: one winner, its value stored, no lost update', async () => {
    // prepare
    const path = `/v1/skp/${w.checkin.skpId}/periods/Q1`;
    const before = await call('GET', path, { token: w.tokens.hr! });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const auditBefore = await audit(path);
    const [quantity, description] = w.skp.owner.indicatorIds;

    // act: each request a different value
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        call('PUT', `${path}/realisasi`, {
          token: w.tokens.self!,
          headers: { 'if-match': before.headers.etag! },
          body: {
            indicators: [
              { indicatorId: quantity, value: 100 + i, evidenceIds: [w.evidenceId] },
              { indicatorId: description, description: `Balapan ${i}` },
            ],
          },
        }),
      ),
    );

    // assess
    const statuses = results.map((r) => r.status);
    const won = statuses.flatMap((s, i) => (s === 200 ? [i] : []));
    expect(won, statuses.join(',')).toHaveLength(1);
    expect(
      statuses.every((s) => s === 200 || s === 412),
      statuses.join(','),
    ).toBe(true);
    const now = await call('GET', path, { token: w.tokens.hr! });
    expect(now.body.version).toBe(before.body.version + 1);
    const stored = new Map(
      (now.body.realisasi as { indicatorId: string; value?: number; description?: string }[]).map((r) => [
        r.indicatorId,
        r,
      ]),
    );
    expect(stored.get(quantity!)?.value).toBe(100 + won[0]!);
    expect(stored.get(description!)?.description).toBe(`Balapan ${won[0]}`);
    expect(await audit(path)).toBe(auditBefore + 1);
  });
});
