/**
 * Period-end reports over the real handlers, the real report workflow (the synthesized ASL in
 * aws-local-stepfunctions) and s3rver: a quarter with SKPs, check-ins and a final rating; HR asks
 * for the agency's report (202), it becomes READY, and its three files are downloaded through the
 * presigned links and opened: the CSV parsed back (BOM, `;`, NIP as text, formulas neutralised,
 * decimal comma), the XLSX read back with exceljs (summary first, a sheet per unit, typed cells,
 * frozen header), the PDF through pdftotext; SHA-256 as the manifest says. A phase's close files
 * its report once however often the event comes; a failed generation is FAILED with its reason;
 * who may do what on every route.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditHead } from '#core/audit.ts';
import { phaseRuns } from '#core/phases.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { setClock } from '#functions/clock.ts';
import { verifiedAudit } from '#functions/use-cases/audit.ts';
import { cycleCalendar } from '#functions/use-cases/calendars.ts';
import { closePhase, processPage } from '#functions/use-cases/phases.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { installLocalReports, reportsSettled } from '#local/reports.ts';
import { type CallResult, call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(1212);
// A name that starts like a formula: the CSV must show it, never evaluate it.
org[6] = { ...org[6]!, name: '=HYPERLINK("http://x","klik") Rina' };
const year = 2027;
const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });
const sekda = org[0]!;
const head = org[1]!;
const bkpsdm = org.filter((r) => r.unitId === 'bkpsdm');
const chief = org.find((r) => r.supervisorNip === head.nip)!;
const staff = org.filter((r) => r.supervisorNip === chief.nip);
const owner = staff[0]!;
const disdikHead = org.find((r) => r.unitId === 'disdik' && r.supervisorNip === sekda.nip)!;
const hrPerson = org.find(
  (r) =>
    r.unitId === 'bkpsdm' && r.supervisorNip !== head.nip && r !== chief && r.supervisorNip !== chief.nip,
)!;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Reports', () => {
  const agencyId = uniqueAgencyId('rpt');
  const tokens = new Map<string, string>();
  const as = async (nip: string, roles: string[] = [], agency = agencyId) => {
    const key = `${nip}|${roles.join()}|${agency}`;
    if (!tokens.has(key)) tokens.set(key, await tokenFor(nip, agency, roles));
    return tokens.get(key)!;
  };
  const hr = () => as(hrPerson.nip, ['HR']);
  const at = (iso: string) => {
    clock.set(Date.parse(iso));
    tokens.clear();
  };
  const reports = `/v1/agencies/${agencyId}/reports`;
  const expectStatus = (res: CallResult, status: number) =>
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  const skpOf = new Map<string, { skpId: string; rhkId: string; indicators: string[]; etag: string }>();

  async function only(expected: [string, number][], attempt: (token: string) => Promise<CallResult>) {
    for (const [who, status] of expected) {
      const token =
        who === 'hr'
          ? await hr()
          : who === 'otherAgency'
            ? await as(owner.nip, ['HR'], 'other-agency')
            : await as(who);
      const res = await attempt(token);
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).toBe(status);
      if (status >= 400) expect(res.headers['content-type']).toBe('application/problem+json');
    }
  }

  async function ready(reportId: string) {
    await reportsSettled();
    const got = await call('GET', `${reports}/${reportId}`, { token: await hr() });
    expectStatus(got, 200);
    return got;
  }

  beforeAll(async () => {
    setClock(() => clock.now());
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    expectStatus(
      await call('POST', '/v1/agencies', {
        token: admin,
        body: { agencyId, name: 'Kota Uji Laporan', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
      }),
      201,
    );
    expectStatus(
      await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
        token: await hr(),
        raw: { contentType: 'text/csv', text: toCsv(org) },
      }),
      200,
    );
    expectStatus(
      await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: await hr(), body: { year } }),
      201,
    );
    // SKPs for setda and bkpsdm, approved, except the last staff member's (left as a draft).
    for (const person of [sekda, ...bkpsdm]) {
      const link = person.supervisorNip ? skpOf.get(person.supervisorNip)?.rhkId : undefined;
      const created = await call('POST', '/v1/skp', {
        token: await as(person.nip),
        body: {
          year,
          rhk: [
            {
              kind: 'UTAMA',
              text: `Kinerja ${person.position}`,
              ...(link ? { intervenesRhkId: link } : {}),
              indicators: [
                { text: 'Dokumen diselesaikan', aspect: 'KUANTITAS', target: { value: 40, unit: 'dokumen' } },
              ],
            },
          ],
        },
      });
      expectStatus(created, 201);
      skpOf.set(person.nip, {
        skpId: created.body.skpId,
        rhkId: created.body.content.rhk[0].rhkId,
        indicators: created.body.content.rhk[0].indicators.map((i: { indicatorId: string }) => i.indicatorId),
        etag: created.body.etag,
      });
      if (person === staff.at(-1)) continue;
      const submitted = await call('POST', `/v1/skp/${created.body.skpId}/submit`, {
        token: await as(person.nip),
        headers: { 'if-match': created.body.etag },
      });
      const approved = await call('POST', `/v1/skp/${created.body.skpId}/approve`, {
        token: person.supervisorNip ? await as(person.supervisorNip) : await hr(),
        headers: { 'if-match': submitted.body.etag },
      });
      expectStatus(approved, 200);
    }
    // The owner records Q1 (11 of the quarter's 10 documents) and the chief reviews it.
    at('2027-03-20T03:00:00Z');
    const mine = skpOf.get(owner.nip)!;
    const saved = await call('PUT', `/v1/skp/${mine.skpId}/periods/Q1/realisasi`, {
      token: await as(owner.nip),
      body: { indicators: [{ indicatorId: mine.indicators[0], value: 11 }] },
    });
    expectStatus(saved, 201);
    const submitted = await call('POST', `/v1/skp/${mine.skpId}/periods/Q1/submit`, {
      token: await as(owner.nip),
      headers: { 'if-match': saved.body.etag },
    });
    expectStatus(submitted, 200);
    // After the quarter: the review phase opens the evaluations; the leader sets the unit's result;
    // the owner is rated Baik and finalized (a breach of the curve, confirmed).
    at('2027-04-02T03:00:00Z');
    const calendar = (await cycleCalendar(liveDeps(), agencyId, year))!;
    const run = phaseRuns(agencyId, year, calendar).find((r) => r.period === 'Q1')!;
    let cursor: string | null = null;
    do
      cursor = (
        await processPage(liveDeps(), run, cursor, new Date(clock.now()).toISOString(), new Date(clock.now()))
      ).cursor;
    while (cursor);
    const unitUrl = `/v1/agencies/${agencyId}/cycles/${year}/units/bkpsdm`;
    const dist = await call('GET', `${unitUrl}/distribution?period=Q1`, { token: await hr() });
    expectStatus(
      await call('PUT', `${unitUrl}/organization-rating`, {
        token: await as(sekda.nip),
        headers: { 'if-match': dist.body.etag },
        body: { period: 'Q1', rating: 'BAIK' },
      }),
      200,
    );
    const evalUrl = `/v1/skp/${mine.skpId}/periods/Q1/evaluation`;
    const ev = await call('GET', evalUrl, { token: await as(chief.nip) });
    const rated = await call('PUT', evalUrl, {
      token: await as(chief.nip),
      headers: { 'if-match': ev.body.etag },
      body: { hasilKerja: 'DI_ATAS', perilakuKerja: 'SESUAI' },
    });
    expectStatus(rated, 200);
    expectStatus(
      await call('POST', `${evalUrl}/finalize`, {
        token: await as(chief.nip),
        headers: { 'if-match': rated.body.etag },
        body: { confirmBreach: true, reason: 'Satu-satunya pegawai yang dinilai sejauh ini.' },
      }),
      200,
    );
    at('2027-04-06T03:00:00Z');
  });
  afterAll(() => setClock(undefined));

  it('HR asks for the quarter; it becomes READY and its three files open', async () => {
    const asked = await call('POST', reports, {
      token: await hr(),
      body: { year, period: 'Q1', formats: ['CSV', 'XLSX', 'PDF'] },
    });
    expectStatus(asked, 202);
    expect(asked.body).toMatchObject({ reportId: `${year}.Q1.AGENCY.OD001`, status: 'QUEUED' });
    expect(asked.headers.location).toBe(`${reports}/${year}.Q1.AGENCY.OD001`);
    const got = await ready(asked.body.reportId);
    expect(got.body).toMatchObject({
      status: 'READY',
      purpose: 'ON_DEMAND',
      requestedBy: hrPerson.nip,
      attempts: 1,
    });
    const m = got.body.manifest;
    expect(m).toMatchObject({ employees: org.length, rows: org.length, units: 5 });
    expect(Date.parse(m.asOf)).toBeGreaterThanOrEqual(Date.parse('2027-04-06T03:00:00Z'));
    expect(m.files.map((f: { format: string }) => f.format)).toEqual(['CSV', 'XLSX', 'PDF']);
    // Every change of the report is on its audit chain, and the chain verifies.
    const stored = await liveDeps().store.get({
      kind: 'REPORT',
      id: { agencyId, reportId: asked.body.reportId },
    });
    const audit = await verifiedAudit(
      liveDeps(),
      `REPORT#${agencyId}#${asked.body.reportId}`,
      stored!.auditHead as AuditHead,
      Number(stored!.version),
    );
    expect(audit.intact).toBe(true);
    expect(audit.entries.map((e) => e.action)).toEqual([
      'REPORT_REQUESTED',
      'REPORT_STARTED',
      'REPORT_READY',
    ]);
    expect(Date.parse(got.body.downloadsExpireAt) - clock.now()).toBeGreaterThan(299_000);
    expect(Date.parse(got.body.downloadsExpireAt) - clock.now()).toBeLessThanOrEqual(300_000);

    const files = new Map<string, Buffer>();
    for (const f of m.files) {
      const res = await fetch(got.body.downloads[f.format]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${f.fileName}"`);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBe(f.bytes);
      expect(sha(body)).toBe(f.sha256);
      files.set(f.format, body);
    }

    // CSV: BOM, `;`, one header and a row per employee (one SKP each, or none).
    const csv = files.get('CSV')!;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).not.toMatch(/^\uFEFFsep=/);
    const rows = parse(csv, { bom: true, delimiter: ';' }) as string[][];
    expect(m.files[0].rows).toBe(org.length);
    const header = rows[0]!;
    expect(header.slice(0, 4)).toEqual(['Kode unit', 'Unit kerja', 'NIP', 'Nama']);
    const col = (name: string) => header.indexOf(name);
    const rowOf = (nip: string) => rows.find((r) => r[col('NIP')] === `="${nip}"`)!;
    expect(rows).toHaveLength(org.length + 1);
    const mineRow = rowOf(owner.nip);
    expect(mineRow[col('Status SKP')]).toBe('Disetujui');
    expect(mineRow[col('Status check-in')]).toBe('Diajukan');
    expect(mineRow[col('Capaian (%)')]).toBe('110');
    expect(mineRow[col('Predikat')]).toBe('Baik');
    expect(mineRow[col('Status evaluasi')]).toBe('Final');
    expect(mineRow[col('Di luar pola kurva (dikonfirmasi)')]).toBe('Ya');
    expect(mineRow[col('Tunjangan kinerja (%)')]).toBe('100');
    expect(mineRow[col('Pejabat penilai')]).toBe(chief.name);
    expect(mineRow[col('NIP pejabat penilai')]).toBe(`="${chief.nip}"`);
    expect(mineRow[col('Evaluasi final')]).toBe('2027-04-02');
    const injected = rows.find((r) => r[col('Nama')]!.includes('HYPERLINK'))!;
    expect(injected[col('Nama')]).toBe(`'=HYPERLINK("http://x","klik") Rina`);
    const noSkp = rowOf(disdikHead.nip);
    expect(noSkp[col('Status SKP')]).toBe('Belum ada SKP');
    const draft = rowOf(staff.at(-1)!.nip);
    expect(draft[col('Status SKP')]).toBe('Draf');

    // XLSX: the summary first, then a sheet per unit; NIP text, dates as dates, header frozen.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(files.get('XLSX')! as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Ringkasan',
      'bkpsdm',
      'dinkes',
      'disdik',
      'dpmptsp',
      'setda',
    ]);
    const unitSheet = wb.getWorksheet('bkpsdm')!;
    expect(unitSheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(unitSheet.rowCount).toBe(bkpsdm.length + 1);
    const xHeader = (unitSheet.getRow(1).values as unknown[]).slice(1);
    const xcol = (name: string) => xHeader.indexOf(name) + 1;
    const xrow = unitSheet
      .getRows(2, bkpsdm.length)!
      .find((r) => r.getCell(xcol('NIP')).value === owner.nip)!;
    expect(typeof xrow.getCell(xcol('NIP')).value).toBe('string');
    expect(xrow.getCell(xcol('NIP')).numFmt).toBe('@');
    expect(xrow.getCell(xcol('Capaian (%)')).value).toBe(110);
    expect(xrow.getCell(xcol('Evaluasi final')).value).toEqual(new Date('2027-04-02T00:00:00Z'));
    const summary = wb.getWorksheet('Ringkasan')!;
    const sHeader = (summary.getRow(1).values as unknown[]).slice(1);
    const bkRow = summary.getRows(2, 5)!.find((r) => r.getCell(1).value === 'bkpsdm')!;
    expect(bkRow.getCell(sHeader.indexOf('Pegawai') + 1).value).toBe(bkpsdm.length);
    expect(bkRow.getCell(sHeader.indexOf('Baik') + 1).value).toBe(1);
    expect(bkRow.getCell(sHeader.indexOf('Hasil kinerja organisasi') + 1).value).toBe('BAIK');
    expect(bkRow.getCell(sHeader.indexOf('Sesuai pola') + 1).value).toBe('Tidak');
    expect(summary.getRow(7).getCell(2).value).toBe('Seluruh unit');

    // PDF: Bahasa Indonesia, the distribution against the pattern, the units.
    const dir = mkdtempSync(join(tmpdir(), 'siklus-report-'));
    writeFileSync(join(dir, 'r.pdf'), files.get('PDF')!);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']).toString('utf8');
    expect(text).toContain('Laporan Kinerja Pegawai Triwulan I 2027');
    expect(text).toContain('KOTA UJI LAPORAN');
    expect(text).toContain('Kelengkapan dari waktu ke waktu');
    expect(text).toContain('Hasil kinerja organisasi: Baik');
    expect(text).toContain('Tidak sesuai pola');
    expect(text).toContain('Badan Kepegawaian dan Pengembangan SDM (bkpsdm)');
    expect(m.files[2].pages).toBeGreaterThanOrEqual(2);
  });

  it('asked again while queued: the same report; once READY, the next edition', async () => {
    const body = { year, period: 'Q1', unitId: 'bkpsdm', formats: ['CSV'] };
    const first = await call('POST', reports, { token: await hr(), body });
    const second = await call('POST', reports, { token: await hr(), body });
    expectStatus(second, 202);
    expect(second.body.reportId).toBe(first.body.reportId);
    expect(first.body.reportId).toBe(`${year}.Q1.bkpsdm.OD001`);
    const done = await ready(first.body.reportId);
    expect(done.body.manifest).toMatchObject({ rows: bkpsdm.length, units: 1 });
    expect(Object.keys(done.body.downloads)).toEqual(['CSV']);
    const third = await call('POST', reports, { token: await hr(), body });
    expect(third.body.reportId).toBe(`${year}.Q1.bkpsdm.OD002`);
    await reportsSettled();
    // The same Idempotency-Key replays the first answer and makes nothing.
    const key = { 'idempotency-key': 'laporan-bkpsdm-1' };
    const a = await call('POST', reports, { token: await hr(), body, headers: key });
    await reportsSettled();
    const b = await call('POST', reports, { token: await hr(), body, headers: key });
    expect(b.body).toEqual(a.body);
    const list = await call('GET', `${reports}?unitId=bkpsdm`, { token: await hr() });
    expect(list.body.items.map((r: { reportId: string }) => r.reportId)).toEqual([
      `${year}.Q1.bkpsdm.OD003`,
      `${year}.Q1.bkpsdm.OD002`,
      `${year}.Q1.bkpsdm.OD001`,
    ]);
  });

  it("a phase's close files its report, once, however often the event comes", async () => {
    installLocalReports({ onPeriodClosed: true });
    try {
      const calendar = (await cycleCalendar(liveDeps(), agencyId, year))!;
      const run = phaseRuns(agencyId, year, calendar).find((r) => r.period === 'Q1')!;
      await closePhase(liveDeps(), run, new Date(clock.now()));
      const got = await ready(`${year}.Q1.AGENCY.PERIOD_REVIEW`);
      expect(got.body).toMatchObject({
        status: 'READY',
        purpose: 'PERIOD',
        requestedBy: 'SYSTEM',
        attempts: 1,
      });
      await closePhase(liveDeps(), run, new Date(clock.now()));
      await reportsSettled();
      const again = await call('GET', `${reports}/${year}.Q1.AGENCY.PERIOD_REVIEW`, { token: await hr() });
      expect(again.body.attempts).toBe(1);
      expect(again.body.etag).toBe(got.body.etag);
      // The appeals phase produces none (the cycle's close files the archive at the same instant).
      const appeals = phaseRuns(agencyId, year, calendar).find((r) => r.phase === 'APPEALS')!;
      await closePhase(liveDeps(), appeals, new Date(clock.now()));
      await reportsSettled();
      const all = await call('GET', `${reports}?year=${year}`, { token: await hr() });
      expect(all.body.items.filter((r: { edition: string }) => !r.edition.startsWith('OD'))).toHaveLength(1);
    } finally {
      installLocalReports();
    }
  });

  it('a generation that keeps failing ends FAILED with its reason', async () => {
    const { prepareReport } = await import('#functions/use-cases/reports.ts');
    const { startLocalReport } = await import('#local/reports.ts');
    // A cycle's close for a year nobody opened: filed, then it cannot be produced.
    const prepared = await prepareReport(
      liveDeps(),
      {
        trigger: 'PERIOD_CLOSED',
        event: {
          agencyId,
          year: 2031,
          phase: 'CLOSE',
          closedAt: new Date(clock.now()).toISOString(),
          timeZone: null,
        },
      },
      new Date(clock.now()),
    );
    expect(prepared).toEqual({ agencyId, reportId: '2031.ANNUAL.AGENCY.CLOSE', generate: true });
    await startLocalReport({
      trigger: 'REQUESTED',
      event: { agencyId, reportId: prepared.reportId!, requestedAt: '' },
    });
    const got = await call('GET', `${reports}/2031.ANNUAL.AGENCY.CLOSE`, { token: await hr() });
    expect(got.body).toMatchObject({ status: 'FAILED', purpose: 'ARCHIVE', attempts: 3, downloads: {} });
    expect(got.body.error.message).toContain('REPORT_NO_CYCLE');
  });

  it('who may ask, list and read', async () => {
    const agencyBody = { year, period: 'Q1', formats: ['PDF'] };
    const unitBody = { ...agencyBody, unitId: 'bkpsdm' };
    // The agency's report: HR only.
    await only(
      [
        [owner.nip, 403],
        [chief.nip, 403],
        [head.nip, 422],
        ['otherAgency', 404],
      ],
      (token) => call('POST', reports, { token, body: agencyBody }),
    );
    // A unit's: HR, and that unit's head.
    await only(
      [
        [head.nip, 202],
        [disdikHead.nip, 403],
        [sekda.nip, 403],
        [owner.nip, 403],
        ['otherAgency', 404],
        ['hr', 202],
      ],
      (token) => call('POST', reports, { token, body: unitBody }),
    );
    await reportsSettled();
    const refused = await call('POST', reports, { token: await as(head.nip), body: agencyBody });
    expect(refused.body.errors[0]).toMatchObject({ path: 'unitId', code: 'REPORT_UNIT_HEAD_OWN_UNIT' });
    const english = await call('POST', reports, {
      token: await hr(),
      body: { year, period: 'M03', formats: ['CSV', 'CSV'] },
      headers: { 'accept-language': 'en' },
    });
    expectStatus(english, 422);
    expect(english.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['formats', 'REPORT_FORMATS_REPEATED'],
    ]);
    expect(english.body.errors[0].message).toBe('Name each format (CSV, XLSX, PDF) once.');
    const wrongPeriod = await call('POST', reports, {
      token: await hr(),
      body: { year, period: 'M03', formats: ['CSV'] },
    });
    expect(wrongPeriod.body.errors[0]).toMatchObject({ path: 'period', code: 'REPORT_PERIOD_NOT_IN_CYCLE' });
    expect(wrongPeriod.body.errors[0].message).toContain('Periode M03 tidak ada dalam siklus 2027');
    const noCycle = await call('POST', reports, {
      token: await hr(),
      body: { year: 2030, period: 'Q1', formats: ['CSV'] },
    });
    expect(noCycle.body.errors[0]).toMatchObject({ path: 'year', code: 'REPORT_NO_CYCLE' });
    const noUnit = await call('POST', reports, {
      token: await hr(),
      body: { ...unitBody, unitId: 'tidak-ada' },
    });
    expect(noUnit.body.errors[0]).toMatchObject({ path: 'unitId', code: 'REPORT_UNKNOWN_UNIT' });
    const unknownField = await call('POST', reports, { token: await hr(), body: { ...unitBody, extra: 1 } });
    expectStatus(unknownField, 422);

    // Lists: HR all; the head their unit's only; others refused.
    await only(
      [
        ['hr', 200],
        [head.nip, 200],
        [owner.nip, 403],
        [sekda.nip, 200],
        ['otherAgency', 404],
      ],
      (token) => call('GET', reports, { token }),
    );
    const headList = await call('GET', reports, { token: await as(head.nip) });
    expect(new Set(headList.body.items.map((r: { unitId?: string }) => r.unitId))).toEqual(
      new Set(['bkpsdm']),
    );
    expectStatus(await call('GET', `${reports}?unitId=disdik`, { token: await as(head.nip) }), 403);
    // One report: the agency's to HR only; the unit's to HR and its head.
    const agencyReport = `${reports}/${year}.Q1.AGENCY.OD001`;
    const unitReport = `${reports}/${year}.Q1.bkpsdm.OD001`;
    await only(
      [
        ['hr', 200],
        [head.nip, 404],
        [owner.nip, 404],
        ['otherAgency', 404],
      ],
      (token) => call('GET', agencyReport, { token }),
    );
    await only(
      [
        ['hr', 200],
        [head.nip, 200],
        [disdikHead.nip, 404],
        [chief.nip, 404],
        ['otherAgency', 404],
      ],
      (token) => call('GET', unitReport, { token }),
    );
    expectStatus(await call('GET', `${reports}/not-a-report`, { token: await hr() }), 404);
    expectStatus(await call('GET', reports, {}), 401);
  });
});
