/**
 * Period-end reports as data: which phase close produces which report, the formats, how long a
 * download link lives, how files are streamed to S3, and how long each kind of report is kept
 * (the reports bucket's lifecycle rules, read by the CDK stateful stack).
 */
import type { Predikat } from './appraisal.ts';
import type { PhaseKind } from './workflow.ts';

export const reportFormats = ['CSV', 'XLSX', 'PDF'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportStatuses = ['QUEUED', 'RUNNING', 'READY', 'FAILED'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** PERIOD: at a phase close; ARCHIVE: the cycle's close; ON_DEMAND: requested by HR or a unit head. */
export const reportPurposes = ['PERIOD', 'ARCHIVE', 'ON_DEMAND'] as const;
export type ReportPurpose = (typeof reportPurposes)[number];

/**
 * The report each phase's close produces for the whole agency (`PeriodClosed`): a period
 * review's is that period's; planning's and the annual review's are the year's; the cycle's
 * close files the year's archive. The appeals phase ends at the same instant as the close,
 * whose archive already holds the appeals' outcomes: it produces none of its own.
 */
export const reportOnClose: Partial<
  Record<PhaseKind, { period: 'OF_PHASE' | 'ANNUAL'; purpose: ReportPurpose }>
> = {
  PLANNING: { period: 'ANNUAL', purpose: 'PERIOD' },
  PERIOD_REVIEW: { period: 'OF_PHASE', purpose: 'PERIOD' },
  ANNUAL_REVIEW: { period: 'ANNUAL', purpose: 'PERIOD' },
  CLOSE: { period: 'ANNUAL', purpose: 'ARCHIVE' },
};

export const reportRules = {
  /** Presigned download links live this long (seconds). */
  downloadTtlSeconds: 300,
  /** Multipart upload part size (S3's minimum is 5 MiB) and parts in flight per file. */
  partBytes: 8 * 1024 * 1024,
  partsInFlight: 2,
  /** Appraisers' names looked up once are kept for the rest of the report (bounded). */
  nameCacheSize: 5000,
  /** Bins of the completion-over-time chart (weeks; wider bins when the span is longer). */
  maxTimeBins: 26,
  /** The generation task's limit; a task that dies past it is retried, then the report FAILED. */
  taskTimeoutSeconds: 900,
} as const;

/** Where each purpose is filed in the reports bucket, and for how long (lifecycle rules). */
export const reportStorage: Record<
  ReportPurpose,
  { prefix: string; infrequentAccessAfterDays?: number; glacierAfterDays?: number; expireAfterDays?: number }
> = {
  // Period reports: read in the weeks after the period, kept for the cycle and the next.
  PERIOD: { prefix: 'periodic/', infrequentAccessAfterDays: 30, expireAfterDays: 3 * 365 },
  // The year's archive: the record of the cycle, moved to Glacier, never expired by the bucket.
  ARCHIVE: { prefix: 'archive/', glacierAfterDays: 90 },
  // On demand: a working copy, regenerated at will.
  ON_DEMAND: { prefix: 'on-demand/', expireAfterDays: 90 },
};

/**
 * What a final predikat leads to, as the report's follow-up column names it (tindak lanjut). The
 * allowance and angka kredit shares beside it are the agency's own policy (core/policy.ts, its
 * defaults in config/follow-up.ts), read when the report is made.
 */
export const followUps = ['PENGHARGAAN', 'TIDAK_ADA', 'PENGEMBANGAN', 'PEMBINAAN'] as const;
export type FollowUp = (typeof followUps)[number];

/**
 * Sangat Baik: recognition; Butuh Perbaikan: development (training, coaching); Kurang and Sangat
 * Kurang: guidance and, where the rules say so, sanctions (PP 30/2019 art. 56-58).
 */
export const followUpOf: Record<Predikat, FollowUp> = {
  SANGAT_BAIK: 'PENGHARGAAN',
  BAIK: 'TIDAK_ADA',
  BUTUH_PERBAIKAN: 'PENGEMBANGAN',
  KURANG: 'PEMBINAAN',
  SANGAT_KURANG: 'PEMBINAAN',
};
