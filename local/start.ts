/**
 * `npm start`: the whole system on this machine. Data lives under SIKLUS_DATA_DIR (default
 * .siklus/) and survives a restart. Ctrl-C stops every child process.
 */
import { join, resolve } from 'node:path';
import { workflowRules } from '#config/workflow.ts';
import { LocalScheduler } from './scheduler.ts';
import { startHttpApi } from './http-server.ts';
import { startBackend } from './runtime.ts';
import { demoCycleYear, demoLogins, seedDemo } from './seed.ts';

const began = performance.now();
const dataDir = resolve(process.env.SIKLUS_DATA_DIR ?? '.siklus');
const port = Number(process.env.PORT ?? 3000);

const backend = await startBackend({ dataDir });
process.env.SIKLUS_MAIL_DIR = join(dataDir, 'mail');
process.env.SIKLUS_EVENTS_FILE = join(dataDir, 'events.jsonl');
const scheduler = new LocalScheduler(() => Date.now(), {}, (line) => console.log(`[scheduler] ${line}`));
let api: Awaited<ReturnType<typeof startHttpApi>>;
try {
  const seeded = await seedDemo();
  api = await startHttpApi({ port, jwks: backend.keys.publicJwks });
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const logins = demoLogins()
    .map((l) => `  ${l.who}\n    {"nip":"${l.nip}","agencyId":"${l.agencyId}","roles":${JSON.stringify(l.roles)}}`)
    .join('\n');
  console.log(`
Siklus is running (ready in ${seconds} s)${seeded ? `, demo agency kota-bukittinggi seeded (cycle ${demoCycleYear(new Date())} open)` : ''}
  API        ${api.url}            (GET /health)
  API docs   ${api.url}/docs
  OpenAPI    ${api.url}/openapi.json
  DynamoDB   ${backend.dynamo.endpoint}   (table siklus)
  E-mails    ${process.env.SIKLUS_MAIL_DIR}   (.eml, one digest per person per day)
  Workflows  phase executions start on their schedules; sweep every ${workflowRules.sweepEveryMinutes} min
  S3         ${backend.s3.endpoint}   (key/secret S3RVER)
  Data dir   ${dataDir}

Demo logins (POST any of these to /v1/dev/token):
${logins}

  TOKEN=$(curl -s ${api.url}/v1/dev/token -H 'content-type: application/json' \\
    -d '{"nip":"${demoLogins()[0]!.nip}","agencyId":"kota-bukittinggi","roles":["HR"]}' | jq -r .token)
  curl -s ${api.url}/v1/me -H "authorization: Bearer $TOKEN"

Ctrl-C to stop.`);
  console.log('SIKLUS_READY');
  // Schedules, sweep and digest on the wall clock (state machines wait in real time).
  const tick = async () => {
    try {
      await scheduler.startDue();
      await scheduler.sweepIfDue();
      await scheduler.digestIfDue();
    } catch (err) {
      console.error('[scheduler]', err);
    }
  };
  void tick();
  setInterval(tick, 15_000).unref();
} catch (err) {
  console.error(err);
  await backend.stop();
  process.exit(1);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Siklus...`);
  await new Promise<void>((r) => api.server.close(() => r()));
  api.server.closeAllConnections();
  await backend.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
