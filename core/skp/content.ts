/**
 * The SKP (Sasaran Kinerja Pegawai)'s content: RHK with their IKI and targets, the BerAKHLAK
 * values with the leader's expectations, and cascading (each RHK intervenes in one of the
 * appraiser's). Input schemas and the normalization that gives every RHK and IKI a stable id.
 */
import { z } from 'zod';
import { type FieldIssue, validationFailed } from '../errors.ts';
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
  z.object({ value: z.number().finite().nonnegative(), unit: z.string().trim().min(1).max(40) }).strict(),
  z.object({ description: z.string().trim().min(1).max(500) }).strict(),
]);

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

const perilakuInput = z
  .object({ value: z.enum(berakhlak), ekspektasi: z.string().trim().max(500).nullish() })
  .strict();

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

export interface Indicator {
  indicatorId: string;
  text: string;
  aspect: 'KUANTITAS' | 'KUALITAS' | 'WAKTU' | 'BIAYA';
  target: { value: number; unit: string } | { description: string };
  lowerIsBetter: boolean;
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
      return {
        indicatorId,
        text: ind.text,
        aspect: ind.aspect,
        target: ind.target,
        lowerIsBetter: ind.lowerIsBetter ?? false,
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
  const perilaku = berakhlak.map((value) => ({
    value,
    ekspektasi: input.perilaku?.find((p) => p.value === value)?.ekspektasi ?? null,
  }));
  return { content: { approach: input.approach, rhk, perilaku }, references, unlinkedUtama, linkedAppraiser };
}
