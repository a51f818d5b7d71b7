/**
 * Asynchronous employee imports (core/import-job.ts): create a job with a presigned upload URL,
 * start it once the file is uploaded, read it; and run it (the job itself, outside any request).
 *
 * Round trips: create, one transaction (the agency checked, the job, its audit entry); start,
 * one HeadObject (the upload's size) and one transaction conditioned on the machine's
 * precondition, which includes the size; read, one GetItem. The run: the import's own (see
 * import-employees.ts), a progress write at most once a second, one transaction at the end.
 */
import { limits } from '#config/limits.ts';
import type { Actor } from '#core/actor.ts';
import { type AuditHead, headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import { conflict, DomainError, notFound } from '#core/errors.ts';
import { and, eq } from '#core/expr.ts';
import {
  type ImportJobInput,
  type ImportOutcome,
  type ImportPhase,
  importFileKey,
  importJobMachine,
  importJobView,
  jobErrorOf,
  jobIdPattern,
  type StoredImportJob,
  type StoredJobError,
} from '#core/import-job.ts';
import type { Lang } from '#core/messages.ts';
import type { Deps, Doc, IdempotencyKey, ImportJobRef } from '#core/ports.ts';
import { importEmployees } from './import-employees.ts';

const jobRef = (agencyId: string, jobId: string) => ({
  kind: 'IMPORT_JOB' as const,
  id: { agencyId, jobId },
});
const stale = () => new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });

export type ImportJobView = ReturnType<typeof importJobView>;
export interface CreatedImportJob extends ImportJobView {
  upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
}

/** A new job (QUEUED) and the presigned PUT for its file: one transaction, the URL computed locally. */
export async function createImportJob(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  input: ImportJobInput,
  lang: Lang,
  idempotency: IdempotencyKey | undefined,
): Promise<CreatedImportJob> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const jobId = deps.newId(8);
  const s3Key = importFileKey(agencyId, jobId);
  const url = await deps.imports.presignUpload(s3Key, input.size, limits.importUploadUrlSeconds);
  const entry = nextAuditEntry(undefined, {
    subject: subjects.importJob(agencyId, jobId),
    action: 'IMPORT_JOB_CREATED',
    actorNip: actor.nip,
    at,
    data: { size: input.size, s3Key },
  });
  const job: StoredImportJob = {
    jobId,
    agencyId,
    status: 'QUEUED',
    s3Key,
    size: input.size,
    createdBy: actor.nip,
    createdAt: at,
    lang,
    version: 1,
    auditHead: headOf(entry),
  };
  const result: CreatedImportJob = {
    ...importJobView(job, lang),
    upload: {
      url,
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      expiresAt: new Date(now.getTime() + limits.importUploadUrlSeconds * 1000).toISOString(),
    },
  };
  return deps.store.commit(
    [
      {
        type: 'check',
        ref: { kind: 'AGENCY', id: { agencyId } },
        when: eq('agencyId', agencyId),
        explain: () => notFound('AGENCY_NOT_FOUND', { agencyId }),
      },
      { type: 'create', ref: jobRef(agencyId, jobId), doc: job as unknown as Doc, explain: stale },
      { type: 'audit', entry },
    ],
    { result, ...(idempotency ? { idempotency } : {}) },
  );
}

/** The job, for HR of its agency (anyone else: 404). One GetItem. */
export async function readImportJob(deps: Deps, actor: Actor, agencyId: string, jobId: string, lang: Lang) {
  if (!jobIdPattern.test(jobId)) throw notFound('IMPORT_JOB_NOT_FOUND', { jobId });
  const job = (await deps.store.get(jobRef(agencyId, jobId))) as StoredImportJob | undefined;
  if (!job || job.agencyId !== actor.agencyId) throw notFound('IMPORT_JOB_NOT_FOUND', { jobId });
  return importJobView(job, lang);
}

/**
 * QUEUED -> RUNNING, once the file is there at the declared size (a guard of the transition, so
 * the write decides alone), then the job is handed to the runner.
 */
export async function startImport(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  jobId: string,
  ifMatch: AuditHead,
  lang: Lang,
): Promise<ImportJobView> {
  if (!jobIdPattern.test(jobId)) throw notFound('IMPORT_JOB_NOT_FOUND', { jobId });
  const uploaded = await deps.imports.size(importFileKey(agencyId, jobId));
  const now = deps.clock.now();
  const at = now.toISOString();
  const command = { type: 'START' as const };
  const ctx = { jobId, uploaded };
  const entry = nextAuditEntry(ifMatch, {
    subject: subjects.importJob(agencyId, jobId),
    action: 'IMPORT_JOB_STARTED',
    actorNip: actor.nip,
    at,
    data: { size: uploaded ?? null },
  });
  const progress = { phase: 'queued' as const, done: 0, total: 0, at };
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: jobRef(agencyId, jobId),
        when: importJobMachine.precondition(command, actor, ifMatch, ctx),
        changes: {
          set: { status: 'RUNNING', startedAt: at, progress, version: entry.seq, auditHead: headOf(entry) },
        },
        explain: (current) =>
          importJobMachine.explain(
            current?.type === 'IMPORT_JOB' ? current : undefined,
            command,
            actor,
            ifMatch,
            ctx,
            { jobId },
          ),
      },
      { type: 'audit', entry },
    ],
    { result: undefined },
  );
  const job = (await deps.store.get(jobRef(agencyId, jobId))) as unknown as StoredImportJob;
  try {
    await deps.jobs.startImport({ agencyId, jobId });
  } catch (err) {
    await finishJob(deps, job, { error: jobErrorOf(new DomainError('INTERNAL', 'IMPORT_FAILED')) });
    throw err;
  }
  return importJobView(job, lang);
}

/** Progress, written at most once a second and at each change of phase; never audited. */
function progressWriter(deps: Deps, job: StoredImportJob) {
  let latest: StoredImportJob['progress'];
  let lastPhase: ImportPhase | undefined;
  let lastAt = 0;
  let queued = false;
  let chain: Promise<void> = Promise.resolve();
  const write = async () => {
    queued = false;
    await deps.store
      .commit(
        [
          {
            type: 'update',
            ref: jobRef(job.agencyId, job.jobId),
            when: eq('status', 'RUNNING'),
            changes: { set: { progress: latest } },
            explain: () => conflict('IMPORT_JOB_ILLEGAL_TRANSITION', { command: 'PROGRESS', status: '?' }),
          },
        ],
        { result: undefined },
      )
      .catch(() => {});
  };
  return {
    report(phase: ImportPhase, done: number, total: number) {
      const now = deps.clock.now();
      latest = { phase, done, total, at: now.toISOString() };
      if (phase === lastPhase && now.getTime() - lastAt < 1000) return;
      lastPhase = phase;
      lastAt = now.getTime();
      if (!queued) {
        queued = true;
        chain = chain.then(write);
      }
    },
    flush: () => chain,
  };
}

/** RUNNING -> SUCCEEDED | FAILED, with its audit entry, in one transaction. */
async function finishJob(
  deps: Deps,
  job: StoredImportJob,
  end: { outcome: ImportOutcome } | { error: StoredJobError },
): Promise<void> {
  const at = deps.clock.now().toISOString();
  const status = 'outcome' in end ? 'SUCCEEDED' : 'FAILED';
  const entry = nextAuditEntry(job.auditHead, {
    subject: subjects.importJob(job.agencyId, job.jobId),
    action: `IMPORT_JOB_${status}`,
    actorNip: job.createdBy,
    at,
    data: 'outcome' in end ? end.outcome : { code: end.error.code, total: end.error.total },
  });
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: jobRef(job.agencyId, job.jobId),
        when: and(eq('status', 'RUNNING'), eq('version', job.version)),
        changes: {
          set: {
            status,
            finishedAt: at,
            ...end,
            ...('outcome' in end
              ? { progress: { phase: 'done', done: end.outcome.rows, total: end.outcome.rows, at } }
              : {}),
            version: entry.seq,
            auditHead: headOf(entry),
          },
        },
        explain: () => conflict('IMPORT_JOB_ILLEGAL_TRANSITION', { command: status, status: '?' }),
      },
      { type: 'audit', entry },
    ],
    { result: undefined },
  );
}

/**
 * The job itself (the import function in AWS, this process locally): the file from S3, the same
 * import as the synchronous route under the job's own lease token, then the outcome. Idempotent:
 * a job no longer RUNNING is left alone, and a retried run finishes its own committed import.
 */
export async function runImportJob(
  deps: Deps,
  ref: ImportJobRef,
): Promise<ImportJobView['status'] | 'SKIPPED'> {
  const job = (await deps.store.get(jobRef(ref.agencyId, ref.jobId))) as StoredImportJob | undefined;
  if (job?.status !== 'RUNNING') return 'SKIPPED';
  const progress = progressWriter(deps, job);
  try {
    const bytes = await deps.imports.read(job.s3Key);
    if (bytes === undefined) throw conflict('IMPORT_NOT_UPLOADED', { jobId: job.jobId });
    const outcome = await importEmployees(deps, {
      agencyId: job.agencyId,
      // CSV (any encoding and separator) or XLSX, told apart by the bytes as on the direct route.
      file: { bytes },
      actor: { nip: job.createdBy },
      lang: job.lang,
      token: job.jobId,
      onProgress: progress.report,
    });
    await progress.flush();
    await finishJob(deps, job, { outcome });
    return 'SUCCEEDED';
  } catch (err) {
    await progress.flush();
    const known = err instanceof DomainError;
    await finishJob(deps, job, {
      error: jobErrorOf(known ? err : new DomainError('INTERNAL', 'IMPORT_FAILED')),
    });
    if (!known) throw err;
    return 'FAILED';
  }
}
