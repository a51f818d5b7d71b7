/**
 * `npm run bench`: the figures in the README, measured on this machine.
 *  1. Employee import of N rows (default 100,000) through the CLI path against DynamoDB Local:
 *     wall time and the importing process's peak RSS; then the same file again (no changes).
 *  2. `npm start` start-up, as a user waits for it: from the command to the first answered
 *     request (GET /health), with a fresh data dir (table creation + demo seed) and on a restart.
 *  3. A period-end report of an agency of 10,000 and of 100,000 employees (bench/report.ts):
 *     the bare gsi1 Queries of the same items, then the whole report (CSV + XLSX + PDF into
 *     s3rver), each in a fresh process: wall time, rows/s, `reportRatio` (report / bare Query)
 *     and the report process's peak RSS.
 * Usage: npm run bench [-- --rows 100000] [--reports 10000,100000] [--only import|startup|reports] [--json]
 *        (--json: one JSON object on the last line)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newAgency } from '#core/agency.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { now } from '#functions/clock.ts';
import { createAgency } from '#functions/use-cases/org.ts';
import { syntheticOrg, toCsv } from '#local/demo-data.ts';
import { startBackend } from '#local/runtime.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    reports: { type: 'string', default: '10000,100000' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const wanted = (part: string) => !values.only || values.only === part;
const rows = Number(values.rows);
const root = new URL('..', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const work = mkdtempSync(join(tmpdir(), 'siklus-bench-'));

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ out: string; ms: number; code: number | null }> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      out += String(d);
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ out, ms: performance.now() - began, code }));
  });
}

/** `npm start`, timed from the command to the first answered GET /health; then Ctrl-C. */
function startUp(dataDir: string): Promise<{ ms: number; code: number | null }> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: '0', SIKLUS_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let polling = false;
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    child.stdout.on('data', async (d: Buffer) => {
      out += String(d);
      const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (!url || polling) return;
      polling = true;
      for (;;) {
        const ok = await fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const ms = performance.now() - began;
      child.once('exit', (code) => resolve({ ms, code }));
      process.kill(-child.pid!, 'SIGINT');
    });
    child.on('error', reject);
  });
}

const lastJson = (out: string) =>
  JSON.parse(
    out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1)!,
  );

async function reportBench() {
  const backend = await startBackend();
  const { openCycle } = await import('#functions/use-cases/cycles.ts');
  const { setClock } = await import('#functions/clock.ts');
  const out: Record<string, unknown>[] = [];
  try {
    setClock(() => Date.parse('2027-01-04T02:00:00Z'));
    for (const size of values.reports!.split(',').map(Number)) {
      const agencyId = `bench-laporan-${size}`;
      await createAgency(
        liveDeps(),
        newAgency(
          {
            agencyId,
            name: `Instansi Uji Laporan ${size}`,
            timeZone: 'Asia/Jakarta',
            periodicity: 'QUARTERLY',
          },
          'BENCH',
          now(),
        ),
        'BENCH',
      );
      await openCycle(liveDeps(), { nip: '199001172015032004', agencyId, roles: ['HR'] }, agencyId, {
        year: 2027,
      });
      const seeded = await run(
        ['bench/report.ts', '--seed', String(size), '--agency', agencyId],
        process.env,
      );
      if (seeded.code !== 0) throw new Error(`seeding failed:\n${seeded.out}`);
      const query = lastJson(
        (await run(['bench/report.ts', '--measure', 'query', '--agency', agencyId], process.env)).out,
      );
      const report = await run(['bench/report.ts', '--measure', 'report', '--agency', agencyId], process.env);
      if (report.code !== 0) throw new Error(`report failed:\n${report.out}`);
      const r = lastJson(report.out);
      const figures = {
        employees: size,
        items: query.items,
        seedSeconds: Number((seeded.ms / 1000).toFixed(1)),
        querySeconds: query.seconds,
        queryPeakRssMb: query.peakRssMb,
        reportSeconds: r.seconds,
        reportRowsPerSecond: Math.round(r.rows / r.seconds),
        reportRatio: Number((r.seconds / query.seconds).toFixed(2)),
        reportPeakRssMb: r.peakRssMb,
        rows: r.rows,
        units: r.units,
        files: r.files,
      };
      // Each size as soon as it is measured (the 100,000 run is long).
      console.error(`[bench] report of ${size}: ${JSON.stringify(figures)}`);
      out.push(figures);
    }
  } finally {
    setClock(undefined);
    await backend.stop();
  }
  return out;
}

try {
  let figures: Record<string, unknown> = {
    machine: `${(await import('node:os')).cpus().length} cores, Node ${process.version}`,
  };
  if (wanted('import') || wanted('startup')) figures = { ...figures, ...(await importAndStartup()) };
  if (wanted('reports')) figures.reports = await reportBench();
  console.log(values.json ? JSON.stringify(figures) : JSON.stringify(figures, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function importAndStartup() {
  // 1. Import
  const backend = await startBackend();
  const agencyId = 'bench-nasional';
  await createAgency(
    liveDeps(),
    newAgency(
      { agencyId, name: 'Instansi Uji Beban', timeZone: 'Asia/Jakarta', periodicity: 'QUARTERLY' },
      'BENCH',
      now(),
    ),
    'BENCH',
  );
  const file = join(work, 'employees.csv');
  writeFileSync(file, toCsv(syntheticOrg(rows)));
  const env = {
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    TABLE_NAME: process.env.TABLE_NAME,
    AUTH_ISSUER: process.env.AUTH_ISSUER,
    AUTH_JWKS: process.env.AUTH_JWKS,
  };
  const first = await run(['local/import-cli.ts', '--agency', agencyId, '--file', file], env);
  if (first.code !== 0) throw new Error(`import failed:\n${first.out}`);
  const again = await run(['local/import-cli.ts', '--agency', agencyId, '--file', file], env);
  await backend.stop();

  // 2. Start-up
  const dataDir = join(work, 'data');
  const fresh = await startUp(dataDir);
  const restart = await startUp(dataDir);

  const a = lastJson(first.out);
  const b = lastJson(again.out);
  return {
    import: {
      rows,
      seconds: a.seconds,
      rowsPerSecond: Math.round(rows / a.seconds),
      peakRssMb: a.peakRssMb,
      created: a.created,
    },
    reimportUnchanged: { seconds: b.seconds, peakRssMb: b.peakRssMb, unchanged: b.unchanged },
    startToFirstRequestFreshSeconds: Number((fresh.ms / 1000).toFixed(1)),
    startToFirstRequestRestartSeconds: Number((restart.ms / 1000).toFixed(1)),
    startExitCodes: [fresh.code, restart.code],
  };
}
