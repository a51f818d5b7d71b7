/**
 * The ports of core/ports.ts as AWS implements them (DynamoDB, S3, SES, EventBridge, Scheduler),
 * built once per container and handed to every use case. Locally the same adapters point at
 * DynamoDB Local and s3rver, and mail and events go to files.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '#core/ports.ts';
import { now } from '../clock.ts';
import { businessMetrics } from '../observability.ts';
import { dynamoStore } from './dynamo/store.ts';
import { publishPeriodClosed, publishReportRequested } from './events.ts';
import { startImportJob } from './import-jobs.ts';
import { keys } from './keys.ts';
import { sendMail } from './mailer.ts';
import { reportFiles } from './report-files.ts';
import {
  importFileSize,
  observeObject,
  presignDownload,
  presignImportUpload,
  presignUpload,
  readImportFile,
} from './s3.ts';
import { schedulePhases } from './scheduler.ts';

let deps: Deps | undefined;

export function liveDeps(): Deps {
  deps ??= {
    store: dynamoStore,
    clock: { now },
    files: { presignUpload, presignDownload, observe: observeObject },
    mailer: { send: sendMail },
    reports: reportFiles,
    events: { periodClosed: publishPeriodClosed, reportRequested: publishReportRequested },
    scheduler: { schedule: schedulePhases },
    imports: { presignUpload: presignImportUpload, size: importFileSize, read: readImportFile },
    jobs: { startImport: startImportJob },
    metrics: businessMetrics,
    keys,
    newId: (bytes = 8) =>
      randomBytes(bytes)
        .toString('hex')
        .slice(0, Math.min(bytes * 2, 12)),
  };
  return deps;
}
