/** Global setup of the integration suite: one DynamoDB Local (in memory) and one s3rver. */
import type { TestProject } from 'vitest/node';
import { startBackend } from '#local/runtime.ts';

export default async function setup(project: TestProject) {
  const backend = await startBackend();
  const names = [
    'TABLE_NAME',
    'EVIDENCE_BUCKET',
    'REPORTS_BUCKET',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'DYNAMODB_ENDPOINT',
    'S3_ENDPOINT',
    'AUTH_ISSUER',
    'AUTH_AUDIENCE',
    'AUTH_JWKS',
    'SIKLUS_DEV_SIGNING_JWK',
    'SURVEY_LINK_KEY',
    'POWERTOOLS_LOG_LEVEL',
    'POWERTOOLS_METRICS_DISABLED',
  ];
  project.provide('backendEnv', Object.fromEntries(names.map((n) => [n, process.env[n] ?? ''])));
  return () => backend.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    backendEnv: Record<string, string>;
  }
}
