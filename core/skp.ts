/**
 * The SKP (Sasaran Kinerja Pegawai): content, cascading, and its lifecycle as a pure state
 * machine. Storage turns `Transition.precondition` into a ConditionExpression, so one write
 * decides; when it is refused, `explainRefusal` says why from the item as it is.
 */
import { z } from 'zod';
import type { Actor } from './actor.ts';
import { hasRole } from './actor.ts';
import { DomainError, type FieldIssue, forbidden, notFound, validationFailed } from './errors.ts';

export const berakhlak = [
  'BERORIENTASI_PELAYANAN',
  'AKUNTABEL',
  'KOMPETEN',
  'HARMONIS',
  'LOYAL',
  'ADAPTIF',
  'KOLABORATIF',
] as const;

export type SkpStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED';
export const skpStatuses: readonly SkpStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'];

/**
 * `<year>.<unitId>.<nip>`: one SKP per employee and year. The id names the facts a state change
 * needs before it writes (year -> the cycle calendar, unit -> the completion counters), so a
 * change costs one round trip. Ids are not secrets: every read and write is authorized.
 */
export const skpIdOf = (year: number, unitId: string, nip: string) => `${year}.${unitId}.${nip}`;
export const parseSkpId = (skpId: string) => {
  const m = /^(\d{4})\.([a-z0-9][a-z0-9-]{1,39})\.(\d{18})$/.exec(skpId);
  return m ? { year: Number(m[1]), unitId: m[2]!, nip: m[3]! } : undefined;
};
/** RHK ids are `<skpId>~<suffix>`, so a reference names the SKP it lives in. */
export const skpIdOfRhk = (rhkId: string) => {
  const m = /^([^~]+)~[a-z0-9]{4,12}$/.exec(rhkId);
  return m && parseSkpId(m[1]!) ? m[1] : undefined;
};

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
    intervenesRhkId: z.string().optional(),
    perspektif: z.string().trim().max(100).optional(),
    indicators: z.array(indicatorInput).min(1).max(10),
  })
  .strict();

const perilakuInput = z
  .object({ value: z.enum(berakhlak), ekspektasi: z.string().trim().max(500).optional() })
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

// ---- lifecycle -------------------------------------------------------------------------------

export type SkpCommand =
  | { type: 'EDIT' }
  | { type: 'SUBMIT' }
  | { type: 'APPROVE' }
  | { type: 'RETURN'; reason: string }
  | { type: 'REVISE'; reason: string };

/** Who may issue each command, and from which statuses. The whole machine, as data. */
export const machine: Record<
  SkpCommand['type'],
  { by: 'OWNER' | 'APPRAISER'; from: readonly SkpStatus[]; to: SkpStatus }
> = {
  EDIT: { by: 'OWNER', from: ['DRAFT', 'RETURNED'], to: 'DRAFT' },
  SUBMIT: { by: 'OWNER', from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED' },
  APPROVE: { by: 'APPRAISER', from: ['SUBMITTED'], to: 'APPROVED' },
  RETURN: { by: 'APPRAISER', from: ['SUBMITTED'], to: 'RETURNED' },
  REVISE: { by: 'OWNER', from: ['APPROVED'], to: 'DRAFT' },
};

/** The facts a stored SKP carries for deciding. */
export interface SkpFacts {
  skpId: string;
  agencyId: string;
  ownerNip: string;
  appraiserNip: string | null;
  managerChain: readonly string[];
  status: SkpStatus;
  version: number;
  unlinkedUtama: number;
}

/**
 * The status after a command. An edit always leaves a DRAFT: a returned SKP being edited is back
 * in drafting (both count as drafting, and its RESUBMIT action item and return reason stay).
 */
export const nextStatus = (command: SkpCommand['type'], _from: SkpStatus): SkpStatus => machine[command].to;

/** Pure transition: the state after `command`, or the domain error that refuses it. */
export function decide(
  state: SkpFacts,
  command: SkpCommand,
  actor: Actor,
  expectedVersion: number,
): SkpFacts {
  assertCanRead(actor, state);
  const rule = machine[command.type];
  const isOwner = actor.nip === state.ownerNip;
  // The agency head's appraiser (the region head / PPK) is outside the org chart: HR of the
  // agency records that decision.
  const isAppraiser =
    state.appraiserNip !== null
      ? actor.nip === state.appraiserNip
      : hasRole(actor, 'HR') && actor.agencyId === state.agencyId && actor.nip !== state.ownerNip; // never one's own
  if (rule.by === 'OWNER' ? !isOwner : !isAppraiser) {
    throw new DomainError('FORBIDDEN', rule.by === 'OWNER' ? 'SKP_OWNER_ONLY' : 'SKP_APPRAISER_ONLY');
  }
  if (state.version !== expectedVersion)
    throw new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: state.version });
  if (!rule.from.includes(state.status)) {
    throw new DomainError('CONFLICT', 'ILLEGAL_TRANSITION', { command: command.type, status: state.status });
  }
  // The agency head (no appraiser) intervenes in no one's RHK, so needs no links.
  if (command.type === 'SUBMIT' && state.unlinkedUtama > 0 && state.appraiserNip !== null) {
    throw new DomainError('UNPROCESSABLE', 'RHK_NOT_CASCADED', { count: state.unlinkedUtama });
  }
  return { ...state, status: nextStatus(command.type, state.status), version: state.version + 1 };
}

/** Why a conditional write was refused, from the item as it is now (ALL_OLD), or undefined. */
export function explainRefusal(
  current: SkpFacts | undefined,
  command: SkpCommand,
  actor: Actor,
  expectedVersion: number,
  skpId: string,
): DomainError {
  if (!current) return notFound('SKP_NOT_FOUND', { skpId });
  try {
    decide(current, command, actor, expectedVersion);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  // The item allows the command now: it changed between the write and this explanation.
  return new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: current.version });
}

/** Owner, supervisors above, HR of the agency. Others: 404, so ids cannot be probed. */
export function assertCanRead(
  actor: Actor,
  skp: Pick<SkpFacts, 'skpId' | 'agencyId' | 'ownerNip' | 'managerChain'>,
): void {
  if (actor.agencyId === skp.agencyId) {
    if (actor.nip === skp.ownerNip || skp.managerChain.includes(actor.nip) || hasRole(actor, 'HR')) return;
  }
  throw notFound('SKP_NOT_FOUND', { skpId: skp.skpId });
}

/** Only the owner drafts their own SKP. */
export function assertCanCreate(actor: Actor, owner: { nip: string; agencyId: string }): void {
  if (actor.nip !== owner.nip || actor.agencyId !== owner.agencyId) throw forbidden('SKP_OWNER_ONLY');
}

/**
 * Counts per unit move between these buckets: RETURNED counts as drafting (it is back with the
 * owner). Each command's `from` statuses share one bucket, so the storage knows the move blind.
 */
export const countBucket = (s: SkpStatus): 'drafting' | 'submitted' | 'approved' =>
  s === 'SUBMITTED' ? 'submitted' : s === 'APPROVED' ? 'approved' : 'drafting';
