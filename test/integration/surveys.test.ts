/**
 * Service-feedback surveys against DynamoDB Local: links issued (who may, QR codes, only the
 * token's hash stored, audited), the public page and its answer (HTML, CSP, once only, 404/409/
 * 410/422/429 as pages), comments kept as text, rate limits, aggregates per unit and employee in
 * the period of the agency's local time (shown to the appraiser in the check-in, withheld below
 * five), the report's `serviceFeedbackFor`, round trips, and who may call every route.
 *
 * The clock is the one clock (functions/clock.ts) on a LocalClock: the year is 2027 and each step
 * happens on the day it names. Tokens are minted again after each move.
 */
import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjects, verifyChain } from '#core/audit.ts';
import { newSurveyToken, tokenHash } from '#core/survey/content.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { keyOf } from '#functions/adapters/dynamo/store.ts';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { setClock } from '#functions/clock.ts';
import { readAuditChain } from '#functions/use-cases/audit.ts';
import { serviceFeedbackFor } from '#functions/use-cases/surveys.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { type CallResult, call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(1414);
const year = 2027;
const p = {
  top: org[0]!,
  unitHead: org[1]!, // head of bkpsdm: supervisor in setda
  appraiser: org[2]!, // the owner's direct supervisor (bkpsdm)
  owner: org[3]!, // the employee who served (bkpsdm)
  unitStaff: org[4]!, // a colleague in bkpsdm
  hr: org[8]!, // bkpsdm staff with the HR role
  otherUnit: org[13]!, // disdik
};
const who = [
  'owner',
  'unitStaff',
  'appraiser',
  'unitHead',
  'otherUnit',
  'otherAgency',
  'hr',
  'admin',
  'anonymous',
] as const;
type Who = (typeof who)[number];

const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });
/** A fresh client address per use, so limits counted per address do not cross tests. */
const freshIp = () => `10.${randomInt(255)}.${randomInt(255)}.${randomInt(1, 255)}`;

describe('Service-feedback surveys', () => {
  const agencyId = uniqueAgencyId('svy');
  const unitId = p.owner.unitId;
  const t = {} as Record<Who, string>;
  let skpId = '';

  async function at(iso: string) {
    clock.set(Date.parse(iso));
    const mint = (nip: string, roles: string[] = [], agency = agencyId) => tokenFor(nip, agency, roles);
    Object.assign(t, {
      owner: await mint(p.owner.nip),
      unitStaff: await mint(p.unitStaff.nip),
      appraiser: await mint(p.appraiser.nip),
      unitHead: await mint(p.unitHead.nip),
      otherUnit: await mint(p.otherUnit.nip),
      otherAgency: await mint(p.owner.nip, ['HR'], 'other-agency'),
      hr: await mint(p.hr.nip, ['HR']),
      admin: await mint('197001011995031001', ['ADMIN'], 'siklus'),
      anonymous: '',
    });
  }

  /** Every caller in `expected` tries; each gets exactly its status. */
  async function only(
    expected: Partial<Record<Who, number>>,
    attempt: (token: string | undefined, w: Who) => Promise<CallResult>,
  ) {
    for (const [w, status] of Object.entries(expected) as [Who, number][]) {
      const res = await attempt(t[w] || undefined, w);
      expect(res.status, `${w}: ${JSON.stringify(res.body)}`).toBe(status);
      if (status >= 400) expect(res.headers['content-type']).toBe('application/problem+json');
    }
  }

  const issue = (token: string | undefined, body: unknown = { unitId, nip: p.owner.nip }) =>
    call('POST', `/v1/agencies/${agencyId}/survey-links`, { ...(token ? { token } : {}), body });
  const pathOf = (url: string) => new URL(url).pathname;
  const page = (url: string, o: { lang?: string; headers?: Record<string, string>; ip?: string } = {}) =>
    call('GET', `${pathOf(url)}${o.lang ? `?lang=${o.lang}` : ''}`, {
      sourceIp: o.ip ?? freshIp(),
      ...(o.headers ? { headers: o.headers } : {}),
    });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const submit = (url: string, fields: Record<string, string>, ip = freshIp()) =>
    call('POST', pathOf(url), {
      raw: { contentType: 'application/x-www-form-urlencoded', text: form(fields) },
      sourceIp: ip,
    });
  const rated = (speed: number, clarity: number, friendliness: number, comment = '') => ({
    speed: String(speed),
    clarity: String(clarity),
    friendliness: String(friendliness),
    comment,
  });
  const rawItem = async (ref: Parameters<typeof keyOf>[0]) =>
    (await ddb().send(new GetCommand({ TableName: tableName(), Key: keyOf(ref) }))).Item;
  const tokenOf = (url: string) => pathOf(url).split('/').pop()!;

  beforeAll(async () => {
    setClock(() => clock.now());
    await at('2027-01-04T02:00:00Z');
    await call('POST', '/v1/agencies', {
      token: t.admin,
      body: {
        agencyId,
        name: 'Pemerintah Kota Uji Survei',
        timeZone: 'Asia/Makassar',
        periodicity: 'QUARTERLY',
      },
    });
    expect(
      (
        await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
          token: t.hr,
          raw: { contentType: 'text/csv', text: toCsv(org) },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: t.hr, body: { year } })).status,
    ).toBe(201);
    // The owner's SKP, cascaded from the chain above and approved, so the Q1 check-in can open.
    const tokens = [await tokenFor(p.top.nip, agencyId), t.unitHead, t.appraiser, t.owner];
    let link: string | undefined;
    let mine:
      | {
          skpId: string;
          etag: string;
          content: { rhk: { rhkId: string; indicators: { indicatorId: string }[] }[] };
        }
      | undefined;
    for (const [i, token] of tokens.entries()) {
      const res = await call('POST', '/v1/skp', {
        token,
        body: {
          year,
          rhk: [
            {
              kind: 'UTAMA',
              text: `Layanan tingkat ${i}`,
              ...(link ? { intervenesRhkId: link } : {}),
              indicators: [
                { text: 'Layanan tepat waktu', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
              ],
            },
          ],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      link = res.body.content.rhk[0].rhkId;
      mine = res.body;
      // An SKP is approved only once the SKP it cascades from is (issue 13): the chain, top down.
      if (i < tokens.length - 1) {
        const submitted = await call('POST', `/v1/skp/${res.body.skpId}/submit`, {
          token,
          headers: { 'if-match': res.body.etag },
        });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        const approved = await call('POST', `/v1/skp/${res.body.skpId}/approve`, {
          token: i === 0 ? t.hr : tokens[i - 1]!,
          headers: { 'if-match': submitted.body.etag },
        });
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      }
    }
    skpId = mine!.skpId;
    const sub = await call('POST', `/v1/skp/${skpId}/submit`, {
      token: t.owner,
      headers: { 'if-match': mine!.etag },
    });
    expect(
      (
        await call('POST', `/v1/skp/${skpId}/approve`, {
          token: t.appraiser,
          headers: { 'if-match': sub.body.etag },
        })
      ).status,
    ).toBe(200);
    await at('2027-02-15T02:00:00Z');
    const indicatorId = mine!.content.rhk[0]!.indicators[0]!.indicatorId;
    const opened = await call('PUT', `/v1/skp/${skpId}/periods/Q1/realisasi`, {
      token: t.owner,
      body: { indicators: [{ indicatorId, value: 40 }] },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  });

  afterAll(() => {
    setClock(undefined);
  });

  it('issuing: unit staff of that unit and HR; nobody else', async () => {
    await only(
      {
        owner: 201,
        unitStaff: 201,
        appraiser: 201,
        unitHead: 201,
        hr: 201,
        otherUnit: 403,
        otherAgency: 404,
        admin: 404,
        anonymous: 401,
      },
      (token) => issue(token),
    );
    const other = await issue(t.otherUnit);
    expect(other.body).toMatchObject({
      code: 'SURVEY_UNIT_STAFF_ONLY',
      detail: `Tautan survei untuk unit ${unitId} hanya dapat dibuat oleh pegawai unit itu atau pengelola kinerja (HR).`,
    });
    const english = await call('POST', `/v1/agencies/${agencyId}/survey-links`, {
      token: t.otherUnit,
      body: { unitId },
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.detail).toBe(
      `Survey links for unit ${unitId} can only be issued by its staff or by HR.`,
    );
    // The unit's staff may not issue for another unit, even naming its employee.
    expect((await issue(t.owner, { unitId: p.otherUnit.unitId, nip: p.otherUnit.nip })).status).toBe(403);
  });

  it('issuing: a one-time URL with QR codes (PNG, SVG), valid seven days; only the hash is stored; audited', async () => {
    const res = await issue(t.owner);
    expect(res.status).toBe(201);
    expect(res.roundTrips).toEqual(['BatchGetItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand']);
    const { url, surveyId, qrPng, qrSvg } = res.body;
    expect(url).toMatch(/^http:\/\/localhost\/v1\/public\/surveys\/[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      // Seven days on (the clock runs at real speed from where the test set it).
      expiresAt: expect.stringMatching(/^2027-02-22T02:00:0\d\.\d{3}Z$/),
      unitId,
      unitName: p.owner.unitName,
      nip: p.owner.nip,
      employeeName: p.owner.name,
    });
    expect(Buffer.from(qrPng, 'base64').subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const token = tokenOf(url);
    const stored = await rawItem({ kind: 'SURVEY_LINK', id: { tokenHash: tokenHash(token) } });
    expect(stored).toMatchObject({
      surveyId,
      status: 'ISSUED',
      unitId,
      nip: p.owner.nip,
      issuedBy: p.owner.nip,
    });
    expect(JSON.stringify(stored)).not.toContain(token);
    const chain = await readAuditChain(liveDeps(), subjects.survey(surveyId));
    expect(chain.map((e) => e.action)).toEqual(['SURVEY_LINK_ISSUED']);
    expect(JSON.stringify(chain)).not.toContain(token);

    // Two requests, two links (nothing is replayed: a replay would have to store the token).
    const again = await issue(t.owner);
    expect(again.body.url).not.toBe(url);
  });

  it('issuing: the employee must be of the unit; HR may name any unit that exists', async () => {
    const foreign = await issue(t.hr, { unitId, nip: p.otherUnit.nip });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      expect.objectContaining({ path: 'nip', code: 'SURVEY_EMPLOYEE_NOT_IN_UNIT' }),
    ]);
    const forDisdik = await issue(t.hr, { unitId: p.otherUnit.unitId });
    expect(forDisdik).toMatchObject({
      status: 201,
      body: { unitId: p.otherUnit.unitId, unitName: p.otherUnit.unitName, nip: null },
    });
    // HR naming a unit they are not in, without an employee: one Query to know the unit exists.
    expect(forDisdik.roundTrips).toEqual([
      'BatchGetItemCommand',
      'QueryCommand',
      'UpdateItemCommand',
      'TransactWriteItemsCommand',
    ]);
    const none = await issue(t.hr, { unitId: 'tidak-ada' });
    expect(none.status).toBe(422);
    expect(none.body.errors[0]).toMatchObject({ path: 'unitId', code: 'SURVEY_UNIT_NOT_FOUND' });
    const bad = await issue(t.hr, { unitId, nip: p.owner.nip, name: 'x' });
    expect(bad.status).toBe(422);
  });

  it('the page: small accessible HTML in Bahasa Indonesia (English on request), strict CSP, no login', async () => {
    const { url } = (await issue(t.owner)).body;
    const res = await page(url);
    expect(res.status).toBe(200);
    expect([...res.roundTrips].sort()).toEqual(['GetItemCommand', 'UpdateItemCommand', 'UpdateItemCommand']);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-language': 'id',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/,
    );
    expect(res.body).toContain('<html lang="id">');
    expect(res.body).toContain(p.owner.unitName);
    expect(res.body).toContain(p.owner.name);
    expect(res.body).toContain('Berlaku sampai 22 Februari 2027 10.00 WITA');
    expect(Buffer.byteLength(res.body)).toBeLessThan(30 * 1024);

    const en = await page(url, { lang: 'en' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.headers['content-language']).toBe('en');
    expect((await page(url, { headers: { 'accept-language': 'en-US,en' } })).body).toContain(
      'Speed of service',
    );
    // The toggle wins over the browser's language.
    expect((await page(url, { lang: 'id', headers: { 'accept-language': 'en' } })).body).toContain(
      'Kecepatan layanan',
    );
  });

  it('answering: once (201 and thanks), a second time 409, the page then 410; audited; nothing about the citizen kept', async () => {
    const { url, surveyId } = (await issue(t.unitStaff, { unitId, nip: p.unitStaff.nip })).body;
    const comment = 'Pelayanan <b>cepat</b>, hubungi saya: warga@contoh.id / 0812 3456 7890';
    const first = await submit(url, rated(5, 4, 5, comment), '10.9.9.9');
    expect(first.status, first.body).toBe(201);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.headers['content-security-policy']).toContain("default-src 'none'");
    expect(first.body).toContain('Terima kasih!');
    expect(first.body).not.toContain('cepat</b>');
    expect([...first.roundTrips].sort()).toEqual([
      'GetItemCommand',
      'TransactWriteItemsCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
    ]);

    const second = await submit(url, rated(1, 1, 1));
    expect(second.status).toBe(409);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(second.body).toContain('Survei sudah diisi');
    const after = await page(url);
    expect(after.status).toBe(410);
    expect(after.body).toContain('Survei sudah diisi');

    const chain = await readAuditChain(liveDeps(), subjects.survey(surveyId));
    expect(chain.map((e) => [e.action, e.actorNip])).toEqual([
      ['SURVEY_LINK_ISSUED', p.unitStaff.nip],
      ['SURVEY_ANSWERED', 'ANONYMOUS'],
    ]);
    expect(verifyChain(chain)).toMatchObject({ ok: true, length: 2 });

    // The response as stored: ratings and the comment as text, personal data removed; no address, no agent.
    const submittedAt = chain[1]!.at;
    const response = await rawItem({
      kind: 'SURVEY_RESPONSE',
      id: { agencyId, year, period: 'Q1', unitId, submittedAt, surveyId },
    });
    expect(response).toMatchObject({
      ratings: { SPEED: 5, CLARITY: 4, FRIENDLINESS: 5 },
      comment: 'Pelayanan <b>cepat</b>, hubungi saya: [dihapus] / [dihapus]',
      submittedOn: '2027-02-15',
      period: 'Q1',
    });
    expect(JSON.stringify(response)).not.toContain('10.9.9.9');
    expect(Object.keys(response!).sort()).toEqual(
      [
        'agencyId',
        'comment',
        'nip',
        'period',
        'pk',
        'ratings',
        'sk',
        'submittedAt',
        'submittedOn',
        'surveyId',
        'type',
        'unitId',
        'year',
      ].sort(),
    );
  });

  it('a forged, tampered, unknown or malformed link: a friendly 404 page (unsigned ones cost no table access)', async () => {
    const forged = `/v1/public/surveys/${'A'.repeat(43)}`;
    const res = await call('GET', forged, { sourceIp: freshIp() });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Tautan tidak dikenali');
    expect(res.roundTrips).toEqual([]);
    // A real link with one character changed: its tag no longer verifies.
    const { url } = (await issue(t.owner)).body;
    const real = tokenOf(url);
    const flipped = real.slice(0, 5) + (real[5] === 'a' ? 'b' : 'a') + real.slice(6);
    const tampered = await call('GET', `/v1/public/surveys/${flipped}`, { sourceIp: freshIp() });
    expect(tampered.status).toBe(404);
    expect(tampered.roundTrips).toEqual([]);
    // Signed with the key but never issued (only who holds the key could make one): looked up, not found.
    const unissued = newSurveyToken(await liveDeps().keys.surveyLink());
    const unknown = await call('GET', `/v1/public/surveys/${unissued}`, { sourceIp: freshIp() });
    expect(unknown.status).toBe(404);
    expect([...unknown.roundTrips].sort()).toEqual([
      'GetItemCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
    ]);
    for (const token of ['abc', '%3Cscript%3E', 'x'.repeat(300), real.slice(0, 22)]) {
      const bad = await call('GET', `/v1/public/surveys/${token}`);
      expect(bad.status).toBe(404);
      expect(bad.body).not.toContain('<script>');
      expect(bad.roundTrips).toEqual([]);
    }
    const post = await call('POST', forged, {
      raw: { contentType: 'application/x-www-form-urlencoded', text: form(rated(5, 5, 5)) },
      sourceIp: freshIp(),
    });
    expect(post.status).toBe(404);
  });

  it('an incomplete or wrong form: a page naming what is missing (422, 415); nothing written', async () => {
    const { url } = (await issue(t.owner)).body;
    const missing = await submit(url, { speed: '5', clarity: '4', comment: '' });
    expect(missing.status).toBe(422);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('Keramahan petugas: Wajib diisi.');
    expect(missing.roundTrips).toEqual([]);
    expect((await submit(url, rated(9, 4, 4))).status).toBe(422);
    expect((await submit(url, { ...rated(5, 4, 4), nama: 'Budi' })).status).toBe(422);
    const long = await submit(url, rated(5, 4, 4, 'x'.repeat(1001)));
    expect(long.status).toBe(422);
    expect(long.body).toContain(
      'Saran atau komentar (tidak wajib): Terlalu panjang (maksimal 1000 karakter).',
    );
    // Over what the form can carry at all: refused at the edge, still a readable page.
    const huge = await submit(url, rated(5, 4, 4, 'x'.repeat(2001)));
    expect(huge.status).toBe(422);
    expect(huge.body).toContain('Saran atau komentar (tidak wajib):');
    const json = await call('POST', pathOf(url), { body: { speed: '5' }, sourceIp: freshIp() });
    expect(json.status).toBe(415);
    expect(json.headers['content-type']).toBe('text/html; charset=utf-8');
    // Still answerable.
    expect((await submit(url, rated(4, 4, 4))).status).toBe(201);
  });

  it('rate limits: per link and per client address, a 429 page with Retry-After', async () => {
    const { url } = (await issue(t.owner)).body;
    for (let i = 0; i < 20; i++) expect((await page(url)).status).toBe(200);
    const limited = await page(url);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('Terlalu banyak permintaan');
    // The link cannot be answered either until the window passes.
    expect((await submit(url, rated(5, 5, 5))).status).toBe(429);

    // Per address, across links (signed tokens that name no link, as with a leaked key).
    const key = await liveDeps().keys.surveyLink();
    const ip = freshIp();
    const unknown = (from: string) =>
      call('GET', `/v1/public/surveys/${newSurveyToken(key)}`, { sourceIp: from });
    for (let i = 0; i < 120; i++) expect((await unknown(ip)).status).toBe(404);
    expect((await unknown(ip)).status).toBe(429);
    // Another address is not affected.
    expect((await unknown(freshIp())).status).toBe(404);
  });

  describe('aggregates', () => {
    beforeAll(async () => {
      await at('2027-02-16T02:00:00Z');
      // Five answers for the owner (one was given in the form test above: four more) and one for the unit only.
      for (const r of [rated(5, 5, 4), rated(4, 3, 5), rated(3, 4, 4), rated(5, 5, 5, 'Ramah sekali')]) {
        const { url } = (await issue(t.owner)).body;
        expect((await submit(url, r)).status).toBe(201);
      }
      const { url } = (await issue(t.hr, { unitId })).body;
      expect((await submit(url, rated(2, 2, 2, 'Antre terlalu lama'))).status).toBe(201);
    });

    it("the unit's aggregate with its employees' (unit head, HR); fewer than five per employee shows nothing", async () => {
      const res = await call(
        'GET',
        `/v1/agencies/${agencyId}/units/${unitId}/service-feedback?year=2027&period=Q1`,
        {
          token: t.hr,
        },
      );
      expect(res.status).toBe(200);
      expect(res.roundTrips).toEqual(['QueryCommand']);
      // Seven answers: the form test's (owner), the unit staff's, four more of the owner's, one
      // unit-only. The unit less the owner (shown) would be two answers: the unit is withheld too.
      expect(res.body.unit).toEqual({ unitId, unitName: p.owner.unitName, shown: false, minResponses: 5 });
      // Four more unit-only answers: the unit less the owner is six, so the unit is shown.
      for (let i = 0; i < 4; i++) {
        const { url } = (await issue(t.hr, { unitId })).body;
        expect((await submit(url, rated(4, 4, 4))).status).toBe(201);
      }
      const shown = await call(
        'GET',
        `/v1/agencies/${agencyId}/units/${unitId}/service-feedback?year=2027&period=Q1`,
        { token: t.hr },
      );
      expect(shown.body.unit).toMatchObject({ unitId, shown: true, responses: 11 });
      expect(shown.body.unit.questions[0]).toEqual({
        question: 'SPEED',
        mean: 4,
        distribution: [0, 1, 1, 6, 3],
      });
      const byNip = Object.fromEntries(res.body.employees.map((e: { nip: string }) => [e.nip, e]));
      expect(byNip[p.owner.nip]).toMatchObject({ name: p.owner.name, shown: true, responses: 5 });
      expect(byNip[p.unitStaff.nip]).toEqual({
        nip: p.unitStaff.nip,
        name: p.unitStaff.name,
        unitId,
        shown: false,
        minResponses: 5,
      });
      const head = await call(
        'GET',
        `/v1/agencies/${agencyId}/units/${unitId}/service-feedback?year=2027&period=Q1`,
        {
          token: t.unitHead,
        },
      );
      expect(head.body).toEqual(shown.body);
      // The head's profile and supervisor (for the authorization) beside the one Query.
      expect([...head.roundTrips].sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand']);
    });

    it('who may read a unit: its head and HR', async () => {
      const url = `/v1/agencies/${agencyId}/units/${unitId}/service-feedback?year=2027&period=Q1`;
      await only(
        {
          unitHead: 200,
          hr: 200,
          owner: 403,
          unitStaff: 403,
          appraiser: 403,
          otherUnit: 403,
          otherAgency: 404,
          admin: 404,
          anonymous: 401,
        },
        (token) => call('GET', url, token ? { token } : {}),
      );
      expect((await call('GET', url.replace('Q1', 'Q9'), { token: t.hr })).status).toBe(422);
    });

    it('the appraiser sees the aggregate in the check-in beside peer input; so do the owner and HR', async () => {
      const expected = {
        year: 2027,
        period: 'Q1',
        unitId,
        nip: p.owner.nip,
        shown: true,
        minResponses: 5,
        responses: 5,
        questions: expect.arrayContaining([expect.objectContaining({ question: 'FRIENDLINESS' })]),
      };
      for (const w of ['appraiser', 'owner', 'hr'] as const) {
        const res = await call('GET', `/v1/skp/${skpId}/periods/Q1`, { token: t[w] });
        expect(res.status, w).toBe(200);
        expect(res.body.serviceFeedback, w).toMatchObject(expected);
        expect(res.body.peerInput).toBeDefined();
      }
      // Another period has none yet: withheld like any count below five.
      const q2 = await call('GET', `/v1/employees/${p.owner.nip}/service-feedback?year=2027&period=Q2`, {
        token: t.owner,
      });
      expect(q2.body).toEqual({
        year: 2027,
        period: 'Q2',
        unitId,
        nip: p.owner.nip,
        shown: false,
        minResponses: 5,
      });
    });

    it("an employee's own aggregate: self, supervisors above, HR; never individual responses", async () => {
      const url = `/v1/employees/${p.owner.nip}/service-feedback?year=2027&period=Q1`;
      await only(
        {
          owner: 200,
          appraiser: 200,
          unitHead: 200,
          hr: 200,
          unitStaff: 403,
          otherUnit: 403,
          otherAgency: 404,
          admin: 404,
          anonymous: 401,
        },
        (token) => call('GET', url, token ? { token } : {}),
      );
      const mine = await call('GET', url, { token: t.owner });
      expect(mine.roundTrips).toEqual(['GetItemCommand', 'GetItemCommand']);
      expect(mine.body).toMatchObject({ shown: true, responses: 5, mean: expect.any(Number) });
      expect(JSON.stringify(mine.body)).not.toContain('Ramah sekali');
      const few = await call('GET', `/v1/employees/${p.unitStaff.nip}/service-feedback?year=2027&period=Q1`, {
        token: t.unitStaff,
      });
      expect(few.body).toEqual({
        year: 2027,
        period: 'Q1',
        unitId,
        nip: p.unitStaff.nip,
        shown: false,
        minResponses: 5,
      });
    });

    it("comments: text and date, the latest first, for the unit head and HR only; never the head's own", async () => {
      // An answer about the unit head: HR reads its comment, the head does not.
      const { url: aboutHead } = (await issue(t.unitHead, { unitId, nip: p.unitHead.nip })).body;
      expect((await submit(aboutHead, rated(3, 3, 3, 'Kepala unit kurang ramah'))).status).toBe(201);
      const url = `/v1/agencies/${agencyId}/units/${unitId}/service-feedback/comments?year=2027&period=Q1`;
      await only(
        {
          unitHead: 200,
          hr: 200,
          owner: 403,
          unitStaff: 403,
          appraiser: 403,
          otherUnit: 403,
          otherAgency: 404,
          admin: 404,
          anonymous: 401,
        },
        (token) => call('GET', url, token ? { token } : {}),
      );
      const res = await call('GET', url, { token: t.hr });
      expect(res.headers['content-type']).toBe('application/json');
      const comments = (body: { items: { comment: string }[] }) => body.items.map((c) => c.comment);
      expect(comments(res.body)).toEqual([
        'Kepala unit kurang ramah',
        'Antre terlalu lama',
        'Ramah sekali',
        'Pelayanan <b>cepat</b>, hubungi saya: [dihapus] / [dihapus]',
      ]);
      // Text and date only: ratings beside them would undo the withholding of small aggregates.
      expect(res.body.items[1]).toEqual({ submittedOn: '2027-02-16', comment: 'Antre terlalu lama' });
      const head = await call('GET', url, { token: t.unitHead });
      expect(comments(head.body)).toEqual(comments(res.body).slice(1));
      expect((await call('GET', url.replace('Q1', 'ANNUAL'), { token: t.hr })).status).toBe(422);
      const paged = await call('GET', `${url}&limit=2`, { token: t.hr });
      expect(paged.body.nextCursor).toEqual(expect.any(String));
    });

    it('serviceFeedbackFor: every unit and employee of the period, for the period report', async () => {
      const { url } = (await issue(t.hr, { unitId: p.otherUnit.unitId, nip: p.otherUnit.nip })).body;
      expect((await submit(url, rated(4, 4, 4))).status).toBe(201);
      const report = await serviceFeedbackFor(liveDeps(), agencyId, 2027, 'Q1');
      // The other unit's one answer names its employee: withheld there, so withheld for the unit too.
      expect(report.units.map((u) => [u.unitId, u.shown && u.responses])).toEqual([
        [unitId, 12],
        [p.otherUnit.unitId, false],
      ]);
      expect(report.units[0]).toMatchObject({ unitName: p.owner.unitName, mean: expect.any(Number) });
      // By unit, then NIP.
      const bkpsdm = [
        [unitId, p.owner.nip, true],
        [unitId, p.unitStaff.nip, false],
        [unitId, p.unitHead.nip, false],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1])));
      expect(report.employees.map((e) => [e.unitId, e.nip, e.shown])).toEqual([
        ...bkpsdm,
        [p.otherUnit.unitId, p.otherUnit.nip, false],
      ]);
      expect(report.employees.find((e) => e.nip === p.owner.nip)).toMatchObject({ responses: 5 });
      expect(report.employees.find((e) => e.nip === p.unitStaff.nip)).not.toHaveProperty('responses');
      expect(await serviceFeedbackFor(liveDeps(), agencyId, 2027, 'Q4')).toEqual({
        agencyId,
        year: 2027,
        period: 'Q4',
        units: [],
        employees: [],
      });
    });
  });

  it("the period is the agency's local time: 00:30 WITA on 1 April counts in Q2", async () => {
    await at('2027-03-31T15:00:00Z');
    const { url } = (await issue(t.owner)).body;
    await at('2027-03-31T16:30:00Z');
    expect((await submit(url, rated(5, 5, 5))).status).toBe(201);
    const q2 = await serviceFeedbackFor(liveDeps(), agencyId, 2027, 'Q2');
    // One answer, naming the owner: withheld for the owner, and so for the unit.
    expect(q2.units).toEqual([expect.objectContaining({ unitId, shown: false })]);
    expect(await rawItem({ kind: 'SURVEY_AGG', id: { agencyId, year, period: 'Q2', unitId } })).toMatchObject(
      {
        responses: 1,
      },
    );
  });

  it('the year: every answer also counts in the ANNUAL aggregates (unit and employee)', async () => {
    const agg = (period: string, nip?: string) =>
      rawItem({ kind: 'SURVEY_AGG', id: { agencyId, year, period, unitId, ...(nip ? { nip } : {}) } });
    const responses = async (period: string, nip?: string) =>
      Number((await agg(period, nip))?.responses ?? 0);
    expect(await responses('ANNUAL')).toBe((await responses('Q1')) + (await responses('Q2')));
    expect(await responses('ANNUAL', p.owner.nip)).toBe(6);
    const res = await call('GET', `/v1/employees/${p.owner.nip}/service-feedback?year=2027&period=ANNUAL`, {
      token: t.appraiser,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: 'ANNUAL', shown: true, responses: 6 });
    const annual = await serviceFeedbackFor(liveDeps(), agencyId, 2027, 'ANNUAL');
    expect(annual.units.find((u) => u.unitId === unitId)).toMatchObject({ shown: true });
  });

  it('a race: the same link sent eight times at once is answered once, counted once', async () => {
    const { url } = (await issue(t.owner)).body;
    const before = Number(
      (await rawItem({ kind: 'SURVEY_AGG', id: { agencyId, year, period: 'Q2', unitId, nip: p.owner.nip } }))
        ?.responses ?? 0,
    );
    const sent = await Promise.all(
      Array.from({ length: 8 }, (_, i) => submit(url, rated((i % 5) + 1, 3, 3))),
    );
    expect(sent.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of sent.filter((x) => x.status === 409)) expect(r.body).toContain('Survei sudah diisi');
    const after = await rawItem({
      kind: 'SURVEY_AGG',
      id: { agencyId, year, period: 'Q2', unitId, nip: p.owner.nip },
    });
    expect(after?.responses).toBe(before + 1);
    const chain = await readAuditChain(
      liveDeps(),
      subjects.survey(
        (await rawItem({ kind: 'SURVEY_LINK', id: { tokenHash: tokenHash(tokenOf(url)) } }))!
          .surveyId as string,
      ),
    );
    expect(chain.map((e) => e.action)).toEqual(['SURVEY_LINK_ISSUED', 'SURVEY_ANSWERED']);
  });

  it('an expired link: a 410 page saying until when it was valid, for viewing and answering', async () => {
    await at('2027-04-01T02:00:00Z');
    const { url } = (await issue(t.owner)).body;
    await at('2027-04-08T02:00:01Z');
    const res = await page(url);
    expect(res.status).toBe(410);
    expect(res.body).toContain('Tautan sudah kedaluwarsa');
    expect(res.body).toContain('8 April 2027 10.00 WITA');
    const answered = await submit(url, rated(5, 5, 5));
    expect(answered.status).toBe(410);
    const en = await call('GET', `${pathOf(url)}?lang=en`, { sourceIp: freshIp() });
    expect(en.body).toContain('This link has expired');
  });
});
