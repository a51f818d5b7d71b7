/**
 * Infrastructure that tells someone (infra/alerts.ts): every alarm notifies one SNS topic (e-mail
 * subscriptions from context), every function is traced and alarmed on errors and throttles,
 * failed executions, table throttling and API 5xx are alarms, and what schedules, rules and
 * asynchronous invocations cannot deliver or finish lands in an encrypted dead-letter queue
 * whose depth is an alarm.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type CfnResource, synthApp } from './synth-app.ts';

const built = synthApp({ context: { alarmEmails: 'ops@bkpsdm.example.go.id, oncall@bkpsdm.example.go.id' } });
const t: Template = built.statelessTemplate;
const { alerts } = built.stateless;
const idOf = (c: { node: { defaultChild?: unknown } }) =>
  Stack.of(c as never).getLogicalId(c.node.defaultChild as never);
const topicId = idOf(alerts.topic);
const deliveryId = idOf(alerts.deliveryDeadLetters);
const taskId = idOf(alerts.taskDeadLetters);

const resources = (type: string) => Object.entries(t.findResources(type)) as [string, CfnResource][];
const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
const functions = resources('AWS::Lambda::Function');
const describedAs = (re: RegExp) => functions.filter(([, f]) => re.test(String(f.Properties!.Description)));
const alarmOn = (metric: string, dimension: unknown) =>
  alarms.filter(
    (a) => a.MetricName === metric && JSON.stringify(a.Dimensions ?? []).includes(JSON.stringify(dimension)),
  );

describe('the alarm topic', () => {
  it('is one topic that refuses publishing without TLS', () => {
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('mails everyone named in the alarmEmails context', () => {
    const subs = resources('AWS::SNS::Subscription').map(([, s]) => s.Properties!);
    expect(subs.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual([
      ['email', 'oncall@bkpsdm.example.go.id'],
      ['email', 'ops@bkpsdm.example.go.id'],
    ]);
    expect(subs.every((s) => JSON.stringify(s.TopicArn) === JSON.stringify({ Ref: topicId }))).toBe(true);
  });

  it('has no subscription without the context (the default app)', () => {
    expect(Object.keys(synthApp().statelessTemplate.findResources('AWS::SNS::Subscription'))).toHaveLength(0);
  });

  it('is told by every alarm, when it fires and when it clears', () => {
    expect(alarms.length).toBeGreaterThan(20);
    for (const a of alarms) {
      expect(a.AlarmActions, String(a.AlarmDescription)).toEqual([{ Ref: topicId }]);
      expect(a.OKActions, String(a.AlarmDescription)).toEqual([{ Ref: topicId }]);
      expect(a.TreatMissingData).toBe('notBreaching');
      expect(a.AlarmDescription).toEqual(expect.any(String));
    }
  });
});

describe('functions', () => {
  it.each(functions.map(([id, f]) => [String(f.Properties!.Description), id]))(
    '%s: X-Ray active, alarmed on errors and throttles',
    (_description, id) => {
      const fn = t.toJSON().Resources[id] as CfnResource;
      expect(fn.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
      expect(alarmOn('Errors', { Name: 'FunctionName', Value: { Ref: id } })).toHaveLength(1);
      expect(alarmOn('Throttles', { Name: 'FunctionName', Value: { Ref: id } })).toHaveLength(1);
    },
  );

  it('the asynchronously invoked ones (sweep, digest, import job) dead-letter what still fails after two retries', () => {
    const asyncFns = describedAs(/sweep|digest|Asynchronous employee import/i);
    expect(asyncFns).toHaveLength(3);
    for (const [id, f] of asyncFns) {
      expect(f.Properties!.DeadLetterConfig, id).toEqual({ TargetArn: { 'Fn::GetAtt': [taskId, 'Arn'] } });
      t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: id },
        MaximumRetryAttempts: 2,
      });
    }
    // Invoked synchronously (API Gateway, the state machine): the caller sees the failure.
    const others = functions.filter(([id]) => !asyncFns.some(([a]) => a === id));
    for (const [id, f] of others) expect(f.Properties!.DeadLetterConfig, id).toBeUndefined();
  });
});

describe('dead-letter queues', () => {
  it.each([
    ['delivery', deliveryId],
    ['task', taskId],
  ])('the %s queue is encrypted, TLS-only, keeps 14 days, and its depth is an alarm', (_name, id) => {
    const q = (t.toJSON().Resources[id] as CfnResource).Properties!;
    expect(q).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const depth = alarmOn('ApproximateNumberOfMessagesVisible', {
      Name: 'QueueName',
      Value: { 'Fn::GetAtt': [id, 'QueueName'] },
    });
    expect(depth).toHaveLength(1);
    expect(depth[0]).toMatchObject({ Threshold: 1, Statistic: 'Maximum' });
  });

  it('the sweep and digest schedules dead-letter to the delivery queue, which the scheduler role may send to', () => {
    const schedules = resources('AWS::Scheduler::Schedule').map(([, s]) => s.Properties!);
    expect(schedules).toHaveLength(2);
    for (const s of schedules)
      expect(s.Target).toMatchObject({
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deliveryId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3 },
      });
    const roleId = idOf(built.stateless.workflows.schedulerRole);
    const policies = resources('AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties!.Roles).includes(roleId),
    );
    expect(JSON.stringify(policies)).toContain('sqs:SendMessage');
    expect(JSON.stringify(policies)).toContain(deliveryId);
  });

  it('the phase schedules created at run time are told the same queue (SCHEDULE_DLQ_ARN on the cycles function)', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SCHEDULE_GROUP: 'siklus-phases',
          SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': [deliveryId, 'Arn'] },
        }),
      },
    });
  });

  it('the report rules (PeriodClosed, ReportRequested) dead-letter what they cannot start, and EventBridge may send there', () => {
    for (const detailType of ['PeriodClosed', 'ReportRequested'])
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { 'detail-type': [detailType] },
        Targets: [
          Match.objectLike({
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deliveryId, 'Arn'] } },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 24 * 3600 },
          }),
        ],
      });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: deliveryId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('the ImportJobStarted rule dead-letters what it cannot deliver to the import function', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['ImportJobStarted'] },
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deliveryId, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
  });
});

describe('the rest that is watched', () => {
  it('failed, timed-out and aborted executions of both state machines (phases and reports)', () => {
    const machines = Object.keys(t.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(2);
    for (const machine of machines) {
      const dimension = { Name: 'StateMachineArn', Value: { Ref: machine } };
      expect(alarmOn('ExecutionsFailed', dimension)).toHaveLength(1);
      const math = alarms.filter(
        (a) =>
          JSON.stringify(a.Metrics ?? []).includes('ExecutionsTimedOut') &&
          JSON.stringify(a.Metrics).includes(JSON.stringify(dimension)),
      );
      expect(math, machine).toHaveLength(1);
      expect(JSON.stringify(math[0])).toContain('ExecutionsAborted');
    }
  });

  it('DynamoDB throttling of the table and every index, and its system errors', () => {
    const throttles = alarms.filter((a) => JSON.stringify(a.Metrics ?? []).includes('ThrottleEvents'));
    expect(throttles).toHaveLength(1);
    const text = JSON.stringify(throttles[0]);
    for (const index of ['gsi1', 'gsi2', 'gsi3']) expect(text).toContain(`"Value":"${index}"`);
    expect(text).toContain('ReadThrottleEvents');
    expect(text).toContain('WriteThrottleEvents');
    expect(alarms.filter((a) => a.MetricName === 'SystemErrors')).toHaveLength(1);
  });

  it('5xx answers of both HTTP APIs (the portal and the public survey page), each its own alarm', () => {
    const apis = alarms
      .filter((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')
      .map((a) => JSON.stringify(a.Dimensions));
    expect(apis).toHaveLength(2);
    const ids = resources('AWS::ApiGatewayV2::Api').map(([id]) => id);
    expect(ids).toHaveLength(2);
    for (const id of ids)
      expect(
        apis.filter((d) => d.includes(`"${id}"`)),
        id,
      ).toHaveLength(1);
  });
});
