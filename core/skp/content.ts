/**
 * The SKP (Sasaran Kinerja Pegawai)'s content: RHK with their IKI and targets, the BerAKHLAK
 * values with the leader's expectations, and cascading (each RHK intervenes in one of the
 * appraiser's). Input schemas and the normalization that gives every RHK and IKI a stable id.
 */
import * as z from 'zod';
import { summable } from '../capaian.ts';
import { type FieldIssue, validationFailed } from '../errors.ts';
import { storableNumber } from '../validation.ts';
import { parseSkpId, skpIdOfRhk } from './id.ts';

export const berakhlak = [
  'BERORIENTASI_PELAYANAN',
  'AKUNTABEL',
  'KOMPETEN',
  'HARMONIS',
  'LOYAL',
  'ADAPTIF',
  'KOLABORATIF',
] as const;

const target = z.union([
  z.object({ value: storableNumber, unit: z.string().trim().min(1).max(40) }).strict(),
  z.object({ description: z.string().trim().min(1).max(500) }).strict(),
]);

/** Q1..Q4 or M01..M12; which ones apply is the agency's periodicity. */
const periodId = z.string().regex(/^(Q[1-4]|M(0[1-9]|1[0-2]))$/, 'PERIOD_FORMAT');

const indicatorInput = z
  .object({
    indicatorId: z
      .string()
      .regex(/^[a-z0-9]{4,12}$/, 'ID_FORMAT')
      .optional(),
    text: z.string().trim().min(1, 'REQUIRED').max(500, 'TOO_LONG'),
    aspect: z.enum(['KUANTITAS', 'KUALITAS', 'WAKTU', 'BIAYA']),
    target,
    lowerIsBetter: z.boolean().optional(),
    /**
     * Target periodik (rencana aksi): the target of each period. Absent periods default to the
     * annual target spread evenly for quantities, and to the annual target for the rest.
     */
    periodTargets: z
      .array(z.object({ period: periodId, target }).strict())
      .max(12)
      .optional()
      .meta({
        description:
          'Per period (Q1..Q4 or M01..M12); default: quantities spread evenly, the rest as the annual target.',
      }),
  })
  .strict();

const rhkInput = z
  .object({
    rhkId: z.string().optional(),
    kind: z.enum(['UTAMA', 'TAMBAHAN']),
    text: z.string().trim().min(1, 'REQUIRED').max(1000, 'TOO_LONG'),
    intervenesRhkId: z.string().nullish(),
    perspektif: z.string().trim().max(100).optional(),
    indicators: z.array(indicatorInput).min(1).max(10),
  })
  .strict();

/**
 * The owner lists the values (all seven are always part of the SKP). The ekspektasi khusus
 * pimpinan is the appraiser's (PUT /v1/skp/{skpId}/expectations): the owner may send it back as
 * read, and a changed one is refused by name.
 */
const perilakuInput = z
  .object({ value: z.enum(berakhlak), ekspektasi: z.string().max(500).nullable().optional() })
  .strict();

/** The appraiser's ekspektasi khusus pimpinan, one per BerAKHLAK value (a value left out: none). */
export const expectationsInput = z
  .object({
    perilaku: z
      .array(
        z
          .object({ value: z.enum(berakhlak), ekspektasi: z.string().trim().min(1).max(500).nullable() })
          .strict(),
      )
      .max(7),
  })
  .strict()
  .meta({ id: 'ExpectationsInput' });
export type ExpectationsInput = z.infer<typeof expectationsInput>;

/** The ekspektasi as stored on the SKP document: by value, only those written. */
export type Ekspektasi = Partial<Record<(typeof berakhlak)[number], string>>;

/** The seven values with the appraiser's ekspektasi merged in (content stores none). */
export const perilakuWith = (ekspektasi: Ekspektasi | undefined): SkpContent['perilaku'] =>
  berakhlak.map((value) => ({ value, ekspektasi: ekspektasi?.[value] ?? null }));

/** Distinct values, or a 422 naming each repeat; the stored map of what is left. */
export function normalizeExpectations(input: ExpectationsInput): Ekspektasi {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  const out: Ekspektasi = {};
  for (const [i, p] of input.perilaku.entries()) {
    if (seen.has(p.value)) issues.push({ path: `perilaku[${i}].value`, code: 'DUPLICATE_ID' });
    seen.add(p.value);
    if (p.ekspektasi !== null) out[p.value] = p.ekspektasi;
  }
  if (issues.length) throw validationFailed(issues);
  return out;
}

export const skpContentInput = z
  .object({
    approach: z.enum(['KUANTITATIF', 'KUALITATIF']).default('KUANTITATIF'),
    rhk: z.array(rhkInput).min(1).max(30),
    perilaku: z.array(perilakuInput).max(7).optional(),
  })
  .strict()
  .meta({ id: 'SkpContentInput' });

export const skpCreateInput = skpContentInput
  .extend({ year: z.number().int().min(2020).max(2100) })
  .meta({ id: 'SkpCreateInput' });
export const reasonInput = z
  .object({ reason: z.string().trim().min(3).max(2000) })
  .strict()
  .meta({ id: 'ReasonInput' });

export type SkpContentInput = z.infer<typeof skpContentInput>;

export type Target = { value: number; unit: string } | { description: string };
export interface Indicator {
  indicatorId: string;
  text: string;
  aspect: 'KUANTITAS' | 'KUALITAS' | 'WAKTU' | 'BIAYA';
  target: Target;
  lowerIsBetter: boolean;
  /** Target periodik entered with the SKP (periods left out default: see `periodTargetOf`). */
  periodTargets?: { period: string; target: Target }[];
}
export interface Rhk {
  rhkId: string;
  kind: 'UTAMA' | 'TAMBAHAN';
  text: string;
  intervenesRhkId: string | null;
  perspektif?: string;
  indicators: Indicator[];
}
export interface SkpContent {
  approach: 'KUANTITATIF' | 'KUALITATIF';
  rhk: Rhk[];
  perilaku: { value: (typeof berakhlak)[number]; ekspektasi: string | null }[];
}

/**
 * The target of one period: entered with the SKP, or by default the annual target spread evenly
 * over the year's periods for a quantity that adds up (`summable`), and the annual target for the
 * rest (rates, quality, time and cost are not summed over a year).
 */
export function periodTargetOf(
  indicator: Pick<Indicator, 'aspect' | 'target' | 'periodTargets'>,
  period: string,
  periodsInYear: number,
): Target {
  const entered = indicator.periodTargets?.find((p) => p.period === period)?.target;
  if (entered) return entered;
  if (summable(indicator) && 'value' in indicator.target) {
    return {
      value: Math.round((indicator.target.value / periodsInYear) * 100) / 100,
      unit: indicator.target.unit,
    };
  }
  return indicator.target;
}

/**
 * Validates content against its owner and gives every RHK and indicator a stable id (kept when
 * the client sends it back). Returns the supervisor SKPs whose RHK are referenced, so the write
 * can check in the same transaction that they exist.
 */
export function normalizeContent(
  input: SkpContentInput,
  skpId: string,
  /** The owner's appraiser, or 'FROM_LINKS' when the write will check it against the links. */
  owner: { appraiserNip: string | null | 'FROM_LINKS' },
  newId: () => string,
): {
  content: SkpContent;
  references: { path: string; skpId: string; rhkId: string }[];
  unlinkedUtama: number;
  linkedAppraiser: string | null;
  /** Ekspektasi the owner sent back: each must be what the appraiser wrote (checked by the write). */
  ekspektasiSent: { path: string; value: (typeof berakhlak)[number]; ekspektasi: string | null }[];
} {
  const issues: FieldIssue[] = [];
  const year = parseSkpId(skpId)!.year;
  const seenRhk = new Set<string>();
  const references: { path: string; skpId: string; rhkId: string }[] = [];
  let unlinkedUtama = 0;
  let linkedAppraiser: string | null = null;
  const rhk: Rhk[] = input.rhk.map((r, i) => {
    let rhkId = r.rhkId;
    if (rhkId !== undefined && (skpIdOfRhk(rhkId) !== skpId || seenRhk.has(rhkId))) {
      issues.push({ path: `rhk[${i}].rhkId`, code: 'FOREIGN_RHK_ID' });
    }
    rhkId ??= `${skpId}~${newId()}`;
    seenRhk.add(rhkId);
    const link: string | null = r.intervenesRhkId ?? null;
    if (link !== null) {
      const target = skpIdOfRhk(link);
      const parsed = target ? parseSkpId(target) : undefined;
      const expected =
        owner.appraiserNip === 'FROM_LINKS' ? (linkedAppraiser ?? parsed?.nip) : owner.appraiserNip;
      if (owner.appraiserNip === null)
        issues.push({ path: `rhk[${i}].intervenesRhkId`, code: 'HEAD_NEEDS_NO_LINK' });
      else if (
        !parsed ||
        parsed.nip !== expected ||
        parsed.year !== year ||
        parsed.nip === parseSkpId(skpId)!.nip
      ) {
        issues.push({ path: `rhk[${i}].intervenesRhkId`, code: 'FOREIGN_RHK' });
      } else {
        linkedAppraiser = parsed.nip;
        references.push({ path: `rhk[${i}].intervenesRhkId`, skpId: target!, rhkId: link });
      }
    } else if (r.kind === 'UTAMA' && owner.appraiserNip !== null) {
      unlinkedUtama++;
    }
    const seenInd = new Set<string>();
    const indicators = r.indicators.map((ind, j) => {
      const indicatorId = ind.indicatorId ?? newId();
      if (seenInd.has(indicatorId))
        issues.push({ path: `rhk[${i}].indicators[${j}].indicatorId`, code: 'DUPLICATE_ID' });
      seenInd.add(indicatorId);
      const periodTargets: { period: string; target: Target }[] = [];
      for (const [k, pt] of (ind.periodTargets ?? []).entries()) {
        const path = `rhk[${i}].indicators[${j}].periodTargets[${k}]`;
        if (periodTargets.some((x) => x.period === pt.period))
          issues.push({ path: `${path}.period`, code: 'DUPLICATE_ID' });
        // A period's target is of the same kind as the annual one (a number, or a description).
        if ('value' in pt.target !== 'value' in ind.target)
          issues.push({ path: `${path}.target`, code: 'PERIOD_TARGET_KIND' });
        periodTargets.push({ period: pt.period, target: pt.target });
      }
      return {
        indicatorId,
        text: ind.text,
        aspect: ind.aspect,
        target: ind.target,
        lowerIsBetter: ind.lowerIsBetter ?? false,
        ...(periodTargets.length ? { periodTargets } : {}),
      };
    });
    return {
      rhkId,
      kind: r.kind,
      text: r.text,
      intervenesRhkId: link,
      ...(r.perspektif ? { perspektif: r.perspektif } : {}),
      indicators,
    };
  });
  if (!rhk.some((r) => r.kind === 'UTAMA')) issues.push({ path: 'rhk', code: 'NEEDS_RHK_UTAMA' });
  const values = new Set<string>();
  for (const [i, p] of (input.perilaku ?? []).entries()) {
    if (values.has(p.value)) issues.push({ path: `perilaku[${i}].value`, code: 'DUPLICATE_ID' });
    values.add(p.value);
  }
  if (issues.length) throw validationFailed(issues);
  const ekspektasiSent = (input.perilaku ?? []).flatMap((p, i) =>
    p.ekspektasi === undefined
      ? []
      : [{ path: `perilaku[${i}].ekspektasi`, value: p.value, ekspektasi: p.ekspektasi }],
  );
  // The content holds the values; their ekspektasi live beside it, written by the appraiser.
  return {
    content: { approach: input.approach, rhk, perilaku: perilakuWith(undefined) },
    references,
    unlinkedUtama,
    linkedAppraiser,
    ekspektasiSent,
  };
}
