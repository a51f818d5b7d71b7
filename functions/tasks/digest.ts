/** The daily e-mail digest (EventBridge Scheduler -> Lambda). */
import { liveDeps } from '../adapters/deps.ts';
import { now } from '../clock.ts';
import { flushMetrics, logger } from '../observability.ts';
import { digest } from '../use-cases/digest.ts';

export async function handler(): Promise<unknown> {
  try {
    const stats = await digest(liveDeps(), now());
    logger.info('digest done', { ...stats });
    return stats;
  } finally {
    flushMetrics();
  }
}
