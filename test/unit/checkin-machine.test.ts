/**
 * core/checkin/: the check-in lifecycle (`checkinMachine`: decide, explain, precondition),
 * its window (`checkinWindow`), opening from an SKP (`openCheckin`) and the content rules.
 *
 * The lifecycle is checked against a model written here (not imported from core):
 *   OPEN -SAVE_REALISASI/SELF_ASSESS-> OPEN, OPEN -SUBMIT-> SUBMITTED, SUBMITTED -FEEDBACK-> REVIEWED,
 *   any -RECORD_DIALOG/RECORD_COACHING-> unchanged.
 * Refusals, first match wins: invisible -> NOT_FOUND, wrong role -> FORBIDDEN, stale version ->
 * PRECONDITION_FAILED, wrong status -> CONFLICT, outside its time -> CONFLICT, then the command's
 * own rules -> UNPROCESSABLE.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkinRules } from '#config/checkin.ts';
import type { Actor } from '#core/actor.ts';
import {
  assertDialogDate,
  type CheckinFacts,
  type CheckinStatus,
  checkinWindow,
  dialogInput,
  feedbackInput,
  normalizeRealisasi,
  openCheckin,
  realisasiInput,
  type SkpForCheckin,
} from '#core/checkin/content.ts';
import { type CheckinCommand, checkinMachine, opensCheckin } from '#core/checkin/machine.ts';
import { computeCalendar } from '#core/cycle.ts';
import { DomainError } from '#core/errors.ts';
import { holds } from '#core/expr.ts';
import type { SkpContent } from '#core/skp/content.ts';

type CheckinCommandType = CheckinCommand['type'];
const docOf = (f: CheckinFacts) => ({ ...f, auditHead: { seq: f.version, hash: 'h' } });
const headAt = (v: number) => ({ seq: v, hash: 'h' });

/** The machine as data, by command: who, from which statuses, to which, and when. */
const machine = Object.fromEntries(
  Object.entries(checkinMachine.def.commands).map(([type, rule]) => {
    const guards =
      rule.guards?.(
        { type, indicatorIds: [], rhkIds: [], date: '2027-02-01' } as never,
        { skpId: '', period: '', now: new Date(0) },
        {} as Actor,
      ) ?? [];
    const reads = (path: string) => guards.some((g) => JSON.stringify(g.when).includes(`"${path}"`));
    return [
      type,
      {
        by: rule.by.length > 1 ? 'PARTICIPANT' : rule.by[0]!,
        from: rule.from,
        to: rule.to,
        when: reads('closesAtMs') ? 'WINDOW' : reads('opensAtMs') ? 'STARTED' : 'ANY',
        creates: opensCheckin.has(type as CheckinCommandType),
      },
    ];
  }),
) as Record<
  CheckinCommandType,
  { by: string; from: readonly CheckinStatus[]; to: CheckinStatus | 'SAME'; when: string; creates: boolean }
>;
const nextStatus = (type: CheckinCommandType, from: CheckinStatus) =>
  machine[type].to === 'SAME' ? from : machine[type].to;

function decide(
  state: CheckinFacts,
  command: CheckinCommand,
  actor: Actor,
  expectedVersion: number,
  now: Date,
): CheckinFacts {
  const ctx = { skpId: state.skpId, period: state.period, now };
  const next = checkinMachine.decide(docOf(state), command, actor, headAt(expectedVersion), ctx);
  // The precondition the store writes holds exactly when decide accepts.
  expect(holds(checkinMachine.precondition(command, actor, headAt(expectedVersion), ctx), docOf(state))).toBe(
    true,
  );
  const realisasiCount =
    command.type === 'SAVE_REALISASI' ? command.indicatorIds.length : state.realisasiCount;
  const dialogCount =
    command.type === 'RECORD_DIALOG' || command.type === 'RECORD_COACHING'
      ? state.dialogCount + 1
      : state.dialogCount;
  return { ...state, status: next.status, version: next.version, realisasiCount, dialogCount };
}

function explainRefusal(
  current: CheckinFacts | undefined,
  command: CheckinCommand,
  actor: Actor,
  expectedVersion: number,
  now: Date,
  ids: { skpId: string; period: string },
) {
  return checkinMachine.explain(
    current ? docOf(current) : undefined,
    command,
    actor,
    headAt(expectedVersion),
    { ...ids, now },
    ids,
  );
}

// ---- the cast ---------------------------------------------------------------------------------

const agency = 'kota-bukittinggi';
const otherAgency = 'kota-padang';
const nips = {
  owner: '198609262015051001',
  appraiser: '197501012000031002',
  appraiserSup: '197001011995031003',
  peer: '199001012015052005',
  hr: '198801012012032006',
  hrOther: '198801012012032007',
};
type ActorKey = 'owner' | 'appraiser' | 'appraiserSup' | 'peer' | 'hrSame' | 'hrOther' | 'appraiserElsewhere';
const actors: Record<ActorKey, Actor> = {
  owner: { nip: nips.owner, agencyId: agency, roles: [] },
  appraiser: { nip: nips.appraiser, agencyId: agency, roles: [] },
  appraiserSup: { nip: nips.appraiserSup, agencyId: agency, roles: [] },
  peer: { nip: nips.peer, agencyId: agency, roles: [] },
  hrSame: { nip: nips.hr, agencyId: agency, roles: ['HR'] },
  hrOther: { nip: nips.hrOther, agencyId: otherAgency, roles: ['HR'] },
  appraiserElsewhere: { nip: nips.appraiser, agencyId: otherAgency, roles: ['HR'] },
};
const actorKeys = Object.keys(actors) as ActorKey[];

const skpId = `2027.bkpsdm.${nips.owner}.1`;
const period = 'Q1';
const ids = { skpId, period };
const opensAt = '2027-01-01T00:00:00+07:00';
const closesAt = '2027-04-07T23:59:59+07:00';
const times = {
  before: new Date('2026-12-31T12:00:00Z'),
  inside: new Date('2027-02-15T03:00:00Z'),
  after: new Date('2027-04-08T00:00:00Z'),
};
type When = keyof typeof times;
const known = ['aaaa1111', 'bbbb2222', 'cccc3333'];

/** `normal`: the owner reports to the appraiser. `head`: nobody above in the agency. */
type Scenario = 'normal' | 'head';
const factsOf = (
  scenario: Scenario,
  status: CheckinStatus,
  version: number,
  realisasiCount = 3,
  dialogCount = 0,
): CheckinFacts => ({
  skpId,
  period,
  agencyId: agency,
  ownerNip: nips.owner,
  appraiserNip: scenario === 'normal' ? nips.appraiser : null,
  managerChain: scenario === 'normal' ? [nips.appraiser, nips.appraiserSup] : [],
  appraiserSupervisorNip: scenario === 'normal' ? nips.appraiserSup : null,
  approverId: scenario === 'normal' ? nips.appraiser : `HR#${agency}`,
  rhkIds: ['rhk1'],
  status,
  version,
  opensAt,
  closesAt,
  opensAtMs: Date.parse(opensAt),
  closesAtMs: Date.parse(closesAt),
  periodStart: '2027-01-01',
  indicatorIds: known,
  indicatorCount: 3,
  realisasiCount,
  dialogCount,
});

// ---- the model (independent of core) ----------------------------------------------------------

const commands: readonly CheckinCommandType[] = [
  'SAVE_REALISASI',
  'SELF_ASSESS',
  'SUBMIT',
  'FEEDBACK',
  'RECORD_DIALOG',
  'RECORD_COACHING',
];
const statuses: readonly CheckinStatus[] = ['OPEN', 'SUBMITTED', 'REVIEWED'];

const table: Record<CheckinStatus, Partial<Record<CheckinCommandType, CheckinStatus>>> = {
  OPEN: {
    SAVE_REALISASI: 'OPEN',
    SELF_ASSESS: 'OPEN',
    SUBMIT: 'SUBMITTED',
    RECORD_DIALOG: 'OPEN',
    RECORD_COACHING: 'OPEN',
  },
  SUBMITTED: { FEEDBACK: 'REVIEWED', RECORD_DIALOG: 'SUBMITTED', RECORD_COACHING: 'SUBMITTED' },
  REVIEWED: { RECORD_DIALOG: 'REVIEWED', RECORD_COACHING: 'REVIEWED' },
};
const issuer: Record<CheckinCommandType, 'OWNER' | 'APPRAISER' | 'EITHER'> = {
  SAVE_REALISASI: 'OWNER',
  SELF_ASSESS: 'OWNER',
  SUBMIT: 'OWNER',
  FEEDBACK: 'APPRAISER',
  RECORD_DIALOG: 'EITHER',
  RECORD_COACHING: 'APPRAISER',
};
const forbiddenCode = {
  OWNER: 'CHECKIN_OWNER_ONLY',
  APPRAISER: 'CHECKIN_APPRAISER_ONLY',
  EITHER: 'CHECKIN_PARTICIPANT_ONLY',
} as const;
/** Which times each command may happen at. */
const timing: Record<CheckinCommandType, 'window' | 'started' | 'any'> = {
  SAVE_REALISASI: 'window',
  SELF_ASSESS: 'window',
  SUBMIT: 'window',
  FEEDBACK: 'any',
  RECORD_DIALOG: 'started',
  RECORD_COACHING: 'started',
};
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
  head: {
    owner: 'OWNER',
    appraiser: 'NONE',
    appraiserSup: 'NONE',
    peer: 'NONE',
    hrSame: 'READER',
    hrOther: 'NONE',
    appraiserElsewhere: 'NONE',
  },
};

interface Model {
  scenario: Scenario;
  status: CheckinStatus;
  version: number;
  realisasiCount: number;
  dialogCount: number;
}
/** A command with its payload: indicator ids may include an unknown one; a dialog may predate the period. */
interface Cmd {
  type: CheckinCommandType;
  indicatorIds: string[];
  date: string;
}
const commandOf = (c: Cmd): CheckinCommand => {
  switch (c.type) {
    case 'SAVE_REALISASI':
      return { type: c.type, indicatorIds: c.indicatorIds };
    case 'FEEDBACK':
      return { type: c.type, indicatorIds: c.indicatorIds, rhkIds: [] };
    case 'RECORD_DIALOG':
    case 'RECORD_COACHING':
      return { type: c.type, date: c.date };
    default:
      return { type: c.type };
  }
};
type Outcome =
  | { ok: true; status: CheckinStatus; realisasiCount: number; dialogCount: number }
  | { ok: false; kind: string; code: string; params: Record<string, string | number> };

function predict(m: Model, c: Cmd, who: ActorKey, expectedVersion: number, when: When): Outcome {
  const s = standing[m.scenario][who];
  if (s === 'NONE') return { ok: false, kind: 'NOT_FOUND', code: 'CHECKIN_NOT_FOUND', params: ids };
  const by = issuer[c.type];
  if (!(by === 'EITHER' ? s === 'OWNER' || s === 'APPRAISER' : s === by))
    return { ok: false, kind: 'FORBIDDEN', code: forbiddenCode[by], params: {} };
  if (expectedVersion !== m.version)
    return { ok: false, kind: 'PRECONDITION_FAILED', code: 'STALE_VERSION', params: { version: m.version } };
  const to = table[m.status][c.type];
  if (to === undefined)
    return {
      ok: false,
      kind: 'CONFLICT',
      code: 'CHECKIN_ILLEGAL_TRANSITION',
      params: { command: c.type, status: m.status },
    };
  if (timing[c.type] !== 'any' && when === 'before')
    return { ok: false, kind: 'CONFLICT', code: 'CHECKIN_NOT_OPEN_YET', params: { opensAt } };
  if (timing[c.type] === 'window' && when === 'after')
    return { ok: false, kind: 'CONFLICT', code: 'CHECKIN_WINDOW_CLOSED', params: { closesAt } };
  if (
    (c.type === 'SAVE_REALISASI' || c.type === 'FEEDBACK') &&
    c.indicatorIds.some((i) => !known.includes(i))
  ) {
    return {
      ok: false,
      kind: 'UNPROCESSABLE',
      code: 'VALIDATION_FAILED',
      params: { count: c.indicatorIds.filter((i) => !known.includes(i)).length },
    };
  }
  if (c.type === 'SUBMIT' && m.scenario === 'head')
    return { ok: false, kind: 'UNPROCESSABLE', code: 'CHECKIN_NO_APPRAISER', params: {} };
  if (c.type === 'SUBMIT' && m.realisasiCount < 3)
    return {
      ok: false,
      kind: 'UNPROCESSABLE',
      code: 'REALISASI_INCOMPLETE',
      params: { missing: 3 - m.realisasiCount },
    };
  if (c.type === 'RECORD_DIALOG' || c.type === 'RECORD_COACHING') {
    if (c.date < '2027-01-01')
      return { ok: false, kind: 'UNPROCESSABLE', code: 'VALIDATION_FAILED', params: { count: 1 } };
    if (m.dialogCount >= checkinRules.maxDialogsPerCheckin)
      return {
        ok: false,
        kind: 'UNPROCESSABLE',
        code: 'CHECKIN_TOO_MANY_DIALOGS',
        params: { max: checkinRules.maxDialogsPerCheckin },
      };
  }
  return {
    ok: true,
    status: to,
    realisasiCount: c.type === 'SAVE_REALISASI' ? c.indicatorIds.length : m.realisasiCount,
    dialogCount:
      c.type === 'RECORD_DIALOG' || c.type === 'RECORD_COACHING' ? m.dialogCount + 1 : m.dialogCount,
  };
}

const attempt = (
  state: CheckinFacts,
  c: Cmd,
  actor: Actor,
  expectedVersion: number,
  when: When,
): CheckinFacts | DomainError => {
  try {
    return decide(state, commandOf(c), actor, expectedVersion, times[when]);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
};

// ---- 1. model-based property ------------------------------------------------------------------

interface Real {
  state: CheckinFacts;
  steps: number;
  seen: Set<string>;
}

class Step implements fc.Command<Model, Real> {
  constructor(
    readonly cmd: Cmd,
    readonly who: ActorKey,
    readonly offset: number,
    readonly when: When,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const before = r.state;
    const snapshot = structuredClone(before);
    const expectedVersion = m.version + this.offset;
    const predicted = predict(m, this.cmd, this.who, expectedVersion, this.when);
    const got = attempt(before, this.cmd, actors[this.who], expectedVersion, this.when);
    expect(before).toEqual(snapshot);
    if (predicted.ok) {
      expect(got, String(got)).not.toBeInstanceOf(DomainError);
      const next = got as CheckinFacts;
      expect({
        status: next.status,
        version: next.version,
        realisasiCount: next.realisasiCount,
        dialogCount: next.dialogCount,
      }).toEqual({
        status: predicted.status,
        version: before.version + 1,
        realisasiCount: predicted.realisasiCount,
        dialogCount: predicted.dialogCount,
      });
      // Nothing else moves.
      expect({
        ...next,
        status: before.status,
        version: before.version,
        realisasiCount: before.realisasiCount,
        dialogCount: before.dialogCount,
      }).toEqual(snapshot);
      if (next.status === 'REVIEWED' && before.status !== 'REVIEWED')
        expect([before.status, this.who, this.cmd.type]).toEqual(['SUBMITTED', 'appraiser', 'FEEDBACK']);
      if (next.status === 'SUBMITTED' && before.status !== 'SUBMITTED')
        expect([before.status, this.who, this.cmd.type]).toEqual(['OPEN', 'owner', 'SUBMIT']);
      r.seen.add(`${before.status}>${this.cmd.type}`);
      Object.assign(m, {
        status: predicted.status,
        version: m.version + 1,
        realisasiCount: predicted.realisasiCount,
        dialogCount: predicted.dialogCount,
      });
      r.state = Object.freeze(next);
    } else {
      expect(got).toBeInstanceOf(DomainError);
      const err = got as DomainError;
      expect({ kind: err.kind, code: err.code, params: err.params }).toEqual({
        kind: predicted.kind,
        code: predicted.code,
        params: predicted.params,
      });
      r.seen.add(err.code === 'VALIDATION_FAILED' ? `VALIDATION_FAILED:${this.cmd.type}` : err.code);
    }
    expect(r.state.status).toBe(m.status);
    expect(r.state.version).toBe(m.version);
    r.steps++;
  }
  toString = () => `${this.who}:${this.cmd.type}@${this.offset}/${this.when}`;
}

const cmdArb: fc.Arbitrary<Cmd> = fc.record({
  type: fc.constantFrom(...commands),
  indicatorIds: fc.oneof(
    { weight: 4, arbitrary: fc.subarray(known) },
    { weight: 1, arbitrary: fc.subarray([...known, 'zzzz9999'], { minLength: 1 }) },
  ),
  date: fc.constantFrom('2027-01-01', '2027-02-10', '2026-12-31'),
});
const stepArb = fc
  .record({
    cmd: cmdArb,
    who: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<ActorKey>('owner', 'appraiser') },
      { weight: 2, arbitrary: fc.constantFrom(...actorKeys) },
    ),
    offset: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(-1, 1, 3) },
    ),
    when: fc.oneof(
      { weight: 4, arbitrary: fc.constant<When>('inside') },
      { weight: 1, arbitrary: fc.constantFrom<When>('before', 'after') },
    ),
  })
  .map(({ cmd, who, offset, when }) => new Step(cmd, who, offset, when));

describe('decide: model-based', () => {
  it('random command sequences by random actors at random times follow the model', () => {
    let steps = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.record({
          scenario: fc.constantFrom<Scenario>('normal', 'normal', 'normal', 'head'),
          status: fc.constantFrom(...statuses),
          version: fc.integer({ min: 1, max: 20 }),
          realisasiCount: fc.integer({ min: 0, max: 3 }),
          dialogCount: fc.constantFrom(0, 0, 1, checkinRules.maxDialogsPerCheckin - 1),
        }),
        fc.commands([stepArb], { maxCommands: 40 }),
        (setup, cmds) => {
          const model: Model = { ...setup };
          const real: Real = {
            state: Object.freeze(
              factsOf(setup.scenario, setup.status, setup.version, setup.realisasiCount, setup.dialogCount),
            ),
            steps: 0,
            seen,
          };
          fc.modelRun(() => ({ model, real }), cmds);
          steps += real.steps;
        },
      ),
      { numRuns: 600 },
    );
    expect(steps).toBeGreaterThan(2000);
    expect([...seen].sort()).toEqual(
      [
        'OPEN>SAVE_REALISASI',
        'OPEN>SELF_ASSESS',
        'OPEN>SUBMIT',
        'OPEN>RECORD_DIALOG',
        'OPEN>RECORD_COACHING',
        'SUBMITTED>FEEDBACK',
        'SUBMITTED>RECORD_DIALOG',
        'SUBMITTED>RECORD_COACHING',
        'REVIEWED>RECORD_DIALOG',
        'REVIEWED>RECORD_COACHING',
        'CHECKIN_NOT_FOUND',
        'CHECKIN_OWNER_ONLY',
        'CHECKIN_APPRAISER_ONLY',
        'CHECKIN_PARTICIPANT_ONLY',
        'STALE_VERSION',
        'CHECKIN_ILLEGAL_TRANSITION',
        'CHECKIN_NOT_OPEN_YET',
        'CHECKIN_WINDOW_CLOSED',
        'CHECKIN_NO_APPRAISER',
        'REALISASI_INCOMPLETE',
        'CHECKIN_TOO_MANY_DIALOGS',
        'VALIDATION_FAILED:SAVE_REALISASI',
        'VALIDATION_FAILED:FEEDBACK',
        'VALIDATION_FAILED:RECORD_DIALOG',
        'VALIDATION_FAILED:RECORD_COACHING',
      ].sort(),
    );
  });

  it('a quarter: save, save, self-assess, dialog, submit, coaching, feedback, dialog', () => {
    let s = factsOf('normal', 'OPEN', 0, 0);
    const go = (c: Partial<Cmd> & { type: CheckinCommandType }, who: ActorKey, when: When = 'inside') => {
      s = decide(
        s,
        commandOf({ indicatorIds: [], date: '2027-02-01', ...c }),
        actors[who],
        s.version,
        times[when],
      );
      return [s.status, s.version];
    };
    expect(go({ type: 'SAVE_REALISASI', indicatorIds: ['aaaa1111'] }, 'owner')).toEqual(['OPEN', 1]);
    expect(go({ type: 'SAVE_REALISASI', indicatorIds: known }, 'owner')).toEqual(['OPEN', 2]);
    expect(go({ type: 'SELF_ASSESS' }, 'owner')).toEqual(['OPEN', 3]);
    expect(go({ type: 'RECORD_DIALOG' }, 'appraiser')).toEqual(['OPEN', 4]);
    expect(go({ type: 'SUBMIT' }, 'owner')).toEqual(['SUBMITTED', 5]);
    expect(go({ type: 'RECORD_COACHING' }, 'appraiser', 'after')).toEqual(['SUBMITTED', 6]);
    expect(go({ type: 'FEEDBACK', indicatorIds: ['bbbb2222'] }, 'appraiser', 'after')).toEqual([
      'REVIEWED',
      7,
    ]);
    expect(go({ type: 'RECORD_DIALOG' }, 'owner', 'after')).toEqual(['REVIEWED', 8]);
    expect(s.dialogCount).toBe(3);
  });

  it('names each unknown indicator at its path', () => {
    const s = factsOf('normal', 'OPEN', 2);
    try {
      decide(
        s,
        { type: 'SAVE_REALISASI', indicatorIds: ['aaaa1111', 'zzzz0000', 'bbbb2222', 'yyyy0000'] },
        actors.owner,
        2,
        times.inside,
      );
      expect.unreachable();
    } catch (err) {
      expect((err as DomainError).issues).toEqual([
        { path: 'indicators[1].indicatorId', code: 'UNKNOWN_INDICATOR', params: { indicatorId: 'zzzz0000' } },
        { path: 'indicators[3].indicatorId', code: 'UNKNOWN_INDICATOR', params: { indicatorId: 'yyyy0000' } },
      ]);
    }
  });

  it('the window is inclusive at both ends, to the millisecond', () => {
    const s = factsOf('normal', 'OPEN', 1);
    const save = (at: number) => () =>
      decide(s, { type: 'SAVE_REALISASI', indicatorIds: [] }, actors.owner, 1, new Date(at));
    expect(save(Date.parse(opensAt))).not.toThrow();
    expect(save(Date.parse(closesAt))).not.toThrow();
    expect(save(Date.parse(opensAt) - 1)).toThrow(expect.objectContaining({ code: 'CHECKIN_NOT_OPEN_YET' }));
    expect(save(Date.parse(closesAt) + 1)).toThrow(
      expect.objectContaining({ code: 'CHECKIN_WINDOW_CLOSED' }),
    );
  });
});

// ---- 2. explainRefusal agrees with decide -----------------------------------------------------

describe('explainRefusal', () => {
  it('agrees with decide for every status x command x actor x version x time (x scenario x completeness)', () => {
    let combos = 0;
    for (const scenario of ['normal', 'head'] as const)
      for (const status of statuses)
        for (const type of commands)
          for (const who of actorKeys)
            for (const offset of [0, -1, 1])
              for (const when of ['before', 'inside', 'after'] as const)
                for (const realisasiCount of [1, 3]) {
                  const current = Object.freeze(factsOf(scenario, status, 7, realisasiCount));
                  const cmd = { type, indicatorIds: ['aaaa1111'], date: '2027-02-01' };
                  const got = attempt(current, cmd, actors[who], 7 + offset, when);
                  const refusal = explainRefusal(
                    current,
                    commandOf(cmd),
                    actors[who],
                    7 + offset,
                    times[when],
                    ids,
                  );
                  const seen = { kind: refusal.kind, code: refusal.code, params: refusal.params };
                  if (got instanceof DomainError)
                    expect(seen).toEqual({ kind: got.kind, code: got.code, params: got.params });
                  else
                    expect(seen).toEqual({
                      kind: 'PRECONDITION_FAILED',
                      code: 'STALE_VERSION',
                      params: { version: 7 },
                    });
                  combos++;
                }
    expect(combos).toBe(2 * 3 * 6 * 7 * 3 * 3 * 2);
  });

  it('an item that is not there: NOT_FOUND / CHECKIN_NOT_FOUND naming the SKP and period', () => {
    for (const type of commands) {
      const refusal = explainRefusal(
        undefined,
        commandOf({ type, indicatorIds: [], date: '2027-02-01' }),
        actors.owner,
        1,
        times.inside,
        ids,
      );
      expect({ kind: refusal.kind, code: refusal.code, params: refusal.params }).toEqual({
        kind: 'NOT_FOUND',
        code: 'CHECKIN_NOT_FOUND',
        params: ids,
      });
    }
  });
});

// ---- 3. the machine as data -------------------------------------------------------------------

describe('machine', () => {
  const cells = statuses.flatMap((status) =>
    commands.map((type) => ({ status, type, to: table[status][type] ?? null })),
  );

  it('has exactly the six commands, each with its issuer and timing', () => {
    expect(Object.keys(machine).sort()).toEqual([...commands].sort());
    for (const type of commands) {
      expect(machine[type].by).toBe(issuer[type] === 'EITHER' ? 'PARTICIPANT' : issuer[type]);
      expect(machine[type].when).toBe({ window: 'WINDOW', started: 'STARTED', any: 'ANY' }[timing[type]]);
    }
  });

  it('only commands that need no prior state may open a check-in', () => {
    expect(commands.filter((c) => machine[c].creates).sort()).toEqual([
      'RECORD_COACHING',
      'RECORD_DIALOG',
      'SAVE_REALISASI',
      'SELF_ASSESS',
    ]);
    for (const c of commands) if (machine[c].creates) expect(machine[c].from).toContain('OPEN');
  });

  it.each(cells)('$status x $type -> $to', ({ status, type, to }) => {
    expect(machine[type].from.includes(status)).toBe(to !== null);
    if (to === null) return;
    expect(nextStatus(type, status)).toBe(to);
    const who = issuer[type] === 'OWNER' ? 'owner' : 'appraiser';
    const next = decide(
      factsOf('normal', status, 2),
      commandOf({ type, indicatorIds: [], date: '2027-02-01' }),
      actors[who],
      2,
      times.inside,
    );
    expect([next.status, next.version]).toEqual([to, 3]);
  });
});

// ---- 4. the window and opening ----------------------------------------------------------------

describe('checkinWindow', () => {
  const quarterly = computeCalendar({ year: 2027 }, { timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' });
  const monthly = computeCalendar({ year: 2027 }, { timeZone: 'Asia/Jakarta', periodicity: 'MONTHLY' });

  it('opens at the first local day and closes five working days after the period, in the agency zone', () => {
    expect(checkinWindow(quarterly, 2027, 'Q1')).toEqual({
      periodStart: '2027-01-01',
      periodEnd: '2027-03-31',
      opensAt: '2027-01-01T00:00:00+08:00',
      // Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 April.
      closesAt: '2027-04-07T23:59:59+08:00',
      opensAtMs: Date.parse('2027-01-01T00:00:00+08:00'),
      closesAtMs: Date.parse('2027-04-07T23:59:59+08:00'),
      reviewDeadline: quarterly.periods[0]!.reviewDeadline,
    });
    expect(checkinWindow(monthly, 2027, 'M02')).toMatchObject({
      opensAt: '2027-02-01T00:00:00+07:00',
      periodEnd: '2027-02-28',
    });
  });

  it("skips national holidays, cuti bersama and the agency's own days off in the grace", () => {
    // Q2 ends Wed 30 June 2027; no holidays: 1, 2, 5, 6, 7 July.
    expect(checkinWindow(quarterly, 2027, 'Q2')!.closesAt).toBe('2027-07-07T23:59:59+08:00');
    // M04 ends Fri 30 April; 1 May is a Saturday anyway; Kenaikan Yesus Kristus Thu 6 May: 3, 4, 5, 7, 10 May.
    expect(checkinWindow(monthly, 2027, 'M04')!.closesAt).toBe('2027-05-10T23:59:59+07:00');
    const withLocal = computeCalendar(
      { year: 2027, localDaysOff: [{ date: '2027-04-05', name: 'Hari Jadi Kota' }] },
      { timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' },
    );
    expect(checkinWindow(withLocal, 2027, 'Q1')!.closesAt).toBe('2027-04-08T23:59:59+08:00');
  });

  it('the December window runs into January of the next year', () => {
    // Fri 31 Dec 2027; 1 Jan 2028 is a holiday and a Saturday: Mon 3 .. Fri 7 January.
    expect(checkinWindow(monthly, 2027, 'M12')!.closesAt).toBe('2028-01-07T23:59:59+07:00');
  });

  it('never closes after the review deadline; with no grace it closes with the period', () => {
    const q1 = quarterly.periods[0]!;
    expect(checkinWindow(quarterly, 2027, 'Q1', 30)!.closesAt).toBe(q1.reviewDeadline);
    expect(checkinWindow(quarterly, 2027, 'Q1', 0)!.closesAt).toBe('2027-03-31T23:59:59+08:00');
  });

  it("knows only the calendar's periods", () => {
    expect(checkinWindow(quarterly, 2027, 'M01')).toBeUndefined();
    expect(checkinWindow(monthly, 2027, 'Q1')).toBeUndefined();
  });
});

describe('openCheckin', () => {
  const calendar = computeCalendar({ year: 2027 }, { timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' });
  const content = (text: string): SkpContent => ({
    approach: 'KUANTITATIF',
    rhk: [
      {
        rhkId: `${skpId}~r1`,
        kind: 'UTAMA',
        text,
        intervenesRhkId: null,
        indicators: [
          {
            indicatorId: 'aaaa1111',
            text: 'a',
            aspect: 'KUANTITAS',
            target: { value: 10, unit: 'dokumen' },
            lowerIsBetter: false,
          },
          {
            indicatorId: 'bbbb2222',
            text: 'b',
            aspect: 'WAKTU',
            target: { value: 5, unit: 'hari' },
            lowerIsBetter: true,
          },
        ],
      },
      {
        rhkId: `${skpId}~r2`,
        kind: 'TAMBAHAN',
        text: 'extra',
        intervenesRhkId: null,
        indicators: [
          {
            indicatorId: 'cccc3333',
            text: 'c',
            aspect: 'KUALITAS',
            target: { description: 'baik' },
            lowerIsBetter: false,
          },
        ],
      },
    ],
    perilaku: [],
  });
  const skp: SkpForCheckin = {
    skpId,
    year: 2027,
    agencyId: agency,
    unitId: 'bkpsdm',
    unitName: 'BKPSDM',
    ownerNip: nips.owner,
    ownerName: 'Andi',
    appraiserNip: nips.appraiser,
    appraiserSupervisorNip: nips.appraiserSup,
    managerChain: [nips.appraiser, nips.appraiserSup],
    approverId: nips.appraiser,
    revision: 2,
    approvedContent: content('approved'),
  };

  it('takes facts from the SKP, targets from its approved content, the window from the calendar', () => {
    const c = openCheckin(skp, calendar, 'Q2');
    expect(c).toMatchObject({
      status: 'OPEN',
      version: 0,
      period: 'Q2',
      ownerNip: nips.owner,
      appraiserNip: nips.appraiser,
      skpRevision: 2,
      indicatorIds: ['aaaa1111', 'bbbb2222', 'cccc3333'],
      indicatorCount: 3,
      realisasiCount: 0,
      dialogCount: 0,
      timeZone: 'Asia/Jakarta',
      opensAt: '2027-04-01T00:00:00+07:00',
    });
    expect(c.targets.map((r) => [r.rhkId, r.kind, r.indicators.length])).toEqual([
      [`${skpId}~r1`, 'UTAMA', 2],
      [`${skpId}~r2`, 'TAMBAHAN', 1],
    ]);
    expect(c.rhkIds).toEqual([`${skpId}~r1`, `${skpId}~r2`]);
    // Time is not summed over a year: the period's target is the annual one.
    expect(c.targets[0]!.indicators[1]).toEqual({
      indicatorId: 'bbbb2222',
      text: 'b',
      aspect: 'WAKTU',
      target: { value: 5, unit: 'hari' },
      annualTarget: { value: 5, unit: 'hari' },
      lowerIsBetter: true,
    });
    // A quantity's period target defaults to the annual one spread evenly over the periods.
    expect(c.targets[0]!.indicators[0]).toMatchObject({
      target: { value: 2.5, unit: 'dokumen' },
      annualTarget: { value: 10, unit: 'dokumen' },
    });
  });

  it("a target periodik entered with the SKP is the period's target; other periods keep the default", () => {
    const withPlan = content('approved');
    withPlan.rhk[0]!.indicators[0]!.periodTargets = [{ period: 'Q2', target: { value: 4, unit: 'dokumen' } }];
    const q2 = openCheckin({ ...skp, approvedContent: withPlan }, calendar, 'Q2');
    const q3 = openCheckin({ ...skp, approvedContent: withPlan }, calendar, 'Q3');
    expect(q2.targets[0]!.indicators[0]!.target).toEqual({ value: 4, unit: 'dokumen' });
    expect(q3.targets[0]!.indicators[0]!.target).toEqual({ value: 2.5, unit: 'dokumen' });
    expect(q3.targets[0]!.indicators[0]!.annualTarget).toEqual({ value: 10, unit: 'dokumen' });
  });

  it('an SKP under revision still reports against its last approved content', () => {
    expect(
      openCheckin({ ...skp, approvedContent: content('the approved one') }, calendar, 'Q1').targets[0]!.text,
    ).toBe('the approved one');
  });

  it('refuses an SKP never approved (409) and a period the agency does not have (404, listing its periods)', () => {
    const { approvedContent: _, ...draft } = skp;
    expect(() => openCheckin(draft, calendar, 'Q1')).toThrow(
      expect.objectContaining({ kind: 'CONFLICT', code: 'SKP_NOT_APPROVED', params: { skpId } }),
    );
    expect(() => openCheckin(skp, calendar, 'M03')).toThrow(
      expect.objectContaining({
        kind: 'NOT_FOUND',
        code: 'UNKNOWN_PERIOD',
        params: { periods: 'Q1, Q2, Q3, Q4' },
      }),
    );
  });
});

// ---- 5. content rules -------------------------------------------------------------------------

describe('realisasi, feedback and dialog inputs', () => {
  const parse = <T>(
    schema: {
      safeParse: (d: unknown) => {
        success: boolean;
        data?: T;
        error?: { issues: { message: string; path: PropertyKey[] }[] };
      };
    },
    d: unknown,
  ) => schema.safeParse(d);

  it('an entry needs a value or a description; values are finite and not negative', () => {
    expect(parse(realisasiInput, { indicators: [{ indicatorId: 'aaaa1111', value: 0 }] }).success).toBe(true);
    expect(
      parse(realisasiInput, { indicators: [{ indicatorId: 'aaaa1111', description: 'selesai' }] }).success,
    ).toBe(true);
    expect(parse(realisasiInput, { indicators: [] }).success).toBe(true);
    const empty = parse(realisasiInput, { indicators: [{ indicatorId: 'aaaa1111', note: 'x' }] });
    expect(empty.error!.issues).toEqual([
      expect.objectContaining({ message: 'REALISASI_EMPTY', path: ['indicators', 0, 'value'] }),
    ]);
    for (const value of [-1, Number.POSITIVE_INFINITY, Number.NaN, 1e13])
      expect(
        parse(realisasiInput, { indicators: [{ indicatorId: 'aaaa1111', value }] }).success,
        String(value),
      ).toBe(false);
    expect(
      parse(realisasiInput, { indicators: [{ indicatorId: 'AAAA', value: 1 }] }).error!.issues[0]!.message,
    ).toBe('INDICATOR_ID_FORMAT');
    expect(
      parse(realisasiInput, { indicators: [{ indicatorId: 'aaaa1111', value: 1, evidenceIds: ['../x'] }] })
        .error!.issues[0]!.message,
    ).toBe('EVIDENCE_ID_FORMAT');
    expect(
      parse(realisasiInput, { indicators: [{ indicatorId: 'aaaa1111', value: 1, extra: 1 }] }).success,
    ).toBe(false);
  });

  it('feedback needs general text or at least one indicator', () => {
    expect(parse(feedbackInput, {}).error!.issues[0]!.message).toBe('FEEDBACK_EMPTY');
    expect(parse(feedbackInput, { indicators: [] }).error!.issues[0]!.message).toBe('FEEDBACK_EMPTY');
    expect(parse(feedbackInput, { general: 'Bagus' }).success).toBe(true);
    expect(parse(feedbackInput, { indicators: [{ indicatorId: 'aaaa1111', text: 'ok' }] }).success).toBe(
      true,
    );
  });

  it('a dialog has a date and at least one topic; agreed actions default to none', () => {
    expect(parse(dialogInput, { date: '2027-02-01', topics: ['a'] }).data).toEqual({
      date: '2027-02-01',
      topics: ['a'],
      agreedActions: [],
    });
    expect(parse(dialogInput, { date: '2027-02-30', topics: ['a'] }).success).toBe(false);
    expect(parse(dialogInput, { date: '2027-02-01', topics: [] }).success).toBe(false);
  });

  it('normalizeRealisasi: one entry per indicator, evidence deduplicated with the first path naming it', () => {
    const out = normalizeRealisasi({
      indicators: [
        { indicatorId: 'aaaa1111', value: 3, evidenceIds: ['e1e1e1e1e1e1', 'e1e1e1e1e1e1', 'e2e2e2e2e2e2'] },
        {
          indicatorId: 'bbbb2222',
          description: 'x',
          note: 'n',
          evidenceIds: ['e2e2e2e2e2e2', 'e3e3e3e3e3e3'],
        },
      ],
    });
    expect(out.entries).toEqual([
      { indicatorId: 'aaaa1111', value: 3, evidenceIds: ['e1e1e1e1e1e1', 'e2e2e2e2e2e2'] },
      { indicatorId: 'bbbb2222', description: 'x', note: 'n', evidenceIds: ['e2e2e2e2e2e2', 'e3e3e3e3e3e3'] },
    ]);
    expect(out.evidence).toEqual([
      { evidenceId: 'e1e1e1e1e1e1', path: 'indicators[0].evidenceIds[0]' },
      { evidenceId: 'e2e2e2e2e2e2', path: 'indicators[0].evidenceIds[1]' },
      { evidenceId: 'e3e3e3e3e3e3', path: 'indicators[1].evidenceIds[1]' },
    ]);
    expect(() =>
      normalizeRealisasi({
        indicators: [
          { indicatorId: 'aaaa1111', value: 1 },
          { indicatorId: 'aaaa1111', value: 2 },
        ],
      }),
    ).toThrow(
      expect.objectContaining({ issues: [{ path: 'indicators[1].indicatorId', code: 'DUPLICATE_ID' }] }),
    );
    const many = Array.from({ length: 6 }, (_, i) => ({
      indicatorId: `ind${i}aaaa`,
      value: 1,
      evidenceIds: Array.from({ length: 9 }, (_, j) => `e${i}x${j}eeeeeeee`),
    }));
    expect(() => normalizeRealisasi({ indicators: many })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'EVIDENCE_TOO_MANY' })] }),
    );
  });

  it('a dialog may be dated today anywhere in Indonesia, not later', () => {
    const now = new Date('2027-03-10T16:30:00Z'); // 23:30 WIB, 01:30 WIT on 11 March
    expect(() => assertDialogDate('2027-03-11', now)).not.toThrow();
    expect(() => assertDialogDate('2027-03-12', now)).toThrow(
      expect.objectContaining({ issues: [{ path: 'date', code: 'DATE_IN_FUTURE' }] }),
    );
  });
});
