/**
 * The local stand-in for the EventBridge rules that start the report workflow: events published
 * in this process (`ReportRequested`; `PeriodClosed` when asked) start a local execution of the
 * report state machine (local/workflows.ts). `settled()` waits for every report under way, so a
 * clock move (and a test) can wait until the reports it caused are READY.
 */
import { subscribeLocally } from '#functions/adapters/events.ts';
import type { ReportTrigger } from '#functions/use-cases/reports.ts';
import { startReportExecution } from './workflows.ts';

const running = new Set<Promise<unknown>>();
let unsubscribe: (() => void) | undefined;

export const reportCounters = { started: 0, failed: 0 };

export interface LocalReportsOptions {
  /** Also file the report of each phase's close (npm start). Tests of other things leave it off. */
  onPeriodClosed?: boolean;
  log?: (line: string) => void;
}

export function startLocalReport(input: ReportTrigger, log?: (line: string) => void): Promise<unknown> {
  reportCounters.started++;
  const done = startReportExecution(input)
    .result.then((out) => {
      if (out.report?.generate) log?.(`report ${out.report.reportId} done`);
      return out;
    })
    .catch((err: unknown) => {
      reportCounters.failed++;
      log?.(`report execution FAILED: ${(err as Error).message}`);
    });
  running.add(done);
  void done.finally(() => running.delete(done));
  return done;
}

export function installLocalReports(options: LocalReportsOptions = {}): void {
  unsubscribe?.();
  unsubscribe = subscribeLocally((detailType, detail) => {
    if (detailType === 'ReportRequested')
      void startLocalReport({ trigger: 'REQUESTED', event: detail as never }, options.log);
    else if (detailType === 'PeriodClosed' && options.onPeriodClosed)
      void startLocalReport({ trigger: 'PERIOD_CLOSED', event: detail as never }, options.log);
  });
}

export function uninstallLocalReports(): void {
  unsubscribe?.();
  unsubscribe = undefined;
}

/** Resolves once no report is under way (those started meanwhile included). */
export async function reportsSettled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

export const reportsRunning = () => running.size;
