/**
 * Service-satisfaction surveys, the signed-in side: staff issue one-time links (with QR codes);
 * HR and unit heads read a unit's aggregates and comments; employees, those above them and HR
 * read an employee's aggregate. The public page itself is functions/api/public.ts.
 */
import QRCode from 'qrcode';
import * as z from 'zod';
import { evaluationPeriodPattern } from '#core/appraisal/evaluation.ts';
import { periodPattern } from '#core/checkin/content.ts';
import { surveyLinkInput } from '#core/survey/content.ts';
import {
  serviceFeedbackOutput,
  surveyCommentOutput,
  surveyLinkOutput,
  unitServiceFeedbackOutput,
} from '#core/survey/view.ts';
import { env } from '../env.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, nipParam, pageOf, pageQuery, year } from '../http/params.ts';
import { type AuthedReq, defineRoute } from '../http/route.ts';
import {
  employeeServiceFeedback,
  issueSurveyLink,
  surveyComments,
  unitServiceFeedback,
} from '../use-cases/surveys.ts';

const group = 'surveys';
const tag = 'Public feedback';
const unitPath = z.object({
  agencyId: agencyIdParam,
  unitId: z.string().max(40).meta({ example: 'dpmptsp' }),
});
/** A period of the year (the check-in's), or the whole year for the aggregates. */
const periodQuery = z.object({
  year,
  period: z.string().regex(evaluationPeriodPattern, 'SURVEY_PERIOD_FORMAT').meta({
    description: '`Q1`..`Q4` or `M01`..`M12`, as the agency counts its periods, or `ANNUAL` for the year.',
    example: 'Q1',
  }),
});
const commentsQuery = z.object({
  year,
  period: z
    .string()
    .regex(periodPattern, 'SURVEY_COMMENT_PERIOD_FORMAT')
    .meta({ description: '`Q1`..`Q4` or `M01`..`M12`, as the agency counts its periods.', example: 'Q1' }),
});

/** Where the page is served: a configured public domain, else the API's own (https in AWS). */
function publicBase(req: AuthedReq<unknown, unknown, unknown>): string {
  const configured = env().PUBLIC_BASE_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.event.requestContext.domainName;
  return env().deployed ? `https://${host}` : `http://${req.header('host') ?? host}`;
}

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/agencies/{agencyId}/survey-links',
    group,
    tag,
    auth: 'jwt',
    operationId: 'issueSurveyLink',
    summary: 'Issue a one-time survey link for a finished service (unit staff of that unit, HR)',
    description:
      'Unit staff are the employees of `unitId` in the imported org chart; HR of the agency may issue for any unit. ' +
      '`nip` names the employee who served (of the unit). The link is valid 7 days and answers once; it carries 128 random ' +
      'bits signed with the survey-link key, and only a hash of it is stored, so `url` and the QR codes are in this answer only. Not replayed by ' +
      'Idempotency-Key (the record would have to keep the token): a retry issues another link, which expires unused. ' +
      'At most 300 links per issuer per day (429).',
    params: z.object({ agencyId: agencyIdParam }),
    body: { schema: surveyLinkInput },
    responses: { 201: { description: 'Issued', schema: surveyLinkOutput } },
    errors: [403, 404, 422, 429],
    handler: async (req) => {
      const issued = await issueSurveyLink(req.deps, req.actor, req.params.agencyId, req.body);
      const url = `${publicBase(req)}/v1/public/surveys/${issued.token}`;
      const qr = { errorCorrectionLevel: 'M' as const, margin: 2 };
      const [png, svg] = await Promise.all([
        QRCode.toBuffer(url, { ...qr, type: 'png', width: 320 }),
        QRCode.toString(url, { ...qr, type: 'svg' }),
      ]);
      const { token: _token, ...rest } = issued;
      return {
        status: 201,
        body: { ...rest, url, qrPng: png.toString('base64'), qrSvg: svg },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/units/{unitId}/service-feedback',
    group,
    tag,
    auth: 'jwt',
    operationId: 'unitServiceFeedback',
    summary: "A unit's service-satisfaction aggregates of a period, with its employees' (unit head, HR)",
    description:
      'The unit head is the employee of the unit whose supervisor is outside it (or who has none). Per employee, fewer ' +
      'than 5 responses show nothing (`shown: false`). Never individual responses.',
    params: unitPath,
    query: periodQuery,
    responses: { 200: { description: 'Aggregates', schema: unitServiceFeedbackOutput } },
    errors: [403, 404],
    handler: async (req) => ({
      status: 200,
      body: await unitServiceFeedback(
        req.deps,
        req.actor,
        req.params.agencyId,
        req.params.unitId,
        req.query.year,
        req.query.period,
      ),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/units/{unitId}/service-feedback/comments',
    group,
    tag,
    auth: 'jwt',
    operationId: 'unitServiceComments',
    summary: "The comments a unit's survey responses carried in a period, the latest first (unit head, HR)",
    description:
      'Plain text, never HTML: escape it wherever it is shown. Not tied to an employee. A page may hold fewer than ' +
      '`limit` items (responses without a comment are skipped); follow `nextCursor`.',
    params: unitPath,
    query: commentsQuery.extend(pageQuery.shape),
    responses: { 200: { description: 'Comments', schema: pageOf(surveyCommentOutput) } },
    errors: [403, 404],
    handler: async (req) => ({
      status: 200,
      body: await surveyComments(
        req.deps,
        req.actor,
        req.params.agencyId,
        req.params.unitId,
        req.query.year,
        req.query.period,
        { limit: req.query.limit, cursor: req.query.cursor },
      ),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/employees/{nip}/service-feedback',
    group,
    tag,
    auth: 'jwt',
    operationId: 'employeeServiceFeedback',
    summary: "An employee's service-satisfaction aggregate of a period (self, supervisors above, HR)",
    description: `Fewer than 5 responses show nothing (\`shown: false\`). Never individual responses.`,
    params: z.object({ nip: nipParam }),
    query: periodQuery,
    responses: { 200: { description: 'Aggregate', schema: serviceFeedbackOutput } },
    errors: [403, 404],
    handler: async (req) => ({
      status: 200,
      body: await employeeServiceFeedback(
        req.deps,
        req.actor,
        req.params.nip,
        req.query.year,
        req.query.period,
      ),
    }),
  }),
];

export const handler = httpApi(routes);
