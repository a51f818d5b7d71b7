/**
 * Local runtime only: mint a token for any NIP and roles, signed with the runtime's own key.
 * The CDK stack never deploys this group (groups.dev.localOnly), and it refuses to work without
 * the local signing key.
 */
import { importJWK, SignJWT } from 'jose';
import { limits } from '#config/limits.ts';
import { DomainError } from '#core/errors.ts';
import { env } from '../env.ts';
import { httpApi, type RequestCtx } from '../http/edge.ts';
import { devTokenInput } from './openapi.ts';

export const handler = httpApi({
  'POST /v1/dev/token': async (ctx: RequestCtx) => {
    const input = ctx.json(devTokenInput);
    const e = env();
    if (!e.SIKLUS_DEV_SIGNING_JWK) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
    const jwk = JSON.parse(e.SIKLUS_DEV_SIGNING_JWK);
    const key = await importJWK(jwk, jwk.alg ?? 'ES256');
    const exp = Math.floor(ctx.now.getTime() / 1000) + limits.devTokenTtlSeconds;
    const token = await new SignJWT({ agencyId: input.agencyId, roles: input.roles })
      .setProtectedHeader({ alg: jwk.alg ?? 'ES256', kid: jwk.kid })
      .setSubject(input.nip)
      .setIssuer(e.AUTH_ISSUER)
      .setAudience(e.AUTH_AUDIENCE ?? 'siklus')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
    return { status: 200, body: { token, expiresAt: new Date(exp * 1000).toISOString() } };
  },
});
