/**
 * The periodic check-in's content: one document per SKP and period (Q1..Q4 or M01..M12), opened
 * from the SKP's approved targets inside the period's window. Inputs (realisasi, self-assessment,
 * feedback, dialogs), the window, and the rules of content that need no stored facts. Its
 * lifecycle is ./machine.ts.
 */
import * as z from 'zod';
import { checkinRules, evidenceRules } from '#config/checkin.ts';
import { WorkCalendar } from '../calendar.ts';
import { type CycleCalendar, periodMonths } from '../cycle.ts';
import { DomainError, type FieldIssue, validationFailed } from '../errors.ts';
import { evidenceIdPattern } from '../evidence.ts';
import type { Facts } from '../kinds.ts';
import { berakhlak, type Indicator, periodTargetOf, type Rhk, type SkpContent } from '../skp/content.ts';
import { localDate } from '../time.ts';
import { storableNumber } from '../validation.ts';

export type CheckinStatus = 'OPEN' | 'SUBMITTED' | 'REVIEWED';
export const checkinStatuses: readonly CheckinStatus[] = ['OPEN', 'SUBMITTED', 'REVIEWED'];

/** Period ids of either periodicity; which ones an agency uses is in its cycle calendar. */
export const periodPattern = /^(Q[1-4]|M(0[1-9]|1[0-2]))$/;
const indicatorId = z.string().regex(/^[a-z0-9]{4,12}$/, 'INDICATOR_ID_FORMAT');

// ---- inputs ------------------------------------------------------------------------------------

const realisasiEntry = z
  .object({
    indicatorId,
    value: storableNumber.optional().meta({ description: 'A number, in the unit of the target.' }),
    description: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'A qualitative result (for a qualitative target, or to explain the number).' }),
    note: z.string().trim().min(1).max(500).optional(),
    evidenceIds: z.array(z.string().regex(evidenceIdPattern, 'EVIDENCE_ID_FORMAT')).max(10).optional(),
  })
  .strict()
  .refine((e) => e.value !== undefined || e.description !== undefined, {
    message: 'REALISASI_EMPTY',
    path: ['value'],
  });

export const realisasiInput = z
  .object({ indicators: z.array(realisasiEntry).max(300) })
  .strict()
  .meta({
    id: 'RealisasiInput',
    description: 'The whole realisasi of the period (replaces what was saved).',
  });
export type RealisasiInput = z.infer<typeof realisasiInput>;

const perilakuNote = z
  .object({ value: z.enum(berakhlak), text: z.string().trim().min(1).max(1000) })
  .strict();

export const selfAssessmentInput = z
  .object({
    summary: z.string().trim().min(1, 'REQUIRED').max(3000),
    perilaku: z.array(perilakuNote).max(7).optional(),
  })
  .strict()
  .meta({ id: 'SelfAssessmentInput' });
export type SelfAssessmentInput = z.infer<typeof selfAssessmentInput>;

const feedbackText = z.string().trim().min(1).max(1000);
/**
 * Umpan balik: general, per indicator, per RHK and per BerAKHLAK value (the appraiser's view of
 * the work results and of each behaviour); each part optional, but not all empty.
 */
export const feedbackInput = z
  .object({
    general: z.string().trim().min(1).max(3000).optional(),
    indicators: z
      .array(z.object({ indicatorId, text: feedbackText }).strict())
      .max(300)
      .optional(),
    rhk: z
      .array(z.object({ rhkId: z.string().min(1).max(120), text: feedbackText }).strict())
      .max(30)
      .optional()
      .meta({ description: 'Feedback on each RHK (work result).' }),
    perilaku: z
      .array(z.object({ value: z.enum(berakhlak), text: feedbackText }).strict())
      .max(7)
      .optional()
      .meta({ description: 'Feedback on each BerAKHLAK value.' }),
  })
  .strict()
  .refine(
    (f) =>
      f.general !== undefined ||
      (f.indicators?.length ?? 0) > 0 ||
      (f.rhk?.length ?? 0) > 0 ||
      (f.perilaku?.length ?? 0) > 0,
    {
      message: 'FEEDBACK_EMPTY',
      path: ['general'],
    },
  )
  .meta({ id: 'FeedbackInput' });
export type FeedbackInput = z.infer<typeof feedbackInput>;

export const dialogInput = z
  .object({
    date: z.iso.date().meta({ description: 'The local date the dialog took place.', example: '2027-03-18' }),
    topics: z.array(z.string().trim().min(1).max(300)).min(1).max(10),
    agreedActions: z.array(z.string().trim().min(1).max(500)).max(10).default([]),
    coachingNote: z
      .string()
      .trim()
      .min(1)
      .max(3000)
      .optional()
      .meta({ description: 'Appraiser only: coaching for someone falling behind.' }),
  })
  .strict()
  .meta({ id: 'DialogInput' });
export type DialogInput = z.infer<typeof dialogInput>;

// ---- the document ------------------------------------------------------------------------------

export interface RealisasiEntry {
  indicatorId: string;
  value?: number;
  description?: string;
  note?: string;
  evidenceIds: string[];
}

export interface TargetIndicator {
  indicatorId: string;
  text: string;
  aspect: Indicator['aspect'];
  /** This period's target (target periodik): what the period's capaian compares with. */
  target: Indicator['target'];
  /** The year's target: what the cumulative capaian compares with. */
  annualTarget: Indicator['target'];
  lowerIsBetter: boolean;
}
export interface TargetRhk {
  rhkId: string;
  kind: Rhk['kind'];
  text: string;
  indicators: TargetIndicator[];
}

/** The facts a stored check-in carries for deciding (attribute names as stored). */
export interface CheckinFacts extends Facts {
  skpId: string;
  period: string;
  status: CheckinStatus;
  version: number;
  opensAt: string;
  closesAt: string;
  opensAtMs: number;
  closesAtMs: number;
  periodStart: string;
  indicatorIds: readonly string[];
  indicatorCount: number;
  /** The RHK the check-in records against (feedback may address each). */
  rhkIds: readonly string[];
  realisasiCount: number;
  dialogCount: number;
}

// ---- opening a check-in ------------------------------------------------------------------------

export interface CheckinWindow {
  periodStart: string;
  periodEnd: string;
  opensAt: string;
  closesAt: string;
  opensAtMs: number;
  closesAtMs: number;
  reviewDeadline: string;
}

/**
 * The window of a period: from the start of its first local day to the end of the local day
 * `graceWorkingDays` working days after its last (agency holidays included), but never past the
 * period's review deadline. Undefined when the calendar has no such period.
 */
export function checkinWindow(
  calendar: CycleCalendar,
  year: number,
  period: string,
  graceWorkingDays: number = checkinRules.graceWorkingDays,
): CheckinWindow | undefined {
  const p = calendar.periods.find((x) => x.period === period);
  if (!p) return undefined;
  const cal = new WorkCalendar(calendar.timeZone, [year, year + 1], calendar.localDaysOff);
  const opensAt = cal.startOfDay(p.start);
  let closesAt = cal.endOfDay(graceWorkingDays > 0 ? cal.addWorkingDays(p.end, graceWorkingDays) : p.end);
  if (Date.parse(closesAt) > Date.parse(p.reviewDeadline)) closesAt = p.reviewDeadline;
  return {
    periodStart: p.start,
    periodEnd: p.end,
    opensAt,
    closesAt,
    opensAtMs: Date.parse(opensAt),
    closesAtMs: Date.parse(closesAt),
    reviewDeadline: p.reviewDeadline,
  };
}

/**
 * The targets a check-in records against: the approved SKP's RHK and IKI, as they were, each with
 * this period's target and the year's.
 */
export const targetsOf = (content: SkpContent, period: string, periodsInYear: number): TargetRhk[] =>
  content.rhk.map((r) => ({
    rhkId: r.rhkId,
    kind: r.kind,
    text: r.text,
    indicators: r.indicators.map((i) => ({
      indicatorId: i.indicatorId,
      text: i.text,
      aspect: i.aspect,
      target: periodTargetOf(i, period, periodsInYear),
      annualTarget: i.target,
      lowerIsBetter: i.lowerIsBetter,
    })),
  }));

/** What a check-in needs from its SKP (read once, when the check-in is first written). */
export interface SkpForCheckin extends Facts {
  skpId: string;
  year: number;
  unitId: string;
  unitName: string;
  ownerName: string;
  revision: number;
  approvedContent?: SkpContent;
  /** The months the SKP covers (default the year; after a mutasi, part of it). */
  startMonth?: number;
  endMonth?: number;
}

export interface NewCheckin extends CheckinFacts, CheckinWindow {
  year: number;
  unitId: string;
  unitName: string;
  ownerName: string;
  timeZone: string;
  skpRevision: number;
  targets: TargetRhk[];
}

/**
 * The check-in as it is before its first command (version 0): facts from the SKP, targets from
 * its approved content, window from the cycle calendar. An SKP never approved has no targets to
 * report against (409). An SKP under revision still has its last approved content.
 */
export function openCheckin(skp: SkpForCheckin, calendar: CycleCalendar, period: string): NewCheckin {
  const window = checkinWindow(calendar, skp.year, period);
  if (!window)
    throw new DomainError('NOT_FOUND', 'UNKNOWN_PERIOD', {
      periods: calendar.periods.map((p) => p.period).join(', '),
    });
  if (!skp.approvedContent) throw new DomainError('CONFLICT', 'SKP_NOT_APPROVED', { skpId: skp.skpId });
  // An SKP covers its months only (a mutasi ends one and starts another): no check-in for a
  // period wholly outside them.
  const [first, last] = periodMonths(period);
  const [start, end] = [skp.startMonth ?? 1, skp.endMonth ?? 12];
  if (last < start || first > end)
    throw new DomainError('CONFLICT', 'PERIOD_OUTSIDE_SKP', { period, startMonth: start, endMonth: end });
  const targets = targetsOf(skp.approvedContent, period, calendar.periods.length);
  const indicatorIds = targets.flatMap((r) => r.indicators.map((i) => i.indicatorId));
  return {
    skpId: skp.skpId,
    period,
    year: skp.year,
    agencyId: skp.agencyId,
    unitId: skp.unitId,
    unitName: skp.unitName,
    ownerNip: skp.ownerNip,
    ownerName: skp.ownerName,
    appraiserNip: skp.appraiserNip,
    appraiserSupervisorNip: skp.appraiserSupervisorNip,
    managerChain: [...skp.managerChain],
    approverId: skp.approverId,
    status: 'OPEN',
    version: 0,
    timeZone: calendar.timeZone,
    skpRevision: skp.revision,
    ...window,
    targets,
    indicatorIds,
    indicatorCount: indicatorIds.length,
    rhkIds: targets.map((r) => r.rhkId),
    realisasiCount: 0,
    dialogCount: 0,
  };
}

// ---- content rules -----------------------------------------------------------------------------

/**
 * Realisasi as stored: one entry per indicator (a repeat is refused), evidence ids deduplicated.
 * Returns every evidence id with the first path naming it, for the link check.
 */
export function normalizeRealisasi(input: RealisasiInput): {
  entries: RealisasiEntry[];
  evidence: { evidenceId: string; path: string }[];
} {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const evidence = new Map<string, string>();
  const entries = input.indicators.map((e, i) => {
    if (seen.has(e.indicatorId)) issues.push({ path: `indicators[${i}].indicatorId`, code: 'DUPLICATE_ID' });
    seen.add(e.indicatorId);
    const ids = [...new Set(e.evidenceIds ?? [])];
    ids.forEach((id, j) => {
      if (!evidence.has(id)) evidence.set(id, `indicators[${i}].evidenceIds[${j}]`);
    });
    return {
      indicatorId: e.indicatorId,
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.description !== undefined ? { description: e.description } : {}),
      ...(e.note !== undefined ? { note: e.note } : {}),
      evidenceIds: ids,
    };
  });
  if (evidence.size > evidenceRules.maxLinkedPerSave)
    issues.push({
      path: 'indicators',
      code: 'EVIDENCE_TOO_MANY',
      params: { max: evidenceRules.maxLinkedPerSave },
    });
  if (issues.length) throw validationFailed(issues);
  return { entries, evidence: [...evidence].map(([evidenceId, path]) => ({ evidenceId, path })) };
}

/** Feedback per RHK names each RHK once. */
export function assertDistinctRhk(items: readonly { rhkId: string }[], path = 'rhk'): void {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  items.forEach((x, i) => {
    if (seen.has(x.rhkId)) issues.push({ path: `${path}[${i}].rhkId`, code: 'DUPLICATE_ID' });
    seen.add(x.rhkId);
  });
  if (issues.length) throw validationFailed(issues);
}

/** Feedback per indicator names each indicator once. */
export function assertDistinctIndicators(
  items: readonly { indicatorId: string }[],
  path = 'indicators',
): void {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  items.forEach((x, i) => {
    if (seen.has(x.indicatorId)) issues.push({ path: `${path}[${i}].indicatorId`, code: 'DUPLICATE_ID' });
    seen.add(x.indicatorId);
  });
  if (issues.length) throw validationFailed(issues);
}

/** A self-assessment names each BerAKHLAK value once. */
export function assertDistinctValues(
  items: readonly { value: string }[] | undefined,
  path = 'perilaku',
): void {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  (items ?? []).forEach((x, i) => {
    if (seen.has(x.value)) issues.push({ path: `${path}[${i}].value`, code: 'DUPLICATE_ID' });
    seen.add(x.value);
  });
  if (issues.length) throw validationFailed(issues);
}

/** A dialog cannot be dated later than today anywhere in Indonesia (WIT is the latest zone). */
export function assertDialogDate(date: string, now: Date): void {
  if (date > localDate(now, 'Asia/Jayapura'))
    throw validationFailed([{ path: 'date', code: 'DATE_IN_FUTURE' }]);
}
