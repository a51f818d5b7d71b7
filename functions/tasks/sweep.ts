/** The hourly sweep (EventBridge Scheduler -> Lambda). */
import { liveDeps } from '../adapters/deps.ts';
import { now } from '../clock.ts';
import { flushMetrics, logger } from '../observability.ts';
import { sweep } from '../use-cases/sweep.ts';

export async function handler(): Promise<unknown> {
  try {
    const stats = await sweep(liveDeps(), now());
    logger.info('sweep done', { ...stats });
    return stats;
  } finally {
    flushMetrics();
  }
}
