/**
 * The local stand-in for EventBridge Scheduler: starts each phase execution when its one-time
 * schedule comes due (the schedule items the cycles function writes locally), runs the sweep at
 * the rate and the digest at the hour config/workflow.ts gives the CDK stack.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { workflowRules } from '#config/workflow.ts';
import type { PhaseRun } from '#core/phases.ts';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { digest } from '#functions/use-cases/digest.ts';
import { sweep } from '#functions/use-cases/sweep.ts';
import { type RunOptions, startPhaseExecution } from './workflows.ts';

export const schedulerCounters = { sweeps: 0, digests: 0, emailsSent: 0, scheduledStarts: 0 };

export class LocalScheduler {
  private readonly running = new Set<Promise<unknown>>();
  private lastSweep = 0;
  private lastDigestDay = '';

  constructor(
    private readonly now: () => number,
    private readonly runOptions: RunOptions = {},
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Starts every schedule that is due and not started (idempotent across restarts). */
  async startDue(): Promise<number> {
    const upTo = `${new Date(this.now()).toISOString()}#\uffff`;
    const due = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND sk <= :upTo',
        FilterExpression: '#s <> :done',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':p': 'LOCALSCHEDULE', ':upTo': upTo, ':done': 'DONE' },
      }),
    );
    let started = 0;
    for (const item of due.Items ?? []) {
      const key = { pk: item.pk, sk: item.sk };
      if (item.state === 'STARTED' && this.isRunning(item.sk as string)) continue;
      const run = item.run as PhaseRun;
      await ddb().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':s': 'STARTED' } }));
      schedulerCounters.scheduledStarts++;
      started++;
      this.log(`phase ${run.name} started`);
      const execution = startPhaseExecution(run, this.runOptions).result.then(
        async () => {
          await ddb().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':s': 'DONE' } }));
          this.log(`phase ${run.name} done`);
        },
        (err: unknown) => this.log(`phase ${run.name} FAILED: ${(err as Error).message}`),
      );
      const tracked = execution.finally(() => {
        this.running.delete(tracked);
        this.names.delete(item.sk as string);
      });
      this.running.add(tracked);
      this.names.add(item.sk as string);
    }
    return started;
  }

  private readonly names = new Set<string>();
  private isRunning(sk: string) {
    return this.names.has(sk);
  }

  /** The hourly sweep, when an interval has passed. */
  async sweepIfDue(everyMs = workflowRules.sweepEveryMinutes * 60_000): Promise<void> {
    const t = this.now();
    if (t - this.lastSweep < everyMs) return;
    this.lastSweep = t;
    schedulerCounters.sweeps++;
    await sweep(new Date(t));
  }

  /** The daily digest, once per UTC day from the configured hour. */
  async digestIfDue(): Promise<void> {
    const d = new Date(this.now());
    const day = d.toISOString().slice(0, 10);
    if (day === this.lastDigestDay || d.getUTCHours() < workflowRules.digestHourUtc) return;
    this.lastDigestDay = day;
    schedulerCounters.digests++;
    const stats = await digest(d);
    schedulerCounters.emailsSent += stats.emailsSent;
  }

  get active(): number {
    return this.running.size;
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
