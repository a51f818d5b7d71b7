/**
 * The appraisal's rules, pure: the predikat of a pair of ratings, the capaian-based suggestion
 * for hasil kerja, a unit head's hasil kerja from the unit's organisation result, and a unit's
 * distribution of predikat against the curve of its organisation result.
 */
import {
  type CurveRule,
  curve,
  headRatingOf,
  type OrganizationResult,
  type Predikat,
  predikats,
  predikatTable,
  type Rating,
  suggestion,
} from '#config/appraisal.ts';
import type { RhkCapaian } from '../capaian.ts';

export const predikatOf = (hasilKerja: Rating, perilakuKerja: Rating): Predikat =>
  predikatTable[hasilKerja][perilakuKerja];

export const headHasilKerja = (result: OrganizationResult): Rating => headRatingOf[result];

export interface Suggestion {
  hasilKerja: Rating | null;
  /** Per RHK: its capaian and how it compares with expectations. */
  rhk: {
    rhkId: string;
    kind: 'UTAMA' | 'TAMBAHAN';
    capaian: number | null;
    verdict: 'ABOVE' | 'MEETS' | 'BELOW' | 'NO_NUMBER';
  }[];
  basis: string;
}

/**
 * "Di atas" when most or all results exceed expectations and no main result is below; "di
 * bawah" when most or all fall short; otherwise "sesuai" (which allows a small part of the main
 * results below expectation). Only RHK with a number count; none at all: no suggestion.
 */
export function suggestHasilKerja(rhk: readonly RhkCapaian[]): Suggestion {
  const judged = rhk.map((r) => ({
    rhkId: r.rhkId,
    kind: r.kind,
    capaian: r.capaian,
    verdict: (r.capaian === null
      ? 'NO_NUMBER'
      : r.capaian >= suggestion.aboveFrom
        ? 'ABOVE'
        : r.capaian < suggestion.belowUnder
          ? 'BELOW'
          : 'MEETS') as Suggestion['rhk'][number]['verdict'],
  }));
  const counted = judged.filter((r) => r.verdict !== 'NO_NUMBER');
  const basis = `capaian >= ${suggestion.aboveFrom}: di atas; < ${suggestion.belowUnder}: di bawah`;
  if (!counted.length) return { hasilKerja: null, rhk: judged, basis };
  const share = (v: string) => counted.filter((r) => r.verdict === v).length / counted.length;
  const mainBelow = counted.some((r) => r.kind === 'UTAMA' && r.verdict === 'BELOW');
  const hasilKerja: Rating =
    share('ABOVE') > 0.5 && !mainBelow ? 'DI_ATAS' : share('BELOW') > 0.5 ? 'DI_BAWAH' : 'SESUAI';
  return { hasilKerja, rhk: judged, basis };
}

export type Counts = Record<Predikat, number>;
export const noCounts = (): Counts => Object.fromEntries(predikats.map((p) => [p, 0])) as Counts;

export interface Breach {
  /** A stable code for portals, and the numbers behind it. */
  code: 'NOT_LARGEST' | 'ABOVE_MAXIMUM' | 'BELOW_MINIMUM' | 'NONE_OF';
  predikat: readonly Predikat[];
  /** The share allowed (or required), and the share found, 0..1. */
  limit?: number;
  actual?: number;
}

/** A unit's distribution against the pattern of its organisation result: each breach named. */
export function checkCurve(
  result: OrganizationResult,
  counts: Counts,
): { total: number; shares: Record<Predikat, number>; breaches: Breach[] } {
  const rule: CurveRule = curve[result];
  const total = predikats.reduce((n, p) => n + counts[p], 0);
  const shares = Object.fromEntries(predikats.map((p) => [p, total ? counts[p] / total : 0])) as Record<
    Predikat,
    number
  >;
  const breaches: Breach[] = [];
  if (!total) return { total, shares, breaches };
  const sum = (of: readonly Predikat[]) => of.reduce((n, p) => n + shares[p], 0);
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  if (rule.largest) {
    const mine = counts[rule.largest];
    if (predikats.some((p) => p !== rule.largest && counts[p] >= mine))
      breaches.push({ code: 'NOT_LARGEST', predikat: [rule.largest], actual: round(shares[rule.largest]) });
  }
  for (const m of rule.atMost ?? [])
    if (sum(m.of) > m.share + 1e-9)
      breaches.push({ code: 'ABOVE_MAXIMUM', predikat: m.of, limit: m.share, actual: round(sum(m.of)) });
  for (const m of rule.atLeast ?? [])
    if (sum(m.of) < m.share - 1e-9)
      breaches.push({ code: 'BELOW_MINIMUM', predikat: m.of, limit: m.share, actual: round(sum(m.of)) });
  if (rule.some && !rule.some.some((p) => counts[p] > 0))
    breaches.push({ code: 'NONE_OF', predikat: rule.some, actual: 0 });
  return { total, shares, breaches };
}

/**
 * Whether someone heads their unit: nobody above them, or their supervisor is of another unit
 * (the org chart is imported data; titles are never read).
 */
export const headsUnit = (
  employee: { unitId: string; supervisorNip: string | null },
  supervisor: { unitId: string } | undefined,
) => employee.supervisorNip === null || (supervisor !== undefined && supervisor.unitId !== employee.unitId);
