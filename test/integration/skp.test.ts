/**
 * Target setting end to end against DynamoDB Local: a cycle, SKP drafting with cascading across
 * two levels of supervisors, return and resubmit, approval, revision, action items, optimistic
 * locking, idempotency, the audit chain, and one round trip per request.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

// A seed of its own: employees are one per NIP across agencies, and test files share the table.
const org = demoOrg(19);
const [top, head, chief, hrPerson, staff] = org as [
  (typeof org)[0],
  (typeof org)[0],
  (typeof org)[0],
  (typeof org)[0],
  (typeof org)[0],
];
const peerChief = org.find((r) => r.supervisorNip === head.nip && r.nip !== chief.nip)!;
const year = 2027;

const rhk = (text: string, intervenesRhkId?: string, kind: 'UTAMA' | 'TAMBAHAN' = 'UTAMA') => ({
  kind,
  text,
  ...(intervenesRhkId ? { intervenesRhkId } : {}),
  indicators: [{ text: `Persentase ${text}`, aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } }],
});

describe('SKP lifecycle', () => {
  const agencyId = uniqueAgencyId('skp');
  const t: Record<string, string> = {};
  const skp: Record<string, { skpId: string; etag: string; rhkIds: string[] }> = {};

  beforeAll(async () => {
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    await call('POST', '/v1/agencies', {
      token: admin,
      body: { agencyId, name: 'Kota Uji SKP', timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' },
    });
    t.hr = await tokenFor(hrPerson.nip, agencyId, ['HR']);
    const imported = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: t.hr,
      raw: { contentType: 'text/csv', text: toCsv(org) },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    for (const [k, p] of Object.entries({ top, head, chief, staff, peerChief }))
      t[k] = await tokenFor(p.nip, agencyId);
  });

  it('HR opens the cycle: calendar in the agency zone with working-day deadlines', async () => {
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: t.staff!, body: { year } })).status,
    ).toBe(403);
    const bad = await call('POST', `/v1/agencies/${agencyId}/cycles`, {
      token: t.hr!,
      body: { year, planningDeadline: '2027-06-01' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: 'planningDeadline', code: 'DATE_OUT_OF_BOUNDS' });

    const res = await call('POST', `/v1/agencies/${agencyId}/cycles`, {
      token: t.hr!,
      body: { year, localDaysOff: [{ date: '2027-04-15', name: 'Hari Jadi Kota' }] },
    });
    expect(res.status).toBe(201);
    expect(res.body.deadlines.planning).toBe('2027-01-31T23:59:59+08:00');
    expect(res.body.periods.map((p: { period: string }) => p.period)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    // Q1 ends 31 March; ten working days later skips weekends, Good Friday 26 Mar is before; the local day 15 Apr counts.
    expect(res.body.periods[0].reviewDeadline).toMatch(/^2027-04-1\dT23:59:59\+08:00$/);
    expect(res.body.completion.employees).toBe(org.length);
    expect(
      (await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: t.hr!, body: { year } })).status,
    ).toBe(409);
  });

  it('the agency head drafts without links; staff draft before their supervisor and must link before submitting', async () => {
    const topRes = await call('POST', '/v1/skp', {
      token: t.top!,
      body: { year, rhk: [rhk('Kinerja pemerintahan kota'), rhk('Tata kelola SDM')] },
    });
    expect(topRes.status).toBe(201);
    expect(topRes.roundTrips).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    skp.top = {
      skpId: topRes.body.skpId,
      etag: topRes.body.etag,
      rhkIds: topRes.body.content.rhk.map((r: { rhkId: string }) => r.rhkId),
    };
    expect(topRes.body).toMatchObject({
      status: 'DRAFT',
      pendingKind: 'SUBMIT_SKP',
      pendingDueAt: '2027-01-31T23:59:59+08:00',
    });
    expect(topRes.body.content.perilaku).toHaveLength(7);

    const staffRes = await call('POST', '/v1/skp', {
      token: t.staff!,
      body: { year, rhk: [rhk('Layanan administrasi')] },
    });
    expect(staffRes.status).toBe(201);
    const submitted = await call('POST', `/v1/skp/${staffRes.body.skpId}/submit`, {
      token: t.staff!,
      headers: { 'if-match': staffRes.body.etag },
    });
    expect(submitted.status).toBe(422);
    expect(submitted.body.code).toBe('RHK_NOT_CASCADED');

    const again = await call('POST', '/v1/skp', { token: t.top!, body: { year, rhk: [rhk('x')] } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SKP_EXISTS');
  });

  it("cascading refuses unknown and foreign RHK, accepts the supervisor's", async () => {
    const unknown = await call('POST', '/v1/skp', {
      token: t.head!,
      body: { year, rhk: [rhk('Bidang SDM', `${skp.top!.skpId}~zzzz9999`)] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'rhk[0].intervenesRhkId', code: 'UNKNOWN_RHK' }),
    ]);

    const foreign = await call('POST', '/v1/skp', {
      token: t.chief!,
      body: { year, rhk: [rhk('Penilaian', skp.top!.rhkIds[0])] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].code).toBe('FOREIGN_RHK');

    const headRes = await call('POST', '/v1/skp', {
      token: t.head!,
      body: {
        year,
        rhk: [rhk('Manajemen kinerja ASN', skp.top!.rhkIds[1]), rhk('Inovasi', undefined, 'TAMBAHAN')],
      },
    });
    expect(headRes.status).toBe(201);
    skp.head = {
      skpId: headRes.body.skpId,
      etag: headRes.body.etag,
      rhkIds: headRes.body.content.rhk.map((r: { rhkId: string }) => r.rhkId),
    };
  });

  it("an id naming another unit changes nothing; the agency head's HR approver is never the head", async () => {
    const staffSkp = await call('GET', `/v1/employees/${staff.nip}/skp?year=${year}`, { token: t.staff! });
    const forged = staffSkp.body.skpId.replace(`.${staff.unitId}.`, '.zz-fake.');
    const res = await call('POST', `/v1/skp/${forged}/submit`, {
      token: t.staff!,
      headers: { 'if-match': staffSkp.body.etag },
    });
    expect(res.status).toBe(404);
    expect((await call('GET', `/v1/skp/${staffSkp.body.skpId}`, { token: t.staff! })).body.version).toBe(
      staffSkp.body.version,
    );

    // The head submits; HR may approve on the PPK's behalf, but an HR-holding head may not approve their own.
    const topSkp = await call('GET', `/v1/employees/${top.nip}/skp?year=${year}`, { token: t.top! });
    const sub = await call('POST', `/v1/skp/${topSkp.body.skpId}/submit`, {
      token: t.top!,
      headers: { 'if-match': topSkp.body.etag },
    });
    expect(sub.body).toMatchObject({ status: 'SUBMITTED', pendingKind: 'APPROVE_SKP' });
    const hrItems = await call('GET', '/v1/me/action-items?inbox=HR', { token: t.hr! });
    expect(hrItems.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'APPROVE_SKP',
        subject: expect.objectContaining({ skpId: topSkp.body.skpId }),
      }),
    );
    const self = await call('POST', `/v1/skp/${topSkp.body.skpId}/approve`, {
      token: await tokenFor(top.nip, agencyId, ['HR']),
      headers: { 'if-match': sub.body.etag },
    });
    expect(self.status).toBe(403);
    const approved = await call('POST', `/v1/skp/${topSkp.body.skpId}/approve`, {
      token: t.hr!,
      headers: { 'if-match': sub.body.etag },
    });
    expect(approved.body.status).toBe('APPROVED');
  });

  it('submit -> return with reason -> edit -> resubmit -> approve, with action items moving in the same write', async () => {
    const draft = await call('POST', '/v1/skp', {
      token: t.chief!,
      body: { year, rhk: [rhk('Penilaian kinerja tepat waktu', skp.head!.rhkIds[0])] },
    });
    expect(draft.status).toBe(201);
    const id = draft.body.skpId as string;

    const noIfMatch = await call('POST', `/v1/skp/${id}/submit`, { token: t.chief! });
    expect(noIfMatch.status).toBe(428);

    const sub = await call('POST', `/v1/skp/${id}/submit`, {
      token: t.chief!,
      headers: { 'if-match': draft.body.etag },
    });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ status: 'SUBMITTED', version: 2, pendingKind: 'APPROVE_SKP' });
    expect(sub.roundTrips).toEqual(['TransactWriteItemsCommand']);

    const headItems = await call('GET', '/v1/me/action-items', { token: t.head! });
    expect(headItems.roundTrips).toEqual(['QueryCommand']);
    expect(headItems.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'APPROVE_SKP',
        subject: expect.objectContaining({ skpId: id, ownerNip: chief.nip }),
      }),
    );

    const stale = await call('POST', `/v1/skp/${id}/return`, {
      token: t.head!,
      body: { reason: 'Target belum terukur' },
      headers: { 'if-match': draft.body.etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.roundTrips).toEqual(['TransactWriteItemsCommand']);
    const byOwner = await call('POST', `/v1/skp/${id}/approve`, {
      token: t.chief!,
      headers: { 'if-match': sub.body.etag },
    });
    expect(byOwner.status).toBe(403);
    const byTop = await call('POST', `/v1/skp/${id}/approve`, {
      token: t.top!,
      headers: { 'if-match': sub.body.etag },
    });
    expect(byTop.status).toBe(403);
    const byPeer = await call('POST', `/v1/skp/${id}/approve`, {
      token: t.peerChief!,
      headers: { 'if-match': sub.body.etag },
    });
    expect(byPeer.status).toBe(404);

    const ret = await call('POST', `/v1/skp/${id}/return`, {
      token: t.head!,
      body: { reason: 'Target belum terukur' },
      headers: { 'if-match': sub.body.etag },
    });
    expect(ret.body).toMatchObject({ status: 'RETURNED', pendingKind: 'RESUBMIT_SKP' });
    expect(
      (await call('GET', '/v1/me/action-items', { token: t.head! })).body.items.map(
        (i: { subject: { skpId: string } }) => i.subject.skpId,
      ),
    ).not.toContain(id);
    expect((await call('GET', '/v1/me/action-items', { token: t.chief! })).body.items).toContainEqual(
      expect.objectContaining({ kind: 'RESUBMIT_SKP' }),
    );

    const read = await call('GET', `/v1/skp/${id}`, { token: t.chief! });
    expect(read.roundTrips).toEqual(['GetItemCommand']);
    expect(read.body).toMatchObject({ status: 'RETURNED', returnReason: 'Target belum terukur' });
    const rhkId = read.body.content.rhk[0].rhkId;

    const edited = await call('PUT', `/v1/skp/${id}`, {
      token: t.chief!,
      headers: { 'if-match': ret.body.etag },
      body: { rhk: [{ ...rhk('Penilaian kinerja 100% tepat waktu', skp.head!.rhkIds[0]), rhkId }] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.content.rhk[0].rhkId).toBe(rhkId);
    expect(edited.roundTrips).toEqual(['TransactWriteItemsCommand']);

    const resub = await call('POST', `/v1/skp/${id}/submit`, {
      token: t.chief!,
      headers: { 'if-match': edited.body.etag },
    });
    // Cascaded from the head's SKP, still a draft: not approvable until that one is approved.
    const early = await call('POST', `/v1/skp/${id}/approve`, {
      token: t.head!,
      headers: { 'if-match': resub.body.etag },
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CASCADE_SOURCE_NOT_APPROVED' });
    const headSkp = await call('GET', `/v1/skp/${skp.head!.skpId}`, { token: t.head! });
    const headSub = await call('POST', `/v1/skp/${skp.head!.skpId}/submit`, {
      token: t.head!,
      headers: { 'if-match': headSkp.body.etag },
    });
    expect(
      (
        await call('POST', `/v1/skp/${skp.head!.skpId}/approve`, {
          token: t.top!,
          headers: { 'if-match': headSub.body.etag },
        })
      ).status,
    ).toBe(200);
    const approved = await call('POST', `/v1/skp/${id}/approve`, {
      token: t.head!,
      headers: { 'if-match': resub.body.etag },
    });
    expect(approved.body).toMatchObject({ status: 'APPROVED', version: 6 });
    expect(approved.roundTrips).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    const illegal = await call('POST', `/v1/skp/${id}/approve`, {
      token: t.head!,
      headers: { 'if-match': approved.body.etag },
    });
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');
    const editApproved = await call('PUT', `/v1/skp/${id}`, {
      token: t.chief!,
      headers: { 'if-match': approved.body.etag },
      body: { rhk: [rhk('x', skp.head!.rhkIds[0])] },
    });
    expect(editApproved.status).toBe(409);
    expect(
      (await call('GET', '/v1/me/action-items', { token: t.chief! })).body.items.map(
        (i: { subject: { skpId: string } }) => i.subject.skpId,
      ),
    ).not.toContain(id);

    // Readers: owner, supervisors above, HR; not a peer, not another agency.
    for (const who of ['chief', 'head', 'top', 'hr'])
      expect((await call('GET', `/v1/skp/${id}`, { token: t[who]! })).status, who).toBe(200);
    expect((await call('GET', `/v1/skp/${id}`, { token: t.peerChief! })).status).toBe(404);
    expect(
      (await call('GET', `/v1/skp/${id}`, { token: await tokenFor(hrPerson.nip, 'other-agency', ['HR']) }))
        .status,
    ).toBe(404);
    expect(
      (await call('GET', `/v1/employees/${chief.nip}/skp?year=${year}`, { token: t.head! })).body.skpId,
    ).toBe(id);

    // Revision: reason recorded, new revision, back to drafting, re-approved.
    const rev = await call('POST', `/v1/skp/${id}/revise`, {
      token: t.chief!,
      body: { reason: 'Perubahan tugas' },
      headers: { 'if-match': approved.body.etag },
    });
    expect(rev.body).toMatchObject({ status: 'DRAFT', pendingKind: 'SUBMIT_SKP' });
    const revDoc = await call('GET', `/v1/skp/${id}`, { token: t.chief! });
    expect(revDoc.body).toMatchObject({ revision: 2, revisionReason: 'Perubahan tugas' });
    expect(revDoc.body.approvedContent.rhk[0].text).toBe('Penilaian kinerja 100% tepat waktu');
    const resub2 = await call('POST', `/v1/skp/${id}/submit`, {
      token: t.chief!,
      headers: { 'if-match': rev.body.etag },
    });
    expect(
      (
        await call('POST', `/v1/skp/${id}/approve`, {
          token: t.head!,
          headers: { 'if-match': resub2.body.etag },
        })
      ).body.status,
    ).toBe('APPROVED');

    // The chain verifies, and an edited entry is detected.
    const audit = await call('GET', `/v1/skp/${id}/audit`, { token: t.hr! });
    expect(audit.body.intact).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'SKP_CREATED',
      'SKP_SUBMIT',
      'SKP_RETURN',
      'SKP_EDIT',
      'SKP_SUBMIT',
      'SKP_APPROVE',
      'SKP_REVISE',
      'SKP_SUBMIT',
      'SKP_APPROVE',
    ]);
    expect((await call('GET', `/v1/skp/${id}/audit`, { token: t.head! })).status).toBe(403);
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `AUDIT#SKP#${id}`, sk: 'SEQ#0000000003' },
        UpdateExpression: 'SET #d = :d',
        ExpressionAttributeNames: { '#d': 'data' },
        ExpressionAttributeValues: { ':d': { reason: 'diubah diam-diam' } },
      }),
    );
    const tampered = await call('GET', `/v1/skp/${id}/audit`, { token: t.hr! });
    expect(tampered.body).toMatchObject({
      intact: false,
      verdict: { ok: false, seq: 3, reason: 'HASH_MISMATCH' },
    });
  });

  it("a crafted action-item cursor is a 422, not a peek at someone else's list", async () => {
    const foreign = Buffer.from(
      JSON.stringify({ pk: 'x', sk: 'y', gsi2pk: `OWES#${head.nip}`, gsi2sk: 'z' }),
    ).toString('base64url');
    const res = await call('GET', `/v1/me/action-items?cursor=${foreign}`, { token: t.staff! });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ path: 'cursor', code: 'BAD_CURSOR' });
  });

  it('two concurrent transitions on the same version: exactly one wins', async () => {
    const draft = await call('POST', '/v1/skp', {
      token: t.peerChief!,
      body: { year, rhk: [rhk('Mutasi', skp.head!.rhkIds[0])] },
    });
    const sub = await call('POST', `/v1/skp/${draft.body.skpId}/submit`, {
      token: t.peerChief!,
      headers: { 'if-match': draft.body.etag },
    });
    const results = await Promise.all([
      call('POST', `/v1/skp/${draft.body.skpId}/approve`, {
        token: t.head!,
        headers: { 'if-match': sub.body.etag },
      }),
      call('POST', `/v1/skp/${draft.body.skpId}/return`, {
        token: t.head!,
        headers: { 'if-match': sub.body.etag },
        body: { reason: 'Perbaiki' },
      }),
      call('POST', `/v1/skp/${draft.body.skpId}/approve`, {
        token: t.head!,
        headers: { 'if-match': sub.body.etag },
      }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412 || s === 409)).toHaveLength(2);
    const doc = await call('GET', `/v1/skp/${draft.body.skpId}`, { token: t.head! });
    expect(doc.body.version).toBe(3);
  });

  it('Idempotency-Key: a retried POST replays the first response and changes nothing; another body is refused', async () => {
    // The peer chief's SKP, returned by the concurrent test above (its approvals wait for the head's).
    const s = await call('GET', `/v1/employees/${peerChief.nip}/skp?year=${year}`, { token: t.peerChief! });
    expect(s.body.status).toBe('RETURNED');
    const key = { 'idempotency-key': 'retry-123', 'if-match': s.body.etag };
    const first = await call('POST', `/v1/skp/${s.body.skpId}/submit`, { token: t.peerChief!, headers: key });
    expect(first.status).toBe(200);
    const again = await call('POST', `/v1/skp/${s.body.skpId}/submit`, { token: t.peerChief!, headers: key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.roundTrips).toEqual(['TransactWriteItemsCommand']);
    expect((await call('GET', `/v1/skp/${s.body.skpId}`, { token: t.peerChief! })).body.version).toBe(
      first.body.version,
    );
    const other = await call('POST', `/v1/skp/${s.body.skpId}/revise`, {
      token: t.peerChief!,
      headers: key,
      body: { reason: 'lain' },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the cycle shows completion per unit', async () => {
    const res = await call('GET', `/v1/agencies/${agencyId}/cycles/${year}`, { token: t.staff! });
    expect(res.status).toBe(200);
    expect(res.roundTrips).toEqual(['QueryCommand']);
    // bkpsdm: head and chief approved, staff a draft, peer chief resubmitted (its approval in the race
    // waited for the head's SKP, so the return won).
    const unit = res.body.completion.units.find((u: { unitId: string }) => u.unitId === chief.unitId);
    expect(unit).toMatchObject({ skpDrafted: 4, skpApproved: 2, skpAwaitingApproval: 1, returnsSoFar: 2 });
    // + the agency head's, approved by HR.
    expect(res.body.completion).toMatchObject({ skpDrafted: 5, skpSubmitted: 4, skpApproved: 3 });
  });

  it("a re-import that moves someone moves their documents' readers and approvers with them", async () => {
    const staffSkp = await call('GET', `/v1/employees/${staff.nip}/skp?year=${year}`, { token: t.staff! });
    expect((await call('GET', `/v1/skp/${staffSkp.body.skpId}`, { token: t.chief! })).status).toBe(200);
    expect((await call('GET', `/v1/skp/${staffSkp.body.skpId}`, { token: t.peerChief! })).status).toBe(404);

    const movedOrg = org.map((r) => (r.nip === staff.nip ? { ...r, supervisorNip: peerChief.nip } : r));
    const res = await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: t.hr!,
      raw: { contentType: 'text/csv', text: toCsv(movedOrg) },
    });
    expect(res.body).toMatchObject({ updated: 3 }); // staff, and both supervisors' direct-report counts

    expect((await call('GET', `/v1/skp/${staffSkp.body.skpId}`, { token: t.chief! })).status).toBe(404);
    const now = await call('GET', `/v1/skp/${staffSkp.body.skpId}`, { token: t.peerChief! });
    expect(now.status).toBe(200);
    // The document's facts followed (the chain itself stays inside: readers see the appraisers).
    expect(now.body).toMatchObject({ appraiserNip: peerChief.nip, appraiserSupervisorNip: head.nip });
    expect(now.body.managerChain).toBeUndefined();
  });
});
