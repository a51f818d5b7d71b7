/**
 * An asynchronous employee import (for files too large to import within an HTTP request): HR
 * declares the file and gets a presigned upload URL, uploads the CSV, starts the job, and reads
 * its progress and outcome. The import itself is the same all-or-nothing import as the
 * synchronous route (functions/use-cases/import-employees.ts).
 *
 *   QUEUED --START (HR)--> RUNNING --(the job)--> SUCCEEDED | FAILED
 */
import * as z from 'zod';
import { limits } from '#config/limits.ts';
import { type Actor, hasRole } from './actor.ts';
import type { AuditHead } from './audit.ts';
import { DomainError, type FieldIssue, httpStatusOf, type Params } from './errors.ts';
import { etagOf } from './etag.ts';
import { and, eq, FALSE, TRUE } from './expr.ts';
import { defineMachine } from './machine.ts';
import { type Lang, render } from './messages.ts';

export type ImportJobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export const importJobStatuses: readonly ImportJobStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'];
export const jobIdPattern = /^[a-z0-9]{8,16}$/;

export const importJobInput = z
  .object({
    size: z
      .number()
      .int('IMPORT_FILE_SIZE')
      .min(1, 'IMPORT_FILE_SIZE')
      .max(limits.importMaxBytes, 'IMPORT_FILE_SIZE')
      .meta({ description: `Bytes of the CSV file you will upload (at most ${limits.importMaxBytes}).` }),
  })
  .strict()
  .meta({ id: 'ImportJobInput' });
export type ImportJobInput = z.infer<typeof importJobInput>;

export type ImportPhase = 'queued' | 'parsed' | 'validated' | 'staging' | 'committed' | 'applying' | 'done';

/** What an import did (the direct route's answer, a job's outcome). */
export const importOutcome = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rows: z.number().int(),
    format: z.enum(['CSV', 'XLSX']),
    encoding: z
      .enum(['UTF-8', 'UTF-16LE', 'UTF-16BE', 'WINDOWS-1252'])
      .optional()
      .meta({ description: 'CSV: the text encoding found.' }),
    separator: z.enum([',', ';', '\t']).optional().meta({ description: 'CSV: the separator found.' }),
    moved: z.number().int().meta({ description: 'Moves mid-year recorded (with `effectiveMonth`).' }),
    left: z.number().int().meta({ description: 'Leavers recorded (`status: INACTIVE`).' }),
    skpsEnded: z
      .number()
      .int()
      .meta({ description: 'SKPs of an old post ended with the month before the change.' }),
    stepsHandedOn: z.number().int().meta({
      description: 'Pending steps (approve, review) passed to the new supervisor of those who moved.',
    }),
    stepsClosed: z.number().int().meta({ description: "Leavers' own open steps closed." }),
  })
  .meta({ id: 'ImportResult' });
export type ImportOutcome = z.infer<typeof importOutcome>;

/** Why a job failed, kept as codes (rendered in the reader's language). */
export interface StoredJobError {
  kind: DomainError['kind'];
  code: string;
  params: Params;
  /** The first `limits.importMaxErrors` row problems, and how many there were. */
  issues: FieldIssue[];
  total: number;
}

export interface StoredImportJob {
  jobId: string;
  agencyId: string;
  status: ImportJobStatus;
  s3Key: string;
  size: number;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: { phase: ImportPhase; done: number; total: number; at: string };
  outcome?: ImportOutcome;
  error?: StoredJobError;
  /** The language of the request that created it (zod's own messages are rendered in it). */
  lang: Lang;
  version: number;
  auditHead: AuditHead;
}

/** The event that starts a job's run in AWS (EventBridge rule -> the import function). */
export const importJobEvent = { source: 'siklus.imports', detailType: 'ImportJobStarted' } as const;

/** Import files live in the reports bucket, under their agency: `imports/<agencyId>/<jobId>.csv`. */
export const importFileKey = (agencyId: string, jobId: string) => `imports/${agencyId}/${jobId}.csv`;

const isHr = (a: Actor) => hasRole(a, 'HR');

/** What a START is decided on: the job, and the size of what was uploaded (undefined: nothing). */
export interface ImportJobCtx {
  jobId: string;
  uploaded: number | undefined;
}

/** HR of the job's agency starts it, once, after uploading the file at the declared size. */
export const importJobMachine = defineMachine<ImportJobStatus, 'HR', { type: 'START' }, ImportJobCtx>({
  kind: 'IMPORT_JOB',
  statuses: importJobStatuses,
  visible: (a, ctx) => and(eq('jobId', ctx.jobId), eq('agencyId', a.agencyId), isHr(a) ? TRUE : FALSE),
  notFound: (ids) => new DomainError('NOT_FOUND', 'IMPORT_JOB_NOT_FOUND', ids),
  idsOf: (doc) => ({ jobId: String(doc.jobId) }),
  roles: { HR: (a) => (isHr(a) ? eq('agencyId', a.agencyId) : FALSE) },
  roleError: () => new DomainError('FORBIDDEN', 'ROLE_REQUIRED', { role: 'HR' }),
  illegal: (command, status) =>
    new DomainError('CONFLICT', 'IMPORT_JOB_ILLEGAL_TRANSITION', { command, status }),
  commands: {
    START: {
      by: ['HR'],
      from: ['QUEUED'],
      to: 'RUNNING',
      guards: (_cmd, ctx) => [
        {
          when: eq('size', ctx.uploaded ?? -1),
          error: (doc) =>
            ctx.uploaded === undefined
              ? new DomainError('CONFLICT', 'IMPORT_NOT_UPLOADED', { jobId: ctx.jobId })
              : new DomainError('UNPROCESSABLE', 'IMPORT_SIZE_MISMATCH', {
                  declared: Number(doc.size),
                  actual: ctx.uploaded,
                }),
        },
      ],
    },
  },
});

const issueOut = z.object({
  row: z.number().int().optional(),
  path: z.string(),
  code: z.string(),
  message: z.string(),
});

export const importJobOutput = z
  .object({
    jobId: z.string(),
    agencyId: z.string(),
    status: z.enum(importJobStatuses),
    size: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    progress: z
      .object({
        phase: z.enum(['queued', 'parsed', 'validated', 'staging', 'committed', 'applying', 'done']),
        done: z.number().int(),
        total: z.number().int(),
        at: z.string(),
      })
      .optional()
      .meta({ description: 'Where the job is: rows parsed and validated, employees staged, applied.' }),
    outcome: importOutcome.optional(),
    error: z
      .object({
        status: z.number().int(),
        code: z.string(),
        detail: z.string(),
        total: z.number().int(),
        errors: z.array(issueOut),
      })
      .optional()
      .meta({
        description: `Why it failed: the first ${limits.importMaxErrors} row problems and their total; nothing was written.`,
      }),
    version: z.number().int(),
    etag: z.string(),
  })
  .meta({ id: 'ImportJob' });

/** The job as HR reads it, messages in the reader's language. */
export function importJobView(job: StoredImportJob, lang: Lang) {
  const { error } = job;
  return {
    jobId: job.jobId,
    agencyId: job.agencyId,
    status: job.status,
    size: job.size,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.progress ? { progress: job.progress } : {}),
    ...(job.outcome ? { outcome: job.outcome } : {}),
    ...(error
      ? {
          error: {
            status: httpStatusOf[error.kind],
            code: error.code,
            detail: render(error.code, lang, { ...error.params, count: error.total }),
            total: error.total,
            errors: error.issues.map((i) => ({
              ...(i.row !== undefined ? { row: i.row } : {}),
              path: i.path,
              code: i.code,
              message: i.message ?? render(i.code, lang, i.params),
            })),
          },
        }
      : {}),
    version: job.version,
    etag: etagOf(job.auditHead),
  };
}

/** What a failure stores: its codes, the first row problems only. */
export function jobErrorOf(err: DomainError): StoredJobError {
  const total = Number(err.params.total ?? err.issues.length);
  return {
    kind: err.kind,
    code: err.code,
    params: err.params,
    issues: err.issues.slice(0, limits.importMaxErrors),
    total,
  };
}
