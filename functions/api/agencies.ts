/** Agencies and the employee import. */
import * as z from 'zod';
import { limits } from '#config/limits.ts';
import { agency, agencyInput, newAgency } from '#core/agency.ts';
import { assertAdmin, assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { notFound } from '#core/errors.ts';
import { importJobInput, importJobOutput, importOutcome } from '#core/import-job.ts';
import { importTemplateCsv, importTemplateXlsx, xlsxType } from '../adapters/spreadsheet.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, idempotencyHeader, idempotencyOf, ifMatchHeader, ifMatchOf } from '../http/params.ts';
import { defineRoute, fileBody } from '../http/route.ts';
import { importEmployees } from '../use-cases/import-employees.ts';
import { createImportJob, readImportJob, startImport } from '../use-cases/import-jobs.ts';
import { createAgency, getAgency, viewOfAgency } from '../use-cases/org.ts';

const group = 'agencies';
const tag = 'Agencies';
const agencyOutput = z.object({ ...agency.shape, etag: z.string() }).meta({ id: 'Agency' });

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/agencies',
    group,
    tag,
    auth: 'jwt',
    operationId: 'createAgency',
    summary: 'Register an agency (ADMIN)',
    headers: idempotencyHeader,
    body: { schema: agencyInput },
    responses: { 201: { description: 'Created', schema: agencyOutput, headers: ['etag', 'location'] } },
    errors: [403, 409, 422],
    handler: async (req) => {
      assertAdmin(req.actor);
      const view = await createAgency(
        req.deps,
        newAgency(req.body, req.actor.nip, req.now),
        req.actor.nip,
        idempotencyOf(req),
      );
      return {
        status: 201,
        body: view,
        headers: { etag: view.etag, location: `/v1/agencies/${view.agencyId}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getAgency',
    summary: 'An agency (its members and ADMIN)',
    params: z.object({ agencyId: agencyIdParam }),
    responses: { 200: { description: 'The agency', schema: agencyOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) => {
      assertCanReadAgency(req.actor, req.params.agencyId);
      const found = await getAgency(req.deps, req.params.agencyId);
      if (!found) throw notFound('AGENCY_NOT_FOUND', { agencyId: req.params.agencyId });
      const view = viewOfAgency(found);
      return { status: 200, body: view, headers: { etag: view.etag } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/employees/import',
    group,
    tag,
    auth: 'jwt',
    operationId: 'importEmployees',
    summary: 'Import the org chart from a CSV or XLSX file (HR): all rows valid or nothing written',
    description:
      'Columns `nip,name,email,position,unitId,unitName,supervisorNip` in any order (header names ignore case and ' +
      'spaces; two cells naming the same column are refused), and optionally `asnType` (PNS or PPPK), `jobType` (FUNGSIONAL, PELAKSANA or STRUKTURAL: only a ' +
      'functional position earns angka kredit), `status` (ACTIVE or INACTIVE) and `effectiveMonth` (YYYY-MM). ' +
      'Send the file as it is: CSV separated by `,` or `;` (Excel in an Indonesian locale), UTF-8 or Windows-1252 ' +
      '(detected; a `charset` parameter is honoured), or an XLSX workbook (its first sheet); `application/octet-stream` ' +
      'is told apart by its bytes. A NIP may be typed with spaces, dots or a leading apostrophe; one that Excel turned ' +
      'into a number (`1.99203E+17`) is refused with how to fix it. A change of unit, position or supervisor with an ' +
      '`effectiveMonth` is a move mid-year (mutasi, promotion, Plt): the SKP of the old post ends with the month before ' +
      'and the employee drafts the next one for the rest of the year; without it, the change corrects the record and ' +
      'the documents follow. `status: INACTIVE` with `effectiveMonth` marks a leaver: their SKP ends, their own open ' +
      'steps close, and their reports (who must be given a new supervisor in the same file) bring their pending steps ' +
      'to that supervisor. Upserts idempotently; one import of an agency at a time (409). Template: ' +
      '`GET /v1/agencies/{agencyId}/employees/import/template`. ' +
      `At most ${limits.importSyncMaxRows} rows, so it finishes well inside API Gateway's 29 s; a larger file gets 413 ` +
      '`IMPORT_TOO_LARGE_FOR_SYNC`: upload it with `POST /v1/agencies/{agencyId}/employees/imports`. ' +
      `A 422 lists the first ${limits.importMaxErrors} row problems and gives their \`total\`.`,
    params: z.object({ agencyId: agencyIdParam }),
    headers: idempotencyHeader,
    body: {
      schema: fileBody,
      contentType: [
        { type: 'text/csv', binary: false, description: 'UTF-8 or Windows-1252; `,` or `;`' },
        { type: xlsxType, binary: true, description: 'An Excel workbook (its first sheet)' },
        { type: 'application/octet-stream', binary: true, description: 'Either, told apart by its bytes' },
      ],
    },
    responses: { 200: { description: 'Imported', schema: importOutcome } },
    errors: [403, 404, 409, 413, 415, 422],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const idem = idempotencyOf(req);
      const run = () =>
        importEmployees(req.deps, {
          agencyId: req.params.agencyId,
          file: req.body,
          actor: req.actor,
          lang: req.lang,
          maxRows: limits.importSyncMaxRows,
        });
      // Bulk (not one transaction): the key is checked before and recorded after.
      const body = idem ? await req.deps.store.bulkIdempotent(idem, run) : await run();
      return { status: 200, body };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/employees/import/template',
    group,
    tag,
    auth: 'jwt',
    operationId: 'employeeImportTemplate',
    summary: 'The import template to fill in (HR): XLSX with the NIP columns as Text, or CSV',
    description:
      'XLSX (default): a "Pegawai" sheet with the header row, NIP and month columns formatted as Text (so Excel keeps ' +
      'all 18 digits), lists for `asnType` and `status`, and a "Petunjuk" sheet explaining each column in Bahasa ' +
      'Indonesia and English. CSV: the header row separated by `;`, UTF-8 with a BOM.',
    params: z.object({ agencyId: agencyIdParam }),
    query: z.object({ format: z.enum(['XLSX', 'CSV']).default('XLSX') }),
    responses: {
      200: {
        description: 'The template',
        contentType: xlsxType,
        alsoContentTypes: ['text/csv'],
        headers: ['content-disposition'],
      },
    },
    errors: [403, 422],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const xlsx = req.query.format === 'XLSX';
      return {
        status: 200,
        body: xlsx ? await importTemplateXlsx() : importTemplateCsv(),
        headers: {
          'content-type': xlsx ? xlsxType : 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="siklus-impor-pegawai.${xlsx ? 'xlsx' : 'csv'}"`,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/employees/imports',
    group,
    tag,
    auth: 'jwt',
    operationId: 'createImportJob',
    summary: 'An asynchronous import for a large file (HR): a job and a presigned upload URL',
    description:
      `For files of up to ${limits.importMaxRows} rows (${limits.importMaxBytes / (1024 * 1024)} MB). 1) POST \`{size}\` (bytes): ` +
      'a QUEUED job and `upload` (a presigned PUT, 15 minutes; send `content-type: text/csv` and exactly `size` bytes: ' +
      'the file as the direct route takes it, CSV in any of its encodings and separators or an XLSX workbook, told apart by its bytes). ' +
      '2) PUT the file there. 3) `POST .../imports/{jobId}/start` with the job ETag (202). 4) GET the job until it is ' +
      'SUCCEEDED (`outcome`) or FAILED (`error`, with the first row problems and their total; nothing was written). ' +
      'The same all-or-nothing import as the direct route, run by a function of its own (15 minutes).',
    params: z.object({ agencyId: agencyIdParam }),
    headers: idempotencyHeader,
    body: { schema: importJobInput },
    responses: {
      201: {
        description: 'Queued: upload the file, then start it',
        schema: importJobOutput
          .extend({
            upload: z.object({
              url: z.string(),
              method: z.literal('PUT'),
              headers: z.record(z.string(), z.string()),
              expiresAt: z.string(),
            }),
          })
          .meta({ id: 'ImportJobCreated' }),
        headers: ['etag', 'location'],
      },
    },
    errors: [403, 404, 422],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const job = await createImportJob(
        req.deps,
        req.actor,
        req.params.agencyId,
        req.body,
        req.lang,
        idempotencyOf(req),
      );
      return {
        status: 201,
        body: job,
        headers: { etag: job.etag, location: `/v1/agencies/${job.agencyId}/employees/imports/${job.jobId}` },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/employees/imports/{jobId}/start',
    group,
    tag,
    auth: 'jwt',
    operationId: 'startImportJob',
    summary: 'Start an uploaded import (HR): QUEUED -> RUNNING, processed in the background',
    description:
      '409 `IMPORT_NOT_UPLOADED` before the file is there, 422 `IMPORT_SIZE_MISMATCH` when it is not the declared size.',
    params: z.object({ agencyId: agencyIdParam, jobId: z.string().max(40) }),
    headers: ifMatchHeader,
    responses: { 202: { description: 'Running', schema: importJobOutput, headers: ['etag', 'location'] } },
    errors: [403, 404, 409, 412, 422, 428],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const job = await startImport(
        req.deps,
        req.actor,
        req.params.agencyId,
        req.params.jobId,
        ifMatchOf(req),
        req.lang,
      );
      return {
        status: 202,
        body: job,
        headers: { etag: job.etag, location: `/v1/agencies/${job.agencyId}/employees/imports/${job.jobId}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/employees/imports/{jobId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getImportJob',
    summary: 'An import job: status, progress, outcome or the reasons it failed (HR)',
    params: z.object({ agencyId: agencyIdParam, jobId: z.string().max(40) }),
    responses: { 200: { description: 'The job', schema: importJobOutput, headers: ['etag'] } },
    errors: [403, 404],
    handler: async (req) => {
      assertHrOf(req.actor, req.params.agencyId);
      const job = await readImportJob(req.deps, req.actor, req.params.agencyId, req.params.jobId, req.lang);
      return { status: 200, body: job, headers: { etag: job.etag } };
    },
  }),
];

export const handler = httpApi(routes);
