/**
 * The new user's path, over HTTP against `npm start` in a child process: mint a token, create
 * an agency, import a CSV, read /v1/me; then Ctrl-C stops everything and a restart keeps the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoAgency, demoOrg, toCsv } from '#local/demo-data.ts';
import { ctrlC, javaFor, json, npmStart } from '../support/npm-start.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'siklus-e2e-'));
const checkinDir = mkdtempSync(join(tmpdir(), 'siklus-e2e-checkin-'));
/** Every run names its date: the clock starts there (npm start -- --at). */
const november2026 = '2026-11-10T09:00:00+08:00';
const lateMarch2027 = '2027-03-25T10:00:00+07:00';
const start = (dir: string, at?: string) => npmStart(dir, at ? ['--at', at] : []);
const stop = ctrlC;

describe('npm start, as a new user meets it', () => {
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(checkinDir, { recursive: true, force: true });
  });

  it('runs the whole flow over HTTP, stops cleanly on Ctrl-C and keeps data across a restart', async () => {
    const first = await start(dataDir, november2026);
    expect(first.output()).toContain('demo agency kota-bukittinggi seeded (cycle 2027 open)');
    const u = first.url;

    expect((await json(`${u}/health`)).body).toEqual({ status: 'ok' });
    expect((await json(`${u}/docs`)).body).toContain('swagger-ui');
    expect((await json(`${u}/openapi.json`)).body.paths['/v1/me']).toBeDefined();
    expect((await json(`${u}/nope`)).status).toBe(404);

    const mint = async (nip: string, agencyId: string, roles: string[]) =>
      (await json(`${u}/v1/dev/token`, { method: 'POST', body: JSON.stringify({ nip, agencyId, roles }) }))
        .body.token as string;

    const admin = await mint('197001011995031001', 'siklus', ['ADMIN']);
    const created = await json(`${u}/v1/agencies`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify({
        agencyId: 'kota-makassar',
        name: 'Pemerintah Kota Makassar',
        timeZone: 'Asia/Makassar',
        periodicity: 'MONTHLY',
      }),
    });
    expect(created.status).toBe(201);

    const org = demoOrg(42);
    const hr = await mint(org[3]!.nip, 'kota-makassar', ['HR']);
    const imported = await json(`${u}/v1/agencies/kota-makassar/employees/import`, {
      method: 'POST',
      token: hr,
      headers: { 'content-type': 'text/csv' },
      body: toCsv(org),
    });
    expect(imported).toMatchObject({ status: 200, body: { created: org.length, rows: org.length } });

    const me = await json(`${u}/v1/me`, { token: await mint(org[2]!.nip, 'kota-makassar', []) });
    expect(me.body).toMatchObject({
      nip: org[2]!.nip,
      isSupervisor: true,
      profile: { unitId: org[2]!.unitId },
    });

    // Target setting over HTTP: HR opens 2027, the head drafts, the next level cascades, submits, gets approved.
    const cycle = await json(`${u}/v1/agencies/kota-makassar/cycles`, {
      method: 'POST',
      token: hr,
      body: JSON.stringify({ year: 2027 }),
    });
    expect(cycle.body.deadlines.planning).toBe('2027-01-31T23:59:59+08:00');
    const topToken = await mint(org[0]!.nip, 'kota-makassar', []);
    const headToken = await mint(org[1]!.nip, 'kota-makassar', []);
    const ind = [{ text: 'Persentase capaian', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } }];
    const topSkp = await json(`${u}/v1/skp`, {
      method: 'POST',
      token: topToken,
      body: JSON.stringify({ year: 2027, rhk: [{ kind: 'UTAMA', text: 'Kinerja kota', indicators: ind }] }),
    });
    expect(topSkp.status).toBe(201);
    // The top's SKP approved first (by HR: the top has no supervisor here): an SKP is approved
    // only once the SKP it cascades from is.
    const topSubmitted = await json(`${u}/v1/skp/${topSkp.body.skpId}/submit`, {
      method: 'POST',
      token: topToken,
      headers: { 'if-match': topSkp.body.etag },
    });
    expect(topSubmitted.body.status).toBe('SUBMITTED');
    const topApproved = await json(`${u}/v1/skp/${topSkp.body.skpId}/approve`, {
      method: 'POST',
      token: hr,
      headers: { 'if-match': topSubmitted.body.etag },
    });
    expect(topApproved.body.status, JSON.stringify(topApproved.body)).toBe('APPROVED');
    const headSkp = await json(`${u}/v1/skp`, {
      method: 'POST',
      token: headToken,
      body: JSON.stringify({
        year: 2027,
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Kinerja badan',
            intervenesRhkId: topSkp.body.content.rhk[0].rhkId,
            indicators: ind,
          },
        ],
      }),
    });
    expect(headSkp.status).toBe(201);
    const submitted = await json(`${u}/v1/skp/${headSkp.body.skpId}/submit`, {
      method: 'POST',
      token: headToken,
      headers: { 'if-match': headSkp.body.etag },
    });
    expect(submitted.body.status).toBe('SUBMITTED');
    const owed = await json(`${u}/v1/me/action-items`, { token: topToken });
    expect(owed.body.items[0]).toMatchObject({ kind: 'APPROVE_SKP', subject: { skpId: headSkp.body.skpId } });
    const approved = await json(`${u}/v1/skp/${headSkp.body.skpId}/approve`, {
      method: 'POST',
      token: topToken,
      headers: { 'if-match': submitted.body.etag },
    });
    expect(approved.body.status).toBe('APPROVED');

    const bad = await json(`${u}/v1/agencies`, {
      method: 'POST',
      token: admin,
      body: '{"agencyId":"X"}',
      headers: { 'accept-language': 'en' },
    });
    expect(bad.status).toBe(422);
    expect(bad.type).toBe('application/problem+json');

    expect(javaFor(dataDir)).not.toBe('');
    expect(await stop(first)).toBe(0);
    expect(javaFor(dataDir)).toBe('');

    const second = await start(dataDir);
    expect(second.output()).not.toContain('seeded');
    const again = await json(`${second.url}/v1/agencies/kota-makassar`, { token: hr });
    expect(again.body).toMatchObject({ agencyId: 'kota-makassar', employeeCount: org.length });
    expect(await stop(second)).toBe(0);
  });

  it('exits 0 on Ctrl-C every time (on restarts, and while still starting), leaving no JVM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siklus-e2e-restarts-'));
    try {
      for (let run = 0; run < 3; run++) {
        const s = await start(dir, run === 0 ? november2026 : undefined);
        expect(await stop(s), `run ${run}`).toBe(0);
        expect(javaFor(dir), `run ${run}`).toBe('');
      }
      // Ctrl-C before it is ready: the signal handlers are the first thing it installs.
      const { spawn } = await import('node:child_process');
      const child = spawn('npm', ['start'], {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, PORT: '0', SIKLUS_DATA_DIR: dir },
        stdio: 'ignore',
        detached: true,
      });
      await new Promise((r) => setTimeout(r, 2500));
      expect(await stop({ child })).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(javaFor(dir)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs a quarter's check-in over HTTP: evidence uploaded and read back, peer input, submission, feedback, capaian", async () => {
    const server = await start(checkinDir, lateMarch2027);
    const u = server.url;
    try {
      const mint = async (nip: string, roles: string[] = []) =>
        (
          await json(`${u}/v1/dev/token`, {
            method: 'POST',
            body: JSON.stringify({ nip, agencyId: demoAgency.agencyId, roles }),
          })
        ).body.token as string;
      const send = (
        method: string,
        path: string,
        token: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ) =>
        json(`${u}${path}`, {
          method,
          token,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      // The seeded demo agency (quarterly, WIB).
      const rows = demoOrg();
      const [sekda, kepala, kabid, hrRow, owner, peerA, peerB, peerC] = rows as [
        (typeof rows)[0],
        (typeof rows)[0],
        (typeof rows)[0],
        (typeof rows)[0],
        (typeof rows)[0],
        (typeof rows)[0],
        (typeof rows)[0],
        (typeof rows)[0],
      ];
      const t = {
        hr: await mint(hrRow.nip, ['HR']),
        sekda: await mint(sekda.nip),
        kepala: await mint(kepala.nip),
        kabid: await mint(kabid.nip),
        owner: await mint(owner.nip),
        peerA: await mint(peerA.nip),
        peerB: await mint(peerB.nip),
        peerC: await mint(peerC.nip),
      };
      // The demo seeds the 2027 cycle; on 25 March 2027 the first quarter's check-in is open.
      const year = 2027;
      const opened = await send('POST', `/v1/agencies/${demoAgency.agencyId}/cycles`, t.hr, { year });
      expect(opened.status).toBe(409);
      const period = 'Q1';

      // Targets: cascaded down three levels, the staff member's SKP approved by the appraiser.
      const draft = async (token: string, text: string, link: string | undefined, indicators: unknown[]) => {
        const res = await send('POST', '/v1/skp', token, {
          year,
          rhk: [{ kind: 'UTAMA', text, ...(link ? { intervenesRhkId: link } : {}), indicators }],
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body;
      };
      const pct = [
        { text: 'Persentase capaian', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
      ];
      // Each level approved before the next (approval needs the source SKP approved).
      const approve = async (doc: { skpId: string; etag: string }, owner: string, approver: string) => {
        const sub = await send('POST', `/v1/skp/${doc.skpId}/submit`, owner, undefined, {
          'if-match': doc.etag,
        });
        const res = await send('POST', `/v1/skp/${doc.skpId}/approve`, approver, undefined, {
          'if-match': sub.body.etag,
        });
        expect(res.body.status, JSON.stringify(res.body)).toBe('APPROVED');
      };
      const top = await draft(t.sekda, 'Kinerja kota', undefined, pct);
      await approve(top, t.sekda, t.hr);
      const office = await draft(t.kepala, 'Kinerja badan', top.content.rhk[0].rhkId, pct);
      await approve(office, t.kepala, t.sekda);
      const division = await draft(t.kabid, 'Penilaian kinerja', office.content.rhk[0].rhkId, pct);
      await approve(division, t.kabid, t.kepala);
      const skp = await draft(t.owner, 'Layanan penilaian kinerja', division.content.rhk[0].rhkId, [
        { text: 'Berkas diproses', aspect: 'KUANTITAS', target: { value: 120, unit: 'berkas' } },
        {
          text: 'Hari proses rata-rata',
          aspect: 'WAKTU',
          target: { value: 5, unit: 'hari' },
          lowerIsBetter: true,
        },
      ]);
      const submitted = await send('POST', `/v1/skp/${skp.skpId}/submit`, t.owner, undefined, {
        'if-match': skp.etag,
      });
      expect(
        (
          await send('POST', `/v1/skp/${skp.skpId}/approve`, t.kabid, undefined, {
            'if-match': submitted.body.etag,
          })
        ).body.status,
      ).toBe('APPROVED');
      const [ind1, ind2] = skp.content.rhk[0].indicators.map((i: { indicatorId: string }) => i.indicatorId);
      const base = `/v1/skp/${skp.skpId}/periods/${period}`;

      // Evidence: declared, uploaded with fetch to the presigned URL, linked, read back.
      const file = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(3000, 0x41)]);
      const declared = await send('POST', `/v1/skp/${skp.skpId}/evidence`, t.owner, {
        fileName: 'Rekap berkas.pdf',
        contentType: 'application/pdf',
        size: file.length,
      });
      expect(declared.status).toBe(201);
      const refused = await send(
        'POST',
        `/v1/skp/${skp.skpId}/evidence`,
        t.owner,
        { fileName: 'alat.exe', contentType: 'application/pdf', size: 10 },
        { 'accept-language': 'en' },
      );
      expect(refused).toMatchObject({
        status: 422,
        type: 'application/problem+json',
        body: { errors: [{ code: 'EVIDENCE_EXECUTABLE' }] },
      });
      const put = await fetch(declared.body.uploadUrl, {
        method: 'PUT',
        headers: declared.body.uploadHeaders,
        body: file,
      });
      expect(put.status).toBe(200);

      const realisasi = await send('PUT', `${base}/realisasi`, t.owner, {
        indicators: [
          {
            indicatorId: ind1,
            value: 90,
            note: 'Dua unit terlambat mengirim',
            evidenceIds: [declared.body.evidenceId],
          },
          { indicatorId: ind2, value: 4 },
        ],
      });
      expect(realisasi.status, JSON.stringify(realisasi.body)).toBe(201);
      // Against the quarter's target (120 a year: 30 a quarter), and against the year so far.
      expect(realisasi.body.capaian.indicators.map((c: { capaian: number }) => c.capaian)).toEqual([
        300, 120,
      ]);
      expect(realisasi.body.cumulative.indicators.map((c: { capaian: number }) => c.capaian)).toEqual([
        75, 120,
      ]);
      const download = await send(
        'GET',
        `/v1/skp/${skp.skpId}/evidence/${declared.body.evidenceId}`,
        t.kabid,
      );
      const back = await fetch(download.body.url);
      expect(Buffer.from(await back.arrayBuffer()).equals(file)).toBe(true);
      const assessed = await send(
        'PUT',
        `${base}/self-assessment`,
        t.owner,
        { summary: 'Target hampir tercapai.' },
        { 'if-match': realisasi.body.etag },
      );
      expect(assessed.status).toBe(200);

      // 360 input: three peers asked (anonymous answers show in groups of three), each answers.
      const asked = await send('POST', `${base}/peer-requests`, t.kabid, {
        peerNips: [peerA.nip, peerB.nip, peerC.nip],
      });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
      for (const peer of [t.peerA, t.peerB, t.peerC]) {
        const owed = await send('GET', '/v1/me/action-items', peer);
        expect(owed.body.items).toContainEqual(
          expect.objectContaining({
            kind: 'GIVE_PEER_INPUT',
            subject: expect.objectContaining({ skpId: skp.skpId, period }),
          }),
        );
        const request = await send('GET', `${base}/peer-input`, peer);
        const given = await send(
          'PUT',
          `${base}/peer-input`,
          peer,
          { values: [{ value: 'KOLABORATIF', rating: 'DI_ATAS', text: 'Sigap membantu' }] },
          { 'if-match': request.body.etag },
        );
        expect(given.status).toBe(200);
      }

      // Submitted: the appraiser owes the review; the feedback closes it.
      const sent = await send('POST', `${base}/submit`, t.owner, undefined, {
        'if-match': assessed.body.etag,
        'idempotency-key': `e2e-${period}`,
      });
      expect(sent.body.status).toBe('SUBMITTED');
      expect((await send('GET', '/v1/me/action-items', t.kabid)).body.items).toContainEqual(
        expect.objectContaining({
          kind: 'REVIEW_CHECKIN',
          subject: expect.objectContaining({ skpId: skp.skpId }),
        }),
      );
      const view = await send('GET', base, t.kabid);
      expect(view.body).toMatchObject({
        status: 'SUBMITTED',
        peerInput: { requested: 3, given: 3 },
        capaian: { rhk: [{ capaian: 210, counted: 2 }] },
        cumulative: { rhk: [{ capaian: 97.5, counted: 2 }] },
      });
      expect(view.body.peerInput.inputs).toHaveLength(3);
      const reviewed = await send(
        'POST',
        `${base}/feedback`,
        t.kabid,
        { general: 'Baik, percepat dua unit itu.' },
        { 'if-match': view.body.etag },
      );
      expect(reviewed.body.status).toBe('REVIEWED');
      expect(
        (await send('GET', '/v1/me/action-items', t.kabid)).body.items.map((i: { kind: string }) => i.kind),
      ).not.toContain('REVIEW_CHECKIN');
      expect((await send('GET', `${base}/audit`, t.hr)).body.intact).toBe(true);
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });
});
