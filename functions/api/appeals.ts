/**
 * Appeals (keberatan) and follow-up (tindak lanjut): filing within the window counted from the
 * employee's own delivery, the appraiser's response, the decision by the appraiser's supervisor;
 * the development plan and recognition a result leads to; the agency's policy (its config
 * tables) and what payroll reads.
 */
import * as z from 'zod';
import { appealInput, decisionInput, responseInput } from '#core/appeal/appeal.ts';
import { appealChangedOutput, appealOutput } from '#core/appeal/view.ts';
import { completeInput, followUpOutput, planInput } from '#core/follow-up/follow-up.ts';
import { employeePayrollOutput, payrollRowOutput } from '#core/follow-up/payroll.ts';
import { policyInput, policyOutput } from '#core/policy.ts';
import { httpApi } from '../http/edge.ts';
import {
  agencyIdParam,
  idempotencyHeader,
  idempotencyOf,
  ifMatchHeader,
  ifMatchOf,
  nipParam,
  pageOf,
  pageQuery,
  skpIdParam,
  year,
} from '../http/params.ts';
import { defineRoute, type ErrorStatus } from '../http/route.ts';
import { decideAppeal, fileAppeal, listAppeals, readAppeal, respondToAppeal } from '../use-cases/appeals.ts';
import { changeFollowUp, readFollowUp } from '../use-cases/follow-ups.ts';
import { agencyPayroll, payrollOfEmployee } from '../use-cases/payroll.ts';
import { readPolicy, setPolicy } from '../use-cases/policy.ts';

const group = 'appeals';
const tag = 'Appeals and follow-up';
const evaluationPeriod = z
  .string()
  .max(10)
  .meta({ description: '`Q1`..`Q4`, `M01`..`M12`, or `ANNUAL`', example: 'ANNUAL' });
const evalPath = z.object({ skpId: skpIdParam, period: evaluationPeriod });
const agencyPath = z.object({ agencyId: agencyIdParam });
const writeErrors: ErrorStatus[] = [403, 404, 409, 412, 422, 428];

const followUpChanged = z
  .object({
    skpId: z.string(),
    period: z.string(),
    status: z.enum(['PLANNED', 'COMPLETED']),
    version: z.number().int(),
    etag: z.string(),
  })
  .meta({ id: 'FollowUpChange' });

const withEtag = <T extends { etag: string }>(status: number, body: T) => ({
  status,
  body,
  headers: { etag: body.etag },
});

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/appeal',
    group,
    tag,
    auth: 'jwt',
    operationId: 'fileAppeal',
    summary: 'File an appeal (keberatan) against a final evaluation (the owner), once, within the window',
    description:
      "The window counts from the recorded delivery of the employee's own result (`appealUntil` on the evaluation: " +
      "the agency's policy, by default 14 calendar days). Late: 409 APPEAL_WINDOW_CLOSED; a second appeal: 409 " +
      'APPEAL_EXISTS. Evidence as for a realisasi (declared on the SKP, uploaded, checked). The appraiser is asked ' +
      "for a response (RESPOND_APPEAL) and the appraiser's supervisor owes the decision (DECIDE_APPEAL).",
    params: evalPath,
    headers: idempotencyHeader,
    body: { schema: appealInput },
    responses: { 201: { description: 'Filed', schema: appealOutput, headers: ['etag', 'location'] } },
    errors: [403, 404, 409, 412, 422],
    handler: async (req) => {
      const filed = await fileAppeal(
        req.deps,
        req.actor,
        req.params.skpId,
        req.params.period,
        req.body,
        idempotencyOf(req),
      );
      return {
        status: 201,
        body: filed,
        headers: { etag: filed.etag, location: `/v1/skp/${filed.skpId}/periods/${filed.period}/appeal` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}/appeal',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getAppeal',
    summary: "The appeal, the appraiser's response and the decision (owner, supervisors above, decider, HR)",
    params: evalPath,
    responses: { 200: { description: 'The appeal', schema: appealOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) =>
      withEtag(200, await readAppeal(req.deps, req.actor, req.params.skpId, req.params.period)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/appeal/response',
    group,
    tag,
    auth: 'jwt',
    operationId: 'respondToAppeal',
    summary: "The appraiser's side, recorded for the decider (the appraiser; HR for one outside the chart)",
    description: 'FILED -> RESPONDED. The appraiser never decides. If-Match: the appeal ETag.',
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: responseInput },
    responses: { 200: { description: 'Recorded', schema: appealChangedOutput, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await respondToAppeal(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          req.body,
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/appeal/decision',
    group,
    tag,
    auth: 'jwt',
    operationId: 'decideAppeal',
    summary:
      "Decide the appeal (the appraiser's supervisor; HR with `decisionRef` for one outside the org chart): final",
    description:
      'UPHELD keeps the result; CHANGED takes new ratings (what is not sent stays) and re-derives the predikat from the ' +
      'PermenPANRB 6/2022 table. Decided once the appraiser has responded or their time to respond is over (409 ' +
      'APPEAL_AWAITING_RESPONSE before). The employee is notified; the evaluation and its document show the appeal ' +
      'and its outcome; the follow-up is re-derived. If-Match: the appeal ETag.',
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: decisionInput },
    responses: { 200: { description: 'Decided', schema: appealChangedOutput, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await decideAppeal(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          req.body,
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/appeals',
    group,
    tag,
    auth: 'jwt',
    operationId: 'listAppeals',
    summary: "The agency's appeals of a cycle year, in filing order (HR)",
    params: agencyPath,
    query: pageQuery.extend({ year }),
    responses: { 200: { description: 'Appeals', schema: pageOf(appealOutput) } },
    errors: [403, 404, 422],
    handler: async (req) => {
      const page = await listAppeals(req.deps, req.actor, req.params.agencyId, req.query.year, {
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/periods/{period}/follow-up',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getFollowUp',
    summary:
      'The follow-up of a final evaluation: a development plan for a low predikat, a recognition for Sangat Baik',
    params: evalPath,
    responses: { 200: { description: 'The follow-up', schema: followUpOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) =>
      withEtag(200, await readFollowUp(req.deps, req.actor, req.params.skpId, req.params.period)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/skp/{skpId}/periods/{period}/follow-up/plan',
    group,
    tag,
    auth: 'jwt',
    operationId: 'planDevelopment',
    summary: 'Record the development plan: training or coaching with a target date (the appraiser)',
    description:
      "Opens COMPLETE_DEVELOPMENT, due at the end of the target date; the next period's check-in shows the plan.",
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: planInput },
    responses: { 200: { description: 'Planned', schema: followUpChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await changeFollowUp(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          { type: 'PLAN', input: req.body },
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/skp/{skpId}/periods/{period}/follow-up/complete',
    group,
    tag,
    auth: 'jwt',
    operationId: 'completeDevelopment',
    summary: 'Record that the development plan was carried out (the appraiser)',
    params: evalPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: completeInput },
    responses: { 200: { description: 'Completed', schema: followUpChanged, headers: ['etag'] } },
    errors: writeErrors,
    handler: async (req) =>
      withEtag(
        200,
        await changeFollowUp(
          req.deps,
          req.actor,
          req.params.skpId,
          req.params.period,
          { type: 'COMPLETE', input: req.body },
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/policy',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getAgencyPolicy',
    summary:
      "The agency's appeal deadlines, allowance and angka kredit shares (members; the defaults until set)",
    params: agencyPath,
    responses: { 200: { description: 'The policy', schema: policyOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) => withEtag(200, await readPolicy(req.deps, req.actor, req.params.agencyId)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/agencies/{agencyId}/policy',
    group,
    tag,
    auth: 'jwt',
    operationId: 'setAgencyPolicy',
    summary:
      "Set the agency's policy (HR): the whole of it, under the ETag read (the defaults' is version 0)",
    description:
      'Applies from now on: appeal windows already running keep the end fixed at their delivery, deadlines of appeals ' +
      'already filed stay; payroll shares are read under the policy in force.',
    params: agencyPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    body: { schema: policyInput },
    responses: { 200: { description: 'Set', schema: policyOutput, headers: ['etag'] } },
    errors: [403, 404, 412, 422, 428],
    handler: async (req) =>
      withEtag(
        200,
        await setPolicy(
          req.deps,
          req.actor,
          req.params.agencyId,
          req.body,
          ifMatchOf(req),
          idempotencyOf(req),
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/payroll',
    group,
    tag,
    auth: 'jwt',
    operationId: 'agencyPayroll',
    summary:
      "Per employee, a period's final predikat with the allowance and angka kredit shares (HR, for payroll)",
    params: agencyPath,
    query: pageQuery.extend({ year, period: evaluationPeriod }),
    responses: { 200: { description: 'Rows', schema: pageOf(payrollRowOutput) } },
    errors: [403, 404, 422],
    handler: async (req) => {
      const page = await agencyPayroll(
        req.deps,
        req.actor,
        req.params.agencyId,
        req.query.year,
        req.query.period,
        {
          limit: req.query.limit,
          cursor: req.query.cursor,
        },
      );
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/employees/{nip}/payroll',
    group,
    tag,
    auth: 'jwt',
    operationId: 'employeePayroll',
    summary:
      "An employee's year for payroll: month by month (or period by period) shares, angka kredit, recognitions",
    params: z.object({ nip: nipParam }),
    query: z.object({ year }),
    responses: { 200: { description: 'The year', schema: employeePayrollOutput } },
    errors: [403, 404, 422],
    handler: async (req) => ({
      status: 200,
      body: await payrollOfEmployee(req.deps, req.actor, req.params.nip, req.query.year),
    }),
  }),
];

export const handler = httpApi(routes);
