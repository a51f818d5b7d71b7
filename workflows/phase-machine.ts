/**
 * The phase state machine: one Standard execution per agency and phase (never per employee).
 * Plan -> open the phase's items page by page -> for each wake-up instant (reminders, deadline,
 * escalation rounds): Wait until it, then process due items page by page -> close (emits
 * "period closed"). JSONPath only (no JSONata, no Assign, no Distributed Map) so the very same
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
  Map as MapState,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Task state names: the local runtime maps each to the real handler by these names. */
export const phaseTaskStates = [
  'Plan',
  'OpenPage',
  'ProcessPage',
  'ClosePage',
  'ClosePhase',
  'RecordFailure',
] as const;

/** Errors worth retrying: throttling and transient Lambda faults. Tasks are idempotent. */
export const retryableErrors = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
];

export interface PhaseMachineProps {
  tasks: IFunction;
}

export class PhaseMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: PhaseMachineProps) {
    super(scope, id);

    const task = (
      name: (typeof phaseTaskStates)[number],
      payload: Record<string, unknown>,
      resultPath: string | null | undefined,
    ) => {
      const t = new LambdaInvoke(this, name, {
        lambdaFunction: props.tasks,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        // Omitted (not "$") to replace the state: the local interpreter reads "$" as a key.
        ...(resultPath === undefined
          ? {}
          : { resultPath: resultPath === null ? JsonPath.DISCARD : resultPath }),
        retryOnServiceExceptions: false,
      });
      t.addRetry({
        errors: retryableErrors,
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 6,
        jitterStrategy: undefined,
      });
      t.addRetry({
        errors: ['States.TaskFailed'],
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 3,
      });
      return t;
    };

    const failed = new Fail(this, 'PhaseFailed', {
      error: 'PhaseFailed',
      cause: 'A task kept failing; see RecordFailure.',
    });
    // The whole state: a failure in Plan happens before `$.run` exists.
    const recordFailure = task('RecordFailure', { action: 'recordFailure', 'state.$': '$' }, null).next(
      failed,
    );
    const guarded = <T extends LambdaInvoke>(t: T) =>
      t.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const plan = guarded(task('Plan', { action: 'plan', 'run.$': '$' }, undefined));

    // Opening: a paged loop over the agency's employees; each page is one idempotent task.
    const startOpen = new Pass(this, 'StartOpening', {
      result: Result.fromObject({ cursor: null }),
      resultPath: '$.page',
    });
    const open = guarded(
      task('OpenPage', { action: 'open', 'run.$': '$.run', 'cursor.$': '$.page.cursor' }, '$.page'),
    );
    const moreToOpen = new Choice(this, 'MoreToOpen');

    // Each wake-up instant: wait, then a paged loop processing due items.
    const wait = new Wait(this, 'WaitUntilStep', { time: WaitTime.timestampPath('$.step.at') });
    const startProcess = new Pass(this, 'StartProcessing', {
      result: Result.fromObject({ cursor: null }),
      resultPath: '$.page',
    });
    // Inside the Map a Catch cannot leave the iteration: the Map's own Catch records failures.
    const process = task(
      'ProcessPage',
      { action: 'process', 'run.$': '$.run', 'cursor.$': '$.page.cursor', 'asOf.$': '$.step.at' },
      '$.page',
    );
    const moreToProcess = new Choice(this, 'MoreToProcess');
    const stepDone = new Succeed(this, 'StepDone');
    const steps = new MapState(this, 'EachStep', {
      itemsPath: '$.steps',
      itemSelector: { 'run.$': '$.run', 'step.$': '$$.Map.Item.Value' },
      maxConcurrency: 1,
      resultPath: JsonPath.DISCARD,
    });
    steps.itemProcessor(
      wait
        .next(startProcess)
        .next(process)
        .next(moreToProcess.when(Condition.isNull('$.page.cursor'), stepDone).otherwise(process)),
    );
    steps.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    // Closing: a paged loop that retires steps nobody can take any more (a period's realisasi
    // after its window), then the phase's end is published.
    const startClose = new Pass(this, 'StartClosing', {
      result: Result.fromObject({ cursor: null }),
      resultPath: '$.page',
    });
    const closePage = guarded(
      task('ClosePage', { action: 'closePage', 'run.$': '$.run', 'cursor.$': '$.page.cursor' }, '$.page'),
    );
    const moreToClose = new Choice(this, 'MoreToClose');
    const close = guarded(task('ClosePhase', { action: 'close', 'run.$': '$.run' }, null));
    const closing = startClose
      .next(closePage)
      .next(
        moreToClose
          .when(Condition.isNull('$.page.cursor'), close.next(new Succeed(this, 'PhaseDone')))
          .otherwise(closePage),
      );

    const definition = plan
      .next(startOpen)
      .next(open)
      .next(moreToOpen.when(Condition.isNull('$.page.cursor'), steps.next(closing)).otherwise(open));

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      // No TimeoutSeconds: Standard executions end after a year anyway, and a phase ends days
      // after its deadline (a year in ms would also overflow the local interpreter's timer).
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
