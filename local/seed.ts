/** The demo agency of `npm start`, created through the same use cases the API runs. */
import { newAgency } from '#core/agency.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { openCycle } from '#functions/use-cases/cycles.ts';
import { importEmployees } from '#functions/use-cases/import-employees.ts';
import { createAgency, getAgency } from '#functions/use-cases/org.ts';
import { demoAgency, demoOrg, type OrgRow, toCsv } from './demo-data.ts';

/** A platform admin: not an employee of any agency. */
export const demoAdmin = { nip: '197001011995031001', agencyId: 'siklus', roles: ['ADMIN'] as const };

export interface DemoLogin {
  who: string;
  nip: string;
  agencyId: string;
  roles: string[];
}

export function demoLogins(rows: OrgRow[] = demoOrg()): DemoLogin[] {
  const a = demoAgency.agencyId;
  const [sekda, kepalaBkpsdm, kabid, staff] = rows as [OrgRow, OrgRow, OrgRow, OrgRow];
  return [
    {
      who: `HR (pengelola kinerja): ${staff.name}, ${staff.position}`,
      nip: staff.nip,
      agencyId: a,
      roles: ['HR'],
    },
    { who: `Staff: ${rows[4]!.name}, ${rows[4]!.position}`, nip: rows[4]!.nip, agencyId: a, roles: [] },
    { who: `Supervisor: ${kabid.name}, ${kabid.position}`, nip: kabid.nip, agencyId: a, roles: [] },
    {
      who: `Head of office: ${kepalaBkpsdm.name}, ${kepalaBkpsdm.position}`,
      nip: kepalaBkpsdm.nip,
      agencyId: a,
      roles: [],
    },
    { who: `Top: ${sekda.name}, ${sekda.position}`, nip: sekda.nip, agencyId: a, roles: [] },
    {
      who: 'Platform admin (creates agencies)',
      nip: demoAdmin.nip,
      agencyId: demoAdmin.agencyId,
      roles: ['ADMIN'],
    },
  ];
}

/** The year whose cycle the demo opens: next year from October on, else this year. */
export const demoCycleYear = (now: Date) =>
  now.getUTCMonth() >= 9 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();

/** Seeds the demo agency unless it exists, on the runtime's clock. Returns true when it seeded. */
export async function seedDemo(): Promise<boolean> {
  const deps = liveDeps();
  const now = deps.clock.now();
  if (await getAgency(deps, demoAgency.agencyId)) return false;
  await createAgency(deps, newAgency({ ...demoAgency }, demoAdmin.nip, now), demoAdmin.nip);
  await importEmployees(deps, {
    agencyId: demoAgency.agencyId,
    file: toCsv(demoOrg()),
    actor: { nip: demoAdmin.nip },
  });
  // The cycle HR would open next: the coming year's (planning runs in January).
  const hr = demoLogins()[0]!;
  await openCycle(deps, { nip: hr.nip, agencyId: demoAgency.agencyId, roles: ['HR'] }, demoAgency.agencyId, {
    year: demoCycleYear(now),
  });
  return true;
}
