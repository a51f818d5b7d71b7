/**
 * Period-end reports: HR (or the head of a unit, for that unit) asks for one (202: the report
 * workflow produces it), lists them, and reads one with short-lived download links once READY.
 */
import * as z from 'zod';
import { reportStatuses } from '#config/reports.ts';
import { reportOutput, reportRequestInput, reportWithDownloads } from '#core/report/report.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, idempotencyHeader, idempotencyOf, pageOf, pageQuery, year } from '../http/params.ts';
import { defineRoute } from '../http/route.ts';
import { getReport, listReports, requestReport } from '../use-cases/reports.ts';

const group = 'reports';
const tag = 'Reports';
const agencyPath = z.object({ agencyId: agencyIdParam });
const reportPath = agencyPath.extend({
  reportId: z.string().max(80).meta({
    description: '`<year>.<period>.<AGENCY or unitId>.<edition>`',
    example: '2027.Q1.AGENCY.PERIOD_REVIEW',
  }),
});

const requested = z
  .object({
    reportId: z.string(),
    status: z.enum(reportStatuses),
    etag: z.string(),
  })
  .meta({ id: 'ReportAccepted', description: 'GET the report (Location) to follow it to READY.' });

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/reports',
    group,
    tag,
    auth: 'jwt',
    operationId: 'requestReport',
    summary:
      'Ask for a report of the agency or one unit, for a period or the year (HR; a unit head for their unit)',
    description:
      'Produced by the report workflow (202). While a report of the same scope and period asked on demand is QUEUED or ' +
      'RUNNING, the same report is returned; once it is done, a new request makes the next edition. Period-end reports ' +
      'are produced by themselves at each phase close (edition = the phase).',
    params: agencyPath,
    headers: idempotencyHeader,
    body: { schema: reportRequestInput },
    responses: { 202: { description: 'Accepted', schema: requested, headers: ['etag', 'location'] } },
    errors: [403, 404, 422],
    handler: async (req) => {
      const out = await requestReport(req.deps, req.actor, req.params.agencyId, req.body, idempotencyOf(req));
      return {
        status: 202,
        body: out,
        headers: { etag: out.etag, location: `/v1/agencies/${req.params.agencyId}/reports/${out.reportId}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/reports',
    group,
    tag,
    auth: 'jwt',
    operationId: 'listReports',
    summary: "The agency's reports, the latest year first (HR; a unit head sees their unit's)",
    params: agencyPath,
    query: pageQuery.extend({
      year: year.optional(),
      unitId: z.string().max(40).optional().meta({ description: "One unit's reports, the latest first." }),
    }),
    responses: { 200: { description: 'A page of reports', schema: pageOf(reportOutput) } },
    errors: [403, 404, 422],
    handler: async (req) => ({
      status: 200,
      body: await listReports(req.deps, req.actor, req.params.agencyId, req.query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/reports/{reportId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getReport',
    summary:
      'One report: status, manifest (rows, SHA-256 of each file) and, once READY, presigned download URLs',
    description: 'The links live a few minutes (`downloadsExpireAt`); ask again for fresh ones.',
    params: reportPath,
    responses: { 200: { description: 'The report', schema: reportWithDownloads, headers: ['etag'] } },
    errors: [404],
    handler: async (req) => {
      const report = await getReport(req.deps, req.actor, req.params.agencyId, req.params.reportId);
      return { status: 200, body: report, headers: { etag: report.etag } };
    },
  }),
];

export const handler = httpApi(routes);
