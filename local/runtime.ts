/**
 * Boots the whole local system in this process: DynamoDB Local and s3rver as child/in-process
 * servers, the table and buckets from config/, the local token issuer, the demo agency, and the
 * HTTP API. Used by `npm start`, the integration test setup and the end-to-end tests.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { buckets, table } from '#config/table.ts';
import { resetDdb } from '#functions/adapters/dynamo.ts';
import { resetKeys } from '#functions/adapters/keys.ts';
import { resetS3 } from '#functions/adapters/s3.ts';
import { resetAuth } from '#functions/auth.ts';
import { setClock } from '#functions/clock.ts';
import { resetEnv } from '#functions/env.ts';
import { LocalClock, parseInstant } from './clock.ts';
import { instrumentClients } from './instrument.ts';
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
  const keys: LocalKeys = {
    publicJwks: { keys: [pub] },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
  };
  if (file) writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** The local survey-link key (random, 32 bytes), kept in the data dir so links survive a restart. */
export function localSurveyLinkKey(dataDir: string | undefined): string {
  const file = dataDir ? join(dataDir, 'survey-link-key') : undefined;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  if (file) writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/**
 * The runtime's clock. With a data dir it resumes where the last run left it (the offset from the
 * wall clock is kept in `clock.json`; time passes while stopped, as it would). `at` (from
 * `--at` or `SIKLUS_NOW`) starts it elsewhere, but never before the data dir's own instant:
 * that would move the clock backwards under data already written.
 */
export function localClock(dataDir: string | undefined, at: string | undefined): LocalClock {
  const file = dataDir ? join(dataDir, 'clock.json') : undefined;
  const onMove = file ? (offsetMs: number) => writeFileSync(file, JSON.stringify({ offsetMs })) : undefined;
  const target = at ? parseInstant(at) : undefined;
  if (!file || !existsSync(file)) {
    // Nothing written on any clock yet: start wherever asked.
    const clock = new LocalClock({
      ...(target !== undefined ? { startAt: target } : {}),
      ...(onMove ? { onMove } : {}),
    });
    onMove?.(clock.savedOffset);
    return clock;
  }
  const saved = (JSON.parse(readFileSync(file, 'utf8')) as { offsetMs: number }).offsetMs;
  const clock = new LocalClock({ offset: saved, ...(onMove ? { onMove } : {}) });
  if (target !== undefined) {
    if (target < clock.now()) {
      throw new Error(
        `--at ${at} is before this data dir's clock (${new Date(clock.now()).toISOString()}): the clock only moves forward. ` +
          'Use another SIKLUS_DATA_DIR (or delete it) to start earlier.',
      );
    }
    clock.set(target);
  }
  return clock;
}

export interface Backend {
  clock: LocalClock;
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
export async function startBackend(opts: { dataDir?: string; at?: string } = {}): Promise<Backend> {
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const clock = localClock(dataDir, opts.at ?? process.env.SIKLUS_NOW);
  setClock(() => clock.now());
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
    SURVEY_LINK_KEY: localSurveyLinkKey(dataDir),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // Metrics are CloudWatch's (EMF on stdout in Lambda); locally they would only be noise.
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  delete process.env.AUTH_JWKS_URL;
  resetEnv();
  resetDdb();
  resetS3();
  resetAuth();
  resetKeys();
  instrumentClients();
  return {
    clock,
    dynamo,
    s3,
    keys,
    freshTable,
    async stop() {
      clock.dispose();
      await Promise.allSettled([dynamo.stop(), s3.stop()]);
      if (!dataDir) rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}
