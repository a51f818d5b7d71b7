/**
 * The lists portals build their screens from: one Query each (never a Scan), the caller's
 * visibility stated as a condition the store applies as it reads (core/authz.ts), so nothing
 * leaves that the caller could not read one by one.
 *
 *  - a supervisor's team: the team index (gsi4), each report's profile then their documents, one
 *    year kept (a page never splits a person);
 *  - a unit's employees: the agency's employees by unit (gsi1), a NIP search as a key prefix, a
 *    name search as a filter on the folded name;
 *  - a unit's SKPs of a year: the agency's SKPs of the year by unit (gsi1), status as a filter;
 *  - an agency's cycles: the agency's cycles by year (gsi1), the latest first.
 * (Keys: functions/adapters/dynamo/entities and the README's data model.)
 */
import type { Actor } from '#core/actor.ts';
import { assertCanReadAgency, assertMemberOf, documentsVisibleTo, employeesVisibleTo } from '#core/authz.ts';
import { type Employee, type EmploymentStatus, searchable, toProfile } from '#core/employee.ts';
import { absent, and, contains, type Expr, eq, or, TRUE } from '#core/expr.ts';
import { teamMembers, toCycleSummary, toUnitSkp, unitSkpFields } from '#core/lists.ts';
import type { Deps, Page } from '#core/ports.ts';
import type { SkpStatus } from '#core/skp/machine.ts';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Documents a team member may have in a year, read at most per page (a person's years add up). */
const TEAM_ITEMS_PER_PERSON = 40;

/** `GET /v1/me/team?year=`: the caller's direct reports with their SKPs and check-ins of the year. */
export async function team(deps: Pick<Deps, 'store'>, actor: Actor, year: number, page: PageRequest) {
  const out = await deps.store.list(
    { kind: 'SKP', pattern: 'team', params: { appraiserNip: actor.nip, year } },
    {
      limit: Math.min(1000, page.limit * TEAM_ITEMS_PER_PERSON),
      cursor: page.cursor,
      wholeGroups: page.limit,
      // The index holds only the caller's team; the agency is checked all the same.
      where: eq('agencyId', actor.agencyId),
    },
  );
  return { items: teamMembers(out.items), cursor: out.cursor };
}

const statusIs = (status: EmploymentStatus | 'ALL'): Expr =>
  status === 'ALL'
    ? TRUE
    : status === 'ACTIVE'
      ? or(absent('employmentStatus'), eq('employmentStatus', 'ACTIVE'))
      : eq('employmentStatus', 'INACTIVE');

/**
 * `GET /v1/agencies/{id}/units/{unit}/employees?q=`: NIP digits (spaces ignored) narrow the key;
 * any other text is looked for in the name, case and accents ignored.
 */
export async function unitEmployees(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  agencyId: string,
  unitId: string,
  query: PageRequest & { q?: string | undefined; status: EmploymentStatus | 'ALL' },
): Promise<Page<ReturnType<typeof toProfile>>> {
  assertMemberOf(actor, agencyId);
  const q = query.q?.trim() ?? '';
  const digits = q.replace(/\s+/g, '');
  const byNip = /^\d{1,18}$/.test(digits);
  const name = searchable(q);
  const out = await deps.store.list(
    byNip
      ? { kind: 'EMPLOYEE', pattern: 'ofUnitByNip', params: { agencyId, unitId, nipPrefix: digits } }
      : { kind: 'EMPLOYEE', pattern: 'ofUnit', params: { agencyId, unitId } },
    {
      limit: query.limit,
      cursor: query.cursor,
      where: and(
        employeesVisibleTo(actor),
        statusIs(query.status),
        !byNip && name ? or(contains('searchName', name), contains('name', q)) : TRUE,
      ),
    },
  );
  return { items: (out.items as unknown as Employee[]).map(toProfile), cursor: out.cursor };
}

/** `GET /v1/agencies/{id}/units/{unit}/skp?year=&status=`: the unit's SKPs (their summaries). */
export async function unitSkps(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  agencyId: string,
  unitId: string,
  query: PageRequest & { year: number; status?: SkpStatus | undefined },
) {
  assertMemberOf(actor, agencyId);
  const out = await deps.store.list(
    { kind: 'SKP', pattern: 'ofUnitYear', params: { agencyId, year: query.year, unitId } },
    {
      limit: query.limit,
      cursor: query.cursor,
      fields: unitSkpFields,
      where: and(
        eq('agencyId', agencyId),
        documentsVisibleTo(actor),
        query.status ? eq('status', query.status) : TRUE,
      ),
    },
  );
  return { items: out.items.map(toUnitSkp), cursor: out.cursor };
}

/** `GET /v1/agencies/{id}/cycles`: every cycle the agency opened, the latest year first. */
export async function agencyCycles(
  deps: Pick<Deps, 'store' | 'clock'>,
  actor: Actor,
  agencyId: string,
  page: PageRequest,
) {
  assertCanReadAgency(actor, agencyId);
  const out = await deps.store.list(
    { kind: 'CYCLE', pattern: 'ofAgency', params: { agencyId } },
    { limit: page.limit, cursor: page.cursor, fields: ['agencyId', 'year', 'calendar', 'createdAt'] },
  );
  const now = deps.clock.now();
  return { items: out.items.map((d) => toCycleSummary(d, now)), cursor: out.cursor };
}
