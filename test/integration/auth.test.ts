/** Token verification at the edge: forged, expired, `alg: none` and foreign-issuer tokens get 401. */
import { generateKeyPair, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { limits } from '#config/limits.ts';
import { setClock } from '#functions/clock.ts';
import { call, tokenFor } from '../support/api.ts';

const nip = '198609262015051001';
const claims = { agencyId: 'kota-uji', roles: ['HR'] };
const local = () => JSON.parse(process.env.SIKLUS_DEV_SIGNING_JWK!);

async function sign(
  o: {
    key?: Parameters<SignJWT['sign']>[0];
    kid?: string;
    alg?: string;
    iss?: string;
    aud?: string;
    exp?: number;
    sub?: string;
  } = {},
) {
  const jwk = local();
  const key = o.key ?? (await importJWK(jwk, 'ES256'));
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? jwk.kid })
    .setSubject(o.sub ?? nip)
    .setIssuer(o.iss ?? process.env.AUTH_ISSUER!)
    .setAudience(o.aud ?? process.env.AUTH_AUDIENCE!)
    .setIssuedAt();
  jwt.setExpirationTime(o.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(key);
}

const me = (token?: string, headers: Record<string, string> = {}) =>
  call('GET', '/v1/me', { ...(token ? { token } : {}), headers });

describe('authentication', () => {
  it('accepts a token from the local issuer', async () => {
    const res = await me(await sign());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ nip, agencyId: 'kota-uji', roles: ['HR'] });
  });

  it('refuses a missing or malformed Authorization header', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer not-a-jwt' },
    ]) {
      const res = await me(undefined, headers);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: 'Belum masuk' });
      expect(res.roundTrips).toEqual([]);
    }
  });

  it('refuses a token signed by another key with the same kid (forged)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    expect((await me(await sign({ key: privateKey }))).status).toBe(401);
  });

  it('refuses alg none', async () => {
    const unsigned = new UnsecuredJWT({ ...claims, sub: nip })
      .setIssuer(process.env.AUTH_ISSUER!)
      .setAudience(process.env.AUTH_AUDIENCE!)
      .setExpirationTime('10m')
      .encode();
    expect((await me(unsigned)).status).toBe(401);
  });

  it('refuses an HMAC token keyed with the public key (algorithm confusion)', async () => {
    const pub = JSON.parse(process.env.AUTH_JWKS!).keys[0];
    const secret = new TextEncoder().encode(JSON.stringify(pub));
    expect((await me(await sign({ key: secret, alg: 'HS256' }))).status).toBe(401);
  });

  it('refuses an expired token, saying so, in English when asked', async () => {
    const res = await me(await sign({ exp: Math.floor(Date.now() / 1000) - 120 }), {
      'accept-language': 'en',
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'TOKEN_EXPIRED', detail: 'The access token has expired.' });
  });

  it('refuses another issuer, another audience, and a subject that is not a NIP', async () => {
    expect((await me(await sign({ iss: 'https://evil.example' }))).status).toBe(401);
    expect((await me(await sign({ aud: 'other-app' }))).status).toBe(401);
    expect((await me(await sign({ sub: 'alice' }))).status).toBe(401);
  });

  it('dev tokens carry the NIP, agency and roles asked for, and validate their input', async () => {
    const token = await tokenFor(nip, 'kota-uji', ['HR', 'ADMIN']);
    expect((await me(token)).body.roles).toEqual(['HR', 'ADMIN']);
    const bad = await call('POST', '/v1/dev/token', { body: { nip: '12', agencyId: 'x', roles: ['ROOT'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['nip', 'roles[0]']);
  });

  it('public routes need no token', async () => {
    expect((await call('GET', '/health')).body).toEqual({ status: 'ok' });
    const doc = await call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
  });
});

describe('token lifetime (exp required, age bounded)', () => {
  // The one clock, at a date this test names: tokens are checked on it.
  const at = Date.parse('2027-03-01T01:00:00Z');
  const nowSeconds = Math.floor(at / 1000);
  afterEach(() => setClock(undefined));

  /** A token signed with the trusted key (the one in the JWKS), with exactly the times given. */
  async function signed(times: { iat?: number; exp?: number }) {
    const jwk = local();
    const jwt = new SignJWT({ ...claims, ...times })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setSubject(nip)
      .setIssuer(process.env.AUTH_ISSUER!)
      .setAudience(process.env.AUTH_AUDIENCE!);
    return jwt.sign(await importJWK(jwk, 'ES256'));
  }

  it('the same key and claims with iat and exp are accepted (the control case)', async () => {
    setClock(() => at);
    const res = await me(await signed({ iat: nowSeconds - 60, exp: nowSeconds + 600 }));
    expect(res.status).toBe(200);
  });

  it('refuses a token without exp, however fresh', async () => {
    setClock(() => at);
    const res = await me(await signed({ iat: nowSeconds - 60 }));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.roundTrips).toEqual([]);
  });

  it('refuses a token without iat (its age cannot be bounded)', async () => {
    setClock(() => at);
    expect((await me(await signed({ exp: nowSeconds + 600 }))).status).toBe(401);
  });

  it('refuses a token issued longer ago than the maximum age, even when exp is far away', async () => {
    setClock(() => at);
    const old = nowSeconds - limits.maxTokenAgeSeconds - 60;
    expect((await me(await signed({ iat: old, exp: nowSeconds + 365 * 24 * 3600 }))).status).toBe(401);
    // Just inside the bound is fine.
    const recent = nowSeconds - limits.maxTokenAgeSeconds + 60;
    expect((await me(await signed({ iat: recent, exp: nowSeconds + 600 }))).status).toBe(200);
  });
});
