import { defineConfig } from 'vitest/config';

// Four suites: unit (pure core), integration (real handlers against DynamoDB Local and s3rver,
// started once by the global setup), infra (CDK synth assertions), e2e (HTTP against `npm start`).
export default defineConfig({
  test: {
    projects: [
      // Property and model-based tests run thousands of cases: on a loaded machine that is more
      // than vitest's 5 s default. Timeouts here only bound a hang (speed: `npm run bench`).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/backend-setup.ts'],
          setupFiles: ['test/support/backend-env.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Each e2e test starts `npm start` (JVM, seed) more than once: on a loaded 2-core machine
        // that alone takes minutes. These bound a hang; speed lives in `npm run bench`.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 360_000, hookTimeout: 360_000 },
      },
    ],
  },
});
