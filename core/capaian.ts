/**
 * Capaian (achievement) from realisasi and target, with the arithmetic of PermenPANRB 8/2021
 * (../shared/domain.md):
 *   capaian = realisasi / target x 100
 *   lower is better: (1 + (1 - realisasi / target)) x 100
 * A qualitative target (a description) has no number, nor does a realisasi given only as a
 * description. The result suggests; the appraiser rates. Rounded to two decimals.
 */

export type Target = { value: number; unit: string } | { description: string };

export interface IndicatorTarget {
  indicatorId: string;
  target: Target;
  lowerIsBetter: boolean;
}

export interface RhkTargets {
  rhkId: string;
  kind: 'UTAMA' | 'TAMBAHAN';
  indicators: IndicatorTarget[];
}

export interface RealisasiValue {
  indicatorId: string;
  value?: number | null;
  description?: string | null;
}

/** Why an indicator has no number. */
export type NoCapaian = 'QUALITATIVE' | 'NO_REALISASI' | 'NO_VALUE' | 'TARGET_ZERO';

export interface IndicatorCapaian {
  indicatorId: string;
  capaian: number | null;
  reason?: NoCapaian;
}

export interface RhkCapaian {
  rhkId: string;
  kind: 'UTAMA' | 'TAMBAHAN';
  /** Mean of the indicators that have a number; null when none has. */
  capaian: number | null;
  counted: number;
  indicators: number;
}

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;

/** Unrounded, so an RHK's mean is taken over exact values. */
function exact(t: IndicatorTarget, r: RealisasiValue | undefined): IndicatorCapaian {
  const id = t.indicatorId;
  if (!('value' in t.target)) return { indicatorId: id, capaian: null, reason: 'QUALITATIVE' };
  if (!r) return { indicatorId: id, capaian: null, reason: 'NO_REALISASI' };
  if (r.value === undefined || r.value === null)
    return { indicatorId: id, capaian: null, reason: 'NO_VALUE' };
  const target = t.target.value;
  if (target === 0) {
    // Nothing to divide by: exactly on a zero target is 100, anything else has no number.
    return r.value === 0
      ? { indicatorId: id, capaian: 100 }
      : { indicatorId: id, capaian: null, reason: 'TARGET_ZERO' };
  }
  const ratio = r.value / target;
  return { indicatorId: id, capaian: t.lowerIsBetter ? (1 + (1 - ratio)) * 100 : ratio * 100 };
}

export function indicatorCapaian(t: IndicatorTarget, r: RealisasiValue | undefined): IndicatorCapaian {
  const c = exact(t, r);
  return c.capaian === null ? c : { ...c, capaian: round2(c.capaian) };
}

/** Per indicator and per RHK, in the SKP's order. */
export function capaianOf(
  rhk: readonly RhkTargets[],
  realisasi: readonly RealisasiValue[],
): { indicators: IndicatorCapaian[]; rhk: RhkCapaian[] } {
  const byId = new Map(realisasi.map((r) => [r.indicatorId, r]));
  const indicators: IndicatorCapaian[] = [];
  const perRhk: RhkCapaian[] = rhk.map((r) => {
    const own = r.indicators.map((t) => exact(t, byId.get(t.indicatorId)));
    indicators.push(...own.map((c) => (c.capaian === null ? c : { ...c, capaian: round2(c.capaian) })));
    const numbers = own.map((c) => c.capaian).filter((c): c is number => c !== null);
    return {
      rhkId: r.rhkId,
      kind: r.kind,
      capaian: numbers.length ? round2(numbers.reduce((a, b) => a + b, 0) / numbers.length) : null,
      counted: numbers.length,
      indicators: own.length,
    };
  });
  return { indicators, rhk: perRhk };
}

/**
 * Whether a target adds up over the year: a quantity counted in units (documents, activities),
 * not a rate (a percentage stays 100 % every quarter), nor quality, time or cost.
 */
export const summable = (i: { aspect: string; target: Target }): boolean =>
  i.aspect === 'KUANTITAS' && 'value' in i.target && !/^(%|persen|percent)/i.test(i.target.unit.trim());

/** An indicator of a check-in, with the year's target beside the period's. */
export interface PeriodicIndicator extends IndicatorTarget {
  aspect: 'KUANTITAS' | 'KUALITAS' | 'WAKTU' | 'BIAYA';
  annualTarget?: Target;
}

/**
 * The realisasi of the year so far, one per indicator: a quantity's realisasi summed over the
 * periods so far; for rates, quality, time and cost the latest given. `upTo` is the periods in
 * order, the current one last.
 */
export function combinedRealisasi(
  rhk: readonly { indicators: readonly PeriodicIndicator[] }[],
  upTo: readonly (readonly RealisasiValue[])[],
): RealisasiValue[] {
  const combined: RealisasiValue[] = [];
  for (const r of rhk) {
    for (const i of r.indicators) {
      const given = upTo
        .map((period) => period.find((v) => v.indicatorId === i.indicatorId))
        .filter((v): v is RealisasiValue => v !== undefined);
      if (!given.length) continue;
      const numbers = given.map((v) => v.value).filter((v): v is number => typeof v === 'number');
      if (summable({ aspect: i.aspect, target: i.annualTarget ?? i.target }))
        combined.push({
          indicatorId: i.indicatorId,
          ...(numbers.length ? { value: Math.round(numbers.reduce((a, b) => a + b, 0) * 1e6) / 1e6 } : {}),
        });
      else combined.push(given.at(-1)!);
    }
  }
  return combined;
}

/** Capaian so far in the year, against the year's target (see `combinedRealisasi`). */
export function cumulativeCapaian(
  rhk: readonly (Omit<RhkTargets, 'indicators'> & { indicators: readonly PeriodicIndicator[] })[],
  upTo: readonly (readonly RealisasiValue[])[],
): { indicators: IndicatorCapaian[]; rhk: RhkCapaian[] } {
  const annual = rhk.map((r) => ({
    ...r,
    indicators: r.indicators.map((i) => ({ ...i, target: i.annualTarget ?? i.target })),
  }));
  return capaianOf(annual, combinedRealisasi(rhk, upTo));
}
