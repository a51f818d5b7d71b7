/**
 * core/capaian.ts: achievement from realisasi and target (domain.md, PermenPANRB 8/2021):
 *   realisasi / target x 100; lower is better: (1 + (1 - realisasi / target)) x 100;
 *   qualitative targets have no number. Per RHK: the mean of its indicators that have one.
 * Checked by table and against an independent formula over random inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capaianOf, type IndicatorTarget, indicatorCapaian, type RhkTargets } from '#core/capaian.ts';

const num = (value: number, lowerIsBetter = false, indicatorId = 'i1'): IndicatorTarget => ({
  indicatorId,
  target: { value, unit: 'x' },
  lowerIsBetter,
});
const qual = (indicatorId = 'q1'): IndicatorTarget => ({
  indicatorId,
  target: { description: 'Pedoman tersusun' },
  lowerIsBetter: false,
});
const real = (value: number | undefined, description?: string, indicatorId = 'i1') => ({
  indicatorId,
  ...(value !== undefined ? { value } : {}),
  ...(description ? { description } : {}),
});

describe('indicatorCapaian: higher is better', () => {
  it.each([
    [80, 100, 80],
    [100, 100, 100],
    [150, 100, 150],
    [0, 100, 0],
    [1, 3, 33.33],
    [2, 3, 66.67],
    [12, 12, 100],
    [5, 8, 62.5],
    [1.005, 1, 100.5], // binary floating point: 1.005 * 100 is 100.49999..., still 100.5
    [250000000, 1000000000, 25],
    [0.0001, 1, 0.01],
  ])('realisasi %d of target %d -> %d', (r, t, expected) => {
    expect(indicatorCapaian(num(t), real(r))).toEqual({ indicatorId: 'i1', capaian: expected });
  });
});

describe('indicatorCapaian: lower is better (1 + (1 - r/t)) x 100', () => {
  it.each([
    [3, 4, 125], // fewer complaints than the target allows
    [4, 4, 100],
    [0, 4, 200],
    [6, 4, 50],
    [8, 4, 0],
    [12, 4, -100], // the formula, unclamped: far worse than target
    [1, 3, 166.67],
    [2, 3, 133.33],
  ])('realisasi %d of target %d -> %d', (r, t, expected) => {
    expect(indicatorCapaian(num(t, true), real(r))).toEqual({ indicatorId: 'i1', capaian: expected });
  });
});

describe('indicatorCapaian: no number', () => {
  it('a qualitative target has none, whatever was reported', () => {
    for (const r of [real(5), real(undefined, 'selesai'), undefined])
      expect(indicatorCapaian(qual('i1'), r)).toEqual({
        indicatorId: 'i1',
        capaian: null,
        reason: 'QUALITATIVE',
      });
  });

  it('no realisasi, or a realisasi without a value', () => {
    expect(indicatorCapaian(num(10), undefined)).toEqual({
      indicatorId: 'i1',
      capaian: null,
      reason: 'NO_REALISASI',
    });
    expect(indicatorCapaian(num(10), real(undefined, 'sebagian'))).toEqual({
      indicatorId: 'i1',
      capaian: null,
      reason: 'NO_VALUE',
    });
    expect(indicatorCapaian(num(10), { indicatorId: 'i1', value: null })).toEqual({
      indicatorId: 'i1',
      capaian: null,
      reason: 'NO_VALUE',
    });
  });

  it('a zero target: exactly zero is 100, anything else has no number (either direction)', () => {
    for (const lower of [false, true]) {
      expect(indicatorCapaian(num(0, lower), real(0))).toEqual({ indicatorId: 'i1', capaian: 100 });
      expect(indicatorCapaian(num(0, lower), real(2))).toEqual({
        indicatorId: 'i1',
        capaian: null,
        reason: 'TARGET_ZERO',
      });
    }
  });
});

describe('capaianOf: per indicator and per RHK', () => {
  const rhk: RhkTargets[] = [
    { rhkId: 'r1', kind: 'UTAMA', indicators: [num(100, false, 'a'), num(4, true, 'b'), qual('c')] },
    { rhkId: 'r2', kind: 'TAMBAHAN', indicators: [qual('d')] },
    { rhkId: 'r3', kind: 'UTAMA', indicators: [num(10, false, 'e'), num(10, false, 'f')] },
  ];

  it("in the SKP's order; an RHK averages the indicators that have a number", () => {
    const out = capaianOf(rhk, [
      real(95, undefined, 'a'),
      real(3, undefined, 'b'),
      real(undefined, 'ok', 'c'),
      real(5, undefined, 'e'),
      real(7, undefined, 'zzz'),
    ]);
    expect(out.indicators).toEqual([
      { indicatorId: 'a', capaian: 95 },
      { indicatorId: 'b', capaian: 125 },
      { indicatorId: 'c', capaian: null, reason: 'QUALITATIVE' },
      { indicatorId: 'd', capaian: null, reason: 'QUALITATIVE' },
      { indicatorId: 'e', capaian: 50 },
      { indicatorId: 'f', capaian: null, reason: 'NO_REALISASI' },
    ]);
    expect(out.rhk).toEqual([
      { rhkId: 'r1', kind: 'UTAMA', capaian: 110, counted: 2, indicators: 3 },
      { rhkId: 'r2', kind: 'TAMBAHAN', capaian: null, counted: 0, indicators: 1 },
      { rhkId: 'r3', kind: 'UTAMA', capaian: 50, counted: 1, indicators: 2 },
    ]);
  });

  it('an RHK mean is taken over exact values, then rounded once', () => {
    // 1/3 and 1/3 and 1/3 of 3: each 33.33 shown, the mean of exact values is 33.33 too;
    // 2/3 of 1 (66.666...) and 1/3 of 1 (33.333...): shown 66.67 and 33.33, exact mean 50.
    const out = capaianOf(
      [{ rhkId: 'r', kind: 'UTAMA', indicators: [num(3, false, 'a'), num(3, false, 'b')] }],
      [real(2, undefined, 'a'), real(1, undefined, 'b')],
    );
    expect(out.indicators.map((i) => i.capaian)).toEqual([66.67, 33.33]);
    expect(out.rhk[0]!.capaian).toBe(50);
    // Where rounding first would differ: 0.004, 0.004 and 0.0071 are shown 0, 0 and 0.01 (mean 0.0033 -> 0),
    // the mean of the exact values is 0.00503 -> 0.01.
    const t = (id: string) => num(100000, false, id);
    const close = capaianOf(
      [{ rhkId: 'r', kind: 'UTAMA', indicators: [t('a'), t('b'), t('c')] }],
      [real(4, undefined, 'a'), real(4, undefined, 'b'), real(7.1, undefined, 'c')],
    );
    expect(close.indicators.map((i) => i.capaian)).toEqual([0, 0, 0.01]);
    expect(close.rhk[0]!.capaian).toBe(0.01);
  });

  it('nothing reported: every indicator without a number, no RHK mean', () => {
    const out = capaianOf(rhk, []);
    expect(out.rhk.every((r) => r.capaian === null && r.counted === 0)).toBe(true);
    expect(out.indicators.map((i) => i.reason)).toEqual([
      'NO_REALISASI',
      'NO_REALISASI',
      'QUALITATIVE',
      'QUALITATIVE',
      'NO_REALISASI',
      'NO_REALISASI',
    ]);
  });

  it('agrees with the formula written out, for any targets and realisasi', () => {
    const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
    const formula = (r: number, t: number, lower: boolean) => (lower ? (2 - r / t) * 100 : (r / t) * 100);
    const ind = fc.record({
      target: fc.oneof(
        fc.record({ value: fc.double({ min: 0.01, max: 1e6, noNaN: true }), unit: fc.constant('u') }),
        fc.record({ description: fc.constant('d') }),
      ),
      lowerIsBetter: fc.boolean(),
      r: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(ind, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (groups) => {
          let n = 0;
          const rhk: RhkTargets[] = groups.map((g, i) => ({
            rhkId: `r${i}`,
            kind: 'UTAMA',
            indicators: g.map((x) => ({
              indicatorId: `i${n++}`,
              target: x.target,
              lowerIsBetter: x.lowerIsBetter,
            })),
          }));
          n = 0;
          const realisasi = groups.flatMap((g) =>
            g.map((x) => ({
              indicatorId: `i${n++}`,
              ...(x.r !== undefined ? { value: x.r } : { description: 'tanpa angka' }),
            })),
          );
          const out = capaianOf(rhk, realisasi);
          n = 0;
          groups.forEach((g, i) => {
            const exact: number[] = [];
            for (const x of g) {
              const got = out.indicators[n++]!;
              const expected =
                'value' in x.target && x.r !== undefined
                  ? formula(x.r, x.target.value, x.lowerIsBetter)
                  : null;
              if (expected === null) expect(got.capaian).toBeNull();
              else {
                expect(got.capaian).toBe(round2(expected));
                exact.push(expected);
              }
            }
            const mean = exact.length ? round2(exact.reduce((a, b) => a + b, 0) / exact.length) : null;
            expect(out.rhk[i]).toEqual({
              rhkId: `r${i}`,
              kind: 'UTAMA',
              capaian: mean,
              counted: exact.length,
              indicators: g.length,
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
