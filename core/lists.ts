/**
 * The lists portals build their screens from, as pure functions over the documents one Query
 * returns: a supervisor's team (each direct report with their SKPs and check-ins of a year), a
 * unit's SKPs, an agency's cycles. Output schemas are allow-lists, like every view.
 */
import * as z from 'zod';
import { actionKinds } from './action-items.ts';
import { type CycleCalendar, phaseAt } from './cycle.ts';
import { skpStatuses } from './skp/machine.ts';

type Doc = Readonly<Record<string, unknown>>;

const timestamp = z.iso.datetime({ offset: true });
const checkinStatus = z.enum(['OPEN', 'SUBMITTED', 'REVIEWED']);

export const skpSummary = z
  .object({
    skpId: z.string().meta({ example: '2027.bkpsdm.198609262015051001.1' }),
    year: z.number().int(),
    seq: z.number().int().meta({ description: 'Which SKP of the year (1 unless the owner moved mid-year).' }),
    startMonth: z.number().int().min(1).max(12),
    endMonth: z.number().int().min(1).max(12),
    status: z.enum(skpStatuses),
    endReason: z.enum(['MOVED', 'LEFT']).optional().meta({ description: 'Why an ENDED SKP ended.' }),
    pendingKind: z.enum(actionKinds).optional().meta({ description: 'The step someone owes on it now.' }),
    pendingDueAt: timestamp.optional(),
    escalationLevel: z.number().int().optional(),
    submittedAt: timestamp.optional(),
    approvedAt: timestamp.optional(),
  })
  .meta({ id: 'SkpSummary' });

export const checkinSummary = z
  .object({
    skpId: z.string(),
    period: z.string().meta({ example: 'Q1' }),
    status: checkinStatus,
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    submittedAt: timestamp.optional(),
    reviewedAt: timestamp.optional(),
  })
  .meta({ id: 'CheckinSummary' });

export const teamMember = z
  .object({
    nip: z.string().meta({ example: '199205302017011005' }),
    name: z.string(),
    position: z.string().nullable().meta({ description: 'Null for a former report (see `directReport`).' }),
    unitId: z.string(),
    unitName: z.string(),
    directReport: z.boolean().meta({
      description:
        'False for someone who moved away this year whose earlier SKP you still appraise (its months are yours to evaluate).',
    }),
    skp: skpSummary
      .nullable()
      .meta({ description: 'The SKP you appraise now (the latest of the year); null: none drafted yet.' }),
    skps: z.array(skpSummary).meta({ description: 'Every SKP of the year you appraise, in order.' }),
    checkins: z
      .array(checkinSummary)
      .meta({ description: 'Their check-ins of the year, by SKP and period.' }),
  })
  .meta({
    id: 'TeamMember',
    description:
      'A direct report with what they have of the year. The evaluation status is added by the appraisal work (not yet part of this contract).',
  });
export type TeamMember = z.infer<typeof teamMember>;

const pick = (d: Doc, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => d[k] !== undefined && d[k] !== null).map((k) => [k, d[k]]));

export const toSkpSummary = (d: Doc) =>
  pick(d, [
    'skpId',
    'year',
    'seq',
    'startMonth',
    'endMonth',
    'status',
    'endReason',
    'pendingKind',
    'pendingDueAt',
    'escalationLevel',
    'submittedAt',
    'approvedAt',
  ]) as z.infer<typeof skpSummary>;

const toCheckinSummary = (d: Doc) =>
  pick(d, [
    'skpId',
    'period',
    'status',
    'pendingKind',
    'pendingDueAt',
    'submittedAt',
    'reviewedAt',
  ]) as z.infer<typeof checkinSummary>;

/**
 * The team page from the documents of one Query on the appraiser's team index: each person's
 * profile comes first, then their documents (a page never splits a person). A person without a
 * profile row moved to another supervisor this year: their earlier SKP is still yours to appraise.
 */
export function teamMembers(docs: readonly Doc[]): TeamMember[] {
  const byNip = new Map<string, { profile?: Doc; skps: Doc[]; checkins: Doc[] }>();
  for (const d of docs) {
    const nip = String(d.type === 'EMPLOYEE' ? d.nip : d.ownerNip);
    const entry = byNip.get(nip) ?? { skps: [], checkins: [] };
    if (d.type === 'EMPLOYEE') entry.profile = d;
    else if (d.type === 'SKP') entry.skps.push(d);
    else if (d.type === 'CHECKIN') entry.checkins.push(d);
    byNip.set(nip, entry);
  }
  return [...byNip].map(([nip, e]) => {
    const skps = e.skps.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toSkpSummary);
    const source = e.profile ?? e.skps[0] ?? e.checkins[0] ?? {};
    return {
      nip,
      name: String(e.profile?.name ?? source.ownerName ?? ''),
      position: e.profile ? String(e.profile.position) : null,
      unitId: String(source.unitId ?? ''),
      unitName: String(source.unitName ?? ''),
      directReport: e.profile !== undefined,
      skp: skps.at(-1) ?? null,
      skps,
      checkins: e.checkins.map(toCheckinSummary),
    };
  });
}

/** A unit's SKP as listed: the summary, with whose it is. */
export const unitSkp = skpSummary
  .extend({
    ownerNip: z.string(),
    ownerName: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    appraiserNip: z.string().nullable(),
    revision: z.number().int(),
    unlinkedUtama: z.number().int(),
    updatedAt: timestamp,
  })
  .meta({ id: 'UnitSkp' });

/** The attributes a unit's SKP list reads (not the content). */
export const unitSkpFields = [
  ...Object.keys(unitSkp.shape),
  'agencyId',
  'managerChain',
  'type',
] as const satisfies readonly string[];

export const toUnitSkp = (d: Doc) =>
  ({
    ...toSkpSummary(d),
    ...pick(d, ['ownerNip', 'ownerName', 'unitId', 'unitName', 'revision', 'unlinkedUtama', 'updatedAt']),
    appraiserNip: (d.appraiserNip as string | null | undefined) ?? null,
  }) as z.infer<typeof unitSkp>;

export const phaseName = z.enum(['PLANNING', 'EXECUTION', 'ANNUAL_REVIEW', 'APPEALS', 'CLOSED']);

export const cycleSummary = z
  .object({
    agencyId: z.string(),
    year: z.number().int(),
    currentPhase: phaseName,
    timeZone: z.string().meta({ example: 'Asia/Makassar' }),
    periodicity: z.enum(['QUARTERLY', 'MONTHLY']),
    deadlines: z.object({
      planning: timestamp,
      annualReview: timestamp,
      appealFiling: timestamp,
      appealDecision: timestamp,
    }),
    createdAt: timestamp,
  })
  .meta({ id: 'CycleSummary', description: 'GET the cycle by its year for phases, periods and completion.' });

export const toCycleSummary = (d: Doc, now: Date): z.infer<typeof cycleSummary> => {
  const calendar = d.calendar as CycleCalendar;
  return {
    agencyId: String(d.agencyId),
    year: Number(d.year),
    currentPhase: phaseAt(calendar, now),
    timeZone: calendar.timeZone,
    periodicity: calendar.periodicity,
    deadlines: calendar.deadlines,
    createdAt: String(d.createdAt),
  };
};

/** What an action item or a notice is about (the fields each kind of subject has). */
export const subjectOutput = z
  .object({
    type: z
      .enum([
        'SKP',
        'CHECKIN',
        'PEER_INPUT',
        'SKP_DUTY',
        'CHECKIN_DUTY',
        'DUTY',
        'EVALUATION',
        'APPEAL',
        'FOLLOW_UP',
        'UNIT_RESULT',
      ])
      .meta({
        description:
          "SKP, a check-in, a peer request, a duty a phase opened before its document exists, an evaluation, an appeal (keberatan), a follow-up (tindak lanjut), or a unit's result.",
      }),
    skpId: z.string().optional(),
    period: z.string().optional(),
    year: z.number().int().optional(),
    ownerNip: z.string().optional(),
    ownerName: z.string().optional(),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    status: z.string().optional().meta({ description: 'For an SKP: its status when the item was listed.' }),
    agencyId: z.string().optional(),
    headNip: z.string().optional().meta({ description: "UNIT_RESULT: the unit's head." }),
    headName: z.string().optional(),
    predikat: z.enum(['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG']).optional().meta({
      description:
        'EVALUATION, once delivered: the result; APPEAL, once decided: the final result; FOLLOW_UP: the rating it follows.',
    }),
    outcome: z.enum(['UPHELD', 'CHANGED']).optional().meta({ description: 'APPEAL, once decided.' }),
  })
  .meta({ id: 'Subject' });
