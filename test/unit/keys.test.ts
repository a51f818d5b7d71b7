/**
 * The survey-link key as Lambda reads it: from the AWS Parameters and Secrets extension on
 * localhost (stood in for here by a small HTTP server), with the session token as the extension
 * asks, once per container; a failed read is not kept. Locally the key comes from the runtime.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keys, resetKeys } from '#functions/adapters/keys.ts';
import { resetEnv } from '#functions/env.ts';

const saved = { ...process.env };
const seen: IncomingMessage[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const server = createServer((req, res) => {
  seen.push(req);
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
});

const use = (vars: Record<string, string | undefined>) => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved, {
    AUTH_ISSUER: 'https://issuer.example',
    AUTH_JWKS: '{"keys":[]}',
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((server.address() as AddressInfo).port),
  });
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnv();
  resetKeys();
};

beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())));
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  seen.length = 0;
  use({ PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: undefined });
});

describe('the survey-link key', () => {
  const secret = 'x7Gq'.repeat(16);
  const arn = 'arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:SurveyLinkKey-AbCdEf';

  it('is read from the extension with the session token, once, as the SHA-256 of the secret', async () => {
    use({ SURVEY_LINK_KEY: undefined, SURVEY_LINK_SECRET_ID: arn, AWS_SESSION_TOKEN: 'session-1' });
    answer = { status: 200, body: { SecretString: secret } };
    const [a, b] = await Promise.all([keys.surveyLink(), keys.surveyLink()]);
    expect(Buffer.from(a)).toEqual(createHash('sha256').update(secret).digest());
    expect(b).toBe(a);
    expect(await keys.surveyLink()).toBe(a);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`/secretsmanager/get?secretId=${encodeURIComponent(arn)}`);
    expect(seen[0]!.headers['x-aws-parameters-secrets-token']).toBe('session-1');
  });

  it('fails loudly when the extension refuses, and tries again on the next call', async () => {
    use({ SURVEY_LINK_KEY: undefined, SURVEY_LINK_SECRET_ID: arn });
    answer = { status: 400, body: { message: 'not authorized' } };
    await expect(keys.surveyLink()).rejects.toThrow(/could not be read \(400\)/);
    answer = { status: 200, body: { SecretString: 'short' } };
    await expect(keys.surveyLink()).rejects.toThrow(/missing or short/);
    answer = { status: 200, body: { SecretString: secret } };
    await expect(keys.surveyLink()).resolves.toHaveLength(32);
    expect(seen).toHaveLength(3);
  });

  it('locally: the key the runtime passes, with no request; neither: a clear error', async () => {
    const local = Buffer.alloc(32, 7).toString('base64url');
    use({ SURVEY_LINK_KEY: local, SURVEY_LINK_SECRET_ID: undefined });
    expect(Buffer.from(await keys.surveyLink())).toEqual(Buffer.alloc(32, 7));
    expect(seen).toHaveLength(0);
    use({ SURVEY_LINK_KEY: undefined, SURVEY_LINK_SECRET_ID: undefined });
    await expect(keys.surveyLink()).rejects.toThrow(/SURVEY_LINK_SECRET_ID/);
  });
});
