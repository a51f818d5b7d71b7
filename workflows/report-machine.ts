/**
 * The report state machine: one Standard execution per report. Started by EventBridge rules, on
 * `PeriodClosed` (a phase's close files its report) and on `ReportRequested` (HR or a unit head
 * asked). Prepare -> (nothing to do: done) -> Generate (one task streams the whole report; retried
 * on transient faults, and a retry takes over from a task that died) -> done; any failure ->
 * RecordFailure (the report is FAILED, with the reason) -> Fail. JSONPath only, so the same
 * definition runs locally in aws-local-stepfunctions.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { retryableErrors } from './phase-machine.ts';

/** Task state names: the local runtime maps each to the real handler by these names. */
export const reportTaskStates = ['PrepareReport', 'GenerateReport', 'RecordReportFailure'] as const;

export interface ReportMachineProps {
  tasks: IFunction;
}

export class ReportMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ReportMachineProps) {
    super(scope, id);
    const task = (
      name: (typeof reportTaskStates)[number],
      payload: Record<string, unknown>,
      resultPath: string | null,
    ) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: props.tasks,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath: resultPath === null ? JsonPath.DISCARD : resultPath,
        retryOnServiceExceptions: false,
      }).addRetry({
        errors: retryableErrors,
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 6,
      });

    const failed = new Fail(this, 'ReportFailed', {
      error: 'ReportFailed',
      cause: 'See RecordReportFailure.',
    });
    const recordFailure = task(
      'RecordReportFailure',
      { action: 'fail', 'report.$': '$.report', 'error.$': '$.error' },
      null,
    ).next(failed);
    const prepare = task('PrepareReport', { action: 'prepare', 'input.$': '$' }, '$.report');
    // Nothing is filed yet to mark FAILED: the execution fails (the failed-executions alarm).
    prepare.addCatch(new Fail(this, 'PrepareFailed', { error: 'PrepareFailed' }), { errors: ['States.ALL'] });
    const generate = task(
      'GenerateReport',
      { action: 'generate', 'report.$': '$.report', 'execution.$': '$$.Execution.Id' },
      '$.result',
    );
    // A generation that failed (a task error, a timeout) is tried twice more; a retry takes over.
    generate.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 2,
    });
    generate.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const done = new Succeed(this, 'ReportDone');
    const definition = prepare.next(
      new Choice(this, 'ToGenerate')
        .when(Condition.booleanEquals('$.report.generate', true), generate.next(done))
        .otherwise(done),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', {
          retention: RetentionDays.ONE_YEAR,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        includeExecutionData: true,
      },
    });
  }
}
