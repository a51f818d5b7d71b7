/**
 * `npm run simulate -- --agencies A --employees N --year Y [--json]`: a whole cycle year against
 * the local stack on a simulated clock. Real handlers, real DynamoDB Local, the synthesized state
 * machine; employees and supervisors act on time, late or never; the schedules, the sweep and the
 * digest run as configured. Prints a summary; with --json the last line is machine-readable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { workflowRules } from '#config/workflow.ts';
import { periodIds } from '#core/cycle.ts';
import type { Doc, DocRef } from '#core/ports.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { ddb } from '#functions/adapters/dynamo.ts';
import { type OrgRow, rng, syntheticOrg, toCsv } from './demo-data.ts';
import { apiCounters, invokeRoute, tokenFor } from './invoke.ts';
import { startBackend } from './runtime.ts';
import { LocalScheduler, schedulerCounters } from './scheduler.ts';
import { workflowCounters } from './workflows.ts';

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '3' },
    employees: { type: 'string', default: '300' },
    year: { type: 'string', default: String(new Date().getUTCFullYear() + 1) },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: '7' },
  },
});
const agencies = Number(values.agencies);
const employees = Number(values.employees);
const year = Number(values.year);
const random = rng(Number(values.seed));
const say = (line: string) => {
  if (!values.json) console.log(line);
  else console.error(line);
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// DynamoDB capacity: every command asks for it, and the totals add up here.
const capacity = { read: 0, write: 0 };
const writeCommands = /Put|Update|Delete|BatchWrite|TransactWrite/;

const mailDir = mkdtempSync(join(tmpdir(), 'siklus-sim-mail-'));
process.env.SIKLUS_MAIL_DIR = mailDir;
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
// The runtime's one clock, started on 1 December of the year before; every action, schedule,
// Wait state, sweep and digest happens at its own instant as the clock is moved forward.
const backend = await startBackend({ at: `${year - 1}-12-01T00:00:00Z` });
const clock = backend.clock;
const simNow = () => clock.now();
const sweepEveryMs = workflowRules.sweepEveryMinutes * 60_000;
ddb().middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as Record<string, unknown>;
    if (context.commandName !== 'ListTablesCommand') input.ReturnConsumedCapacity = 'TOTAL';
    const out = await next(args);
    const consumed = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
      CapacityUnits?: number;
    }[];
    const units = list.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
    if (writeCommands.test(context.commandName ?? '')) capacity.write += units;
    else capacity.read += units;
    return out;
  },
  { step: 'initialize', name: 'capacity' },
);

const scheduler = new LocalScheduler(clock);

type Behaviour = 'ON_TIME' | 'LATE' | 'NEVER';
const pickBehaviour = (): Behaviour => {
  const r = random();
  return r < 0.7 ? 'ON_TIME' : r < 0.85 ? 'LATE' : 'NEVER';
};

interface Person extends OrgRow {
  agencyId: string;
  token: string;
  drafts: Behaviour;
  approves: Behaviour;
}

interface Action {
  at: number;
  run: () => Promise<void>;
}
const actions: Action[] = [];
const schedule = (at: number, run: () => Promise<void>) => actions.push({ at, run });
const dayIn = (from: string, to: string) =>
  Date.parse(from) +
  Math.floor(random() * ((Date.parse(to) - Date.parse(from)) / DAY)) * DAY +
  (1 + Math.floor(random() * 8)) * HOUR;

const began = performance.now();
const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
const people = new Map<string, Person>();
const periodsByAgency = new Map<string, { period: string; start: string; end: string }[]>();
const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
const perAgency = Math.max(2, Math.floor(employees / agencies));
for (let a = 0; a < agencies; a++) {
  const agencyId = `sim-${a + 1}`;
  const periodicity = a % 2 === 0 ? 'QUARTERLY' : 'MONTHLY';
  await invokeRoute('POST', '/v1/agencies', {
    token: admin,
    body: {
      agencyId,
      name: `Instansi Simulasi ${a + 1}`,
      timeZone: zones[a % 3],
      periodicity,
      hrEmail: `kepegawaian@sim-${a + 1}.go.id`,
    },
  });
  const org = syntheticOrg(perAgency, 1000 + a).map((r) => ({ ...r, unitId: `${r.unitId}` }));
  const hr = await tokenFor(org[0]!.nip, agencyId, ['HR']);
  const imported = await invokeRoute('POST', `/v1/agencies/${agencyId}/employees/import`, {
    token: hr,
    raw: { contentType: 'text/csv', text: toCsv(org) },
  });
  if (imported.status !== 200)
    throw new Error(`import ${agencyId}: ${JSON.stringify(imported.body).slice(0, 500)}`);
  const opened = await invokeRoute('POST', `/v1/agencies/${agencyId}/cycles`, { token: hr, body: { year } });
  if (opened.status !== 201) throw new Error(`cycle ${agencyId}: ${JSON.stringify(opened.body)}`);
  periodsByAgency.set(agencyId, opened.body.periods);
  for (const row of org) {
    people.set(row.nip, {
      ...row,
      agencyId,
      token: await tokenFor(row.nip, agencyId),
      drafts: pickBehaviour(),
      approves: pickBehaviour(),
    });
  }
}
say(`simulating ${people.size} employees in ${agencies} agencies, ${year - 1}-12-01 .. ${year + 1}-04-15`);

const indicator = {
  text: 'Persentase penyelesaian',
  aspect: 'KUANTITAS',
  target: { value: 100, unit: 'persen' },
};
const skpOf = async (p: Person, reader = p) =>
  invokeRoute('GET', `/v1/employees/${p.nip}/skp?year=${year}`, { token: reader.token });

/** Draft (linked to the supervisor's first RHK when it exists) and submit; retry while the supervisor has none. */
async function draftAndSubmit(p: Person, attempt = 0): Promise<void> {
  const supervisor = p.supervisorNip ? people.get(p.supervisorNip) : undefined;
  let link: string | undefined;
  if (supervisor) {
    const sup = await skpOf(supervisor, supervisor);
    link = sup.status === 200 ? sup.body.content.rhk[0].rhkId : undefined;
    if (!link) {
      if (attempt < 20) schedule(simNow() + 2 * DAY, () => draftAndSubmit(p, attempt + 1));
      return;
    }
  }
  const rhk = [
    {
      kind: 'UTAMA',
      text: `Hasil kerja ${p.position}`,
      ...(link ? { intervenesRhkId: link } : {}),
      indicators: [indicator],
    },
  ];
  let doc = await skpOf(p);
  if (doc.status === 404) doc = await invokeRoute('POST', '/v1/skp', { token: p.token, body: { year, rhk } });
  if (doc.body.status !== 'DRAFT' && doc.body.status !== 'RETURNED') return;
  const sub = await invokeRoute('POST', `/v1/skp/${doc.body.skpId}/submit`, {
    token: p.token,
    headers: { 'if-match': doc.body.etag },
  });
  if (sub.status !== 200) return;
  if (!supervisor || supervisor.approves === 'NEVER') return;
  const delay =
    supervisor.approves === 'ON_TIME'
      ? (1 + Math.floor(random() * 4)) * DAY
      : (8 + Math.floor(random() * 8)) * DAY;
  schedule(simNow() + delay, async () => {
    const current = await skpOf(p, supervisor);
    if (current.body.status === 'SUBMITTED') {
      await invokeRoute('POST', `/v1/skp/${current.body.skpId}/approve`, {
        token: supervisor.token,
        headers: { 'if-match': current.body.etag },
      });
    }
  });
}

/** A period's check-in: realisasi for every indicator, submitted; the appraiser answers later. */
async function checkIn(p: Person, period: string): Promise<void> {
  const skp = await skpOf(p);
  if (skp.body.status !== 'APPROVED' && !skp.body.approvedContent) return;
  const indicators = (skp.body.approvedContent ?? skp.body.content).rhk.flatMap(
    (r: { indicators: { indicatorId: string }[] }) =>
      r.indicators.map((i) => ({ indicatorId: i.indicatorId, value: 60 + Math.floor(random() * 60) })),
  );
  const path = `/v1/skp/${skp.body.skpId}/periods/${period}`;
  const saved = await invokeRoute('PUT', `${path}/realisasi`, { token: p.token, body: { indicators } });
  if (saved.status !== 200 && saved.status !== 201) return; // window closed: it stays owed, and escalates
  const submitted = await invokeRoute('POST', `${path}/submit`, {
    token: p.token,
    headers: { 'if-match': saved.body.etag },
  });
  const supervisor = p.supervisorNip ? people.get(p.supervisorNip) : undefined;
  if (submitted.status !== 200 || !supervisor || supervisor.approves === 'NEVER') return;
  const delay =
    supervisor.approves === 'ON_TIME'
      ? (1 + Math.floor(random() * 4)) * DAY
      : (8 + Math.floor(random() * 8)) * DAY;
  schedule(simNow() + delay, async () => {
    const current = await invokeRoute('GET', path, { token: supervisor.token });
    if (current.body.status === 'SUBMITTED') {
      await invokeRoute('POST', `${path}/feedback`, {
        token: supervisor.token,
        headers: { 'if-match': current.body.etag },
        body: { general: 'Pertahankan capaian; lengkapi bukti dukung.' },
      });
    }
  });
}

for (const p of people.values()) {
  // Check-ins: most in the last days of the period, some after the window, some never.
  for (const { period, end } of periodsByAgency.get(p.agencyId) ?? []) {
    const r = random();
    if (r >= 0.85) continue;
    const endMs = Date.parse(`${end}T12:00:00Z`);
    const at =
      r < 0.7 ? endMs - Math.floor(random() * 10) * DAY : endMs + (3 + Math.floor(random() * 8)) * DAY;
    schedule(at, () => checkIn(p, period));
  }
  if (p.drafts === 'NEVER') continue;
  // Heads of the tree first: the top draft in early January, everyone else after them.
  const at =
    p.drafts === 'ON_TIME'
      ? dayIn(`${year}-01-02`, `${year}-01-26`)
      : dayIn(`${year}-02-02`, `${year}-02-20`);
  schedule(p.supervisorNip ? at : Date.parse(`${year}-01-02T02:00:00Z`), () => draftAndSubmit(p));
}

// The clock: to each action's instant in turn (what falls due on the way runs at its own time).
const end = Date.parse(`${year + 1}-04-15T00:00:00Z`);
for (;;) {
  actions.sort((x, y) => x.at - y.at);
  const next = actions[0];
  if (!next || next.at > end) break;
  await scheduler.advanceTo(Math.max(next.at, simNow()));
  for (const a of actions.filter((x) => x.at <= simNow())) {
    actions.splice(actions.indexOf(a), 1);
    await a.run();
  }
}
await scheduler.advanceTo(end);
if (scheduler.active > 0)
  throw new Error(`${scheduler.active} phase executions still running at ${new Date(end).toISOString()}`);

// Audit of the outcome: nobody skipped, nothing overdue left unescalated.
let skipped = 0;
let unescalatedOverdue = 0;
let openItems = 0;
let checkinDuties = 0;
const list = [...people.values()];
const periodsOf = (agencyId: string) =>
  periodIds(Number(agencyId.slice(4)) % 2 === 1 ? 'QUARTERLY' : 'MONTHLY');
const store = liveDeps().store;
for (let i = 0; i < list.length; i += 10) {
  const chunk = list.slice(i, i + 10);
  const firsts = await store.getMany(
    chunk.map((p) => ({ kind: 'SKP' as const, id: { nip: p.nip, year, seq: 1 } })),
  );
  const mineOf = new Map<string, Doc[]>();
  const docs = await store.getMany(
    chunk.flatMap((p, j): DocRef[] => [
      { kind: 'DUTY' as const, id: { nip: p.nip, year, phase: 'PLANNING' } },
      ...periodsOf(p.agencyId).flatMap((q): DocRef[] => [
        { kind: 'DUTY', id: { nip: p.nip, year, phase: q } },
        ...(firsts[j]
          ? [{ kind: 'CHECKIN' as const, id: { skpId: String(firsts[j]!.skpId), period: q } }]
          : []),
      ]),
    ]),
  );
  for (const d of [...firsts, ...docs])
    if (d) mineOf.set(String(d.ownerNip), [...(mineOf.get(String(d.ownerNip)) ?? []), d]);
  checkinDuties += docs.filter((it) => it?.pendingKind === 'SUBMIT_CHECKIN').length;
  for (const p of chunk) {
    const mine = mineOf.get(p.nip) ?? [];
    // Nobody left out of planning: each person has an SKP or owes one.
    if (!mine.some((it) => it.type === 'SKP' || (it.type === 'DUTY' && it.phase === 'PLANNING'))) skipped++;
    for (const it of mine.filter((x) => x.pendingDueAt)) {
      openItems++;
      const overdueFor = simNow() - Date.parse(it.pendingDueAt as string);
      const expected =
        overdueFor <= sweepEveryMs
          ? 0
          : Math.min(
              workflowRules.maxEscalationLevel,
              1 + Math.floor((overdueFor - sweepEveryMs) / (workflowRules.escalationIntervalDays * DAY)),
            );
      if (((it.escalationLevel as number) ?? 0) < expected) {
        unescalatedOverdue++;
        say(
          `unescalated: ${it.type} ${it.pendingKind} due ${it.pendingDueAt} level ${it.escalationLevel} next ${it.nextActionAt} (expected ${expected}) ${JSON.stringify({ r: it.remindersSent, sub: it.submittedAt, owner: it.pendingOwner })}`,
        );
      }
    }
  }
}

// Public on-demand prices (us-east-1, USD, 2025): Step Functions Standard, Lambda (arm64),
// DynamoDB on-demand, SES, EventBridge Scheduler and PutEvents.
const price = {
  transition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  wru: 0.625 / 1e6,
  rru: 0.125 / 1e6,
  email: 0.1 / 1000,
  schedulerInvocation: 1 / 1e6,
  putEvent: 1 / 1e6,
};
const lambdaInvocations =
  workflowCounters.lambdaInvocations +
  schedulerCounters.sweeps +
  schedulerCounters.digests +
  apiCounters.invocations;
const lambdaGbSeconds =
  (apiCounters.ms / 1000) * 0.5 +
  (workflowCounters.lambdaInvocations + schedulerCounters.sweeps + schedulerCounters.digests) * 0.2 * 1;
const cost =
  workflowCounters.stateTransitions * price.transition +
  lambdaInvocations * price.lambdaRequest +
  lambdaGbSeconds * price.lambdaGbSecond +
  capacity.write * price.wru +
  capacity.read * price.rru +
  schedulerCounters.emailsSent * price.email +
  (schedulerCounters.scheduledStarts + schedulerCounters.sweeps + schedulerCounters.digests) *
    price.schedulerInvocation +
  workflowCounters.executions * price.putEvent;

const summary = {
  employees: people.size,
  agencies,
  executions: workflowCounters.executions,
  stateTransitions: workflowCounters.stateTransitions,
  lambdaInvocations,
  remindersSent: scheduler.totals.reminders,
  emailsSent: schedulerCounters.emailsSent,
  escalations: scheduler.totals.escalations,
  unescalatedOverdue,
  skipped,
  dynamodb: { readUnits: Math.round(capacity.read), writeUnits: Math.round(capacity.write) },
  costUsdPer1000EmployeeYears: Number(((cost / people.size) * 1000).toFixed(4)),
};
say(
  `done in ${((performance.now() - began) / 1000).toFixed(1)} s: ${workflowCounters.executions} executions (${workflowCounters.failedExecutions} failed), ${openItems} items still open at the end (${checkinDuties} unrecorded check-ins), ${schedulerCounters.sweeps} sweeps, ${schedulerCounters.digests} digests`,
);
if (values.json) console.log(JSON.stringify(summary));
else console.table(summary);
await backend.stop();
rmSync(mailDir, { recursive: true, force: true });
process.exit(0);
