/**
 * Survey links, responses and aggregates as stored, and as readers see them (output schemas are
 * allow-lists). An aggregate item per unit and per employee and period holds the count, the sum
 * and the distribution of each question, updated in the transaction that records a response, so
 * reading one is one GetItem and reading a unit (with its employees) is one Query.
 *
 * Per employee, fewer than `minResponsesPerEmployee` responses show nothing (not even the count).
 */
import * as z from 'zod';
import { type SurveyQuestion, surveyRules } from '#config/survey.ts';
import type { AuditHead } from '../audit.ts';
import type { Periodicity } from '../cycle.ts';
import type { Ratings } from './content.ts';
import { surveyQuestions } from './content.ts';
import type { SurveyStatus } from './machine.ts';

export interface StoredSurveyLink {
  surveyId: string;
  agencyId: string;
  agencyName: string;
  timeZone: string;
  periodicity: Periodicity;
  unitId: string;
  unitName: string;
  nip: string | null;
  employeeName: string | null;
  issuedBy: string;
  issuedAt: string;
  validUntil: string;
  status: SurveyStatus;
  answeredAt?: string;
  version: number;
  auditHead: AuditHead;
}

/** One response: the ratings and the comment as text. Nothing about the person who answered. */
export interface StoredSurveyResponse {
  surveyId: string;
  agencyId: string;
  unitId: string;
  nip: string | null;
  year: number;
  period: string;
  submittedOn: string;
  submittedAt: string;
  ratings: Ratings;
  comment?: string;
}

/** Attribute names of an aggregate item (flat, so ADD creates them). */
export const sumAttr = (q: SurveyQuestion) => `sum_${q}`;
export const countAttr = (q: SurveyQuestion, r: number) => `n_${q}_${r}`;

/** What one response adds to an aggregate. */
export function aggregateAdd(ratings: Ratings): Record<string, number> {
  const add: Record<string, number> = { responses: 1 };
  for (const q of surveyQuestions) {
    add[sumAttr(q)] = ratings[q];
    add[countAttr(q, ratings[q])] = 1;
  }
  return add;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface FeedbackStats {
  responses: number;
  /** The mean over every question and response (null without responses). */
  mean: number | null;
  questions: { question: SurveyQuestion; mean: number | null; distribution: number[] }[];
}

/** Count, mean and distribution (ratings 1..5) from an aggregate item (undefined: none yet). */
export function statsOf(agg: Readonly<Record<string, unknown>> | undefined): FeedbackStats {
  const responses = Number(agg?.responses ?? 0);
  const questions = surveyQuestions.map((question) => {
    const distribution = [1, 2, 3, 4, 5].map((r) => Number(agg?.[countAttr(question, r)] ?? 0));
    const sum = Number(agg?.[sumAttr(question)] ?? 0);
    return { question, mean: responses ? round2(sum / responses) : null, distribution };
  });
  const total = surveyQuestions.reduce((s, q) => s + Number(agg?.[sumAttr(q)] ?? 0), 0);
  return {
    responses,
    mean: responses ? round2(total / (responses * surveyQuestions.length)) : null,
    questions,
  };
}

/** An employee's aggregate as anyone sees it: withheld below the minimum. */
export function employeeStatsOf(agg: Readonly<Record<string, unknown>> | undefined) {
  const stats = statsOf(agg);
  const min = surveyRules.minResponsesPerEmployee;
  if (stats.responses < min) return { shown: false as const, minResponses: min };
  return { shown: true as const, minResponses: min, ...stats };
}

/**
 * A unit's aggregate as anyone sees it. The unit's responses less those of its employees shown
 * (what is left: employees withheld, and answers that name nobody) must be none or at least the
 * minimum; otherwise the unit is withheld too, because subtracting the employees shown from the
 * unit would give a figure over fewer than `minResponsesPerEmployee` answers (with one employee
 * of three answers, the unit's figures would be that employee's).
 */
export function unitStatsOf(
  total: Readonly<Record<string, unknown>> | undefined,
  employees: readonly (Readonly<Record<string, unknown>> | undefined)[],
) {
  const stats = statsOf(total);
  const min = surveyRules.minResponsesPerEmployee;
  const ofShown = employees.map(employeeStatsOf).reduce((n, e) => n + (e.shown ? e.responses : 0), 0);
  const rest = stats.responses - ofShown;
  if (rest > 0 && rest < min) return { shown: false as const, minResponses: min };
  return { shown: true as const, minResponses: min, ...stats };
}

// ---- output schemas --------------------------------------------------------------------------

const questionStats = z.object({
  question: z.enum(surveyQuestions),
  mean: z.number().nullable(),
  distribution: z.array(z.number().int()).length(5).meta({ description: 'How many gave 1, 2, 3, 4 and 5.' }),
});

const stats = {
  responses: z.number().int(),
  mean: z.number().nullable().meta({ description: 'Mean over all questions (1..5), two decimals.' }),
  questions: z.array(questionStats),
};

const withheld = {
  shown: z.boolean().meta({
    description: `false when the employee has fewer than ${surveyRules.minResponsesPerEmployee} responses in the period: nothing is shown, so no response can be traced back.`,
  }),
  minResponses: z.number().int(),
  responses: stats.responses.optional(),
  mean: stats.mean.optional(),
  questions: stats.questions.optional(),
};

export const serviceFeedbackOutput = z
  .object({ year: z.number().int(), period: z.string(), unitId: z.string(), nip: z.string(), ...withheld })
  .meta({
    id: 'ServiceFeedback',
    description:
      "An employee's service-satisfaction aggregate for a period (Berorientasi Pelayanan: speed, clarity, friendliness). Never individual responses.",
  });

export const employeeFeedbackItem = z.object({
  nip: z.string(),
  name: z.string(),
  unitId: z.string(),
  ...withheld,
});

export const unitFeedbackStats = z.object({
  unitId: z.string(),
  unitName: z.string(),
  ...withheld,
  shown: z.boolean().meta({
    description: `false when the unit's answers less those of the employees shown are between 1 and ${surveyRules.minResponsesPerEmployee - 1}: the unit's figures would then give away those few answers.`,
  }),
});

export const unitServiceFeedbackOutput = z
  .object({
    agencyId: z.string(),
    year: z.number().int(),
    period: z.string(),
    unit: unitFeedbackStats,
    employees: z.array(employeeFeedbackItem),
  })
  .meta({ id: 'UnitServiceFeedback' });

export const surveyCommentOutput = z
  .object({
    submittedOn: z.iso.date().meta({ description: 'The local date (agency zone) of the response.' }),
    comment: z
      .string()
      .meta({ description: 'Plain text as typed (personal data removed). Escape it before any HTML.' }),
  })
  .meta({
    id: 'SurveyComment',
    description:
      'A comment without its ratings (which would undo the withholding of small aggregates). The unit head does not ' +
      'see comments on answers that name them: an employee never reads single answers about themselves.',
  });

export const surveyLinkOutput = z
  .object({
    surveyId: z.string(),
    url: z.string().meta({ description: 'The one-time public link (shown once: only its hash is stored).' }),
    qrPng: z.string().meta({ description: 'The link as a QR code, PNG, base64.' }),
    qrSvg: z.string().meta({ description: 'The link as a QR code, SVG markup.' }),
    expiresAt: z.iso.datetime({ offset: true }),
    unitId: z.string(),
    unitName: z.string(),
    nip: z.string().nullable(),
    employeeName: z.string().nullable(),
  })
  .meta({ id: 'SurveyLink' });
