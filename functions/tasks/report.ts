/**
 * The Lambda behind the Task states of the report state machine (workflows/report-machine.ts):
 * prepare (file the report of a phase's close, or find the requested one), generate, record a
 * failure.
 */
import { liveDeps } from '../adapters/deps.ts';
import { now } from '../clock.ts';
import { flushMetrics, logger } from '../observability.ts';
import { failReport, generateReport, prepareReport, type ReportTrigger } from '../use-cases/reports.ts';

export type ReportTaskEvent =
  | { action: 'prepare'; input: ReportTrigger }
  | { action: 'generate'; report: { agencyId: string; reportId: string }; execution: string }
  | {
      action: 'fail';
      report: { agencyId: string; reportId: string };
      error?: { Error?: string; Cause?: string };
    };

export async function handler(event: ReportTaskEvent): Promise<unknown> {
  const deps = liveDeps();
  try {
    switch (event.action) {
      case 'prepare':
        return await prepareReport(deps, event.input, now());
      case 'generate': {
        const out = await generateReport(deps, { ...event.report, execution: event.execution }, now());
        // The manifest is in the table; the execution's history keeps only the outcome.
        return { status: out.status, rows: out.manifest?.rows ?? null };
      }
      case 'fail':
        logger.error('report failed', { ...event.report, error: JSON.stringify(event.error) });
        return await failReport(
          deps,
          { ...event.report, ...(event.error ? { error: event.error } : {}) },
          now(),
        );
    }
  } finally {
    flushMetrics();
  }
}
