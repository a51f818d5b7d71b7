/**
 * Infrastructure that tells someone: one SNS topic for every alarm (e-mail subscriptions from
 * context: `cdk deploy -c alarmEmails=ops@bkpsdm.go.id,oncall@bkpsdm.go.id`), alarms that notify
 * it when they fire and when they clear, and the two dead-letter queues, encrypted and
 * TLS-only, whose depth is itself an alarm:
 *  - `DeliveryDeadLetters`: what EventBridge Scheduler (the sweep, the digest, every phase
 *    schedule) and EventBridge rules (import jobs) could not deliver to their target;
 *  - `TaskDeadLetters`: asynchronous invocations (sweep, digest, import job) that failed after
 *    Lambda's retries.
 * Alarm messages carry names and counts, never personal data: the topic uses SNS's own
 * encryption at rest (TLS enforced for publishers), no customer key that CloudWatch would need
 * a key policy for.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { table as tableDef } from '#config/table.ts';

/** Every alarm looks at 5-minute periods and fires on the first bad one. */
export const alarmPeriod = Duration.minutes(5);

export class Alerts extends Construct {
  readonly topic: Topic;
  readonly deliveryDeadLetters: Queue;
  readonly taskDeadLetters: Queue;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Siklus alarms', enforceSSL: true });
    const emails = String(this.node.tryGetContext('alarmEmails') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const email of emails) this.topic.addSubscription(new EmailSubscription(email));

    const deadLetters = (cid: string) =>
      new Queue(this, cid, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    this.deliveryDeadLetters = deadLetters('DeliveryDeadLetters');
    this.taskDeadLetters = deadLetters('TaskDeadLetters');
    Validations.of(this.deliveryDeadLetters.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: EventBridge Scheduler schedules and EventBridge rule targets name it in their ' +
        'DeadLetterConfig, which cdk-nag does not look at (it only recognises queue redrive policies and Lambda DLQs).',
    });
    this.queueDepth(
      'DeliveryDeadLettersWaiting',
      this.deliveryDeadLetters,
      'a schedule or rule could not deliver',
    );
    this.queueDepth(
      'TaskDeadLettersWaiting',
      this.taskDeadLetters,
      'an asynchronous task failed after its retries',
    );
  }

  /** An alarm on `metric` >= `threshold` in one period, notifying the topic on ALARM and on OK. */
  alarm(id: string, description: string, metric: IMetric, threshold = 1): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** Errors (the handler threw or timed out) and throttles (concurrency ran out) of a function. */
  watchFunction(id: string, fn: IFunction, what: string): void {
    this.alarm(
      `${id}Errors`,
      `${what}: invocations failed (an unhandled error or a timeout; see the function's log).`,
      fn.metricErrors({ period: alarmPeriod, statistic: 'Sum' }),
    );
    this.alarm(
      `${id}Throttles`,
      `${what}: invocations throttled (the account's or the function's concurrency ran out).`,
      fn.metricThrottles({ period: alarmPeriod, statistic: 'Sum' }),
    );
  }

  /** Failed, timed-out and aborted executions (by default: of the phase machine, some agency phase did not finish). */
  watchStateMachine(
    id: string,
    machine: IStateMachine,
    what = {
      failed: 'A phase execution failed: some agency phase did not finish (see RecordFailure in its log).',
      stopped: 'A phase execution timed out or was stopped before it finished.',
    },
  ): Alarm {
    const alarm = this.alarm(
      id,
      what.failed,
      machine.metricFailed({ period: alarmPeriod, statistic: 'Sum' }),
    );
    this.alarm(
      `${id}TimedOutOrAborted`,
      what.stopped,
      new MathExpression({
        expression: 'timedOut + aborted',
        usingMetrics: {
          timedOut: machine.metricTimedOut({ statistic: 'Sum' }),
          aborted: machine.metricAborted({ statistic: 'Sum' }),
        },
        period: alarmPeriod,
        label: 'Executions timed out or aborted',
      }),
    );
    return alarm;
  }

  /** Read and write throttling of the table and of each index of config/table.ts. */
  watchTable(table: ITable): void {
    const { region } = Stack.of(this);
    const metric = (name: string, index?: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName: name,
        dimensionsMap: { TableName: table.tableName, ...(index ? { GlobalSecondaryIndexName: index } : {}) },
        statistic: 'Sum',
        period: alarmPeriod,
        region,
      });
    const usingMetrics: Record<string, IMetric> = {
      tableRead: metric('ReadThrottleEvents'),
      tableWrite: metric('WriteThrottleEvents'),
    };
    for (const gsi of tableDef.globalSecondaryIndexes) {
      usingMetrics[`${gsi.indexName}Read`] = metric('ReadThrottleEvents', gsi.indexName);
      usingMetrics[`${gsi.indexName}Write`] = metric('WriteThrottleEvents', gsi.indexName);
    }
    this.alarm(
      'TableThrottles',
      'DynamoDB throttled reads or writes of the table or one of its indexes (a hot partition, or on-demand limits).',
      new MathExpression({
        expression: Object.keys(usingMetrics).join(' + '),
        usingMetrics,
        period: alarmPeriod,
        label: 'Throttle events',
      }),
    );
    this.alarm(
      'TableSystemErrors',
      'DynamoDB answered with internal errors (HTTP 500) to some request.',
      metric('SystemErrors'),
    );
  }

  /** 5xx answers of the HTTP API (a function error, a timeout, an integration failure). */
  watchApi(id: string, api: IHttpApi, what: string): void {
    this.alarm(
      id,
      `${what} answered 5xx (a function failed or timed out; see the access log and the function logs).`,
      api.metricServerError({ period: alarmPeriod, statistic: 'Sum' }),
    );
  }

  private queueDepth(id: string, queue: Queue, what: string): void {
    this.alarm(
      id,
      `Messages are waiting in ${queue.node.id}: ${what}. Read them, fix the cause, redrive or delete them.`,
      queue.metricApproximateNumberOfMessagesVisible({ period: alarmPeriod, statistic: 'Maximum' }),
    );
  }
}
