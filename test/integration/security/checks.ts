/**
 * What the security suite checks of every answer (the matrix and the fuzz alike): the headers of
 * finding 12, and "a refusal writes nothing".
 */
import { expect } from 'vitest';
import { dynamoCalls } from '#local/instrument.ts';

/** Data written since `before` (rate-limit counters count refused requests too: not data). */
export const dataWrittenSince = (before: number) =>
  dynamoCalls.written.slice(before).filter((pk) => !pk.startsWith('RATE#'));

/** The headers every answer of `route` carries, whatever its status. */
export function expectSecurityHeaders(
  route: { auth: string; group: string },
  status: number,
  headers: Record<string, string>,
  what: string,
) {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  if (route.auth === 'jwt' || route.group === 'public')
    expect(headers['cache-control'], what).toBe('no-store');
  if (route.group === 'public') {
    expect(headers['content-type'], what).toBe('text/html; charset=utf-8');
    expect(headers['x-frame-options'], what).toBe('DENY');
    expect(headers['referrer-policy'], what).toBe('no-referrer');
    expect(headers['x-robots-tag'], what).toBe('noindex, nofollow');
    const csp = headers['content-security-policy'] ?? '';
    for (const directive of ["default-src 'none'", "frame-ancestors 'none'", "form-action 'self'"])
      expect(csp, `${what}: ${csp}`).toContain(directive);
    expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  } else if (status >= 400) {
    expect(headers['content-type'], what).toBe('application/problem+json');
  }
  if (status === 401) expect(headers['www-authenticate'], what).toMatch(/^Bearer/);
}
