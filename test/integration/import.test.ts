/**
 * The employee import under load and faults, against DynamoDB Local and s3rver:
 *  - two imports at once: one wins, the refused one writes nothing, and the winner's supervisor
 *    move (with the documents that follow it) is not reverted;
 *  - a file too large for the synchronous route is refused up front (413, pointing at the
 *    asynchronous route); the asynchronous route: presigned upload, start, progress, outcome;
 *  - a file of bad rows answers the first N problems and their total, not every one;
 *  - a crash while staging leaves nothing visible; a crash after the commit is finished (rolled
 *    forward) by the next import before it does anything else.
 * The clock is the test's: 4 January 2027 (leases are timed on it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '#config/limits.ts';
import type { Deps, Doc } from '#core/ports.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { setClock } from '#functions/clock.ts';
import { readAuditChain } from '#functions/use-cases/audit.ts';
import { importEmployees } from '#functions/use-cases/import-employees.ts';
import { getAgency, listAgencyEmployees } from '#functions/use-cases/org.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, type OrgRow, syntheticOrg, toCsv } from '#local/demo-data.ts';
import { dynamoCalls } from '#local/instrument.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });
const adminNip = '197001011995031001';
let admin: string;

beforeAll(async () => {
  setClock(() => clock.now());
  admin = await tokenFor(adminNip, 'siklus', ['ADMIN']);
});
afterAll(() => setClock(undefined));

async function newAgency(prefix: string, org: readonly OrgRow[]) {
  const agencyId = uniqueAgencyId(prefix);
  const created = await call('POST', '/v1/agencies', {
    token: admin,
    body: { agencyId, name: `Uji ${prefix}`, timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
  });
  expect(created.status).toBe(201);
  const hr = await tokenFor(org[8]?.nip ?? '198001012005011001', agencyId, ['HR']);
  if (org.length) {
    const imported = await importCsv(agencyId, hr, toCsv(org));
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  }
  return { agencyId, hr };
}

const importCsv = (agencyId: string, token: string, text: string, headers: Record<string, string> = {}) =>
  call('POST', `/v1/agencies/${agencyId}/employees/import`, {
    token,
    raw: { contentType: 'text/csv', text },
    headers,
  });

/** Every employee of the agency as stored (what readers see). */
async function snapshot(agencyId: string) {
  const all = await listAgencyEmployees(liveDeps(), agencyId);
  return new Map([...all].map(([nip, e]) => [nip, JSON.stringify(e)]));
}

describe('two imports at once', () => {
  it('one wins; the refused one writes nothing and does not revert the winner’s supervisor move', async () => {
    const base = demoOrg(3101);
    const { agencyId, hr } = await newAgency('race', base);
    // The moved employee's SKP: its readers and approver must follow the winner's move.
    const moved = base[3]!;
    const newSupervisor = base.find(
      (r) =>
        r.unitId === moved.unitId && r.nip !== moved.supervisorNip && r.position.startsWith('Kepala Bidang'),
    )!;
    expect(newSupervisor).toBeDefined();
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: hr, body: { year: 2027 } })).status,
    ).toBe(201);
    const skp = await call('POST', '/v1/skp', {
      token: await tokenFor(moved.nip, agencyId),
      body: {
        year: 2027,
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Arsip',
            indicators: [{ text: 'Arsip', aspect: 'KUANTITAS', target: { value: 1, unit: 'x' } }],
          },
        ],
      },
    });
    expect(skp.status, JSON.stringify(skp.body)).toBe(201);

    // A: the supervisor move. B: a stale view of the same org with every name changed.
    const a = base.map((r) => (r.nip === moved.nip ? { ...r, supervisorNip: newSupervisor.nip } : r));
    const b = base.map((r) => ({ ...r, name: `${r.name} B` }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const [ra, rb] = await Promise.all([
        importCsv(agencyId, hr, toCsv(a)),
        importCsv(agencyId, hr, toCsv(b)),
      ]);
      const statuses = [ra.status, rb.status];
      if (statuses.every((s) => s === 200)) continue; // did not overlap this time: try again
      expect(statuses.sort()).toEqual([200, 409]);
      const loser = ra.status === 409 ? ra : rb;
      expect(loser.body.code).toBe('IMPORT_CONCURRENT');
      const winner = ra.status === 200 ? a : b;
      const loserFile = ra.status === 200 ? b : a;
      // The stored org is exactly the winner's file: importing it again changes nothing.
      const again = await importCsv(agencyId, hr, toCsv(winner));
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: base.length });
      const stored = await listAgencyEmployees(liveDeps(), agencyId);
      if (winner === a) {
        expect(stored.get(moved.nip)!.supervisorNip).toBe(newSupervisor.nip);
        expect([...stored.values()].some((e) => e.name.endsWith(' B'))).toBe(false);
        // The move's documents followed it: the new supervisor reads the SKP, the old one no longer.
        const read = async (nip: string) =>
          (await call('GET', `/v1/skp/${skp.body.skpId}`, { token: await tokenFor(nip, agencyId) })).status;
        expect(await read(newSupervisor.nip)).toBe(200);
        expect(await read(moved.supervisorNip)).toBe(404);
      } else {
        expect([...stored.values()].every((e) => e.name.endsWith(' B'))).toBe(true);
        expect(stored.get(moved.nip)!.supervisorNip).toBe(moved.supervisorNip);
      }
      void loserFile;
      // One import audited (plus the base and the re-import above), none for the refused one.
      const chain = await readAuditChain(liveDeps(), `AGENCY#${agencyId}`);
      expect(chain.filter((e) => e.action === 'EMPLOYEES_IMPORTED')).toHaveLength(3);
      return;
    }
    throw new Error('the two imports never overlapped in three tries');
  });
});

describe('size: the synchronous route takes what finishes inside the timeout', () => {
  it(`refuses more than ${limits.importSyncMaxRows} rows with 413, pointing at the asynchronous route, before writing anything`, async () => {
    const { agencyId, hr } = await newAgency('big', []);
    const rows = syntheticOrg(limits.importSyncMaxRows + 1, 9);
    const before = dynamoCalls.writes;
    const res = await importCsv(agencyId, hr, toCsv(rows), { 'accept-language': 'en' });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.code).toBe('IMPORT_TOO_LARGE_FOR_SYNC');
    expect(res.body.detail).toContain(`/v1/agencies/${agencyId}/employees/imports`);
    expect(dynamoCalls.writes).toBe(before);
    expect(res.roundTrips).toEqual([]);
  });

  it('a file of bad rows answers the first problems and their total, not all of them', async () => {
    const { agencyId, hr } = await newAgency('errs', []);
    // 3,000 rows, each with a bad NIP and no name: 6,000 problems.
    const text = `nip,name,email,position,unitId,unitName,supervisorNip\n${Array.from({ length: 3000 }, (_, i) => `12${i},,,,bad unit,,`).join('\n')}\n`;
    const res = await importCsv(agencyId, hr, text);
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(limits.importMaxErrors);
    expect(res.body.total).toBeGreaterThan(6000);
    expect(res.body.detail).toContain(String(res.body.total));
    expect(res.body.errors[0].row).toBe(2);
    expect(JSON.stringify(res.body).length).toBeLessThan(64 * 1024);
  });
});

describe('the asynchronous import', () => {
  it('job: presigned upload, start, progress and outcome; HR of the agency only', async () => {
    const base = demoOrg(3202);
    const { agencyId, hr } = await newAgency('async', []);
    const text = toCsv(base);
    const size = Buffer.byteLength(text);
    const url = `/v1/agencies/${agencyId}/employees/imports`;

    for (const [token, status] of [
      [await tokenFor(base[3]!.nip, agencyId), 403],
      [await tokenFor(base[8]!.nip, 'elsewhere', ['HR']), 404],
    ] as const) {
      expect((await call('POST', url, { token, body: { size } })).status).toBe(status);
    }
    expect((await call('POST', url, { token: hr, body: { size: limits.importMaxBytes + 1 } })).status).toBe(
      422,
    );

    const created = await call('POST', url, { token: hr, body: { size } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'QUEUED',
      size,
      upload: { method: 'PUT', headers: { 'content-type': 'text/csv' } },
    });
    expect(created.headers.location).toBe(`${url}/${created.body.jobId}`);
    const upload = new URL(created.body.upload.url);
    expect(decodeURIComponent(upload.pathname)).toBe(
      `/siklus-reports/imports/${agencyId}/${created.body.jobId}.csv`,
    );
    expect(upload.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    const jobUrl = `${url}/${created.body.jobId}`;

    // Not uploaded yet: 409, and the job stays QUEUED.
    const early = await call('POST', `${jobUrl}/start`, {
      token: hr,
      headers: { 'if-match': created.body.etag },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('IMPORT_NOT_UPLOADED');
    const put = await fetch(created.body.upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: text,
    });
    expect(put.status).toBe(200);
    expect((await call('POST', `${jobUrl}/start`, { token: hr })).status).toBe(428);
    expect(
      (
        await call('POST', `${jobUrl}/start`, {
          token: await tokenFor(base[3]!.nip, agencyId),
          headers: { 'if-match': created.body.etag },
        })
      ).status,
    ).toBe(403);

    const started = await call('POST', `${jobUrl}/start`, {
      token: hr,
      headers: { 'if-match': created.body.etag },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.status).toBe('RUNNING');
    const twice = await call('POST', `${jobUrl}/start`, {
      token: hr,
      headers: { 'if-match': started.body.etag },
    });
    expect(twice.status).toBe(409);
    await localImportJobs.idle();

    const done = await call('GET', jobUrl, { token: hr });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'SUCCEEDED',
      outcome: { created: base.length, updated: 0, unchanged: 0, rows: base.length },
      progress: { phase: 'done' },
    });
    expect(
      (await call('GET', jobUrl, { token: await tokenFor(base[8]!.nip, 'elsewhere', ['HR']) })).status,
    ).toBe(404);
    expect((await call('GET', `/v1/employees/${base[5]!.nip}`, { token: hr })).status).toBe(200);
    const chain = await readAuditChain(liveDeps(), `IMPORT_JOB#${agencyId}#${created.body.jobId}`);
    expect(chain.map((e) => e.action)).toEqual([
      'IMPORT_JOB_CREATED',
      'IMPORT_JOB_STARTED',
      'IMPORT_JOB_SUCCEEDED',
    ]);
  });

  it('a job of bad rows fails with the first problems and their total, and writes no employee', async () => {
    const { agencyId, hr } = await newAgency('asyncbad', []);
    const rows = syntheticOrg(500, 12).map((r, i) =>
      i % 2 ? { ...r, supervisorNip: '199901012099011001' } : r,
    );
    const text = toCsv(rows);
    const created = await call('POST', `/v1/agencies/${agencyId}/employees/imports`, {
      token: hr,
      body: { size: Buffer.byteLength(text) },
      headers: { 'accept-language': 'en' },
    });
    await fetch(created.body.upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: text,
    });
    const jobUrl = `/v1/agencies/${agencyId}/employees/imports/${created.body.jobId}`;
    expect(
      (await call('POST', `${jobUrl}/start`, { token: hr, headers: { 'if-match': created.body.etag } }))
        .status,
    ).toBe(202);
    await localImportJobs.idle();
    const failed = await call('GET', jobUrl, { token: hr, headers: { 'accept-language': 'en' } });
    expect(failed.body).toMatchObject({ status: 'FAILED', error: { status: 422, code: 'IMPORT_INVALID' } });
    expect(failed.body.error.errors).toHaveLength(limits.importMaxErrors);
    expect(failed.body.error.total).toBeGreaterThanOrEqual(250);
    expect(failed.body.error.errors[0].message).toMatch(/Supervisor|NIP/);
    expect((await listAgencyEmployees(liveDeps(), agencyId)).size).toBe(0);
  });
});

describe('a small change is one transaction', () => {
  it('a re-import changing a few employees writes them in the commit itself: no bulk write at all', async () => {
    const base = demoOrg(3505);
    const { agencyId, hr } = await newAgency('small', base);
    const next = base.map((r, i) => (i < 5 ? { ...r, position: `${r.position} (Plt)` } : r));
    const res = await importCsv(agencyId, hr, toCsv(next));
    expect(res.body).toMatchObject({ created: 0, updated: 5, unchanged: base.length - 5 });
    expect(res.roundTrips).not.toContain('BatchWriteItemCommand');
    const stored = await listAgencyEmployees(liveDeps(), agencyId);
    expect(stored.get(base[2]!.nip)!.position).toMatch(/\(Plt\)$/);
    expect(((await getAgency(liveDeps(), agencyId)) as Doc).importApplying).toBeUndefined();
  });
});

describe('a crash in the middle of an import', () => {
  /** Deps whose bulk writes of one kind write the first half, then never return (a frozen function). */
  function crashing(kind: 'IMPORT_STAGE' | 'EMPLOYEE') {
    const live = liveDeps();
    const state = { halfWritten: false };
    const deps: Deps = {
      ...live,
      store: {
        ...live.store,
        async putMany(docs, onProgress) {
          if (!docs.length || docs[0]!.ref.kind !== kind) return live.store.putMany(docs, onProgress);
          await live.store.putMany(docs.slice(0, Math.ceil(docs.length / 2)));
          state.halfWritten = true;
          return new Promise<void>(() => {});
        },
      },
    };
    return { deps, state };
  }
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 600 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cond()).toBe(true);
  };
  const reorganised = (org: OrgRow[]) =>
    org.map((r, i) => ({
      ...r,
      name: `${r.name} Baru`,
      position: i % 3 ? r.position : `${r.position} (Plt)`,
    }));

  it('while staging: nothing is visible, and the next import after the lease runs normally', async () => {
    const base = demoOrg(3303);
    const { agencyId } = await newAgency('crash1', base);
    const extra = syntheticOrg(60, 33).map((r) => ({
      ...r,
      supervisorNip: base[0]!.nip,
      unitId: 'setda',
      unitName: 'Sekretariat Daerah',
    }));
    const next = [...reorganised(base), ...extra];
    const before = await snapshot(agencyId);
    const agencyBefore = await getAgency(liveDeps(), agencyId);

    const { deps, state } = crashing('IMPORT_STAGE');
    void importEmployees(deps, { agencyId, file: toCsv(next), actor: { nip: base[8]!.nip } });
    await until(() => state.halfWritten);

    // Half the employees are staged, and nobody can tell: every reader sees the org as it was.
    expect(await snapshot(agencyId)).toEqual(before);
    const agencyNow = await getAgency(liveDeps(), agencyId);
    expect({ ...agencyNow, importLease: undefined }).toEqual({ ...agencyBefore, importLease: undefined });
    const hr = await tokenFor(base[8]!.nip, agencyId, ['HR']);
    expect((await call('GET', `/v1/employees/${extra[0]!.nip}`, { token: hr })).status).toBe(404);
    // Its lease still holds the agency: another import is refused, not mixed in.
    expect((await importCsv(agencyId, hr, toCsv(base))).status).toBe(409);

    // After the lease's time, the next import goes through from the state as it was.
    clock.set(clock.now() + (limits.importLeaseMinutes + 1) * 60_000);
    const again = await importCsv(agencyId, await tokenFor(base[8]!.nip, agencyId, ['HR']), toCsv(next));
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ created: extra.length, updated: base.length, unchanged: 0 });
    expect((await listAgencyEmployees(liveDeps(), agencyId)).get(base[5]!.nip)!.name).toMatch(/ Baru$/);
  });

  it('after the commit: the next import first finishes it from what was staged (roll forward)', async () => {
    const base = demoOrg(3404);
    const { agencyId } = await newAgency('crash2', base);
    // More than one transaction holds (a change of 48 or fewer is written in the commit itself).
    const extra = syntheticOrg(60, 44).map((r) => ({
      ...r,
      supervisorNip: base[0]!.nip,
      unitId: 'setda',
      unitName: 'Sekretariat Daerah',
    }));
    const next = [...reorganised(base), ...extra];
    const { deps, state } = crashing('EMPLOYEE');
    void importEmployees(deps, { agencyId, file: toCsv(next), actor: { nip: base[8]!.nip } });
    await until(() => state.halfWritten);

    // Committed: audited, counted, and marked as still applying.
    const agency = (await getAgency(liveDeps(), agencyId)) as Doc;
    expect(agency.importApplying).toMatchObject({ staged: next.length });
    const chain = await readAuditChain(liveDeps(), `AGENCY#${agencyId}`);
    expect(chain.at(-1)!.action).toBe('EMPLOYEES_IMPORTED');
    // The window this design leaves: between the commit and the end of the apply (here, until the
    // next import finishes it), readers see the committed import partly applied.
    const visible = await listAgencyEmployees(liveDeps(), agencyId);
    const present = extra.filter((r) => visible.has(r.nip)).length;
    expect(present).toBeLessThan(extra.length);

    // The next import (here: the old file, after the lease) finishes the committed one first,
    // then applies its own over the finished state.
    clock.set(clock.now() + (limits.importLeaseMinutes + 1) * 60_000);
    const hr = await tokenFor(base[8]!.nip, agencyId, ['HR']);
    const after = await importCsv(agencyId, hr, toCsv(next));
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    // Everything of the committed import was applied before this one looked: nothing to change.
    expect(after.body).toMatchObject({ created: 0, updated: 0, unchanged: next.length });
    const stored = await listAgencyEmployees(liveDeps(), agencyId);
    expect(stored.size).toBe(next.length);
    expect(base.every((r) => stored.get(r.nip)!.name.endsWith(' Baru'))).toBe(true);
    expect(((await getAgency(liveDeps(), agencyId)) as Doc).importApplying).toBeUndefined();
  });

  it('after the commit, with a move mid-year and a leaver: the roll-forward ends their SKPs too (issue 13 over issue 15)', async () => {
    const base = demoOrg(3606);
    const { agencyId, hr } = await newAgency('crash3', base);
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: hr, body: { year: 2027 } })).status,
    ).toBe(201);
    const [mover, leaver, disdikHead] = [base[3]!, base[6]!, base[11]!];
    const drafted: Record<string, string> = {};
    for (const person of [mover, leaver]) {
      const res = await call('POST', '/v1/skp', {
        token: await tokenFor(person.nip, agencyId),
        body: {
          year: 2027,
          rhk: [
            {
              kind: 'UTAMA',
              text: 'Layanan kepegawaian',
              indicators: [{ text: 'Berkas', aspect: 'KUANTITAS', target: { value: 10, unit: 'berkas' } }],
            },
          ],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      drafted[person.nip] = res.body.skpId;
    }
    // The mover goes to disdik under its head from March, the leaver leaves in March; 60 more
    // employees, so the import stages (more than one transaction holds).
    const extra = syntheticOrg(60, 55).map((r) => ({
      ...r,
      supervisorNip: base[0]!.nip,
      unitId: 'setda',
      unitName: 'Sekretariat Daerah',
    }));
    const rows = [
      ...base.map((r) =>
        r === mover
          ? { ...r, unitId: disdikHead.unitId, unitName: disdikHead.unitName, supervisorNip: disdikHead.nip }
          : r,
      ),
      ...extra,
    ];
    const lines = toCsv(rows).trim().split('\n');
    const file = `${[
      `${lines[0]},status,effectiveMonth`,
      ...lines.slice(1).map((l, i) => {
        const nip = rows[i]!.nip;
        return `${l},${nip === leaver.nip ? 'INACTIVE' : 'ACTIVE'},${nip === leaver.nip || nip === mover.nip ? '2027-03' : ''}`;
      }),
    ].join('\n')}\n`;

    const { deps, state } = crashing('EMPLOYEE');
    void importEmployees(deps, { agencyId, file, actor: { nip: base[8]!.nip } });
    await until(() => state.halfWritten);
    // Committed (the moves are recorded in the audit entry), not applied: the SKPs are as they were.
    const chain = await readAuditChain(liveDeps(), `AGENCY#${agencyId}`);
    expect(chain.at(-1)!.data).toMatchObject({ moved: 1, left: 1 });
    const skpStatus = async (nip: string) =>
      (await call('GET', `/v1/skp/${drafted[nip]}`, { token: hr })).body as {
        status: string;
        endMonth: number;
      };
    expect((await skpStatus(mover.nip)).status).toBe('DRAFT');

    // The next import (the same file, after the lease) finishes the committed one first: the
    // employees, then the SKPs of the old post ended with February, the leaver inactive.
    clock.set(clock.now() + (limits.importLeaseMinutes + 1) * 60_000);
    const again = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: await tokenFor(base[8]!.nip, agencyId, ['HR']),
      raw: { contentType: 'text/csv', text: file },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    // Nobody moves twice: the finished import left nothing for this one to do.
    expect(again.body).toMatchObject({ created: 0, updated: 0, moved: 0, left: 0, skpsEnded: 0 });
    for (const nip of [mover.nip, leaver.nip])
      expect(await skpStatus(nip), nip).toMatchObject({ status: 'ENDED', endMonth: 2 });
    const stored = await listAgencyEmployees(liveDeps(), agencyId);
    expect(stored.get(leaver.nip)).toMatchObject({ employmentStatus: 'INACTIVE', leftIn: '2027-03' });
    expect(stored.get(mover.nip)).toMatchObject({ unitId: disdikHead.unitId, postSince: '2027-03' });
    expect(((await getAgency(liveDeps(), agencyId)) as Doc).importApplying).toBeUndefined();
  });
});
