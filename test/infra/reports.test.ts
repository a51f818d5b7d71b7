/**
 * The reports in the stacks: the report state machine started by EventBridge rules on
 * PeriodClosed and ReportRequested, its task function (Lambda's longest timeout, the reports
 * bucket read-write), the API's reports function (publish the request, read the bucket to sign
 * links, nothing else of S3), the reports bucket's lifecycle per purpose from config/reports.ts,
 * an alarm on failed report executions, and the committed ASL the local runtime executes.
 */
import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { reportRules, reportStorage } from '#config/reports.ts';
import { eventSources } from '#config/workflow.ts';
import { reportDefinition } from '../../infra/extract-asl.ts';
import { asArray, type CfnResource, synthApp } from './synth-app.ts';

const { statelessTemplate: t, statefulTemplate, stateless } = synthApp();
const resources = t.toJSON().Resources as Record<string, CfnResource>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stateless.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;

describe('the report workflow in the stateless stack', () => {
  const machineId = idOf(stateless.workflows.reportMachine.stateMachine);

  it('starts a report execution on PeriodClosed and on ReportRequested, from the domain bus', () => {
    for (const [detailType, trigger] of [
      ['PeriodClosed', 'PERIOD_CLOSED'],
      ['ReportRequested', 'REQUESTED'],
    ] as const) {
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: [eventSources[detailType]], 'detail-type': [detailType] },
        Targets: Match.arrayWith([
          Match.objectLike({
            Arn: { Ref: machineId },
            InputTransformer: {
              InputPathsMap: { detail: '$.detail' },
              InputTemplate: `{"trigger":"${trigger}","event":<detail>}`,
            },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
          }),
        ]),
      });
    }
  });

  it('generates in a task with the longest timeout, writing only the reports bucket', () => {
    const fn = Object.entries(resources).find(
      ([, r]) =>
        r.Type === 'AWS::Lambda::Function' &&
        String(r.Properties?.Description).includes('report state machine'),
    )!;
    expect(fn[1].Properties).toMatchObject({ Timeout: reportRules.taskTimeoutSeconds, MemorySize: 1769 });
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties?.Roles).includes(
          JSON.stringify((fn[1].Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]),
        ),
    )!;
    const text = JSON.stringify(policy.Properties);
    expect(text).toContain('s3:PutObject');
    expect(text).toContain('s3:AbortMultipartUpload');
    expect(text).not.toContain('dynamodb:Scan');
  });

  it('lets the API reports function publish requests and sign links, nothing more of S3', () => {
    const api = stateless.functions.get('reports')!;
    const roleId = stateless.resolve(
      (api.role.node.defaultChild as unknown as { logicalId: string }).logicalId,
    ) as string;
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles).includes(roleId))
      .flatMap(
        (r) => (r.Properties!.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      );
    const actions = statements.flatMap((s) => asArray(s.Action));
    expect(actions).toContain('events:PutEvents');
    expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
      's3:ListBucket',
    ]);
    expect(actions).not.toContain('states:StartExecution');
  });

  it('alarms when a report execution fails', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
    });
  });
});

describe('the reports bucket', () => {
  it('keeps each purpose as config/reports.ts says, and aborts stale multipart uploads', () => {
    const bucket = Object.values(statefulTemplate.findResources('AWS::S3::Bucket')).find((b) =>
      JSON.stringify(b).includes('reports-archive'),
    ) as CfnResource;
    const rules = (bucket.Properties!.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'abort-incomplete-uploads',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'reports-archive',
        Prefix: reportStorage.ARCHIVE.prefix,
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: reportStorage.ARCHIVE.glacierAfterDays }],
      }),
    );
    const archive = rules.find((r) => r.Id === 'reports-archive')!;
    expect(archive.ExpirationInDays).toBeUndefined();
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'reports-on-demand',
        Prefix: 'on-demand/',
        ExpirationInDays: reportStorage.ON_DEMAND.expireAfterDays,
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'reports-period',
        Prefix: 'periodic/',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
      }),
    );
  });
});

describe('the report ASL executed locally', () => {
  const synthesized = reportDefinition() as {
    States: Record<string, { Retry?: unknown[]; Catch?: { Next: string }[] }>;
  };

  it('is the synthesized definition (run `npm run asl` after changing the state machine)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../workflows/asl/report.asl.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(synthesized);
    expect(JSON.stringify(synthesized)).not.toMatch(/JSONata|"Assign"|ItemReader|TimeoutSeconds/);
  });

  it('retries the generation and catches its failure into RecordReportFailure', () => {
    expect(synthesized.States.GenerateReport!.Retry!.length).toBe(2);
    expect(synthesized.States.GenerateReport!.Catch![0]!.Next).toBe('RecordReportFailure');
  });
});
