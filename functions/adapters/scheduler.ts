/**
 * One-time schedules that start each phase execution at the phase's start, in the agency's zone.
 * AWS: EventBridge Scheduler (`at()` + ScheduleExpressionTimezone, deleted after it fires).
 * Locally: schedule items in the table that the local runtime's scheduler starts on time.
 */
import { createHash } from 'node:crypto';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
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
  for (const run of runs) {
    // A cycle opened late starts its already-begun phases a minute from now.
    const start =
      Date.parse(run.startAt) > now.getTime() + 60_000
        ? run.startAt
        : new Date(now.getTime() + 60_000).toISOString();
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: scheduleName(run),
          GroupName: awsName('SCHEDULE_GROUP'),
          ScheduleExpression: `at(${localWallTime(start, timeZone)})`,
          ScheduleExpressionTimezone: timeZone,
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: machineArn, RoleArn: awsName('SCHEDULER_ROLE_ARN'), Input: JSON.stringify(run) },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConflictException)) throw err; // already scheduled: idempotent
    }
  }
}
