/**
 * Bearer token verification with jose, against any OIDC issuer's JWKS (Cognito in the stack) or
 * the local runtime's own key set. API Gateway's JWT authorizer checks too; checking here as well
 * keeps the handlers safe wherever they run. Only asymmetric algorithms: `alg: none` and HMAC
 * tokens are refused.
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { limits } from '#config/limits.ts';
import type { Actor, Role } from '#core/actor.ts';
import { DomainError, unauthenticated } from '#core/errors.ts';
import { now } from './clock.ts';
import { env } from './env.ts';

type KeySet = ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>;
let keySet: KeySet | undefined;

function keys(): KeySet {
  if (keySet) return keySet;
  const e = env();
  keySet = e.AUTH_JWKS
    ? createLocalJWKSet(JSON.parse(e.AUTH_JWKS))
    : createRemoteJWKSet(new URL(e.AUTH_JWKS_URL!));
  return keySet;
}

export function resetAuth(): void {
  keySet = undefined;
}

const roleSet = new Set<Role>(['HR', 'ADMIN']);

/** Our claims, or Cognito's names for them (custom attribute and groups). */
export function actorFromClaims(claims: JWTPayload): Actor {
  const nip = (claims.nip ?? claims['custom:nip'] ?? claims.sub) as unknown;
  const agencyId = (claims.agencyId ?? claims['custom:agencyId']) as unknown;
  const rawRoles = (claims.roles ?? claims['cognito:groups'] ?? []) as unknown;
  if (typeof nip !== 'string' || !/^\d{18}$/.test(nip) || typeof agencyId !== 'string' || !agencyId) {
    throw unauthenticated();
  }
  const roles = (Array.isArray(rawRoles) ? rawRoles : String(rawRoles).split(/[\s,]+/)).filter(
    (r): r is Role => roleSet.has(r as Role),
  );
  return { nip, agencyId, roles };
}

export async function authenticate(authorization: string | undefined): Promise<Actor> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated();
  const e = env();
  try {
    const { payload } = await jwtVerify(match[1]!, keys(), {
      issuer: e.AUTH_ISSUER,
      ...(e.AUTH_AUDIENCE ? { audience: e.AUTH_AUDIENCE } : {}),
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
      // The one clock: locally it may stand anywhere in the cycle, and tokens are minted on it.
      currentDate: now(),
      // A token that never expires, or was issued long ago, is refused.
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: limits.maxTokenAgeSeconds,
    });
    return actorFromClaims(payload);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if (err instanceof errors.JWTExpired) throw unauthenticated('TOKEN_EXPIRED');
    throw unauthenticated();
  }
}
