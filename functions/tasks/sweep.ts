/** The hourly sweep (EventBridge Scheduler -> Lambda). */
import { liveDeps } from '../adapters/deps.ts';
import { now } from '../clock.ts';
import { logger, task } from '../observability.ts';
import { sweep } from '../use-cases/sweep.ts';

export const handler = task('sweep', async (): Promise<unknown> => {
  const stats = await sweep(liveDeps(), now());
  logger.info('sweep done', { ...stats });
  return stats;
});
