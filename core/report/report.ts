/**
 * The report document: a period-end report of an agency or one unit, in up to three formats.
 *   QUEUED --start--> RUNNING --done--> READY
 *                        \--fail--> FAILED    (QUEUED, RUNNING: a retried generation starts again)
 * It is identified by what it reports on and why, so a repeated trigger finds it instead of
 * making a second one: `<year>.<period>.<scope>.<edition>`, the scope `AGENCY` or a unit id, the
 * edition the phase whose close produced it (PLANNING, PERIOD_REVIEW, ANNUAL_REVIEW, CLOSE) or
 * `OD<nnn>` for the n-th on-demand report of that scope and period.
 */
import * as z from 'zod';
import {
  type ReportFormat,
  type ReportPurpose,
  type ReportStatus,
  reportFormats,
  reportOnClose,
  reportPurposes,
  reportStatuses,
  reportStorage,
} from '#config/reports.ts';
import type { PhaseKind } from '#config/workflow.ts';
import { type Actor, hasRole } from '../actor.ts';
import { slugId } from '../agency.ts';
import type { AuditHead } from '../audit.ts';
import { DomainError, notFound, validationFailed } from '../errors.ts';
import { etagOf } from '../etag.ts';

export const reportPeriodPattern = /^(Q[1-4]|M(0[1-9]|1[0-2])|ANNUAL)$/;
export const AGENCY_SCOPE = 'AGENCY';

export const reportRequestInput = z
  .object({
    year: z.number('YEAR_FORMAT').int('YEAR_FORMAT').min(2020, 'YEAR_FORMAT').max(2100, 'YEAR_FORMAT'),
    period: z.string().regex(reportPeriodPattern, 'PERIOD_FORMAT').meta({
      description: '`Q1`..`Q4` (quarterly agency), `M01`..`M12` (monthly), or `ANNUAL` (the year)',
      example: 'Q1',
    }),
    unitId: slugId.optional().meta({ description: 'One unit only (the unit head may ask for theirs).' }),
    formats: z
      .array(z.enum(reportFormats))
      .min(1)
      .max(reportFormats.length)
      .refine((f) => new Set(f).size === f.length, 'REPORT_FORMATS_REPEATED')
      .meta({ example: ['CSV', 'XLSX', 'PDF'] }),
  })
  .strict()
  .meta({ id: 'ReportRequest' });
export type ReportRequestInput = z.infer<typeof reportRequestInput>;

export interface ReportIdParts {
  year: number;
  period: string;
  scope: string;
  edition: string;
}

export const reportIdOf = (p: ReportIdParts) => `${p.year}.${p.period}.${p.scope}.${p.edition}`;

export function parseReportId(id: string): ReportIdParts | undefined {
  const m =
    /^(\d{4})\.(Q[1-4]|M(?:0[1-9]|1[0-2])|ANNUAL)\.(AGENCY|[a-z0-9][a-z0-9-]{1,39})\.(PLANNING|PERIOD_REVIEW|ANNUAL_REVIEW|CLOSE|OD\d{3})$/.exec(
      id,
    );
  return m ? { year: Number(m[1]), period: m[2]!, scope: m[3]!, edition: m[4]! } : undefined;
}

/** The n-th on-demand edition of a scope and period. */
export const onDemandEdition = (n: number) => `OD${String(n).padStart(3, '0')}`;
export const onDemandNumber = (edition: string) =>
  /^OD(\d{3})$/.exec(edition) ? Number(edition.slice(2)) : 0;

/** The report a phase's close produces (undefined: none), from config/reports.ts. */
export function reportOfClosedPhase(event: {
  agencyId: string;
  year: number;
  phase: string;
  period?: string;
}): { period: string; purpose: ReportPurpose; reportId: string } | undefined {
  const rule = reportOnClose[event.phase as PhaseKind];
  if (!rule) return undefined;
  const period = rule.period === 'ANNUAL' ? 'ANNUAL' : event.period;
  if (!period || !reportPeriodPattern.test(period)) return undefined;
  return {
    period,
    purpose: rule.purpose,
    reportId: reportIdOf({ year: event.year, period, scope: AGENCY_SCOPE, edition: event.phase }),
  };
}

export interface ReportFile {
  format: ReportFormat;
  key: string;
  fileName: string;
  contentType: string;
  bytes: number;
  sha256: string;
  versionId?: string;
  /** Data rows (CSV: lines after the header; XLSX: employee rows over the unit sheets). */
  rows?: number;
  sheets?: number;
  pages?: number;
}

export interface Manifest {
  asOf: string;
  employees: number;
  rows: number;
  units: number;
  files: ReportFile[];
  durationMs: number;
}

export interface StoredReport {
  reportId: string;
  agencyId: string;
  year: number;
  period: string;
  scope: string;
  unitId?: string;
  purpose: ReportPurpose;
  edition: string;
  formats: ReportFormat[];
  status: ReportStatus;
  version: number;
  auditHead: AuditHead;
  requestedBy: string;
  requestedAt: string;
  trigger?: { phase: string; closedAt: string };
  attempts: number;
  /** The workflow execution generating it (its retries take over from a task that died). */
  runBy?: string;
  startedAt?: string;
  finishedAt?: string;
  manifest?: Manifest;
  error?: { code: string; message: string };
  createdAt: string;
  updatedAt: string;
}

export const reportContentTypes: Record<ReportFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  PDF: 'application/pdf',
};
const extension: Record<ReportFormat, string> = { CSV: 'csv', XLSX: 'xlsx', PDF: 'pdf' };

/** `laporan-kinerja-kota-makassar-2027-Q1[-bkpsdm]-<edition>.xlsx` */
export const reportFileName = (
  r: Pick<StoredReport, 'agencyId' | 'year' | 'period' | 'scope' | 'edition'>,
  f: ReportFormat,
) =>
  `laporan-kinerja-${r.agencyId}-${r.year}-${r.period}${r.scope === AGENCY_SCOPE ? '' : `-${r.scope}`}-${r.edition.toLowerCase()}.${extension[f]}`;

/** Filed by purpose (the bucket's lifecycle rules work on these prefixes). */
export const reportKey = (
  r: Pick<StoredReport, 'agencyId' | 'year' | 'period' | 'scope' | 'edition' | 'purpose' | 'reportId'>,
  f: ReportFormat,
) => `${reportStorage[r.purpose].prefix}${r.agencyId}/${r.year}/${r.reportId}/${reportFileName(r, f)}`;

// ---- who may ask and read --------------------------------------------------------------------------

/**
 * HR of the agency: any report of it. The head of a unit (the topmost of its members in the org
 * chart): the reports of that unit only. Anyone else: 403 on the collection; another agency: 404.
 * `headOf`: the unit the caller heads, if any (from the org chart).
 */
export function assertMayRequest(
  actor: Actor,
  agencyId: string,
  unitId: string | undefined,
  headOf: string | null,
) {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  if (hasRole(actor, 'HR')) return;
  if (!headOf) throw new DomainError('FORBIDDEN', 'REPORT_HR_OR_UNIT_HEAD');
  if (unitId === undefined)
    throw validationFailed([
      { path: 'unitId', code: 'REPORT_UNIT_HEAD_OWN_UNIT', params: { unitId: headOf } },
    ]);
  if (unitId !== headOf) throw new DomainError('FORBIDDEN', 'REPORT_OTHER_UNIT', { unitId });
}

/** Whether the caller may read this report (HR of its agency; the head of its unit). */
export const mayRead = (
  actor: Actor,
  report: Pick<StoredReport, 'agencyId' | 'scope'>,
  headOf: string | null,
) =>
  actor.agencyId === report.agencyId &&
  (hasRole(actor, 'HR') || (headOf !== null && report.scope !== AGENCY_SCOPE && report.scope === headOf));

/** The unit a person heads: the topmost member of their unit along the chain (see appraisal). */
export const unitHeadedBy = (
  me: { unitId: string; supervisorNip: string | null } | undefined,
  supervisor: { unitId: string } | undefined,
) =>
  me && (me.supervisorNip === null || (supervisor !== undefined && supervisor.unitId !== me.unitId))
    ? me.unitId
    : null;

// ---- the view ----------------------------------------------------------------------------------------

const timestamp = z.iso.datetime({ offset: true });
const fileOutput = z
  .object({
    format: z.enum(reportFormats),
    fileName: z.string(),
    contentType: z.string(),
    bytes: z.number().int(),
    sha256: z.string().meta({ description: 'SHA-256 of the file as stored (hex).' }),
    rows: z.number().int().optional(),
    sheets: z.number().int().optional(),
    pages: z.number().int().optional(),
  })
  .meta({ id: 'ReportFile' });

export const manifestOutput = z
  .object({
    asOf: timestamp.meta({ description: 'The instant the data was read at.' }),
    employees: z.number().int(),
    rows: z
      .number()
      .int()
      .meta({ description: 'Rows of the report (one per SKP; one for an employee without).' }),
    units: z.number().int(),
    files: z.array(fileOutput),
    durationMs: z.number().int(),
  })
  .meta({ id: 'ReportManifest' });

export const reportOutput = z
  .object({
    reportId: z.string(),
    agencyId: z.string(),
    year: z.number().int(),
    period: z.string(),
    unitId: z.string().optional(),
    purpose: z.enum(reportPurposes),
    edition: z.string().meta({ description: 'The phase whose close produced it, or OD<n> on demand.' }),
    formats: z.array(z.enum(reportFormats)),
    status: z.enum(reportStatuses),
    requestedBy: z.string().meta({ description: 'NIP, or SYSTEM for a report of a phase close.' }),
    requestedAt: timestamp,
    startedAt: timestamp.optional(),
    finishedAt: timestamp.optional(),
    attempts: z.number().int(),
    manifest: manifestOutput.optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    etag: z.string(),
  })
  .meta({ id: 'Report' });

export const reportWithDownloads = reportOutput
  .extend({
    downloads: z
      .object(
        Object.fromEntries(reportFormats.map((f) => [f, z.string().optional()])) as Record<
          ReportFormat,
          z.ZodOptional<z.ZodString>
        >,
      )
      .meta({ description: 'Presigned GET URLs, once READY.' }),
    downloadsExpireAt: timestamp.optional(),
  })
  .meta({ id: 'ReportWithDownloads' });

export const reportView = (r: StoredReport) => ({ ...r, etag: etagOf(r.auditHead) });
