/**
 * "Period closed" events: EventBridge in AWS (period-end reports subscribe there); locally a
 * JSON-lines file under the data dir, and an in-process list the simulation and tests read.
 */
import { appendFileSync } from 'node:fs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { PeriodClosed } from '#core/ports.ts';
import { awsName } from '../env.ts';
import { tracer } from '../observability.ts';

export type { PeriodClosed };

export const publishedLocally: PeriodClosed[] = [];
let client: EventBridgeClient | undefined;

export async function publishPeriodClosed(event: PeriodClosed): Promise<void> {
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
            Source: 'siklus.cycle',
            DetailType: 'PeriodClosed',
            Detail: JSON.stringify(event),
          },
        ],
      }),
    );
    if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
    return;
  }
  publishedLocally.push(event);
  if (process.env.SIKLUS_EVENTS_FILE)
    appendFileSync(
      process.env.SIKLUS_EVENTS_FILE,
      `${JSON.stringify({ detailType: 'PeriodClosed', detail: event })}\n`,
    );
}
