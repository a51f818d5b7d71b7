/**
 * Service-satisfaction surveys: what a link is issued for, what a citizen answers, and the small
 * pure rules around them (the token, the period a response counts in, the comment as text).
 *
 * The link token is signed: 128 random bits and a 128-bit HMAC-SHA256 tag over them under the
 * survey-link key (base64url, 43 characters). A token whose tag does not verify is refused before
 * anything is read or counted, so forged or mistyped links cost no table access; one that
 * verifies must still name an issued link. Only the token's SHA-256 is stored, as the key of the
 * link: nothing in the table can be turned back into a usable link, and whoever could write to
 * the table still could not make one without the key.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { type SurveyQuestion, surveyRules } from '#config/survey.ts';
import { slugId } from '../agency.ts';
import { type Periodicity, periodOfMonth } from '../cycle.ts';
import { nipString } from '../employee.ts';
import { validationFailed } from '../errors.ts';

export const surveyQuestions = surveyRules.questions;
export type { SurveyQuestion };
export type Rating = 1 | 2 | 3 | 4 | 5;
export type Ratings = Record<SurveyQuestion, Rating>;

/** The form field of each question. */
export const fieldOf = {
  SPEED: 'speed',
  CLARITY: 'clarity',
  FRIENDLINESS: 'friendliness',
} as const satisfies Record<SurveyQuestion, string>;

export const surveyLinkInput = z
  .object({
    unitId: slugId.meta({ description: 'The unit that gave the service.', example: 'dpmptsp' }),
    nip: nipString
      .optional()
      .meta({ description: 'The employee who served (optional); must belong to the unit.' }),
  })
  .strict()
  .meta({ id: 'SurveyLinkInput' });
export type SurveyLinkInput = z.infer<typeof surveyLinkInput>;

const rating = z.enum(['1', '2', '3', '4', '5'], 'SURVEY_RATING');

/** What the public form sends (application/x-www-form-urlencoded). No field identifies the citizen. */
export const surveyAnswerInput = z
  .object({
    speed: rating.meta({ description: 'Kecepatan layanan (speed), 1 = very poor .. 5 = very good.' }),
    clarity: rating.meta({ description: 'Kejelasan informasi dan prosedur (clarity).' }),
    friendliness: rating.meta({ description: 'Keramahan dan kesopanan petugas (friendliness).' }),
    comment: z
      .string()
      .max(surveyRules.commentMaxChars * 2)
      .optional()
      .meta({
        description: `Optional, at most ${surveyRules.commentMaxChars} characters; kept as plain text, never rendered as HTML.`,
      }),
  })
  .strict()
  .meta({ id: 'SurveyAnswerInput' });
export type SurveyAnswerInput = z.infer<typeof surveyAnswerInput>;

export const ratingsOf = (input: SurveyAnswerInput): Ratings =>
  Object.fromEntries(surveyQuestions.map((q) => [q, Number(input[fieldOf[q]]) as Rating])) as Ratings;

// ---- the token -----------------------------------------------------------------------------

/** What a token looks like (32 bytes, base64url); anything else is not looked up at all. */
export const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

const nonceBytes = 16;
const tagBytes = 16;
/** Domain separation: this key's tags mean "a survey link" and nothing else. */
const tagLabel = 'siklus-survey-link-v1\u0000';

const tagOf = (key: Uint8Array, nonce: Uint8Array) =>
  createHmac('sha256', key).update(tagLabel).update(nonce).digest().subarray(0, tagBytes);

/** A new token: random bits and their tag under `key`. */
export function newSurveyToken(key: Uint8Array): string {
  const nonce = randomBytes(nonceBytes);
  return Buffer.concat([nonce, tagOf(key, nonce)]).toString('base64url');
}

/** Whether `token` was made under `key` (its canonical spelling, its tag compared in constant time). */
export function isSignedToken(key: Uint8Array, token: string): boolean {
  if (!tokenPattern.test(token)) return false;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== nonceBytes + tagBytes || raw.toString('base64url') !== token) return false;
  return timingSafeEqual(raw.subarray(nonceBytes), tagOf(key, raw.subarray(0, nonceBytes)));
}

/** The link's key: SHA-256 of the token (base64url). The token itself is never stored. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A short, non-reversible-by-design tag for a rate-limit counter (client address, issuer). */
export const counterTag = (scope: string, value: string): string =>
  createHash('sha256').update(`siklus-rate\u0000${scope}\u0000${value}`).digest('base64url').slice(0, 22);

// ---- time ----------------------------------------------------------------------------------

/** Until when a link issued at `issuedAt` can be answered. */
export const validUntilOf = (issuedAt: Date): string =>
  new Date(issuedAt.getTime() + surveyRules.linkValidDays * 86_400_000).toISOString();

/** The period a response at `at` counts in: the agency's local date, its quarter or month. */
export function periodOf(
  at: Date,
  timeZone: string,
  periodicity: Periodicity,
): { year: number; period: string; localDate: string } {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return { year: local.year, period: periodOfMonth(local.month, periodicity), localDate: local.toISODate()! };
}

// ---- the comment ---------------------------------------------------------------------------

/** Control characters (line breaks and tabs kept) and the bidi overrides that can disguise text. */
const controlChars = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
const keepOrDrop = (c: string) => (c === '\n' || c === '\t' ? c : '');
const emails = /[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/g;
/** Phone numbers and NIK-like runs: nine or more digits, with or without separators. */
const longNumbers = /\+?\d(?:[\s.-]?\d){8,}/g;
export const redacted = '[dihapus]';

/**
 * The comment as stored: plain text with line endings normalised, control and bidi-override
 * characters dropped, and personal data the citizen may have typed (e-mail addresses, phone or
 * NIK numbers) replaced by `[dihapus]`. Empty means none. Too long is a 422.
 */
export function cleanComment(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.replace(/\r\n?/g, '\n').replace(controlChars, keepOrDrop).trim();
  if (text.length > surveyRules.commentMaxChars)
    throw validationFailed([
      { path: 'comment', code: 'TOO_LONG', params: { max: surveyRules.commentMaxChars } },
    ]);
  const clean = text.replace(emails, redacted).replace(longNumbers, redacted);
  return clean.length ? clean : undefined;
}

export const commentDigest = (comment: string | undefined) =>
  comment === undefined ? null : createHash('sha256').update(comment).digest('hex');
