/** The daily e-mail digest (EventBridge Scheduler -> Lambda). */
import { now } from '../clock.ts';
import { logger } from '../observability.ts';
import { digest } from '../use-cases/digest.ts';

export async function handler(): Promise<unknown> {
  const stats = await digest(now());
  logger.info('digest done', { ...stats });
  return stats;
}
