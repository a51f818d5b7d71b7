/** Who is calling: from verified token claims. Supervisor rights come from the org chart, not here. */
export type Role = 'HR' | 'ADMIN';

export interface Actor {
  nip: string;
  agencyId: string;
  roles: readonly Role[];
}

export const hasRole = (actor: Actor, role: Role) => actor.roles.includes(role);
