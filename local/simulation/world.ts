/**
 * The simulated world: agencies (alternately quarterly and monthly, across the three zones),
 * each with a synthetic org chart imported and a cycle opened through the real API, and people
 * who act on time, late or never (deterministic from the seed).
 */
import { type OrgRow, type Rng, syntheticOrg, toCsv } from '../demo-data.ts';
import { invokeRoute, tokenFor } from '../invoke.ts';

export type Behaviour = 'ON_TIME' | 'LATE' | 'NEVER';

export interface Person extends OrgRow {
  agencyId: string;
  drafts: Behaviour;
  approves: Behaviour;
}

export interface World {
  year: number;
  people: Map<string, Person>;
  periods: Map<string, { period: string; start: string; end: string }[]>;
}

const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

export async function buildWorld(o: {
  agencies: number;
  employees: number;
  year: number;
  random: Rng;
}): Promise<World> {
  const pick = (): Behaviour => {
    const r = o.random();
    return r < 0.7 ? 'ON_TIME' : r < 0.85 ? 'LATE' : 'NEVER';
  };
  const world: World = { year: o.year, people: new Map(), periods: new Map() };
  const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
  const perAgency = Math.max(2, Math.floor(o.employees / o.agencies));
  for (let a = 0; a < o.agencies; a++) {
    const agencyId = `sim-${a + 1}`;
    const created = await invokeRoute('POST', '/v1/agencies', {
      token: admin,
      body: {
        agencyId,
        name: `Instansi Simulasi ${a + 1}`,
        timeZone: zones[a % 3],
        periodicity: a % 2 === 0 ? 'QUARTERLY' : 'MONTHLY',
        hrEmail: `kepegawaian@sim-${a + 1}.go.id`,
      },
    });
    if (created.status !== 201) throw new Error(`agency ${agencyId}: ${JSON.stringify(created.body)}`);
    const org = syntheticOrg(perAgency, 1000 + a);
    const hr = await tokenFor(org[0]!.nip, agencyId, ['HR']);
    const imported = await invokeRoute('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: toCsv(org) },
    });
    if (imported.status !== 200)
      throw new Error(`import ${agencyId}: ${JSON.stringify(imported.body).slice(0, 500)}`);
    const opened = await invokeRoute('POST', `/v1/agencies/${agencyId}/cycles`, {
      token: hr,
      body: { year: o.year },
    });
    if (opened.status !== 201) throw new Error(`cycle ${agencyId}: ${JSON.stringify(opened.body)}`);
    world.periods.set(agencyId, opened.body.periods);
    for (const row of org) world.people.set(row.nip, { ...row, agencyId, drafts: pick(), approves: pick() });
  }
  return world;
}
