/**
 * Starting an import job outside the request that started it. In AWS: an `ImportJobStarted`
 * event on the Siklus bus, whose rule invokes the import function asynchronously (Lambda retries
 * it; the job is idempotent). Locally (no bus): the same use case, in this process, right after
 * the answer; `localImportJobs.idle()` lets tests and the runtime wait for it.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { importJobEvent } from '#core/import-job.ts';
import type { ImportJobRef } from '#core/ports.ts';
import { awsName } from '../env.ts';
import { logger, tracer } from '../observability.ts';

let client: EventBridgeClient | undefined;
const running = new Set<Promise<void>>();

export const localImportJobs = {
  /** Resolves once every job started in this process has finished. */
  async idle(): Promise<void> {
    while (running.size) await Promise.allSettled([...running]);
  },
};

export async function startImportJob(ref: ImportJobRef): Promise<void> {
  const bus = awsName('EVENT_BUS_NAME');
  if (bus) {
    // Loaded on first use (AWS only): every function bundles this adapter, few send with it, and
    // each SDK client package costs cold-start time to load.
    const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    client ??= tracer.captureAWSv3Client(new EventBridgeClient({}));
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: bus,
            Source: importJobEvent.source,
            DetailType: importJobEvent.detailType,
            Detail: JSON.stringify(ref),
          },
        ],
      }),
    );
    if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
    return;
  }
  // Loaded on first use: the use case needs the deps this module is part of.
  const [{ runImportJob }, { liveDeps }] = await Promise.all([
    import('../use-cases/import-jobs.ts'),
    import('./deps.ts'),
  ]);
  const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => runImportJob(liveDeps(), ref))
    .then(
      () => undefined,
      (err: unknown) => logger.error('import job failed', { ...ref, error: err as Error }),
    )
    .finally(() => running.delete(job));
  running.add(job);
}
