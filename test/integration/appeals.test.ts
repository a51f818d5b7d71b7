/**
 * Appeals (keberatan) and follow-up (tindak lanjut) end to end over the real handlers against
 * DynamoDB Local and s3rver: the window fixed at each employee's own delivery (calendar days by
 * default, working days by the agency's policy); filing with evidence, once; the appraiser's
 * response; the decision by the appraiser's supervisor (never the appraiser), CHANGED re-deriving
 * the predikat, the unit's counts and the follow-up, UPHELD; HR on behalf of a decider outside
 * the chart; reminders and escalation of an undecided appeal (supervisor's supervisor, then HR);
 * the development plan, shown by the next period's check-in; recognition; the policy; payroll
 * shares; the evaluation document; the appeals phase's rounds; who may do what on every route
 * (owner, appraiser, appraiser's supervisor, peer, other unit, other agency, HR, ADMIN).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseRuns } from '#core/phases.ts';
import type { Doc } from '#core/ports.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { keyOf } from '#functions/adapters/dynamo/store.ts';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { setClock } from '#functions/clock.ts';
import { cycleCalendar } from '#functions/use-cases/calendars.ts';
import { emptyStats, processItems } from '#functions/use-cases/due-items.ts';
import { closePage, openPage, processPage } from '#functions/use-cases/phases.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { type CallResult, call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(1111);
const year = 2027;
const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });

// sekda (setda, nobody above) -> head of bkpsdm -> two chiefs -> staff (4 and 3).
const sekda = org[0]!;
const head = org[1]!;
const chiefs = org.filter((r) => r.supervisorNip === head.nip);
const staffOf = (chief: (typeof org)[number]) => org.filter((r) => r.supervisorNip === chief.nip);
const bkpsdm = [head, ...chiefs, ...chiefs.flatMap(staffOf)];
const owner = staffOf(chiefs[0]!)[0]!; // appraiser chiefs[0], decider head
const peer = staffOf(chiefs[0]!)[1]!;
const late = staffOf(chiefs[1]!)[0]!; // finalized under the agency's working-day policy
const silent = staffOf(chiefs[1]!)[1]!; // an appeal nobody answers in time
const hrPerson = staffOf(chiefs[1]!)[2]!;
// Jenis jabatan as the payroll test needs it: functional posts earn angka kredit, late's does not.
for (const r of [owner, peer, silent]) r.jobType = 'FUNGSIONAL';
late.jobType = 'PELAKSANA';
const otherUnit = org.find((r) => r.unitId === 'disdik')!;

type Who = 'owner' | 'appraiser' | 'appraiserSup' | 'peer' | 'otherUnit' | 'otherAgency' | 'hr' | 'admin';

/** The pair each is rated with in Q1 (the head's hasil kerja comes from the unit's result). */
const q1Rating = (nip: string) =>
  nip === owner.nip
    ? { hasilKerja: 'DI_BAWAH', perilakuKerja: 'SESUAI' } // BUTUH_PERBAIKAN
    : nip === peer.nip
      ? { hasilKerja: 'DI_ATAS', perilakuKerja: 'DI_ATAS' } // SANGAT_BAIK
      : nip === late.nip
        ? { hasilKerja: 'DI_BAWAH', perilakuKerja: 'DI_BAWAH' } // SANGAT_KURANG
        : nip === silent.nip
          ? { hasilKerja: 'SESUAI', perilakuKerja: 'DI_BAWAH' } // KURANG
          : nip === head.nip
            ? { perilakuKerja: 'SESUAI' }
            : { hasilKerja: 'SESUAI', perilakuKerja: 'SESUAI' };

const pdf = (size: number) => {
  const h = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([h, Buffer.alloc(Math.max(0, size - h.length), 0x20)]);
};

describe('Appeals and follow-up', () => {
  const agencyId = uniqueAgencyId('apl');
  const skp = new Map<string, { skpId: string; indicators: string[] }>();
  const tokens = new Map<string, string>();
  const as = async (nip: string, roles: string[] = [], agency = agencyId) => {
    const key = `${nip}|${roles.join()}|${agency}`;
    if (!tokens.has(key)) tokens.set(key, await tokenFor(nip, agency, roles));
    return tokens.get(key)!;
  };
  const hr = () => as(hrPerson.nip, ['HR']);
  const tokenOf = (w: Who) =>
    w === 'owner'
      ? as(owner.nip)
      : w === 'appraiser'
        ? as(chiefs[0]!.nip)
        : w === 'appraiserSup'
          ? as(head.nip)
          : w === 'peer'
            ? as(peer.nip)
            : w === 'otherUnit'
              ? as(otherUnit.nip)
              : w === 'otherAgency'
                ? as(owner.nip, ['HR'], 'other-agency')
                : w === 'hr'
                  ? hr()
                  : as('197001011995031001', ['ADMIN'], 'siklus');
  async function at(iso: string) {
    clock.set(Date.parse(iso));
    tokens.clear();
  }
  const url = (nip: string, period = 'Q1') => `/v1/skp/${skp.get(nip)!.skpId}/periods/${period}`;
  const expectStatus = (res: CallResult, status: number) =>
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(status);

  /** Each caller gets exactly its status; refusals are problem+json. */
  async function only(
    expected: Partial<Record<Who, number>>,
    attempt: (token: string) => Promise<CallResult>,
  ) {
    for (const [w, status] of Object.entries(expected) as [Who, number][]) {
      const res = await attempt(await tokenOf(w));
      expect(res.status, `${w}: ${JSON.stringify(res.body)}`).toBe(status);
      if (status >= 400) expect(res.headers['content-type']).toBe('application/problem+json');
    }
  }

  async function runPhase(phase: 'PERIOD_REVIEW' | 'ANNUAL_REVIEW' | 'APPEALS', period?: string) {
    const calendar = (await cycleCalendar(liveDeps(), agencyId, year))!;
    const run = phaseRuns(agencyId, year, calendar).find(
      (r) => r.phase === phase && (period === undefined || r.period === period),
    )!;
    const deps = liveDeps();
    const now = () => new Date(clock.now());
    const out = { opened: 0, undecided: 0 };
    let cursor: string | null = null;
    if (phase !== 'PERIOD_REVIEW') {
      do {
        const r = await openPage(deps, run, cursor, now());
        out.opened += r.opened;
        cursor = r.cursor;
      } while (cursor);
    }
    do cursor = (await processPage(deps, run, cursor, now().toISOString(), now())).cursor;
    while (cursor);
    if (phase === 'APPEALS') {
      do {
        const r = await closePage(deps, run, cursor, now());
        out.undecided += r.undecided;
        cursor = r.cursor;
      } while (cursor);
    }
    return out;
  }

  /** The engine the sweep runs, on these documents at this instant. */
  async function sweepOver(docs: { kind: 'APPEAL' | 'EVALUATION'; nip: string; period?: string }[]) {
    const found = await liveDeps().store.getMany(
      docs.map((d) => ({ kind: d.kind, id: { skpId: skp.get(d.nip)!.skpId, period: d.period ?? 'Q1' } })),
    );
    const stats = emptyStats();
    await processItems(
      liveDeps(),
      found.filter((d): d is Doc => d !== undefined),
      new Date(clock.now()),
      stats,
    );
    return stats;
  }

  async function rate(nip: string, period: string, body: Record<string, unknown>) {
    const person = org.find((r) => r.nip === nip)!;
    const appraiser = person.supervisorNip ? await as(person.supervisorNip) : await hr();
    const e = await call('GET', `${url(nip, period)}/evaluation`, { token: appraiser });
    expectStatus(e, 200);
    const rated = await call('PUT', `${url(nip, period)}/evaluation`, {
      token: appraiser,
      headers: { 'if-match': e.body.etag },
      body: { ...body, ...(person.supervisorNip ? {} : { decisionRef: 'KEP-WALIKOTA/1/2027' }) },
    });
    expectStatus(rated, 200);
    return rated.body;
  }

  async function finalize(nip: string, period = 'Q1') {
    const person = org.find((r) => r.nip === nip)!;
    const appraiser = person.supervisorNip ? await as(person.supervisorNip) : await hr();
    const e = await call('GET', `${url(nip, period)}/evaluation`, { token: appraiser });
    const done = await call('POST', `${url(nip, period)}/evaluation/finalize`, {
      token: appraiser,
      headers: { 'if-match': e.body.etag },
      body: {
        confirmBreach: true,
        reason: 'Distribusi unit kecil; sesuai kinerja nyata.',
        ...(person.supervisorNip ? {} : { decisionRef: 'KEP-WALIKOTA/1/2027' }),
      },
    });
    expectStatus(done, 200);
    return done.body;
  }

  const appealOf = async (nip: string, token?: string) =>
    call('GET', `${url(nip)}/appeal`, { token: token ?? (await hr()) });

  beforeAll(async () => {
    setClock(() => clock.now());
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    expectStatus(
      await call('POST', '/v1/agencies', {
        token: admin,
        body: { agencyId, name: 'Kota Uji Keberatan', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
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
    const rhkOf = new Map<string, string>();
    for (const person of [sekda, ...bkpsdm]) {
      const link = person.supervisorNip ? rhkOf.get(person.supervisorNip) : undefined;
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
      const submitted = await call('POST', `/v1/skp/${created.body.skpId}/submit`, {
        token: await as(person.nip),
        headers: { 'if-match': created.body.etag },
      });
      const approver = person.supervisorNip ? await as(person.supervisorNip) : await hr();
      expectStatus(
        await call('POST', `/v1/skp/${created.body.skpId}/approve`, {
          token: approver,
          headers: { 'if-match': submitted.body.etag },
        }),
        200,
      );
      rhkOf.set(person.nip, created.body.content.rhk[0].rhkId);
      skp.set(person.nip, {
        skpId: created.body.skpId,
        indicators: created.body.content.rhk[0].indicators.map((i: { indicatorId: string }) => i.indicatorId),
      });
    }
    // The quarter is over: the review phase opens the evaluations and unit results.
    await at('2027-03-31T17:00:00Z');
    await runPhase('PERIOD_REVIEW', 'Q1');
    const unit = (u: string) => `/v1/agencies/${agencyId}/cycles/${year}/units/${u}`;
    const bk = await call('GET', `${unit('bkpsdm')}/distribution?period=Q1`, { token: await as(sekda.nip) });
    expectStatus(
      await call('PUT', `${unit('bkpsdm')}/organization-rating`, {
        token: await as(sekda.nip),
        headers: { 'if-match': bk.body.etag },
        body: { period: 'Q1', rating: 'BAIK' },
      }),
      200,
    );
    const sd = await call('GET', `${unit('setda')}/distribution?period=Q1`, { token: await hr() });
    expectStatus(
      await call('PUT', `${unit('setda')}/organization-rating`, {
        token: await hr(),
        headers: { 'if-match': sd.body.etag },
        body: { period: 'Q1', rating: 'BAIK', decisionRef: 'KEP-WALIKOTA/2/2027' },
      }),
      200,
    );
    for (const person of [sekda, ...bkpsdm]) await rate(person.nip, 'Q1', q1Rating(person.nip));
    // Delivered on Monday 5 April 2027, 10:00 WIB (everyone but `late`, who follows the policy).
    await at('2027-04-05T03:00:00Z');
    for (const person of [sekda, ...bkpsdm].filter((p) => p !== late)) await finalize(person.nip);
  });
  afterAll(() => setClock(undefined));

  it('the window is the employee’s own, fixed at delivery; a low predikat opens a development plan, Sangat Baik a recognition', async () => {
    const e = await call('GET', `${url(owner.nip)}/evaluation`, { token: await as(owner.nip) });
    expect(e.body).toMatchObject({
      status: 'FINAL',
      predikat: 'BUTUH_PERBAIKAN',
      deliveredAt: expect.stringMatching(/^2027-04-05T03:00/),
      // 14 calendar days from the delivery, to the end of the local day (WIB).
      appealUntil: '2027-04-19T23:59:59+07:00',
      followUp: { track: 'DEVELOPMENT', status: 'PLAN_DUE' },
    });
    const inbox = await call('GET', '/v1/me/notifications', { token: await as(owner.nip) });
    const delivered = inbox.body.items.find((n: { event?: string }) => n.event === 'RESULT_DELIVERED');
    // From the delivery (its local time) to the end of the window, both in the agency's zone.
    expect(delivered.body).toContain(
      'keberatan dapat diajukan sejak hasil ini diterima (5 April 2027 pukul 10.00 WIB) sampai 19 April 2027 pukul 23.59 WIB.',
    );
    await only(
      {
        owner: 200,
        appraiser: 200,
        appraiserSup: 200,
        hr: 200,
        peer: 404,
        otherUnit: 404,
        otherAgency: 404,
        admin: 404,
      },
      (token) => call('GET', `${url(owner.nip)}/follow-up`, { token }),
    );
    const followUp = await call('GET', `${url(owner.nip)}/follow-up`, { token: await as(chiefs[0]!.nip) });
    expect(followUp.roundTrips).toEqual(['GetItemCommand']);
    expect(followUp.body).toMatchObject({
      track: 'DEVELOPMENT',
      status: 'PLAN_DUE',
      predikat: 'BUTUH_PERBAIKAN',
      pendingKind: 'PLAN_DEVELOPMENT',
      // 10 working days after Monday 5 April 2027.
      pendingDueAt: '2027-04-19T23:59:59+07:00',
    });
    const items = await call('GET', '/v1/me/action-items', { token: await as(chiefs[0]!.nip) });
    expect(items.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'PLAN_DEVELOPMENT',
        subject: expect.objectContaining({ ownerNip: owner.nip, period: 'Q1', predikat: 'BUTUH_PERBAIKAN' }),
      }),
    );
    const recognition = await call('GET', `${url(peer.nip)}/follow-up`, { token: await as(peer.nip) });
    expect(recognition.body).toMatchObject({
      track: 'RECOGNITION',
      status: 'RECOGNIZED',
      predikat: 'SANGAT_BAIK',
    });
    expect(recognition.body).not.toHaveProperty('pendingKind');
    // Baik: nothing to follow up.
    expectStatus(await call('GET', `${url(chiefs[0]!.nip)}/follow-up`, { token: await hr() }), 404);
  });

  it('the policy: members read it (the defaults until set); HR sets it under its ETag; it applies to later deliveries', async () => {
    await only({ owner: 200, hr: 200, admin: 200, otherAgency: 404 }, (token) =>
      call('GET', `/v1/agencies/${agencyId}/policy`, { token }),
    );
    const read = await call('GET', `/v1/agencies/${agencyId}/policy`, { token: await hr() });
    expect(read.body).toMatchObject({
      source: 'DEFAULT',
      version: 0,
      appeal: {
        fileWithin: { days: 14, dayKind: 'CALENDAR' },
        respondWithin: { days: 5, dayKind: 'WORKING' },
        decideWithin: { days: 14, dayKind: 'CALENDAR' },
      },
      allowance: {
        basis: 'MONTHLY',
        sharePercent: { BAIK: 100, BUTUH_PERBAIKAN: 80, KURANG: 70, SANGAT_KURANG: 60 },
      },
      angkaKredit: {
        sharePercent: { SANGAT_BAIK: 150, BAIK: 100, BUTUH_PERBAIKAN: 75, KURANG: 50, SANGAT_KURANG: 25 },
      },
    });
    const body = {
      appeal: {
        fileWithin: { days: 5, dayKind: 'WORKING' },
        respondWithin: { days: 3, dayKind: 'WORKING' },
        decideWithin: { days: 10, dayKind: 'CALENDAR' },
      },
      allowance: read.body.allowance,
      angkaKredit: read.body.angkaKredit,
    };
    await only(
      {
        owner: 403,
        appraiser: 403,
        appraiserSup: 403,
        peer: 403,
        otherUnit: 403,
        otherAgency: 404,
        admin: 404,
      },
      (token) =>
        call('PUT', `/v1/agencies/${agencyId}/policy`, {
          token,
          headers: { 'if-match': read.body.etag },
          body,
        }),
    );
    expectStatus(await call('PUT', `/v1/agencies/${agencyId}/policy`, { token: await hr(), body }), 428);
    const bad = await call('PUT', `/v1/agencies/${agencyId}/policy`, {
      token: await hr(),
      headers: { 'if-match': read.body.etag },
      body: { ...body, appeal: { ...body.appeal, fileWithin: { days: 0, dayKind: 'WORKING' } } },
    });
    expectStatus(bad, 422);
    expect(bad.body.errors.map((x: { path: string }) => x.path)).toEqual(['appeal.fileWithin.days']);
    const set = await call('PUT', `/v1/agencies/${agencyId}/policy`, {
      token: await hr(),
      headers: { 'if-match': read.body.etag },
      body,
    });
    expectStatus(set, 200);
    expect(set.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(set.body).toMatchObject({ source: 'AGENCY', version: 1 });
    // The defaults' ETag is stale now.
    expectStatus(
      await call('PUT', `/v1/agencies/${agencyId}/policy`, {
        token: await hr(),
        headers: { 'if-match': read.body.etag },
        body,
      }),
      412,
    );
    // Delivered now, under the agency's own window: 5 working days (Tue 6 .. Mon 12 April).
    const final = await finalize(late.nip);
    expect(final.appealUntil).toBe('2027-04-12T23:59:59+07:00');
    // A window already running keeps the end it was given.
    const mine = await call('GET', `${url(owner.nip)}/evaluation`, { token: await as(owner.nip) });
    expect(mine.body.appealUntil).toBe('2027-04-19T23:59:59+07:00');
  });

  it('filing: the owner, once, with reasons and evidence; the appraiser is asked, the appraiser’s supervisor owes the decision', async () => {
    await at('2027-04-07T02:00:00Z');
    // Evidence, with the same rules as a check-in's: declared on the SKP, uploaded, checked.
    const bytes = pdf(3000);
    const declared = await call('POST', `/v1/skp/${skp.get(owner.nip)!.skpId}/evidence`, {
      token: await as(owner.nip),
      body: { fileName: 'Bukti keberatan.pdf', contentType: 'application/pdf', size: bytes.length },
    });
    expectStatus(declared, 201);
    const put = await fetch(declared.body.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    expect(put.status).toBe(200);
    const body = {
      reason: 'Dokumen yang saya selesaikan pada triwulan I belum dihitung; bukti terlampir.',
      evidenceIds: [declared.body.evidenceId],
    };
    await only(
      {
        appraiser: 403,
        appraiserSup: 403,
        hr: 403,
        peer: 404,
        otherUnit: 404,
        otherAgency: 404,
        admin: 404,
      },
      (token) => call('POST', `${url(owner.nip)}/appeal`, { token, body }),
    );
    const short = await call('POST', `${url(owner.nip)}/appeal`, {
      token: await as(owner.nip),
      body: { reason: 'Tidak setuju.' },
    });
    expectStatus(short, 422);
    expect(short.body.errors.map((x: { path: string }) => x.path)).toEqual(['reason']);
    const unknownEvidence = await call('POST', `${url(owner.nip)}/appeal`, {
      token: await as(owner.nip),
      body: { ...body, evidenceIds: ['zzzzzzzzzzzz'] },
    });
    expectStatus(unknownEvidence, 422);
    expect(unknownEvidence.body.errors[0]).toMatchObject({
      path: 'evidenceIds[0]',
      code: 'EVIDENCE_NOT_FOUND',
    });

    const filed = await call('POST', `${url(owner.nip)}/appeal`, {
      token: await as(owner.nip),
      headers: { 'idempotency-key': 'appeal-owner-q1' },
      body,
    });
    expectStatus(filed, 201);
    expect(filed.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(filed.headers.location).toBe(`${url(owner.nip)}/appeal`);
    expect(filed.body).toMatchObject({
      status: 'FILED',
      ownerNip: owner.nip,
      appraiserNip: chiefs[0]!.nip,
      deciderNip: head.nip,
      original: { hasilKerja: 'DI_BAWAH', perilakuKerja: 'SESUAI', predikat: 'BUTUH_PERBAIKAN' },
      evidence: [{ evidenceId: declared.body.evidenceId, fileName: 'Bukti-keberatan.pdf', size: 3000 }],
      // The agency's policy: respond within 3 working days (Thu 8, Fri 9, Mon 12), decide within 10.
      respondBy: '2027-04-12T23:59:59+07:00',
      decideBy: '2027-04-17T23:59:59+07:00',
      pendingKind: 'DECIDE_APPEAL',
    });
    // The same request again: the first answer, nothing new. Without the key: a second appeal.
    const replay = await call('POST', `${url(owner.nip)}/appeal`, {
      token: await as(owner.nip),
      headers: { 'idempotency-key': 'appeal-owner-q1' },
      body,
    });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(filed.body);
    const second = await call('POST', `${url(owner.nip)}/appeal`, {
      token: await as(owner.nip),
      headers: { 'accept-language': 'en' },
      body,
    });
    expectStatus(second, 409);
    expect(second.body).toMatchObject({ code: 'APPEAL_EXISTS' });
    expect(second.body.detail).toContain('appealed once');

    const respond = await call('GET', '/v1/me/action-items', { token: await as(chiefs[0]!.nip) });
    expect(respond.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'RESPOND_APPEAL',
        dueAt: '2027-04-12T23:59:59+07:00',
        subject: expect.objectContaining({ ownerNip: owner.nip }),
      }),
    );
    const decide = await call('GET', '/v1/me/action-items', { token: await as(head.nip) });
    expect(decide.body.items).toContainEqual(
      expect.objectContaining({ kind: 'DECIDE_APPEAL', dueAt: '2027-04-17T23:59:59+07:00' }),
    );
    for (const nip of [chiefs[0]!.nip, head.nip]) {
      const inbox = await call('GET', '/v1/me/notifications', { token: await as(nip) });
      expect(inbox.body.items).toContainEqual(
        expect.objectContaining({
          kind: 'EVENT',
          event: 'APPEAL_FILED',
          subject: expect.objectContaining({ ownerNip: owner.nip }),
        }),
      );
    }
    // Who may read it.
    await only(
      {
        owner: 200,
        appraiser: 200,
        appraiserSup: 200,
        hr: 200,
        peer: 404,
        otherUnit: 404,
        otherAgency: 404,
        admin: 404,
      },
      (token) => call('GET', `${url(owner.nip)}/appeal`, { token }),
    );
    const e = await call('GET', `${url(owner.nip)}/evaluation`, { token: await as(owner.nip) });
    expect(e.body.appeal).toMatchObject({ status: 'FILED', respondBy: '2027-04-12T23:59:59+07:00' });
    expect(e.body.pendingKind).toBe('RESPOND_APPEAL');

    // Both sides first: the decider waits for the response (or for its time to pass).
    const early = await call('POST', `${url(owner.nip)}/appeal/decision`, {
      token: await as(head.nip),
      headers: { 'if-match': filed.body.etag },
      body: { outcome: 'UPHELD', reason: 'Penilaian sudah sesuai bukti.' },
    });
    expectStatus(early, 409);
    expect(early.body.code).toBe('APPEAL_AWAITING_RESPONSE');
  });

  it('the appraiser’s response: recorded for the decider; only the appraiser gives it', async () => {
    await at('2027-04-08T02:00:00Z');
    const appeal = await appealOf(owner.nip);
    const body = {
      text: 'Dokumen yang dimaksud diserahkan setelah batas triwulan; saya tetap pada penilaian.',
    };
    await only(
      {
        owner: 403,
        appraiserSup: 403,
        hr: 403,
        peer: 404,
        otherUnit: 404,
        otherAgency: 404,
        admin: 404,
      },
      (token) =>
        call('POST', `${url(owner.nip)}/appeal/response`, {
          token,
          headers: { 'if-match': appeal.body.etag },
          body,
        }),
    );
    expectStatus(
      await call('POST', `${url(owner.nip)}/appeal/response`, { token: await as(chiefs[0]!.nip), body }),
      428,
    );
    const responded = await call('POST', `${url(owner.nip)}/appeal/response`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': appeal.body.etag },
      body,
    });
    expectStatus(responded, 200);
    expect(responded.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(responded.body).toMatchObject({
      status: 'RESPONDED',
      response: { text: body.text, by: chiefs[0]!.nip },
    });
    const again = await call('POST', `${url(owner.nip)}/appeal/response`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': responded.body.etag },
      body,
    });
    expectStatus(again, 409);
    expect(again.body.code).toBe('APPEAL_ILLEGAL_TRANSITION');
    // The decider reads it; the response step is gone from the appraiser's list.
    const read = await appealOf(owner.nip, await as(head.nip));
    expect(read.body.response).toMatchObject({ text: body.text, onBehalf: false });
    const items = await call('GET', '/v1/me/action-items', { token: await as(chiefs[0]!.nip) });
    expect(items.body.items.filter((i: { kind: string }) => i.kind === 'RESPOND_APPEAL')).toEqual([]);
  });

  it('the decision: the appraiser’s supervisor only; CHANGED re-derives the predikat, moves the counts and the follow-up; final', async () => {
    const appeal = await appealOf(owner.nip);
    const decide = async (
      body: Record<string, unknown>,
      token?: string,
      headers: Record<string, string> = {},
    ) =>
      call('POST', `${url(owner.nip)}/appeal/decision`, {
        token: token ?? (await as(head.nip)),
        headers: { 'if-match': appeal.body.etag, ...headers },
        body,
      });
    const changed = {
      outcome: 'CHANGED',
      hasilKerja: 'SESUAI',
      reason: 'Bukti menunjukkan dokumen selesai pada triwulan I; hasil kerja sesuai ekspektasi.',
    };
    await only(
      {
        owner: 403,
        appraiser: 403,
        hr: 403,
        peer: 404,
        otherUnit: 404,
        otherAgency: 404,
        admin: 404,
      },
      (token) => decide(changed, token),
    );
    // Each refusal names its field.
    const cases: [Record<string, unknown>, string, string][] = [
      [{ outcome: 'CHANGED', reason: changed.reason }, 'hasilKerja', 'APPEAL_CHANGE_NEEDS_RATING'],
      [{ ...changed, outcome: 'UPHELD' }, 'hasilKerja', 'APPEAL_RATING_ONLY_IF_CHANGED'],
      [{ ...changed, hasilKerja: 'DI_BAWAH' }, 'outcome', 'APPEAL_CHANGE_CHANGES_NOTHING'],
      [{ ...changed, decisionRef: 'KEP/1/2027' }, 'decisionRef', 'DECISION_REF_ON_BEHALF_ONLY'],
    ];
    for (const [body, path, code] of cases) {
      const res = await decide(body);
      expectStatus(res, 422);
      expect(res.body.errors).toEqual([expect.objectContaining({ path, code })]);
    }
    const unitUrl = `/v1/agencies/${agencyId}/cycles/${year}/units/bkpsdm/distribution?period=Q1`;
    const countsBefore = (await call('GET', unitUrl, { token: await hr() })).body.distribution.counts;

    const done = await decide(changed, undefined, { 'idempotency-key': 'decide-owner' });
    expectStatus(done, 200);
    expect(done.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(done.body).toMatchObject({
      status: 'DECIDED',
      decision: {
        outcome: 'CHANGED',
        hasilKerja: 'SESUAI',
        perilakuKerja: 'SESUAI',
        predikat: 'BAIK',
        previous: { predikat: 'BUTUH_PERBAIKAN' },
        decidedBy: head.nip,
        onBehalf: false,
      },
      evaluation: { predikat: 'BAIK' },
    });
    const replay = await decide(changed, undefined, { 'idempotency-key': 'decide-owner' });
    expect(replay.body).toEqual(done.body);
    const final = await decide(
      { outcome: 'UPHELD', reason: 'Berubah pikiran setelah diputuskan.' },
      undefined,
      {
        'if-match': done.body.etag,
      },
    );
    expectStatus(final, 409);
    expect(final.body.code).toBe('APPEAL_ILLEGAL_TRANSITION');

    const e = await call('GET', `${url(owner.nip)}/evaluation`, { token: await as(owner.nip) });
    expect(e.headers.etag).toBe(done.body.evaluation.etag);
    expect(e.body).toMatchObject({
      status: 'FINAL',
      predikat: 'BAIK',
      hasilKerja: 'SESUAI',
      rating: {
        predikat: 'BAIK',
        ratedBy: chiefs[0]!.nip,
        changedByAppeal: { by: head.nip, previous: { predikat: 'BUTUH_PERBAIKAN' } },
      },
      appeal: { status: 'DECIDED', outcome: 'CHANGED', previousPredikat: 'BUTUH_PERBAIKAN' },
      // Baik needs no development plan: the plan owed is cancelled.
      followUp: { track: 'DEVELOPMENT', status: 'CANCELLED' },
    });
    const items = await call('GET', '/v1/me/action-items', { token: await as(chiefs[0]!.nip) });
    expect(
      items.body.items.filter(
        (i: { kind: string; subject: { ownerNip: string } }) =>
          i.kind === 'PLAN_DEVELOPMENT' && i.subject.ownerNip === owner.nip,
      ),
    ).toEqual([]);
    expect(
      (await call('GET', '/v1/me/action-items', { token: await as(head.nip) })).body.items.filter(
        (i: { kind: string }) => i.kind === 'DECIDE_APPEAL',
      ),
    ).toEqual([]);
    const unitAfter = (await call('GET', unitUrl, { token: await hr() })).body;
    const counts = unitAfter.distribution.counts;
    expect(counts.BUTUH_PERBAIKAN).toBe(countsBefore.BUTUH_PERBAIKAN - 1);
    expect(counts.BAIK).toBe(countsBefore.BAIK + 1);
    expect(unitAfter.appealChanges).toEqual([
      {
        skpId: skp.get(owner.nip)!.skpId,
        ownerNip: owner.nip,
        from: 'BUTUH_PERBAIKAN',
        to: 'BAIK',
        at: done.body.decision.decidedAt,
      },
    ]);
    const inbox = await call('GET', '/v1/me/notifications', { token: await as(owner.nip) });
    const notice = inbox.body.items.find((n: { event?: string }) => n.event === 'APPEAL_DECIDED');
    expect(notice.body).toContain('diubah dari Butuh Perbaikan menjadi Baik');
  });

  it('the evaluation document shows the appeal, the response and the outcome', async () => {
    const res = await call('GET', `${url(owner.nip)}/evaluation/document`, { token: await as(owner.nip) });
    expect(res.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'siklus-pdf-'));
    writeFileSync(join(dir, 'e.pdf'), res.body as Buffer);
    if (process.env.SIKLUS_KEEP_PDF) writeFileSync(process.env.SIKLUS_KEEP_PDF, res.body as Buffer);
    const text = execFileSync('pdftotext', [join(dir, 'e.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    for (const expected of [
      'diubah atas keberatan 8 April 2027',
      'Keberatan',
      'Diajukan 7 April 2027 atas predikat Butuh Perbaikan',
      'Dokumen yang saya selesaikan pada triwulan I belum dihitung',
      'Bukti-keberatan.pdf',
      'Tanggapan pejabat penilai (8 April 2027): Dokumen yang dimaksud',
      'Keberatan DIKABULKAN',
      'predikat diubah dari Butuh Perbaikan menjadi Baik',
      'Keputusan ini final.',
      'Diubah melalui keberatan; semula hasil kerja Di Bawah Ekspektasi',
      'Atasan pejabat penilai kinerja',
    ])
      expect(text).toContain(expected);
    // The unit's penetapan names the change (the row already shows Baik).
    const penetapan = await call(
      'GET',
      `/v1/agencies/${agencyId}/cycles/${year}/units/bkpsdm/penetapan/document?period=Q1`,
      { token: await hr() },
    );
    expect(penetapan.headers['content-type']).toBe('application/pdf');
    writeFileSync(join(dir, 'p.pdf'), penetapan.body as Buffer);
    const unitText = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(unitText).toContain(
      `Perubahan atas keberatan ${owner.name} (NIP ${owner.nip}): Butuh Perbaikan menjadi Baik atas keputusan keberatan 8 April 2027.`,
    );
  });

  it('a late appeal is refused; the window followed the agency’s working days', async () => {
    await at('2027-04-13T02:00:00Z');
    const res = await call('POST', `${url(late.nip)}/appeal`, {
      token: await as(late.nip),
      body: { reason: 'Saya tidak setuju dengan predikat Sangat Kurang yang diberikan.' },
    });
    expectStatus(res, 409);
    expect(res.body.code).toBe('APPEAL_WINDOW_CLOSED');
    expect(res.body.detail).toBe(
      'Batas waktu pengajuan keberatan sudah lewat: hasil diterima 5 April 2027 pukul 10.00 WIB, keberatan paling lambat 12 April 2027 pukul 23.59 WIB.',
    );
    expect(res.roundTrips).toEqual(['BatchGetItemCommand']);
  });

  it('HR decides on behalf of a decider outside the chart, with the signed decision; a head’s hasil kerja stays', async () => {
    // The head's appraiser is the sekda, whose supervisor (the mayor) is outside the org chart.
    const filed = await call('POST', `${url(head.nip)}/appeal`, {
      token: await as(head.nip),
      body: { reason: 'Perilaku kerja saya selama triwulan I di atas ekspektasi pimpinan.' },
    });
    expectStatus(filed, 201);
    expect(filed.body).toMatchObject({ appraiserNip: sekda.nip, deciderNip: null });
    const responded = await call('POST', `${url(head.nip)}/appeal/response`, {
      token: await as(sekda.nip),
      headers: { 'if-match': filed.body.etag },
      body: { text: 'Setuju sebagian; mohon diputuskan oleh Wali Kota.' },
    });
    expectStatus(responded, 200);
    const hrItems = await call('GET', '/v1/me/action-items?inbox=HR', { token: await hr() });
    expect(hrItems.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'DECIDE_APPEAL',
        subject: expect.objectContaining({ ownerNip: head.nip }),
      }),
    );
    const decide = (token: string, body: Record<string, unknown>) =>
      call('POST', `${url(head.nip)}/appeal/decision`, {
        token,
        headers: { 'if-match': responded.body.etag },
        body,
      });
    const upheld = { outcome: 'UPHELD', reason: 'Wali Kota menguatkan penilaian pejabat penilai.' };
    // The appraiser cannot decide, HR role or not; the owner neither.
    expectStatus(
      await decide(await as(sekda.nip, ['HR']), { ...upheld, decisionRef: 'KEP-WALIKOTA/9/2027' }),
      403,
    );
    expectStatus(
      await decide(await as(head.nip, ['HR']), { ...upheld, decisionRef: 'KEP-WALIKOTA/9/2027' }),
      403,
    );
    const noRef = await decide(await hr(), upheld);
    expectStatus(noRef, 422);
    expect(noRef.body.errors[0]).toMatchObject({ path: 'decisionRef', code: 'DECISION_REF_REQUIRED' });
    const headRating = await decide(await hr(), {
      outcome: 'CHANGED',
      hasilKerja: 'DI_ATAS',
      reason: 'Hasil kerja dinilai di atas ekspektasi.',
      decisionRef: 'KEP-WALIKOTA/9/2027',
    });
    expectStatus(headRating, 422);
    expect(headRating.body.errors[0]).toMatchObject({
      path: 'hasilKerja',
      code: 'APPEAL_HASIL_KERJA_FROM_UNIT',
    });
    const done = await decide(await hr(), { ...upheld, decisionRef: 'KEP-WALIKOTA/9/2027' });
    expectStatus(done, 200);
    expect(done.body.decision).toMatchObject({
      outcome: 'UPHELD',
      predikat: 'BAIK',
      onBehalf: true,
      decisionRef: 'KEP-WALIKOTA/9/2027',
    });
    const res = await call('GET', `${url(head.nip)}/evaluation/document`, { token: await hr() });
    const dir = mkdtempSync(join(tmpdir(), 'siklus-pdf-'));
    writeFileSync(join(dir, 'h.pdf'), res.body as Buffer);
    const text = execFileSync('pdftotext', [join(dir, 'h.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain(
      'Keberatan TIDAK DIKABULKAN oleh pengelola kinerja atas nama atasan pejabat penilai',
    );
    expect(text).toContain('KEP-WALIKOTA/9/2027');
  });

  it('no appeal left undecided: reminders, then escalation to the supervisor’s supervisor, then HR', async () => {
    await at('2027-04-13T03:00:00Z');
    const filed = await call('POST', `${url(silent.nip)}/appeal`, {
      token: await as(silent.nip),
      body: { reason: 'Perilaku kerja saya tidak pernah dibahas dalam dialog kinerja.' },
    });
    expectStatus(filed, 201);
    expect(filed.body).toMatchObject({
      appraiserNip: chiefs[1]!.nip,
      deciderNip: head.nip,
      respondBy: '2027-04-16T23:59:59+07:00',
      decideBy: '2027-04-23T23:59:59+07:00',
    });
    // D-3: a reminder to the decider (and to the appraiser for the response, D-1).
    await at('2027-04-20T17:00:00Z');
    let stats = await sweepOver([{ kind: 'APPEAL', nip: silent.nip }]);
    expect(stats.reminders).toBe(1);
    // Past the deadline: level 1, the decider's supervisor (the sekda) hears of it.
    await at('2027-04-23T17:00:01Z');
    stats = await sweepOver([
      { kind: 'APPEAL', nip: silent.nip },
      { kind: 'EVALUATION', nip: silent.nip },
    ]);
    expect(stats.escalations).toBe(2);
    const appeal = await appealOf(silent.nip);
    expect(appeal.body).toMatchObject({ status: 'FILED', pendingKind: 'DECIDE_APPEAL', escalationLevel: 1 });
    const sekdaInbox = await call('GET', '/v1/me/notifications', { token: await as(sekda.nip) });
    expect(sekdaInbox.body.items).toContainEqual(
      expect.objectContaining({ kind: 'ESCALATION', level: 1, pendingKind: 'DECIDE_APPEAL' }),
    );
    // HR may not decide while the decider's supervisor is the one told (the decider is named).
    const early = await call('POST', `${url(silent.nip)}/appeal/decision`, {
      token: await hr(),
      headers: { 'if-match': appeal.body.etag },
      body: {
        outcome: 'UPHELD',
        reason: 'Dialog kinerja tercatat; penilaian dikuatkan.',
        decisionRef: 'SK 800/1/2027',
      },
    });
    expectStatus(early, 403);
    expect(early.body.code).toBe('APPEAL_DECIDER_ONLY');
    // Three days on: level 2, HR.
    await at('2027-04-26T17:00:02Z');
    stats = await sweepOver([{ kind: 'APPEAL', nip: silent.nip }]);
    expect(stats.escalations).toBe(1);
    const hrInbox = await call('GET', '/v1/me/notifications', { token: await hr() });
    expect(hrInbox.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'ESCALATION',
        level: 2,
        pendingKind: 'DECIDE_APPEAL',
        recipient: `HR#${agencyId}`,
      }),
    );
    // A second sweep at the same instant sends nothing again.
    expect((await sweepOver([{ kind: 'APPEAL', nip: silent.nip }])).escalations).toBe(0);
    // Escalated to HR, HR may decide in the decider's place (an absent decider cannot hold it up
    // forever): on behalf, so only with the signed decision's reference.
    const noRef = await call('POST', `${url(silent.nip)}/appeal/decision`, {
      token: await hr(),
      headers: { 'if-match': appeal.body.etag },
      body: { outcome: 'UPHELD', reason: 'Dialog kinerja tercatat; penilaian dikuatkan.' },
    });
    expectStatus(noRef, 422);
    expect(noRef.body.errors.map((x: { path: string }) => x.path)).toEqual(['decisionRef']);
    // The decider decides late: the appraiser's silence is recorded.
    const done = await call('POST', `${url(silent.nip)}/appeal/decision`, {
      token: await as(head.nip),
      headers: { 'if-match': appeal.body.etag },
      body: { outcome: 'UPHELD', reason: 'Dialog kinerja tercatat; penilaian dikuatkan.' },
    });
    expectStatus(done, 200);
    const e = await call('GET', `${url(silent.nip)}/evaluation`, { token: await hr() });
    expect(e.body).toMatchObject({
      missed: 'RESPOND_APPEAL',
      predikat: 'KURANG',
      appeal: { outcome: 'UPHELD' },
    });
    expect(e.body).not.toHaveProperty('pendingKind');
    const pdfText = await call('GET', `${url(silent.nip)}/appeal`, { token: await as(silent.nip) });
    expect(pdfText.body).not.toHaveProperty('response');
  });

  it('the development plan: the appraiser records training or coaching with a target date; the next check-in shows it', async () => {
    const path = `${url(silent.nip)}/follow-up`;
    const f = await call('GET', path, { token: await as(chiefs[1]!.nip) });
    expect(f.body).toMatchObject({ track: 'DEVELOPMENT', status: 'PLAN_DUE', predikat: 'KURANG' });
    const plan = {
      activity: 'TRAINING',
      description: 'Pelatihan komunikasi dan kerja sama tim (BerAKHLAK: Harmonis, Kolaboratif).',
      targetDate: '2027-06-30',
    };
    // chiefs[1] appraises `silent`: for the route's roles, the owner's appraiser is chiefs[1].
    for (const [token, status] of [
      [await as(silent.nip), 403],
      [await as(head.nip), 403],
      [await hr(), 403],
      [await as(peer.nip), 404],
      [await as(otherUnit.nip), 404],
      [await as(owner.nip, ['HR'], 'other-agency'), 404],
      [await as('197001011995031001', ['ADMIN'], 'siklus'), 404],
    ] as const)
      expectStatus(
        await call('PUT', `${path}/plan`, { token, headers: { 'if-match': f.body.etag }, body: plan }),
        status,
      );
    const past = await call('PUT', `${path}/plan`, {
      token: await as(chiefs[1]!.nip),
      headers: { 'if-match': f.body.etag },
      body: { ...plan, targetDate: '2027-04-01' },
    });
    expectStatus(past, 422);
    expect(past.body.errors[0]).toMatchObject({ path: 'targetDate', code: 'TARGET_DATE_OUT_OF_RANGE' });
    const planned = await call('PUT', `${path}/plan`, {
      token: await as(chiefs[1]!.nip),
      headers: { 'if-match': f.body.etag },
      body: plan,
    });
    expectStatus(planned, 200);
    expect(planned.roundTrips).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    const after = await call('GET', path, { token: await as(silent.nip) });
    expect(after.body).toMatchObject({
      status: 'PLANNED',
      plan: { activity: 'TRAINING', targetDate: '2027-06-30', plannedBy: chiefs[1]!.nip },
      pendingKind: 'COMPLETE_DEVELOPMENT',
      pendingDueAt: '2027-06-30T23:59:59+07:00',
    });
    // The next period's check-in shows the plan in force.
    const mine = skp.get(silent.nip)!;
    const q2 = await call('PUT', `${url(silent.nip, 'Q2')}/realisasi`, {
      token: await as(silent.nip),
      body: { indicators: [{ indicatorId: mine.indicators[0], value: 4 }] },
    });
    expectStatus(q2, 201);
    const checkin = await call('GET', url(silent.nip, 'Q2'), { token: await as(silent.nip) });
    expect(checkin.body.developmentPlans).toEqual([
      expect.objectContaining({
        period: 'Q1',
        predikat: 'KURANG',
        status: 'PLANNED',
        plan: expect.objectContaining({ activity: 'TRAINING', targetDate: '2027-06-30' }),
      }),
    ]);
    const note = { note: 'Pelatihan diikuti 10-12 Mei 2027; sertifikat terlampir di SIASN.' };
    // Only the appraiser records the completion; readers who are not get 403, others 404.
    for (const [token, status] of [
      [await as(silent.nip), 403],
      [await as(head.nip), 403],
      [await hr(), 403],
      [await as(peer.nip), 404],
      [await as(otherUnit.nip), 404],
      [await as(owner.nip, ['HR'], 'other-agency'), 404],
      [await as('197001011995031001', ['ADMIN'], 'siklus'), 404],
    ] as const) {
      const res = await call('POST', `${path}/complete`, {
        token,
        headers: { 'if-match': planned.body.etag },
        body: note,
      });
      expectStatus(res, status);
      expect(res.headers['content-type']).toBe('application/problem+json');
    }
    const completed = await call('POST', `${path}/complete`, {
      token: await as(chiefs[1]!.nip),
      headers: { 'if-match': planned.body.etag },
      body: note,
    });
    expectStatus(completed, 200);
    expect(completed.body.status).toBe('COMPLETED');
    // Q2 is the period right after: it still shows the plan, completed.
    const shown = await call('GET', url(silent.nip, 'Q2'), { token: await as(chiefs[1]!.nip) });
    expect(shown.body.developmentPlans[0]).toMatchObject({ status: 'COMPLETED' });
  });

  it('payroll: per employee and period, the final predikat with the allowance and angka kredit shares', async () => {
    const path = `/v1/agencies/${agencyId}/payroll?year=${year}&period=Q1&limit=100`;
    await only(
      {
        owner: 403,
        appraiser: 403,
        appraiserSup: 403,
        peer: 403,
        otherUnit: 403,
        otherAgency: 404,
        admin: 404,
        hr: 200,
      },
      (token) => call('GET', path, { token }),
    );
    const rows = await call('GET', path, { token: await hr() });
    expect(rows.body.items).toHaveLength(bkpsdm.length + 1);
    const row = (nip: string) => rows.body.items.find((r: { nip: string }) => r.nip === nip);
    // The appeal's decision is what payroll reads; decided: definitive.
    expect(row(owner.nip)).toMatchObject({
      predikat: 'BAIK',
      definitive: true,
      appealStatus: 'DECIDED',
      allowance: { sharePercent: 100, months: ['M01', 'M02', 'M03'] },
      angkaKredit: { sharePercent: 100 },
      followUp: null,
    });
    expect(row(peer.nip)).toMatchObject({
      predikat: 'SANGAT_BAIK',
      allowance: { sharePercent: 100 },
      angkaKredit: { sharePercent: 150 },
      followUp: 'RECOGNITION',
    });
    expect(row(late.nip)).toMatchObject({
      predikat: 'SANGAT_KURANG',
      allowance: { sharePercent: 60 },
      definitive: true,
      // Not a functional position: no angka kredit.
      jobType: 'PELAKSANA',
      angkaKredit: null,
    });
    expect(row(silent.nip)).toMatchObject({
      predikat: 'KURANG',
      allowance: { sharePercent: 70 },
      angkaKredit: { sharePercent: 50 },
    });
    // Someone whose window is still open is not definitive yet (none here by 26 April: all are).
    expect(rows.body.items.every((r: { definitive: boolean }) => r.definitive)).toBe(true);

    const mine = `/v1/employees/${owner.nip}/payroll?year=${year}`;
    await only(
      {
        owner: 200,
        appraiser: 200,
        appraiserSup: 200,
        hr: 200,
        peer: 403,
        otherUnit: 403,
        otherAgency: 404,
        admin: 404,
      },
      (token) => call('GET', mine, { token }),
    );
    const year1 = await call('GET', mine, { token: await as(owner.nip) });
    expect(year1.body).toMatchObject({ nip: owner.nip, year, basis: 'MONTHLY' });
    expect(year1.body.allowance).toEqual([
      expect.objectContaining({ month: 'M01', period: 'Q1', predikat: 'BAIK', sharePercent: 100 }),
      expect.objectContaining({ month: 'M02', period: 'Q1', sharePercent: 100 }),
      expect.objectContaining({ month: 'M03', period: 'Q1', sharePercent: 100 }),
    ]);
  });

  it('HR lists the agency’s appeals of the year', async () => {
    const path = `/v1/agencies/${agencyId}/appeals?year=${year}`;
    await only(
      {
        owner: 403,
        appraiser: 403,
        appraiserSup: 403,
        peer: 403,
        otherUnit: 403,
        otherAgency: 404,
        admin: 404,
        hr: 200,
      },
      (token) => call('GET', path, { token }),
    );
    const list = await call('GET', path, { token: await hr() });
    expect(list.roundTrips).toEqual(['QueryCommand']);
    expect(list.body.items.map((a: { ownerNip: string; status: string }) => [a.ownerNip, a.status])).toEqual([
      [owner.nip, 'DECIDED'],
      [head.nip, 'DECIDED'],
      [silent.nip, 'DECIDED'],
    ]);
  });

  it('the appeals phase opens what is owed and nobody holds, and counts what is undecided at its end', async () => {
    // The annual review: evaluations open, the unit results are set, the owner is rated and final.
    await at('2027-12-31T17:00:00Z');
    await runPhase('ANNUAL_REVIEW');
    const unit = (u: string) => `/v1/agencies/${agencyId}/cycles/${year}/units/${u}`;
    const bk = await call('GET', `${unit('bkpsdm')}/distribution?period=ANNUAL`, {
      token: await as(sekda.nip),
    });
    expectStatus(
      await call('PUT', `${unit('bkpsdm')}/organization-rating`, {
        token: await as(sekda.nip),
        headers: { 'if-match': bk.body.etag },
        body: { period: 'ANNUAL', rating: 'BAIK' },
      }),
      200,
    );
    await at('2028-01-20T03:00:00Z');
    await rate(owner.nip, 'ANNUAL', { hasilKerja: 'DI_BAWAH', perilakuKerja: 'DI_BAWAH' });
    const final = await finalize(owner.nip, 'ANNUAL');
    expect(final.predikat).toBe('SANGAT_KURANG');
    await at('2028-01-25T03:00:00Z');
    const filed = await call('POST', `${url(owner.nip, 'ANNUAL')}/appeal`, {
      token: await as(owner.nip),
      body: { reason: 'Capaian tahunan saya tidak dihitung dari seluruh triwulan.' },
    });
    expectStatus(filed, 201);
    // A step lost (as if an operator had removed it): the phase's opening round gives it back, once.
    const skpId = skp.get(owner.nip)!.skpId;
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf({ kind: 'APPEAL', id: { skpId, period: 'ANNUAL' } }),
        UpdateExpression:
          'REMOVE pendingKind, pendingOwner, pendingRole, pendingDueAt, nextActionAt, gsi2pk, gsi2sk, gsi3pk, gsi3sk',
      }),
    );
    await at('2028-02-01T01:00:00Z');
    const first = await runPhase('APPEALS');
    expect(first.opened).toBe(1);
    const restored = await call('GET', `${url(owner.nip, 'ANNUAL')}/appeal`, { token: await hr() });
    expect(restored.body).toMatchObject({
      status: 'FILED',
      pendingKind: 'DECIDE_APPEAL',
      pendingDueAt: filed.body.decideBy,
      deciderNip: head.nip,
    });
    // The annual Sangat Kurang has its development plan (opened when it became final).
    const followUp = await call('GET', `${url(owner.nip, 'ANNUAL')}/follow-up`, { token: await hr() });
    expect(followUp.body).toMatchObject({
      track: 'DEVELOPMENT',
      status: 'PLAN_DUE',
      predikat: 'SANGAT_KURANG',
    });
    const again = await runPhase('APPEALS');
    expect(again.opened).toBe(0);
    expect(again.undecided).toBe(1);
  });

  it('a re-import that moves the owner: the appeal and the final evaluation keep their parties; a plan still owed follows the new appraiser', async () => {
    // The owner moves from chiefs[0] to chiefs[1] while the annual appeal is undecided and its
    // development plan is owed.
    const moved = org.map((r) => (r.nip === owner.nip ? { ...r, supervisorNip: chiefs[1]!.nip } : r));
    expectStatus(
      await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
        token: await hr(),
        raw: { contentType: 'text/csv', text: toCsv(moved) },
      }),
      200,
    );
    // The appeal is heard by those of the result appealed against: the appraiser who rated, and
    // the decider named at filing (the appraiser's supervisor then).
    const appeal = await call('GET', `${url(owner.nip, 'ANNUAL')}/appeal`, { token: await hr() });
    expect(appeal.body).toMatchObject({
      status: 'FILED',
      appraiserNip: chiefs[0]!.nip,
      deciderNip: head.nip,
      pendingKind: 'DECIDE_APPEAL',
    });
    const e = await call('GET', `${url(owner.nip, 'ANNUAL')}/evaluation`, { token: await hr() });
    expect(e.body).toMatchObject({
      status: 'FINAL',
      appraiserNip: chiefs[0]!.nip,
      pendingKind: 'RESPOND_APPEAL',
    });
    const owed = async (nip: string) =>
      (await call('GET', '/v1/me/action-items?limit=100', { token: await as(nip) })).body.items
        .filter((i: { subject: { ownerNip?: string } }) => i.subject.ownerNip === owner.nip)
        .map((i: { kind: string; subject: { period?: string } }) => `${i.kind} ${i.subject.period}`)
        .sort();
    expect(await owed(chiefs[0]!.nip)).toEqual(['RESPOND_APPEAL ANNUAL']);
    expect(await owed(head.nip)).toEqual(['DECIDE_APPEAL ANNUAL']);
    // The development plan still owed is the new appraiser's to make (and to read); a finished
    // follow-up (the Q1 plan cancelled by the appeal) stays as it was.
    expect(await owed(chiefs[1]!.nip)).toEqual(['PLAN_DEVELOPMENT ANNUAL']);
    const plan = await call('GET', `${url(owner.nip, 'ANNUAL')}/follow-up`, {
      token: await as(chiefs[1]!.nip),
    });
    expectStatus(plan, 200);
    expect(plan.body).toMatchObject({ status: 'PLAN_DUE', appraiserNip: chiefs[1]!.nip });
    const q1 = await call('GET', `${url(owner.nip)}/follow-up`, { token: await hr() });
    expect(q1.body).toMatchObject({ status: 'CANCELLED', appraiserNip: chiefs[0]!.nip });
  });
});
