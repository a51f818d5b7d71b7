/** core/nip.ts: the 18-digit NIP (Perka BKN 22/2007), `YYYYMMDD YYYYMM G NNN`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNip } from '#core/nip.ts';

const today = '2026-03-15';
const example = '198609262015051001';

/** Builds a NIP from its parts, so each test says which part it is about. */
const nipOf = (p: { birth?: string; appointment?: string; sex?: string; seq?: string }) =>
  `${p.birth ?? '19860926'}${p.appointment ?? '201505'}${p.sex ?? '1'}${p.seq ?? '001'}`;

describe('checkNip: shape', () => {
  it('accepts the example NIP and returns what it encodes', () => {
    // act
    const result = checkNip(example, today);
    // assess
    expect(result).toEqual({
      ok: true,
      info: { birthDate: '1986-09-26', appointmentMonth: '2015-05', sex: 'MALE', sequence: 1 },
    });
  });

  it('reads a female sex digit and a multi-digit sequence', () => {
    const result = checkNip(nipOf({ birth: '19991231', appointment: '202401', sex: '2', seq: '123' }), today);
    expect(result).toEqual({
      ok: true,
      info: { birthDate: '1999-12-31', appointmentMonth: '2024-01', sex: 'FEMALE', sequence: 123 },
    });
  });

  it('defaults to PNS rules when asnType is not given', () => {
    const bad = nipOf({ sex: '3' });
    expect(checkNip(bad, today)).toMatchObject({ ok: false, code: 'NIP_SEX' });
    expect(checkNip(bad, today, 'PNS')).toMatchObject({ ok: false, code: 'NIP_SEX' });
  });

  it.each([
    ['17 digits', example.slice(0, 17)],
    ['19 digits', `${example}1`],
    ['empty', ''],
    ['a letter', `${example.slice(0, 17)}A`],
    ['spaces inside', '19860926 201505 1 001'],
    ['leading/trailing blanks', ` ${example} `],
    ['a sign', `+${example.slice(1)}`],
    ['full-width digits', '１９８６０９２６２０１５０５１００１'],
    ['a decimal point', '19860926201505100.'],
  ])('refuses %s with NIP_FORMAT', (_label, nip) => {
    expect(checkNip(nip, today)).toEqual({ ok: false, code: 'NIP_FORMAT' });
  });
});

describe('checkNip: birth date', () => {
  it.each([
    ['31 September', '19860931', '1986-09-31'],
    ['31 April', '19900431', '1990-04-31'],
    ['31 June', '19900631', '1990-06-31'],
    ['31 November', '19901131', '1990-11-31'],
    ['29 February of a common year', '19930229', '1993-02-29'],
    ['29 February 1900 (divisible by 100, not a leap year)', '19000229', '1900-02-29'],
    ['30 February of a leap year', '19960230', '1996-02-30'],
    ['month 00', '19860026', '1986-00-26'],
    ['month 13', '19861326', '1986-13-26'],
    ['day 00', '19860900', '1986-09-00'],
    ['day 32', '19860132', '1986-01-32'],
    ['a year before 1900', '18991231', '1899-12-31'],
    ['year 0000', '00000101', '0000-01-01'],
    ['the day after today', '20260316', '2026-03-16'],
    ['a far future year', '99991231', '9999-12-31'],
  ])('refuses %s with NIP_BIRTH_DATE and the date as value', (_label, birth, value) => {
    // the appointment stays plausible so only the birth date is wrong
    const result = checkNip(nipOf({ birth, appointment: '201505' }), today);
    expect(result).toEqual({ ok: false, code: 'NIP_BIRTH_DATE', value });
  });

  it.each([
    ['29 February of a leap year', '19960229', '2015-05'],
    ['29 February 2000 (divisible by 400)', '20000229', '2020-01'],
    ['31 of a 31-day month', '19860131', '2015-05'],
    ['30 September', '19860930', '2015-05'],
    ['1 January 1900, the earliest allowed', '19000101', '1920-01'],
  ])('accepts %s', (_label, birth, appointment) => {
    const result = checkNip(nipOf({ birth, appointment: appointment.replace('-', '') }), today);
    expect(result).toMatchObject({
      ok: true,
      info: { birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}` },
    });
  });

  it('a birth date equal to today passes the birth check (then fails on age)', () => {
    const result = checkNip(nipOf({ birth: '20260315', appointment: '202603' }), today);
    expect(result).toEqual({ ok: false, code: 'NIP_APPOINTMENT_TOO_EARLY', value: '2026-03' });
  });
});

describe('checkNip: appointment month', () => {
  it.each(['00', '13', '99'])('refuses month %s with NIP_APPOINTMENT', (month) => {
    const result = checkNip(nipOf({ appointment: `2015${month}` }), today);
    expect(result).toEqual({ ok: false, code: 'NIP_APPOINTMENT', value: `2015-${month}` });
  });

  it.each(['01', '12'])('accepts month %s', (month) => {
    expect(checkNip(nipOf({ appointment: `2015${month}` }), today)).toMatchObject({
      ok: true,
      info: { appointmentMonth: `2015-${month}` },
    });
  });

  describe('at or after age 18: the month of the 18th birthday counts, the month before does not', () => {
    it.each([
      ['mid-year birthday', '19900720', '200807', '200806'],
      ['January birthday (month before is in the previous year)', '19900105', '200801', '200712'],
      ['31 December birthday', '19901231', '200812', '200811'],
      ['29 February birthday', '20000229', '201802', '201801'],
      ['birthday on the 1st', '19900301', '200803', '200802'],
    ])('%s', (_label, birth, allowed, refused) => {
      // act
      const ok = checkNip(nipOf({ birth, appointment: allowed }), today);
      const tooEarly = checkNip(nipOf({ birth, appointment: refused }), today);
      // assess
      expect(ok).toMatchObject({ ok: true });
      expect(tooEarly).toEqual({
        ok: false,
        code: 'NIP_APPOINTMENT_TOO_EARLY',
        value: `${refused.slice(0, 4)}-${refused.slice(4)}`,
      });
    });

    it('refuses an appointment years before birth', () => {
      expect(checkNip(nipOf({ birth: '19860926', appointment: '198001' }), today)).toMatchObject({
        ok: false,
        code: 'NIP_APPOINTMENT_TOO_EARLY',
      });
    });
  });

  describe('not after the month of today', () => {
    it('accepts the current month and refuses the next', () => {
      expect(checkNip(nipOf({ appointment: '202603' }), today)).toMatchObject({ ok: true });
      expect(checkNip(nipOf({ appointment: '202604' }), today)).toEqual({
        ok: false,
        code: 'NIP_APPOINTMENT_FUTURE',
        value: '2026-04',
      });
    });

    it('across a year end: on 31 December, next January is in the future', () => {
      expect(checkNip(nipOf({ appointment: '202512' }), '2025-12-31')).toMatchObject({ ok: true });
      expect(checkNip(nipOf({ appointment: '202601' }), '2025-12-31')).toMatchObject({
        ok: false,
        code: 'NIP_APPOINTMENT_FUTURE',
      });
    });

    it('on the first day of a month, that month is already allowed', () => {
      expect(checkNip(nipOf({ appointment: '202604' }), '2026-04-01')).toMatchObject({ ok: true });
    });
  });
});

describe('checkNip: sex digit and sequence', () => {
  it.each(['0', '3', '4', '5', '6', '7', '8', '9'])('refuses sex digit %s with NIP_SEX', (sex) => {
    expect(checkNip(nipOf({ sex }), today)).toEqual({ ok: false, code: 'NIP_SEX', value: sex });
  });

  it('refuses sequence 000 with NIP_SEQUENCE', () => {
    expect(checkNip(nipOf({ seq: '000' }), today)).toEqual({ ok: false, code: 'NIP_SEQUENCE' });
  });

  it.each([
    ['001', 1],
    ['010', 10],
    ['999', 999],
  ])('accepts sequence %s as %i', (seq, sequence) => {
    expect(checkNip(nipOf({ seq }), today)).toMatchObject({ ok: true, info: { sequence } });
  });
});

describe('checkNip: PPPK numbers only have their shape checked', () => {
  it.each([
    ['all zeros', '000000000000000000'],
    ['an impossible birth date', nipOf({ birth: '19860231' })],
    ['an appointment month 13', nipOf({ appointment: '201513' })],
    ['an appointment in the future', nipOf({ appointment: '209901' })],
    ['sex digit 9', nipOf({ sex: '9' })],
    ['sequence 000', nipOf({ seq: '000' })],
  ])('accepts %s, without decoded info', (_label, nip) => {
    expect(checkNip(nip, today, 'PPPK')).toEqual({ ok: true });
  });

  it('still refuses a number that is not 18 digits', () => {
    expect(checkNip('12345', today, 'PPPK')).toEqual({ ok: false, code: 'NIP_FORMAT' });
    expect(checkNip(`${example}0`, today, 'PPPK')).toEqual({ ok: false, code: 'NIP_FORMAT' });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: NIPs built from valid parts are accepted; one invalid part gives its own code.

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthIndex = (y: number, m: number) => y * 12 + (m - 1);
const fromIndex = (i: number) => `${pad(Math.floor(i / 12), 4)}${pad((i % 12) + 1, 2)}`;

interface Parts {
  today: string;
  todayIdx: number;
  by: number;
  bm: number;
  bd: number;
  birth: string;
  appointment: string;
  sex: string;
  seq: string;
}

const validParts: fc.Arbitrary<Parts> = fc
  .record({
    ty: fc.integer({ min: 1920, max: 2100 }),
    tm: fc.integer({ min: 1, max: 12 }),
    tdRaw: fc.nat(),
    byOffset: fc.nat(),
    bm: fc.integer({ min: 1, max: 12 }),
    bdRaw: fc.nat(),
    apRaw: fc.nat(),
    sex: fc.constantFrom('1', '2'),
    seq: fc.integer({ min: 1, max: 999 }),
  })
  .map((r) => {
    const td = (r.tdRaw % daysIn(r.ty, r.tm)) + 1;
    const today = `${r.ty}-${pad(r.tm, 2)}-${pad(td, 2)}`;
    const todayIdx = monthIndex(r.ty, r.tm);
    // born at least 19 years before today's year, so the 18th birthday month is not after today
    const by = 1900 + (r.byOffset % (r.ty - 19 - 1900 + 1));
    const bd = (r.bdRaw % daysIn(by, r.bm)) + 1;
    const earliest = monthIndex(by + 18, r.bm);
    const ap = earliest + (r.apRaw % (todayIdx - earliest + 1));
    return {
      today,
      todayIdx,
      by,
      bm: r.bm,
      bd,
      birth: `${by}${pad(r.bm, 2)}${pad(bd, 2)}`,
      appointment: fromIndex(ap),
      sex: r.sex,
      seq: pad(r.seq, 3),
    };
  });

type Flip = { part: 'birth' | 'appointment' | 'sex' | 'seq'; value: string; code: string };

const flipOf = (p: Parts): fc.Arbitrary<Flip> => {
  const ty = Number(p.today.slice(0, 4));
  const badBirth = fc.oneof(
    fc.constantFrom('00', '32').map((d) => `${p.by}${pad(p.bm, 2)}${d}`),
    fc.constantFrom('00', '13', '99').map((m) => `${p.by}${m}${pad(p.bd, 2)}`),
    // one day past the end of the month (31 April, 29 February of a common year, 32 January...)
    fc.integer({ min: 1, max: 12 }).map((m) => `${p.by}${pad(m, 2)}${pad(daysIn(p.by, m) + 1, 2)}`),
    fc.integer({ min: 0, max: 1899 }).map((y) => `${pad(y, 4)}${pad(p.bm, 2)}${pad(Math.min(p.bd, 28), 2)}`),
    // a real date after today
    fc.integer({ min: ty + 1, max: 9999 }).map((y) => `${y}${pad(p.bm, 2)}${pad(Math.min(p.bd, 28), 2)}`),
  );
  const earliest = monthIndex(p.by + 18, p.bm);
  return fc.oneof(
    badBirth.map((value) => ({ part: 'birth' as const, value, code: 'NIP_BIRTH_DATE' })),
    fc
      .tuple(fc.integer({ min: 1900, max: 9999 }), fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })))
      .map(([y, m]) => ({
        part: 'appointment' as const,
        value: `${y}${pad(m, 2)}`,
        code: 'NIP_APPOINTMENT',
      })),
    fc.integer({ min: 1, max: 18 * 12 + 24 }).map((back) => ({
      part: 'appointment' as const,
      value: fromIndex(Math.max(0, earliest - back)),
      code: 'NIP_APPOINTMENT_TOO_EARLY',
    })),
    fc.integer({ min: 1, max: monthIndex(9999, 12) - p.todayIdx }).map((ahead) => ({
      part: 'appointment' as const,
      value: fromIndex(p.todayIdx + ahead),
      code: 'NIP_APPOINTMENT_FUTURE',
    })),
    fc
      .constantFrom('0', '3', '4', '5', '6', '7', '8', '9')
      .map((value) => ({ part: 'sex' as const, value, code: 'NIP_SEX' })),
    fc.constant({ part: 'seq' as const, value: '000', code: 'NIP_SEQUENCE' }),
  );
};

const build = (p: Parts) => `${p.birth}${p.appointment}${p.sex}${p.seq}`;

describe('checkNip: properties', () => {
  it('a NIP built from valid parts is accepted and decoded back into those parts', () => {
    fc.assert(
      fc.property(validParts, (p) => {
        const nip = build(p);
        expect(nip).toHaveLength(18);
        expect(checkNip(nip, p.today)).toEqual({
          ok: true,
          info: {
            birthDate: `${p.birth.slice(0, 4)}-${p.birth.slice(4, 6)}-${p.birth.slice(6)}`,
            appointmentMonth: `${p.appointment.slice(0, 4)}-${p.appointment.slice(4)}`,
            sex: p.sex === '1' ? 'MALE' : 'FEMALE',
            sequence: Number(p.seq),
          },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('flipping one part to an invalid value gives that part’s code (and PPPK still accepts it)', () => {
    fc.assert(
      fc.property(
        validParts.chain((p) => fc.tuple(fc.constant(p), flipOf(p))),
        ([p, flip]) => {
          const nip = build({ ...p, [flip.part]: flip.value });
          expect(nip).toMatch(/^\d{18}$/);
          expect(checkNip(nip, p.today)).toMatchObject({ ok: false, code: flip.code });
          expect(checkNip(nip, p.today, 'PPPK')).toEqual({ ok: true });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
