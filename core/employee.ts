import * as z from 'zod';
import { slugId } from './agency.ts';
import type { AsnType } from './nip.ts';

/** Lowercased, accents folded, spaces collapsed: what a name search compares (`André` ~ `andre`). */
export const searchable = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** ACTIVE, or INACTIVE: retired or transferred out (kept for the record, in no one's team). */
export type EmploymentStatus = 'ACTIVE' | 'INACTIVE';
/**
 * Jenis jabatan: FUNGSIONAL (a functional position, JF: earns angka kredit), PELAKSANA, STRUKTURAL
 * (JPT, administrator, pengawas). Absent: not given by the import (no angka kredit can be said).
 */
export const jobTypes = ['FUNGSIONAL', 'PELAKSANA', 'STRUKTURAL'] as const;
export type JobType = (typeof jobTypes)[number];

export interface Employee {
  nip: string;
  agencyId: string;
  asnType: AsnType;
  name: string;
  email: string | null;
  position: string;
  /** Absent: the import never said (files before the column existed). */
  jobType?: JobType;
  unitId: string;
  unitName: string;
  supervisorNip: string | null;
  /** Supervisors above, nearest first: who may read this employee's documents. */
  managerChain: string[];
  directReports: number;
  /** Absent on profiles imported before leavers existed: ACTIVE. */
  employmentStatus?: EmploymentStatus;
  /** When INACTIVE: the first local month the person no longer worked here (YYYY-MM). */
  leftIn?: string;
  /** The month the current post began, when it began mid-year (a mutasi, promotion, Plt). */
  postSince?: string;
  version: number;
  updatedAt: string;
}

export const nipString = z
  .string()
  .regex(/^\d{18}$/, 'NIP_FORMAT')
  .meta({ example: '198609262015051001' });

/** The public profile. */
export const employeeProfile = z
  .object({
    nip: nipString,
    agencyId: z.string(),
    asnType: z.enum(['PNS', 'PPPK']),
    name: z.string(),
    email: z.string().nullable(),
    position: z.string(),
    jobType: z.enum(jobTypes).nullable().meta({
      description:
        'Jenis jabatan: FUNGSIONAL (JF, earns angka kredit), PELAKSANA, STRUKTURAL; null: not imported.',
    }),
    unitId: z.string(),
    unitName: z.string(),
    supervisorNip: nipString.nullable(),
    managerChain: z.array(nipString),
    directReports: z.number().int(),
    employmentStatus: z
      .enum(['ACTIVE', 'INACTIVE'])
      .meta({ description: 'INACTIVE: retired, transferred out or left (kept for the record).' }),
    leftIn: z.string().nullable().meta({
      description: 'INACTIVE: the first month no longer working here (YYYY-MM).',
      example: '2027-07',
    }),
    postSince: z.string().nullable().meta({
      description: 'The month the current post began, after a move mid-year (YYYY-MM); null: not moved.',
      example: '2027-07',
    }),
    version: z.number().int(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Employee' });

export const toProfile = (e: Employee) => ({
  nip: e.nip,
  agencyId: e.agencyId,
  asnType: e.asnType,
  name: e.name,
  email: e.email,
  position: e.position,
  jobType: e.jobType ?? null,
  unitId: e.unitId,
  unitName: e.unitName,
  supervisorNip: e.supervisorNip,
  managerChain: e.managerChain,
  directReports: e.directReports,
  employmentStatus: e.employmentStatus ?? 'ACTIVE',
  leftIn: e.leftIn ?? null,
  postSince: e.postSince ?? null,
  version: e.version,
  updatedAt: e.updatedAt,
});

/** One CSV row, after trimming; empty optional cells become undefined. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);
/** `2027-07`, `2027-07-01` (a date cell), `07/2027` or `7/2027` -> `2027-07`. */
const monthOf = (v: unknown) => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  const iso = /^(\d{4})-(\d{1,2})(?:-\d{1,2})?$/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]!.padStart(2, '0')}`;
  const local = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  return local ? `${local[2]}-${local[1]!.padStart(2, '0')}` : t;
};

export const importRowSchema = z.object({
  nip: z
    .string()
    .trim()
    .regex(/^\d{18}$/, 'NIP_FORMAT'),
  name: z.string().trim().min(1, 'REQUIRED').max(200, 'TOO_LONG'),
  email: optional(z.string().trim().email('EMAIL_FORMAT').max(254, 'TOO_LONG')),
  position: z.string().trim().min(1, 'REQUIRED').max(200, 'TOO_LONG'),
  unitId: z.string().trim().pipe(slugId),
  unitName: z.string().trim().min(1, 'REQUIRED').max(200, 'TOO_LONG'),
  supervisorNip: optional(
    z
      .string()
      .trim()
      .regex(/^\d{18}$/, 'NIP_FORMAT'),
  ),
  asnType: optional(z.enum(['PNS', 'PPPK'])),
  /** Empty: unchanged (unknown for someone new). */
  jobType: optional(z.preprocess(upper, z.enum(jobTypes))),
  /** Empty: unchanged (ACTIVE for someone new). */
  status: optional(z.preprocess(upper, z.enum(['ACTIVE', 'INACTIVE']))),
  /** The first month of the change (TMT): a move mid-year, or the first month gone. */
  effectiveMonth: optional(
    z.preprocess(monthOf, z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'MONTH_FORMAT')),
  ),
});
export type ImportRowInput = z.infer<typeof importRowSchema>;

export const importColumns = [
  'nip',
  'name',
  'email',
  'position',
  'unitId',
  'unitName',
  'supervisorNip',
] as const;
/** Columns a file may add to the contract's seven. */
export const importOptionalColumns = ['asnType', 'jobType', 'status', 'effectiveMonth'] as const;

/** The first month of the employee's post in `year`: 1, or the month a move mid-year took effect. */
export function postStartMonth(profile: { postSince?: string | undefined }, year: number): number {
  const since = profile.postSince ? /^(\d{4})-(\d{2})$/.exec(profile.postSince) : null;
  return since && Number(since[1]) === year ? Number(since[2]) : 1;
}
