/**
 * The authorization policy, decided from the caller and the org chart facts each document
 * carries. Handlers ask here; they never decide themselves.
 */
import { type Actor, hasRole } from './actor.ts';
import { DomainError, forbidden, notFound } from './errors.ts';

interface OrgFacts {
  nip: string;
  agencyId: string;
  managerChain: readonly string[];
}

/** Self, any supervisor above, or HR of the same agency. Another agency's: 404, not 403. */
export function assertCanReadEmployee(actor: Actor, target: OrgFacts): void {
  if (actor.agencyId !== target.agencyId) throw notFound('EMPLOYEE_NOT_FOUND', { nip: target.nip });
  if (actor.nip === target.nip || target.managerChain.includes(actor.nip) || hasRole(actor, 'HR')) return;
  throw forbidden();
}

/** Members of the agency, and platform admins. */
export function assertCanReadAgency(actor: Actor, agencyId: string): void {
  if (actor.agencyId === agencyId || hasRole(actor, 'ADMIN')) return;
  throw notFound('AGENCY_NOT_FOUND', { agencyId });
}

export function assertAdmin(actor: Actor): void {
  if (!hasRole(actor, 'ADMIN')) throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', { role: 'ADMIN' });
}

/** HR staff (pengelola kinerja) of that agency. */
export function assertHrOf(actor: Actor, agencyId: string): void {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  if (!hasRole(actor, 'HR')) throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', { role: 'HR' });
}
