/**
 * Local runtime only: mint a token for any NIP and roles, signed with the runtime's own key, and
 * read or move the local clock. The CDK stack never deploys this group (groups.dev.localOnly),
 * and these routes refuse to work without the local signing key or the local clock.
 */
import { importJWK, SignJWT } from 'jose';
import * as z from 'zod';
import { limits } from '#config/limits.ts';
import { DomainError } from '#core/errors.ts';
import { clockControl, now } from '../clock.ts';
import { env } from '../env.ts';
import { httpApi } from '../http/edge.ts';
import { defineRoute } from '../http/route.ts';

const group = 'dev';
const tag = 'Local runtime';

export const devTokenInput = z
  .object({
    nip: z.string().regex(/^\d{18}$/, 'NIP_FORMAT'),
    agencyId: z.string().min(1).max(40),
    roles: z
      .array(z.enum(['HR', 'ADMIN']))
      .max(2)
      .default([]),
  })
  .strict()
  .meta({ id: 'DevTokenInput' });

export const devClockInput = z
  .object({
    at: z.iso.datetime({ offset: true }).meta({
      description: 'ISO 8601 with its offset, e.g. 2027-02-15T09:00:00+08:00',
      example: '2027-02-15T09:00:00+08:00',
    }),
  })
  .strict()
  .meta({ id: 'DevClockInput' });

const clockNow = z.object({ now: z.iso.datetime() }).meta({ id: 'DevClock' });

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/dev/token',
    group,
    tag,
    auth: 'none',
    operationId: 'devToken',
    summary: 'Mint a token for anyone (local runtime only; absent from the deployed stack)',
    description:
      'Sign in as any NIP of any agency, with roles HR and/or ADMIN; the token lasts 12 hours on the local clock.',
    body: { schema: devTokenInput },
    responses: {
      200: {
        description: 'Signed token',
        schema: z.object({ token: z.string(), expiresAt: z.iso.datetime() }).meta({ id: 'DevToken' }),
      },
    },
    errors: [404, 422],
    handler: async (req) => {
      const e = env();
      if (!e.SIKLUS_DEV_SIGNING_JWK) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
      const jwk = JSON.parse(e.SIKLUS_DEV_SIGNING_JWK);
      const key = await importJWK(jwk, jwk.alg ?? 'ES256');
      // Issued and expiring on the one clock, which the local runtime may have moved.
      const iat = Math.floor(req.now.getTime() / 1000);
      const exp = iat + limits.devTokenTtlSeconds;
      const token = await new SignJWT({ agencyId: req.body.agencyId, roles: req.body.roles })
        .setProtectedHeader({ alg: jwk.alg ?? 'ES256', kid: jwk.kid })
        .setSubject(req.body.nip)
        .setIssuer(e.AUTH_ISSUER)
        .setAudience(e.AUTH_AUDIENCE ?? 'siklus')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { status: 200, body: { token, expiresAt: new Date(exp * 1000).toISOString() } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/dev/clock',
    group,
    tag,
    auth: 'none',
    operationId: 'devClock',
    summary: 'The local clock (local runtime only; absent from the deployed stack)',
    responses: { 200: { description: 'Now, on the local clock', schema: clockNow } },
    errors: [404],
    handler: async (req) => {
      if (!clockControl()) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
      return { status: 200, body: { now: req.now.toISOString() } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/dev/clock',
    group,
    tag,
    auth: 'none',
    operationId: 'devMoveClock',
    summary:
      'Move the local clock forward (local runtime only); what falls due on the way runs first, in order',
    body: { schema: devClockInput },
    responses: { 200: { description: 'Moved', schema: clockNow } },
    errors: [404, 409, 422],
    handler: async (req) => {
      const control = clockControl();
      if (!control) throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND');
      const target = new Date(req.body.at);
      if (target.getTime() < req.now.getTime()) {
        throw new DomainError('CONFLICT', 'CLOCK_BACKWARDS', { now: req.now.toISOString(), at: req.body.at });
      }
      await control.advanceTo(target);
      return { status: 200, body: { now: now().toISOString() } };
    },
  }),
];

export const handler = httpApi(routes);
