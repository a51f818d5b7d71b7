/**
 * The measurements of `npm run bench` that need the integration suite's world (bench/*.measure.ts):
 * the same global setup (DynamoDB Local, s3rver) and environment, run by bench/run.ts, never by
 * `npm test` (speed belongs in the bench, not in timed tests).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [process.env.BENCH_MEASURE ?? 'bench/*.measure.ts'],
    globalSetup: ['test/support/backend-setup.ts'],
    setupFiles: ['test/support/backend-env.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
