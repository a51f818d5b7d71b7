/**
 * An agency's policy for appeals and follow-up: the appeal window and deadlines, the allowance
 * share by predikat and the angka kredit share. Every agency has one: its own when HR has set
 * it, else the defaults of config/follow-up.ts. Pure: deadlines are computed on a WorkCalendar.
 */
import * as z from 'zod';
import { type Predikat, predikats } from '#config/appraisal.ts';
import {
  allowanceDefaults,
  angkaKreditDefaults,
  appealDefaults,
  dayKinds,
  type Span,
  shareMaxPercent,
  spanBounds,
} from '#config/follow-up.ts';
import type { AuditHead } from './audit.ts';
import { plusDays, type WorkCalendar } from './calendar.ts';
import { etagOf } from './etag.ts';

const span = z
  .object({
    days: z.number().int().min(spanBounds.min).max(spanBounds.max),
    dayKind: z.enum(dayKinds).meta({ description: 'CALENDAR days, or WORKING days of the agency calendar.' }),
  })
  .strict();

const shares = z
  .object(
    Object.fromEntries(predikats.map((p) => [p, z.number().int().min(0).max(shareMaxPercent)])) as Record<
      Predikat,
      z.ZodNumber
    >,
  )
  .strict();

export const policyInput = z
  .object({
    appeal: z
      .object({
        fileWithin: span.meta({ description: "Counted from the delivery of the employee's own result." }),
        respondWithin: span.meta({ description: "The appraiser's response, counted from filing." }),
        decideWithin: span.meta({ description: 'The decision, counted from filing.' }),
      })
      .strict(),
    allowance: z
      .object({
        basis: z.enum(['MONTHLY', 'PERIOD']).meta({
          description:
            'MONTHLY: each month takes the share of the period covering it; PERIOD: one per period.',
        }),
        sharePercent: shares,
      })
      .strict(),
    angkaKredit: z
      .object({ sharePercent: shares.meta({ description: 'Percent of the yearly coefficient.' }) })
      .strict(),
  })
  .strict()
  .meta({ id: 'AgencyPolicyInput' });
export type PolicyInput = z.infer<typeof policyInput>;

export const defaultPolicy: PolicyInput = {
  appeal: {
    fileWithin: { ...appealDefaults.fileWithin },
    respondWithin: { ...appealDefaults.respondWithin },
    decideWithin: { ...appealDefaults.decideWithin },
  },
  allowance: { basis: allowanceDefaults.basis, sharePercent: { ...allowanceDefaults.sharePercent } },
  angkaKredit: { sharePercent: { ...angkaKreditDefaults.sharePercent } },
};

export interface StoredPolicy extends PolicyInput {
  agencyId: string;
  version: number;
  auditHead: AuditHead;
  updatedAt: string;
  updatedBy: string;
}

/** The head of a policy never stored: If-Match names it to write the first version. */
export const defaultsHead: AuditHead = { seq: 0, hash: '0'.repeat(64) };

/** The policy in force: the agency's own, else the defaults. */
export const policyOf = (stored: Readonly<Record<string, unknown>> | undefined): PolicyInput =>
  stored && typeof stored.appeal === 'object'
    ? {
        appeal: stored.appeal as PolicyInput['appeal'],
        allowance: stored.allowance as PolicyInput['allowance'],
        angkaKredit: stored.angkaKredit as PolicyInput['angkaKredit'],
      }
    : defaultPolicy;

export const policyOutput = policyInput
  .extend({
    agencyId: z.string(),
    source: z.enum(['AGENCY', 'DEFAULT']).meta({ description: 'DEFAULT: the agency has not set its own.' }),
    version: z.number().int().meta({ description: '0 while the defaults apply.' }),
    etag: z.string(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: 'AgencyPolicy' });

export function policyView(agencyId: string, stored: StoredPolicy | undefined) {
  return stored
    ? {
        ...policyOf(stored as unknown as Record<string, unknown>),
        agencyId,
        source: 'AGENCY' as const,
        version: stored.version,
        etag: etagOf(stored.auditHead),
        updatedAt: stored.updatedAt,
        updatedBy: stored.updatedBy,
      }
    : { ...defaultPolicy, agencyId, source: 'DEFAULT' as const, version: 0, etag: etagOf(defaultsHead) };
}

/**
 * The end of a span that starts at the instant `from`: the end of the local day `days` calendar
 * days after it, or `days` working days after it (weekends, national holidays, cuti bersama and
 * the agency's own days skipped).
 */
export function spanEnd(from: Date, s: Span, cal: WorkCalendar): string {
  const day = cal.localDate(from);
  return cal.endOfDay(s.dayKind === 'WORKING' ? cal.addWorkingDays(day, s.days) : plusDays(day, s.days));
}

export const allowanceShare = (p: PolicyInput, predikat: Predikat) => p.allowance.sharePercent[predikat];
export const angkaKreditShare = (p: PolicyInput, predikat: Predikat) => p.angkaKredit.sharePercent[predikat];
