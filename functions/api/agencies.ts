/** Agencies and the employee import. */
import { z } from 'zod';
import { agency, agencyInput, newAgency } from '#core/agency.ts';
import { assertAdmin, assertCanReadAgency, assertHrOf } from '#core/authz.ts';
import { notFound } from '#core/errors.ts';
import { importTemplateCsv, importTemplateXlsx, xlsxType } from '../adapters/spreadsheet.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, idempotencyHeader, idempotencyOf } from '../http/params.ts';
import { defineRoute, fileBody } from '../http/route.ts';
import { importEmployees } from '../use-cases/import-employees.ts';
import { createAgency, getAgency, viewOfAgency } from '../use-cases/org.ts';

const group = 'agencies';
const tag = 'Agencies';
const agencyOutput = z.object({ ...agency.shape, etag: z.string() }).meta({ id: 'Agency' });
const importResult = z
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
      'spaces), and optionally `asnType` (PNS or PPPK), `status` (ACTIVE or INACTIVE) and `effectiveMonth` (YYYY-MM). ' +
      'Send the file as it is: CSV separated by `,` or `;` (Excel in an Indonesian locale), UTF-8 or Windows-1252 ' +
      '(detected; a `charset` parameter is honoured), or an XLSX workbook (its first sheet); `application/octet-stream` ' +
      'is told apart by its bytes. A NIP may be typed with spaces, dots or a leading apostrophe; one that Excel turned ' +
      'into a number (`1.99203E+17`) is refused with how to fix it. A change of unit, position or supervisor with an ' +
      '`effectiveMonth` is a move mid-year (mutasi, promotion, Plt): the SKP of the old post ends with the month before ' +
      'and the employee drafts the next one for the rest of the year; without it, the change corrects the record and ' +
      'the documents follow. `status: INACTIVE` with `effectiveMonth` marks a leaver: their SKP ends, their own open ' +
      'steps close, and their reports (who must be given a new supervisor in the same file) bring their pending steps ' +
      'to that supervisor. Upserts idempotently; one import of an agency at a time (409). Template: ' +
      '`GET /v1/agencies/{agencyId}/employees/import/template`.',
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
    responses: { 200: { description: 'Imported', schema: importResult } },
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
];

export const handler = httpApi(routes);
