/**
 * Domain events: "period closed" (period-end reports subscribe to it) and "report requested".
 * EventBridge in AWS, where rules start the report workflow; locally a JSON-lines file under the
 * data dir, an in-process list the simulation and tests read, and the local subscribers (the
 * local runtime's report workflow) called in process.
 */
import { appendFileSync } from 'node:fs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventSources } from '#config/workflow.ts';
import type { PeriodClosed, ReportRequested } from '#core/ports.ts';
import { awsName } from '../env.ts';
import { tracer } from '../observability.ts';

export type { PeriodClosed, ReportRequested };

export const publishedLocally: PeriodClosed[] = [];
let client: EventBridgeClient | undefined;

export type DetailType = keyof typeof eventSources;

type LocalSubscriber = (detailType: DetailType, detail: unknown) => void;
const localSubscribers = new Set<LocalSubscriber>();

/** Local runtime and tests: called with every event published in this process (no AWS bus). */
export function subscribeLocally(fn: LocalSubscriber): () => void {
  localSubscribers.add(fn);
  return () => localSubscribers.delete(fn);
}

async function publish(detailType: DetailType, detail: object): Promise<void> {
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
            Source: eventSources[detailType],
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
    return;
  }
  if (process.env.SIKLUS_EVENTS_FILE)
    appendFileSync(process.env.SIKLUS_EVENTS_FILE, `${JSON.stringify({ detailType, detail })}\n`);
  for (const fn of localSubscribers) fn(detailType, detail);
}

export async function publishPeriodClosed(event: PeriodClosed): Promise<void> {
  if (!awsName('EVENT_BUS_NAME')) publishedLocally.push(event);
  await publish('PeriodClosed', event);
}

export const publishReportRequested = (event: ReportRequested) => publish('ReportRequested', event);
