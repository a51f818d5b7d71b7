/**
 * Issue 13 after review: what a second engineer found with forged or stale input, as regressions.
 * A cursor of another unit's list, an inbox holding a notice of the older kind, a move in
 * February beside last year's open evaluation, a check-in after an SKP's last month, a team index
 * holding other years, a TMT out of range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDeps } from '#functions/adapters/deps.ts';
import { setClock } from '#functions/clock.ts';
import { openEvaluationsPage } from '#functions/use-cases/evaluations.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, type OrgRow } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(9137);
const p = (i: number) => org[i]!;
const [top, head, chief] = [p(0), p(1), p(2)];
const [lateMover, prevYearMover] = [p(4), p(5)];
const otherChief = p(7);
const hrPerson = p(8);
const disdikHead = p(11);
const clock = new LocalClock({ startAt: Date.parse('2026-01-05T02:00:00Z') });
const cols = [
  'nip',
  'name',
  'email',
  'position',
  'unitId',
  'unitName',
  'supervisorNip',
  'effectiveMonth',
] as const;
const state = new Map<string, Record<string, string>>(
  org.map((r) => [r.nip, { ...(r as unknown as Record<string, string>) }]),
);
const csv = () =>
  `${cols.join(';')}\r\n${[...state.values()].map((r) => cols.map((c) => r[c] ?? '').join(';')).join('\r\n')}\r\n`;
const toDisdik = (r: OrgRow, month?: string) => {
  state.set(r.nip, {
    ...(r as unknown as Record<string, string>),
    unitId: 'disdik',
    unitName: 'Dinas Pendidikan',
    position: 'Analis',
    supervisorNip: disdikHead.nip,
    ...(month ? { effectiveMonth: month } : {}),
  });
};
const rhk = (text: string, link?: string) => ({
  kind: 'UTAMA',
  text,
  ...(link ? { intervenesRhkId: link } : {}),
  indicators: [{ text, aspect: 'KUANTITAS', target: { value: 12, unit: 'dokumen' } }],
});

describe('lists, notices and moves, after review', () => {
  const agencyId = uniqueAgencyId('rev13');
  const tok = async (nip: string, roles: string[] = []) => tokenFor(nip, agencyId, roles);
  const hr = () => tok(hrPerson.nip, ['HR']);
  const importCsv = async () =>
    call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: await hr(),
      raw: { contentType: 'text/csv', text: csv() },
    });
  const draft = async (who: OrgRow, year: number, text: string, link?: string) => {
    const r = await call('POST', '/v1/skp', {
      token: await tok(who.nip),
      body: { year, rhk: [rhk(text, link)] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const submit = async (who: OrgRow, s: { skpId: string; etag: string }) => {
    const r = await call('POST', `/v1/skp/${s.skpId}/submit`, {
      token: await tok(who.nip),
      headers: { 'if-match': s.etag },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const approve = async (token: string, s: { skpId: string; etag: string }) =>
    call('POST', `/v1/skp/${s.skpId}/approve`, { token, headers: { 'if-match': s.etag } });
  const chain = async (year: number, who: OrgRow, approver: OrgRow | 'hr', link?: string) => {
    const d = await draft(who, year, `RHK ${who.nip} ${year}`, link);
    const s = await submit(who, d);
    const a = await approve(approver === 'hr' ? await hr() : await tok(approver.nip), s);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    return { ...a.body, rhkId: d.content.rhk[0].rhkId as string };
  };
  const ids = {} as Record<'h27' | 'c27' | 'prev26' | 'late', { skpId: string; etag: string; rhkId: string }>;

  beforeAll(async () => {
    setClock(() => clock.now());
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    await call('POST', '/v1/agencies', {
      token: admin,
      body: { agencyId, name: 'Kota Tinjau', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
    });
    expect((await importCsv()).status).toBe(200);
    for (const year of [2026, 2027])
      expect(
        (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: await hr(), body: { year } })).status,
      ).toBe(201);
    // 2026: an approved chain down to prevYearMover.
    const t26 = await chain(2026, top, 'hr');
    const h26 = await chain(2026, head, top, t26.rhkId);
    const c26 = await chain(2026, chief, head, h26.rhkId);
    ids.prev26 = await chain(2026, prevYearMover, chief, c26.rhkId);
    // 2027.
    clock.set(Date.parse('2027-01-04T02:00:00Z'));
    const t27 = await chain(2027, top, 'hr');
    const h27 = await chain(2027, head, top, t27.rhkId);
    ids.h27 = h27;
    ids.c27 = await chain(2027, chief, head, h27.rhkId);
    ids.late = await chain(2027, lateMover, chief, ids.c27.rhkId);
  });
  afterAll(() => setClock(undefined));

  it('a cursor of one unit used on another is refused (422 BAD_CURSOR), never a 500', async () => {
    const a = await call('GET', `/v1/agencies/${agencyId}/units/bkpsdm/employees?limit=1`, {
      token: await hr(),
    });
    expect(a.status).toBe(200);
    expect(a.body.nextCursor).toBeTruthy();
    const b = await call(
      'GET',
      `/v1/agencies/${agencyId}/units/disdik/employees?limit=1&cursor=${a.body.nextCursor}`,
      {
        token: await hr(),
      },
    );
    expect(b.status).toBe(422);
    expect(b.body.errors).toEqual([expect.objectContaining({ path: 'cursor', code: 'BAD_CURSOR' })]);
  });

  it('a delivery notice stored before event notices (kind RESULT_DELIVERED) reads as an EVENT', async () => {
    const who = p(9);
    await liveDeps().store.commit(
      [
        {
          type: 'put',
          ref: {
            kind: 'NOTIFICATION',
            id: { recipient: who.nip, createdAt: '2027-01-04T02:00:00.000Z', noticeId: 'abcdef0123456789' },
          },
          doc: {
            noticeId: 'abcdef0123456789',
            recipient: who.nip,
            agencyId,
            kind: 'RESULT_DELIVERED',
            subject: {
              type: 'EVALUATION',
              skpId: `2026.bkpsdm.${who.nip}.1`,
              period: 'Q4',
              year: 2026,
              ownerNip: who.nip,
              predikat: 'BAIK',
            },
            title: 'Hasil evaluasi kinerja periode Q4 2026',
            body: 'Predikat kinerja Anda ...',
            bodyEn: 'Your performance rating ...',
            createdAt: '2027-01-04T02:00:00.000Z',
          },
        },
      ],
      { result: undefined },
    );
    const r = await call('GET', '/v1/me/notifications', { token: await tok(who.nip) });
    expect(r.status).toBe(200);
    expect(r.body.items).toContainEqual(
      expect.objectContaining({ kind: 'EVENT', event: 'RESULT_DELIVERED', noticeId: 'abcdef0123456789' }),
    );
  });

  it("a move in February leaves last year's open annual evaluation with who supervised that year", async () => {
    const profile = (await call('GET', `/v1/employees/${prevYearMover.nip}`, { token: await hr() })).body;
    const run = {
      agencyId,
      year: 2026,
      period: 'ANNUAL',
      opensAt: '2027-01-04T00:00:00+07:00',
      dueAt: '2027-01-29T23:59:59+07:00',
      timeZone: 'Asia/Jakarta',
    };
    await openEvaluationsPage(liveDeps(), run, [profile], 4, new Date(clock.now()));
    const url = `/v1/skp/${ids.prev26.skpId}/periods/ANNUAL/evaluation`;
    const before = await call('GET', url, { token: await tok(chief.nip) });
    expect(before.body).toMatchObject({ status: 'PENDING', appraiserNip: chief.nip });
    // Mutasi effective February 2027.
    toDisdik(prevYearMover, '2027-02');
    const r = await importCsv();
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await call('GET', url, { token: await tok(chief.nip) });
    const skp26 = await call('GET', `/v1/skp/${ids.prev26.skpId}`, { token: await hr() });
    expect(after.status).toBe(200);
    expect(after.body.appraiserNip).toBe(chief.nip);
    expect(skp26.body.appraiserNip).toBe(chief.nip);
  });

  it("no check-in for a period after the SKP's last month (409 PERIOD_OUTSIDE_SKP)", async () => {
    clock.set(Date.parse('2027-04-05T02:00:00Z'));
    toDisdik(lateMover, '2027-04');
    const r = await importCsv();
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.skpsEnded).toBe(1);
    clock.set(Date.parse('2027-08-10T02:00:00Z'));
    const skp = (await call('GET', `/v1/skp/${ids.late.skpId}`, { token: await hr() })).body;
    expect(skp).toMatchObject({ status: 'ENDED', endMonth: 3 });
    const indicatorId =
      skp.approvedContent?.rhk?.[0]?.indicators?.[0]?.indicatorId ??
      skp.content.rhk[0].indicators[0].indicatorId;
    const put = await call('PUT', `/v1/skp/${ids.late.skpId}/periods/Q3/realisasi`, {
      token: await tok(lateMover.nip),
      body: { indicators: [{ indicatorId, value: 3 }] },
    });
    expect(put.status).toBe(409);
  });

  it('the team list goes on (a cursor) when a page read holds only other years', async () => {
    // Former reports' SKPs of 2026 still on otherChief's team index (their appraiser then).
    const docs = Array.from({ length: 45 }, (_, i) => {
      const nip = `1000000000000000${String(i).padStart(2, '0')}`;
      return {
        ref: { kind: 'SKP' as const, id: { skpId: `2026.bkpsdm.${nip}.1` } },
        doc: {
          skpId: `2026.bkpsdm.${nip}.1`,
          year: 2026,
          seq: 1,
          startMonth: 1,
          endMonth: 12,
          status: 'APPROVED',
          ownerNip: nip,
          ownerName: `Mantan ${i}`,
          agencyId,
          unitId: 'bkpsdm',
          unitName: 'BKPSDM',
          appraiserNip: otherChief.nip,
          managerChain: [otherChief.nip],
          version: 1,
        },
      };
    });
    await liveDeps().store.putMany(
      docs as unknown as Parameters<ReturnType<typeof liveDeps>['store']['putMany']>[0],
    );
    const token = await tok(otherChief.nip);
    const all = await call('GET', '/v1/me/team?year=2027', { token });
    const one = await call('GET', '/v1/me/team?year=2027&limit=1', { token });
    expect(all.status).toBe(200);
    const reports = all.body.items.length;
    expect(reports).toBeGreaterThan(0);
    // Following the cursor from limit=1 pages reaches every report of 2027, none of 2026.
    const seen: string[] = [];
    let page = await call('GET', '/v1/me/team?year=2027&limit=1', { token });
    for (let i = 0; i < 60; i++) {
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.items.map((m: { nip: string }) => m.nip));
      if (!page.body.nextCursor) break;
      page = await call('GET', `/v1/me/team?year=2027&limit=1&cursor=${page.body.nextCursor}`, { token });
    }
    expect(new Set(seen).size).toBe(reports);
    expect(one.body.items.length + (one.body.nextCursor ? 1 : 0)).toBeGreaterThan(0);
  });

  it('a TMT (effectiveMonth) out of range is refused with the range, and nothing changes', async () => {
    const before = await call('GET', `/v1/employees/${otherChief.nip}`, { token: await hr() });
    state.set(otherChief.nip, {
      ...state.get(otherChief.nip)!,
      position: 'Kepala Bidang Baru',
      effectiveMonth: '2029-01',
    });
    const r = await importCsv();
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ path: 'effectiveMonth', code: 'EFFECTIVE_MONTH_RANGE' }),
    );
    const after = await call('GET', `/v1/employees/${otherChief.nip}`, { token: await hr() });
    expect(after.body.position).toBe(before.body.position);
    state.set(otherChief.nip, {
      ...state.get(otherChief.nip)!,
      position: before.body.position,
      effectiveMonth: '',
    });
  });
});
