/**
 * Local runtime only: mint a token for any NIP and roles, signed with the runtime's own key.
 * The CDK stack never deploys this group (groups.dev.localOnly), and it refuses to work without
 * the local signing key.
 */
import { importJWK, SignJWT } from 'jose';
import { limits } from '#config/limits.ts';
import { DomainError } from '#core/errors.ts';
import { clockControl, now } from '../clock.ts';
import { env } from '../env.ts';
import { httpApi, type RequestCtx } from '../http/edge.ts';
import { devClockInput, devTokenInput } from './openapi.ts';

export const handler = httpApi({
  'POST /v1/dev/token': async (ctx: RequestCtx) => {
    const input = ctx.json(devTokenInput);
    const e = env();
    if (!e.SIKLUS_DEV_SIGNING_JWK) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
    const jwk = JSON.parse(e.SIKLUS_DEV_SIGNING_JWK);
    const key = await importJWK(jwk, jwk.alg ?? 'ES256');
    // Issued and expiring on the one clock, which the local runtime may have moved.
    const iat = Math.floor(ctx.now.getTime() / 1000);
    const exp = iat + limits.devTokenTtlSeconds;
    const token = await new SignJWT({ agencyId: input.agencyId, roles: input.roles })
      .setProtectedHeader({ alg: jwk.alg ?? 'ES256', kid: jwk.kid })
      .setSubject(input.nip)
      .setIssuer(e.AUTH_ISSUER)
      .setAudience(e.AUTH_AUDIENCE ?? 'siklus')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
    return { status: 200, body: { token, expiresAt: new Date(exp * 1000).toISOString() } };
  },

  'GET /v1/dev/clock': async (ctx: RequestCtx) => {
    if (!clockControl()) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
    return { status: 200, body: { now: ctx.now.toISOString() } };
  },

  /** Forward only: whatever falls due on the way (phases, Waits, sweep, digest) runs in order first. */
  'POST /v1/dev/clock': async (ctx: RequestCtx) => {
    const control = clockControl();
    if (!control) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
    const { at } = ctx.json(devClockInput);
    const target = new Date(at);
    if (target.getTime() < ctx.now.getTime()) {
      throw new DomainError('CONFLICT', 'CLOCK_BACKWARDS', { now: ctx.now.toISOString(), at });
    }
    await control.advanceTo(target);
    return { status: 200, body: { now: now().toISOString() } };
  },
});
