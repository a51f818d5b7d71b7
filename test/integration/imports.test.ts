/**
 * The employee import as HR meets it, over the real handlers and DynamoDB Local: files as Excel
 * saves them (`;`, Windows-1252, NIPs with spaces or in scientific notation, XLSX), the template,
 * a move mid-year (two SKPs for the year, the old one kept by its appraiser for its months) and a
 * leaver (inactive, their pending approvals handed to the new supervisor, their own steps closed).
 */
import ExcelJS from 'exceljs';
import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveDeps } from '#functions/adapters/deps.ts';
import { openEvaluationsPage } from '#functions/use-cases/evaluations.ts';
import { demoOrg, type OrgRow } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

// A seed of its own: employees are one per NIP across agencies, and test files share the table.
const org = demoOrg(17);
const p = (i: number) => org[i]!;
// setda head (0) > bkpsdm head (1) > kabid penilaian (2) > staff 3..6; kabid mutasi (7) > 8..10;
// disdik head (11)
const [head, chief, mover, leaver, hrPerson, report, disdikHead] = [
  p(1),
  p(2),
  p(3),
  p(7),
  p(8),
  p(9),
  p(11),
];
const year = 2027;
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const columns = ['nip', 'name', 'email', 'position', 'unitId', 'unitName', 'supervisorNip'] as const;

/** A CSV as Excel's "CSV (Comma delimited)" writes it in an Indonesian locale on Windows. */
const excelCsv = (rows: readonly Record<string, string>[], extra: readonly string[] = []) =>
  Buffer.from(
    `${[...columns, ...extra].join(';')}\r\n${rows.map((r) => [...columns, ...extra].map((c) => r[c] ?? '').join(';')).join('\r\n')}\r\n`,
    'latin1',
  );
/** A row as HR keeps it: the demo org, with one name that Windows-1252 carries (é). */
const rowOf = (r: OrgRow, over: Record<string, string> = {}) =>
  ({ ...r, ...(r === p(4) ? { name: 'Désirée Siahaan' } : {}), ...over }) as Record<string, string>;

async function workbook(rows: readonly (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Pegawai');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('the employee import as Excel and HR meet it', () => {
  const agencyId = uniqueAgencyId('impor');
  const t: Record<string, string> = {};
  const importFile = (contentType: string, bytes: Uint8Array) =>
    call('POST', `/v1/agencies/${agencyId}/employees/import`, { token: t.hr!, raw: { contentType, bytes } });

  beforeAll(async () => {
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    await call('POST', '/v1/agencies', {
      token: admin,
      body: { agencyId, name: 'Kota Uji Impor', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
    });
    t.hr = await tokenFor(hrPerson.nip, agencyId, ['HR']);
    for (const [k, person] of Object.entries({ top: p(0), head, chief, mover, leaver, report, disdikHead }))
      t[k] = await tokenFor(person.nip, agencyId);
  });

  it('imports a CSV saved by Excel: `;`, Windows-1252, a NIP typed with spaces', async () => {
    const rows = org.map((r) => rowOf(r));
    rows[4] = rowOf(p(4), {
      name: 'Désirée Siahaan',
      nip: p(4).nip.replace(/^(\d{8})(\d{6})(\d)(\d{3})$/, '$1 $2 $3 $4'),
    });
    const r = await importFile('text/csv', excelCsv(rows));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      created: org.length,
      format: 'CSV',
      encoding: 'WINDOWS-1252',
      separator: ';',
    });
    const profile = await call('GET', `/v1/employees/${p(4).nip}`, { token: t.hr! });
    expect(profile.body.name).toBe('Désirée Siahaan');
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: t.hr!, body: { year } })).status,
    ).toBe(201);
  });

  it('names what is wrong in a file: a header, a NIP that Excel made a number, in Indonesian or English', async () => {
    const header = await importFile('text/csv', Buffer.from('nip;nama;email\r\n1;2;3\r\n'));
    expect(header.status).toBe(422);
    expect(header.body.errors[0]).toMatchObject({ row: 1, path: '(header)', code: 'CSV_HEADER' });
    expect(header.body.errors[0].message).toMatch(/titik koma/);
    expect(header.body.errors[0].message).toMatch(
      /Kolom yang kurang: name, position, unitId, unitName, supervisorNip/,
    );

    const rows = org.map((r) => rowOf(r));
    rows[3] = rowOf(p(3), { nip: '1,99203E+17' });
    const sci = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: t.hr!,
      raw: { contentType: 'text/csv; charset=windows-1252', bytes: excelCsv(rows) },
      headers: { 'accept-language': 'en' },
    });
    expect(sci.status).toBe(422);
    expect(sci.body.errors).toContainEqual(
      expect.objectContaining({
        row: 5,
        path: 'nip',
        code: 'NIP_SCIENTIFIC',
        message: expect.stringMatching(/Format the NIP column as Text/),
      }),
    );
  });

  it('offers a template (XLSX with Text NIP columns, or CSV) that imports once filled in', async () => {
    const tpl = await call('GET', `/v1/agencies/${agencyId}/employees/import/template`, { token: t.hr! });
    expect(tpl.status).toBe(200);
    expect(tpl.headers['content-type']).toBe(xlsx);
    expect(tpl.headers['content-disposition']).toMatch(/siklus-impor-pegawai\.xlsx/);
    const bytes = Buffer.from(tpl.body, 'base64') as Buffer;
    const [headerRow] = await readSheet(bytes);
    expect(headerRow).toEqual([...columns, 'asnType', 'jobType', 'status', 'effectiveMonth']);

    // Filled in as HR would (the NIP column is Text, so the digits stay), then imported.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Pegawai')!;
    expect(sheet.getColumn(1).numFmt).toBe('@');
    for (const r of org)
      sheet.addRow([
        r.nip,
        r === p(4) ? 'Désirée Siahaan' : r.name,
        r.email,
        r.position,
        r.unitId,
        r.unitName,
        r.supervisorNip,
      ]);
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());
    const imported = await importFile(xlsx, filled);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ format: 'XLSX', unchanged: org.length, created: 0 });

    // The same bytes as application/octet-stream: told apart by its bytes.
    expect((await importFile('application/octet-stream', filled)).body).toMatchObject({ format: 'XLSX' });

    const csv = await call('GET', `/v1/agencies/${agencyId}/employees/import/template?format=CSV`, {
      token: t.hr!,
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe(
      '\uFEFFnip;name;email;position;unitId;unitName;supervisorNip;asnType;jobType;status;effectiveMonth\r\n',
    );
    expect(
      (await call('GET', `/v1/agencies/${agencyId}/employees/import/template`, { token: t.mover! })).status,
    ).toBe(403);
  });

  it('refuses a column named twice, also when two header cells are spellings of one column (CSV and XLSX)', async () => {
    // Every row has as many cells as the header: the file parses, and the header decides.
    const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const cellsOf = (r: OrgRow) => [...columns.map((c) => String(r[c] ?? '')), r.position];
    const twice = (names: readonly string[], sep: string) =>
      `${names.join(sep)}\r\n${org.map((r) => cellsOf(r).map(cell).join(sep)).join('\r\n')}\r\n`;
    const before = (await call('GET', `/v1/employees/${p(5).nip}`, { token: t.hr! })).body;
    for (const [contentType, bytes] of [
      ['text/csv', Buffer.from(twice([...columns, 'position'], ','))],
      // `;`, Windows-1252, and `Position` is `position` once canonicalised.
      ['text/csv', Buffer.from(twice([...columns, ' Position '], ';'), 'latin1')],
      [xlsx, await workbook([[...columns, 'POSITION'], ...org.map((r) => cellsOf(r))])],
    ] as const) {
      const r = await importFile(contentType, bytes);
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.errors).toEqual([
        expect.objectContaining({
          row: 1,
          path: '(header)',
          code: 'CSV_HEADER_DUPLICATE',
          message: expect.stringMatching(/position/),
        }),
      ]);
    }
    // Nothing written: the profile is as it was.
    expect((await call('GET', `/v1/employees/${p(5).nip}`, { token: t.hr! })).body).toEqual(before);
  });

  it('refuses a NIP held as a number in an XLSX, with how to fix it', async () => {
    const bytes = await workbook([
      [...columns],
      ...org.map((r, i) => [
        i === 2 ? Number(r.nip) : r.nip,
        r.name,
        r.email,
        r.position,
        r.unitId,
        r.unitName,
        r.supervisorNip,
      ]),
    ]);
    const r = await importFile(xlsx, bytes);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ row: 4, path: 'nip', code: 'NIP_AS_NUMBER' })]);
  });

  it('a move mid-year ends the SKP of the old post (its appraiser keeps its months) and the next covers the rest', async () => {
    // An approved SKP, cascaded up to the agency head (whose SKP HR approves for the region head).
    const rhk = (text: string, intervenesRhkId?: string) => ({
      kind: 'UTAMA',
      text,
      ...(intervenesRhkId ? { intervenesRhkId } : {}),
      indicators: [{ text, aspect: 'KUANTITAS', target: { value: 12, unit: 'dokumen' } }],
    });
    const approvedSkp = async (owner: string, approver: string, text: string, link?: string) => {
      const drafted = await call('POST', '/v1/skp', {
        token: t[owner]!,
        body: { year, rhk: [rhk(text, link)] },
      });
      expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
      const sent = await call('POST', `/v1/skp/${drafted.body.skpId}/submit`, {
        token: t[owner]!,
        headers: { 'if-match': drafted.body.etag },
      });
      const ok = await call('POST', `/v1/skp/${drafted.body.skpId}/approve`, {
        token: t[approver]!,
        headers: { 'if-match': sent.body.etag },
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      return { ...drafted.body, rhkId: drafted.body.content.rhk[0].rhkId as string };
    };
    const topSkp = await approvedSkp('top', 'hr', 'Kinerja pemerintahan kota');
    const headSkp = await approvedSkp('head', 'top', 'Layanan kepegawaian', topSkp.rhkId);
    const chiefSkp = await approvedSkp('chief', 'head', 'Penilaian kinerja', headSkp.rhkId);
    const before = await approvedSkp('mover', 'chief', 'Penilaian kinerja pegawai', chiefSkp.rhkId);
    expect(before).toMatchObject({ seq: 1, startMonth: 1, endMonth: 12, appraiserNip: chief.nip });

    // Mutasi to the education office from July: a change of post with its month.
    const moved = rowOf(mover, {
      unitId: 'disdik',
      unitName: 'Dinas Pendidikan',
      position: 'Analis SDM Aparatur',
      supervisorNip: disdikHead.nip,
      effectiveMonth: '2027-07',
    });
    const rows = org.map((r) => (r.nip === mover.nip ? moved : rowOf(r)));
    const r = await importFile('text/csv', excelCsv(rows, ['effectiveMonth']));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // The mover, and the direct-report counts of both supervisors.
    expect(r.body).toMatchObject({ moved: 1, left: 0, skpsEnded: 1, updated: 3 });

    const old = await call('GET', `/v1/skp/${before.skpId}`, { token: t.chief! });
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({
      status: 'ENDED',
      endReason: 'MOVED',
      startMonth: 1,
      endMonth: 6,
      appraiserNip: chief.nip,
      unitId: 'bkpsdm',
    });
    expect(old.body.pendingKind).toBeUndefined();

    const next = await call('POST', '/v1/skp', {
      token: t.mover!,
      body: {
        year,
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Pengelolaan data guru',
            indicators: [{ text: 'Data', aspect: 'KUANTITAS', target: { value: 6, unit: 'laporan' } }],
          },
        ],
      },
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(next.body).toMatchObject({
      skpId: `${year}.disdik.${mover.nip}.7`,
      seq: 7,
      startMonth: 7,
      endMonth: 12,
      appraiserNip: disdikHead.nip,
      unitId: 'disdik',
    });

    // Two SKPs for the year: the latest is the one a portal gets by year; both appraisers see theirs.
    const latest = await call('GET', `/v1/employees/${mover.nip}/skp?year=${year}`, { token: t.mover! });
    expect(latest.body.skpId).toBe(next.body.skpId);
    const oldTeam = await call('GET', `/v1/me/team?year=${year}`, { token: t.chief! });
    const asOld = oldTeam.body.items.find((m: { nip: string }) => m.nip === mover.nip);
    expect(asOld).toMatchObject({ directReport: false });
    expect(asOld.skps.map((s: { skpId: string }) => s.skpId)).toEqual([before.skpId]);
    const newTeam = await call('GET', `/v1/me/team?year=${year}`, { token: t.disdikHead! });
    const asNew = newTeam.body.items.find((m: { nip: string }) => m.nip === mover.nip);
    expect(asNew).toMatchObject({ directReport: true });
    expect(asNew.skps.map((s: { skpId: string }) => s.skpId)).toEqual([next.body.skpId]);

    // Its months are evaluated by their appraiser: the first quarter and the year, not the third
    // quarter (the new post's SKP, once approved, is evaluated for July to December).
    const profile = (await call('GET', `/v1/employees/${mover.nip}`, { token: t.hr! })).body;
    const run = (period: string) => ({
      agencyId,
      year,
      period,
      opensAt: '2027-04-01T00:00:00+07:00',
      dueAt: '2027-04-15T23:59:59+07:00',
      timeZone: 'Asia/Jakarta',
    });
    for (const period of ['Q1', 'Q3', 'ANNUAL'])
      await openEvaluationsPage(liveDeps(), run(period), [profile], 4, new Date('2027-07-20T02:00:00Z'));
    const evaluation = (period: string) =>
      call('GET', `/v1/skp/${before.skpId}/periods/${period}/evaluation`, { token: t.chief! });
    expect((await evaluation('Q1')).body).toMatchObject({ status: 'PENDING', appraiserNip: chief.nip });
    expect((await evaluation('ANNUAL')).body).toMatchObject({ status: 'PENDING', appraiserNip: chief.nip });
    expect((await evaluation('Q3')).status).toBe(404);

    // The same file again: nothing moves twice.
    const again = await importFile('text/csv', excelCsv(rows, ['effectiveMonth']));
    expect(again.body).toMatchObject({ moved: 0, skpsEnded: 0, updated: 0 });
  });

  it('a leaver becomes inactive: their pending approval passes to the new supervisor, their own steps close', async () => {
    const rhk = (text: string, intervenesRhkId?: string) => ({
      kind: 'UTAMA',
      text,
      ...(intervenesRhkId ? { intervenesRhkId } : {}),
      indicators: [{ text, aspect: 'KUANTITAS', target: { value: 1, unit: 'dokumen' } }],
    });
    const own = await call('POST', '/v1/skp', {
      token: t.leaver!,
      body: { year, rhk: [rhk('Mutasi pegawai')] },
    });
    expect(own.status).toBe(201);
    const theirs = await call('POST', '/v1/skp', {
      token: t.report!,
      body: { year, rhk: [rhk('Usulan mutasi', own.body.content.rhk[0].rhkId)] },
    });
    const submitted = await call('POST', `/v1/skp/${theirs.body.skpId}/submit`, {
      token: t.report!,
      headers: { 'if-match': theirs.body.etag },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const owedBefore = await call('GET', '/v1/me/action-items', { token: t.leaver! });
    expect(owedBefore.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'APPROVE_SKP',
      'SUBMIT_SKP',
    ]);

    // Retires from August; the three reports go to the office head in the same file.
    const rows = org.map((r) =>
      r.nip === leaver.nip
        ? rowOf(r, { status: 'INACTIVE', effectiveMonth: '2027-08' })
        : r.supervisorNip === leaver.nip
          ? rowOf(r, { supervisorNip: head.nip })
          : r.nip === mover.nip
            ? rowOf(r, {
                unitId: 'disdik',
                unitName: 'Dinas Pendidikan',
                position: 'Analis SDM Aparatur',
                supervisorNip: disdikHead.nip,
              })
            : rowOf(r),
    );
    const r = await importFile('text/csv', excelCsv(rows, ['status', 'effectiveMonth']));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ left: 1, moved: 0, skpsEnded: 1 });
    expect(r.body.stepsHandedOn).toBeGreaterThanOrEqual(1);

    const ended = await call('GET', `/v1/skp/${own.body.skpId}`, { token: t.hr! });
    expect(ended.body).toMatchObject({ status: 'ENDED', endReason: 'LEFT', endMonth: 7 });
    expect((await call('GET', '/v1/me/action-items', { token: t.leaver! })).body.items).toEqual([]);
    const headOwes = await call('GET', '/v1/me/action-items', { token: t.head! });
    expect(headOwes.body.items).toContainEqual(
      expect.objectContaining({ kind: 'APPROVE_SKP', link: `/v1/skp/${theirs.body.skpId}` }),
    );

    const profile = await call('GET', `/v1/employees/${leaver.nip}`, { token: t.hr! });
    expect(profile.body).toMatchObject({ employmentStatus: 'INACTIVE', leftIn: '2027-08', directReports: 0 });
    const unit = await call('GET', `/v1/agencies/${agencyId}/units/bkpsdm/employees`, { token: t.hr! });
    expect(unit.body.items.map((e: { nip: string }) => e.nip)).not.toContain(leaver.nip);
    const inactive = await call('GET', `/v1/agencies/${agencyId}/units/bkpsdm/employees?status=INACTIVE`, {
      token: t.hr!,
    });
    expect(inactive.body.items.map((e: { nip: string }) => e.nip)).toEqual([leaver.nip]);
    const refused = await call('POST', '/v1/skp', { token: t.leaver!, body: { year, rhk: [rhk('x')] } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PROFILE_INACTIVE');
  });
});
