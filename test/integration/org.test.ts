/** Agencies, the employee import and profiles: real handlers against DynamoDB Local. */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '#core/audit.ts';
import { csvSafe } from '#core/csv.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { readAuditChain } from '#functions/use-cases/audit.ts';
import { demoOrg, makeNip, rng, toCsv } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const adminNip = '197001011995031001';
const org = demoOrg(7);
const [top, head, chief, staff, peer] = org as [
  (typeof org)[0],
  (typeof org)[0],
  (typeof org)[0],
  (typeof org)[0],
  (typeof org)[0],
];

describe('agencies and the org chart', () => {
  const agencyId = uniqueAgencyId('kota');
  let admin: string;
  let hr: string;

  beforeAll(async () => {
    admin = await tokenFor(adminNip, 'siklus', ['ADMIN']);
    hr = await tokenFor(staff.nip, agencyId, ['HR']);
  });

  it('creates an agency in one transaction with its first audit entry, and refuses a duplicate', async () => {
    const body = {
      agencyId,
      name: 'Pemerintah Kota Uji',
      timeZone: 'Asia/Makassar',
      periodicity: 'QUARTERLY',
    };
    const created = await call('POST', '/v1/agencies', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, version: 1, employeeCount: 0 });
    expect(created.headers.etag).toMatch(/^"1\.[0-9a-f]{64}"$/);
    expect(created.roundTrips).toEqual(['TransactWriteItemsCommand']);

    const again = await call('POST', '/v1/agencies', { token: admin, body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AGENCY_EXISTS');
  });

  it('only ADMIN creates agencies; bad input names each field, in Indonesian or English, and writes nothing', async () => {
    const forbidden = await call('POST', '/v1/agencies', {
      token: hr,
      body: { agencyId: uniqueAgencyId(), name: 'X', timeZone: 'Asia/Jakarta', periodicity: 'MONTHLY' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('ROLE_REQUIRED');

    const bad = { agencyId: 'Bad Id', name: '', timeZone: 'Europe/Paris', periodicity: 'WEEKLY', extra: 1 };
    const id = await call('POST', '/v1/agencies', { token: admin, body: bad });
    expect(id.status).toBe(422);
    expect(id.headers['content-type']).toBe('application/problem+json');
    expect(id.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'agencyId',
      'extra',
      'name',
      'periodicity',
      'timeZone',
    ]);
    expect(id.body.errors.find((e: { path: string }) => e.path === 'timeZone').message).toMatch(/Zona waktu/);
    expect(id.roundTrips).toEqual([]);

    const en = await call('POST', '/v1/agencies', {
      token: admin,
      body: bad,
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.detail).toMatch(/request is invalid/);
    expect(en.body.errors.find((e: { path: string }) => e.path === 'timeZone').message).toMatch(
      /Time zone must be/,
    );

    const notJson = await call('POST', '/v1/agencies', {
      token: admin,
      raw: { contentType: 'application/json', text: '{nope' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('MALFORMED_JSON');
  });

  it('imports the org chart: HR only, all rows or nothing, idempotent', async () => {
    const csv = toCsv(org);
    const notHr = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: await tokenFor(staff.nip, agencyId),
      raw: { contentType: 'text/csv', text: csv },
    });
    expect(notHr.status).toBe(403);
    const otherAgencyHr = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: await tokenFor(staff.nip, 'elsewhere', ['HR']),
      raw: { contentType: 'text/csv', text: csv },
    });
    expect(otherAgencyHr.status).toBe(404);
    const wrongType = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      body: { csv },
    });
    expect(wrongType.status).toBe(415);

    // One bad row among good ones: 422 listing it, and nothing written.
    const bad = [...org, { ...org[5]!, nip: '199913452020011001', supervisorNip: chief.nip }];
    const rejected = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: toCsv(bad) },
    });
    expect(rejected.status).toBe(422);
    expect(rejected.body.code).toBe('IMPORT_INVALID');
    expect(rejected.body.errors).toEqual([
      expect.objectContaining({ row: bad.length + 1, path: 'nip', code: 'NIP_BIRTH_DATE' }),
    ]);
    expect((await call('GET', `/v1/employees/${top.nip}`, { token: hr })).status).toBe(404);

    const first = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: csv },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: org.length, updated: 0, unchanged: 0, rows: org.length });

    const second = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: csv },
    });
    expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: org.length, rows: org.length });
    expect(second.roundTrips).not.toContain('BatchWriteItemCommand');

    const agency = await call('GET', `/v1/agencies/${agencyId}`, { token: hr });
    expect(agency.body.employeeCount).toBe(org.length);

    // Every mutation is audited, and the chain verifies.
    const chain = await readAuditChain(liveDeps(), `AGENCY#${agencyId}`);
    expect(chain.map((e) => e.action)).toEqual([
      'AGENCY_CREATED',
      'EMPLOYEES_IMPORTED',
      'EMPLOYEES_IMPORTED',
    ]);
    expect(verifyChain(chain)).toMatchObject({ ok: true, length: 3 });
  });

  it('reports every kind of bad row at once: loops, unknown supervisors, duplicates, other agencies', async () => {
    const r = rng(99);
    const a = makeNip(r, 1);
    const b = makeNip(r, 2);
    const rows = [
      { ...org[1]!, nip: a, supervisorNip: b },
      { ...org[2]!, nip: b, supervisorNip: a },
      { ...org[3]!, nip: makeNip(r, 3), supervisorNip: makeNip(r, 4) },
      { ...org[4]!, nip: a, supervisorNip: '' },
      { ...org[5]!, nip: top.nip, supervisorNip: '' },
    ];
    const other = uniqueAgencyId('lain');
    await call('POST', '/v1/agencies', {
      token: admin,
      body: { agencyId: other, name: 'Lain', timeZone: 'Asia/Jayapura', periodicity: 'MONTHLY' },
    });
    const res = await call('POST', `/v1/agencies/${other}/employees/import`, {
      token: await tokenFor(staff.nip, other, ['HR']),
      raw: { contentType: 'text/csv', text: toCsv(rows) },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(422);
    const codes = res.body.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '3:REPORTING_LOOP',
        '4:UNKNOWN_SUPERVISOR',
        '5:DUPLICATE_NIP',
        `6:OTHER_AGENCY_EMPLOYEE`,
      ]),
    );
    // The other agency is not named (repeatable at will, it would map NIPs to agencies).
    const foreign = res.body.errors.find((e: { code: string }) => e.code === 'OTHER_AGENCY_EMPLOYEE');
    expect(foreign.message).toBe(`NIP ${top.nip} is not available for this agency.`);
    expect(JSON.stringify(res.body)).not.toContain(agencyId);
  });

  it('profiles: self, supervisors above and HR read; peers get 403, other agencies 404; one GetItem each', async () => {
    const as = async (nip: string, roles: string[] = [], agency = agencyId) => tokenFor(nip, agency, roles);
    for (const reader of [peer.nip, chief.nip, head.nip, top.nip]) {
      const res = await call('GET', `/v1/employees/${peer.nip}`, { token: await as(reader) });
      expect(res.status, reader).toBe(200);
      expect(res.roundTrips).toEqual(['GetItemCommand']);
    }
    const profile = await call('GET', `/v1/employees/${peer.nip}`, { token: hr });
    expect(profile.body).toMatchObject({
      nip: peer.nip,
      supervisorNip: chief.nip,
      unitId: peer.unitId,
      managerChain: [chief.nip, head.nip, top.nip],
    });
    expect(profile.headers.etag).toBe('"v1"');

    expect((await call('GET', `/v1/employees/${chief.nip}`, { token: await as(peer.nip) })).status).toBe(403);
    expect((await call('GET', `/v1/employees/${peer.nip}`, { token: await as(staff.nip) })).status).toBe(403);
    expect(
      (await call('GET', `/v1/employees/${peer.nip}`, { token: await as(staff.nip, ['HR'], 'other-agency') }))
        .status,
    ).toBe(404);
    expect((await call('GET', '/v1/employees/123', { token: hr })).status).toBe(404);
  });

  it('/v1/me shows roles and direct reports from one GetItem', async () => {
    const me = await call('GET', '/v1/me', { token: await tokenFor(chief.nip, agencyId) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      nip: chief.nip,
      agencyId,
      roles: [],
      isSupervisor: true,
      directReports: 4,
    });
    expect(me.roundTrips).toEqual(['GetItemCommand']);
    const adminMe = await call('GET', '/v1/me', { token: admin });
    expect(adminMe.body).toMatchObject({ roles: ['ADMIN'], profile: null });
  });

  it('Idempotency-Key on agency creation and on the import replays the first response', async () => {
    const body = {
      agencyId: uniqueAgencyId('idem'),
      name: 'Idem',
      timeZone: 'Asia/Jakarta',
      periodicity: 'MONTHLY',
    };
    const headers = { 'idempotency-key': 'create-1' };
    const first = await call('POST', '/v1/agencies', { token: admin, body, headers });
    const again = await call('POST', '/v1/agencies', { token: admin, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await call('POST', '/v1/agencies', {
      token: admin,
      body: { ...body, name: 'Lain' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const hrIdem = await tokenFor(staff.nip, body.agencyId, ['HR']);
    const csv = { contentType: 'text/csv', text: toCsv(demoOrg(123).slice(0, 5)) };
    const imp1 = await call('POST', `/v1/agencies/${body.agencyId}/employees/import`, {
      token: hrIdem,
      raw: csv,
      headers: { 'idempotency-key': 'imp-1' },
    });
    const imp2 = await call('POST', `/v1/agencies/${body.agencyId}/employees/import`, {
      token: hrIdem,
      raw: csv,
      headers: { 'idempotency-key': 'imp-1' },
    });
    expect(imp1.body).toMatchObject({ created: 5, updated: 0, unchanged: 0, rows: 5, format: 'CSV' });
    expect(imp2.body).toEqual(imp1.body);
    expect(imp2.roundTrips).toEqual(['GetItemCommand']);
  });

  it('two imports into one agency at once: one writes, the other gets 409 before writing anything', async () => {
    const id = uniqueAgencyId('lease');
    await call('POST', '/v1/agencies', {
      token: admin,
      body: { agencyId: id, name: 'Lease', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
    });
    const hrLease = await tokenFor(staff.nip, id, ['HR']);
    const a = demoOrg(501);
    const b = demoOrg(502);
    const [ra, rb] = await Promise.all([
      call('POST', `/v1/agencies/${id}/employees/import`, {
        token: hrLease,
        raw: { contentType: 'text/csv', text: toCsv(a) },
      }),
      call('POST', `/v1/agencies/${id}/employees/import`, {
        token: hrLease,
        raw: { contentType: 'text/csv', text: toCsv(b) },
      }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(loser.body.code).toBe('IMPORT_CONCURRENT');
    // Nobody from the losing file was written.
    const lost = ra.status === 409 ? a : b;
    for (const p of lost.slice(0, 5))
      expect((await call('GET', `/v1/employees/${p.nip}`, { token: hrLease })).status).toBe(404);
    const agency = await call('GET', `/v1/agencies/${id}`, { token: hrLease });
    expect(agency.body.employeeCount).toBe(41);
    // The lease is gone: the next import goes through.
    const next = await call('POST', `/v1/agencies/${id}/employees/import`, {
      token: hrLease,
      raw: { contentType: 'text/csv', text: toCsv(ra.status === 200 ? a : b) },
    });
    expect(next.status).toBe(200);
  });

  it('CSV field messages follow Accept-Language', async () => {
    const res = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: {
        contentType: 'text/csv',
        text: `nip,name,email,position,unitId,unitName,supervisorNip,asnType\n${org[2]!.nip},N,e@x.id,P,ok-unit,U,,XYZ\n`,
      },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ row: 2, path: 'asnType' });
    expect(res.body.errors[0].message).toMatch(/Invalid option/);
    const id = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: {
        contentType: 'text/csv',
        text: `nip,name,email,position,unitId,unitName,supervisorNip,asnType\n${org[2]!.nip},N,e@x.id,P,ok-unit,U,,XYZ\n`,
      },
    });
    expect(id.body.errors[0].message).not.toMatch(/Invalid option/);
  });

  it('a header naming a column twice is refused and writes nothing; formulas in cells are kept as text, neutralised on export', async () => {
    const [first] = demoOrg(808);
    const header = 'nip,name,email,position,unitId,unitName,supervisorNip';
    const row = (supervisor: string) =>
      [
        first!.nip,
        first!.name,
        first!.email,
        first!.position,
        first!.unitId,
        first!.unitName,
        supervisor,
      ].join(',');
    const dup = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: `${header},supervisorNip\n${row('')},${chief.nip}\n` },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toEqual([
      expect.objectContaining({ row: 1, path: '(header)', code: 'CSV_HEADER_DUPLICATE' }),
    ]);
    expect(dup.body.errors[0].message).toContain('supervisorNip');
    expect((await call('GET', `/v1/employees/${first!.nip}`, { token: hr })).status).toBe(404);

    // Spreadsheet formulas are data like any other text: stored as sent, neutralised only when
    // written into a CSV/XLSX export (core/csv.ts csvSafe).
    const formula = '=HYPERLINK("http://evil.example","klik")';
    const cells = [
      first!.nip,
      `"${formula.replace(/"/g, '""')}"`,
      '',
      '@SUM(1+1)',
      first!.unitId,
      first!.unitName,
      '',
    ];
    const ok = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: `${header}\n${cells.join(',')}\n` },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const stored = await call('GET', `/v1/employees/${first!.nip}`, { token: hr });
    expect(stored.body).toMatchObject({ name: formula, position: '@SUM(1+1)' });
    expect(csvSafe(stored.body.name)).toBe(`"'${formula.replace(/"/g, '""')}"`);
  });

  it('members read their agency; outsiders get 404', async () => {
    expect((await call('GET', `/v1/agencies/${agencyId}`, { token: hr })).status).toBe(200);
    expect((await call('GET', `/v1/agencies/${agencyId}`, { token: admin })).status).toBe(200);
    expect(
      (await call('GET', `/v1/agencies/${agencyId}`, { token: await tokenFor(staff.nip, 'x-agency') }))
        .status,
    ).toBe(404);
  });
});
