/**
 * The asynchronous employee import (EventBridge rule `ImportJobStarted` -> Lambda, invoked
 * asynchronously: Lambda retries a failed run, and the job is idempotent). 15 minutes at most.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import type { ImportJobRef } from '#core/ports.ts';
import { liveDeps } from '../adapters/deps.ts';
import { logger, task } from '../observability.ts';
import { runImportJob } from '../use-cases/import-jobs.ts';

export const handler = task(
  'import-job',
  async (event: EventBridgeEvent<'ImportJobStarted', ImportJobRef>): Promise<unknown> => {
    const { agencyId, jobId } = event.detail;
    const status = await runImportJob(liveDeps(), { agencyId, jobId });
    logger.info('import job done', { agencyId, jobId, status });
    return { agencyId, jobId, status };
  },
);
