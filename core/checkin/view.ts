/**
 * The check-in as stored and as a reader sees it: with capaian per indicator and RHK, and peer
 * input by role. The output schemas are allow-lists: the edge sends exactly these fields.
 */
import * as z from 'zod';
import { actionKinds } from '../action-items.ts';
import type { Actor } from '../actor.ts';
import type { AuditHead } from '../audit.ts';
import { capaianOf, cumulativeCapaian } from '../capaian.ts';
import { etagOf } from '../etag.ts';
import { developmentPlanOutput } from '../follow-up/follow-up.ts';
import { berakhlak } from '../skp/content.ts';
import { serviceFeedbackOutput } from '../survey/view.ts';
import { checkinStatuses, type NewCheckin, type RealisasiEntry } from './content.ts';
import { peerInputView, ratings, type StoredPeerRequest } from './peer.ts';

export interface EvidenceRef {
  fileName: string;
  contentType: string;
  size: number;
}

export interface Dialog {
  dialogId: string;
  date: string;
  topics: string[];
  agreedActions: string[];
  coachingNote?: string;
  recordedBy: string;
  recordedByRole: 'OWNER' | 'APPRAISER';
  recordedAt: string;
}

export interface StoredCheckin extends NewCheckin {
  realisasi: RealisasiEntry[];
  evidence: Record<string, EvidenceRef>;
  selfAssessment?: { summary: string; perilaku: { value: string; text: string }[]; updatedAt: string };
  submittedAt?: string;
  feedback?: {
    general?: string;
    indicators: { indicatorId: string; text: string }[];
    rhk?: { rhkId: string; text: string }[];
    perilaku?: { value: string; text: string }[];
    givenBy: string;
    givenAt: string;
  };
  reviewedAt?: string;
  dialogs: Dialog[];
  pendingKind?: string;
  pendingDueAt?: string;
  escalationLevel?: number;
  missed?: string;
  actionSubject: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  auditHead: AuditHead;
}

/**
 * The check-in as a reader sees it. `capaian`: this period's realisasi against this period's
 * targets (target periodik); `cumulative`: the year so far against the year's targets, from the
 * realisasi of the earlier periods (`earlier`, in order) and this one.
 */
export function checkinView(
  doc: StoredCheckin,
  actor: Actor,
  peers: readonly StoredPeerRequest[],
  earlier: readonly (readonly RealisasiEntry[])[] = [],
) {
  return {
    ...doc,
    evidence: Object.entries(doc.evidence ?? {}).map(([evidenceId, e]) => ({ evidenceId, ...e })),
    capaian: capaianOf(doc.targets, doc.realisasi ?? []),
    cumulative: cumulativeCapaian(doc.targets, [...earlier, doc.realisasi ?? []]),
    peerInput: peerInputView(actor, doc, peers),
    etag: etagOf(doc.auditHead),
  };
}

const timestamp = z.iso.datetime({ offset: true });
const target = z.union([
  z.object({ value: z.number(), unit: z.string() }),
  z.object({ description: z.string() }),
]);

export const capaianOutput = z
  .object({
    indicators: z.array(
      z.object({
        indicatorId: z.string(),
        capaian: z.number().nullable(),
        reason: z.enum(['QUALITATIVE', 'NO_REALISASI', 'NO_VALUE', 'TARGET_ZERO']).optional(),
      }),
    ),
    rhk: z.array(
      z.object({
        rhkId: z.string(),
        kind: z.enum(['UTAMA', 'TAMBAHAN']),
        capaian: z.number().nullable(),
        counted: z.number().int(),
        indicators: z.number().int(),
      }),
    ),
  })
  .meta({
    id: 'Capaian',
    description:
      'realisasi / target x 100; lower is better: (1 + (1 - realisasi / target)) x 100; qualitative targets have no number. Per RHK: the mean of its indicators that have one.',
  });

const peerAnswer = {
  values: z.array(
    z.object({ value: z.enum(berakhlak), rating: z.enum(ratings).optional(), text: z.string().optional() }),
  ),
  general: z.string().optional(),
};

export const peerInputOutput = z
  .object({
    requested: z.number().int(),
    given: z.number().int(),
    anonymousWithheld: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Anonymous answers given but not shown yet: they are shown in groups of three.' }),
    asked: z
      .array(
        z.object({
          peerNip: z.string(),
          peerName: z.string(),
          status: z.enum(['REQUESTED', 'GIVEN']).optional(),
        }),
      )
      .optional(),
    inputs: z
      .array(
        z.object({
          anonymous: z.boolean(),
          peerNip: z.string().optional(),
          peerName: z.string().optional(),
          givenAt: z.string().optional(),
          ...peerAnswer,
        }),
      )
      .optional(),
  })
  .meta({
    id: 'PeerInputSummary',
    description:
      'The owner sees counts only. The appraiser, those above and HR also see whom the appraiser asked (`asked`; for an anonymous request no status, time or answer) and the answers: named ones with the peer, anonymous ones only in groups of three per check-in (the first three to answer, then six, ...), in an order that says nothing about who or when.',
  });

export const dialogOutput = z
  .object({
    dialogId: z.string(),
    date: z.iso.date(),
    topics: z.array(z.string()),
    agreedActions: z.array(z.string()),
    coachingNote: z.string().optional(),
    recordedBy: z.string(),
    recordedByRole: z.enum(['OWNER', 'APPRAISER']),
    recordedAt: timestamp,
  })
  .meta({ id: 'Dialog' });

export const evidenceItemOutput = z.object({
  evidenceId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const checkinOutput = z
  .object({
    skpId: z.string(),
    period: z.string(),
    year: z.number().int(),
    unitId: z.string(),
    unitName: z.string(),
    ownerNip: z.string(),
    ownerName: z.string(),
    appraiserNip: z.string().nullable(),
    status: z.enum(checkinStatuses as ['OPEN', 'SUBMITTED', 'REVIEWED']),
    version: z.number().int(),
    etag: z.string(),
    timeZone: z.string(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    opensAt: timestamp,
    closesAt: timestamp,
    reviewDeadline: timestamp,
    skpRevision: z.number().int(),
    targets: z.array(
      z.object({
        rhkId: z.string(),
        kind: z.enum(['UTAMA', 'TAMBAHAN']),
        text: z.string(),
        indicators: z.array(
          z.object({
            indicatorId: z.string(),
            text: z.string(),
            aspect: z.enum(['KUANTITAS', 'KUALITAS', 'WAKTU', 'BIAYA']),
            target: target.meta({ description: "This period's target (target periodik)." }),
            annualTarget: target.meta({ description: "The year's target." }),
            lowerIsBetter: z.boolean(),
          }),
        ),
      }),
    ),
    realisasi: z.array(
      z.object({
        indicatorId: z.string(),
        value: z.number().optional(),
        description: z.string().optional(),
        note: z.string().optional(),
        evidenceIds: z.array(z.string()),
      }),
    ),
    evidence: z.array(evidenceItemOutput),
    selfAssessment: z
      .object({
        summary: z.string(),
        perilaku: z.array(z.object({ value: z.enum(berakhlak), text: z.string() })),
        updatedAt: timestamp,
      })
      .optional(),
    submittedAt: timestamp.optional(),
    feedback: z
      .object({
        general: z.string().optional(),
        indicators: z.array(z.object({ indicatorId: z.string(), text: z.string() })),
        rhk: z.array(z.object({ rhkId: z.string(), text: z.string() })).optional(),
        perilaku: z.array(z.object({ value: z.enum(berakhlak), text: z.string() })).optional(),
        givenBy: z.string(),
        givenAt: timestamp,
      })
      .optional(),
    reviewedAt: timestamp.optional(),
    dialogs: z.array(dialogOutput),
    capaian: capaianOutput.meta({
      description: "This period's realisasi against this period's targets (target periodik).",
    }),
    cumulative: capaianOutput.meta({
      description:
        "The year so far against the year's targets: quantities summed over the periods, the rest as last given.",
    }),
    peerInput: peerInputOutput,
    serviceFeedback: serviceFeedbackOutput
      .optional()
      .meta({ description: "The owner's service-satisfaction aggregate of the period (GET only)." }),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    escalationLevel: z.number().int().optional(),
    missed: z.string().optional().meta({ description: 'The step the owner missed, once its window closed.' }),
    developmentPlans: z.array(developmentPlanOutput).optional().meta({
      description:
        "Tindak lanjut in force: the development plans of earlier periods' evaluations (and last year's annual one).",
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Checkin' });

export const checkinChangedOutput = z
  .object({
    skpId: z.string(),
    period: z.string(),
    version: z.number().int(),
    etag: z.string(),
    status: z.enum(checkinStatuses as ['OPEN', 'SUBMITTED', 'REVIEWED']).optional(),
    realisasi: checkinOutput.shape.realisasi.optional(),
    evidence: z.array(evidenceItemOutput).optional(),
    selfAssessment: checkinOutput.shape.selfAssessment,
    submittedAt: timestamp.optional(),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: timestamp.optional(),
    feedback: checkinOutput.shape.feedback,
    dialog: dialogOutput.optional(),
  })
  .meta({ id: 'CheckinChange', description: 'What the write changed (capaian comes with GET).' });

export const peerRequestOutput = z
  .object({
    skpId: z.string(),
    period: z.string(),
    year: z.number().int(),
    ownerNip: z.string(),
    ownerName: z.string(),
    unitName: z.string(),
    peerNip: z.string(),
    status: z.enum(['REQUESTED', 'GIVEN']),
    anonymous: z.boolean(),
    perilaku: z.array(z.object({ value: z.enum(berakhlak), ekspektasi: z.string().nullable() })),
    requestedAt: timestamp,
    answer: z.object(peerAnswer).optional(),
    givenAt: timestamp.optional(),
    pendingDueAt: timestamp.optional(),
    version: z.number().int(),
    etag: z.string(),
  })
  .meta({ id: 'PeerRequest', description: 'What a peer is asked (the appraiser who asked is not named).' });
