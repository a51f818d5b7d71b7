/**
 * The cycle's automation: the phase state machine and its task function, the hourly sweep and
 * the daily digest (EventBridge Scheduler, rates from config/workflow.ts), the event bus that
 * carries "period closed", the role and group for the one-time phase schedules, and an alarm on
 * failed executions.
 */
import { join } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { reportRules } from '#config/reports.ts';
import { eventSources, workflowRules } from '#config/workflow.ts';
import type { GroupDef } from '#functions/api/groups.ts';
import { PhaseMachine } from '#workflows/phase-machine.ts';
import { ReportMachine } from '#workflows/report-machine.ts';
import { ApiFunction } from './api-function.ts';
import { acknowledgeLater, iam5ResourceFinding } from './nag.ts';

export interface WorkflowResourcesProps {
  projectRoot: string;
  table: ITable;
  evidenceBucket: IBucket;
  reportsBucket: IBucket;
  environment: Record<string, string>;
}

const taskGroup = (name: string, description: string, timeoutSeconds: number): GroupDef => ({
  name,
  description,
  table: 'readWrite',
  evidenceBucket: 'none',
  reportsBucket: 'none',
  memoryMb: 1024,
  timeoutSeconds,
});

export class WorkflowResources extends Construct {
  readonly machine: PhaseMachine;
  readonly reportMachine: ReportMachine;
  readonly schedulerRole: Role;
  readonly scheduleGroup: CfnScheduleGroup;
  readonly bus: EventBus;
  readonly failedExecutions: Alarm;

  constructor(scope: Construct, id: string, props: WorkflowResourcesProps) {
    super(scope, id);
    const { region, account } = Stack.of(this);
    this.bus = new EventBus(this, 'Events', { description: 'Siklus domain events (PeriodClosed)' });
    // The sender: `cdk deploy -c mailFrom='Siklus <kinerja@bkpsdm.example.go.id>'`. Its domain
    // becomes an SES identity (publish the DKIM records SES gives before mail flows).
    const mailFrom = String(this.node.tryGetContext('mailFrom') ?? 'Siklus <no-reply@siklus.go.id>');
    const mailDomain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'siklus.go.id';
    const identity = new EmailIdentity(this, 'MailIdentity', { identity: Identity.domain(mailDomain) });
    const environment = { ...props.environment, EVENT_BUS_NAME: this.bus.eventBusName, MAIL_FROM: mailFrom };

    const fn = (cid: string, entry: string, group: GroupDef) =>
      new ApiFunction(this, cid, {
        group,
        entry: join(props.projectRoot, 'functions', 'tasks', entry),
        projectRoot: props.projectRoot,
        table: props.table,
        evidenceBucket: props.evidenceBucket,
        reportsBucket: props.reportsBucket,
        environment,
        logRetention: RetentionDays.THREE_MONTHS,
      });
    const phaseTasks = fn(
      'PhaseTasks',
      'phase.ts',
      taskGroup('phase-tasks', 'Tasks of the phase state machine', 300),
    );
    const sweep = fn('Sweep', 'sweep.ts', taskGroup('sweep', 'Hourly sweep of due action items', 600));
    const digest = fn('Digest', 'digest.ts', taskGroup('digest', 'Daily e-mail digest', 900));
    this.bus.grantPutEventsTo(phaseTasks.function);
    // The report workflow's tasks: the whole report streams in one task (the table's pages to
    // the reports bucket's multipart uploads), so it gets Lambda's longest timeout and a full vCPU.
    const reportTasks = fn('ReportTasks', 'report.ts', {
      ...taskGroup(
        'report-tasks',
        'Tasks of the report state machine (period-end reports to S3)',
        reportRules.taskTimeoutSeconds,
      ),
      reportsBucket: 'readWrite',
      memoryMb: 1769,
    });
    digest.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [`arn:aws:ses:${region}:${account}:identity/${identity.emailIdentityName}`],
      }),
    );

    this.machine = new PhaseMachine(this, 'Phase', { tasks: phaseTasks.function });
    this.reportMachine = new ReportMachine(this, 'Report', { tasks: reportTasks.function });
    // A phase's close files its report; a request (HR, a unit head) is produced the same way.
    for (const [detailType, trigger] of [
      ['PeriodClosed', 'PERIOD_CLOSED'],
      ['ReportRequested', 'REQUESTED'],
    ] as const) {
      new Rule(this, `${detailType}Rule`, {
        eventBus: this.bus,
        description: `${detailType} -> the report state machine`,
        eventPattern: { source: [eventSources[detailType]], detailType: [detailType] },
        targets: [
          new SfnStateMachine(this.reportMachine.stateMachine, {
            input: RuleTargetInput.fromObject({ trigger, event: EventField.fromPath('$.detail') }),
            retryAttempts: 8,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
    }

    this.scheduleGroup = new CfnScheduleGroup(this, 'PhaseSchedules', { name: 'siklus-phases' });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
      description: 'EventBridge Scheduler: start phase executions, run the sweep and the digest',
    });
    this.machine.stateMachine.grantStartExecution(this.schedulerRole);
    const invoke = (f: IFunction) =>
      this.schedulerRole.addToPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [f.functionArn] }),
      );
    invoke(sweep.function);
    invoke(digest.function);

    const recurring = (cid: string, f: IFunction, expression: string, description: string) =>
      new CfnSchedule(this, cid, {
        description,
        scheduleExpression: expression,
        scheduleExpressionTimezone: 'UTC',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: f.functionArn,
          roleArn: this.schedulerRole.roleArn,
          retryPolicy: { maximumRetryAttempts: 3 },
        },
      });
    recurring(
      'SweepSchedule',
      sweep.function,
      workflowRules.sweepScheduleExpression,
      'Escalate due action items',
    );
    recurring(
      'DigestSchedule',
      digest.function,
      workflowRules.digestScheduleExpression,
      'One e-mail digest per person per day',
    );

    new Alarm(this, 'FailedReports', {
      alarmDescription: 'A report execution failed: a report is FAILED (see RecordReportFailure in its log).',
      metric: this.reportMachine.stateMachine.metricFailed({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.failedExecutions = new Alarm(this, 'FailedExecutions', {
      alarmDescription:
        'A phase execution failed: some agency phase did not finish (see RecordFailure in its log).',
      metric: this.machine.stateMachine.metricFailed({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const machineRole = this.machine.stateMachine.role;
    Validations.of(machineRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions execution logging (logs:CreateLogDelivery and the other log-delivery actions) and X-Ray tracing ' +
        '(xray:PutTraceSegments, PutTelemetryRecords, GetSampling*) support no resource-level permissions.',
    });
    acknowledgeLater(machineRole, () => ({
      id: iam5ResourceFinding(machineRole, `${phaseTasks.function.functionArn}:*`),
      reason:
        "lambda:InvokeFunction on <phase task function>:* lets the state machine call that one function's versions and aliases.",
    }));
    const reportRole = this.reportMachine.stateMachine.role;
    Validations.of(reportRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions execution logging and X-Ray tracing support no resource-level permissions (as for the phase machine).',
    });
    acknowledgeLater(reportRole, () => ({
      id: iam5ResourceFinding(reportRole, `${reportTasks.function.functionArn}:*`),
      reason:
        "lambda:InvokeFunction on <report task function>:* lets the state machine call that one function's versions and aliases.",
    }));
  }

  /** Lets an API function (the reports group) publish ReportRequested on the bus. */
  allowReportRequests(api: ApiFunction): void {
    api.function.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    this.bus.grantPutEventsTo(api.function);
  }

  /** Lets an API function (the cycles group) create the phase schedules. */
  allowScheduling(api: ApiFunction): void {
    const { region, account } = Stack.of(this);
    api.function.addEnvironment('PHASE_STATE_MACHINE_ARN', this.machine.stateMachine.stateMachineArn);
    api.function.addEnvironment('SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    api.function.addEnvironment('SCHEDULE_GROUP', this.scheduleGroup.name!);
    api.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [`arn:aws:scheduler:${region}:${account}:schedule/${this.scheduleGroup.name}/*`],
      }),
    );
    api.function.addToRolePolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn] }),
    );
    const schedules = `arn:aws:scheduler:${region}:${account}:schedule/${this.scheduleGroup.name}/*`;
    acknowledgeLater(api.role, () => ({
      id: iam5ResourceFinding(api.role, schedules),
      reason:
        'Schedule names are data (one per agency, year and phase); the grant is limited to the siklus-phases group.',
    }));
  }
}
