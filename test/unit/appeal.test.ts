/**
 * core/appeal/, core/follow-up/, core/policy.ts: the appeal machine for every status, command and
 * caller (and the filing guard on the evaluation), the decision's ratings and predikat for every
 * pair, who decides, deadlines in calendar and working days in each zone, the follow-up tracks
 * and machine, the plans a check-in shows, the payroll shares. Expected values are written out
 * here (PP 30/2019 art. 59, PermenPANRB 6/2022, PermenLu 3/2025, PermenPANRB 1/2023), not read
 * back from config/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Predikat, predikats, type Rating, ratings } from '#config/appraisal.ts';
import type { Actor } from '#core/actor.ts';
import {
  type AppealCommand,
  appealMachine,
  appealStatuses,
  canReadAppeal,
  deciderOf,
  decisionOf,
} from '#core/appeal/appeal.ts';
import { appealSection, followUpText } from '#core/appraisal/document.ts';
import { evaluationMachine } from '#core/appraisal/evaluation.ts';
import { predikatOf } from '#core/appraisal/rules.ts';
import { WorkCalendar } from '#core/calendar.ts';
import { DomainError } from '#core/errors.ts';
import { holds } from '#core/expr.ts';
import {
  afterDecision,
  assertTargetDate,
  followUpMachine,
  followUpStatuses,
  plansInForce,
  type StoredFollowUp,
  trackOf,
} from '#core/follow-up/follow-up.ts';
import { definitive, employeePayroll, monthsOf, payrollRow } from '#core/follow-up/payroll.ts';
import { defaultPolicy, policyInput, policyOf, policyView, spanEnd } from '#core/policy.ts';

const agency = 'dem';
const owner: Actor = { nip: '199001012015011002', agencyId: agency, roles: [] };
const appraiser: Actor = { nip: '198001012005011001', agencyId: agency, roles: [] };
const decider: Actor = { nip: '197501012000011001', agencyId: agency, roles: [] };
const aboveDecider: Actor = { nip: '197001011995011009', agencyId: agency, roles: [] };
const hr: Actor = { nip: '198501012010012003', agencyId: agency, roles: ['HR'] };
const peer: Actor = { nip: '199101012015011005', agencyId: agency, roles: [] };
const otherHr: Actor = { nip: '198501012010012003', agencyId: 'oth', roles: ['HR'] };
const admin: Actor = { nip: '197001011995031001', agencyId: 'siklus', roles: ['ADMIN'] };
const head = { seq: 2, hash: 'h2' };
const filedAt = Date.parse('2027-04-07T02:00:00Z');
const respondBy = '2027-04-12T23:59:59+07:00';

const appeal = (over: Record<string, unknown> = {}) => ({
  skpId: 'S1',
  period: 'Q1',
  agencyId: agency,
  ownerNip: owner.nip,
  appraiserNip: appraiser.nip,
  appraiserSupervisorNip: decider.nip,
  managerChain: [appraiser.nip, decider.nip, aboveDecider.nip],
  deciderNip: decider.nip,
  deciderId: decider.nip,
  status: 'FILED',
  version: 2,
  auditHead: head,
  respondBy,
  respondByMs: Date.parse(respondBy),
  ...over,
});
const ctxAt = (iso: string | number) => ({ skpId: 'S1', period: 'Q1', now: new Date(iso) });
const beforeRespondBy = ctxAt(filedAt + 86_400_000);
const afterRespondBy = ctxAt('2027-04-13T00:00:00+07:00');

const outcome = (fn: () => { status: string }) => {
  try {
    return fn().status;
  } catch (e) {
    if (e instanceof DomainError) return `${e.kind}:${e.code}`;
    throw e;
  }
};
const decideAppeal = (
  doc: Record<string, unknown>,
  cmd: AppealCommand,
  actor: Actor,
  ctx = beforeRespondBy,
  expected = head,
) => outcome(() => appealMachine.decide(doc, cmd, actor, expected, ctx));

describe('the appeal machine, every status, command and caller', () => {
  type Case = {
    who: string;
    actor: Actor;
    doc: Record<string, unknown>;
  };
  const inChart: Case[] = [
    { who: 'owner', actor: owner, doc: appeal() },
    { who: 'appraiser', actor: appraiser, doc: appeal() },
    { who: 'decider', actor: decider, doc: appeal() },
    { who: 'aboveDecider', actor: aboveDecider, doc: appeal() },
    { who: 'hr', actor: hr, doc: appeal() },
    { who: 'peer', actor: peer, doc: appeal() },
    { who: 'otherHr', actor: otherHr, doc: appeal() },
    { who: 'admin', actor: admin, doc: appeal() },
  ];
  // What each gets, written out: [RESPOND, DECIDE before the response time is over, DECIDE after].
  const expected: Record<string, Record<string, [string, string, string]>> = {
    FILED: {
      owner: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      appraiser: ['RESPONDED', 'FORBIDDEN:APPEAL_DECIDER_ONLY', 'FORBIDDEN:APPEAL_DECIDER_ONLY'],
      decider: ['FORBIDDEN:APPEAL_APPRAISER_ONLY', 'CONFLICT:APPEAL_AWAITING_RESPONSE', 'DECIDED'],
      aboveDecider: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      hr: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      peer: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
      otherHr: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
      admin: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
    },
    RESPONDED: {
      owner: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      appraiser: [
        'CONFLICT:APPEAL_ILLEGAL_TRANSITION',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      decider: ['FORBIDDEN:APPEAL_APPRAISER_ONLY', 'DECIDED', 'DECIDED'],
      aboveDecider: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      hr: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      peer: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
      otherHr: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
      admin: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
    },
    DECIDED: {
      owner: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      appraiser: [
        'CONFLICT:APPEAL_ILLEGAL_TRANSITION',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      decider: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'CONFLICT:APPEAL_ILLEGAL_TRANSITION',
        'CONFLICT:APPEAL_ILLEGAL_TRANSITION',
      ],
      aboveDecider: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      hr: [
        'FORBIDDEN:APPEAL_APPRAISER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
        'FORBIDDEN:APPEAL_DECIDER_ONLY',
      ],
      peer: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
      otherHr: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
      admin: ['NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND', 'NOT_FOUND:APPEAL_NOT_FOUND'],
    },
  };
  for (const status of appealStatuses)
    for (const c of inChart)
      it(`${status}, ${c.who}`, () => {
        const doc = { ...c.doc, status };
        expect([
          decideAppeal(doc, { type: 'RESPOND' }, c.actor),
          decideAppeal(doc, { type: 'DECIDE' }, c.actor, beforeRespondBy),
          decideAppeal(doc, { type: 'DECIDE' }, c.actor, afterRespondBy),
        ]).toEqual(expected[status]![c.who]);
      });

  it('outside the chart: HR responds for an absent appraiser and decides for an absent decider, never its own case', () => {
    const agencyHead = appeal({
      appraiserNip: null,
      appraiserSupervisorNip: null,
      deciderNip: null,
      managerChain: [],
    });
    expect(decideAppeal(agencyHead, { type: 'RESPOND' }, hr)).toBe('RESPONDED');
    expect(decideAppeal({ ...agencyHead, status: 'RESPONDED' }, { type: 'DECIDE' }, hr)).toBe('DECIDED');
    expect(decideAppeal({ ...agencyHead, ownerNip: hr.nip }, { type: 'RESPOND' }, hr)).toBe(
      'FORBIDDEN:APPEAL_APPRAISER_ONLY',
    );
    // A unit head appraised by the agency head: the appraiser (in the chart) responds; HR decides,
    // but not when HR is that appraiser.
    const unitHead = appeal({
      deciderNip: null,
      appraiserSupervisorNip: null,
      managerChain: [appraiser.nip],
    });
    expect(decideAppeal(unitHead, { type: 'RESPOND' }, hr)).toBe('FORBIDDEN:APPEAL_APPRAISER_ONLY');
    expect(decideAppeal({ ...unitHead, status: 'RESPONDED' }, { type: 'DECIDE' }, hr)).toBe('DECIDED');
    expect(
      decideAppeal({ ...unitHead, status: 'RESPONDED' }, { type: 'DECIDE' }, { ...appraiser, roles: ['HR'] }),
    ).toBe('FORBIDDEN:APPEAL_DECIDER_ONLY');
    // Nobody above the appraiser in the chart: a would-be decider outside the chain sees nothing.
    expect(decideAppeal({ ...unitHead, status: 'RESPONDED' }, { type: 'DECIDE' }, decider)).toBe(
      'NOT_FOUND:APPEAL_NOT_FOUND',
    );
  });

  it('a stale version is refused after visibility and role, before the status', () => {
    expect(
      decideAppeal(appeal({ status: 'DECIDED' }), { type: 'DECIDE' }, decider, afterRespondBy, {
        seq: 1,
        hash: 'h1',
      }),
    ).toBe('PRECONDITION_FAILED:STALE_VERSION');
    expect(decideAppeal(appeal(), { type: 'DECIDE' }, peer, afterRespondBy, { seq: 1, hash: 'h1' })).toBe(
      'NOT_FOUND:APPEAL_NOT_FOUND',
    );
  });

  it('the precondition the store writes holds exactly when decide accepts, and explain gives decide’s error', () => {
    const actors = [owner, appraiser, decider, aboveDecider, hr, peer, otherHr, admin];
    fc.assert(
      fc.property(
        fc.constantFrom(...appealStatuses),
        fc.constantFrom<AppealCommand['type']>('RESPOND', 'DECIDE'),
        fc.constantFrom(...actors),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (status, type, actor, late, stale, outside) => {
          const doc = appeal({
            status,
            ...(outside ? { deciderNip: null, appraiserNip: null, managerChain: [] } : {}),
          });
          const ctx = late ? afterRespondBy : beforeRespondBy;
          const expected = stale ? { seq: 1, hash: 'h1' } : head;
          const cmd = { type } as AppealCommand;
          const decided = decideAppeal(doc, cmd, actor, ctx, expected);
          const accepted = appealStatuses.includes(decided as never);
          expect(holds(appealMachine.precondition(cmd, actor, expected, ctx), doc)).toBe(accepted);
          if (!accepted) {
            const e = appealMachine.explain(doc, cmd, actor, expected, ctx, { skpId: 'S1', period: 'Q1' });
            expect(`${e.kind}:${e.code}`).toBe(decided);
          }
        },
      ),
    );
  });

  it('who may read an appeal', () => {
    const doc = appeal();
    expect([owner, appraiser, decider, aboveDecider, hr].map((a) => canReadAppeal(a, doc))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([peer, otherHr, admin].map((a) => canReadAppeal(a, doc))).toEqual([false, false, false]);
    // A decider named at filing keeps seeing it after the chart moves.
    expect(canReadAppeal(decider, { ...doc, managerChain: [appraiser.nip] })).toBe(true);
  });
});

describe('filing, as the evaluation machine’s FILE_APPEAL', () => {
  const until = '2027-04-19T23:59:59+07:00';
  const evaluation = (over: Record<string, unknown> = {}) => ({
    skpId: 'S1',
    period: 'Q1',
    agencyId: agency,
    ownerNip: owner.nip,
    appraiserNip: appraiser.nip,
    managerChain: [appraiser.nip, decider.nip],
    status: 'FINAL',
    version: 2,
    auditHead: head,
    deliveredAt: '2027-04-05T03:00:00.000Z',
    appealUntil: until,
    appealUntilMs: Date.parse(until),
    ...over,
  });
  const file = (doc: Record<string, unknown>, actor: Actor, at: string) =>
    outcome(() => evaluationMachine.decide(doc, { type: 'FILE_APPEAL' }, actor, head, ctxAt(at)));
  it('the owner, once, on a final result, until the end of the window’s last local day', () => {
    expect(file(evaluation(), owner, '2027-04-19T23:59:59+07:00')).toBe('FINAL');
    // The last second whole (review of issue 11: 23:59:59.400 was refused).
    expect(file(evaluation(), owner, '2027-04-19T23:59:59.999+07:00')).toBe('FINAL');
    expect(file(evaluation(), owner, '2027-04-20T00:00:00+07:00')).toBe('CONFLICT:APPEAL_WINDOW_CLOSED');
    expect(file(evaluation({ appeal: { status: 'FILED' } }), owner, '2027-04-08T00:00:00Z')).toBe(
      'CONFLICT:APPEAL_EXISTS',
    );
    // A second appeal after the window: it says there was one (the more useful of the two).
    expect(file(evaluation({ appeal: { status: 'DECIDED' } }), owner, '2027-05-01T00:00:00Z')).toBe(
      'CONFLICT:APPEAL_EXISTS',
    );
    for (const status of ['PENDING', 'RATED'])
      expect(file(evaluation({ status }), owner, '2027-04-08T00:00:00Z')).toBe('CONFLICT:APPEAL_NOT_FINAL');
    // No recorded window (never delivered): nothing to count from.
    expect(file(evaluation({ appealUntilMs: undefined }), owner, '2027-04-08T00:00:00Z')).toBe(
      'CONFLICT:APPEAL_WINDOW_CLOSED',
    );
  });
  it('nobody else files: the appraiser, those above and HR are refused, strangers do not see it', () => {
    for (const a of [appraiser, decider, hr])
      expect(file(evaluation(), a, '2027-04-08T00:00:00Z')).toBe('FORBIDDEN:APPEAL_OWNER_ONLY');
    for (const a of [peer, otherHr, admin])
      expect(file(evaluation(), a, '2027-04-08T00:00:00Z')).toBe('NOT_FOUND:EVALUATION_NOT_FOUND');
  });
});

describe('the decision’s ratings', () => {
  const original = (h: Rating, p: Rating) => ({
    hasilKerja: h,
    perilakuKerja: p,
    predikat: predikatOf(h, p),
  });
  const by = { nip: decider.nip, at: '2027-04-08T02:00:00.000Z', onBehalf: false };
  const reason = 'Bukti baru menunjukkan capaian sesuai.';
  const refusal = (fn: () => unknown) => {
    try {
      fn();
      return null;
    } catch (e) {
      return (e as DomainError).issues.map((i) => `${i.path}:${i.code}`);
    }
  };

  it('CHANGED: every new pair against every original gives the table’s predikat, or says nothing changed', () => {
    const optional = [undefined, ...ratings];
    for (const h0 of ratings)
      for (const p0 of ratings)
        for (const h of optional)
          for (const p of optional) {
            const input = {
              outcome: 'CHANGED' as const,
              reason,
              ...(h ? { hasilKerja: h } : {}),
              ...(p ? { perilakuKerja: p } : {}),
            };
            const nextH = h ?? h0;
            const nextP = p ?? p0;
            const result = () =>
              decisionOf(input, { original: original(h0, p0), hasilKerjaFromUnit: false }, by);
            if (!h && !p) expect(refusal(result)).toEqual(['hasilKerja:APPEAL_CHANGE_NEEDS_RATING']);
            else if (nextH === h0 && nextP === p0)
              expect(refusal(result)).toEqual(['outcome:APPEAL_CHANGE_CHANGES_NOTHING']);
            else
              expect(result()).toMatchObject({
                outcome: 'CHANGED',
                hasilKerja: nextH,
                perilakuKerja: nextP,
                predikat: predikatOf(nextH, nextP),
                previous: original(h0, p0),
              });
          }
  });

  it('a few pairs by the printed table: Butuh Perbaikan to Baik, Kurang to Sangat Baik, Baik to Sangat Kurang', () => {
    const d = (o: [Rating, Rating], n: Record<string, Rating>) =>
      decisionOf(
        { outcome: 'CHANGED', reason, ...n },
        { original: original(...o), hasilKerjaFromUnit: false },
        by,
      ).predikat;
    expect(d(['DI_BAWAH', 'SESUAI'], { hasilKerja: 'SESUAI' })).toBe('BAIK');
    expect(d(['DI_ATAS', 'DI_BAWAH'], { perilakuKerja: 'DI_ATAS' })).toBe('SANGAT_BAIK');
    expect(d(['SESUAI', 'SESUAI'], { hasilKerja: 'DI_BAWAH', perilakuKerja: 'DI_BAWAH' })).toBe(
      'SANGAT_KURANG',
    );
  });

  it('UPHELD keeps the ratings and takes none', () => {
    const o = original('DI_BAWAH', 'SESUAI');
    expect(
      decisionOf({ outcome: 'UPHELD', reason }, { original: o, hasilKerjaFromUnit: false }, by),
    ).toMatchObject({
      outcome: 'UPHELD',
      ...o,
      previous: o,
      decidedBy: decider.nip,
    });
    expect(
      refusal(() =>
        decisionOf(
          { outcome: 'UPHELD', reason, perilakuKerja: 'DI_ATAS' },
          { original: o, hasilKerjaFromUnit: false },
          by,
        ),
      ),
    ).toEqual(['perilakuKerja:APPEAL_RATING_ONLY_IF_CHANGED']);
  });

  it('a unit head’s hasil kerja follows the organisation result: only the behaviour can change', () => {
    const o = original('SESUAI', 'SESUAI');
    const unit = { original: o, hasilKerjaFromUnit: true };
    expect(
      refusal(() => decisionOf({ outcome: 'CHANGED', reason, hasilKerja: 'DI_ATAS' }, unit, by)),
    ).toEqual(['hasilKerja:APPEAL_HASIL_KERJA_FROM_UNIT']);
    expect(
      decisionOf({ outcome: 'CHANGED', reason, hasilKerja: 'SESUAI', perilakuKerja: 'DI_ATAS' }, unit, by)
        .predikat,
    ).toBe('BAIK');
    expect(decisionOf({ outcome: 'CHANGED', reason, perilakuKerja: 'DI_BAWAH' }, unit, by).predikat).toBe(
      'KURANG',
    );
  });

  it('HR on behalf names the signed decision; nobody else does', () => {
    const o = { original: original('SESUAI', 'SESUAI'), hasilKerjaFromUnit: false };
    expect(refusal(() => decisionOf({ outcome: 'UPHELD', reason }, o, { ...by, onBehalf: true }))).toEqual([
      'decisionRef:DECISION_REF_REQUIRED',
    ]);
    expect(
      decisionOf({ outcome: 'UPHELD', reason, decisionRef: 'KEP/1' }, o, { ...by, onBehalf: true }),
    ).toMatchObject({ onBehalf: true, decisionRef: 'KEP/1' });
    expect(refusal(() => decisionOf({ outcome: 'UPHELD', reason, decisionRef: 'KEP/1' }, o, by))).toEqual([
      'decisionRef:DECISION_REF_ON_BEHALF_ONLY',
    ]);
  });
});

describe('who decides', () => {
  it('the appraiser’s supervisor; nobody in the chart (or a conflict) leaves it to HR on behalf', () => {
    const f = (appraiserNip: string | null, appraiserSupervisorNip: string | null, ownerNip = owner.nip) =>
      deciderOf({ ownerNip, appraiserNip, appraiserSupervisorNip });
    expect(f(appraiser.nip, decider.nip)).toBe(decider.nip);
    expect(f(appraiser.nip, null)).toBeNull();
    expect(f(null, null)).toBeNull();
    expect(f(null, decider.nip)).toBeNull();
    expect(f(appraiser.nip, owner.nip)).toBeNull();
    expect(f(appraiser.nip, appraiser.nip)).toBeNull();
  });
});

describe('deadlines: calendar or working days, to the end of the local day', () => {
  const jakarta = new WorkCalendar('Asia/Jakarta', [2027]);
  const jayapura = new WorkCalendar('Asia/Jayapura', [2027]);
  const makassar = new WorkCalendar('Asia/Makassar', [2027], [{ date: '2027-04-09' }]);
  it('14 calendar days from a Monday morning delivery', () => {
    expect(spanEnd(new Date('2027-04-05T03:00:00Z'), { days: 14, dayKind: 'CALENDAR' }, jakarta)).toBe(
      '2027-04-19T23:59:59+07:00',
    );
  });
  it('the local day of the delivery counts, not the UTC one (WIT is UTC+9)', () => {
    // 23:30 WIT on 5 April is 14:30 UTC the same day; 00:30 WIT on 6 April is 15:30 UTC on the 5th.
    expect(spanEnd(new Date('2027-04-05T15:30:00Z'), { days: 1, dayKind: 'CALENDAR' }, jayapura)).toBe(
      '2027-04-07T23:59:59+09:00',
    );
    expect(spanEnd(new Date('2027-04-05T14:30:00Z'), { days: 1, dayKind: 'CALENDAR' }, jayapura)).toBe(
      '2027-04-06T23:59:59+09:00',
    );
  });
  it('working days skip weekends, national holidays and cuti bersama, and the agency’s own days', () => {
    expect(spanEnd(new Date('2027-04-05T03:00:00Z'), { days: 5, dayKind: 'WORKING' }, jakarta)).toBe(
      '2027-04-12T23:59:59+07:00',
    );
    // Over Nyepi and Idulfitri 1448 H (8 March; cuti bersama 9, 12, 15; holidays 10, 11): from
    // Friday 5 March the working days are 16, 17, 18 March.
    expect(spanEnd(new Date('2027-03-05T03:00:00Z'), { days: 3, dayKind: 'WORKING' }, jakarta)).toBe(
      '2027-03-18T23:59:59+07:00',
    );
    // Makassar's own day off on Friday 9 April.
    expect(spanEnd(new Date('2027-04-05T03:00:00Z'), { days: 5, dayKind: 'WORKING' }, makassar)).toBe(
      '2027-04-13T23:59:59+08:00',
    );
  });
});

describe('the agency policy', () => {
  it('the defaults: 14 calendar days to file, 5 working days to respond, 14 to decide; PermenLu 3/2025; PermenPANRB 1/2023', () => {
    expect(defaultPolicy).toEqual({
      appeal: {
        fileWithin: { days: 14, dayKind: 'CALENDAR' },
        respondWithin: { days: 5, dayKind: 'WORKING' },
        decideWithin: { days: 14, dayKind: 'CALENDAR' },
      },
      allowance: {
        basis: 'MONTHLY',
        sharePercent: { SANGAT_BAIK: 100, BAIK: 100, BUTUH_PERBAIKAN: 80, KURANG: 70, SANGAT_KURANG: 60 },
      },
      angkaKredit: {
        sharePercent: { SANGAT_BAIK: 150, BAIK: 100, BUTUH_PERBAIKAN: 75, KURANG: 50, SANGAT_KURANG: 25 },
      },
    });
    expect(policyOf(undefined)).toBe(defaultPolicy);
    expect(policyView('dem', undefined)).toMatchObject({
      source: 'DEFAULT',
      version: 0,
      etag: `"0.${'0'.repeat(64)}"`,
    });
  });
  it('the agency’s own when stored; bounds on every number; nothing unknown', () => {
    const own = {
      ...defaultPolicy,
      appeal: { ...defaultPolicy.appeal, fileWithin: { days: 10, dayKind: 'WORKING' } },
    };
    expect(policyOf({ ...own, version: 3 } as never).appeal.fileWithin).toEqual({
      days: 10,
      dayKind: 'WORKING',
    });
    const bad = (patch: unknown) => policyInput.safeParse(patch).success;
    expect(bad(defaultPolicy)).toBe(true);
    expect(
      bad({
        ...defaultPolicy,
        appeal: { ...defaultPolicy.appeal, decideWithin: { days: 61, dayKind: 'CALENDAR' } },
      }),
    ).toBe(false);
    expect(
      bad({
        ...defaultPolicy,
        appeal: { ...defaultPolicy.appeal, decideWithin: { days: 0, dayKind: 'CALENDAR' } },
      }),
    ).toBe(false);
    expect(
      bad({
        ...defaultPolicy,
        appeal: { ...defaultPolicy.appeal, decideWithin: { days: 5, dayKind: 'LUNAR' } },
      }),
    ).toBe(false);
    expect(
      bad({
        ...defaultPolicy,
        allowance: {
          ...defaultPolicy.allowance,
          sharePercent: { ...defaultPolicy.allowance.sharePercent, KURANG: 201 },
        },
      }),
    ).toBe(false);
    expect(bad({ ...defaultPolicy, allowance: { basis: 'MONTHLY', sharePercent: { BAIK: 100 } } })).toBe(
      false,
    );
    expect(bad({ ...defaultPolicy, extra: 1 })).toBe(false);
  });
});

describe('follow-up', () => {
  it('what each predikat leads to', () => {
    expect(predikats.map((p) => [p, trackOf(p)])).toEqual([
      ['SANGAT_BAIK', 'RECOGNITION'],
      ['BAIK', null],
      ['BUTUH_PERBAIKAN', 'DEVELOPMENT'],
      ['KURANG', 'DEVELOPMENT'],
      ['SANGAT_KURANG', 'DEVELOPMENT'],
    ]);
  });
  it('what a decision does to it, for every existing track and status and every new predikat', () => {
    const cases: [Parameters<typeof afterDecision>[0], Predikat, string][] = [
      [undefined, 'BAIK', 'KEEP'],
      [undefined, 'SANGAT_BAIK', 'OPEN'],
      [undefined, 'KURANG', 'OPEN'],
      [{ track: 'DEVELOPMENT', status: 'PLAN_DUE' }, 'KURANG', 'KEEP'],
      [{ track: 'DEVELOPMENT', status: 'PLANNED' }, 'BAIK', 'CANCEL'],
      [{ track: 'DEVELOPMENT', status: 'COMPLETED' }, 'SANGAT_BAIK', 'SWITCH'],
      [{ track: 'RECOGNITION', status: 'RECOGNIZED' }, 'BAIK', 'CANCEL'],
      [{ track: 'RECOGNITION', status: 'RECOGNIZED' }, 'SANGAT_KURANG', 'SWITCH'],
      [{ track: 'RECOGNITION', status: 'CANCELLED' }, 'SANGAT_BAIK', 'OPEN'],
      [{ track: 'DEVELOPMENT', status: 'CANCELLED' }, 'BAIK', 'KEEP'],
    ];
    for (const [existing, p, move] of cases)
      expect(afterDecision(existing, p), `${JSON.stringify(existing)} ${p}`).toBe(move);
  });
  it('a target date after today and within a year', () => {
    expect(() => assertTargetDate('2027-04-09', '2027-04-08')).not.toThrow();
    expect(() => assertTargetDate('2028-04-07', '2027-04-08')).not.toThrow();
    for (const d of ['2027-04-08', '2027-01-01', '2028-04-08'])
      expect(() => assertTargetDate(d, '2027-04-08'), d).toThrow(DomainError);
  });
  it('the machine: the appraiser plans (again) and completes a planned one; nobody else', () => {
    const doc = (status: string, over: Record<string, unknown> = {}) => ({
      skpId: 'S1',
      period: 'Q1',
      agencyId: agency,
      ownerNip: owner.nip,
      appraiserNip: appraiser.nip,
      managerChain: [appraiser.nip, decider.nip],
      status,
      version: 2,
      auditHead: head,
      ...over,
    });
    const run = (status: string, type: 'PLAN' | 'COMPLETE', actor: Actor, over = {}) =>
      outcome(() =>
        followUpMachine.decide(doc(status, over), { type }, actor, head, { skpId: 'S1', period: 'Q1' }),
      );
    const table = Object.fromEntries(
      followUpStatuses.map((s) => [s, [run(s, 'PLAN', appraiser), run(s, 'COMPLETE', appraiser)]]),
    );
    expect(table).toEqual({
      PLAN_DUE: ['PLANNED', 'CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION'],
      PLANNED: ['PLANNED', 'COMPLETED'],
      COMPLETED: ['CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION', 'CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION'],
      RECOGNIZED: ['CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION', 'CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION'],
      CANCELLED: ['CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION', 'CONFLICT:FOLLOW_UP_ILLEGAL_TRANSITION'],
    });
    for (const a of [owner, decider, hr])
      expect(run('PLAN_DUE', 'PLAN', a)).toBe('FORBIDDEN:FOLLOW_UP_APPRAISER_ONLY');
    for (const a of [peer, otherHr, admin])
      expect(run('PLAN_DUE', 'PLAN', a)).toBe('NOT_FOUND:FOLLOW_UP_NOT_FOUND');
    // The agency head's appraiser is outside the chart: HR records the plan.
    expect(run('PLAN_DUE', 'PLAN', hr, { appraiserNip: null, managerChain: [] })).toBe('PLANNED');
  });
  it('the plans a check-in shows: in force from earlier periods, the one just before in any state, last year’s annual', () => {
    const f = (period: string, status: StoredFollowUp['status'], over: Partial<StoredFollowUp> = {}) =>
      ({ period, year: 2027, track: 'DEVELOPMENT', status, predikat: 'KURANG', ...over }) as StoredFollowUp;
    const all = [
      f('Q1', 'COMPLETED'),
      f('Q2', 'PLANNED'),
      f('Q3', 'COMPLETED'),
      f('Q1', 'CANCELLED', { period: 'Q1' }),
      f('ANNUAL', 'PLAN_DUE', { year: 2026 }),
      f('ANNUAL', 'COMPLETED', { year: 2025 }),
      f('Q4', 'PLANNED'),
      f('Q2', 'RECOGNIZED', { track: 'RECOGNITION', predikat: 'SANGAT_BAIK' }),
    ];
    expect(
      plansInForce(all, 2027, ['Q1', 'Q2', 'Q3']).map((p) => `${p.year}${p.period}:${p.status}`),
    ).toEqual(['2027Q2:PLANNED', '2027Q3:COMPLETED', '2026ANNUAL:PLAN_DUE']);
    expect(plansInForce(all, 2027, []).map((p) => `${p.year}${p.period}`)).toEqual(['2026ANNUAL']);
  });
});

describe('payroll', () => {
  const now = new Date('2027-05-01T00:00:00Z');
  const row = (predikat: Predikat, over: Record<string, unknown> = {}) => ({
    skpId: 'S1',
    period: 'Q2',
    year: 2027,
    ownerNip: owner.nip,
    ownerName: 'A',
    unitId: 'u',
    status: 'FINAL',
    predikat,
    jobType: 'FUNGSIONAL' as const,
    appealUntilMs: Date.parse('2027-04-19T23:59:59+07:00'),
    ...over,
  });
  it('the months of a period', () => {
    expect(monthsOf('Q1')).toEqual(['M01', 'M02', 'M03']);
    expect(monthsOf('Q4')).toEqual(['M10', 'M11', 'M12']);
    expect(monthsOf('M07')).toEqual(['M07']);
    expect(monthsOf('ANNUAL')).toHaveLength(12);
  });
  it('shares under the defaults, written out: allowance 100/100/80/70/60, angka kredit 150/100/75/50/25', () => {
    expect(predikats.map((p) => payrollRow(row(p), defaultPolicy, now).allowance?.sharePercent)).toEqual([
      100, 100, 80, 70, 60,
    ]);
    expect(predikats.map((p) => payrollRow(row(p), defaultPolicy, now).angkaKredit?.sharePercent)).toEqual([
      150, 100, 75, 50, 25,
    ]);
    // Angka kredit is a functional position's: none for another post, none when nobody said.
    expect(payrollRow(row('BAIK', { jobType: 'PELAKSANA' }), defaultPolicy, now)).toMatchObject({
      jobType: 'PELAKSANA',
      angkaKredit: null,
      allowance: { sharePercent: 100 },
    });
    expect(payrollRow(row('BAIK', { jobType: undefined }), defaultPolicy, now)).toMatchObject({
      jobType: null,
      angkaKredit: null,
    });
    // The year carries angka kredit, not an allowance (that follows the periods).
    expect(payrollRow(row('BAIK', { period: 'ANNUAL' }), defaultPolicy, now).allowance).toBeNull();
    // Not final: nothing to pay on yet.
    expect(payrollRow(row('BAIK', { status: 'RATED' }), defaultPolicy, now)).toMatchObject({
      predikat: null,
      allowance: null,
      angkaKredit: null,
      definitive: false,
    });
  });
  it('definitive: the appeal decided, or the window over without one', () => {
    expect(definitive(row('BAIK'), now)).toBe(true);
    expect(definitive(row('BAIK'), new Date('2027-04-19T16:00:00Z'))).toBe(false);
    expect(definitive(row('BAIK', { appeal: { status: 'FILED' } }), now)).toBe(false);
    expect(definitive(row('BAIK', { appeal: { status: 'DECIDED' } }), new Date('2027-04-10T00:00:00Z'))).toBe(
      true,
    );
    expect(definitive(row('BAIK', { appealUntilMs: undefined }), now)).toBe(false);
  });
  it('an employee’s year, month by month or period by period', () => {
    const evaluations = [
      row('BAIK', { period: 'Q1' }),
      row('KURANG', { period: 'Q2' }),
      row('SANGAT_BAIK', { period: 'ANNUAL' }),
    ];
    const monthly = employeePayroll(owner.nip, 2027, evaluations, defaultPolicy, now);
    expect(monthly.allowance.map((a) => `${'month' in a ? a.month : ''}:${a.sharePercent}`)).toEqual([
      'M01:100',
      'M02:100',
      'M03:100',
      'M04:70',
      'M05:70',
      'M06:70',
    ]);
    expect(monthly.angkaKredit).toEqual([
      { skpId: 'S1', predikat: 'SANGAT_BAIK', sharePercent: 150, definitive: true },
    ]);
    expect(monthly.recognition).toEqual(['ANNUAL']);
    const perPeriod = employeePayroll(
      owner.nip,
      2027,
      evaluations,
      { ...defaultPolicy, allowance: { ...defaultPolicy.allowance, basis: 'PERIOD' } },
      now,
    );
    expect(perPeriod.allowance.map((a) => `${a.period}:${a.sharePercent}`)).toEqual(['Q1:100', 'Q2:70']);
  });
  it('a move in May: each month once, under the SKP that covers it (review of issue 11)', () => {
    expect(monthsOf('Q2', { startMonth: 1, endMonth: 4 })).toEqual(['M04']);
    expect(monthsOf('Q2', { startMonth: 5, endMonth: 12 })).toEqual(['M05', 'M06']);
    const moved = employeePayroll(
      owner.nip,
      2027,
      [
        row('BAIK', { period: 'Q2', skpId: 'S1', skpStartMonth: 1, skpEndMonth: 4 }),
        row('KURANG', { period: 'Q2', skpId: 'S5', skpStartMonth: 5, skpEndMonth: 12 }),
      ],
      defaultPolicy,
      now,
    );
    expect(moved.allowance.map((a) => `${'month' in a ? a.month : ''}:${a.skpId}:${a.sharePercent}`)).toEqual(
      ['M04:S1:100', 'M05:S5:70', 'M06:S5:70'],
    );
  });
});

describe('the evaluation document’s appeal and follow-up, in words', () => {
  const base = {
    ...appeal(),
    deliveredAt: '2027-04-05T03:00:00.000Z',
    filedAt: '2027-04-07T02:00:00.000Z',
    decideBy: '2027-04-21T23:59:59+07:00',
    reason: 'Alasan keberatan yang cukup panjang.',
    evidence: [],
    original: { hasilKerja: 'DI_BAWAH', perilakuKerja: 'SESUAI', predikat: 'BUTUH_PERBAIKAN' },
  } as never;
  const person = { name: 'Budi', nip: decider.nip, position: 'Kepala', unitName: 'BKPSDM' };
  it('filed and waiting, responded, decided by the supervisor or by HR on behalf', () => {
    const waiting = appealSection(base, 'Asia/Jakarta', person);
    expect(waiting.filed).toBe(
      'Diajukan 7 April 2027 atas predikat Butuh Perbaikan (hasil diterima 5 April 2027).',
    );
    expect(waiting.response).toBe('Tanggapan pejabat penilai ditunggu sampai 12 April 2027.');
    expect(waiting.decision).toBe('Belum diputuskan; keputusan paling lambat 21 April 2027.');
    const decided = appealSection(
      {
        ...(base as object),
        decision: {
          outcome: 'CHANGED',
          hasilKerja: 'SESUAI',
          perilakuKerja: 'SESUAI',
          predikat: 'BAIK',
          previous: { predikat: 'BUTUH_PERBAIKAN' },
          reason: 'Bukti cukup.',
          decidedBy: decider.nip,
          decidedAt: '2027-04-08T02:00:00.000Z',
          onBehalf: false,
        },
      } as never,
      'Asia/Jakarta',
      person,
    );
    expect(decided.response).toBe('Pejabat penilai tidak memberikan tanggapan sampai 12 April 2027.');
    expect(decided.decision).toBe(
      `Keberatan DIKABULKAN oleh Budi (NIP ${decider.nip}), 8 April 2027: hasil kerja Sesuai Ekspektasi, perilaku kerja Sesuai Ekspektasi; predikat diubah dari Butuh Perbaikan menjadi Baik. Keputusan ini final.`,
    );
    const onBehalf = appealSection(
      {
        ...(base as object),
        decision: {
          outcome: 'UPHELD',
          predikat: 'BUTUH_PERBAIKAN',
          reason: 'x',
          decidedAt: '2027-04-08T02:00:00.000Z',
          onBehalf: true,
          decisionRef: 'KEP/9',
        },
      } as never,
      'Asia/Jakarta',
      null,
    );
    expect(onBehalf.decision).toContain(
      'TIDAK DIKABULKAN oleh pengelola kinerja atas nama atasan pejabat penilai di luar struktur (keputusan KEP/9)',
    );
    expect(onBehalf.decision).toContain('predikat tetap Butuh Perbaikan');
  });
  it('the follow-up line', () => {
    expect(followUpText({ track: 'RECOGNITION', status: 'RECOGNIZED' }, 'Asia/Jakarta')).toBe(
      'Tindak lanjut: penghargaan atas predikat Sangat Baik.',
    );
    expect(followUpText({ track: 'DEVELOPMENT', status: 'CANCELLED' }, 'Asia/Jakarta')).toBeNull();
    expect(
      followUpText(
        {
          track: 'DEVELOPMENT',
          status: 'PLANNED',
          plan: {
            activity: 'COACHING',
            description: 'Konseling kinerja bulanan',
            targetDate: '2027-06-30',
            plannedBy: '',
            plannedAt: '',
          },
        },
        'Asia/Jakarta',
      ),
    ).toBe('Tindak lanjut: bimbingan/konseling kinerja, target 30 Juni 2027: Konseling kinerja bulanan');
  });
});
