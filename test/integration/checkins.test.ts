/**
 * Periodic check-ins end to end against DynamoDB Local and s3rver: evidence declared, uploaded
 * with fetch to the presigned URL, checked when linked and read back; the first save opening
 * the check-in; the window and its grace; submission with the appraiser's action item; feedback;
 * dialogs and coaching; peer input; capaian; ETag/If-Match, idempotency, the audit chain,
 * round trips per request, and who may do what on every endpoint.
 *
 * The clock is moved with fake `Date` (nothing else is faked): the cycle is 2027 and each step
 * happens at the day it names. Tokens are minted again after each move.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDeps } from '#functions/adapters/deps.ts';
import { docOf, keyOf } from '#functions/adapters/dynamo/store.ts';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { setClock } from '#functions/clock.ts';
import { emptyStats, processItems } from '#functions/use-cases/due-items.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { s3Calls } from '#local/instrument.ts';
import { type CallResult, call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(404);
const year = 2027;
const p = {
  top: org[0]!,
  head: org[1]!, // the appraiser's supervisor
  chief: org[2]!, // the appraiser
  owner: org[3]!,
  peer: org[4]!, // same unit, same appraiser
  peer2: org[5]!,
  hr: org[8]!, // staff of the other division, with the HR role
  otherUnit: org[13]!, // disdik
};
const who = ['owner', 'appraiser', 'appraiserSup', 'peer', 'otherUnit', 'otherAgency', 'hr'] as const;
type Who = (typeof who)[number];

const pdf = (size: number) => {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
};
const png = (size: number) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 1)]);
const exe = (size: number) => Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(size - 4, 0)]);

async function upload(url: string, contentType: string, bytes: Buffer) {
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes });
  expect(res.status, await res.clone().text()).toBe(200);
}

const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });

describe('Check-ins', () => {
  const agencyId = uniqueAgencyId('chk');
  const t = {} as Record<Who | 'head' | 'top' | 'peer2', string>;
  let skpId = '';
  let indicators: { indicatorId: string; rhkId: string }[] = [];
  let etag = '';

  /** Moves the clock and mints every token again (a token lives 12 hours). */
  async function at(iso: string) {
    clock.set(Date.parse(iso));
    const mint = (nip: string, roles: string[] = [], agency = agencyId) => tokenFor(nip, agency, roles);
    Object.assign(t, {
      owner: await mint(p.owner.nip),
      appraiser: await mint(p.chief.nip),
      appraiserSup: await mint(p.head.nip),
      head: await mint(p.head.nip),
      top: await mint(p.top.nip),
      peer: await mint(p.peer.nip),
      peer2: await mint(p.peer2.nip),
      otherUnit: await mint(p.otherUnit.nip),
      // The owner's own NIP with another agency's token and HR role: still a stranger here.
      otherAgency: await mint(p.owner.nip, ['HR'], 'other-agency'),
      hr: await mint(p.hr.nip, ['HR']),
    });
  }

  /** Every caller in `expected` tries; each gets exactly its status (nothing is changed by refusals). */
  async function only(
    expected: Partial<Record<Who, number>>,
    attempt: (token: string, w: Who) => Promise<CallResult>,
  ) {
    for (const [w, status] of Object.entries(expected) as [Who, number][]) {
      const res = await attempt(t[w], w);
      expect(res.status, `${w}: ${JSON.stringify(res.body)}`).toBe(status);
      if (status >= 400) expect(res.headers['content-type']).toBe('application/problem+json');
    }
  }

  const periodUrl = (period = 'Q1') => `/v1/skp/${skpId}/periods/${period}`;
  const saveBody = (value = 80, extra: Record<string, unknown> = {}) => ({
    indicators: [
      { indicatorId: indicators[0]!.indicatorId, value, note: 'Sesuai jadwal', ...extra },
      { indicatorId: indicators[1]!.indicatorId, value: 3 },
      { indicatorId: indicators[2]!.indicatorId, description: 'Pedoman disusun dan disosialisasikan' },
    ],
  });

  beforeAll(async () => {
    // The one clock (functions/clock.ts), moved by the test; S3 keeps the wall clock, as in AWS.
    setClock(() => clock.now());
    await at('2027-01-04T02:00:00Z');
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    await call('POST', '/v1/agencies', {
      token: admin,
      body: { agencyId, name: 'Kota Uji Check-in', timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' },
    });
    const imported = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: t.hr,
      raw: { contentType: 'text/csv', text: toCsv(org) },
    });
    expect(imported.status).toBe(200);
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: t.hr, body: { year } })).status,
    ).toBe(201);

    const ind = (text: string) => [{ text, aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } }];
    const draft = async (token: string, text: string, link?: string, indicatorsOf: unknown[] = ind(text)) => {
      const res = await call('POST', '/v1/skp', {
        token,
        body: {
          year,
          rhk: [
            { kind: 'UTAMA', text, ...(link ? { intervenesRhkId: link } : {}), indicators: indicatorsOf },
          ],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    const top = await draft(t.top, 'Kinerja kota');
    const head = await draft(t.head, 'Kinerja badan', top.content.rhk[0].rhkId);
    const chief = await draft(t.appraiser, 'Penilaian kinerja', head.content.rhk[0].rhkId);
    const mine = await draft(t.owner, 'Administrasi penilaian', chief.content.rhk[0].rhkId, [
      { text: 'Persentase berkas tepat waktu', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
      {
        text: 'Jumlah keluhan',
        aspect: 'KUALITAS',
        target: { value: 4, unit: 'keluhan' },
        lowerIsBetter: true,
      },
      { text: 'Pedoman penilaian', aspect: 'KUALITAS', target: { description: 'Pedoman tersusun' } },
    ]);
    skpId = mine.skpId;
    indicators = mine.content.rhk[0].indicators.map((i: { indicatorId: string }) => ({
      indicatorId: i.indicatorId,
      rhkId: mine.content.rhk[0].rhkId,
    }));
    // Cascading is agreed top-down: each source approved before the SKP that intervenes in it.
    for (const [doc, owner, approver] of [
      [top, t.top, t.hr],
      [head, t.head, t.top],
      [chief, t.appraiser, t.head],
    ] as const) {
      const submitted = await call('POST', `/v1/skp/${doc.skpId}/submit`, {
        token: owner,
        headers: { 'if-match': doc.etag },
      });
      const approved = await call('POST', `/v1/skp/${doc.skpId}/approve`, {
        token: approver,
        headers: { 'if-match': submitted.body.etag },
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    const sub = await call('POST', `/v1/skp/${skpId}/submit`, {
      token: t.owner,
      headers: { 'if-match': mine.etag },
    });
    expect(
      (
        await call('POST', `/v1/skp/${skpId}/approve`, {
          token: t.appraiser,
          headers: { 'if-match': sub.body.etag },
        })
      ).status,
    ).toBe(200);
  });

  afterAll(() => {
    setClock(undefined);
  });

  it('evidence: refused before any URL when not a document or image, too large, or executable', async () => {
    await at('2027-02-15T02:00:00Z');
    const declare = (body: unknown, lang?: string) =>
      call('POST', `/v1/skp/${skpId}/evidence`, {
        token: t.owner,
        body,
        ...(lang ? { headers: { 'accept-language': lang } } : {}),
      });
    const cases: [unknown, string, string][] = [
      [
        { fileName: 'setup.exe', contentType: 'application/pdf', size: 100 },
        'fileName',
        'EVIDENCE_EXECUTABLE',
      ],
      [
        { fileName: 'laporan.pdf.exe', contentType: 'application/octet-stream', size: 100 },
        'fileName',
        'EVIDENCE_EXECUTABLE',
      ],
      [
        { fileName: 'skrip.sh', contentType: 'text/x-shellscript', size: 100 },
        'fileName',
        'EVIDENCE_EXECUTABLE',
      ],
      [
        { fileName: 'data.zip', contentType: 'application/zip', size: 100 },
        'contentType',
        'EVIDENCE_TYPE_NOT_ALLOWED',
      ],
      [
        { fileName: 'foto.png', contentType: 'application/pdf', size: 100 },
        'fileName',
        'EVIDENCE_EXTENSION_MISMATCH',
      ],
      [
        { fileName: 'besar.pdf', contentType: 'application/pdf', size: 20 * 1024 * 1024 + 1 },
        'size',
        'EVIDENCE_TOO_LARGE',
      ],
      [{ fileName: 'kosong.pdf', contentType: 'application/pdf', size: 0 }, 'size', 'EVIDENCE_EMPTY'],
    ];
    const before = s3Calls.count;
    for (const [body, path, code] of cases) {
      const res = await declare(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path, code }));
      expect(res.body).not.toHaveProperty('uploadUrl');
      expect(res.roundTrips).toEqual([]);
    }
    expect(s3Calls.count).toBe(before);
    const en = await declare(cases[0]![0], 'en');
    expect(en.body.errors[0].message).toBe(
      'Executable files (programs or scripts) are not accepted as evidence.',
    );
    expect((await declare(cases[0]![0])).body.errors[0].message).toContain(
      'tidak diterima sebagai bukti dukung',
    );
    // Exactly 20 MB is allowed.
    expect(
      (await declare({ fileName: 'tepat.pdf', contentType: 'application/pdf', size: 20 * 1024 * 1024 }))
        .status,
    ).toBe(201);
  });

  it('evidence: the owner declares, uploads with fetch to the presigned PUT, readers download through a short-lived GET', async () => {
    await at('2027-02-15T02:00:00Z');
    const body = {
      fileName: 'Laporan Kegiatan Triwulan I (final).pdf',
      contentType: 'application/pdf',
      size: 2048,
    };
    await only(
      { appraiser: 403, appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('POST', `/v1/skp/${skpId}/evidence`, { token, body }),
    );
    const declared = await call('POST', `/v1/skp/${skpId}/evidence`, { token: t.owner, body });
    expect(declared.status).toBe(201);
    expect(declared.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(declared.body).toMatchObject({
      fileName: 'Laporan-Kegiatan-Triwulan-I-final.pdf',
      status: 'DECLARED',
      uploadMethod: 'PUT',
      uploadHeaders: { 'content-type': 'application/pdf' },
    });
    const url = new URL(declared.body.uploadUrl);
    expect(decodeURIComponent(url.pathname)).toBe(
      `/siklus-evidence/evidence/${agencyId}/${skpId}/${declared.body.evidenceId}/Laporan-Kegiatan-Triwulan-I-final.pdf`,
    );
    // S3 refuses an upload of another type or size: both headers are signed.
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect([...url.searchParams.keys()].some((k) => k.startsWith('x-amz-checksum'))).toBe(false);

    const bytes = pdf(2048);
    await upload(declared.body.uploadUrl, 'application/pdf', bytes);

    // Uploaded but not yet checked (a realisasi links it first): never served, to anyone. An
    // executable renamed laporan.pdf would otherwise go out as a PDF under the SKP's name.
    const path = `/v1/skp/${skpId}/evidence/${declared.body.evidenceId}`;
    await only(
      { owner: 409, appraiser: 409, appraiserSup: 409, hr: 409, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('GET', path, { token }),
    );
    const unverified = await call('GET', path, { token: t.appraiser, headers: { 'accept-language': 'en' } });
    expect(unverified.body).toMatchObject({ code: 'EVIDENCE_NOT_VERIFIED' });
    expect(unverified.body.detail).toMatch(/not been checked/);
    expect(JSON.stringify(unverified.body)).not.toContain('X-Amz');

    expect((await call('GET', `/v1/skp/${skpId}/evidence/zzzzzzzzzzzz`, { token: t.owner })).body.code).toBe(
      'EVIDENCE_NOT_FOUND',
    );
    // Idempotent: a retried declaration returns the same id and URL.
    const key = { 'idempotency-key': 'ev-1' };
    const first = await call('POST', `/v1/skp/${skpId}/evidence`, { token: t.owner, body, headers: key });
    const again = await call('POST', `/v1/skp/${skpId}/evidence`, { token: t.owner, body, headers: key });
    expect(again.body.evidenceId).toBe(first.body.evidenceId);
  });

  it('the first save opens the check-in (one read of the SKP); linking checks each uploaded file once', async () => {
    await at('2027-02-15T02:00:00Z');
    // Q2 has not begun.
    const early = await call('PUT', `${periodUrl('Q2')}/realisasi`, { token: t.owner, body: saveBody() });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'CHECKIN_NOT_OPEN_YET',
      detail: 'Check-in periode ini baru dibuka pada 1 April 2027 pukul 00.00 WITA.',
    });
    expect(
      (await call('PUT', `${periodUrl('Q5')}/realisasi`, { token: t.owner, body: saveBody() })).status,
    ).toBe(404);
    expect((await call('GET', periodUrl(), { token: t.owner })).status).toBe(404);

    // Evidence: one uploaded as declared, one never uploaded, one smaller than declared, one an executable named .pdf.
    const declare = async (fileName: string, contentType: string, size: number) =>
      (
        await call('POST', `/v1/skp/${skpId}/evidence`, {
          token: t.owner,
          body: { fileName, contentType, size },
        })
      ).body;
    const good = await declare('foto-kegiatan.png', 'image/png', 4000);
    await upload(good.uploadUrl, 'image/png', png(4000));
    const missing = await declare('belum.pdf', 'application/pdf', 1000);
    const short = await declare('pendek.pdf', 'application/pdf', 1000);
    await upload(short.uploadUrl, 'application/pdf', pdf(900)); // s3rver does not enforce the signed length; the link check does
    const renamed = await declare('bukan-pdf.pdf', 'application/pdf', 1000);
    await upload(renamed.uploadUrl, 'application/pdf', exe(1000));

    const bad = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      body: {
        indicators: [
          {
            indicatorId: indicators[0]!.indicatorId,
            value: 80,
            evidenceIds: [good.evidenceId, missing.evidenceId],
          },
          {
            indicatorId: indicators[1]!.indicatorId,
            value: 3,
            evidenceIds: [short.evidenceId, renamed.evidenceId, 'tidakada1234'],
          },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['indicators[0].evidenceIds[1]', 'EVIDENCE_NOT_UPLOADED'],
      ['indicators[1].evidenceIds[0]', 'EVIDENCE_SIZE_MISMATCH'],
      ['indicators[1].evidenceIds[1]', 'EVIDENCE_EXECUTABLE'],
      ['indicators[1].evidenceIds[2]', 'EVIDENCE_NOT_FOUND'],
    ]);
    expect(bad.body.errors[1].message).toBe(
      'Ukuran berkas yang diunggah (900 bita) tidak sama dengan yang dinyatakan (1000 bita).',
    );
    const unknown = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      body: { indicators: [{ indicatorId: 'zzzz9999', value: 1 }] },
    });
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'indicators[0].indicatorId', code: 'UNKNOWN_INDICATOR' }),
    ]);
    const dup = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      body: { indicators: [saveBody().indicators[0], saveBody().indicators[0]] },
    });
    expect(dup.body.errors).toEqual([
      expect.objectContaining({ path: 'indicators[1].indicatorId', code: 'DUPLICATE_ID' }),
    ]);
    const empty = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      body: { indicators: [{ indicatorId: indicators[0]!.indicatorId, note: 'x' }] },
    });
    expect(empty.body.errors).toEqual([
      expect.objectContaining({ path: 'indicators[0].value', code: 'REALISASI_EMPTY' }),
    ]);

    // Others cannot open it: the appraiser and HR may read the SKP (403), the rest may not (404).
    await only(
      { appraiser: 403, appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('PUT', `${periodUrl()}/realisasi`, { token, body: saveBody() }),
    );

    const s3Before = s3Calls.count;
    const opened = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      body: saveBody(80, { evidenceIds: [good.evidenceId] }),
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(s3Calls.count - s3Before).toBe(1);
    expect(opened.headers.location).toBe(periodUrl());
    expect(opened.body).toMatchObject({
      status: 'OPEN',
      version: 1,
      opensAt: '2027-01-01T00:00:00+08:00',
      closesAt: '2027-04-07T23:59:59+08:00',
      reviewDeadline: '2027-04-14T23:59:59+08:00',
      pendingKind: 'SUBMIT_CHECKIN',
      pendingDueAt: '2027-04-07T23:59:59+08:00',
      evidence: [
        { evidenceId: good.evidenceId, fileName: 'foto-kegiatan.png', contentType: 'image/png', size: 4000 },
      ],
    });
    expect(opened.body.capaian.indicators.map((c: { capaian: number | null }) => c.capaian)).toEqual([
      80,
      125,
      null,
    ]);
    expect(opened.headers.etag).toBe(opened.body.etag);
    etag = opened.body.etag;

    // Verified by this link: now readers download it through a short-lived GET.
    const path = `/v1/skp/${skpId}/evidence/${good.evidenceId}`;
    await only(
      { owner: 200, appraiser: 200, appraiserSup: 200, hr: 200, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('GET', path, { token }),
    );
    const dl = await call('GET', path, { token: t.appraiser });
    expect(dl.roundTrips).toEqual(['BatchGetItemCommand']);
    expect(dl.body).toMatchObject({
      fileName: 'foto-kegiatan.png',
      contentType: 'image/png',
      size: 4000,
      status: 'VERIFIED',
    });
    // Five minutes from now, on the clock (which runs on from 02:00).
    expect(Date.parse(dl.body.expiresAt) - Date.parse('2027-02-15T02:05:00Z')).toBeGreaterThanOrEqual(0);
    expect(Date.parse(dl.body.expiresAt) - Date.parse('2027-02-15T02:05:00Z')).toBeLessThan(60_000);
    expect(new URL(dl.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    const got = await fetch(dl.body.url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(png(4000))).toBe(true);
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="foto-kegiatan.png"');
    expect((await call('GET', '/v1/me/action-items', { token: t.owner })).body.items).toContainEqual(
      expect.objectContaining({
        kind: 'SUBMIT_CHECKIN',
        dueAt: '2027-04-07T23:59:59+08:00',
        subject: expect.objectContaining({ type: 'CHECKIN', skpId, period: 'Q1' }),
      }),
    );

    // It exists now: a write without If-Match is refused with 428, and nothing changes.
    const noIfMatch = await call('PUT', `${periodUrl()}/realisasi`, { token: t.owner, body: saveBody() });
    expect(noIfMatch.status).toBe(428);
    expect(noIfMatch.body.code).toBe('IF_MATCH_REQUIRED');

    // A later save: one round trip; evidence verified before is not looked at again (one read of its record).
    const plain = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      headers: { 'if-match': etag },
      body: saveBody(90),
    });
    expect(plain.status).toBe(200);
    expect(plain.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(plain.body).toMatchObject({ status: 'OPEN', version: 2, evidence: [] });
    const s3Again = s3Calls.count;
    const relinked = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      headers: { 'if-match': plain.body.etag },
      body: saveBody(95, { evidenceIds: [good.evidenceId] }),
    });
    expect(relinked.status).toBe(200);
    expect(relinked.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(s3Calls.count).toBe(s3Again);
    const stale = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      headers: { 'if-match': plain.body.etag },
      body: saveBody(1),
    });
    expect(stale.status).toBe(412);
    expect(stale.roundTrips).toEqual(['TransactWriteItemsCommand']);
    etag = relinked.body.etag;
  });

  it('reading: owner, supervisors above and HR see the check-in with capaian; nobody else', async () => {
    await at('2027-03-10T02:00:00Z');
    await only(
      { owner: 200, appraiser: 200, appraiserSup: 200, hr: 200, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('GET', periodUrl(), { token }),
    );
    const res = await call('GET', periodUrl(), { token: t.appraiser });
    // One round, in parallel: the check-in with its peer requests and the SKP's follow-ups (one
    // Query), the owner's service-feedback aggregate, and for the first period of the year last
    // year's annual follow-up (the development plan in force).
    expect([...res.roundTrips].sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand']);
    expect(res.headers.etag).toBe(etag);
    expect(res.body.capaian).toEqual({
      indicators: [
        { indicatorId: indicators[0]!.indicatorId, capaian: 95 },
        // lower is better: (1 + (1 - 3/4)) x 100
        { indicatorId: indicators[1]!.indicatorId, capaian: 125 },
        { indicatorId: indicators[2]!.indicatorId, capaian: null, reason: 'QUALITATIVE' },
      ],
      rhk: [{ rhkId: indicators[0]!.rhkId, kind: 'UTAMA', capaian: 110, counted: 2, indicators: 3 }],
    });
    expect(res.body.targets[0].indicators[1]).toMatchObject({
      target: { value: 4, unit: 'keluhan' },
      lowerIsBetter: true,
    });
    expect(res.body).not.toHaveProperty('opensAtMs');
    expect(res.body).not.toHaveProperty('gsi2pk');
  });

  it('self-assessment and dialogs: owner and appraiser record dialogs, only the appraiser coaches', async () => {
    await at('2027-03-10T02:00:00Z');
    const sa = {
      summary: 'Target berkas hampir tercapai; keluhan turun.',
      perilaku: [{ value: 'AKUNTABEL', text: 'Semua berkas tercatat' }],
    };
    await only(
      { appraiser: 403, appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) =>
        call('PUT', `${periodUrl()}/self-assessment`, { token, headers: { 'if-match': etag }, body: sa }),
    );
    const saved = await call('PUT', `${periodUrl()}/self-assessment`, {
      token: t.owner,
      headers: { 'if-match': etag },
      body: sa,
    });
    expect(saved.status).toBe(200);
    expect(saved.roundTrips).toEqual(['TransactWriteItemsCommand']);
    etag = saved.body.etag;

    const dialog = {
      date: '2027-03-09',
      topics: ['Keterlambatan berkas dari unit'],
      agreedActions: ['Pengingat mingguan ke unit'],
    };
    await only({ appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 }, (token) =>
      call('POST', `${periodUrl()}/dialogs`, { token, headers: { 'if-match': etag }, body: dialog }),
    );
    const byOwner = await call('POST', `${periodUrl()}/dialogs`, {
      token: t.owner,
      headers: { 'if-match': etag },
      body: dialog,
    });
    expect(byOwner.status).toBe(201);
    expect(byOwner.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(byOwner.body.dialog).toMatchObject({
      recordedBy: p.owner.nip,
      recordedByRole: 'OWNER',
      date: '2027-03-09',
    });
    const ownerCoaching = await call('POST', `${periodUrl()}/dialogs`, {
      token: t.owner,
      headers: { 'if-match': byOwner.body.etag },
      body: { ...dialog, coachingNote: 'x' },
    });
    expect(ownerCoaching.status).toBe(403);
    expect(ownerCoaching.body.code).toBe('CHECKIN_APPRAISER_ONLY');
    const coaching = await call('POST', `${periodUrl()}/dialogs`, {
      token: t.appraiser,
      headers: { 'if-match': byOwner.body.etag },
      body: {
        ...dialog,
        date: '2027-03-10',
        coachingNote: 'Prioritaskan berkas yang tertunda lebih dari 5 hari.',
      },
    });
    expect(coaching.status).toBe(201);
    expect(coaching.body.dialog.recordedByRole).toBe('APPRAISER');
    const before = await call('POST', `${periodUrl()}/dialogs`, {
      token: t.owner,
      headers: { 'if-match': coaching.body.etag },
      body: { ...dialog, date: '2026-12-30' },
    });
    expect(before.body.errors).toEqual([
      expect.objectContaining({ path: 'date', code: 'DATE_BEFORE_PERIOD' }),
    ]);
    const future = await call('POST', `${periodUrl()}/dialogs`, {
      token: t.owner,
      headers: { 'if-match': coaching.body.etag },
      body: { ...dialog, date: '2027-03-12' },
    });
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'date', code: 'DATE_IN_FUTURE' })]);
    etag = coaching.body.etag;
    const doc = await call('GET', periodUrl(), { token: t.owner });
    expect(doc.body.dialogs).toHaveLength(2);
    expect(doc.body.selfAssessment).toMatchObject({ summary: sa.summary });
  });

  it('peer input: the appraiser asks peers of the agency, each owes it, answers stay anonymous to the appraiser', async () => {
    await at('2027-03-15T02:00:00Z');
    const url = `${periodUrl()}/peer-requests`;
    await only(
      { owner: 403, appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('POST', url, { token, body: { peerNips: [p.peer.nip] } }),
    );
    const bad = await call('POST', url, {
      token: t.appraiser,
      body: { peerNips: [p.owner.nip, p.chief.nip, '199901012020011001', p.peer.nip, p.peer.nip] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'PEER_IS_OWNER',
      'PEER_IS_APPRAISER',
      'PEER_NOT_IN_AGENCY',
      'DUPLICATE_ID',
    ]);

    const asked = await call('POST', url, {
      token: t.appraiser,
      body: { peerNips: [p.peer.nip, p.peer2.nip, p.otherUnit.nip] },
      headers: { 'idempotency-key': 'peers-1' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    // Five working days from Monday 15 March (Makassar).
    expect(asked.body).toMatchObject({
      anonymous: true,
      requested: [{ peerNip: p.peer.nip, peerName: p.peer.name, dueAt: '2027-03-22T23:59:59+08:00' }, {}, {}],
    });
    const replay = await call('POST', url, {
      token: t.appraiser,
      body: { peerNips: [p.peer.nip, p.peer2.nip, p.otherUnit.nip] },
      headers: { 'idempotency-key': 'peers-1' },
    });
    expect(replay.body).toEqual(asked.body);
    const twice = await call('POST', url, { token: t.appraiser, body: { peerNips: [p.peer2.nip] } });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'PEER_ALREADY_REQUESTED',
      detail: `Masukan dari NIP ${p.peer2.nip} untuk periode ini sudah diminta.`,
    });

    const items = await call('GET', '/v1/me/action-items', { token: t.peer });
    expect(items.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'GIVE_PEER_INPUT',
        dueAt: '2027-03-22T23:59:59+08:00',
        escalationLevel: 0,
        subject: expect.objectContaining({
          type: 'PEER_INPUT',
          skpId,
          period: 'Q1',
          ownerNip: p.owner.nip,
          ownerName: p.owner.name,
        }),
      }),
    );

    // The peer is told, with a link to the request and the deadline in the agency's time.
    const told = await call('GET', '/v1/me/notifications', { token: t.peer });
    expect(told.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'EVENT',
        event: 'PEER_INPUT_REQUESTED',
        link: `${periodUrl()}/peer-input`,
        readAt: null,
        body: expect.stringMatching(new RegExp(`${p.owner.name}.*Q1.*pukul \\d\\d\\.\\d\\d WITA`)),
      }),
    );

    // Only the peer asked sees the request.
    const mine = `${periodUrl()}/peer-input`;
    await only(
      { owner: 404, appraiser: 404, appraiserSup: 404, hr: 404, otherAgency: 404, peer: 200 },
      (token) => call('GET', mine, { token }),
    );
    const request = await call('GET', mine, { token: t.peer });
    expect(request.roundTrips).toEqual(['GetItemCommand']);
    expect(request.body).toMatchObject({
      status: 'REQUESTED',
      anonymous: true,
      ownerName: p.owner.name,
      perilaku: expect.arrayContaining([expect.objectContaining({ value: 'KOLABORATIF' })]),
    });
    const answer = {
      values: [
        { value: 'KOLABORATIF', rating: 'DI_ATAS', text: 'Selalu membantu unit lain' },
        { value: 'AKUNTABEL', rating: 'SESUAI' },
      ],
      general: 'Rekan yang andal.',
    };
    expect((await call('PUT', mine, { token: t.peer, body: answer })).status).toBe(428);
    await only({ owner: 404, appraiser: 404, hr: 404, otherAgency: 404 }, (token) =>
      call('PUT', mine, { token, headers: { 'if-match': request.body.etag }, body: answer }),
    );
    const given = await call('PUT', mine, {
      token: t.peer,
      headers: { 'if-match': request.body.etag },
      body: answer,
    });
    expect(given.status).toBe(200);
    expect(given.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(
      (await call('PUT', mine, { token: t.peer, headers: { 'if-match': request.body.etag }, body: answer }))
        .status,
    ).toBe(412);
    expect(
      (await call('GET', '/v1/me/action-items', { token: t.peer })).body.items.map(
        (i: { kind: string }) => i.kind,
      ),
    ).not.toContain('GIVE_PEER_INPUT');
    const other = await call('GET', mine, { token: t.otherUnit });
    await call('PUT', mine, {
      token: t.otherUnit,
      headers: { 'if-match': other.body.etag },
      body: { values: [{ value: 'ADAPTIF', text: 'Cepat belajar sistem baru' }] },
    });

    // Two anonymous answers: the appraiser (and those above, and HR) see how many, not what.
    const early = await call('GET', periodUrl(), { token: t.appraiser });
    expect(early.body.peerInput).toMatchObject({ requested: 3, given: 2, anonymousWithheld: 2, inputs: [] });
    // The third: now all three show, without names, times, or an order that tells who.
    const third = await call('GET', mine, { token: t.peer2 });
    expect(
      (
        await call('PUT', mine, {
          token: t.peer2,
          headers: { 'if-match': third.body.etag },
          body: { values: [{ value: 'LOYAL', rating: 'SESUAI' }] },
        })
      ).status,
    ).toBe(200);
    const seen = await call('GET', periodUrl(), { token: t.appraiser });
    expect(seen.body.peerInput).toMatchObject({ requested: 3, given: 3, anonymousWithheld: 0 });
    expect(seen.body.peerInput.inputs).toHaveLength(3);
    for (const input of seen.body.peerInput.inputs) {
      expect(input.anonymous).toBe(true);
      expect(input).not.toHaveProperty('peerNip');
      expect(input).not.toHaveProperty('givenAt');
    }
    expect(seen.body.peerInput.asked.map((a: { peerNip: string }) => a.peerNip).sort()).toEqual(
      [p.peer.nip, p.peer2.nip, p.otherUnit.nip].sort(),
    );
    expect(seen.body.peerInput.asked[0]).not.toHaveProperty('status');
    expect((await call('GET', periodUrl(), { token: t.hr })).body.peerInput.inputs).toHaveLength(3);
    expect((await call('GET', periodUrl(), { token: t.owner })).body.peerInput).toEqual({
      requested: 3,
      given: 3,
    });
  });

  it("submit: the appraiser owes the review by the period's review deadline; feedback closes it", async () => {
    await at('2027-04-06T02:00:00Z'); // after the quarter, inside the grace days
    const submitUrl = `${periodUrl()}/submit`;
    await only(
      { appraiser: 403, appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('POST', submitUrl, { token, headers: { 'if-match': etag } }),
    );
    expect((await call('POST', submitUrl, { token: t.owner })).status).toBe(428);
    const sub = await call('POST', submitUrl, {
      token: t.owner,
      headers: { 'if-match': etag, 'idempotency-key': 'sub-q1' },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(sub.body).toMatchObject({
      status: 'SUBMITTED',
      pendingKind: 'REVIEW_CHECKIN',
      pendingDueAt: '2027-04-14T23:59:59+08:00',
    });
    const replay = await call('POST', submitUrl, {
      token: t.owner,
      headers: { 'if-match': etag, 'idempotency-key': 'sub-q1' },
    });
    expect(replay.body).toEqual(sub.body);
    etag = sub.body.etag;

    const owed = await call('GET', '/v1/me/action-items', { token: t.appraiser });
    expect(owed.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'REVIEW_CHECKIN',
        dueAt: '2027-04-14T23:59:59+08:00',
        escalationLevel: 0,
        subject: expect.objectContaining({ type: 'CHECKIN', skpId, period: 'Q1', ownerNip: p.owner.nip }),
      }),
    );
    expect(
      (await call('GET', '/v1/me/action-items', { token: t.owner })).body.items.map(
        (i: { kind: string }) => i.kind,
      ),
    ).not.toContain('SUBMIT_CHECKIN');

    // The workflow engine picks it up: next look at the first reminder still ahead (D-7 of
    // 14 April 23:59 WITA), and at that time the appraiser is reminded.
    const raw = async () =>
      (
        await ddb().send(
          new GetCommand({
            TableName: tableName(),
            Key: keyOf({ kind: 'CHECKIN', id: { skpId, period: 'Q1' } }),
          }),
        )
      ).Item!;
    const item = await raw();
    expect(item).toMatchObject({
      pendingOwner: p.chief.nip,
      pendingDueAt: '2027-04-14T23:59:59+08:00',
      nextActionAt: '2027-04-07T15:59:59.000Z',
      remindersSent: 0,
    });
    expect(item.gsi3pk).toMatch(/^DUE#2027-04-07#\d$/);
    const stats = emptyStats();
    await processItems(liveDeps(), [docOf(item)!], new Date('2027-04-08T00:00:00Z'), stats);
    expect(stats.reminders).toBe(1);
    const inbox = await call('GET', '/v1/me/notifications', { token: t.appraiser });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'REMINDER',
        pendingKind: 'REVIEW_CHECKIN',
        subject: expect.objectContaining({ skpId, period: 'Q1' }),
      }),
    );

    // Submitted: no more edits.
    const edit = await call('PUT', `${periodUrl()}/realisasi`, {
      token: t.owner,
      headers: { 'if-match': etag },
      body: saveBody(),
    });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({
      code: 'CHECKIN_ILLEGAL_TRANSITION',
      detail: 'Tindakan menyimpan realisasi tidak dapat dilakukan pada check-in yang berstatus diajukan.',
    });

    const fb = {
      general: 'Capaian baik; pertahankan.',
      indicators: [{ indicatorId: indicators[0]!.indicatorId, text: 'Hampir 100%, bagus.' }],
    };
    const fbUrl = `${periodUrl()}/feedback`;
    await only(
      { owner: 403, appraiserSup: 403, hr: 403, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('POST', fbUrl, { token, headers: { 'if-match': etag }, body: fb }),
    );
    const unknown = await call('POST', fbUrl, {
      token: t.appraiser,
      headers: { 'if-match': etag },
      body: { indicators: [{ indicatorId: 'zzzz9999', text: 'x' }] },
    });
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'indicators[0].indicatorId', code: 'UNKNOWN_INDICATOR' }),
    ]);
    expect(
      (await call('POST', fbUrl, { token: t.appraiser, headers: { 'if-match': etag }, body: {} })).body
        .errors[0].code,
    ).toBe('FEEDBACK_EMPTY');
    const reviewed = await call('POST', fbUrl, {
      token: t.appraiser,
      headers: { 'if-match': etag },
      body: fb,
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(reviewed.body).toMatchObject({
      status: 'REVIEWED',
      feedback: { general: fb.general, givenBy: p.chief.nip },
    });
    expect(
      (await call('GET', '/v1/me/action-items', { token: t.appraiser })).body.items.map(
        (i: { kind: string }) => i.kind,
      ),
    ).not.toContain('REVIEW_CHECKIN');
    // The owner is told, in the same write; they mark it read once.
    const ownerInbox = await call('GET', '/v1/me/notifications', { token: t.owner });
    const notice = ownerInbox.body.items.find((n: { event?: string }) => n.event === 'FEEDBACK_GIVEN');
    expect(notice).toMatchObject({
      kind: 'EVENT',
      link: periodUrl(),
      readAt: null,
      title: 'Umpan balik periode Q1',
    });
    const read = await call('POST', `/v1/me/notifications/${notice.id}/read`, { token: t.owner });
    expect(read.status).toBe(200);
    expect(read.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect((await call('POST', `/v1/me/notifications/${notice.id}/read`, { token: t.owner })).body).toEqual(
      read.body,
    );
    expect(
      (await call('POST', `/v1/me/notifications/${notice.id}/read`, { token: t.appraiser })).status,
    ).toBe(404);
    const after = await call('GET', '/v1/me/notifications', { token: t.owner });
    expect(after.body.items.find((n: { id: string }) => n.id === notice.id).readAt).toBe(read.body.readAt);
    const closed = await raw();
    for (const k of ['gsi2pk', 'gsi3pk', 'pendingOwner', 'nextActionAt', 'remindersSent'])
      expect(closed, k).not.toHaveProperty(k);
    const again = await call('POST', fbUrl, {
      token: t.appraiser,
      headers: { 'if-match': reviewed.body.etag },
      body: fb,
    });
    expect(again.status).toBe(409);
    etag = reviewed.body.etag;

    // Dialogs go on after the review.
    const later = await call('POST', `${periodUrl()}/dialogs`, {
      token: t.appraiser,
      headers: { 'if-match': etag },
      body: { date: '2027-04-06', topics: ['Umpan balik triwulan I'] },
    });
    expect(later.status).toBe(201);
    etag = later.body.etag;
  });

  it('the window: realisasi closes after the grace days, English problem details', async () => {
    await at('2027-04-08T02:00:00Z'); // 8 April, 10:00 WITA: the Q1 grace ended with 7 April
    // Q2 opens with a self-assessment (no If-Match: the first write).
    const q2Early = await call('PUT', `${periodUrl('Q2')}/self-assessment`, {
      token: t.owner,
      body: { summary: 'Q2 dimulai' },
    });
    expect(q2Early.status).toBe(201);
    const q2 = q2Early.body;
    expect(q2).toMatchObject({
      period: 'Q2',
      opensAt: '2027-04-01T00:00:00+08:00',
      closesAt: '2027-07-07T23:59:59+08:00',
    });

    await at('2027-07-08T02:00:00Z');
    const closed = await call('PUT', `${periodUrl('Q2')}/realisasi`, {
      token: t.owner,
      headers: { 'if-match': q2.etag, 'accept-language': 'en' },
      body: saveBody(),
    });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({
      code: 'CHECKIN_WINDOW_CLOSED',
      title: 'Conflict with the current state',
      detail: "This period's check-in closed at 7 July 2027 at 23:59 WITA.",
    });
    expect(closed.roundTrips).toEqual(['TransactWriteItemsCommand']);
    const submitLate = await call('POST', `${periodUrl('Q2')}/submit`, {
      token: t.owner,
      headers: { 'if-match': q2.etag },
    });
    expect(submitLate.body.code).toBe('CHECKIN_WINDOW_CLOSED');
    // Dialogs are not bound to the window.
    expect(
      (
        await call('POST', `${periodUrl('Q2')}/dialogs`, {
          token: t.owner,
          headers: { 'if-match': q2.etag },
          body: { date: '2027-07-08', topics: ['Terlambat'] },
        })
      ).status,
    ).toBe(201);
  });

  it('submit needs realisasi for every indicator', async () => {
    await at('2027-07-10T02:00:00Z');
    const q3 = await call('PUT', `${periodUrl('Q3')}/realisasi`, {
      token: t.owner,
      body: { indicators: [saveBody().indicators[0]] },
    });
    expect(q3.status).toBe(201);
    const sub = await call('POST', `${periodUrl('Q3')}/submit`, {
      token: t.owner,
      headers: { 'if-match': q3.body.etag },
    });
    expect(sub.status).toBe(422);
    expect(sub.body).toMatchObject({
      code: 'REALISASI_INCOMPLETE',
      detail: 'Realisasi belum diisi untuk 2 indikator.',
    });
    const full = await call('PUT', `${periodUrl('Q3')}/realisasi`, {
      token: t.owner,
      headers: { 'if-match': q3.body.etag },
      body: saveBody(),
    });
    expect(
      (
        await call('POST', `${periodUrl('Q3')}/submit`, {
          token: t.owner,
          headers: { 'if-match': full.body.etag },
        })
      ).body.status,
    ).toBe('SUBMITTED');
  });

  it('two saves on the same version: exactly one wins', async () => {
    await at('2027-10-05T02:00:00Z');
    // Two first saves at once: one opens the check-in, the other is told to send If-Match.
    const first = await Promise.all(
      [10, 15].map((v) => call('PUT', `${periodUrl('Q4')}/realisasi`, { token: t.owner, body: saveBody(v) })),
    );
    expect(first.map((r) => r.status).sort()).toEqual([201, 428]);
    const q4 = first.find((r) => r.status === 201)!;
    const results = await Promise.all(
      [20, 30, 40].map((v) =>
        call('PUT', `${periodUrl('Q4')}/realisasi`, {
          token: t.owner,
          headers: { 'if-match': q4.body.etag },
          body: saveBody(v),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    const doc = await call('GET', periodUrl('Q4'), { token: t.owner });
    expect(doc.body.version).toBe(2);
  });

  it('the audit chain: every change recorded and verifiable by HR only', async () => {
    const url = `${periodUrl()}/audit`;
    await only(
      { owner: 403, appraiser: 403, appraiserSup: 403, hr: 200, peer: 404, otherUnit: 404, otherAgency: 404 },
      (token) => call('GET', url, { token }),
    );
    const res = await call('GET', url, { token: t.hr });
    expect(res.body.intact).toBe(true);
    expect(res.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'CHECKIN_SAVE_REALISASI',
      'CHECKIN_SAVE_REALISASI',
      'CHECKIN_SAVE_REALISASI',
      'CHECKIN_SELF_ASSESS',
      'CHECKIN_RECORD_DIALOG',
      'CHECKIN_RECORD_COACHING',
      'CHECKIN_SUBMIT',
      'CHECKIN_FEEDBACK',
      'CHECKIN_RECORD_DIALOG',
    ]);
    expect(res.body.entries[0].data.opened).toMatchObject({ closesAt: '2027-04-07T23:59:59+08:00' });
  });
});
