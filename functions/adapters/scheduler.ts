/**
 * One-time schedules that start each phase execution at the phase's start, in the agency's zone.
 * AWS: EventBridge Scheduler (`at()` + ScheduleExpressionTimezone, deleted after it fires).
 * Locally: schedule items in the table that the local runtime's scheduler starts on time.
 */
import { createHash } from 'node:crypto';
import type { CreateScheduleCommandInput, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DomainError } from '#core/errors.ts';
import type { PhaseRun } from '#core/phases.ts';
import { awsName } from '../env.ts';
import { tracer } from '../observability.ts';
import { dynamoStore } from './dynamo/store.ts';

let client: SchedulerClient | undefined;

/** Scheduler names: at most 64 characters of [0-9a-zA-Z-_.]. */
export const scheduleName = (run: PhaseRun) =>
  run.name.length <= 64
    ? run.name
    : `${run.name.slice(0, 47)}-${createHash('sha256').update(run.name).digest('hex').slice(0, 16)}`;

/** Local wall time of an instant in a zone, as Scheduler's at() wants it (no offset). */
const localWallTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(new Date(iso))
    .replace(' ', 'T');

export interface ScheduleTargets {
  machineArn: string;
  roleArn: string;
  group: string;
  deadLetterArn: string;
}

/**
 * The one-time schedule that starts `run`: at its start in the agency's zone (a minute from now
 * for a phase that has begun already), deleted once it fired, retried, and dead-lettered to the
 * stack's queue when the execution cannot be started (its depth is an alarm, infra/alerts.ts).
 */
export function scheduleRequest(
  run: PhaseRun,
  timeZone: string,
  now: Date,
  to: ScheduleTargets,
): CreateScheduleCommandInput {
  const start =
    Date.parse(run.startAt) > now.getTime() + 60_000
      ? run.startAt
      : new Date(now.getTime() + 60_000).toISOString();
  return {
    Name: scheduleName(run),
    GroupName: to.group,
    ScheduleExpression: `at(${localWallTime(start, timeZone)})`,
    ScheduleExpressionTimezone: timeZone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: to.machineArn,
      RoleArn: to.roleArn,
      Input: JSON.stringify(run),
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 24 * 60 * 60 },
      DeadLetterConfig: { Arn: to.deadLetterArn },
    },
  };
}

/**
 * Idempotent: a schedule that exists is left as it is. Phases whose deadline has passed are not
 * scheduled (a cycle opened late does not escalate what nobody could have done in time).
 */
export async function schedulePhases(
  allRuns: readonly PhaseRun[],
  timeZone: string,
  now: Date,
): Promise<void> {
  const runs = allRuns.filter((run) => Date.parse(run.deadline) > now.getTime());
  const machineArn = awsName('PHASE_STATE_MACHINE_ARN');
  if (!machineArn) {
    // Local runtime: the same runs, kept where the local scheduler looks (local/scheduler.ts).
    const exists = new DomainError('CONFLICT', 'SCHEDULE_EXISTS');
    await Promise.all(
      runs.map((run) =>
        dynamoStore
          .commit(
            [
              {
                type: 'create',
                ref: { kind: 'SCHEDULE', id: { name: run.name, startAt: run.startAt } },
                doc: { run, state: 'PENDING' },
                explain: () => exists,
              },
            ],
            {
              result: undefined,
            },
          )
          .catch((err: unknown) => {
            if (err !== exists) throw err;
          }),
      ),
    );
    return;
  }
  // Loaded on first use (AWS only): every function bundles this adapter, few send with it, and
  // each SDK client package costs cold-start time to load.
  const { ConflictException, CreateScheduleCommand, SchedulerClient } = await import(
    '@aws-sdk/client-scheduler'
  );
  client ??= tracer.captureAWSv3Client(new SchedulerClient({}));
  const to: ScheduleTargets = {
    machineArn,
    roleArn: awsName('SCHEDULER_ROLE_ARN')!,
    group: awsName('SCHEDULE_GROUP')!,
    deadLetterArn: awsName('SCHEDULE_DLQ_ARN')!,
  };
  for (const run of runs) {
    try {
      await client.send(new CreateScheduleCommand(scheduleRequest(run, timeZone, now, to)));
    } catch (err) {
      if (!(err instanceof ConflictException)) throw err; // already scheduled: idempotent
    }
  }
}
