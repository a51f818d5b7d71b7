/** The phase schedule as EventBridge Scheduler receives it (the adapter's one pure part). */
import { describe, expect, it } from 'vitest';
import type { PhaseRun } from '#core/phases.ts';
import { scheduleRequest } from '#functions/adapters/scheduler.ts';

const run: PhaseRun = {
  name: 'bkpsdm-2027-PLANNING',
  agencyId: 'bkpsdm',
  year: 2027,
  phase: 'PLANNING',
  startAt: '2027-01-04T00:00:00+07:00',
  deadline: '2027-01-31T23:59:59+07:00',
  endAt: '2027-02-01T00:00:00+07:00',
};
const to = {
  machineArn: 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:Phase',
  roleArn: 'arn:aws:iam::123456789012:role/Scheduler',
  group: 'siklus-phases',
  deadLetterArn: 'arn:aws:sqs:ap-southeast-3:123456789012:DeliveryDeadLetters',
};

describe('a phase schedule', () => {
  it('starts the execution at the phase start in the agency zone, retries, and dead-letters what it cannot deliver', () => {
    const req = scheduleRequest(run, 'Asia/Jakarta', new Date('2026-12-01T00:00:00Z'), to);
    expect(req).toMatchObject({
      Name: run.name,
      GroupName: 'siklus-phases',
      ScheduleExpression: 'at(2027-01-04T00:00:00)',
      ScheduleExpressionTimezone: 'Asia/Jakarta',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: to.machineArn,
        RoleArn: to.roleArn,
        RetryPolicy: { MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: to.deadLetterArn },
      },
    });
    expect(JSON.parse(req.Target!.Input!)).toEqual(run);
  });

  it('a phase that has begun starts a minute from now', () => {
    const req = scheduleRequest(run, 'Asia/Jakarta', new Date('2027-01-10T03:00:00Z'), to);
    expect(req.ScheduleExpression).toBe('at(2027-01-10T10:01:00)');
  });
});
