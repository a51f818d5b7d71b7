/**
 * The Lambda behind every Task state of the phase state machine. The state passes `action`;
 * the rest of the input is the execution's state (JSONPath, no Assign: runs locally too).
 */
import { liveDeps } from '../adapters/deps.ts';
import { now } from '../clock.ts';
import { logger, task } from '../observability.ts';
import { closePage, closePhase, openPage, type PhaseInput, plan, processPage } from '../use-cases/phases.ts';

export type PhaseTaskEvent =
  | { action: 'plan'; run: PhaseInput }
  | { action: 'open'; run: PhaseInput; cursor: string | null }
  | { action: 'process'; run: PhaseInput; cursor: string | null; asOf: string }
  | { action: 'closePage'; run: PhaseInput; cursor: string | null }
  | { action: 'close'; run: PhaseInput }
  | { action: 'recordFailure'; state: { run?: PhaseInput; error?: unknown } & Partial<PhaseInput> };

export const handler = task('phase', async (event: PhaseTaskEvent): Promise<unknown> => {
  const deps = liveDeps();
  switch (event.action) {
    case 'plan':
      return plan(event.run);
    case 'open':
      return await openPage(deps, event.run, event.cursor, now());
    case 'process':
      return await processPage(deps, event.run, event.cursor, event.asOf, now());
    case 'closePage':
      return await closePage(deps, event.run, event.cursor, now());
    case 'close':
      return await closePhase(deps, event.run, now());
    case 'recordFailure': {
      // Reaches CloudWatch; the execution then fails, and the failed-executions alarm fires.
      const run = event.state.run ?? event.state;
      logger.error('phase execution failed', {
        agencyId: run.agencyId,
        phase: run.phase,
        period: run.period,
        error: JSON.stringify(event.state.error),
      });
      return { recorded: true };
    }
  }
});
