/**
 * Logger, metrics and tracer for every function, built once (Powertools for AWS Lambda):
 *  - Logger: JSON lines with the invocation's context;
 *  - Metrics: business counts (submissions, approvals, reminders, escalations, failures) as
 *    CloudWatch EMF, flushed at the end of each invocation; off locally (POWERTOOLS_METRICS_DISABLED);
 *  - Tracer: an X-Ray segment per invocation (Lambda's active tracing, set by the stack), a
 *    subsegment for the handler (`observed()` for the API, `task()` for the others) and one per
 *    AWS SDK call; it switches itself off outside Lambda.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { BusinessMetric, Metrics as MetricsPort } from '#core/ports.ts';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'siklus';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: 'Siklus', serviceName });
export const tracer = new Tracer({ serviceName });

/** The core's metrics port. */
export const businessMetrics: MetricsPort = {
  count(name: BusinessMetric, n = 1) {
    if (n > 0) metrics.addMetric(name, MetricUnit.Count, n);
  },
};

/**
 * Flushes the invocation's metrics and traces it (middy). Metrics are flushed only when some were
 * counted: Powertools' own `logMetrics` middleware warns on every invocation that counted none
 * (most reads), a log line per request that tells nobody anything.
 */
export function observed(): MiddlewareObj[] {
  const flush = async () => flushMetrics();
  return [
    { after: flush, onError: flush },
    captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj,
  ];
}

/** For task handlers without middy: flush what was counted. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * A task handler (no middy: the state machine's tasks, the sweep, the digest, the import job),
 * traced like the API's: a `## <name>` subsegment under Lambda's segment with the cold-start and
 * service annotations and the error, if any; its metrics flushed at the end.
 */
export function task<E, R>(name: string, fn: (event: E) => Promise<R>): (event: E) => Promise<R> {
  return async (event: E) => {
    const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const sub = parent?.addNewSubsegment(`## ${name}`);
    if (sub) tracer.setSegment(sub);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await fn(event);
    } catch (err) {
      tracer.addErrorAsMetadata(err as Error);
      throw err;
    } finally {
      sub?.close();
      if (parent) tracer.setSegment(parent);
      flushMetrics();
    }
  };
}
