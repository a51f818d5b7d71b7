/**
 * The SKP as stored and as a reader sees it. The output schema is an allow-list: the edge sends
 * exactly these fields (authorization facts, index keys and the workflow's bookkeeping stay in).
 */
import * as z from 'zod';
import { actionKinds } from '../action-items.ts';
import type { AuditHead } from '../audit.ts';
import { etagOf } from '../etag.ts';
import type { Facts } from '../kinds.ts';
import { berakhlak, type Ekspektasi, perilakuWith, type SkpContent } from './content.ts';
import { type EndReason, type SkpStatus, skpStatuses } from './machine.ts';

export interface SkpDocument extends Facts {
  skpId: string;
  year: number;
  /** Which SKP of the owner's year (1 unless the owner moved mid-year). */
  seq: number;
  /** The months it covers (a whole year unless the owner moved mid-year). */
  startMonth: number;
  endMonth: number;
  unitId: string;
  unitName: string;
  ownerName: string;
  status: SkpStatus;
  version: number;
  revision: number;
  unlinkedUtama: number;
  content: SkpContent;
  approvedContent?: SkpContent;
  /** The appraiser's ekspektasi khusus pimpinan by BerAKHLAK value (content holds none). */
  ekspektasi?: Ekspektasi;
  /** Ids of its RHK: the cascading check of a subordinate's write reads this. */
  rhkIds: string[];
  returnReason?: string;
  revisionReason?: string;
  submittedAt?: string;
  approvedAt?: string;
  endReason?: EndReason;
  endedAt?: string;
  pendingKind?: string;
  pendingDueAt?: string;
  escalationLevel?: number;
  createdAt: string;
  updatedAt: string;
  auditHead: AuditHead;
}

const target = z.union([
  z.object({ value: z.number(), unit: z.string() }),
  z.object({ description: z.string() }),
]);
export const skpContentOutput = z
  .object({
    approach: z.enum(['KUANTITATIF', 'KUALITATIF']),
    rhk: z.array(
      z.object({
        rhkId: z.string(),
        kind: z.enum(['UTAMA', 'TAMBAHAN']),
        text: z.string(),
        intervenesRhkId: z.string().nullable(),
        perspektif: z.string().optional(),
        indicators: z.array(
          z.object({
            indicatorId: z.string(),
            text: z.string(),
            aspect: z.enum(['KUANTITAS', 'KUALITAS', 'WAKTU', 'BIAYA']),
            target,
            lowerIsBetter: z.boolean(),
            periodTargets: z
              .array(z.object({ period: z.string(), target }))
              .optional()
              .meta({ description: 'Target periodik entered; other periods default (see the input).' }),
          }),
        ),
      }),
    ),
    perilaku: z.array(z.object({ value: z.enum(berakhlak), ekspektasi: z.string().nullable() })),
  })
  .meta({ id: 'SkpContent' });

const timestamp = z.iso.datetime({ offset: true });

export const skpOutput = z
  .object({
    skpId: z
      .string()
      .meta({ description: '`<year>.<unitId>.<nip>.<seq>`', example: '2027.bkpsdm.198609262015051001.1' }),
    year: z.number().int(),
    seq: z.number().int().meta({
      description:
        'Which SKP of the year: its first month (1 unless the owner moved into the post mid-year).',
    }),
    startMonth: z.number().int().min(1).max(12),
    endMonth: z.number().int().min(1).max(12),
    agencyId: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    ownerNip: z.string(),
    ownerName: z.string(),
    appraiserNip: z
      .string()
      .nullable()
      .meta({ description: 'The pejabat penilai kinerja; null for the agency head.' }),
    appraiserSupervisorNip: z.string().nullable(),
    status: z.enum(skpStatuses),
    version: z.number().int(),
    etag: z.string(),
    revision: z.number().int(),
    unlinkedUtama: z
      .number()
      .int()
      .meta({ description: 'RHK utama not yet intervening in an RHK of the appraiser.' }),
    content: skpContentOutput,
    approvedContent: skpContentOutput
      .optional()
      .meta({ description: 'The content last approved (kept while a revision is drafted).' }),
    returnReason: z.string().optional(),
    revisionReason: z.string().optional(),
    submittedAt: timestamp.optional(),
    approvedAt: timestamp.optional(),
    endReason: z.enum(['MOVED', 'LEFT']).optional().meta({
      description: 'ENDED: the owner moved (mutasi, promotion, Plt) or left; `endMonth` is its last month.',
    }),
    endedAt: timestamp.optional(),
    pendingKind: z
      .enum(actionKinds)
      .optional()
      .meta({ description: 'The step someone owes on this SKP now.' }),
    pendingDueAt: timestamp.optional(),
    escalationLevel: z.number().int().optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Skp' });
export type SkpOutput = z.infer<typeof skpOutput>;

/** The SKP as read: the appraiser's ekspektasi shown in the content's perilaku. */
export const skpView = (doc: SkpDocument) => {
  const perilaku = perilakuWith(doc.ekspektasi);
  return {
    ...doc,
    content: { ...doc.content, perilaku },
    ...(doc.approvedContent ? { approvedContent: { ...doc.approvedContent, perilaku } } : {}),
    etag: etagOf(doc.auditHead),
  };
};
