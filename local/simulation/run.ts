/**
 * A whole cycle year against the local stack on the runtime's clock: the world is built through
 * the real API, actors act at their instants, the clock is moved from one action to the next
 * (schedules, Wait states, the sweep and the digest happen on the way, each at its own time), and
 * the oracle judges the outcome by the core's rules. Every counter is this run's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveDeps } from '#functions/adapters/deps.ts';
import { ddb } from '#functions/adapters/dynamo.ts';
import { rng } from '../demo-data.ts';
import { apiCounters } from '../invoke.ts';
import { startBackend } from '../runtime.ts';
import { LocalScheduler, schedulerCounters } from '../scheduler.ts';
import { workflowCounters } from '../workflows.ts';
import { Actors, type Outcomes } from './actors.ts';
import { judge } from './oracle.ts';
import { buildWorld } from './world.ts';

export interface SimulationOptions {
  agencies: number;
  employees: number;
  year: number;
  seed: number;
  log: (line: string) => void;
}

export interface Summary {
  employees: number;
  agencies: number;
  executions: number;
  failedExecutions: number;
  stateTransitions: number;
  lambdaInvocations: number;
  remindersSent: number;
  emailsSent: number;
  escalations: number;
  actions: Outcomes;
  unescalatedOverdue: number;
  skipped: number;
  wrongPredikat: number;
  dynamodb: { readUnits: number; writeUnits: number };
  costUsdPer1000EmployeeYears: number;
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

const writeCommands = /Put|Update|Delete|BatchWrite|TransactWrite/;

export async function runSimulation(o: SimulationOptions): Promise<Summary> {
  const random = rng(o.seed);
  const mailDir = mkdtempSync(join(tmpdir(), 'siklus-sim-mail-'));
  process.env.SIKLUS_MAIL_DIR = mailDir;
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  // The runtime's one clock, started on 1 December of the year before.
  const backend = await startBackend({ at: `${o.year - 1}-12-01T00:00:00Z` });
  try {
    const clock = backend.clock;
    // DynamoDB capacity: every command asks for it, and this run's totals add up here.
    const capacity = { read: 0, write: 0 };
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
    const world = await buildWorld({ agencies: o.agencies, employees: o.employees, year: o.year, random });
    o.log(
      `simulating ${world.people.size} employees in ${o.agencies} agencies, ${o.year - 1}-12-01 .. ${o.year + 1}-04-15`,
    );
    const actors = new Actors(world, () => clock.now(), random, o.log);
    actors.planYear();

    // The clock: to each action's instant in turn (what falls due on the way runs at its own time).
    const end = Date.parse(`${o.year + 1}-04-15T00:00:00Z`);
    for (;;) {
      actors.actions.sort((x, y) => x.at - y.at);
      const next = actors.actions[0];
      if (!next || next.at > end) break;
      await scheduler.advanceTo(Math.max(next.at, clock.now()));
      for (const a of actors.actions.filter((x) => x.at <= clock.now())) {
        actors.actions.splice(actors.actions.indexOf(a), 1);
        await a.run();
      }
    }
    await scheduler.advanceTo(end);
    if (scheduler.active > 0)
      throw new Error(`${scheduler.active} phase executions still running at ${new Date(end).toISOString()}`);

    const periodicity = (agencyId: string) => (Number(agencyId.slice(4)) % 2 === 1 ? 'QUARTERLY' : 'MONTHLY');
    const verdict = await judge(liveDeps().store, world, clock.now(), periodicity);
    for (const f of verdict.findings) o.log(f);

    const lambdaInvocations =
      workflowCounters.lambdaInvocations +
      schedulerCounters.sweeps +
      schedulerCounters.digests +
      apiCounters.invocations;
    const lambdaGbSeconds =
      (apiCounters.ms / 1000) * 0.5 +
      (workflowCounters.lambdaInvocations + schedulerCounters.sweeps + schedulerCounters.digests) * 0.2;
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
    o.log(
      `${verdict.openItems} items still open at the end (${verdict.checkinDuties} unrecorded check-ins), ${schedulerCounters.sweeps} sweeps, ${schedulerCounters.digests} digests`,
    );
    return {
      employees: world.people.size,
      agencies: o.agencies,
      executions: workflowCounters.executions,
      failedExecutions: workflowCounters.failedExecutions,
      stateTransitions: workflowCounters.stateTransitions,
      lambdaInvocations,
      remindersSent: scheduler.totals.reminders,
      emailsSent: schedulerCounters.emailsSent,
      escalations: scheduler.totals.escalations,
      actions: actors.outcomes,
      unescalatedOverdue: verdict.unescalatedOverdue,
      skipped: verdict.skipped,
      wrongPredikat: verdict.wrongPredikat,
      dynamodb: { readUnits: Math.round(capacity.read), writeUnits: Math.round(capacity.write) },
      costUsdPer1000EmployeeYears: Number(((cost / world.people.size) * 1000).toFixed(4)),
    };
  } finally {
    await backend.stop();
    rmSync(mailDir, { recursive: true, force: true });
  }
}
