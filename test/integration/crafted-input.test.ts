/**
 * Crafted input that once reached DynamoDB and came back as 500: page cursors that decode to
 * `null`, arrays or objects, and numbers beyond what DynamoDB (or the SDK, above 2^53) can store.
 * Each is a 422 naming the field, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#functions/clock.ts';
import { dynamoCalls } from '#local/instrument.ts';
import { type CallOptions, call } from '../support/api.ts';
import { buildWorld, type World } from '../support/world.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld(606);
});
afterAll(() => setClock(undefined));

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** The call, asserting it wrote nothing. */
async function refused(method: string, path: string, o: CallOptions) {
  const before = dynamoCalls.writes;
  const res = await call(method, path, o);
  expect(dynamoCalls.writes - before, `${method} ${path} wrote on refusal`).toBe(0);
  return res;
}

describe('crafted page cursors', () => {
  const inner = (key: unknown) => b64(key);
  const cursors = () => {
    const hrInbox = `HR#${w.agencyId}`;
    return [
      b64('null'),
      b64('[]'),
      b64('{}'),
      b64('12'),
      b64('"text"'),
      b64({ [w.people.hr.nip]: null }),
      b64({ [w.people.hr.nip]: {} }),
      b64({ [w.people.hr.nip]: [] }),
      b64({ [w.people.hr.nip]: 5 }),
      b64({ __proto__: 'x' }),
      b64({ [w.people.hr.nip]: inner(null) }),
      b64({ [w.people.hr.nip]: inner({}) }),
      b64({ [w.people.hr.nip]: inner({ pk: null, sk: null }) }),
      b64({ [w.people.hr.nip]: inner({ pk: { S: 'x' }, sk: 'y' }) }),
      b64({ [w.people.hr.nip]: inner({ pk: `INBOX#${w.people.owner.nip}`, sk: 'x' }) }),
      b64({ [hrInbox]: inner({ pk: `INBOX#${hrInbox}`, sk: ['a'] }) }),
      b64({ [hrInbox]: inner({ pk: `INBOX#${hrInbox}`, sk: 'x', extra: 'y' }) }),
      'not base64 at all!',
      '%00',
    ];
  };

  it('GET /v1/me/notifications: every crafted cursor is a 422 BAD_CURSOR', async () => {
    for (const cursor of cursors()) {
      const res = await refused('GET', `/v1/me/notifications?cursor=${encodeURIComponent(cursor)}`, {
        token: w.tokens.hr!,
      });
      expect(res.status, `${Buffer.from(cursor, 'base64url').toString()}: ${JSON.stringify(res.body)}`).toBe(
        422,
      );
      expect(res.body.errors[0]).toMatchObject({ path: 'cursor', code: 'BAD_CURSOR' });
    }
  });

  it('GET /v1/me/action-items: the same', async () => {
    for (const cursor of [
      b64('null'),
      b64('[]'),
      b64({ pk: null }),
      b64({ gsi2pk: {}, gsi2sk: 'x', pk: 'a', sk: 'b' }),
      'x',
    ]) {
      const res = await refused('GET', `/v1/me/action-items?cursor=${encodeURIComponent(cursor)}`, {
        token: w.tokens.self!,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
    }
  });
});

describe('crafted page cursors inside the partition but outside the query', () => {
  // A cursor names the right partition but a sort key the query cannot reach (another unit's
  // responses, another kind's items): DynamoDB refuses a start key outside the key condition.
  it('GET .../service-feedback/comments: a start key beyond the unit is a 422 BAD_CURSOR', async () => {
    const unit = w.people.owner.unitId;
    const pk = `SURVEYAGG#${w.agencyId}#2027#Q1`;
    for (const sk of [
      `RESP#${w.people.otherUnit.unitId}#2027-02-15T02:00:00.000Z#x`,
      `UNIT#${unit}#TOTAL`,
      'RESP#',
      `RESP#${unit}`,
      '',
    ]) {
      const res = await refused(
        'GET',
        `/v1/agencies/${w.agencyId}/units/${unit}/service-feedback/comments?year=2027&period=Q1&cursor=${b64({ pk, sk })}`,
        { token: w.tokens.hr! },
      );
      expect(res.status, `${sk}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ path: 'cursor', code: 'BAD_CURSOR' });
    }
    // One inside the unit's range is a page (empty here: no responses yet).
    const inside = await call(
      'GET',
      `/v1/agencies/${w.agencyId}/units/${unit}/service-feedback/comments?year=2027&period=Q1&cursor=${b64({ pk, sk: `RESP#${unit}#2027-03-01T00:00:00.000Z#x` })}`,
      { token: w.tokens.hr! },
    );
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
  });
});

describe('numbers DynamoDB cannot store', () => {
  const extremes = [
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER + 10,
    1e20,
    1e126,
    1e300,
    Number.MAX_VALUE,
    1e-131,
    1e-300,
    Number.MIN_VALUE,
  ];

  it('SKP targets: 422 on the target value, nothing written', async () => {
    for (const value of extremes) {
      const res = await refused('POST', '/v1/skp', {
        token: w.tokens.peer!,
        body: {
          year: 2027,
          rhk: [
            {
              kind: 'UTAMA',
              text: 'Target besar',
              indicators: [{ text: 'Jumlah', aspect: 'KUANTITAS', target: { value, unit: 'dokumen' } }],
            },
          ],
        },
      });
      expect(res.status, `${value}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(
        'rhk[0].indicators[0].target.value',
      );
    }
    // Raw JSON beyond what JavaScript keeps exactly (the SDK refuses those as unsafe integers).
    const raw = await refused('POST', '/v1/skp', {
      token: w.tokens.peer!,
      raw: {
        contentType: 'application/json',
        text: '{"year":2027,"rhk":[{"kind":"UTAMA","text":"T","indicators":[{"text":"J","aspect":"KUANTITAS","target":{"value":90071992547409931,"unit":"x"}}]}]}',
      },
    });
    expect(raw.status).toBe(422);
  });

  it('realisasi values: 422 on the value, nothing written', async () => {
    const path = `/v1/skp/${w.checkin.skpId}/periods/Q1/realisasi`;
    for (const value of extremes) {
      const etag = await w.etagOf(`/v1/skp/${w.checkin.skpId}/periods/Q1`);
      const res = await refused('PUT', path, {
        token: w.tokens.self!,
        headers: { 'if-match': etag },
        body: { indicators: [{ indicatorId: w.skp.owner.indicatorIds[0], value }] },
      });
      expect(res.status, `${value}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.errors[0].path).toBe('indicators[0].value');
    }
  });

  it('ordinary values still pass: 0, fractions, large but storable counts', async () => {
    for (const value of [0, 0.5, 99.75, 1_000_000_000]) {
      const etag = await w.etagOf(`/v1/skp/${w.checkin.skpId}/periods/Q1`);
      const res = await call('PUT', `/v1/skp/${w.checkin.skpId}/periods/Q1/realisasi`, {
        token: w.tokens.self!,
        headers: { 'if-match': etag },
        body: { indicators: [{ indicatorId: w.skp.owner.indicatorIds[0], value }] },
      });
      expect(res.status, `${value}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
});
