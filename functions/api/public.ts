/**
 * The public survey page: no login. Whoever holds a one-time link sees a small form and answers
 * it once. Every answer, refusals included, is a page in Bahasa Indonesia (English with
 * `?lang=en` or `Accept-Language: en`), sent with a Content-Security-Policy that allows only the
 * page's own style and script by hash. Rate-limited per link and per client address in the
 * handler, and throttled per route by API Gateway (infra/stateless-stack.ts).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import type { DomainError } from '#core/errors.ts';
import type { Lang } from '#core/messages.ts';
import { surveyAnswerInput } from '#core/survey/content.ts';
import { pageHeaders, problemPage, surveyFormPage, thanksPage } from '#core/survey/page.ts';
import { httpApi } from '../http/edge.ts';
import { defineRoute, type Req } from '../http/route.ts';
import { answerSurvey, openSurvey } from '../use-cases/surveys.ts';

const group = 'public';
const tag = 'Public feedback';
const html = 'text/html; charset=utf-8';
const params = z.object({
  token: z.string().meta({ description: 'The one-time token of the link (43 characters, signed).' }),
});
const query = z.object({
  // Anything else than `en` or `id` is ignored (a page is never refused for its language).
  lang: z.string().optional().meta({ description: '`id` (default) or `en`: the page language.' }),
});

/** The page language: `?lang=` first (the page's own toggle), then Accept-Language. */
const langOf = (asked: string | undefined, fallback: Lang): Lang =>
  asked === 'en' ? 'en' : asked === 'id' ? 'id' : fallback;

const sourceIp = (req: Req<unknown, unknown, unknown>) => req.event.requestContext.http.sourceIp;

const errorPage = (err: DomainError, lang: Lang, event: APIGatewayProxyEventV2) => {
  const pageLang = langOf(event.queryStringParameters?.lang, lang);
  return {
    contentType: html,
    body: problemPage(pageLang, err.code, err.params, err.issues),
    headers: pageHeaders(pageLang),
  };
};

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/v1/public/surveys/{token}',
    group,
    tag,
    auth: 'none',
    operationId: 'surveyPage',
    summary: 'The survey page of a one-time link (anyone with the link; HTML)',
    description:
      'A form: three ratings 1..5 (speed, clarity, friendliness: Berorientasi Pelayanan) and an optional comment, posted ' +
      'back to the same address. Unknown link 404, used or expired 410, too many requests 429: each a page.',
    params,
    query,
    responses: { 200: { description: 'The form', contentType: html, headers: ['content-security-policy'] } },
    errors: [404, 410, 429],
    errorPage,
    handler: async (req) => {
      const lang = langOf(req.query.lang, req.lang);
      const data = await openSurvey(req.deps, req.params.token, sourceIp(req));
      return { status: 200, body: surveyFormPage(lang, data), headers: pageHeaders(lang) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/public/surveys/{token}',
    group,
    tag,
    auth: 'none',
    operationId: 'answerSurvey',
    summary: 'Answer a survey once (anyone with the link; an HTML form post)',
    description:
      'Records one response and thanks (201). A second answer with the same link gets 409, an expired link 410, an ' +
      'unknown one 404, an incomplete form 422, too many requests 429: each a page. No personal data is asked or kept.',
    params,
    query,
    body: { schema: surveyAnswerInput, contentType: 'application/x-www-form-urlencoded' },
    responses: { 201: { description: 'Thanks', contentType: html, headers: ['content-security-policy'] } },
    errors: [404, 409, 410, 422, 429],
    errorPage,
    handler: async (req) => {
      const lang = langOf(req.query.lang, req.lang);
      const answered = await answerSurvey(req.deps, req.params.token, req.body, sourceIp(req));
      return { status: 201, body: thanksPage(lang, answered.unitName), headers: pageHeaders(lang) };
    },
  }),
];

export const handler = httpApi(routes);
