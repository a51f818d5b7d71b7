/**
 * Payroll's view of the results: per employee and period, the final predikat with the allowance
 * and angka kredit shares of the agency's policy (core/follow-up/payroll.ts).
 *
 * Round trips: the agency's rows of a period, one GetItem (the policy) and one Query (gsi1, one
 * page) in parallel; an employee's year, one BatchGetItem (the profile, for who may read, and
 * the policy) and one Query of the employee's evaluations, in parallel.
 */
import type { Actor } from '#core/actor.ts';
import { assertCanReadEmployee, assertHrOf } from '#core/authz.ts';
import { notFound } from '#core/errors.ts';
import { employeePayroll, type PayrollEvaluation, payrollRow } from '#core/follow-up/payroll.ts';
import { policyOf } from '#core/policy.ts';
import type { Deps, Doc } from '#core/ports.ts';
import { policyRef } from './policy.ts';

export async function agencyPayroll(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  year: number,
  period: string,
  page: { limit: number; cursor?: string | undefined },
) {
  assertHrOf(actor, agencyId);
  const [policyDoc, out] = await Promise.all([
    deps.store.get(policyRef(agencyId)),
    deps.store.list(
      { kind: 'EVALUATION', pattern: 'ofAgencyPeriod', params: { agencyId, year, period } },
      page,
    ),
  ]);
  const policy = policyOf(policyDoc);
  const now = deps.clock.now();
  return {
    items: out.items.map((d) => payrollRow(d as unknown as PayrollEvaluation, policy, now)),
    cursor: out.cursor,
  };
}

export async function payrollOfEmployee(deps: Deps, actor: Actor, nip: string, year: number) {
  const [[profile, policyDoc], evaluations] = await Promise.all([
    deps.store.getMany([{ kind: 'EMPLOYEE', id: { nip } }, policyRef(actor.agencyId)]),
    (async () => {
      const all: Doc[] = [];
      for await (const page of deps.store.pages({
        kind: 'EVALUATION',
        pattern: 'ofOwnerYear',
        params: { nip, year },
      }))
        all.push(...page);
      return all;
    })(),
  ]);
  if (!profile) throw notFound('EMPLOYEE_NOT_FOUND', { nip });
  assertCanReadEmployee(
    actor,
    profile as unknown as { nip: string; agencyId: string; managerChain: string[] },
  );
  return employeePayroll(
    nip,
    year,
    evaluations.filter((e) => e.agencyId === actor.agencyId) as unknown as PayrollEvaluation[],
    policyOf(policyDoc),
    deps.clock.now(),
  );
}
