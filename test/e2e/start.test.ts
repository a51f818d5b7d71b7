/**
 * The new user's path, over HTTP against `npm start` in a child process: mint a token, create
 * an agency, import a CSV, read /v1/me; then Ctrl-C stops everything and a restart keeps the data.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoOrg, toCsv } from '#local/demo-data.ts';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'siklus-e2e-'));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function start(): Promise<Started> {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', SIKLUS_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('SIKLUS_READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  return { child, url, output: () => out };
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  s.child.kill('SIGINT');
  return exited;
}

const javaFor = (dir: string) => {
  try {
    // execFile, not a shell: a shell's own command line would match the pattern.
    return execFileSync('pgrep', ['-f', `dbPath ${join(dir, 'dynamodb')}`]).toString().trim();
  } catch {
    return '';
  }
};

// biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
async function json(url: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; type: string | null; body: any }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  return { status: res.status, type: res.headers.get('content-type'), body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
}

describe('npm start, as a new user meets it', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the whole flow over HTTP, stops cleanly on Ctrl-C and keeps data across a restart', async () => {
    const first = await start();
    expect(first.output()).toContain('demo agency kota-bukittinggi seeded');
    const u = first.url;

    expect((await json(`${u}/health`)).body).toEqual({ status: 'ok' });
    expect((await json(`${u}/docs`)).body).toContain('swagger-ui');
    expect((await json(`${u}/openapi.json`)).body.paths['/v1/me']).toBeDefined();
    expect((await json(`${u}/nope`)).status).toBe(404);

    const mint = async (nip: string, agencyId: string, roles: string[]) =>
      (await json(`${u}/v1/dev/token`, { method: 'POST', body: JSON.stringify({ nip, agencyId, roles }) })).body.token as string;

    const admin = await mint('197001011995031001', 'siklus', ['ADMIN']);
    const created = await json(`${u}/v1/agencies`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ agencyId: 'kota-makassar', name: 'Pemerintah Kota Makassar', timeZone: 'Asia/Makassar', periodicity: 'MONTHLY' }),
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
    expect(me.body).toMatchObject({ nip: org[2]!.nip, isSupervisor: true, profile: { unitId: org[2]!.unitId } });

    // Target setting over HTTP: HR opens 2027, the head drafts, the next level cascades, submits, gets approved.
    const cycle = await json(`${u}/v1/agencies/kota-makassar/cycles`, { method: 'POST', token: hr, body: JSON.stringify({ year: 2027 }) });
    expect(cycle.body.deadlines.planning).toBe('2027-01-31T23:59:59+08:00');
    const topToken = await mint(org[0]!.nip, 'kota-makassar', []);
    const headToken = await mint(org[1]!.nip, 'kota-makassar', []);
    const ind = [{ text: 'Persentase capaian', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } }];
    const topSkp = await json(`${u}/v1/skp`, { method: 'POST', token: topToken, body: JSON.stringify({ year: 2027, rhk: [{ kind: 'UTAMA', text: 'Kinerja kota', indicators: ind }] }) });
    expect(topSkp.status).toBe(201);
    const headSkp = await json(`${u}/v1/skp`, {
      method: 'POST',
      token: headToken,
      body: JSON.stringify({ year: 2027, rhk: [{ kind: 'UTAMA', text: 'Kinerja badan', intervenesRhkId: topSkp.body.content.rhk[0].rhkId, indicators: ind }] }),
    });
    expect(headSkp.status).toBe(201);
    const submitted = await json(`${u}/v1/skp/${headSkp.body.skpId}/submit`, { method: 'POST', token: headToken, headers: { 'if-match': headSkp.body.etag } });
    expect(submitted.body.status).toBe('SUBMITTED');
    const owed = await json(`${u}/v1/me/action-items`, { token: topToken });
    expect(owed.body.items[0]).toMatchObject({ kind: 'APPROVE_SKP', subject: { skpId: headSkp.body.skpId } });
    const approved = await json(`${u}/v1/skp/${headSkp.body.skpId}/approve`, { method: 'POST', token: topToken, headers: { 'if-match': submitted.body.etag } });
    expect(approved.body.status).toBe('APPROVED');

    const bad = await json(`${u}/v1/agencies`, { method: 'POST', token: admin, body: '{"agencyId":"X"}', headers: { 'accept-language': 'en' } });
    expect(bad.status).toBe(422);
    expect(bad.type).toBe('application/problem+json');

    expect(javaFor(dataDir)).not.toBe('');
    expect(await stop(first)).toBe(0);
    expect(javaFor(dataDir)).toBe('');

    const second = await start();
    expect(second.output()).not.toContain('seeded');
    const again = await json(`${second.url}/v1/agencies/kota-makassar`, { token: hr });
    expect(again.body).toMatchObject({ agencyId: 'kota-makassar', employeeCount: org.length });
    expect(await stop(second)).toBe(0);
  });
});
