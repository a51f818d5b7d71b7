/**
 * `npm run bench [-- --json]`: the figures of the README, measured in one run on this machine
 * against DynamoDB Local, each as a ratio to a bare baseline where one exists:
 *  - roundTripsPerRequestMax: every deployed route called once as a caller its policy allows
 *    (bench/handlers.measure.ts), DynamoDB and S3 requests counted (a presigned URL is computed,
 *    not sent: not counted); those above 1 are listed with the reason;
 *  - apiOverheadRatio: for a mix of reads, median handler time (API Gateway event in, response
 *    out) over the median time of the same DynamoDB requests, captured on the wire and replayed
 *    with a bare client, interleaved; the worst of the mix;
 *  - bundleKbMax: the deployed bundles built as CDK builds them (bench/bundles.ts);
 *    coldStartRatio: `node --enable-source-maps <largest bundle>` (as Lambda runs it, loading its
 *    AWS SDK clients) over `node -e 0`, median wall time of several runs, and the same in CPU time;
 *  - importRatio: the employee import of N rows (default 100,000) through the CLI over a bare
 *    BatchWrite (25 per request, 8 at once, as the store's putMany) of the items it left, with the
 *    import's peak RSS; then the same file again (no changes);
 *  - sweepReadRatio: items DynamoDB read for one sweep over items due, with 100,000 open steps of
 *    which 1,000 due (bench/sweep.measure.ts);
 *  - reportRatio, reportPeakRssMb: a period-end report of an agency of 10,000 and of 100,000
 *    employees (bench/report.ts): the bare gsi1 Queries of the same items, then the whole report
 *    (CSV + XLSX + PDF into s3rver), each in a fresh process: wall time, rows/s, the report over
 *    the bare Query and the report process's peak RSS; the figure is the largest size's;
 *  - start-up: `npm start`, from the command to the first answered GET /health, fresh and again.
 * Options: --rows N, --open N, --due N, --overhead-runs N, --reports N,M, --skip a,b (bundles,
 * handlers, sweep, import, reports, startup). --json: the figures as one JSON object on the last line (progress on stderr).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchWriteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { newAgency } from '#core/agency.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { now } from '#functions/clock.ts';
import { createAgency } from '#functions/use-cases/org.ts';
import { syntheticOrg, toCsv } from '#local/demo-data.ts';
import { startBackend } from '#local/runtime.ts';
import { ensureTable, localCredentials } from '#local/services.ts';
import { buildBundles, composition } from './bundles.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    open: { type: 'string', default: '100000' },
    due: { type: 'string', default: '1000' },
    'overhead-runs': { type: 'string', default: '200' },
    reports: { type: 'string', default: '10000,100000' },
    skip: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const skip = new Set(values.skip.split(',').filter(Boolean));
const root = new URL('..', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const work = mkdtempSync(join(tmpdir(), 'siklus-bench-'));
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 2) => Number(n.toFixed(d));

/** Why a request takes more than one round trip (design: one read or one write per request). */
const whyMoreThanOne: Record<string, string> = {
  'POST /v1/skp':
    'One BatchGetItem (the owner profile and the cycle: the facts the new SKP carries) and its one transaction.',
  'PUT /v1/skp/{skpId}/periods/{period}/realisasi':
    'The first save of a period opens the check-in: one BatchGetItem (the SKP, the cycle, the linked evidence) and one transaction; later saves are one transaction.',
  'POST /v1/skp/{skpId}/periods/{period}/peer-requests':
    "One BatchGetItem (the SKP for the appraiser's authority, the cycle, each peer's profile) and one transaction.",
  'POST /v1/skp/{skpId}/approve':
    "The SKP's content (one GetItem: which SKPs its RHK intervene in, issue 13), then one transaction that also checks each of those sources is APPROVED.",
  'GET /v1/skp/{skpId}/cascade-sources':
    "The SKP (one GetItem: who may read it, who appraises it now), then the appraiser's SKPs of the year (one Query).",
  'POST /v1/agencies/{agencyId}/reports':
    "A unit head (not HR) is known from their profile and then their supervisor's (two GetItems in turn); then, side by side, the scope's latest on-demand report and one member of the unit (two Queries: is one under way, does the unit exist); then one transaction. The cycle's calendar is cached by the container. For HR: no GetItems.",
  'GET /v1/agencies/{agencyId}/reports':
    "A unit head (not HR) is known from their profile and their supervisor's (two GetItems in turn), then their unit's reports (one Query); for HR the Query alone.",
  'GET /v1/agencies/{agencyId}/reports/{reportId}':
    "The report (one GetItem), and for a unit's report read by someone without HR, whether they head that unit (their profile and their supervisor's: two GetItems in turn).",
  'GET /v1/skp/{skpId}/audit':
    'HR verifies a chain: the document (who may read it, the chain head) and the chain itself (one Query).',
  'GET /v1/skp/{skpId}/periods/{period}/audit':
    'HR verifies a chain: the document (who may read it, the chain head) and the chain itself (one Query).',
  'PUT /v1/skp/{skpId}/periods/{period}/evaluation':
    "Two reads side by side (one round trip of latency): the SKP's check-ins (one Query, for the capaian suggestion) and one BatchGetItem (the unit result, for a head's hasil kerja, and the SKP's ekspektasi); then one transaction.",
  'POST /v1/skp/{skpId}/periods/{period}/evaluation/finalize':
    'One BatchGetItem (the evaluation, for the delivery notice, and the unit result, for the curve) and one transaction that checks the counts it judged.',
  'POST /v1/skp/{skpId}/periods/{period}/evaluation/reassign':
    "One BatchGetItem (the evaluation and the new appraiser's profile: same agency) and one transaction.",
  'GET /v1/skp/{skpId}/periods/{period}/evaluation/document':
    "A PDF: the SKP's check-ins and evaluation (one Query) beside one BatchGetItem (agency, SKP, owner, unit result), then the appraiser and the one above (a second BatchGetItem: their names are only known from the evaluation).",
  'GET /v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/penetapan/document':
    "A PDF: the unit result and the agency (one BatchGetItem), then the unit's final evaluations (one Query, paged).",
  'GET /v1/skp/{skpId}/periods/{period}':
    "The check-in with the SKP's other periods and peer requests (one Query) and, side by side (one round trip of latency), the owner's service-feedback aggregate of the period (one GetItem, issue 14).",
  'GET /v1/skp/{skpId}/periods/{period}/evaluation':
    "The SKP's check-ins, peer requests and the evaluation (one Query) and, side by side, the owner's service-feedback aggregate (one GetItem).",
  'POST /v1/agencies/{agencyId}/survey-links':
    "One BatchGetItem (the agency, the issuer's and the served employee's profiles: who may issue for the unit), the issuer's daily counter (one UpdateItem: the limit counts before a link exists), then one transaction (the link and its audit entry).",
  'GET /v1/agencies/{agencyId}/units/{unitId}/service-feedback':
    "A unit head (not HR) is known from their profile and then their supervisor's (two GetItems in turn: is the supervisor outside the unit), beside the unit's aggregates (one Query, side by side); for HR the Query alone.",
  'GET /v1/agencies/{agencyId}/units/{unitId}/service-feedback/comments':
    "A unit head (not HR) is known from their profile and then their supervisor's (two GetItems in turn), beside the unit's responses (one Query, side by side); for HR the Query alone.",
  'GET /v1/employees/{nip}/service-feedback':
    "The employee's profile (who may read them), then their aggregate (one GetItem, whose key needs the profile's unit).",
  'GET /v1/public/surveys/{token}':
    'One round trip of latency: the link (GetItem) and its per-link and per-address rate counters (two UpdateItems), side by side.',
  'POST /v1/public/surveys/{token}':
    "The page's parallel round (the link, two rate counters), then one transaction (the link used, the response, the period's and the year's aggregates, the audit entry).",
};
/** Bulk operations: exempt from the one-round-trip rule by design (they page instead). */
const bulk: Record<string, string> = {
  'POST /v1/agencies/{agencyId}/employees/import':
    'The synchronous import (up to 20,000 rows): lease, read of the agency, staging, one commit, applying, in pages.',
  'POST /v1/agencies/{agencyId}/employees/imports':
    'Creates the job (one transaction) and presigns its upload; the S3 call counted is the presign, not a request.',
  'POST /v1/agencies/{agencyId}/employees/imports/{jobId}/start':
    'Checks the uploaded size (HeadObject), reads the job and starts it (one transaction); the import then runs in its own function.',
  'POST /v1/agencies/{agencyId}/cycles':
    'A cycle once a year: the agency, its units, then one schedule per phase (local schedule items here; EventBridge Scheduler in AWS).',
};

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ out: string; ms: number; code: number | null }> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
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

/** A measurement file of bench/ (vitest with the integration suite's backend); its JSON out. */
async function measure(file: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const out = join(work, `${file.replace(/\W/g, '-')}.json`);
  const r = await run(bin('vitest'), ['run', '--config', 'bench/vitest.config.ts'], {
    ...env,
    BENCH_MEASURE: file,
    BENCH_OUT: out,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  if (r.code !== 0) throw new Error(`${file} failed:\n${r.out.slice(-4000)}`);
  return JSON.parse(readFileSync(out, 'utf8'));
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

/** Period-end reports of synthetic agencies (bench/report.ts), one fresh process per measurement. */
async function reportBench() {
  const backend = await startBackend();
  const { openCycle } = await import('#functions/use-cases/cycles.ts');
  const { setClock } = await import('#functions/clock.ts');
  const out: Record<string, unknown>[] = [];
  try {
    setClock(() => Date.parse('2027-01-04T02:00:00Z'));
    for (const size of values.reports.split(',').map(Number)) {
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
      const tsx = bin('tsx');
      const seeded = await run(tsx, ['bench/report.ts', '--seed', String(size), '--agency', agencyId]);
      if (seeded.code !== 0) throw new Error(`seeding failed:\n${seeded.out}`);
      const query = lastJson(
        (await run(tsx, ['bench/report.ts', '--measure', 'query', '--agency', agencyId])).out,
      );
      const report = await run(tsx, ['bench/report.ts', '--measure', 'report', '--agency', agencyId]);
      if (report.code !== 0) throw new Error(`report failed:\n${report.out}`);
      const r = lastJson(report.out);
      const figures = {
        employees: size,
        items: query.items,
        seedSeconds: round(seeded.ms / 1000, 1),
        querySeconds: query.seconds,
        queryPeakRssMb: query.peakRssMb,
        reportSeconds: r.seconds,
        reportRowsPerSecond: Math.round(r.rows / r.seconds),
        reportRatio: round(r.seconds / query.seconds),
        reportPeakRssMb: r.peakRssMb,
        rows: r.rows,
        units: r.units,
        files: r.files,
      };
      // Each size as soon as it is measured (the 100,000 run is long).
      log(`report of ${size}: ${JSON.stringify(figures)}`);
      out.push(figures);
    }
  } finally {
    setClock(undefined);
    await backend.stop();
  }
  return out;
}

/** Wall and CPU time (user + system, from the child's own resource usage) of `node <args>`. */
function nodeRun(args: string[]): { wallMs: number; cpuMs: number } {
  const probe = join(work, 'cpu-probe.mjs');
  writeFileSync(
    probe,
    "process.on('exit', () => { const u = process.resourceUsage(); " +
      "process.stderr.write('\\nCPU ' + (u.userCPUTime + u.systemCPUTime) / 1000 + '\\n'); });\n",
  );
  const began = performance.now();
  const r = spawnSync(process.execPath, ['--import', probe, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, POWERTOOLS_SERVICE_NAME: 'siklus', AWS_REGION: 'ap-southeast-3' },
  });
  const wallMs = performance.now() - began;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${r.stderr.slice(0, 2000)}`);
  return { wallMs, cpuMs: Number(/CPU ([\d.]+)/.exec(r.stderr)![1]) };
}

const figures: Record<string, unknown> = {
  machine: `${cpus().length} cores, Node ${process.version}`,
  method: 'one run on this machine against DynamoDB Local and s3rver; see bench/run.ts for each figure',
  loadAverageAtStart: loadavg().map((l) => round(l, 1)),
};

try {
  // ---- bundles and cold start -----------------------------------------------------------------
  if (!skip.has('bundles')) {
    log('bundles: building every deployed function as CDK does');
    const dir = join(root, '.bench', 'bundles');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const bundles = (await buildBundles(dir)).sort((a, b) => b.kb - a.kb);
    const largest = bundles[0]!;
    // The SDK packages the bundle loads at start (the runtime provides them, unbundled).
    const sdk = [...new Set(readFileSync(largest.file, 'utf8').match(/from"@aws-sdk\/[\w-]+"/g) ?? [])].map(
      (m) => m.slice(5, -1),
    );
    const sdkProbe = join(dir, 'sdk-only.mjs');
    writeFileSync(sdkProbe, sdk.map((m) => `await import(${JSON.stringify(m)});`).join('\n'));
    log(`cold start: ${largest.name} (${largest.kb} KB) against node -e 0`);
    const runsN = 9;
    const bare: ReturnType<typeof nodeRun>[] = [];
    const load: ReturnType<typeof nodeRun>[] = [];
    const sdkOnly: ReturnType<typeof nodeRun>[] = [];
    nodeRun(['-e', '0']);
    for (let i = 0; i < runsN; i++) {
      bare.push(nodeRun(['-e', '0']));
      load.push(nodeRun(['--enable-source-maps', largest.file]));
      sdkOnly.push(nodeRun([sdkProbe]));
    }
    const m = (xs: ReturnType<typeof nodeRun>[], k: 'wallMs' | 'cpuMs') => median(xs.map((x) => x[k]));
    Object.assign(figures, {
      bundleKbMax: largest.kb,
      bundleLargest: largest.name,
      bundlesKb: Object.fromEntries(bundles.map((b) => [b.name, b.kb])),
      bundleLargestTopKb: Object.fromEntries(composition(largest, 8).map((c) => [c.source, c.kb])),
      coldStartRatio: round(m(load, 'wallMs') / m(bare, 'wallMs')),
      coldStartCpuRatio: round(m(load, 'cpuMs') / m(bare, 'cpuMs')),
      coldStart: {
        runs: runsN,
        bareNodeMs: round(m(bare, 'wallMs'), 0),
        largestBundleMs: round(m(load, 'wallMs'), 0),
        sdkOnlyMs: round(m(sdkOnly, 'wallMs'), 0),
        bareNodeCpuMs: round(m(bare, 'cpuMs'), 0),
        largestBundleCpuMs: round(m(load, 'cpuMs'), 0),
        sdkOnlyCpuMs: round(m(sdkOnly, 'cpuMs'), 0),
        sdkPackagesLoaded: sdk,
      },
    });
  }

  // ---- per request: round trips and API overhead ------------------------------------------------
  if (!skip.has('handlers')) {
    log('handlers: every route once, and the API overhead of a mix of reads');
    const h = await measure('bench/handlers.measure.ts', {
      BENCH_OVERHEAD_RUNS: values['overhead-runs'],
    });
    const perRoute = h.roundTrips as { route: string; dynamo: string[]; s3: string[] }[];
    const counted = perRoute.map((r) => ({
      route: r.route,
      roundTrips: r.dynamo.length + r.s3.length,
      calls: [...r.dynamo, ...r.s3].map((c) => c.replace(/Command$/, '')),
    }));
    const requests = counted.filter((r) => !bulk[r.route]);
    const overhead = (h.apiOverhead as { runs: number; requests: Record<string, { ratio: number }> })
      .requests;
    Object.assign(figures, {
      roundTripsPerRequestMax: Math.max(...requests.map((r) => r.roundTrips)),
      roundTripsAbove1: requests
        .filter((r) => r.roundTrips > 1)
        .map((r) => ({ ...r, why: whyMoreThanOne[r.route] ?? 'not explained' })),
      roundTripsBulk: counted.filter((r) => bulk[r.route]).map((r) => ({ ...r, why: bulk[r.route] })),
      routesMeasured: counted.length,
      apiOverheadRatio: Math.max(...Object.values(overhead).map((o) => o.ratio)),
      apiOverhead: h.apiOverhead,
    });
  }

  // ---- the sweep --------------------------------------------------------------------------------
  if (!skip.has('sweep')) {
    log(`sweep: ${values.open} open steps, ${values.due} due`);
    const s = await measure('bench/sweep.measure.ts', {
      BENCH_SWEEP_OPEN: values.open,
      BENCH_SWEEP_DUE: values.due,
    });
    Object.assign(figures, {
      sweepReadRatio: round(Number(s.itemsRead) / Number(s.due)),
      sweep: s,
    });
  }

  // ---- the import -------------------------------------------------------------------------------
  if (!skip.has('import')) {
    log(`import: ${rows} rows through the CLI`);
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
    const first = await run(bin('tsx'), ['local/import-cli.ts', '--agency', agencyId, '--file', file], env);
    if (first.code !== 0) throw new Error(`import failed:\n${first.out}`);
    const again = await run(bin('tsx'), ['local/import-cli.ts', '--agency', agencyId, '--file', file], env);

    // The bare baseline: the items the import left (a Scan, bench only), written again into a
    // fresh table of the same schema with plain BatchWriteItem, as the store's putMany writes.
    log('import: bare BatchWrite of the same items');
    const endpoint = process.env.DYNAMODB_ENDPOINT!;
    const client = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: process.env.TABLE_NAME!, ExclusiveStartKey: start as never }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = page.LastEvaluatedKey;
    } while (start);
    const bareTable = 'siklus-bench-bare';
    await ensureTable(endpoint, bareTable);
    const began = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        let pending = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }));
        next += 25;
        while (pending.length) {
          const out = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [bareTable]: pending as never } }),
          );
          pending = (out.UnprocessedItems?.[bareTable] ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const bareSeconds = (performance.now() - began) / 1000;
    await backend.stop();

    const a = lastJson(first.out);
    const b = lastJson(again.out);
    Object.assign(figures, {
      importRatio: round(a.seconds / bareSeconds),
      importPeakRssMb: a.peakRssMb,
      import: {
        rows,
        seconds: a.seconds,
        rowsPerSecond: Math.round(rows / a.seconds),
        created: a.created,
        itemsLeft: items.length,
        bareBatchWriteSeconds: round(bareSeconds, 1),
      },
      reimportUnchanged: { seconds: b.seconds, peakRssMb: b.peakRssMb, unchanged: b.unchanged },
    });
  }

  // ---- reports ---------------------------------------------------------------------------------
  if (!skip.has('reports')) {
    log(`reports: agencies of ${values.reports} employees`);
    const reports = await reportBench();
    const largest = reports.at(-1);
    Object.assign(figures, {
      reportRatio: largest ? largest.reportRatio : null,
      reportPeakRssMb: largest ? Math.max(...reports.map((r) => Number(r.reportPeakRssMb))) : null,
      reports,
    });
  }

  // ---- start-up ---------------------------------------------------------------------------------
  if (!skip.has('startup')) {
    log('start-up: npm start, fresh and again');
    const dataDir = join(work, 'data');
    const fresh = await startUp(dataDir);
    const restart = await startUp(dataDir);
    Object.assign(figures, {
      startToFirstRequestFreshSeconds: round(fresh.ms / 1000, 1),
      startToFirstRequestRestartSeconds: round(restart.ms / 1000, 1),
      startExitCodes: [fresh.code, restart.code],
    });
  }

  const goals = {
    roundTripsPerRequestMax: 1,
    apiOverheadRatio: 1.25,
    bundleKbMax: 300,
    coldStartRatio: 1.5,
    importRatio: 1.3,
    sweepReadRatio: 1.1,
    reportRatio: 1.5,
    reportPeakRssMb: 256,
  } as const;
  figures.goals = goals;
  figures.loadAverageAtEnd = loadavg().map((l) => round(l, 1));
  figures.meetsGoal = Object.fromEntries(
    Object.entries(goals)
      .filter(([k]) => typeof figures[k] === 'number')
      .map(([k, g]) => [k, (figures[k] as number) <= g]),
  );
  console.log(values.json ? JSON.stringify(figures) : JSON.stringify(figures, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
