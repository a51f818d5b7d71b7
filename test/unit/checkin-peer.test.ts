/**
 * core/checkin/peer.ts: who may ask whom for 360 input, who may see and answer a request, and
 * what each reader of the check-in sees of the answers.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#core/actor.ts';
import {
  assertDistinctPeerValues,
  peerInputInput,
  peerInputView,
  peerMachine,
  planPeerRequest,
  type StoredPeerRequest,
  visibilityOf,
} from '#core/checkin/peer.ts';
import { DomainError } from '#core/errors.ts';

const agency = 'kota-bukittinggi';
const nip = {
  owner: '198609262015051001',
  appraiser: '197501012000031002',
  sup: '197001011995031003',
  peerA: '199001012015052005',
  peerB: '199101012016031008',
  outsider: '198801012012032007',
  hr: '198801012012032006',
};
const actor = (n: string, roles: Actor['roles'] = [], agencyId = agency): Actor => ({
  nip: n,
  agencyId,
  roles,
});
const skpId = `2027.bkpsdm.${nip.owner}`;
const skp = {
  skpId,
  agencyId: agency,
  ownerNip: nip.owner,
  appraiserNip: nip.appraiser,
  managerChain: [nip.appraiser, nip.sup],
  approvedContent: {},
};
const window = { opensAt: '2027-01-01T00:00:00+07:00', opensAtMs: Date.parse('2027-01-01T00:00:00+07:00') };
const now = new Date('2027-03-01T00:00:00Z');
const profiles = new Map([
  [nip.peerA, { agencyId: agency, name: 'Sari Lubis' }],
  [nip.peerB, { agencyId: agency, name: 'Joko Koto' }],
  [nip.outsider, { agencyId: 'kota-padang', name: 'Orang Lain' }],
  [nip.owner, { agencyId: agency, name: 'Pemilik' }],
  [nip.appraiser, { agencyId: agency, name: 'Penilai' }],
]);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError)
      return { kind: err.kind, code: err.code, issues: err.issues.map((i) => [i.path, i.code]) };
    throw err;
  }
  return undefined;
};

describe('planPeerRequest', () => {
  it('the appraiser asks peers of the agency, with their names', () => {
    expect(planPeerRequest(skp, actor(nip.appraiser), [nip.peerA, nip.peerB], profiles, window, now)).toEqual(
      [
        { peerNip: nip.peerA, peerName: 'Sari Lubis' },
        { peerNip: nip.peerB, peerName: 'Joko Koto' },
      ],
    );
  });

  it('only the appraiser: readers of the SKP get 403, everyone else 404', () => {
    for (const a of [actor(nip.owner), actor(nip.sup), actor(nip.hr, ['HR'])]) {
      expect(refusal(() => planPeerRequest(skp, a, [nip.peerA], profiles, window, now))).toMatchObject({
        kind: 'FORBIDDEN',
        code: 'CHECKIN_APPRAISER_ONLY',
      });
    }
    for (const a of [
      actor(nip.peerA),
      actor(nip.appraiser, [], 'kota-padang'),
      actor(nip.hr, ['HR'], 'kota-padang'),
    ]) {
      expect(refusal(() => planPeerRequest(skp, a, [nip.peerA], profiles, window, now))).toMatchObject({
        kind: 'NOT_FOUND',
        code: 'SKP_NOT_FOUND',
      });
    }
  });

  it('needs an approved SKP and a period that has begun', () => {
    const { approvedContent: _, ...draft } = skp;
    expect(
      refusal(() => planPeerRequest(draft, actor(nip.appraiser), [nip.peerA], profiles, window, now)),
    ).toMatchObject({ kind: 'CONFLICT', code: 'SKP_NOT_APPROVED' });
    expect(
      refusal(() =>
        planPeerRequest(
          skp,
          actor(nip.appraiser),
          [nip.peerA],
          profiles,
          window,
          new Date('2026-12-31T16:59:59Z'),
        ),
      ),
    ).toMatchObject({
      kind: 'CONFLICT',
      code: 'CHECKIN_NOT_OPEN_YET',
    });
    expect(
      planPeerRequest(
        skp,
        actor(nip.appraiser),
        [nip.peerA],
        profiles,
        window,
        new Date('2026-12-31T17:00:00Z'),
      ),
    ).toHaveLength(1);
  });

  it("names every bad peer: the owner, the appraiser, another agency's or unknown NIP, a repeat", () => {
    expect(
      refusal(() =>
        planPeerRequest(
          skp,
          actor(nip.appraiser),
          [nip.owner, nip.appraiser, nip.outsider, '199901012020011001', nip.peerA, nip.peerA],
          profiles,
          window,
          now,
        ),
      ),
    ).toEqual({
      kind: 'UNPROCESSABLE',
      code: 'VALIDATION_FAILED',
      issues: [
        ['peerNips[0]', 'PEER_IS_OWNER'],
        ['peerNips[1]', 'PEER_IS_APPRAISER'],
        ['peerNips[2]', 'PEER_NOT_IN_AGENCY'],
        ['peerNips[3]', 'PEER_NOT_IN_AGENCY'],
        ['peerNips[5]', 'DUPLICATE_ID'],
      ],
    });
  });
});

/** The peer machine as the old decide was called: the stored facts (or none), the version seen. */
const decidePeerInput = (
  f: Record<string, unknown> | undefined,
  a: Actor,
  expected: number,
  ids: { skpId: string; period: string },
) => {
  const head = { seq: expected, hash: 'h' };
  if (!f) throw peerMachine.explain(undefined, { type: 'GIVE' }, a, head, ids, ids);
  return peerMachine.decide(
    { ...f, auditHead: { seq: f.version, hash: 'h' } },
    { type: 'GIVE' },
    a,
    head,
    ids,
  );
};

describe('the peer request machine', () => {
  const facts = {
    skpId,
    period: 'Q1',
    agencyId: agency,
    ownerNip: nip.owner,
    peerNip: nip.peerA,
    status: 'REQUESTED' as const,
    version: 1,
  };
  const ids = { skpId, period: 'Q1' };

  it('the peer asked answers, and may revise', () => {
    expect(decidePeerInput(facts, actor(nip.peerA), 1, ids)).toMatchObject({ status: 'GIVEN', version: 2 });
    expect(
      decidePeerInput({ ...facts, status: 'GIVEN', version: 2 }, actor(nip.peerA), 2, ids),
    ).toMatchObject({ status: 'GIVEN', version: 3 });
  });

  it('to anyone else the request does not exist; a stale version is 412', () => {
    for (const [f, a] of [
      [facts, actor(nip.peerB)],
      [facts, actor(nip.appraiser)],
      [facts, actor(nip.peerA, [], 'kota-padang')],
      [{ ...facts, skpId: 'other' }, actor(nip.peerA)],
      [undefined, actor(nip.peerA)],
    ] as const) {
      expect(refusal(() => decidePeerInput(f, a, 1, ids))).toMatchObject({
        kind: 'NOT_FOUND',
        code: 'PEER_REQUEST_NOT_FOUND',
      });
    }
    expect(refusal(() => decidePeerInput(facts, actor(nip.peerA), 2, ids))).toMatchObject({
      kind: 'PRECONDITION_FAILED',
      code: 'STALE_VERSION',
    });
  });

  it('the answer: each value once, each with a rating or a text', () => {
    expect(peerInputInput.safeParse({ values: [{ value: 'ADAPTIF' }] }).error!.issues[0]!.message).toBe(
      'PEER_VALUE_EMPTY',
    );
    expect(peerInputInput.safeParse({ values: [] }).success).toBe(false);
    expect(peerInputInput.safeParse({ values: [{ value: 'ADAPTIF', rating: 'LUAR_BIASA' }] }).success).toBe(
      false,
    );
    expect(
      refusal(() =>
        assertDistinctPeerValues({
          values: [
            { value: 'ADAPTIF', rating: 'SESUAI' },
            { value: 'ADAPTIF', text: 'x' },
          ],
        }),
      )!.issues,
    ).toEqual([['values[1].value', 'DUPLICATE_ID']]);
  });
});

describe('peerInputView', () => {
  const request = (
    peerNip: string,
    peerName: string,
    status: 'REQUESTED' | 'GIVEN',
    anonymous: boolean,
    text?: string,
  ): StoredPeerRequest => ({
    skpId,
    period: 'Q1',
    agencyId: agency,
    ownerNip: nip.owner,
    peerNip,
    peerName,
    status,
    version: status === 'GIVEN' ? 2 : 1,
    anonymous,
    requestedAt: '2027-03-01T00:00:00Z',
    requestedBy: nip.appraiser,
    ...(status === 'GIVEN'
      ? {
          answer: { values: [{ value: 'KOLABORATIF', text: text ?? 'x' }] },
          givenAt: `2027-03-0${peerName.length % 9}T00:00:00Z`,
        }
      : {}),
  });
  const anon = [
    request(nip.peerA, 'Sari', 'GIVEN', true, 'zebra'),
    request(nip.peerB, 'Joko', 'GIVEN', true, 'apel'),
    request(nip.outsider, 'Lain', 'REQUESTED', true),
  ];

  it('the owner sees only how many were asked and answered', () => {
    expect(peerInputView(actor(nip.owner), { ownerNip: nip.owner }, anon)).toEqual({
      requested: 3,
      given: 2,
    });
  });

  type View = {
    inputs: Record<string, unknown>[];
    asked: Record<string, unknown>[];
    anonymousWithheld?: number;
  };
  const seen = (requests: StoredPeerRequest[], who = actor(nip.appraiser)) =>
    peerInputView(who, { ownerNip: nip.owner }, requests) as View;
  /** A peer who answered at the given instant (first answer; a revision keeps it). */
  const answered = (peerNip: string, text: string, firstGivenAt: string, givenAt = firstGivenAt) => ({
    ...request(peerNip, 'P', 'GIVEN', true, text),
    firstGivenAt,
    givenAt,
  });
  const peerC = '199201012017031009';
  const peerD = '199301012018031010';

  it('anonymous: fewer than three answers on the check-in show none (only how many are withheld)', () => {
    // prepare: two of three asked have answered
    const view = seen(anon);
    // assess
    expect(view.inputs).toEqual([]);
    expect(view.anonymousWithheld).toBe(2);
    expect(view).toMatchObject({ requested: 3, given: 2 });
    // Whom the appraiser asked is no secret to them (they chose); who answered what is.
    expect(view.asked.every((a) => !('status' in a) && !('givenAt' in a))).toBe(true);
  });

  it('anonymous: three answers show, without who or when, in an order that does not depend on who answered', () => {
    const three = [
      answered(nip.peerA, 'zebra', '2027-03-02T00:00:00Z'),
      answered(nip.peerB, 'apel', '2027-03-03T00:00:00Z'),
      answered(nip.outsider, 'mangga', '2027-03-04T00:00:00Z'),
    ];
    const view = seen(three);
    expect(view.inputs).toEqual([
      { anonymous: true, values: [{ value: 'KOLABORATIF', text: 'apel' }] },
      { anonymous: true, values: [{ value: 'KOLABORATIF', text: 'mangga' }] },
      { anonymous: true, values: [{ value: 'KOLABORATIF', text: 'zebra' }] },
    ]);
    expect(view.anonymousWithheld).toBe(0);
    expect(seen([...three].reverse())).toEqual(view);
  });

  it('asking one peer at a time does not get round it: counted per check-in, released in groups of three', () => {
    // Each peer asked in a request of their own; the appraiser watches the view after each answer.
    const a = answered(nip.peerA, 'satu', '2027-03-02T00:00:00Z');
    const b = answered(nip.peerB, 'dua', '2027-03-03T00:00:00Z');
    const c = answered(nip.outsider, 'tiga', '2027-03-04T00:00:00Z');
    const d = answered(peerC, 'empat', '2027-03-05T00:00:00Z');
    const texts = (v: View) => v.inputs.map((i) => (i.values as { text: string }[])[0]!.text).sort();
    expect(texts(seen([a]))).toEqual([]);
    expect(texts(seen([a, b]))).toEqual([]);
    expect(texts(seen([a, b, c]))).toEqual(['dua', 'satu', 'tiga']);
    // A fourth answer alone would single out the fourth peer: it waits for two more.
    const four = seen([a, b, c, d]);
    expect(texts(four)).toEqual(['dua', 'satu', 'tiga']);
    expect(four.anonymousWithheld).toBe(1);
    const e = answered(peerD, 'lima', '2027-03-06T00:00:00Z');
    const f = answered('199401012019031011', 'enam', '2027-03-07T00:00:00Z');
    expect(texts(seen([a, b, c, d, e]))).toEqual(['dua', 'satu', 'tiga']);
    expect(texts(seen([a, b, c, d, e, f]))).toEqual(['dua', 'empat', 'enam', 'lima', 'satu', 'tiga']);
  });

  it('a revised answer keeps its place: a revision never swaps who is released', () => {
    const a = answered(nip.peerA, 'satu', '2027-03-02T00:00:00Z');
    const b = answered(nip.peerB, 'dua', '2027-03-03T00:00:00Z');
    const c = answered(nip.outsider, 'tiga', '2027-03-04T00:00:00Z');
    const d = answered(peerC, 'empat', '2027-03-05T00:00:00Z');
    // a revises after d's answer: still among the first three.
    const revised = {
      ...a,
      givenAt: '2027-03-09T00:00:00Z',
      answer: { values: [{ value: 'KOLABORATIF' as const, text: 'satu (revisi)' }] },
    };
    const texts = seen([revised, b, c, d])
      .inputs.map((i) => (i.values as { text: string }[])[0]!.text)
      .sort();
    expect(texts).toEqual(['dua', 'satu (revisi)', 'tiga']);
  });

  it('named: each answer with the peer, and each request with its status', () => {
    const named = [
      request(nip.peerA, 'Sari', 'GIVEN', false),
      request(nip.peerB, 'Joko', 'REQUESTED', false),
    ];
    const view = peerInputView(actor(nip.hr, ['HR']), { ownerNip: nip.owner }, named) as {
      inputs: Record<string, unknown>[];
      asked: Record<string, unknown>[];
    };
    expect(view.inputs).toEqual([
      {
        anonymous: false,
        peerNip: nip.peerA,
        peerName: 'Sari',
        givenAt: named[0]!.givenAt,
        values: [{ value: 'KOLABORATIF', text: 'x' }],
      },
    ]);
    expect(view.asked).toEqual([
      { peerNip: nip.peerA, peerName: 'Sari', status: 'GIVEN' },
      { peerNip: nip.peerB, peerName: 'Joko', status: 'REQUESTED' },
    ]);
  });

  it('agencies are anonymous unless configured otherwise', () => {
    expect(visibilityOf(agency)).toBe('ANONYMOUS');
  });
});
