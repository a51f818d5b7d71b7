/** The daily e-mail digest (EventBridge Scheduler -> Lambda). */
import { liveDeps } from '../adapters/deps.ts';
import { now } from '../clock.ts';
import { logger, task } from '../observability.ts';
import { digest } from '../use-cases/digest.ts';

export const handler = task('digest', async (): Promise<unknown> => {
  const stats = await digest(liveDeps(), now());
  logger.info('digest done', { ...stats });
  return stats;
});
