/** The cycle automation in the synthesized template, and the ASL the local runtime executes. */
import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { workflowRules } from '#config/workflow.ts';
import { phaseDefinition } from '../../infra/extract-asl.ts';
import { synthApp } from './synth-app.ts';

const { statelessTemplate: t, statefulTemplate } = synthApp();

describe('workflows in the stateless stack', () => {
  it('has two Standard state machines (phases, reports) with full logging and tracing', () => {
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  it('schedules the sweep and the digest from config/workflow.ts', () => {
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: workflowRules.sweepScheduleExpression,
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: workflowRules.digestScheduleExpression,
    });
    t.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'siklus-phases' });
  });

  it('runs import jobs in a function of their own, invoked by a rule on ImportJobStarted that only the agencies API may emit', () => {
    const fns = t.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('Asynchronous employee import') },
    });
    expect(Object.keys(fns)).toHaveLength(1);
    const [jobId, job] = Object.entries(fns)[0]! as [string, { Properties: Record<string, unknown> }];
    expect(job.Properties).toMatchObject({ Timeout: 900, MemorySize: 2048 });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['siklus.imports'], 'detail-type': ['ImportJobStarted'] },
      Targets: Match.arrayWith([
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [jobId, 'Arn'] },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      ]),
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Agencies and the employee import'),
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: Match.anyValue() }) },
    });
    const putters = (Object.values(t.findResources('AWS::IAM::Policy')) as { Properties: unknown }[]).filter(
      (p) => JSON.stringify(p).includes('events:PutEvents'),
    );
    // The phase tasks (PeriodClosed), the agencies API (ImportJobStarted) and the reports API
    // (ReportRequested, test/infra/reports.test.ts).
    expect(putters).toHaveLength(3);
  });

  it('alarms on failed executions', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('lets only the cycles function create phase schedules, in its own group, passing only the scheduler role', () => {
    const policies = Object.values(t.findResources('AWS::IAM::Policy')) as {
      Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
    }[];
    const creators = policies.filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('scheduler:CreateSchedule'),
    );
    expect(creators).toHaveLength(1);
    expect(JSON.stringify(creators[0])).toContain('schedule/siklus-phases/*');
    expect(JSON.stringify(creators[0])).toContain('iam:PassRole');
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PHASE_STATE_MACHINE_ARN: Match.anyValue(),
          SCHEDULER_ROLE_ARN: Match.anyValue(),
          SCHEDULE_GROUP: 'siklus-phases',
        }),
      },
    });
  });

  it('publishes "period closed" to its own event bus', () => {
    t.resourceCountIs('AWS::Events::EventBus', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: Match.anyValue() }) },
    });
  });
});

describe('the ASL executed locally', () => {
  const synthesized = phaseDefinition();

  it('is the synthesized definition (run `npm run asl` after changing the state machine)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../workflows/asl/phase.asl.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(synthesized);
  });

  it('uses only what aws-local-stepfunctions runs: JSONPath, no Assign, no ItemReader, no TimeoutSeconds overflow', () => {
    const text = JSON.stringify(synthesized);
    expect(text).not.toMatch(/JSONata|"Assign"|ItemReader|"ResultPath":"\$"/);
    expect(text).not.toContain('TimeoutSeconds');
  });

  it('retries throttling and task failures with back-off, and catches into RecordFailure', () => {
    const states = (
      synthesized as {
        States: Record<
          string,
          { Type: string; Retry?: { ErrorEquals: string[] }[]; Catch?: { Next: string }[] }
        >;
      }
    ).States;
    for (const name of ['Plan', 'OpenPage', 'ClosePhase']) {
      expect(states[name]!.Retry!.flatMap((r) => r.ErrorEquals)).toEqual(
        expect.arrayContaining([
          'ProvisionedThroughputExceededException',
          'Lambda.TooManyRequestsException',
          'States.TaskFailed',
        ]),
      );
      expect(states[name]!.Catch![0]!.Next).toBe('RecordFailure');
    }
    expect(states.EachStep!.Catch![0]!.Next).toBe('RecordFailure');
  });
});

describe('the HTTP API for browser portals', () => {
  it('answers CORS preflights with the headers the contract uses', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowHeaders: Match.arrayWith(['authorization', 'if-match', 'idempotency-key']),
        ExposeHeaders: Match.arrayWith(['etag']),
      }),
    });
  });
});

describe('the default issuer (Cognito)', () => {
  it('carries NIP and agency as immutable attributes that the portal client cannot write', () => {
    const pool = Object.values(statefulTemplate.findResources('AWS::Cognito::UserPool'))[0] as {
      Properties: { Schema: { Name: string; Mutable: boolean }[] };
    };
    const schema = Object.fromEntries(pool.Properties.Schema.map((a) => [a.Name, a.Mutable]));
    expect(schema).toMatchObject({ agencyId: false, nip: false });
    const client = Object.values(statefulTemplate.findResources('AWS::Cognito::UserPoolClient'))[0] as {
      Properties: { WriteAttributes: string[]; ReadAttributes: string[] };
    };
    expect(client.Properties.WriteAttributes.sort()).toEqual(['email', 'name']);
    expect(client.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:agencyId', 'custom:nip']),
    );
  });
});
