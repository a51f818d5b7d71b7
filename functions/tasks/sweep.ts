/** The hourly sweep (EventBridge Scheduler -> Lambda). */
import { now } from '../clock.ts';
import { logger } from '../observability.ts';
import { sweep } from '../use-cases/sweep.ts';

export async function handler(): Promise<unknown> {
  const stats = await sweep(now());
  logger.info('sweep done', { ...stats });
  return stats;
}
