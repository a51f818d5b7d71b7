/**
 * The authorization policy, decided from the caller and the org chart facts each document
 * carries. Handlers ask here; they never decide themselves.
 */
import { type Actor, hasRole } from './actor.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import { contains, type Expr, eq, or, TRUE } from './expr.ts';

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

/**
 * The employees of a list the caller may see, as a condition on each profile: HR of the agency
 * all of them; anyone else themselves and those below them in the org chart. So a unit's list is
 * the whole unit for its head (everyone in it reports to them), a section for a section chief,
 * and only their own row for staff: one Query, nothing shown that GET /v1/employees/{nip} would
 * refuse. Another agency's lists are not found (the caller's agency is checked first).
 */
export function employeesVisibleTo(actor: Actor): Expr {
  return hasRole(actor, 'HR') ? TRUE : or(eq('nip', actor.nip), contains('managerChain', actor.nip));
}

/** The same rule for documents that carry their owner's facts (SKP, check-in). */
export function documentsVisibleTo(actor: Actor): Expr {
  return hasRole(actor, 'HR') ? TRUE : or(eq('ownerNip', actor.nip), contains('managerChain', actor.nip));
}

/** Lists of an agency: its members (and platform admins); anyone else is told it does not exist. */
export const assertMemberOf = (actor: Actor, agencyId: string) => {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
};
