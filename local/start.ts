/**
 * `npm start [-- --at <ISO 8601>]`: the whole system on this machine. Data lives under
 * SIKLUS_DATA_DIR (default .siklus/) and survives a restart, and so does the local clock: it runs
 * at real speed from where it was (or from `--at` / `SIKLUS_NOW`), and `POST /v1/dev/clock` moves
 * it forward. Ctrl-C stops every child process and exits 0.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import './quiet-metrics.ts';

// Signals first, before the heavy modules load: a Ctrl-C while starting up also stops cleanly.
let backend: { stop(): Promise<void> } | undefined;
let api: { server: import('node:http').Server } | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
let stopping = false;
async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  if (signal) console.log(`\n${signal}: stopping Siklus...`);
  if (ticker) clearInterval(ticker);
  if (api) {
    api.server.closeAllConnections();
    await new Promise<void>((r) => api!.server.close(() => r()));
  }
  await backend?.stop();
  if (signal) console.log('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const { workflowRules } = await import('#config/workflow.ts');
const { now, setClockControl } = await import('#functions/clock.ts');
const { startHttpApi } = await import('./http-server.ts');
const { startBackend } = await import('./runtime.ts');
const { LocalScheduler } = await import('./scheduler.ts');
const { installLocalReports } = await import('./reports.ts');
const { demoCycleYear, demoLogins, seedDemo } = await import('./seed.ts');

const { values } = parseArgs({ options: { at: { type: 'string' } }, allowPositionals: true });
const dataDir = resolve(process.env.SIKLUS_DATA_DIR ?? '.siklus');
const port = Number(process.env.PORT ?? 3000);

try {
  const started = await startBackend({ dataDir, ...(values.at ? { at: values.at } : {}) });
  backend = started;
  if (stopping) await new Promise(() => {}); // a Ctrl-C came while starting: shutdown() finishes
  process.env.SIKLUS_MAIL_DIR = join(dataDir, 'mail');
  process.env.SIKLUS_EVENTS_FILE = join(dataDir, 'events.jsonl');
  const scheduler = new LocalScheduler(started.clock, { log: (line) => console.log(`[scheduler] ${line}`) });
  // Reports: on request, and at each phase's close (the EventBridge rules' stand-in).
  installLocalReports({ onPeriodClosed: true, log: (line) => console.log(`[reports] ${line}`) });
  // One thing at a time: a clock move and the periodic tick never run side by side.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => {});
    return next;
  };
  setClockControl({ advanceTo: (at) => serial(() => scheduler.advanceTo(at.getTime())) });

  const seeded = await seedDemo();
  const served = await startHttpApi({ port, jwks: started.keys.publicJwks });
  api = served;
  const seconds = process.uptime().toFixed(1);
  const logins = demoLogins()
    .map(
      (l) =>
        `  ${l.who}\n    {"nip":"${l.nip}","agencyId":"${l.agencyId}","roles":${JSON.stringify(l.roles)}}`,
    )
    .join('\n');
  console.log(`
Siklus is running (ready ${seconds} s after the process started)${seeded ? `, demo agency kota-bukittinggi seeded (cycle ${demoCycleYear(now())} open)` : ''}
  Clock      ${now().toISOString()}   (GET/POST ${served.url}/v1/dev/clock; start elsewhere with --at)
  API        ${served.url}            (GET /health)
  API docs   ${served.url}/docs
  OpenAPI    ${served.url}/openapi.json
  DynamoDB   ${started.dynamo.endpoint}   (table siklus)
  E-mails    ${process.env.SIKLUS_MAIL_DIR}   (.eml, one digest per person per day)
  Workflows  phase executions start on their schedules; sweep every ${workflowRules.sweepEveryMinutes} min
  Reports    at each phase's close and on request (POST /v1/agencies/{id}/reports), files in S3 bucket siklus-reports
  S3         ${started.s3.endpoint}   (key/secret S3RVER)
  Data dir   ${dataDir}

Demo logins (POST any of these to /v1/dev/token):
${logins}

  TOKEN=$(curl -s ${served.url}/v1/dev/token -H 'content-type: application/json' \\
    -d '{"nip":"${demoLogins()[0]!.nip}","agencyId":"kota-bukittinggi","roles":["HR"]}' | jq -r .token)
  curl -s ${served.url}/v1/me -H "authorization: Bearer $TOKEN"

Ctrl-C to stop.`);
  console.log('SIKLUS_READY');
  // Schedules, sweep and digest as the clock runs (Wait states are released by the clock itself).
  const tick = () =>
    serial(() => scheduler.runDue()).catch((err: unknown) => {
      console.error('[scheduler]', err);
    });
  void tick();
  ticker = setInterval(tick, 15_000);
  ticker.unref();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown('', 1);
}
