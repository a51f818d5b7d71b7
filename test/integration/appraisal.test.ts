/**
 * Appraisal end to end over the real handlers against DynamoDB Local: periodic targets and the
 * capaian of a quarter; the appraiser's ekspektasi and feedback per RHK and value; the review
 * phase opening evaluations and unit results once the quarter is over (the real task handler);
 * rating with the capaian suggestion, a unit head's hasil kerja from the organisation result;
 * the leader (and HR on behalf of one outside the chart) setting the result; the curve, a breach
 * confirmed with a reason; finalizing and delivery; the penetapan signed; the evaluation
 * document as a PDF read back with pdftotext; the annual evaluation from the whole year; HR
 * reassigning; who may do what on every route; round trips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseRuns } from '#core/phases.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { setClock } from '#functions/clock.ts';
import { cycleCalendar } from '#functions/use-cases/calendars.ts';
import { openPage, processPage } from '#functions/use-cases/phases.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { type CallResult, call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(707);
const year = 2027;
const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });

// The demo chart: the sekda (unit setda, nobody above) -> the head of BKPSDM -> two division
// chiefs -> their staff, all in unit bkpsdm.
const sekda = org[0]!;
const head = org[1]!;
const chiefs = org.filter((r) => r.supervisorNip === head.nip);
const staffOf = (chief: (typeof org)[number]) => org.filter((r) => r.supervisorNip === chief.nip);
const bkpsdm = [head, ...chiefs, ...chiefs.flatMap(staffOf)];
const owner = staffOf(chiefs[0]!)[0]!;
const peer = staffOf(chiefs[0]!)[1]!;
const otherUnit = org.find((r) => r.unitId === 'disdik')!;
const hrPerson = staffOf(chiefs[1]!)[0]!;

describe('Appraisal', () => {
  const agencyId = uniqueAgencyId('apr');
  const skp = new Map<string, { skpId: string; rhkId: string; indicators: string[]; etag: string }>();
  const tokens = new Map<string, string>();
  const as = async (nip: string, roles: string[] = [], agency = agencyId) => {
    const key = `${nip}|${roles.join()}|${agency}`;
    if (!tokens.has(key)) tokens.set(key, await tokenFor(nip, agency, roles));
    return tokens.get(key)!;
  };
  const hr = () => as(hrPerson.nip, ['HR']);
  async function at(iso: string) {
    clock.set(Date.parse(iso));
    tokens.clear();
  }
  const evalUrl = (nip: string, period = 'Q1') =>
    `/v1/skp/${skp.get(nip)!.skpId}/periods/${period}/evaluation`;
  const unitUrl = (unitId: string) => `/v1/agencies/${agencyId}/cycles/${year}/units/${unitId}`;
  const expectStatus = (res: CallResult, status: number) =>
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(status);

  /** Each caller gets exactly its status; refusals are problem+json. */
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

  async function runPage(phase: 'PERIOD_REVIEW' | 'ANNUAL_REVIEW', period?: string) {
    const calendar = (await cycleCalendar(liveDeps(), agencyId, year))!;
    const run = phaseRuns(agencyId, year, calendar).find(
      (r) => r.phase === phase && (period === undefined || r.period === period),
    )!;
    const deps = liveDeps();
    let cursor: string | null = null;
    if (phase === 'ANNUAL_REVIEW') {
      do cursor = (await openPage(deps, run, cursor, new Date(clock.now()))).cursor;
      while (cursor);
    }
    do
      cursor = (
        await processPage(deps, run, cursor, new Date(clock.now()).toISOString(), new Date(clock.now()))
      ).cursor;
    while (cursor);
    return run;
  }

  beforeAll(async () => {
    setClock(() => clock.now());
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    expectStatus(
      await call('POST', '/v1/agencies', {
        token: admin,
        body: { agencyId, name: 'Kota Uji Penilaian', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
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

    // Every SKP of setda and bkpsdm, cascaded down the chain, submitted and approved.
    for (const person of [sekda, ...bkpsdm]) {
      const link = person.supervisorNip ? skp.get(person.supervisorNip)!.rhkId : undefined;
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
                { text: 'Ketepatan waktu', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
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
      expectStatus(submitted, 200);
      const approver = person.supervisorNip ? await as(person.supervisorNip) : await hr();
      const approved = await call('POST', `/v1/skp/${created.body.skpId}/approve`, {
        token: approver,
        headers: { 'if-match': submitted.body.etag },
      });
      expectStatus(approved, 200);
      skp.set(person.nip, {
        skpId: created.body.skpId,
        rhkId: created.body.content.rhk[0].rhkId,
        indicators: created.body.content.rhk[0].indicators.map((i: { indicatorId: string }) => i.indicatorId),
        etag: approved.body.etag,
      });
    }
  });
  afterAll(() => setClock(undefined));

  it('ekspektasi khusus pimpinan: written by the appraiser, read-only to the owner', async () => {
    const mine = skp.get(owner.nip)!;
    const body = {
      perilaku: [
        { value: 'BERORIENTASI_PELAYANAN', ekspektasi: 'Menjawab surat masuk dalam 2 hari kerja' },
        { value: 'KOLABORATIF', ekspektasi: 'Aktif dalam tim penilaian' },
      ],
    };
    await only(
      [
        ['otherAgency', 404],
        [otherUnit.nip, 404],
        [owner.nip, 403],
        [peer.nip, 404],
        ['hr', 403],
      ],
      (token) =>
        call('PUT', `/v1/skp/${mine.skpId}/expectations`, {
          token,
          headers: { 'if-match': mine.etag },
          body,
        }),
    );
    const set = await call('PUT', `/v1/skp/${mine.skpId}/expectations`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': mine.etag },
      body,
    });
    expectStatus(set, 200);
    expect(set.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect(set.body).not.toHaveProperty('status');
    expect(set.body.perilaku.find((p: { value: string }) => p.value === 'KOLABORATIF').ekspektasi).toBe(
      'Aktif dalam tim penilaian',
    );
    mine.etag = set.body.etag;
    const read = await call('GET', `/v1/skp/${mine.skpId}`, { token: await as(owner.nip) });
    expect(read.body.content.perilaku[0]).toEqual({
      value: 'BERORIENTASI_PELAYANAN',
      ekspektasi: 'Menjawab surat masuk dalam 2 hari kerja',
    });
    expect(read.body.approvedContent.perilaku[6].ekspektasi).toBe('Aktif dalam tim penilaian');

    // The owner revises and sends the content back as read (accepted); a changed ekspektasi is not.
    const revised = await call('POST', `/v1/skp/${mine.skpId}/revise`, {
      token: await as(owner.nip),
      headers: { 'if-match': mine.etag },
      body: { reason: 'Menyesuaikan target periodik' },
    });
    expectStatus(revised, 200);
    const content = {
      rhk: read.body.content.rhk.map((r: Record<string, unknown>) => ({
        rhkId: r.rhkId,
        kind: r.kind,
        text: r.text,
        intervenesRhkId: r.intervenesRhkId,
        indicators: r.indicators,
      })),
      perilaku: read.body.content.perilaku,
    };
    const changed = await call('PUT', `/v1/skp/${mine.skpId}`, {
      token: await as(owner.nip),
      headers: { 'if-match': revised.body.etag },
      body: { ...content, perilaku: [{ value: 'KOLABORATIF', ekspektasi: 'Bekerja sendiri saja' }] },
    });
    expectStatus(changed, 422);
    expect(changed.body.errors).toEqual([
      expect.objectContaining({ path: 'perilaku[0].ekspektasi', code: 'EKSPEKTASI_APPRAISER_ONLY' }),
    ]);
    // A target periodik for Q1 (the annual 40 documents would otherwise be 10 a quarter).
    content.rhk[0].indicators[0] = {
      ...content.rhk[0].indicators[0],
      periodTargets: [{ period: 'Q1', target: { value: 8, unit: 'dokumen' } }],
    };
    const edited = await call('PUT', `/v1/skp/${mine.skpId}`, {
      token: await as(owner.nip),
      headers: { 'if-match': revised.body.etag },
      body: content,
    });
    expectStatus(edited, 200);
    const resubmitted = await call('POST', `/v1/skp/${mine.skpId}/submit`, {
      token: await as(owner.nip),
      headers: { 'if-match': edited.body.etag },
    });
    const reapproved = await call('POST', `/v1/skp/${mine.skpId}/approve`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': resubmitted.body.etag },
    });
    expectStatus(reapproved, 200);
    mine.etag = reapproved.body.etag;
  });

  it("a quarter's capaian compares with the quarter's target; feedback covers RHK and values", async () => {
    await at('2027-03-20T03:00:00Z');
    for (const person of [owner, peer]) {
      const mine = skp.get(person.nip)!;
      const url = `/v1/skp/${mine.skpId}/periods/Q1`;
      const saved = await call('PUT', `${url}/realisasi`, {
        token: await as(person.nip),
        body: {
          indicators: [
            { indicatorId: mine.indicators[0], value: person === owner ? 10 : 6 },
            { indicatorId: mine.indicators[1], value: 95 },
          ],
        },
      });
      expectStatus(saved, 201);
      // The owner's Q1 target is the 8 entered; the peer's the default 40 / 4 = 10; a percentage stays.
      expect(saved.body.targets[0].indicators[0].target).toEqual({
        value: person === owner ? 8 : 10,
        unit: 'dokumen',
      });
      expect(saved.body.targets[0].indicators[1].target).toEqual({ value: 100, unit: 'persen' });
      expect(saved.body.capaian.indicators.map((c: { capaian: number }) => c.capaian)).toEqual(
        person === owner ? [125, 95] : [60, 95],
      );
      // Against the year: 10 of 40 documents so far.
      expect(saved.body.cumulative.indicators[0].capaian).toBe(person === owner ? 25 : 15);
      const submitted = await call('POST', `${url}/submit`, {
        token: await as(person.nip),
        headers: { 'if-match': saved.body.etag },
      });
      expectStatus(submitted, 200);
      // An RHK that is not this check-in's is refused by name.
      const foreign = await call('POST', `${url}/feedback`, {
        token: await as(chiefs[0]!.nip),
        headers: { 'if-match': submitted.body.etag },
        body: { rhk: [{ rhkId: skp.get(person === owner ? peer.nip : owner.nip)!.rhkId, text: 'x' }] },
      });
      expectStatus(foreign, 422);
      expect(foreign.body.errors[0]).toMatchObject({ path: 'rhk[0].rhkId', code: 'RHK_NOT_IN_CHECKIN' });
      const feedback = await call('POST', `${url}/feedback`, {
        token: await as(chiefs[0]!.nip),
        headers: { 'if-match': submitted.body.etag },
        body: {
          general: 'Pertahankan.',
          rhk: [{ rhkId: mine.rhkId, text: 'Dokumen selesai lebih cepat dari rencana.' }],
          perilaku: [{ value: 'KOLABORATIF', text: 'Membantu rekan menyusun laporan.' }],
        },
      });
      expectStatus(feedback, 200);
      expect(feedback.body.feedback.rhk).toEqual([
        { rhkId: mine.rhkId, text: 'Dokumen selesai lebih cepat dari rencana.' },
      ]);
    }
  });

  it('the evaluation does not exist before the quarter ends; the phase opens it with the unit results', async () => {
    expectStatus(await call('GET', evalUrl(owner.nip), { token: await as(owner.nip) }), 404);
    await at('2027-03-31T16:59:00Z');
    const calendar = (await cycleCalendar(liveDeps(), agencyId, year))!;
    const q1 = phaseRuns(agencyId, year, calendar).find((r) => r.period === 'Q1')!;
    // The first local instant after the quarter: midnight WIB on 1 April.
    expect(q1.evaluationsAt).toBe('2027-04-01T00:00:00+07:00');
    await at('2027-03-31T17:00:00Z');
    await runPage('PERIOD_REVIEW', 'Q1');
    const read = await call('GET', evalUrl(owner.nip), { token: await as(owner.nip) });
    expectStatus(read, 200);
    // One round: the evaluation's Query, and beside it the owner's service-feedback aggregate.
    expect([...read.roundTrips].sort()).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(read.body.serviceFeedback).toMatchObject({ period: 'Q1', nip: owner.nip, shown: false });
    expect(read.body).toMatchObject({
      status: 'PENDING',
      period: 'Q1',
      appraiserNip: chiefs[0]!.nip,
      pendingKind: 'RATE_EVALUATION',
      dueAt: calendar.periods[0]!.reviewDeadline,
      suggestedHasilKerja: 'DI_ATAS',
    });
    expect(read.body.capaian.rhk[0].capaian).toBe(110);
    // A second wake-up opens nothing twice.
    await runPage('PERIOD_REVIEW', 'Q1');
    const unit = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, { token: await hr() });
    expectStatus(unit, 200);
    expect(unit.body).toMatchObject({
      status: 'OPEN',
      headNip: head.nip,
      leaderNip: sekda.nip,
      evaluations: bkpsdm.length,
      rated: 0,
      pendingKind: 'SET_UNIT_RESULT',
    });
    const setda = await call('GET', `${unitUrl('setda')}/distribution?period=Q1`, { token: await hr() });
    expect(setda.body).toMatchObject({ headNip: sekda.nip, leaderNip: null, evaluations: 1 });
    // The leader and the appraiser see what they owe.
    const items = await call('GET', '/v1/me/action-items', { token: await as(sekda.nip) });
    expect(items.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'SET_UNIT_RESULT',
        subject: expect.objectContaining({ unitId: 'bkpsdm' }),
      }),
    );
    const rate = await call('GET', '/v1/me/action-items', { token: await as(chiefs[0]!.nip) });
    expect(rate.body.items.filter((i: { kind: string }) => i.kind === 'RATE_EVALUATION')).toHaveLength(
      staffOf(chiefs[0]!).length,
    );
  });

  it('who may read an evaluation and a distribution', async () => {
    await only(
      [
        [owner.nip, 200],
        [chiefs[0]!.nip, 200],
        [head.nip, 200],
        ['hr', 200],
        [peer.nip, 404],
        [chiefs[1]!.nip, 404],
        [otherUnit.nip, 404],
        ['otherAgency', 404],
      ],
      (token) => call('GET', evalUrl(owner.nip), { token }),
    );
    await only(
      [
        [head.nip, 200],
        [sekda.nip, 200],
        ['hr', 200],
        [owner.nip, 404],
        [chiefs[0]!.nip, 404],
        [otherUnit.nip, 404],
        ['otherAgency', 404],
      ],
      (token) => call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, { token }),
    );
  });

  it('rating: only the appraiser; the predikat follows the table; a head follows the unit result', async () => {
    const read = await call('GET', evalUrl(owner.nip), { token: await as(chiefs[0]!.nip) });
    const body = { hasilKerja: 'DI_ATAS', perilakuKerja: 'SESUAI', notes: 'Kinerja baik di triwulan I.' };
    await only(
      [
        [owner.nip, 403],
        [head.nip, 403],
        ['hr', 403],
        [peer.nip, 404],
        ['otherAgency', 404],
      ],
      (token) => call('PUT', evalUrl(owner.nip), { token, headers: { 'if-match': read.body.etag }, body }),
    );
    expectStatus(await call('PUT', evalUrl(owner.nip), { token: await as(chiefs[0]!.nip), body }), 428);
    const rated = await call('PUT', evalUrl(owner.nip), {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': read.body.etag },
      body,
    });
    expectStatus(rated, 200);
    // Side by side: the SKP's check-ins (Query), the unit result and the SKP's ekspektasi (one
    // BatchGetItem); then the one transaction.
    expect([...rated.roundTrips].sort()).toEqual([
      'BatchGetItemCommand',
      'QueryCommand',
      'TransactWriteItemsCommand',
    ]);
    expect(rated.body).toMatchObject({
      status: 'RATED',
      hasilKerja: 'DI_ATAS',
      perilakuKerja: 'SESUAI',
      predikat: 'BAIK',
      suggestedHasilKerja: 'DI_ATAS',
    });
    // A stale ETag changes nothing.
    expectStatus(
      await call('PUT', evalUrl(owner.nip), {
        token: await as(chiefs[0]!.nip),
        headers: { 'if-match': read.body.etag },
        body: { ...body, perilakuKerja: 'DI_ATAS' },
      }),
      412,
    );
    // Re-rating until final moves the unit's count, once.
    const again = await call('PUT', evalUrl(owner.nip), {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': rated.body.etag },
      body: { ...body, perilakuKerja: 'DI_ATAS' },
    });
    expect(again.body.predikat).toBe('SANGAT_BAIK');
    const dist = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, { token: await hr() });
    expect(dist.body.distribution.counts).toEqual({
      SANGAT_BAIK: 1,
      BAIK: 0,
      BUTUH_PERBAIKAN: 0,
      KURANG: 0,
      SANGAT_KURANG: 0,
    });
    expect(dist.body.rated).toBe(1);
    // Missing hasil kerja for someone who does not head a unit: 422 naming the field.
    const peerEval = await call('GET', evalUrl(peer.nip), { token: await as(chiefs[0]!.nip) });
    const missing = await call('PUT', evalUrl(peer.nip), {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': peerEval.body.etag },
      body: { perilakuKerja: 'SESUAI' },
    });
    expectStatus(missing, 422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'hasilKerja', code: 'REQUIRED' })]);
    // The head's hasil kerja needs the unit's result first.
    const headEval = await call('GET', evalUrl(head.nip), { token: await as(sekda.nip) });
    const early = await call('PUT', evalUrl(head.nip), {
      token: await as(sekda.nip),
      headers: { 'if-match': headEval.body.etag },
      body: { perilakuKerja: 'SESUAI' },
    });
    expectStatus(early, 409);
    expect(early.body.code).toBe('UNIT_RESULT_NOT_SET');
  });

  it('the organisation result: the leader above sets it; HR only for a leader outside the chart, with a decision', async () => {
    const dist = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, {
      token: await as(sekda.nip),
    });
    const body = { period: 'Q1', rating: 'BAIK' };
    await only(
      [
        [head.nip, 403],
        ['hr', 403],
        [owner.nip, 404],
        ['otherAgency', 404],
      ],
      (token) =>
        call('PUT', `${unitUrl('bkpsdm')}/organization-rating`, {
          token,
          headers: { 'if-match': dist.body.etag },
          body,
        }),
    );
    const set = await call('PUT', `${unitUrl('bkpsdm')}/organization-rating`, {
      token: await as(sekda.nip),
      headers: { 'if-match': dist.body.etag },
      body,
    });
    expectStatus(set, 200);
    expect(set.body).toMatchObject({ status: 'SET', result: 'BAIK' });
    const after = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, {
      token: await as(sekda.nip),
    });
    expect(after.body).toMatchObject({ result: 'BAIK', setBy: sekda.nip, pendingKind: 'SIGN_PENETAPAN' });
    expect(after.body.distribution.pattern).toMatchObject({ largest: 'BAIK' });

    const setda = await call('GET', `${unitUrl('setda')}/distribution?period=Q1`, { token: await hr() });
    const noRef = await call('PUT', `${unitUrl('setda')}/organization-rating`, {
      token: await hr(),
      headers: { 'if-match': setda.body.etag },
      body,
    });
    expectStatus(noRef, 422);
    expect(noRef.body.errors[0]).toMatchObject({ path: 'decisionRef', code: 'DECISION_REF_REQUIRED' });
    // The agency head is not the one to record their own unit's result, HR role or not.
    expectStatus(
      await call('PUT', `${unitUrl('setda')}/organization-rating`, {
        token: await as(sekda.nip, ['HR']),
        headers: { 'if-match': setda.body.etag },
        body: { ...body, decisionRef: 'KEP-WALIKOTA/12/2027' },
      }),
      403,
    );
    const onBehalf = await call('PUT', `${unitUrl('setda')}/organization-rating`, {
      token: await hr(),
      headers: { 'if-match': setda.body.etag },
      body: { ...body, rating: 'ISTIMEWA', decisionRef: 'KEP-WALIKOTA/12/2027' },
    });
    expectStatus(onBehalf, 200);
  });

  it('the curve: a breach is named and needs confirmation with a reason; finalizing delivers', async () => {
    // The head: hasil kerja from BAIK (SESUAI); a different one is refused by name.
    const headEval = await call('GET', evalUrl(head.nip), { token: await as(sekda.nip) });
    const wrong = await call('PUT', evalUrl(head.nip), {
      token: await as(sekda.nip),
      headers: { 'if-match': headEval.body.etag },
      body: { hasilKerja: 'DI_ATAS', perilakuKerja: 'SESUAI' },
    });
    expectStatus(wrong, 422);
    expect(wrong.body.errors[0]).toMatchObject({ path: 'hasilKerja', code: 'HASIL_KERJA_FROM_UNIT_RESULT' });
    const headRated = await call('PUT', evalUrl(head.nip), {
      token: await as(sekda.nip),
      headers: { 'if-match': headEval.body.etag },
      body: { perilakuKerja: 'SESUAI' },
    });
    expectStatus(headRated, 200);
    expect(headRated.body.rating).toMatchObject({
      hasilKerja: 'SESUAI',
      hasilKerjaFrom: 'UNIT_RESULT',
      unitResult: 'BAIK',
    });
    // The leader changes the result after the head was rated: that rating is stale, not final.
    const setResult = async (rating: string) => {
      const d = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, {
        token: await as(sekda.nip),
      });
      expectStatus(
        await call('PUT', `${unitUrl('bkpsdm')}/organization-rating`, {
          token: await as(sekda.nip),
          headers: { 'if-match': d.body.etag },
          body: { period: 'Q1', rating },
        }),
        200,
      );
    };
    await setResult('ISTIMEWA');
    const stale = await call('POST', `${evalUrl(head.nip)}/finalize`, {
      token: await as(sekda.nip),
      headers: { 'if-match': headRated.body.etag },
      body: { confirmBreach: true, reason: 'Unit kecil, sesuai kinerja nyata.' },
    });
    expectStatus(stale, 409);
    expect(stale.body.code).toBe('HEAD_RATING_STALE');
    await setResult('BAIK');

    // Everyone else of the unit rated BAIK: all Baik breaks "at most 70%" and "some BP/K".
    for (const person of bkpsdm.filter((p) => p !== head && p !== owner)) {
      const appraiser = await as(person.supervisorNip);
      const e = await call('GET', evalUrl(person.nip), { token: appraiser });
      expectStatus(
        await call('PUT', evalUrl(person.nip), {
          token: appraiser,
          headers: { 'if-match': e.body.etag },
          body: { hasilKerja: 'SESUAI', perilakuKerja: 'SESUAI' },
        }),
        200,
      );
    }
    const dist = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, { token: await hr() });
    expect(dist.body.distribution.counts.BAIK).toBe(bkpsdm.length - 1);
    expect(dist.body.distribution.breaches.map((b: { code: string }) => b.code).sort()).toEqual([
      'ABOVE_MAXIMUM',
      'NONE_OF',
    ]);

    const mine = await call('GET', evalUrl(owner.nip), { token: await as(chiefs[0]!.nip) });
    const refused = await call('POST', `${evalUrl(owner.nip)}/finalize`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': mine.body.etag },
      body: {},
    });
    expectStatus(refused, 422);
    expect(refused.body.code).toBe('CURVE_BREACH_UNCONFIRMED');
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['confirmBreach', 'reason']);
    // Only HR on behalf names a decision: an appraiser's forged one is refused.
    const forged = await call('POST', `${evalUrl(owner.nip)}/finalize`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': mine.body.etag },
      body: { confirmBreach: true, reason: 'Capaian jauh di atas target.', decisionRef: 'KEP-PALSU/9/2027' },
    });
    expectStatus(forged, 422);
    expect(forged.body.errors[0]).toMatchObject({ path: 'decisionRef', code: 'DECISION_REF_ON_BEHALF_ONLY' });
    const english = await call('POST', `${evalUrl(owner.nip)}/finalize`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': mine.body.etag, 'accept-language': 'en' },
      body: { confirmBreach: true },
    });
    expect(english.body.detail).toContain('breaks the pattern');
    expect(english.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    await only(
      [
        [owner.nip, 403],
        ['hr', 403],
        [head.nip, 403],
      ],
      (token) =>
        call('POST', `${evalUrl(owner.nip)}/finalize`, {
          token,
          headers: { 'if-match': mine.body.etag },
          body: { confirmBreach: true, reason: 'Capaian jauh di atas target periodik.' },
        }),
    );
    await at('2027-04-05T03:00:00Z');
    const final = await call('POST', `${evalUrl(owner.nip)}/finalize`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': mine.body.etag, 'idempotency-key': 'final-owner-q1' },
      body: { confirmBreach: true, reason: 'Capaian jauh di atas target periodik.' },
    });
    expectStatus(final, 200);
    expect(final.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(final.body).toMatchObject({ status: 'FINAL', predikat: 'SANGAT_BAIK' });
    // The clock runs on from where it was set (as locally): delivered at that moment.
    expect(final.body.deliveredAt).toMatch(/^2027-04-05T03:00:0\d/);
    expect(final.body.curve).toMatchObject({
      result: 'BAIK',
      confirmed: true,
      reason: 'Capaian jauh di atas target periodik.',
    });
    // The same request again answers the same, and changes nothing.
    const replay = await call('POST', `${evalUrl(owner.nip)}/finalize`, {
      token: await as(chiefs[0]!.nip),
      headers: { 'if-match': mine.body.etag, 'idempotency-key': 'final-owner-q1' },
      body: { confirmBreach: true, reason: 'Capaian jauh di atas target periodik.' },
    });
    expect(replay.body).toEqual(final.body);
    // Final: no more rating; the step is gone; the employee was told.
    const after = await call('GET', evalUrl(owner.nip), { token: await as(owner.nip) });
    expect(after.body.status).toBe('FINAL');
    expect(after.body).not.toHaveProperty('pendingKind');
    expectStatus(
      await call('PUT', evalUrl(owner.nip), {
        token: await as(chiefs[0]!.nip),
        headers: { 'if-match': after.body.etag },
        body: { hasilKerja: 'SESUAI', perilakuKerja: 'SESUAI' },
      }),
      409,
    );
    const inbox = await call('GET', '/v1/me/notifications', { token: await as(owner.nip) });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'EVENT',
        event: 'RESULT_DELIVERED',
        link: expect.stringMatching(/\/periods\/Q1\/evaluation$/),
        subject: expect.objectContaining({ predikat: 'SANGAT_BAIK' }),
      }),
    );
    // The result fixed the pattern it was finalized in: the leader can no longer change it.
    const dist2 = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, {
      token: await as(sekda.nip),
    });
    const locked = await call('PUT', `${unitUrl('bkpsdm')}/organization-rating`, {
      token: await as(sekda.nip),
      headers: { 'if-match': dist2.body.etag },
      body: { period: 'Q1', rating: 'ISTIMEWA' },
    });
    expectStatus(locked, 409);
    expect(locked.body.code).toBe('UNIT_RESULT_LOCKED');
    // The audit chain of the evaluation holds the confirmation and its reason.
  });

  it('the evaluation document: a PDF in Bahasa Indonesia, for the owner, supervisors above and HR', async () => {
    await only(
      [
        [owner.nip, 200],
        [head.nip, 200],
        ['hr', 200],
        [peer.nip, 404],
        ['otherAgency', 404],
      ],
      (token) => call('GET', `${evalUrl(owner.nip)}/document`, { token }),
    );
    const res = await call('GET', `${evalUrl(owner.nip)}/document`, { token: await as(owner.nip) });
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'siklus-pdf-'));
    writeFileSync(join(dir, 'eval.pdf'), bytes);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'eval.pdf'), '-'], { encoding: 'utf8' });
    if (process.env.SIKLUS_KEEP_PDF) writeFileSync(process.env.SIKLUS_KEEP_PDF, bytes);
    for (const expected of [
      'DOKUMEN EVALUASI KINERJA PEGAWAI',
      'Periode: Triwulan I 2027',
      '1 Januari 2027 s.d. 31 Maret 2027',
      owner.name,
      owner.nip,
      chiefs[0]!.nip,
      head.nip,
      'Capaian kinerja organisasi: Baik',
      'Dokumen diselesaikan',
      '125%',
      'Dokumen selesai lebih',
      'Menjawab surat masuk dalam 2 hari kerja',
      'Di Atas Ekspektasi',
      'Sangat Baik',
      'Alasan: Capaian jauh di atas target periodik.',
      '5 April 2027',
    ])
      expect(text).toContain(expected);
  });

  it('the penetapan: signed by the leader once every evaluation of the unit is final', async () => {
    const dist = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, {
      token: await as(sekda.nip),
    });
    const early = await call('POST', `${unitUrl('bkpsdm')}/penetapan?period=Q1`, {
      token: await as(sekda.nip),
      headers: { 'if-match': dist.body.etag },
      body: {},
    });
    expectStatus(early, 409);
    expect(early.body.code).toBe('PENETAPAN_NOT_READY');
    for (const person of bkpsdm.filter((p) => p !== owner)) {
      const appraiser = await as(person.supervisorNip);
      const e = await call('GET', evalUrl(person.nip), { token: appraiser });
      expectStatus(
        await call('POST', `${evalUrl(person.nip)}/finalize`, {
          token: appraiser,
          headers: { 'if-match': e.body.etag },
          body: { confirmBreach: true, reason: 'Distribusi unit kecil; sesuai kinerja nyata.' },
        }),
        200,
      );
    }
    const ready = await call('GET', `${unitUrl('bkpsdm')}/distribution?period=Q1`, {
      token: await as(sekda.nip),
    });
    expect(ready.body.final).toBe(bkpsdm.length);
    expectStatus(
      await call('POST', `${unitUrl('bkpsdm')}/penetapan?period=Q1`, {
        token: await as(head.nip),
        headers: { 'if-match': ready.body.etag },
        body: {},
      }),
      403,
    );
    const signed = await call('POST', `${unitUrl('bkpsdm')}/penetapan?period=Q1`, {
      token: await as(sekda.nip),
      headers: { 'if-match': ready.body.etag },
      body: {},
    });
    expectStatus(signed, 200);
    expect(signed.body.status).toBe('SIGNED');
    const pdf = await call('GET', `${unitUrl('bkpsdm')}/penetapan/document?period=Q1`, { token: await hr() });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'siklus-pdf-'));
    writeFileSync(join(dir, 'p.pdf'), pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('PENETAPAN PREDIKAT KINERJA PEGAWAI');
    expect(text).toContain(owner.nip);
    expect(text).toContain('Ditandatangani 5 April 2027');
  });

  it('the agency head: HR records the outside appraiser’s rating with the decision; HR may reassign', async () => {
    const e = await call('GET', evalUrl(sekda.nip), { token: await hr() });
    expect(e.body.appraiserNip).toBeNull();
    const noRef = await call('PUT', evalUrl(sekda.nip), {
      token: await hr(),
      headers: { 'if-match': e.body.etag },
      body: { perilakuKerja: 'DI_ATAS' },
    });
    expectStatus(noRef, 422);
    expect(noRef.body.errors.map((x: { code: string }) => x.code)).toEqual(['DECISION_REF_REQUIRED']);
    // sekda heads setda (ISTIMEWA): hasil kerja DI_ATAS.
    const rated = await call('PUT', evalUrl(sekda.nip), {
      token: await hr(),
      headers: { 'if-match': e.body.etag },
      body: { perilakuKerja: 'DI_ATAS', decisionRef: 'KEP-WALIKOTA/13/2027' },
    });
    expectStatus(rated, 200);
    expect(rated.body.rating).toMatchObject({
      hasilKerja: 'DI_ATAS',
      predikat: 'SANGAT_BAIK',
      decisionRef: 'KEP-WALIKOTA/13/2027',
    });

    // Reassign (Q2 is not open yet: the peer's annual later; here another Q1 cannot, all final).
    const peerEval = await call('GET', evalUrl(peer.nip), { token: await hr() });
    const reassign = await call('POST', `${evalUrl(peer.nip)}/reassign`, {
      token: await hr(),
      headers: { 'if-match': peerEval.body.etag },
      body: { appraiserNip: chiefs[1]!.nip, reason: 'Pejabat penilai cuti panjang.' },
    });
    expectStatus(reassign, 409);
  });

  it('the annual evaluation: opened by the annual review, suggested from the whole year', async () => {
    await at('2027-12-31T17:00:00Z');
    await runPage('ANNUAL_REVIEW');
    const annual = await call('GET', evalUrl(owner.nip, 'ANNUAL'), { token: await as(chiefs[0]!.nip) });
    expectStatus(annual, 200);
    // 10 of 40 documents in the year (only Q1 recorded): 25%; 95% on time: the RHK's mean is 60.
    expect(annual.body.capaian.indicators.map((c: { capaian: number }) => c.capaian)).toEqual([25, 95]);
    expect(annual.body.suggestedHasilKerja).toBe('DI_BAWAH');
    expect(annual.body.targets[0].indicators[0].target).toEqual({ value: 40, unit: 'dokumen' });
    // HR never names itself (it would rate as itself).
    const self = await call('POST', `${evalUrl(owner.nip, 'ANNUAL')}/reassign`, {
      token: await hr(),
      headers: { 'if-match': annual.body.etag },
      body: { appraiserNip: hrPerson.nip, reason: 'Saya nilai sendiri saja.' },
    });
    expectStatus(self, 422);
    expect(self.body.errors[0]).toMatchObject({ path: 'appraiserNip', code: 'APPRAISER_IS_SELF' });
    // HR reassigns the annual evaluation; the new appraiser rates, the old one no longer can.
    const hr_ = await hr();
    const reassign = await call('POST', `${evalUrl(owner.nip, 'ANNUAL')}/reassign`, {
      token: hr_,
      headers: { 'if-match': annual.body.etag, 'idempotency-key': 'reassign-annual' },
      body: { appraiserNip: chiefs[1]!.nip, reason: 'Pejabat penilai cuti panjang.' },
    });
    expectStatus(reassign, 200);
    // A retry answers the first response; the evaluation still reads (who it was, who it is).
    const again = await call('POST', `${evalUrl(owner.nip, 'ANNUAL')}/reassign`, {
      token: hr_,
      headers: { 'if-match': annual.body.etag, 'idempotency-key': 'reassign-annual' },
      body: { appraiserNip: chiefs[1]!.nip, reason: 'Pejabat penilai cuti panjang.' },
    });
    expect(again.body).toEqual(reassign.body);
    const reread = await call('GET', evalUrl(owner.nip, 'ANNUAL'), { token: hr_ });
    expectStatus(reread, 200);
    expect(reread.body.reassignments).toEqual([
      expect.objectContaining({ from: chiefs[0]!.nip, to: chiefs[1]!.nip }),
    ]);
    expectStatus(
      await call('PUT', evalUrl(owner.nip, 'ANNUAL'), {
        token: await as(chiefs[0]!.nip),
        headers: { 'if-match': reassign.body.etag },
        body: { hasilKerja: 'SESUAI', perilakuKerja: 'SESUAI' },
      }),
      403,
    );
    const items = await call('GET', '/v1/me/action-items', { token: await as(chiefs[1]!.nip) });
    expect(items.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'RATE_EVALUATION',
        subject: expect.objectContaining({ ownerNip: owner.nip, period: 'ANNUAL' }),
      }),
    );
    const rated = await call('PUT', evalUrl(owner.nip, 'ANNUAL'), {
      token: await as(chiefs[1]!.nip),
      headers: { 'if-match': reassign.body.etag },
      body: { hasilKerja: 'SESUAI', perilakuKerja: 'SESUAI' },
    });
    expectStatus(rated, 200);
    expect(rated.body.suggestedHasilKerja).toBe('DI_BAWAH');
    expect(rated.body.predikat).toBe('BAIK');
  });
});
