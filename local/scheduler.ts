/**
 * The local stand-in for EventBridge Scheduler and for the passing of time in Step Functions, on
 * the runtime's one clock: it starts each phase execution when its one-time schedule comes due
 * (the schedule items the cycles function writes locally), holds each execution's Wait state
 * until the clock reaches it, and runs the sweep at the rate and the digest at the hour that
 * config/workflow.ts gives the CDK stack.
 *
 * `advanceTo` moves the clock forward the way time would have passed: every schedule start, Wait
 * end, sweep with work and daily digest on the way happens at its own instant, in order.
 */
import { workflowRules } from '#config/workflow.ts';
import type { PhaseRun } from '#core/phases.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { digest } from '#functions/use-cases/digest.ts';
import { addStats, emptyStats } from '#functions/use-cases/due-items.ts';
import { nextDueInstant, sweep } from '#functions/use-cases/sweep.ts';
import type { LocalClock } from './clock.ts';
import { dynamoCalls as roundTrips } from './instrument.ts';
import { reportsRunning } from './reports.ts';
import { type RunOptions, startPhaseExecution } from './workflows.ts';

export const schedulerCounters = { sweeps: 0, digests: 0, emailsSent: 0, scheduledStarts: 0 };

const DAY = 86_400_000;

export interface SchedulerOptions {
  /** Wraps task handlers, changes retry back-off (tests). */
  run?: Omit<RunOptions, 'clock' | 'onWait' | 'onStats'>;
  /** Sweep interval; default the stack's (`sweepEveryMinutes`). */
  sweepEveryMs?: number;
  log?: (line: string) => void;
}

export class LocalScheduler {
  private readonly running = new Map<string, Promise<void>>();
  /** What the sweeps and phase executions of this scheduler did (reminders, escalations, ...). */
  readonly totals = emptyStats();
  /** Executions waiting for the clock in a Wait state. */
  private waiting = 0;
  private lastSweep: number;
  /** When this process last ran the sweep (undefined: not yet). */
  private sweptAt: number | undefined;
  private lastDigestDay: string;
  /** Nothing written since the last digest: nothing new to mail, so no need to stop at the next. */
  private writesAtDigest = -1;
  private readonly sweepEveryMs: number;
  private readonly log: (line: string) => void;
  /** What the last look at the table found, valid until something is written. */
  private seen:
    | { writes: number; horizon: number; due: string | undefined; schedule: number | undefined }
    | undefined;

  constructor(
    private readonly clock: LocalClock,
    private readonly options: SchedulerOptions = {},
  ) {
    this.sweepEveryMs = options.sweepEveryMs ?? workflowRules.sweepEveryMinutes * 60_000;
    this.log = options.log ?? (() => {});
    const now = clock.now();
    this.lastSweep = this.tickOf(now) - this.sweepEveryMs;
    this.lastDigestDay = '';
  }

  get active(): number {
    return this.running.size;
  }

  /** Runs what is due at the clock's current instant: schedules, a sweep tick, the digest. */
  async runDue(): Promise<void> {
    await this.startDue();
    await this.settle();
    const now = this.clock.now();
    if (this.tickOf(now) > this.lastSweep) {
      this.lastSweep = this.tickOf(now);
      this.sweptAt = now;
      schedulerCounters.sweeps++;
      addStats(this.totals, await sweep(liveDeps(), new Date(now)));
      await this.settle();
    }
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.lastDigestDay && new Date(now).getUTCHours() >= workflowRules.digestHourUtc) {
      this.lastDigestDay = day;
      schedulerCounters.digests++;
      schedulerCounters.emailsSent += (await digest(liveDeps(), new Date(now))).emailsSent;
      this.writesAtDigest = roundTrips.writes;
    }
  }

  /**
   * Moves the clock forward to `target`, stopping at every instant on the way at which
   * something happens, earliest first. Sweep ticks with nothing due are skipped (a sweep that
   * finds nothing changes nothing).
   */
  async advanceTo(target: number): Promise<void> {
    await this.settle();
    for (;;) {
      const now = this.clock.now();
      const next = await this.nextEvent(now, target);
      if (next === undefined || next > target) break;
      this.clock.set(next);
      await this.settle();
      await this.runDue();
    }
    this.clock.set(target);
    await this.settle();
    await this.runDue();
  }

  /** Resolves once every running execution waits for the clock or has finished (reports too). */
  async settle(): Promise<void> {
    while (this.running.size > this.waiting || reportsRunning()) await new Promise((r) => setTimeout(r, 2));
  }

  /** Waits for every execution to finish (the clock must be moved for them to). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private tickOf(ms: number): number {
    return Math.floor(ms / this.sweepEveryMs) * this.sweepEveryMs;
  }

  private async nextEvent(now: number, target: number): Promise<number | undefined> {
    const candidates: number[] = [];
    const wait = this.clock.nextWait();
    if (wait !== undefined) candidates.push(wait);
    // The digest: today's at its hour unless done (then tomorrow's); a digest later than its hour
    // only when nothing at all was written since the last one (then it has nothing to mail).
    const day = new Date(now).toISOString().slice(0, 10);
    const todays = Date.parse(day) + workflowRules.digestHourUtc * 3_600_000;
    if (roundTrips.writes !== this.writesAtDigest)
      candidates.push(day === this.lastDigestDay ? todays + DAY : Math.max(todays, now));
    // Schedules and due items change only with a write: look again only after one.
    const horizon = Math.min(target, ...candidates);
    if (!this.seen || this.seen.writes !== roundTrips.writes || horizon > this.seen.horizon) {
      const schedule = await this.nextScheduleAt();
      const due = await nextDueInstant(
        liveDeps(),
        new Date(now),
        new Date(horizon),
        this.sweptAt === undefined ? undefined : new Date(this.sweptAt),
      );
      this.seen = { writes: roundTrips.writes, horizon, due, schedule };
    }
    if (this.seen.schedule !== undefined) candidates.push(this.seen.schedule);
    if (this.seen.due !== undefined) {
      // The first sweep tick at or after the earliest due item.
      const at = Math.max(Date.parse(this.seen.due), this.lastSweep + this.sweepEveryMs);
      candidates.push(Math.ceil(at / this.sweepEveryMs) * this.sweepEveryMs);
    }
    return candidates.length ? Math.min(...candidates) : undefined;
  }

  private async pendingSchedules() {
    const page = await liveDeps().store.list({ kind: 'SCHEDULE', pattern: 'all', params: {} });
    return (page.items as unknown as { run: PhaseRun; state: string }[]).filter((s) => s.state !== 'DONE');
  }

  private async nextScheduleAt(): Promise<number | undefined> {
    const pending = (await this.pendingSchedules()).filter((s) => s.state === 'PENDING');
    return pending.length ? Math.min(...pending.map((s) => Date.parse(s.run.startAt))) : undefined;
  }

  /** Starts every schedule that is due and not running (idempotent across restarts). */
  async startDue(): Promise<number> {
    const now = this.clock.now();
    let started = 0;
    const due = (await this.pendingSchedules())
      .filter((s) => Date.parse(s.run.startAt) <= now && !this.running.has(s.run.name))
      .sort((a, b) => Date.parse(a.run.startAt) - Date.parse(b.run.startAt));
    for (const item of due) {
      const run = item.run;
      await this.setState(run, 'STARTED');
      schedulerCounters.scheduledStarts++;
      started++;
      this.log(`phase ${run.name} started`);
      const execution = startPhaseExecution(run, {
        ...this.options.run,
        clock: this.clock,
        onWait: (waiting) => {
          this.waiting += waiting ? 1 : -1;
        },
        onStats: (stats) => addStats(this.totals, stats),
      }).result.then(
        async () => {
          await this.setState(run, 'DONE');
          this.log(`phase ${run.name} done`);
        },
        (err: unknown) => this.log(`phase ${run.name} FAILED: ${(err as Error).message}`),
      );
      const tracked = execution.finally(() => this.running.delete(run.name));
      this.running.set(run.name, tracked);
    }
    return started;
  }

  private async setState(run: PhaseRun, state: string) {
    await liveDeps().store.commit(
      [
        {
          type: 'put',
          ref: { kind: 'SCHEDULE', id: { name: run.name, startAt: run.startAt } },
          doc: { run, state },
        },
      ],
      { result: undefined },
    );
  }
}
