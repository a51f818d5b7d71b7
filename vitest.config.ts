import { defineConfig } from 'vitest/config';

// Four suites: unit (pure core), integration (real handlers against DynamoDB Local and s3rver,
// started once by the global setup), infra (CDK synth assertions), e2e (HTTP against `npm start`).
export default defineConfig({
  test: {
    projects: [
      // Unit tests check correctness, not speed (that is `npm run bench`): the property-based
      // ones take seconds on a loaded machine, so the timeout leaves room.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
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
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
});
