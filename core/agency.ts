import * as z from 'zod';

/** Indonesia's three zones; no daylight saving. */
export const timeZones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type TimeZone = (typeof timeZones)[number];

export const slugId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'ID_FORMAT');

export const agencyInput = z
  .object({
    agencyId: slugId.meta({ description: 'Stable id, e.g. `kota-makassar`.', example: 'kota-makassar' }),
    name: z.string().trim().min(1).max(200).meta({ example: 'Pemerintah Kota Makassar' }),
    timeZone: z.enum(timeZones, 'TIME_ZONE'),
    periodicity: z.enum(['QUARTERLY', 'MONTHLY']),
    /** Where escalations to HR are mailed (the HR inbox in the portal gets them regardless). */
    hrEmail: z.string().trim().email('EMAIL_FORMAT').max(254).optional(),
  })
  .strict()
  .meta({ id: 'AgencyInput' });
export type AgencyInput = z.infer<typeof agencyInput>;

export const agency = agencyInput
  .extend({
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    employeeCount: z.number().int(),
  })
  .meta({ id: 'Agency' });
export type Agency = z.infer<typeof agency>;

export function newAgency(input: AgencyInput, createdBy: string, now: Date): Agency {
  return { ...input, version: 1, createdAt: now.toISOString(), createdBy, employeeCount: 0 };
}
