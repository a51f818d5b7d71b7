/**
 * What payroll reads: per employee and period, the final predikat, the allowance share (Tukin /
 * TPP) and the angka kredit share it gives under the agency's policy, and whether the result is
 * definitive (its appeal decided, or its window over without one). Pure.
 */
import * as z from 'zod';
import { type Predikat, predikats } from '#config/appraisal.ts';
import { type AppealSummary, appealStatuses } from '../appeal/appeal.ts';
import { type JobType, jobTypes } from '../employee.ts';
import { allowanceShare, angkaKreditShare, type PolicyInput } from '../policy.ts';
import { followUpTracks, trackOf } from './follow-up.ts';

/**
 * The months a period covers: Q2 -> M04..M06, M07 -> M07, ANNUAL -> M01..M12; with the SKP's
 * months (a post left or taken mid-year), only those it covers: Q2 of an SKP ended in April -> M04.
 */
export function monthsOf(period: string, skp?: { startMonth?: number; endMonth?: number }): string[] {
  const m = (n: number) => `M${String(n).padStart(2, '0')}`;
  let months: number[];
  if (period === 'ANNUAL') months = Array.from({ length: 12 }, (_, i) => i + 1);
  else if (period.startsWith('Q')) {
    const q = Number(period.slice(1));
    months = [q * 3 - 2, q * 3 - 1, q * 3];
  } else months = [Number(period.slice(1))];
  const from = skp?.startMonth ?? 1;
  const to = skp?.endMonth ?? 12;
  return months.filter((n) => n >= from && n <= to).map(m);
}

const skpMonths = (e: PayrollEvaluation) => ({
  ...(e.skpStartMonth !== undefined ? { startMonth: e.skpStartMonth } : {}),
  ...(e.skpEndMonth !== undefined ? { endMonth: e.skpEndMonth } : {}),
});

export interface PayrollEvaluation {
  skpId: string;
  period: string;
  year: number;
  ownerNip: string;
  ownerName: string;
  unitId: string;
  status: string;
  predikat?: Predikat;
  appealUntilMs?: number;
  appeal?: AppealSummary;
  /** The jenis jabatan held in the period (absent: the import never said). */
  jobType?: JobType;
  /** The SKP's months (absent on evaluations opened before they were recorded: the whole period). */
  skpStartMonth?: number;
  skpEndMonth?: number;
}

/** Final, and nothing can change it any more. */
export const definitive = (e: PayrollEvaluation, now: Date) =>
  e.status === 'FINAL' &&
  (e.appeal
    ? e.appeal.status === 'DECIDED'
    : e.appealUntilMs !== undefined && e.appealUntilMs < now.getTime());

export function payrollRow(e: PayrollEvaluation, policy: PolicyInput, now: Date) {
  const final = e.status === 'FINAL' && e.predikat !== undefined;
  const predikat = final ? e.predikat! : null;
  return {
    nip: e.ownerNip,
    name: e.ownerName,
    unitId: e.unitId,
    skpId: e.skpId,
    period: e.period,
    status: e.status,
    predikat,
    definitive: definitive(e, now),
    ...(e.appeal ? { appealStatus: e.appeal.status } : {}),
    // Allowance follows the periods; angka kredit the year (and, where an agency credits
    // periodically, each period's share of it).
    allowance:
      predikat && e.period !== 'ANNUAL'
        ? { sharePercent: allowanceShare(policy, predikat), months: monthsOf(e.period, skpMonths(e)) }
        : null,
    jobType: e.jobType ?? null,
    // Angka kredit is earned in a functional position only (unknown: not said).
    angkaKredit:
      predikat && e.jobType === 'FUNGSIONAL' ? { sharePercent: angkaKreditShare(policy, predikat) } : null,
    followUp: predikat ? trackOf(predikat) : null,
  };
}

/**
 * An employee's year, month by month under a MONTHLY basis (each month takes the share of the
 * final period covering it), else period by period; and the year's angka kredit share.
 */
export function employeePayroll(
  nip: string,
  year: number,
  evaluations: readonly PayrollEvaluation[],
  policy: PolicyInput,
  now: Date,
) {
  const rows = evaluations.map((e) => payrollRow(e, policy, now));
  const periodic = evaluations.flatMap((e, i) => (e.period === 'ANNUAL' ? [] : [{ e, r: rows[i]! }]));
  const allowance =
    policy.allowance.basis === 'MONTHLY'
      ? periodic.flatMap(({ e, r }) =>
          monthsOf(r.period, skpMonths(e)).map((month) => ({
            month,
            period: r.period,
            skpId: r.skpId,
            predikat: r.predikat,
            sharePercent: r.allowance?.sharePercent ?? null,
            definitive: r.definitive,
          })),
        )
      : periodic.map(({ r }) => ({
          period: r.period,
          skpId: r.skpId,
          predikat: r.predikat,
          sharePercent: r.allowance?.sharePercent ?? null,
          definitive: r.definitive,
        }));
  return {
    nip,
    year,
    basis: policy.allowance.basis,
    allowance: allowance.sort((a, b) =>
      ('month' in a ? String(a.month) : a.period).localeCompare('month' in b ? String(b.month) : b.period),
    ),
    // The year's angka kredit, for a functional position.
    angkaKredit: rows
      .filter((r) => r.period === 'ANNUAL' && r.jobType === 'FUNGSIONAL')
      .map((r) => ({
        skpId: r.skpId,
        predikat: r.predikat,
        sharePercent: r.angkaKredit?.sharePercent ?? null,
        definitive: r.definitive,
      })),
    recognition: rows.filter((r) => r.followUp === 'RECOGNITION').map((r) => r.period),
    periods: rows,
  };
}

const predikat = z.enum(predikats);
export const payrollRowOutput = z
  .object({
    nip: z.string(),
    name: z.string(),
    unitId: z.string(),
    skpId: z.string(),
    period: z.string(),
    status: z.string(),
    predikat: predikat.nullable().meta({ description: 'null until the evaluation is final.' }),
    definitive: z.boolean().meta({ description: 'Final, and its appeal decided or its appeal window over.' }),
    appealStatus: z.enum(appealStatuses).optional(),
    allowance: z
      .object({ sharePercent: z.number().int(), months: z.array(z.string()) })
      .nullable()
      .meta({ description: 'Tukin/TPP share of the months the period covers (periods only).' }),
    jobType: z.enum(jobTypes).nullable().meta({
      description:
        'The jenis jabatan held in the period; null: the import never said (then no angka kredit).',
    }),
    angkaKredit: z.object({ sharePercent: z.number().int() }).nullable().meta({
      description: 'Functional positions (jobType FUNGSIONAL) only: percent of the coefficient.',
    }),
    followUp: z.enum(followUpTracks).nullable(),
  })
  .meta({ id: 'PayrollRow' });

export const employeePayrollOutput = z
  .object({
    nip: z.string(),
    year: z.number().int(),
    basis: z.enum(['MONTHLY', 'PERIOD']),
    allowance: z.array(
      z.object({
        month: z.string().optional(),
        period: z.string(),
        skpId: z.string(),
        predikat: predikat.nullable(),
        sharePercent: z.number().int().nullable(),
        definitive: z.boolean(),
      }),
    ),
    angkaKredit: z.array(
      z.object({
        skpId: z.string(),
        predikat: predikat.nullable(),
        sharePercent: z.number().int().nullable(),
        definitive: z.boolean(),
      }),
    ),
    recognition: z.array(z.string()).meta({ description: 'The periods rated Sangat Baik.' }),
    periods: z.array(payrollRowOutput),
  })
  .meta({ id: 'EmployeePayroll' });
