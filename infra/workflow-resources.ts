/**
 * The cycle's automation: the phase state machine and its task function, the report state
 * machine and its task function (started by rules on PeriodClosed and ReportRequested), the
 * hourly sweep and the daily digest (EventBridge Scheduler, rates from config/workflow.ts), the
 * event bus, the role and group for the one-time phase schedules. What fails is
 * told (infra/alerts.ts): failed executions and every task function's errors and throttles are
 * alarms, schedules and rules dead-letter what they cannot deliver, and the asynchronously
 * invoked functions what still fails after Lambda's retries.
 */
import { join } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { reportRules } from '#config/reports.ts';
import { eventSources, workflowRules } from '#config/workflow.ts';
import { importJobEvent } from '#core/import-job.ts';
import type { GroupDef } from '#functions/api/groups.ts';
import { PhaseMachine } from '#workflows/phase-machine.ts';
import { ReportMachine } from '#workflows/report-machine.ts';
import type { Alerts } from './alerts.ts';
import { ApiFunction } from './api-function.ts';
import { acknowledgeLater, iam5ResourceFinding } from './nag.ts';

export interface WorkflowResourcesProps {
  projectRoot: string;
  table: ITable;
  evidenceBucket: IBucket;
  reportsBucket: IBucket;
  environment: Record<string, string>;
  alerts: Alerts;
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
  private readonly alerts: Alerts;

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

    const { alerts } = props;
    this.alerts = alerts;
    const fn = (cid: string, entry: string, group: GroupDef, invokedAsync = false) =>
      new ApiFunction(this, cid, {
        group,
        entry: join(props.projectRoot, 'functions', 'tasks', entry),
        projectRoot: props.projectRoot,
        table: props.table,
        evidenceBucket: props.evidenceBucket,
        reportsBucket: props.reportsBucket,
        environment,
        logRetention: RetentionDays.THREE_MONTHS,
        ...(invokedAsync ? { deadLetterQueue: alerts.taskDeadLetters } : {}),
      });
    const phaseTasks = fn(
      'PhaseTasks',
      'phase.ts',
      taskGroup('phase-tasks', 'Tasks of the phase state machine', 300),
    );
    const sweep = fn('Sweep', 'sweep.ts', taskGroup('sweep', 'Hourly sweep of due action items', 600), true);
    const digest = fn('Digest', 'digest.ts', taskGroup('digest', 'Daily e-mail digest', 900), true);
    alerts.watchFunction('PhaseTasks', phaseTasks.function, 'Phase tasks');
    alerts.watchFunction('Sweep', sweep.function, 'The hourly sweep');
    alerts.watchFunction('Digest', digest.function, 'The daily digest');
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
    // Traced like every function (ApiFunction); its errors and throttles are alarms too.
    alerts.watchFunction('ReportTasks', reportTasks.function, 'Report tasks');
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
            // What EventBridge could not start after its retries waits there (an alarm).
            deadLetterQueue: alerts.deliveryDeadLetters,
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
    // What a schedule cannot deliver (a missing target, no permission, throttling past its retries).
    alerts.deliveryDeadLetters.grantSendMessages(this.schedulerRole);

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
          deadLetterConfig: { arn: alerts.deliveryDeadLetters.queueArn },
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

    this.failedExecutions = alerts.watchStateMachine('FailedExecutions', this.machine.stateMachine);
    alerts.watchStateMachine('FailedReports', this.reportMachine.stateMachine, {
      failed: 'A report execution failed: a report is FAILED (see RecordReportFailure in its log).',
      stopped:
        'A report execution timed out or was stopped before it finished: its report stays QUEUED or RUNNING.',
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

  /**
   * The asynchronous employee import: its function (15 minutes, reads the import files of the
   * reports bucket), invoked asynchronously by a rule on `ImportJobStarted`, which the API
   * function that starts jobs (the agencies group) may put on the bus.
   */
  addImportJobs(api: ApiFunction, props: WorkflowResourcesProps): ApiFunction {
    const job = new ApiFunction(this, 'ImportJob', {
      group: {
        name: 'import-job',
        description: 'Asynchronous employee import (one job)',
        table: 'readWrite',
        evidenceBucket: 'none',
        reportsBucket: 'read',
        memoryMb: 2048,
        timeoutSeconds: 900,
      },
      entry: join(props.projectRoot, 'functions', 'tasks', 'import-job.ts'),
      projectRoot: props.projectRoot,
      table: props.table,
      evidenceBucket: props.evidenceBucket,
      reportsBucket: props.reportsBucket,
      environment: props.environment,
      logRetention: RetentionDays.THREE_MONTHS,
      deadLetterQueue: props.alerts.taskDeadLetters,
    });
    props.alerts.watchFunction('ImportJob', job.function, 'Import jobs');
    new Rule(this, 'ImportJobStarted', {
      eventBus: this.bus,
      description: 'Runs an employee import job started through the API',
      eventPattern: { source: [importJobEvent.source], detailType: [importJobEvent.detailType] },
      targets: [
        new LambdaFunction(job.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: props.alerts.deliveryDeadLetters,
        }),
      ],
    });
    this.bus.grantPutEventsTo(api.function);
    api.function.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    return job;
  }

  /** Lets an API function (the cycles group) create the phase schedules. */
  allowScheduling(api: ApiFunction): void {
    const { region, account } = Stack.of(this);
    api.function.addEnvironment('PHASE_STATE_MACHINE_ARN', this.machine.stateMachine.stateMachineArn);
    api.function.addEnvironment('SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    api.function.addEnvironment('SCHEDULE_GROUP', this.scheduleGroup.name!);
    api.function.addEnvironment('SCHEDULE_DLQ_ARN', this.alerts.deliveryDeadLetters.queueArn);
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
