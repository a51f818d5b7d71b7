/**
 * core/skp/: the SKP lifecycle (`skpMachine`: decide, explain, precondition), its ids
 * (`skpIdOf`, `parseSkpId`, `skpIdOfRhk`) and content normalization (`normalizeContent`).
 *
 * The lifecycle is checked against a small model written here (not imported from core):
 *   DRAFT -EDIT-> DRAFT, DRAFT -SUBMIT-> SUBMITTED, SUBMITTED -APPROVE-> APPROVED,
 *   SUBMITTED -RETURN-> RETURNED, RETURNED -EDIT-> DRAFT, RETURNED -SUBMIT-> SUBMITTED,
 *   APPROVED -REVISE-> DRAFT; SET_EXPECTATIONS (the appraiser's ekspektasi) in any status.
 * Refusals, first match wins: invisible -> NOT_FOUND, wrong role -> FORBIDDEN, stale version ->
 * PRECONDITION_FAILED, wrong status -> CONFLICT, SUBMIT with uncascaded UTAMA -> UNPROCESSABLE.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '#core/actor.ts';
import { DomainError } from '#core/errors.ts';
import { holds } from '#core/expr.ts';
import { berakhlak, normalizeContent, skpContentInput } from '#core/skp/content.ts';
import { parseSkpId, skpIdOf, skpIdOfRhk } from '#core/skp/id.ts';
import { countBucket, type SkpCommand, type SkpStatus, skpMachine } from '#core/skp/machine.ts';

/** The stored facts the machine decides from (an audit head 'h' at the document's version). */
interface SkpFacts {
  skpId: string;
  agencyId: string;
  ownerNip: string;
  appraiserNip: string | null;
  managerChain: string[];
  status: SkpStatus;
  version: number;
  unlinkedUtama: number;
  /** The first month it covers (END refuses to end it before it starts). */
  startMonth: number;
}
const docOf = (f: SkpFacts) => ({ ...f, auditHead: { seq: f.version, hash: 'h' } });
const headAt = (v: number) => ({ seq: v, hash: 'h' });
const withLinks = (c: SkpCommand): SkpCommand => c;

/** The machine as data, by command: who issues it, from which statuses, to which status. */
const machine = Object.fromEntries(
  Object.entries(skpMachine.def.commands).map(([type, rule]) => [
    type,
    { by: rule.by[0]!, from: rule.from, to: rule.to as SkpStatus },
  ]),
) as Record<
  SkpCommand['type'],
  { by: 'OWNER' | 'APPRAISER'; from: readonly SkpStatus[]; to: SkpStatus | 'SAME' }
>;
const nextStatus = (type: SkpCommand['type'], from: SkpStatus) =>
  machine[type].to === 'SAME' ? from : (machine[type].to as SkpStatus);

/** decide, as the state it leaves: the facts with the new status and version. */
function decide(state: SkpFacts, command: SkpCommand, actor: Actor, expectedVersion: number): SkpFacts {
  const next = skpMachine.decide(docOf(state), command, actor, headAt(expectedVersion), {
    skpId: state.skpId,
  });
  // The precondition the store writes holds exactly when decide accepts.
  expect(
    holds(
      skpMachine.precondition(command, actor, headAt(expectedVersion), { skpId: state.skpId }),
      docOf(state),
    ),
  ).toBe(true);
  return { ...state, status: next.status, version: next.version };
}

function explainRefusal(
  current: SkpFacts | undefined,
  command: SkpCommand,
  actor: Actor,
  expectedVersion: number,
  skpId: string,
) {
  return skpMachine.explain(
    current ? docOf(current) : undefined,
    command,
    actor,
    headAt(expectedVersion),
    { skpId },
    { skpId },
  );
}

// ---- the cast ---------------------------------------------------------------------------------

const agency = 'kota-bukittinggi';
const otherAgency = 'kota-padang';
const year = 2027;

const nips = {
  owner: '198609262015051001',
  appraiser: '197501012000031002',
  appraiserSup: '197001011995031003',
  peer: '199001012015052005',
  hr: '198801012012032006',
  hrOther: '198801012012032007',
  stranger: '199101012016031008',
};

type ActorKey = 'owner' | 'appraiser' | 'appraiserSup' | 'peer' | 'hrSame' | 'hrOther' | 'appraiserElsewhere';
const actors: Record<ActorKey, Actor> = {
  owner: { nip: nips.owner, agencyId: agency, roles: [] },
  appraiser: { nip: nips.appraiser, agencyId: agency, roles: [] },
  appraiserSup: { nip: nips.appraiserSup, agencyId: agency, roles: [] },
  peer: { nip: nips.peer, agencyId: agency, roles: [] },
  hrSame: { nip: nips.hr, agencyId: agency, roles: ['HR'] },
  hrOther: { nip: nips.hrOther, agencyId: otherAgency, roles: ['HR'] },
  // The appraiser's NIP, but a token of another agency: still a stranger to this SKP.
  appraiserElsewhere: { nip: nips.appraiser, agencyId: otherAgency, roles: ['HR'] },
};
const actorKeys = Object.keys(actors) as ActorKey[];

const skpId = skpIdOf(year, 'bkpsdm', nips.owner);

/** `normal`: the owner reports to the appraiser. `head`: the agency head, nobody above. */
type Scenario = 'normal' | 'head';
const factsOf = (
  scenario: Scenario,
  status: SkpStatus,
  version: number,
  unlinkedUtama: number,
): SkpFacts => ({
  skpId,
  agencyId: agency,
  ownerNip: nips.owner,
  appraiserNip: scenario === 'normal' ? nips.appraiser : null,
  managerChain: scenario === 'normal' ? [nips.appraiser, nips.appraiserSup] : [],
  status,
  version,
  unlinkedUtama,
  startMonth: 1,
});

// ---- the model (independent of core) ----------------------------------------------------------

type Cmd = SkpCommand['type'];
const commands: readonly Cmd[] = ['EDIT', 'SUBMIT', 'APPROVE', 'RETURN', 'REVISE', 'SET_EXPECTATIONS', 'END'];
const statuses: readonly SkpStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'ENDED'];
const commandOf = (type: Cmd): SkpCommand =>
  type === 'RETURN' || type === 'REVISE'
    ? { type, reason: 'alasan perubahan' }
    : type === 'EDIT'
      ? withLinks({ type, linkedAppraiser: null, linkPaths: [] })
      : type === 'END'
        ? { type, endMonth: 6, reason: 'MOVED' }
        : { type };

/** [status][command] -> resulting status, or absent when the command is illegal there. */
const table: Record<SkpStatus, Partial<Record<Cmd, SkpStatus>>> = {
  DRAFT: { EDIT: 'DRAFT', SUBMIT: 'SUBMITTED', SET_EXPECTATIONS: 'DRAFT' },
  SUBMITTED: { APPROVE: 'APPROVED', RETURN: 'RETURNED', SET_EXPECTATIONS: 'SUBMITTED' },
  APPROVED: { REVISE: 'DRAFT', SET_EXPECTATIONS: 'APPROVED' },
  RETURNED: { EDIT: 'DRAFT', SUBMIT: 'SUBMITTED', SET_EXPECTATIONS: 'RETURNED', END: 'ENDED' },
  // An ended SKP keeps its months for their evaluation: the appraiser may still set ekspektasi.
  ENDED: { SET_EXPECTATIONS: 'ENDED' },
};
for (const s of ['DRAFT', 'SUBMITTED', 'APPROVED'] as const) table[s].END = 'ENDED';
const issuer: Record<Cmd, 'OWNER' | 'APPRAISER' | 'HR'> = {
  EDIT: 'OWNER',
  SUBMIT: 'OWNER',
  REVISE: 'OWNER',
  APPROVE: 'APPRAISER',
  RETURN: 'APPRAISER',
  SET_EXPECTATIONS: 'APPRAISER',
  // HR of the agency ends an SKP (the import that records a move or a leaver).
  END: 'HR',
};
/** Who sees the SKP, and in which capacity. Hand-written per scenario. */
const standing: Record<Scenario, Record<ActorKey, 'OWNER' | 'APPRAISER' | 'READER' | 'NONE'>> = {
  normal: {
    owner: 'OWNER',
    appraiser: 'APPRAISER',
    appraiserSup: 'READER',
    peer: 'NONE',
    hrSame: 'READER',
    hrOther: 'NONE',
    appraiserElsewhere: 'NONE',
  },
  // The agency head has no appraiser in the org chart: HR of the agency approves or returns on
  // behalf of the region head (PPK).
  head: {
    owner: 'OWNER',
    appraiser: 'NONE',
    appraiserSup: 'NONE',
    peer: 'NONE',
    hrSame: 'APPRAISER',
    hrOther: 'NONE',
    appraiserElsewhere: 'NONE',
  },
};

interface Model {
  scenario: Scenario;
  status: SkpStatus;
  version: number;
  unlinkedUtama: number;
}
type Outcome =
  | { ok: true; status: SkpStatus }
  | { ok: false; kind: string; code: string; params: Record<string, string | number> };

function predict(m: Model, type: Cmd, who: ActorKey, expectedVersion: number): Outcome {
  const s = standing[m.scenario][who];
  if (s === 'NONE') return { ok: false, kind: 'NOT_FOUND', code: 'SKP_NOT_FOUND', params: { skpId } };
  if (issuer[type] === 'HR') {
    if (who !== 'hrSame')
      return { ok: false, kind: 'FORBIDDEN', code: 'ROLE_REQUIRED', params: { role: 'HR' } };
  } else if (s !== issuer[type]) {
    return {
      ok: false,
      kind: 'FORBIDDEN',
      code: issuer[type] === 'OWNER' ? 'SKP_OWNER_ONLY' : 'SKP_APPRAISER_ONLY',
      params: {},
    };
  }
  if (expectedVersion !== m.version)
    return { ok: false, kind: 'PRECONDITION_FAILED', code: 'STALE_VERSION', params: { version: m.version } };
  const to = table[m.status][type];
  if (to === undefined)
    return {
      ok: false,
      kind: 'CONFLICT',
      code: 'ILLEGAL_TRANSITION',
      params: { command: type, status: m.status },
    };
  if (type === 'SUBMIT' && m.unlinkedUtama > 0 && m.scenario !== 'head') {
    return { ok: false, kind: 'UNPROCESSABLE', code: 'RHK_NOT_CASCADED', params: { count: m.unlinkedUtama } };
  }
  return { ok: true, status: to };
}

const attempt = (
  state: SkpFacts,
  type: Cmd,
  actor: Actor,
  expectedVersion: number,
): SkpFacts | DomainError => {
  try {
    return decide(state, commandOf(type), actor, expectedVersion);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
};

// ---- 1. model-based property ------------------------------------------------------------------

interface Real {
  state: SkpFacts;
  steps: number;
  /** Transitions taken, as `FROM>COMMAND`, and refusal kinds seen: coverage of the run. */
  seen: Set<string>;
}

class Step implements fc.Command<Model, Real> {
  constructor(
    readonly type: Cmd,
    readonly who: ActorKey,
    /** 0: the current version; anything else: stale (or from the future). */
    readonly offset: number,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const before = r.state;
    const snapshot = structuredClone(before);
    const expectedVersion = m.version + this.offset;
    const predicted = predict(m, this.type, this.who, expectedVersion);
    const got = attempt(before, this.type, actors[this.who], expectedVersion);

    // Nothing is ever changed in place: the state is frozen, and equal to its snapshot.
    expect(before).toEqual(snapshot);
    if (predicted.ok) {
      expect(got).not.toBeInstanceOf(DomainError);
      const next = got as SkpFacts;
      expect(next.status).toBe(predicted.status);
      expect(next.version).toBe(before.version + 1);
      expect({ ...next, status: before.status, version: before.version }).toEqual(snapshot);
      if (next.status === 'APPROVED' && before.status !== 'APPROVED') {
        // APPROVED is entered only from SUBMITTED, only by the appraiser (HR for the agency head).
        expect(before.status).toBe('SUBMITTED');
        expect(this.who).toBe(m.scenario === 'head' ? 'hrSame' : 'appraiser');
        expect(this.type).toBe('APPROVE');
      }
      r.seen.add(`${before.status}>${this.type}`);
      m.status = predicted.status;
      m.version += 1;
      r.state = Object.freeze(next);
    } else {
      expect(got).toBeInstanceOf(DomainError);
      const err = got as DomainError;
      expect({ kind: err.kind, code: err.code, params: err.params }).toEqual({
        kind: predicted.kind,
        code: predicted.code,
        params: predicted.params,
      });
      r.seen.add(err.kind);
    }
    expect(statuses).toContain(r.state.status);
    expect(r.state.status).toBe(m.status);
    expect(r.state.version).toBe(m.version);
    r.steps++;
  }
  toString = () => `${this.who}:${this.type}@${this.offset >= 0 ? '+' : ''}${this.offset}`;
}

const stepArb = fc
  .record({
    type: fc.constantFrom(...commands),
    // The owner and the appraiser drive the machine; everyone else mostly gets refused.
    who: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<ActorKey>('owner', 'appraiser') },
      { weight: 2, arbitrary: fc.constantFrom(...actorKeys) },
    ),
    offset: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(-1, 1, -2, 5) },
    ),
  })
  .map(({ type, who, offset }) => new Step(type, who, offset));

const setupArb = fc.record({
  scenario: fc.constantFrom<Scenario>('normal', 'normal', 'normal', 'head'),
  status: fc.constantFrom(...statuses),
  version: fc.integer({ min: 1, max: 20 }),
  unlinked: fc.constantFrom(0, 0, 0, 2),
});

describe('decide: model-based', () => {
  it('random command sequences by random actors follow the model', () => {
    let steps = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(setupArb, fc.commands([stepArb], { maxCommands: 40 }), (setup, cmds) => {
        // The head's UTAMA need no links: any count is allowed to submit.
        const unlinked = setup.unlinked;
        const model: Model = {
          scenario: setup.scenario,
          status: setup.status,
          version: setup.version,
          unlinkedUtama: unlinked,
        };
        const real: Real = {
          state: Object.freeze(factsOf(setup.scenario, setup.status, setup.version, unlinked)),
          steps: 0,
          seen,
        };
        fc.modelRun(() => ({ model, real }), cmds);
        steps += real.steps;
      }),
      { numRuns: 600 },
    );
    // The generator really walks the machine: every transition and every refusal happened.
    expect(steps).toBeGreaterThan(2000);
    expect([...seen].sort()).toEqual(
      [
        'DRAFT>EDIT',
        'DRAFT>SUBMIT',
        'SUBMITTED>APPROVE',
        'SUBMITTED>RETURN',
        'APPROVED>REVISE',
        'DRAFT>END',
        'SUBMITTED>END',
        'APPROVED>END',
        'RETURNED>END',
        'RETURNED>EDIT',
        'RETURNED>SUBMIT',
        'DRAFT>SET_EXPECTATIONS',
        'SUBMITTED>SET_EXPECTATIONS',
        'APPROVED>SET_EXPECTATIONS',
        'RETURNED>SET_EXPECTATIONS',
        'ENDED>SET_EXPECTATIONS',
        'NOT_FOUND',
        'FORBIDDEN',
        'PRECONDITION_FAILED',
        'CONFLICT',
        'UNPROCESSABLE',
      ].sort(),
    );
  });

  it('a full cycle: DRAFT -> SUBMITTED -> RETURNED -> (EDIT) DRAFT -> SUBMITTED -> APPROVED -> DRAFT', () => {
    let s: SkpFacts = factsOf('normal', 'DRAFT', 1, 0);
    const go = (type: Cmd, who: ActorKey) => {
      s = decide(s, commandOf(type), actors[who], s.version);
      return [s.status, s.version];
    };
    expect(go('EDIT', 'owner')).toEqual(['DRAFT', 2]);
    expect(go('SUBMIT', 'owner')).toEqual(['SUBMITTED', 3]);
    expect(go('RETURN', 'appraiser')).toEqual(['RETURNED', 4]);
    expect(go('EDIT', 'owner')).toEqual(['DRAFT', 5]);
    expect(go('SUBMIT', 'owner')).toEqual(['SUBMITTED', 6]);
    expect(go('APPROVE', 'appraiser')).toEqual(['APPROVED', 7]);
    expect(go('REVISE', 'owner')).toEqual(['DRAFT', 8]);
  });

  it('SUBMIT with uncascaded UTAMA is refused with the count', () => {
    const s = factsOf('normal', 'DRAFT', 3, 2);
    expect(() => decide(s, { type: 'SUBMIT' }, actors.owner, 3)).toThrow(
      expect.objectContaining({ kind: 'UNPROCESSABLE', code: 'RHK_NOT_CASCADED', params: { count: 2 } }),
    );
  });

  // Was a bug (fixed): decide refused the head's SUBMIT when an edit had counted its UTAMA as
  // unlinked, while the storage condition allowed it.
  it('the agency head may SUBMIT whatever unlinkedUtama says (as the storage condition allows)', () => {
    const s = factsOf('head', 'DRAFT', 4, 2);
    const next = decide(s, { type: 'SUBMIT' }, actors.owner, 4);
    expect(next.status).toBe('SUBMITTED');
  });
});

// ---- 2. explainRefusal agrees with decide -----------------------------------------------------

describe('explainRefusal', () => {
  it('agrees with decide for every status x command x actor x version (x scenario x cascading)', () => {
    let combos = 0;
    for (const scenario of ['normal', 'head'] as const)
      for (const status of statuses)
        for (const type of commands)
          for (const who of actorKeys)
            for (const offset of [0, -1, 1])
              for (const unlinked of [0, 3]) {
                const current = Object.freeze(factsOf(scenario, status, 7, unlinked));
                const expectedVersion = 7 + offset;
                const got = attempt(current, type, actors[who], expectedVersion);
                const refusal = explainRefusal(current, commandOf(type), actors[who], expectedVersion, skpId);
                expect(refusal).toBeInstanceOf(DomainError);
                const seen = { kind: refusal.kind, code: refusal.code, params: refusal.params };
                if (got instanceof DomainError) {
                  expect(seen).toEqual({ kind: got.kind, code: got.code, params: got.params });
                } else {
                  // decide allows it now: the item changed between the write and the explanation.
                  expect(seen).toEqual({
                    kind: 'PRECONDITION_FAILED',
                    code: 'STALE_VERSION',
                    params: { version: 7 },
                  });
                }
                combos++;
              }
    expect(combos).toBe(2 * 5 * commands.length * 7 * 3 * 2);
  });

  it('an item that is not there: NOT_FOUND / SKP_NOT_FOUND naming the id', () => {
    for (const type of commands)
      for (const who of actorKeys) {
        const refusal = explainRefusal(undefined, commandOf(type), actors[who], 1, skpId);
        expect({ kind: refusal.kind, code: refusal.code, params: refusal.params }).toEqual({
          kind: 'NOT_FOUND',
          code: 'SKP_NOT_FOUND',
          params: { skpId },
        });
      }
  });
});

// ---- 3. the machine as data -------------------------------------------------------------------

describe('machine', () => {
  const cells = statuses.flatMap((status) =>
    commands.map((type) => ({ status, type, to: table[status][type] ?? null })),
  );

  it('has exactly the six commands, each with its issuer', () => {
    expect(Object.keys(machine).sort()).toEqual([...commands].sort());
    for (const type of commands) expect(machine[type].by).toBe(issuer[type]);
  });

  it.each(cells)('$status x $type -> $to', ({ status, type, to }) => {
    expect(machine[type].from.includes(status)).toBe(to !== null);
    if (to === null) return;
    expect(nextStatus(type, status)).toBe(to);
    // And decide, by the rightful issuer with the right version, lands there.
    const s = factsOf('normal', status, 2, 0);
    const by = { OWNER: 'owner', APPRAISER: 'appraiser', HR: 'hrSame' } as const;
    const next = decide(s, commandOf(type), actors[by[issuer[type]]], 2);
    expect([next.status, next.version]).toEqual([to, 3]);
  });

  it('from statuses are statuses, without repeats', () => {
    for (const type of commands) {
      expect(new Set(machine[type].from).size).toBe(machine[type].from.length);
      for (const s of machine[type].from) expect(statuses).toContain(s);
      expect([...statuses, 'SAME']).toContain(machine[type].to);
    }
  });

  // Was a bug (fixed): EDIT of a RETURNED SKP stored DRAFT while decide kept RETURNED; both say DRAFT now.
  it('machine[cmd].to is the status decide produces from every allowed status', () => {
    for (const { status, type, to } of cells)
      if (to !== null)
        expect(`${status} x ${type} -> ${nextStatus(type, status)}`).toBe(`${status} x ${type} -> ${to}`);
  });
});

// ---- ids --------------------------------------------------------------------------------------

describe('SKP and RHK ids', () => {
  it('skpIdOf and parseSkpId round-trip; malformed ids do not parse', () => {
    expect(skpId).toBe('2027.bkpsdm.198609262015051001.1');
    expect(parseSkpId(skpId)).toEqual({ year: 2027, unitId: 'bkpsdm', nip: nips.owner, seq: 1 });
    // A second SKP of the year (the owner moved mid-year) has its own id.
    expect(parseSkpId(skpIdOf(2027, 'disdik', nips.owner, 2))).toEqual({
      year: 2027,
      unitId: 'disdik',
      nip: nips.owner,
      seq: 2,
    });
    for (const bad of [
      '2027.bkpsdm.198609262015051001',
      '2027.bkpsdm.198609262015051001.0',
      '2027.bkpsdm.19860926201505100.1',
      '27.bkpsdm.198609262015051001.1',
      '2027.BKPSDM.198609262015051001.1',
      '2027..198609262015051001.1',
      `${skpId}~abcd`,
      '',
    ])
      expect(parseSkpId(bad)).toBeUndefined();
  });

  it('skpIdOfRhk names the SKP an RHK lives in', () => {
    expect(skpIdOfRhk(`${skpId}~abcd1234`)).toBe(skpId);
    for (const bad of [`${skpId}~ab`, `${skpId}~ABCD`, `${skpId}`, `nope~abcd`, `${skpId}~abcd~efgh`])
      expect(skpIdOfRhk(bad)).toBeUndefined();
  });
});

// ---- 4. normalizeContent ----------------------------------------------------------------------

const appraiserSkp = skpIdOf(year, 'bkpsdm', nips.appraiser);
const ind = (text = 'Dokumen tersusun') => ({
  text,
  aspect: 'KUANTITAS' as const,
  target: { value: 1, unit: 'dokumen' },
});
type RawRhk = {
  rhkId?: string;
  kind?: 'UTAMA' | 'TAMBAHAN';
  intervenesRhkId?: string;
  indicators?: object[];
};
const rhk = (r: RawRhk = {}) => ({
  kind: 'UTAMA' as const,
  text: 'Tersusunnya rencana kerja',
  indicators: [ind()],
  ...r,
});
const content = (rhks: object[], perilaku?: object[]) =>
  skpContentInput.parse({ rhk: rhks, ...(perilaku ? { perilaku } : {}) });

const ids = () => {
  let n = 0;
  return () => `id${String(++n).padStart(4, '0')}`;
};
const noIds = () => {
  throw new Error('newId must not be called');
};

/** The issue codes (by path) normalizeContent throws, or [] when it succeeds. */
const issuesOf = (fn: () => unknown) => {
  try {
    fn();
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect([e.kind, e.code]).toEqual(['UNPROCESSABLE', 'VALIDATION_FAILED']);
    expect(e.params).toEqual({ count: e.issues.length });
    return e.issues.map((i) => `${i.path}:${i.code}`);
  }
};

const withAppraiser = { appraiserNip: nips.appraiser };
const head = { appraiserNip: null };
const fromLinks = { appraiserNip: 'FROM_LINKS' as const };

describe('normalizeContent', () => {
  it('assigns <skpId>~<suffix> RHK ids and indicator ids, defaulting lowerIsBetter', () => {
    const out = normalizeContent(
      content([rhk(), rhk({ kind: 'TAMBAHAN', indicators: [ind('a'), ind('b')] })]),
      skpId,
      withAppraiser,
      ids(),
    );
    expect(out.content.rhk.map((r) => r.rhkId)).toEqual([`${skpId}~id0001`, `${skpId}~id0003`]);
    for (const r of out.content.rhk) expect(skpIdOfRhk(r.rhkId)).toBe(skpId);
    expect(out.content.rhk.flatMap((r) => r.indicators.map((i) => i.indicatorId))).toEqual([
      'id0002',
      'id0004',
      'id0005',
    ]);
    expect(out.content.rhk.every((r) => r.indicators.every((i) => i.lowerIsBetter === false))).toBe(true);
    expect(out.content.rhk.map((r) => r.intervenesRhkId)).toEqual([null, null]);
    expect(out.content.approach).toBe('KUANTITATIF');
  });

  it('keeps ids sent back (a round trip is a fixed point and mints nothing)', () => {
    const first = normalizeContent(
      content(
        [rhk({ intervenesRhkId: `${appraiserSkp}~boss0001` }), rhk({ kind: 'TAMBAHAN' })],
        [{ value: 'LOYAL' }],
      ),
      skpId,
      withAppraiser,
      ids(),
    );
    const again = normalizeContent(
      skpContentInput.parse({
        approach: first.content.approach,
        rhk: first.content.rhk.map((r) => ({
          rhkId: r.rhkId,
          kind: r.kind,
          text: r.text,
          ...(r.intervenesRhkId ? { intervenesRhkId: r.intervenesRhkId } : {}),
          indicators: r.indicators,
        })),
        perilaku: first.content.perilaku.map((p) => ({ value: p.value, ekspektasi: p.ekspektasi })),
      }),
      skpId,
      withAppraiser,
      noIds,
    );
    expect({ ...again, ekspektasiSent: [] }).toEqual(first);
    // What was read back (no ekspektasi yet) is handed to the write, to be checked as unchanged.
    expect(again.ekspektasiSent.map((e) => e.ekspektasi)).toEqual(berakhlak.map(() => null));
  });

  it('an RHK id of another SKP, malformed, or repeated -> FOREIGN_RHK_ID', () => {
    const other = skpIdOf(year, 'bkpsdm', nips.peer);
    expect(
      issuesOf(() =>
        normalizeContent(content([rhk({ rhkId: `${other}~abcd` })]), skpId, withAppraiser, ids()),
      ),
    ).toEqual(['rhk[0].rhkId:FOREIGN_RHK_ID']);
    expect(
      issuesOf(() =>
        normalizeContent(
          content([rhk({ rhkId: `${skpIdOf(2026, 'bkpsdm', nips.owner)}~abcd` })]),
          skpId,
          withAppraiser,
          ids(),
        ),
      ),
    ).toEqual(['rhk[0].rhkId:FOREIGN_RHK_ID']);
    expect(
      issuesOf(() => normalizeContent(content([rhk({ rhkId: 'abcd' })]), skpId, withAppraiser, ids())),
    ).toEqual(['rhk[0].rhkId:FOREIGN_RHK_ID']);
    expect(
      issuesOf(() =>
        normalizeContent(
          content([rhk({ rhkId: `${skpId}~abcd` }), rhk(), rhk({ rhkId: `${skpId}~abcd` })]),
          skpId,
          withAppraiser,
          ids(),
        ),
      ),
    ).toEqual(['rhk[2].rhkId:FOREIGN_RHK_ID']);
  });

  it('links to the appraiser’s SKP of the same year become references', () => {
    const out = normalizeContent(
      content([
        rhk({ intervenesRhkId: `${appraiserSkp}~boss0001` }),
        rhk(),
        rhk({ intervenesRhkId: `${skpIdOf(year, 'sekretariat', nips.appraiser)}~boss0002` }),
      ]),
      skpId,
      withAppraiser,
      ids(),
    );
    expect(out.references).toEqual([
      { path: 'rhk[0].intervenesRhkId', skpId: appraiserSkp, rhkId: `${appraiserSkp}~boss0001` },
      {
        path: 'rhk[2].intervenesRhkId',
        skpId: skpIdOf(year, 'sekretariat', nips.appraiser),
        rhkId: `${skpIdOf(year, 'sekretariat', nips.appraiser)}~boss0002`,
      },
    ]);
    expect(out.content.rhk[0]!.intervenesRhkId).toBe(`${appraiserSkp}~boss0001`);
    expect(out.unlinkedUtama).toBe(1);
    expect(out.linkedAppraiser).toBe(nips.appraiser);
  });

  it('links to another person, another year, the own SKP, or no RHK at all -> FOREIGN_RHK', () => {
    const bad = [
      `${skpIdOf(year, 'bkpsdm', nips.appraiserSup)}~boss0001`, // the supervisor's supervisor
      `${skpIdOf(year, 'bkpsdm', nips.peer)}~peer0001`,
      `${skpIdOf(year - 1, 'bkpsdm', nips.appraiser)}~boss0001`,
      `${skpIdOf(year + 1, 'bkpsdm', nips.appraiser)}~boss0001`,
      `${skpId}~self0001`,
      appraiserSkp, // an SKP id, not an RHK id
      'boss0001',
    ];
    for (const link of bad) {
      expect(
        issuesOf(() =>
          normalizeContent(content([rhk({ intervenesRhkId: link })]), skpId, withAppraiser, ids()),
        ),
        link,
      ).toEqual(['rhk[0].intervenesRhkId:FOREIGN_RHK']);
      expect(
        issuesOf(() => normalizeContent(content([rhk({ intervenesRhkId: link })]), skpId, fromLinks, ids())),
        link,
      ).toEqual(
        link.includes(`${year}.bkpsdm.${nips.appraiserSup}`) || link.includes(nips.peer)
          ? []
          : ['rhk[0].intervenesRhkId:FOREIGN_RHK'],
      );
    }
  });

  it('the head (appraiserNip null) with a link -> HEAD_NEEDS_NO_LINK; their UTAMA count as linked', () => {
    expect(
      issuesOf(() =>
        normalizeContent(
          content([rhk(), rhk({ kind: 'TAMBAHAN', intervenesRhkId: `${appraiserSkp}~boss0001` })]),
          skpId,
          head,
          ids(),
        ),
      ),
    ).toEqual(['rhk[1].intervenesRhkId:HEAD_NEEDS_NO_LINK']);
    const out = normalizeContent(content([rhk(), rhk(), rhk({ kind: 'TAMBAHAN' })]), skpId, head, ids());
    expect(out.unlinkedUtama).toBe(0);
    expect(out.references).toEqual([]);
    expect(out.linkedAppraiser).toBeNull();
  });

  it('no UTAMA -> NEEDS_RHK_UTAMA', () => {
    for (const owner of [withAppraiser, head, fromLinks])
      expect(
        issuesOf(() =>
          normalizeContent(
            content([rhk({ kind: 'TAMBAHAN' }), rhk({ kind: 'TAMBAHAN' })]),
            skpId,
            owner,
            ids(),
          ),
        ),
      ).toEqual(['rhk:NEEDS_RHK_UTAMA']);
  });

  it('unlinkedUtama counts the UTAMA without links (TAMBAHAN never count)', () => {
    const link = `${appraiserSkp}~boss0001`;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom<'UTAMA' | 'TAMBAHAN'>('UTAMA', 'TAMBAHAN'),
            linked: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.constantFrom(withAppraiser, fromLinks),
        (rows, owner) => {
          fc.pre(rows.some((r) => r.kind === 'UTAMA'));
          const out = normalizeContent(
            content(rows.map((r) => rhk({ kind: r.kind, ...(r.linked ? { intervenesRhkId: link } : {}) }))),
            skpId,
            owner,
            ids(),
          );
          expect(out.unlinkedUtama).toBe(rows.filter((r) => r.kind === 'UTAMA' && !r.linked).length);
          expect(out.references.map((x) => x.path)).toEqual(
            rows.flatMap((r, i) => (r.linked ? [`rhk[${i}].intervenesRhkId`] : [])),
          );
          expect(out.linkedAppraiser).toBe(rows.some((r) => r.linked) ? nips.appraiser : null);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('FROM_LINKS: links to one person give linkedAppraiser; to two people -> FOREIGN_RHK', () => {
    const sup = skpIdOf(year, 'bkpsdm', nips.appraiserSup);
    const one = normalizeContent(
      content([rhk({ intervenesRhkId: `${sup}~aaaa` }), rhk({ intervenesRhkId: `${sup}~bbbb` })]),
      skpId,
      fromLinks,
      ids(),
    );
    expect(one.linkedAppraiser).toBe(nips.appraiserSup);
    expect(one.references.map((r) => r.skpId)).toEqual([sup, sup]);
    expect(one.unlinkedUtama).toBe(0);

    expect(
      issuesOf(() =>
        normalizeContent(
          content([
            rhk({ intervenesRhkId: `${sup}~aaaa` }),
            rhk({ intervenesRhkId: `${appraiserSkp}~bbbb` }),
          ]),
          skpId,
          fromLinks,
          ids(),
        ),
      ),
    ).toEqual(['rhk[1].intervenesRhkId:FOREIGN_RHK']);
    // A refused first link does not decide who the appraiser is.
    expect(
      issuesOf(() =>
        normalizeContent(
          content([
            rhk({ intervenesRhkId: `${skpIdOf(year - 1, 'bkpsdm', nips.appraiserSup)}~aaaa` }),
            rhk({ intervenesRhkId: `${appraiserSkp}~bbbb` }),
          ]),
          skpId,
          fromLinks,
          ids(),
        ),
      ),
    ).toEqual(['rhk[0].intervenesRhkId:FOREIGN_RHK']);

    const none = normalizeContent(content([rhk(), rhk()]), skpId, fromLinks, ids());
    expect(none.linkedAppraiser).toBeNull();
    expect(none.unlinkedUtama).toBe(2);
  });

  it('perilaku: always the 7 BerAKHLAK values in order; ekspektasi sent back is handed to the write', () => {
    expect(berakhlak).toEqual([
      'BERORIENTASI_PELAYANAN',
      'AKUNTABEL',
      'KOMPETEN',
      'HARMONIS',
      'LOYAL',
      'ADAPTIF',
      'KOLABORATIF',
    ]);
    const none = normalizeContent(content([rhk()]), skpId, withAppraiser, ids());
    expect(none.content.perilaku).toEqual(berakhlak.map((value) => ({ value, ekspektasi: null })));
    expect(none.ekspektasiSent).toEqual([]);

    fc.assert(
      fc.property(
        fc.shuffledSubarray([...berakhlak]),
        fc.func(
          fc.option(
            fc.option(
              fc.string({ minLength: 1, maxLength: 20 }).map((s) => `harap ${s}`),
              { nil: null },
            ),
            { nil: undefined },
          ),
        ),
        (values, exp) => {
          const given = values.map((value) => {
            const e = exp(value);
            return e === undefined ? { value } : { value, ekspektasi: e };
          });
          const out = normalizeContent(content([rhk()], given), skpId, withAppraiser, ids());
          // The content never takes the owner's ekspektasi: the appraiser writes it.
          expect(out.content.perilaku).toEqual(berakhlak.map((value) => ({ value, ekspektasi: null })));
          expect(out.ekspektasiSent).toEqual(
            given.flatMap((g, i) =>
              'ekspektasi' in g
                ? [{ path: `perilaku[${i}].ekspektasi`, value: g.value, ekspektasi: g.ekspektasi }]
                : [],
            ),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('EDIT with ekspektasi sent back: accepted when as stored, refused by name when changed', () => {
    const actor = actors.owner;
    const doc = { ...docOf(factsOf('normal', 'DRAFT', 3, 0)), ekspektasi: { LOYAL: 'Setia pada NKRI' } };
    const cmd = (sent: { path: string; value: string; ekspektasi: string | null }[]): SkpCommand => ({
      type: 'EDIT',
      linkedAppraiser: null,
      linkPaths: [],
      ekspektasiSent: sent,
    });
    const head = headAt(3);
    expect(() =>
      skpMachine.decide(
        doc,
        cmd([
          { path: 'perilaku[0].ekspektasi', value: 'LOYAL', ekspektasi: 'Setia pada NKRI' },
          { path: 'perilaku[1].ekspektasi', value: 'ADAPTIF', ekspektasi: null },
        ]),
        actor,
        head,
        { skpId: doc.skpId },
      ),
    ).not.toThrow();
    const refused: DomainError | undefined = (() => {
      try {
        skpMachine.decide(
          doc,
          cmd([
            { path: 'perilaku[0].ekspektasi', value: 'LOYAL', ekspektasi: 'Setia' },
            { path: 'perilaku[1].ekspektasi', value: 'ADAPTIF', ekspektasi: 'baru' },
            { path: 'perilaku[2].ekspektasi', value: 'KOMPETEN', ekspektasi: null },
          ]),
          actor,
          head,
          { skpId: doc.skpId },
        );
      } catch (e) {
        return e as DomainError;
      }
      return undefined;
    })();
    expect(refused?.code).toBe('VALIDATION_FAILED');
    expect(refused?.issues?.map((i) => `${i.path}:${i.code}`)).toEqual([
      'perilaku[0].ekspektasi:EKSPEKTASI_APPRAISER_ONLY',
      'perilaku[1].ekspektasi:EKSPEKTASI_APPRAISER_ONLY',
    ]);
  });

  it('a repeated perilaku value -> DUPLICATE_ID; a repeated indicator id too', () => {
    expect(
      issuesOf(() =>
        normalizeContent(
          content(
            [rhk()],
            [{ value: 'LOYAL' }, { value: 'ADAPTIF', ekspektasi: 'x' }, { value: 'LOYAL', ekspektasi: 'y' }],
          ),
          skpId,
          withAppraiser,
          ids(),
        ),
      ),
    ).toEqual(['perilaku[2].value:DUPLICATE_ID']);
    expect(
      issuesOf(() =>
        normalizeContent(
          content([
            rhk({
              indicators: [
                { ...ind(), indicatorId: 'ind1' },
                { ...ind(), indicatorId: 'ind1' },
              ],
            }),
          ]),
          skpId,
          withAppraiser,
          ids(),
        ),
      ),
    ).toEqual(['rhk[0].indicators[1].indicatorId:DUPLICATE_ID']);
  });

  it('reports every problem at once', () => {
    expect(
      issuesOf(() =>
        normalizeContent(
          content(
            [rhk({ kind: 'TAMBAHAN', rhkId: 'nope', intervenesRhkId: `${skpId}~self` })],
            [{ value: 'KOMPETEN' }, { value: 'KOMPETEN' }],
          ),
          skpId,
          withAppraiser,
          ids(),
        ),
      ),
    ).toEqual([
      'rhk[0].rhkId:FOREIGN_RHK_ID',
      'rhk[0].intervenesRhkId:FOREIGN_RHK',
      'rhk:NEEDS_RHK_UTAMA',
      'perilaku[1].value:DUPLICATE_ID',
    ]);
  });
});

describe('unit counters', () => {
  it('every command starts from statuses of one counting bucket (so a write knows the move without reading)', () => {
    // END is issued by the import, which has read the SKP it ends (so it knows its bucket).
    for (const [command, rule] of Object.entries(machine).filter(([c]) => c !== 'END')) {
      // A command that keeps the status moves no count.
      if (rule.to === 'SAME') continue;
      expect(new Set(rule.from.map(countBucket)).size, command).toBe(1);
    }
    expect(countBucket('ENDED')).toBe('ended');
  });
});
