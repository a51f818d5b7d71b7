import { z } from 'zod';
import { slugId } from './agency.ts';
import type { AsnType } from './nip.ts';

/** Lowercased, accents folded, spaces collapsed: what a name search compares (`André` ~ `andre`). */
export const searchable = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** ACTIVE, or INACTIVE: retired or transferred out (kept for the record, in no one's team). */
export type EmploymentStatus = 'ACTIVE' | 'INACTIVE';

export interface Employee {
  nip: string;
  agencyId: string;
  asnType: AsnType;
  name: string;
  email: string | null;
  position: string;
  unitId: string;
  unitName: string;
  supervisorNip: string | null;
  /** Supervisors above, nearest first: who may read this employee's documents. */
  managerChain: string[];
  directReports: number;
  /** Absent on profiles imported before leavers existed: ACTIVE. */
  employmentStatus?: EmploymentStatus;
  /** When INACTIVE: the local month the person left (YYYY-MM). */
  leftIn?: string;
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
    unitId: z.string(),
    unitName: z.string(),
    supervisorNip: nipString.nullable(),
    managerChain: z.array(nipString),
    directReports: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Employee' });

export const toProfile = (e: Employee) => ({
  nip: e.nip,
  agencyId: e.agencyId,
  asnType: e.asnType,
  name: e.name,
  email: e.email,
  position: e.position,
  unitId: e.unitId,
  unitName: e.unitName,
  supervisorNip: e.supervisorNip,
  managerChain: e.managerChain,
  directReports: e.directReports,
  version: e.version,
  updatedAt: e.updatedAt,
});

/** One CSV row, after trimming; empty optional cells become undefined. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

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
export const importOptionalColumns = ['asnType'] as const;
