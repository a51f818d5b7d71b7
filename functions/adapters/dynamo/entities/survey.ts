/**
 * Service-feedback surveys. A link lives under the hash of its token (the token is never stored).
 * A period's aggregates and responses of an agency share one partition: a unit with its
 * employees' aggregates is one Query (`UNIT#<unit>#`), the agency's whole period is one paged
 * Query (`UNIT#`), and the unit's responses (comments) sort by time under `RESP#<unit>#`.
 * Rate-limit counters are one small item per scope and window, deleted by TTL.
 */
import { defineEntity } from '../entity.ts';

const periodPk = (agencyId: unknown, year: unknown, period: unknown) =>
  `SURVEYAGG#${String(agencyId)}#${String(year)}#${String(period)}`;

export const surveyLinkEntity = defineEntity<{ tokenHash: string }>({
  kind: 'SURVEY_LINK',
  key: ({ tokenHash }) => ({ pk: `SURVEY#${tokenHash}`, sk: 'LINK' }),
  itemId: ({ tokenHash }) => tokenHash,
});

type AggId = { agencyId: string; year: number; period: string; unitId: string; nip?: string };

export const surveyAggregateEntity = defineEntity<AggId>({
  kind: 'SURVEY_AGG',
  key: ({ agencyId, year, period, unitId, nip }) => ({
    pk: periodPk(agencyId, year, period),
    sk: nip ? `UNIT#${unitId}#EMP#${nip}` : `UNIT#${unitId}#TOTAL`,
  }),
  itemId: ({ agencyId, year, period, unitId, nip }) => `${agencyId}#${year}#${period}#${unitId}#${nip ?? ''}`,
  patterns: {
    /** The unit's aggregate and its employees'. */
    ofUnit: ({ agencyId, year, period, unitId }) => ({
      pk: periodPk(agencyId, year, period),
      prefix: `UNIT#${String(unitId)}#`,
    }),
    /** Every aggregate of the agency's period (the period report). */
    ofPeriod: ({ agencyId, year, period }) => ({ pk: periodPk(agencyId, year, period), prefix: 'UNIT#' }),
  },
});

export const surveyResponseEntity = defineEntity<{
  agencyId: string;
  year: number;
  period: string;
  unitId: string;
  submittedAt: string;
  surveyId: string;
}>({
  kind: 'SURVEY_RESPONSE',
  key: ({ agencyId, year, period, unitId, submittedAt, surveyId }) => ({
    pk: periodPk(agencyId, year, period),
    sk: `RESP#${unitId}#${submittedAt}#${surveyId}`,
  }),
  itemId: ({ surveyId }) => surveyId,
  patterns: {
    /** A unit's responses of the period, the latest first. */
    ofUnit: ({ agencyId, year, period, unitId }) => ({
      pk: periodPk(agencyId, year, period),
      prefix: `RESP#${String(unitId)}#`,
      descending: true,
    }),
  },
});

export const rateCounterEntity = defineEntity<{ scope: string; tag: string; window: number }>({
  kind: 'RATE_COUNTER',
  key: ({ scope, tag, window }) => ({ pk: `RATE#${scope}#${tag}`, sk: `W#${window}` }),
  itemId: ({ scope, tag, window }) => `${scope}#${tag}#${window}`,
  expiresAt: (d) => Number(d.until),
});

/**
 * The partitions the public survey function may touch (IAM `dynamodb:LeadingKeys`): links,
 * aggregates and responses, rate counters, and the links' audit chains.
 */
export const publicSurveyLeadingKeys = ['SURVEY#*', 'SURVEYAGG#*', 'RATE#*', 'AUDIT#SURVEY#*'] as const;
