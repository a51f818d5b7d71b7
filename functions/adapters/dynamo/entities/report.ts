/**
 * Reports: one partition per agency, sorted by report id (`<year>.<period>.<scope>.<edition>`),
 * so an agency's reports are one Query (newest year first) and the on-demand editions of one
 * scope and period one Query on their prefix. gsi1: a scope's reports by request time (a unit
 * head's list).
 */
import { defineEntity } from '../entity.ts';

export const reportEntity = defineEntity<{ agencyId: string; reportId: string }>({
  kind: 'REPORT',
  key: ({ agencyId, reportId }) => ({ pk: `REPORT#${agencyId}`, sk: reportId }),
  itemId: ({ agencyId, reportId }) => `${agencyId}#${reportId}`,
  indexes: (d) => ({
    gsi1pk: `AGENCY#${d.agencyId}#REPORT#${d.scope}`,
    gsi1sk: `${d.requestedAt}#${d.reportId}`,
  }),
  patterns: {
    /** The agency's reports, the latest year first (`year`: that year only). */
    ofAgency: ({ agencyId, year }) => ({
      pk: `REPORT#${agencyId}`,
      ...(year ? { prefix: `${year}.` } : {}),
      descending: true,
    }),
    /** One scope's (`AGENCY` or a unit id), the latest request first. */
    ofScope: ({ agencyId, scope }) => ({
      index: 'gsi1',
      pk: `AGENCY#${agencyId}#REPORT#${scope}`,
      descending: true,
    }),
    /** The on-demand editions of one scope and period, the latest first. */
    onDemand: ({ agencyId, year, period, scope }) => ({
      pk: `REPORT#${agencyId}`,
      prefix: `${year}.${period}.${scope}.OD`,
      descending: true,
    }),
  },
});
