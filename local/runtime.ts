/**
 * Boots the whole local system in this process: DynamoDB Local and s3rver as child/in-process
 * servers, the table and buckets from config/, the local token issuer, the demo agency, and the
 * HTTP API. Used by `npm start`, the integration test setup and the end-to-end tests.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { buckets, table } from '#config/table.ts';
import { resetAuth } from '#functions/auth.ts';
import { resetDdb } from '#functions/adapters/dynamo.ts';
import { resetEnv } from '#functions/env.ts';
import { ensureTable, localCredentials, type Running, startDynamo, startS3 } from './services.ts';

export const localIssuer = 'https://siklus.local/issuer';
export const localAudience = 'siklus';

export interface LocalKeys {
  publicJwks: { keys: Record<string, unknown>[] };
  privateJwk: Record<string, unknown>;
}

/** The local issuer's key pair, kept in the data dir so tokens survive a restart. */
export async function localKeys(dataDir: string | undefined): Promise<LocalKeys> {
  const file = dataDir ? join(dataDir, 'issuer-keys.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalKeys;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const keys: LocalKeys = { publicJwks: { keys: [pub] }, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } };
  if (file) writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export interface Backend {
  dynamo: Running;
  s3: Running;
  keys: LocalKeys;
  /** True when the table was created now (a fresh data dir). */
  freshTable: boolean;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and s3rver and points this process's handlers at them.
 * `dataDir` keeps everything across restarts; without it all lives in memory / a temp dir.
 */
export async function startBackend(opts: { dataDir?: string } = {}): Promise<Backend> {
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const s3Dir = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'siklus-s3-'));
  const [dynamo, s3, keys] = await Promise.all([
    startDynamo(dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}),
    startS3({ directory: s3Dir, buckets: [buckets.evidence.localName, buckets.reports.localName] }),
    localKeys(dataDir),
  ]);
  const freshTable = await ensureTable(dynamo.endpoint, table.name);
  Object.assign(process.env, {
    TABLE_NAME: table.name,
    EVIDENCE_BUCKET: buckets.evidence.localName,
    REPORTS_BUCKET: buckets.reports.localName,
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    S3_ENDPOINT: s3.endpoint,
    AUTH_ISSUER: localIssuer,
    AUTH_AUDIENCE: localAudience,
    AUTH_JWKS: JSON.stringify(keys.publicJwks),
    SIKLUS_DEV_SIGNING_JWK: JSON.stringify(keys.privateJwk),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
  delete process.env.AUTH_JWKS_URL;
  resetEnv();
  resetDdb();
  resetAuth();
  return {
    dynamo,
    s3,
    keys,
    freshTable,
    async stop() {
      await Promise.allSettled([dynamo.stop(), s3.stop()]);
      if (!dataDir) rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}
