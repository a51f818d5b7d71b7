/**
 * Races, as an attacker (or a double-clicking user) would run them: 50 conflicting requests on
 * the same version at once. Exactly one wins, the others are refused (412 stale, 409 no longer
 * allowed, 429 past a rate limit), nothing is lost or applied twice, and the audit chain grows by
 * exactly one entry and stays intact. (Two imports at once and a crash in the middle of an import are in
 * test/integration/import.test.ts: one wins and the other writes nothing; nothing half-written.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyRules } from '#config/survey.ts';
import { subjects, verifyChain } from '#core/audit.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { setClock } from '#functions/clock.ts';
import { readAuditChain } from '#functions/use-cases/audit.ts';
import { call } from '../../support/api.ts';
import { buildWorld, type World } from '../../support/world.ts';
import { clientIp, surveyForm } from './policy.ts';

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

  it('answers to one survey link: one counted, the rest a 409 or (past the link’s limit) a 429 page', async () => {
    // prepare: a link for the owner's service, and the aggregates it will count in (Q1 of 2027)
    const issued = await call('POST', `/v1/agencies/${w.agencyId}/survey-links`, {
      token: w.tokens.self!,
      body: { unitId: w.people.owner.unitId, nip: w.people.owner.nip },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const path = new URL(issued.body.url as string).pathname;
    const aggregate = (nip?: string) =>
      liveDeps().store.get({
        kind: 'SURVEY_AGG',
        id: {
          agencyId: w.agencyId,
          year: 2027,
          period: 'Q1',
          unitId: w.people.owner.unitId,
          ...(nip ? { nip } : {}),
        },
      });
    const counted = async () =>
      [await aggregate(), await aggregate(w.people.owner.nip)].map((a) => Number(a?.responses ?? 0));
    const before = await counted();

    // act: each a different answer
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        call('POST', path, {
          raw: {
            contentType: 'application/x-www-form-urlencoded',
            text: surveyForm.replace('speed=5', `speed=${(i % 5) + 1}`),
          },
          sourceIp: clientIp(w),
        }),
      ),
    );

    // assess: every request counts against the link (20 an hour), one of those within it wins
    const statuses = results.map((r) => r.status).sort();
    const within = surveyRules.rateLimits.perLink.max;
    expect(statuses, statuses.join(',')).toEqual([
      201,
      ...Array<number>(within - 1).fill(409),
      ...Array<number>(N - within).fill(429),
    ]);
    for (const r of results) expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(await counted()).toEqual(before.map((n) => n + 1));
    const chain = await readAuditChain(liveDeps(), subjects.survey(issued.body.surveyId as string));
    expect(chain.map((e) => e.action)).toEqual(['SURVEY_LINK_ISSUED', 'SURVEY_ANSWERED']);
    expect(verifyChain(chain)).toMatchObject({ ok: true, length: 2 });
  });
});
