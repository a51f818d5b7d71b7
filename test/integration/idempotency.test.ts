/**
 * Idempotency-Key: the whole key counts (keys sharing a long prefix never collide), and two
 * imports sent at once with one key both get the first one's response (the second waits for the
 * first instead of answering 409), with one import done and audited once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { liveDeps } from '#functions/adapters/deps.ts';
import { readAuditChain } from '#functions/use-cases/audit.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const adminNip = '197001011995031001';
let admin: string;
beforeAll(async () => {
  admin = await tokenFor(adminNip, 'siklus', ['ADMIN']);
});

const agencyBody = (agencyId: string) => ({
  agencyId,
  name: `Instansi ${agencyId}`,
  timeZone: 'Asia/Jakarta',
  periodicity: 'MONTHLY',
});

describe('Idempotency-Key', () => {
  it('two keys that share their first 250 characters are two keys', async () => {
    const prefix = 'k'.repeat(250);
    const [a, b] = [uniqueAgencyId('ida'), uniqueAgencyId('idb')];
    const first = await call('POST', '/v1/agencies', {
      token: admin,
      body: agencyBody(a),
      headers: { 'idempotency-key': `${prefix}-1` },
    });
    const second = await call('POST', '/v1/agencies', {
      token: admin,
      body: agencyBody(b),
      headers: { 'idempotency-key': `${prefix}-2` },
    });
    expect(first.status).toBe(201);
    // A key cut short would make this a reuse of the first key with another body (422).
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.agencyId).toBe(b);
    // Each key still replays its own first response.
    const again = await call('POST', '/v1/agencies', {
      token: admin,
      body: agencyBody(b),
      headers: { 'idempotency-key': `${prefix}-2` },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(second.body);
  });

  it('the same key from another caller is another key', async () => {
    const id = uniqueAgencyId('idc');
    const key = { 'idempotency-key': 'shared-key' };
    const mine = await call('POST', '/v1/agencies', { token: admin, body: agencyBody(id), headers: key });
    const otherAdmin = await tokenFor('197101011996031002', 'siklus', ['ADMIN']);
    const theirs = await call('POST', '/v1/agencies', {
      token: otherAdmin,
      body: agencyBody(uniqueAgencyId('idd')),
      headers: key,
    });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
  });

  it('two imports at once with one key: both answer the first response, the import runs once', async () => {
    const agencyId = uniqueAgencyId('idimp');
    expect((await call('POST', '/v1/agencies', { token: admin, body: agencyBody(agencyId) })).status).toBe(
      201,
    );
    const org = demoOrg(7070);
    const hr = await tokenFor(org[8]!.nip, agencyId, ['HR']);
    const send = () =>
      call('POST', `/v1/agencies/${agencyId}/employees/import`, {
        token: hr,
        raw: { contentType: 'text/csv', text: toCsv(org) },
        headers: { 'idempotency-key': 'org-2027-01' },
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual({
      created: org.length,
      updated: 0,
      unchanged: 0,
      rows: org.length,
      format: 'CSV',
      encoding: 'UTF-8',
      separator: ',',
      moved: 0,
      left: 0,
      skpsEnded: 0,
      stepsHandedOn: 0,
      stepsClosed: 0,
    });
    const chain = await readAuditChain(liveDeps(), `AGENCY#${agencyId}`);
    expect(chain.filter((e) => e.action === 'EMPLOYEES_IMPORTED')).toHaveLength(1);
  });
});
