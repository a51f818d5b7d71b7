/**
 * The lists portals build screens from, over the real handlers and DynamoDB Local: a
 * supervisor's team, a unit's employees (search by name or NIP) and SKPs, the agency's cycles,
 * and cascading (the appraiser's RHK one may intervene in; approval needs the source approved).
 * Every list is one Query; every role is tried on every list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(11);
const p = (i: number) => org[i]!;
// setda head (0) > bkpsdm head (1) > kabid penilaian (2) > staff 3..6; kabid mutasi (7) > 8..10
const [top, head, chief, staff, peer] = [p(0), p(1), p(2), p(3), p(4)];
const otherChief = p(7);
const hrPerson = p(8);
const otherUnitHead = p(11);
const year = 2027;

const rhk = (text: string, intervenesRhkId?: string) => ({
  kind: 'UTAMA',
  text,
  ...(intervenesRhkId ? { intervenesRhkId } : {}),
  indicators: [{ text: `Persentase ${text}`, aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } }],
});

/** An agency of its own with `people` imported (the import must succeed) and the year's cycle opened. */
async function openAgency(
  agencyId: string,
  agency: { name: string; timeZone: string; periodicity: 'QUARTERLY' | 'MONTHLY' },
  people: ReturnType<typeof demoOrg>,
  hrNip: string,
) {
  const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
  await call('POST', '/v1/agencies', { token: admin, body: { agencyId, ...agency } });
  const hr = await tokenFor(hrNip, agencyId, ['HR']);
  const imported = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
    token: hr,
    raw: { contentType: 'text/csv', text: toCsv(people) },
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  const cycle = await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: hr, body: { year } });
  return { admin, hr, cycle };
}

describe('lists and cascading', () => {
  const agencyId = uniqueAgencyId('list');
  const t: Record<string, string> = {};
  const skp: Record<string, { skpId: string; etag: string; rhkId: string }> = {};

  const draft = async (who: string, text: string, link?: string) => {
    const r = await call('POST', '/v1/skp', { token: t[who]!, body: { year, rhk: [rhk(text, link)] } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    skp[who] = { skpId: r.body.skpId, etag: r.body.etag, rhkId: r.body.content.rhk[0].rhkId };
  };
  const act = async (who: string, owner: string, action: string) => {
    const r = await call('POST', `/v1/skp/${skp[owner]!.skpId}/${action}`, {
      token: t[who]!,
      headers: { 'if-match': skp[owner]!.etag },
    });
    if (r.status === 200) skp[owner]!.etag = r.body.etag;
    return r;
  };

  beforeAll(async () => {
    const opened = await openAgency(
      agencyId,
      { name: 'Kota Uji Daftar', timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' },
      org,
      hrPerson.nip,
    );
    Object.assign(t, { admin: opened.admin, hr: opened.hr });
    for (const [k, person] of Object.entries({ top, head, chief, staff, peer, otherChief, otherUnitHead }))
      t[k] = await tokenFor(person.nip, agencyId);
    t.otherAgency = await tokenFor(chief.nip, 'kota-lain', ['HR']);
    expect(opened.cycle.status).toBe(201);
  });

  it('an SKP cascaded from a supervisor SKP that is not approved yet cannot be approved', async () => {
    await draft('top', 'Kinerja pemerintahan kota');
    await draft('head', 'Layanan kepegawaian', skp.top!.rhkId);
    expect((await act('head', 'head', 'submit')).status).toBe(200);
    // The head's source (the agency head's SKP) is still a draft: the agency head may not approve.
    const early = await act('top', 'head', 'approve');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CASCADE_SOURCE_NOT_APPROVED' });
    expect(early.body.detail).toContain(skp.top!.skpId);
    expect(early.body.detail).not.toMatch(/DRAFT/);
    expect(early.roundTrips).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    // Once the agency head's SKP is approved (by HR: the region head is outside the chart), it may.
    expect((await act('top', 'top', 'submit')).status).toBe(200);
    expect((await act('hr', 'top', 'approve')).status).toBe(200);
    const ok = await act('top', 'head', 'approve');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('APPROVED');
  });

  it("cascade-sources: the owner reads the appraiser's RHK; nobody else may", async () => {
    await draft('chief', 'Penilaian kinerja pegawai');
    const sources = await call('GET', `/v1/skp/${skp.chief!.skpId}/cascade-sources`, { token: t.chief! });
    expect(sources.status).toBe(200);
    expect(sources.roundTrips).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(sources.body).toMatchObject({
      skpId: skp.chief!.skpId,
      appraiserNip: head.nip,
      sources: [
        {
          skpId: skp.head!.skpId,
          status: 'APPROVED',
          approved: true,
          ownerName: head.name,
          rhk: [{ rhkId: skp.head!.rhkId, kind: 'UTAMA', text: 'Layanan kepegawaian' }],
        },
      ],
    });
    // The link the sources name is accepted.
    const edited = await call('PUT', `/v1/skp/${skp.chief!.skpId}`, {
      token: t.chief!,
      headers: { 'if-match': skp.chief!.etag },
      body: { rhk: [rhk('Penilaian kinerja pegawai', sources.body.sources[0].rhk[0].rhkId)] },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    skp.chief!.etag = edited.body.etag;
    skp.chief!.rhkId = edited.body.content.rhk[0].rhkId;
    // The agency head cascades from no one.
    const none = await call('GET', `/v1/skp/${skp.top!.skpId}/cascade-sources`, { token: t.top! });
    expect(none.body).toEqual({ skpId: skp.top!.skpId, appraiserNip: null, sources: [] });

    const path = `/v1/skp/${skp.chief!.skpId}/cascade-sources`;
    const statusOf = async (who: string) => (await call('GET', path, { token: t[who]! })).status;
    expect(await statusOf('head')).toBe(403); // the appraiser reads the SKP, but cascades are the owner's
    expect(await statusOf('top')).toBe(403); // the appraiser's supervisor
    expect(await statusOf('hr')).toBe(403);
    expect(await statusOf('peer')).toBe(404);
    expect(await statusOf('otherChief')).toBe(404);
    expect(await statusOf('otherUnitHead')).toBe(404);
    expect(await statusOf('otherAgency')).toBe(404);
    expect(await statusOf('admin')).toBe(404);
  });

  it("the team screen: the supervisor's direct reports with their SKP and check-in status, one Query a page", async () => {
    await draft('staff', 'Penyusunan program kerja', skp.chief!.rhkId);
    expect((await act('staff', 'staff', 'submit')).status).toBe(200);
    const res = await call('GET', `/v1/me/team?year=${year}`, { token: t.chief! });
    expect(res.status).toBe(200);
    expect(res.roundTrips).toEqual(['QueryCommand']);
    const reports = org.filter((r) => r.supervisorNip === chief.nip).map((r) => r.nip);
    expect(res.body.items.map((m: { nip: string }) => m.nip)).toEqual([...reports].sort());
    const mine = res.body.items.find((m: { nip: string }) => m.nip === staff.nip);
    expect(mine).toMatchObject({
      name: staff.name,
      position: staff.position,
      unitId: 'bkpsdm',
      directReport: true,
      skp: {
        skpId: skp.staff!.skpId,
        status: 'SUBMITTED',
        pendingKind: 'APPROVE_SKP',
        startMonth: 1,
        endMonth: 12,
      },
      checkins: [],
    });
    expect(res.body.items.find((m: { nip: string }) => m.nip === peer.nip)).toMatchObject({
      skp: null,
      skps: [],
    });
    expect(res.body.nextCursor).toBeNull();

    // Paged: two people a page, never split, the same people in the end.
    const first = await call('GET', `/v1/me/team?year=${year}&limit=2`, { token: t.chief! });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/v1/me/team?year=${year}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: t.chief! },
    );
    expect(second.roundTrips).toEqual(['QueryCommand']);
    expect([...first.body.items, ...second.body.items].map((m: { nip: string }) => m.nip)).toEqual(
      res.body.items.map((m: { nip: string }) => m.nip),
    );
    expect(
      second.body.items.find((m: { nip: string }) => m.nip === staff.nip)?.skp?.status ?? 'SUBMITTED',
    ).toBe('SUBMITTED');
    // Another year: the same people, nothing of theirs.
    const other = await call('GET', `/v1/me/team?year=2026`, { token: t.chief! });
    expect(other.body.items.every((m: { skps: unknown[] }) => m.skps.length === 0)).toBe(true);

    // Staff have no team; another agency's token sees nothing of this one.
    expect((await call('GET', `/v1/me/team?year=${year}`, { token: t.staff! })).body.items).toEqual([]);
    expect((await call('GET', `/v1/me/team?year=${year}`, { token: t.otherAgency! })).body.items).toEqual([]);
    expect((await call('GET', `/v1/me/team?year=abc`, { token: t.chief! })).status).toBe(422);
    expect((await call('GET', `/v1/me/team?year=${year}&limit=101`, { token: t.chief! })).status).toBe(422);
  });

  it("a unit's employees: HR all, a unit head the unit, others only what is below them; search by name or NIP", async () => {
    const path = `/v1/agencies/${agencyId}/units/bkpsdm/employees`;
    const nips = async (who: string, q = '') => {
      const r = await call('GET', `${path}${q}`, { token: t[who]! });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.roundTrips).toEqual(['QueryCommand']);
      return r.body.items.map((e: { nip: string }) => e.nip).sort();
    };
    const unit = org.filter((r) => r.unitId === 'bkpsdm').map((r) => r.nip);
    expect(await nips('hr')).toEqual([...unit].sort());
    expect(await nips('head')).toEqual([...unit].sort());
    const section = [chief.nip, ...org.filter((r) => r.supervisorNip === chief.nip).map((r) => r.nip)];
    expect(await nips('chief')).toEqual(section.sort());
    expect(await nips('staff')).toEqual([staff.nip]);
    expect(await nips('top')).toEqual([...unit].sort()); // above everyone in it
    expect(await nips('otherUnitHead')).toEqual([]);
    for (const who of ['otherAgency', 'admin'])
      expect((await call('GET', path, { token: t[who]! })).status, who).toBe(404);

    // By name, case and accents ignored; by NIP as an Excel user types it, with spaces.
    const rinis = org.filter((r) => r.unitId === 'bkpsdm' && /rini/i.test(r.name)).map((r) => r.nip);
    expect(rinis.length).toBeGreaterThan(1);
    expect(await nips('hr', '?q=RÍNI')).toEqual([...rinis].sort());
    const spaced = `${staff.nip.slice(0, 8)} ${staff.nip.slice(8, 14)}`;
    expect(await nips('hr', `?q=${encodeURIComponent(spaced)}`)).toEqual([staff.nip]);
    const page = await call('GET', `${path}?limit=4`, { token: t.hr! });
    expect(page.body.items).toHaveLength(4);
    const rest = await call('GET', `${path}?limit=100&cursor=${encodeURIComponent(page.body.nextCursor)}`, {
      token: t.hr!,
    });
    expect([...page.body.items, ...rest.body.items]).toHaveLength(unit.length);
    expect((await call('GET', `${path}?cursor=bm90LWEtY3Vyc29y`, { token: t.hr! })).status).toBe(422);
  });

  it("a unit's SKPs of a year, by status; the same visibility", async () => {
    const path = `/v1/agencies/${agencyId}/units/bkpsdm/skp?year=${year}`;
    const ids = async (who: string, extra = '') => {
      const r = await call('GET', `${path}${extra}`, { token: t[who]! });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.roundTrips).toEqual(['QueryCommand']);
      return r.body.items.map((s: { skpId: string }) => s.skpId).sort();
    };
    const all = [skp.head!.skpId, skp.chief!.skpId, skp.staff!.skpId].sort();
    expect(await ids('hr')).toEqual(all);
    expect(await ids('head')).toEqual(all);
    expect(await ids('hr', '&status=APPROVED')).toEqual([skp.head!.skpId]);
    expect(await ids('hr', '&status=SUBMITTED')).toEqual([skp.staff!.skpId]);
    expect(await ids('chief')).toEqual([skp.chief!.skpId, skp.staff!.skpId].sort());
    expect(await ids('staff')).toEqual([skp.staff!.skpId]);
    expect(await ids('peer')).toEqual([]);
    expect(await ids('otherChief')).toEqual([]);
    const one = (await call('GET', `${path}&status=SUBMITTED`, { token: t.hr! })).body.items[0];
    expect(one).toMatchObject({ ownerNip: staff.nip, ownerName: staff.name, appraiserNip: chief.nip });
    expect(one.content).toBeUndefined();
    for (const who of ['otherAgency', 'admin'])
      expect((await call('GET', path, { token: t[who]! })).status, who).toBe(404);
    expect((await call('GET', `${path}&status=LOST`, { token: t.hr! })).status).toBe(422);
  });

  it("the agency's cycles: members and platform admins", async () => {
    const path = `/v1/agencies/${agencyId}/cycles`;
    for (const who of ['hr', 'staff', 'admin']) {
      const r = await call('GET', path, { token: t[who]! });
      expect(r.status, who).toBe(200);
      expect(r.roundTrips).toEqual(['QueryCommand']);
      expect(r.body.items).toEqual([
        expect.objectContaining({
          agencyId,
          year,
          timeZone: 'Asia/Makassar',
          periodicity: 'QUARTERLY',
          deadlines: expect.objectContaining({ planning: '2027-01-31T23:59:59+08:00' }),
        }),
      ]);
    }
    expect((await call('GET', path, { token: t.otherAgency! })).status).toBe(404);
  });
});

describe('notifications and action items tell what happened and where', () => {
  const agencyId = uniqueAgencyId('note');
  const t: Record<string, string> = {};
  // Another org (a NIP belongs to one agency).
  const people = demoOrg(23);
  const [top, head, hrPerson] = [people[0]!, people[1]!, people[8]!];

  beforeAll(async () => {
    t.hr = (
      await openAgency(
        agencyId,
        { name: 'Kota Uji Pemberitahuan', timeZone: 'Asia/Jayapura', periodicity: 'QUARTERLY' },
        people,
        hrPerson.nip,
      )
    ).hr;
    t.top = await tokenFor(top.nip, agencyId);
    t.head = await tokenFor(head.nip, agencyId);
  });

  it('approved and returned: the owner is told in the same write, with a title, a link and a read mark', async () => {
    const created = await call('POST', '/v1/skp', {
      token: t.top!,
      body: { year, rhk: [rhk('Kinerja kota')] },
    });
    const skpId = created.body.skpId as string;
    const sub = await call('POST', `/v1/skp/${skpId}/submit`, {
      token: t.top!,
      headers: { 'if-match': created.body.etag },
    });
    // HR owes the approval of the agency head's SKP: the item says what, whose and where.
    const hrItems = await call('GET', '/v1/me/action-items?inbox=HR', { token: t.hr! });
    expect(hrItems.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'APPROVE_SKP',
        title: `Menyetujui atau mengembalikan SKP ${year} — ${top.name}`,
        link: `/v1/skp/${skpId}`,
      }),
    );
    const en = await call('GET', '/v1/me/action-items?inbox=HR', {
      token: t.hr!,
      headers: { 'accept-language': 'fr,en;q=0.5' },
    });
    expect(en.body.items[0].title).toBe(`Approve or return the ${year} SKP — ${top.name}`);
    const returned = await call('POST', `/v1/skp/${skpId}/return`, {
      token: t.hr!,
      headers: { 'if-match': sub.body.etag },
      body: { reason: 'Target belum terukur' },
    });
    expect(returned.roundTrips).toEqual(['TransactWriteItemsCommand']);
    const inbox = await call('GET', '/v1/me/notifications', { token: t.top! });
    expect(inbox.roundTrips).toEqual(['QueryCommand']);
    const notice = inbox.body.items[0];
    expect(notice).toMatchObject({
      kind: 'EVENT',
      event: 'SKP_RETURNED',
      title: `SKP ${year} dikembalikan untuk diperbaiki`,
      link: `/v1/skp/${skpId}`,
      readAt: null,
      subject: { type: 'SKP', skpId },
    });
    expect(notice.body).toMatch(/"Target belum terukur".*pukul 23\.59 WIT\./);
    const resub = await call('POST', `/v1/skp/${skpId}/submit`, {
      token: t.top!,
      headers: { 'if-match': returned.body.etag },
    });
    await call('POST', `/v1/skp/${skpId}/approve`, {
      token: t.hr!,
      headers: { 'if-match': resub.body.etag },
    });
    const after = await call('GET', '/v1/me/notifications', { token: t.top! });
    expect(after.body.items.map((n: { event: string }) => n.event)).toEqual(['SKP_APPROVED', 'SKP_RETURNED']);

    // Read marks: one's own only; HR reads HR's inbox, not a person's.
    const read = await call('POST', `/v1/me/notifications/${notice.id}/read`, { token: t.top! });
    expect(read.body).toEqual({ id: notice.id, readAt: expect.any(String) });
    for (const who of ['hr', 'head'])
      expect((await call('POST', `/v1/me/notifications/${notice.id}/read`, { token: t[who]! })).status).toBe(
        404,
      );
    expect((await call('POST', '/v1/me/notifications/bm9wZQ/read', { token: t.top! })).status).toBe(404);
    const marked = await call('GET', '/v1/me/notifications', { token: t.top! });
    expect(marked.body.items.map((n: { readAt: string | null }) => n.readAt)).toEqual([
      null,
      read.body.readAt,
    ]);
  });
});

describe('round trips a portal expects: read-only fields echoed, unknown fields refused', () => {
  const agencyId = uniqueAgencyId('echo');
  // A seed of its own: a NIP belongs to one agency, and another file imports demoOrg(31).
  const people = demoOrg(3131);
  const [top, hrPerson] = [people[0]!, people[8]!];
  const t: Record<string, string> = {};
  const body = { year, approach: 'KUANTITATIF', rhk: [rhk('Kinerja kota')] };

  beforeAll(async () => {
    t.hr = (
      await openAgency(
        agencyId,
        { name: 'Kota Uji Kirim Balik', timeZone: 'Asia/Jakarta', periodicity: 'MONTHLY' },
        people,
        hrPerson.nip,
      )
    ).hr;
    t.top = await tokenFor(top.nip, agencyId);
  });

  it('PUT takes back the body sent to POST and the fields GET gave, refuses a changed or unknown one', async () => {
    const created = await call('POST', '/v1/skp', { token: t.top!, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.skpId as string;
    const put = (b: unknown, etag: string) =>
      call('PUT', `/v1/skp/${id}`, { token: t.top!, headers: { 'if-match': etag }, body: b });
    const same = await put(body, created.body.etag);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.roundTrips).toEqual(['TransactWriteItemsCommand']);

    const read = await call('GET', `/v1/skp/${id}`, { token: t.top! });
    const { content, approvedContent: _a, ...fields } = read.body;
    const echoed = await put({ ...fields, ...content }, read.body.etag);
    expect(echoed.status, JSON.stringify(echoed.body)).toBe(200);

    const current = await call('GET', `/v1/skp/${id}`, { token: t.top! });
    for (const [field, value] of [
      ['year', 2026],
      ['ownerName', 'Orang Lain'],
      ['status', 'APPROVED'],
      ['etag', '"1.aa"'],
    ] as const) {
      const refused = await put({ ...body, [field]: value }, current.body.etag);
      expect(refused.status, field).toBe(422);
      expect(refused.body.errors, field).toEqual([
        expect.objectContaining({ path: field, code: 'READ_ONLY_FIELD' }),
      ]);
    }
    const unknown = await put(
      { ...body, note: 'x', rhk: [{ ...rhk('Kinerja kota'), weight: 2 }] },
      current.body.etag,
    );
    expect(unknown.status).toBe(422);
    expect(
      unknown.body.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`).sort(),
    ).toEqual(['note:UNKNOWN_FIELD', 'rhk[0].weight:UNKNOWN_FIELD']);
    expect(unknown.body.detail).toBe('Data yang dikirim tidak valid (2 masalah).');
    const en = await call('PUT', `/v1/skp/${id}`, {
      token: t.top!,
      headers: { 'if-match': current.body.etag, 'accept-language': 'en-GB,en;q=0.8' },
      body: { ...body, note: 'x' },
    });
    expect(en.body.detail).toBe('The request is invalid (1 problem).');
    // Nothing of it was written.
    expect((await call('GET', `/v1/skp/${id}`, { token: t.top! })).body.version).toBe(current.body.version);
  });

  it('a body sent to a route that takes none, or an unknown query parameter, is refused', async () => {
    const s = await call('GET', `/v1/employees/${top.nip}/skp?year=${year}`, { token: t.top! });
    const note = await call('POST', `/v1/skp/${s.body.skpId}/submit`, {
      token: t.top!,
      headers: { 'if-match': s.body.etag },
      body: { note: 'mohon disetujui' },
    });
    expect(note.status).toBe(422);
    expect(note.body.errors).toEqual([expect.objectContaining({ path: 'note', code: 'UNKNOWN_FIELD' })]);
    expect((await call('GET', `/v1/skp/${s.body.skpId}`, { token: t.top! })).body.status).toBe('DRAFT');
    const misspelt = await call('GET', `/v1/me/action-items?limt=5`, { token: t.top! });
    expect(misspelt.status).toBe(422);
    expect(misspelt.body.errors).toEqual([expect.objectContaining({ path: 'limt', code: 'UNKNOWN_FIELD' })]);
    const empty = await call('POST', `/v1/skp/${s.body.skpId}/submit`, {
      token: t.top!,
      headers: { 'if-match': s.body.etag },
      body: {},
    });
    expect(empty.status).toBe(200);
  });
});
