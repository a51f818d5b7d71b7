/** core/authz.ts: who may read an employee or an agency, and the role checks. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#core/actor.ts';
import { assertAdmin, assertCanReadAgency, assertCanReadEmployee, assertHrOf } from '#core/authz.ts';
import { DomainError } from '#core/errors.ts';

const agency = 'kota-bukittinggi';
const other = 'kota-padang';

// The org: l3 -> l2 -> l1 -> target (and a peer who also reports to l1).
const nips = {
  target: '198609262015051001',
  l1: '197501012000031002',
  l2: '197001011995031003',
  l3: '196501011990031004',
  peer: '199001012015052005',
  hr: '198801012012032006',
  hrOther: '198801012012032007',
  admin: '197001011995031008',
};

const target = { nip: nips.target, agencyId: agency, managerChain: [nips.l1, nips.l2, nips.l3] };

const actors = {
  self: { nip: nips.target, agencyId: agency, roles: [] },
  directSupervisor: { nip: nips.l1, agencyId: agency, roles: [] },
  twoUp: { nip: nips.l2, agencyId: agency, roles: [] },
  threeUp: { nip: nips.l3, agencyId: agency, roles: [] },
  peer: { nip: nips.peer, agencyId: agency, roles: [] },
  hrSameAgency: { nip: nips.hr, agencyId: agency, roles: ['HR'] },
  hrOtherAgency: { nip: nips.hrOther, agencyId: other, roles: ['HR'] },
  admin: { nip: nips.admin, agencyId: 'siklus', roles: ['ADMIN'] },
} satisfies Record<string, Actor>;

type Who = keyof typeof actors;
type Outcome = 'allowed' | { kind: string; code: string; params?: Record<string, unknown> };

/** Runs an assertion and reports what happened, so each expectation is one value. */
function outcome(fn: () => void): Outcome {
  try {
    fn();
    return 'allowed';
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { kind: err.kind, code: err.code, params: err.params };
  }
}

const forbidden = { kind: 'FORBIDDEN', code: 'FORBIDDEN', params: {} };
const employeeNotFound = { kind: 'NOT_FOUND', code: 'EMPLOYEE_NOT_FOUND', params: { nip: nips.target } };
const agencyNotFound = (agencyId: string) => ({
  kind: 'NOT_FOUND',
  code: 'AGENCY_NOT_FOUND',
  params: { agencyId },
});
const roleRequired = (role: string) => ({ kind: 'FORBIDDEN', code: 'ROLE_REQUIRED', params: { role } });

describe('assertCanReadEmployee', () => {
  const expected: Record<Who, Outcome> = {
    self: 'allowed',
    directSupervisor: 'allowed',
    twoUp: 'allowed',
    threeUp: 'allowed',
    peer: forbidden,
    hrSameAgency: 'allowed',
    hrOtherAgency: employeeNotFound,
    admin: employeeNotFound,
  };

  it.each(Object.keys(expected) as Who[])('%s', (who) => {
    expect(outcome(() => assertCanReadEmployee(actors[who], target))).toEqual(expected[who]);
  });

  it('a subordinate may not read their supervisor', () => {
    const supervisor = { nip: nips.l1, agencyId: agency, managerChain: [nips.l2, nips.l3] };
    expect(outcome(() => assertCanReadEmployee(actors.self, supervisor))).toEqual({ ...forbidden });
  });

  it('a supervisor’s NIP in another agency’s chain does not open it (404, not 403)', () => {
    const elsewhere = { ...target, agencyId: other };
    expect(outcome(() => assertCanReadEmployee(actors.directSupervisor, elsewhere))).toEqual(
      employeeNotFound,
    );
    expect(outcome(() => assertCanReadEmployee(actors.self, elsewhere))).toEqual(employeeNotFound);
  });

  it('an HR actor of the other agency may read that agency’s employees', () => {
    const theirs = { nip: nips.peer, agencyId: other, managerChain: [] };
    expect(outcome(() => assertCanReadEmployee(actors.hrOtherAgency, theirs))).toBe('allowed');
  });

  it('an ADMIN who is also HR of the agency may read through the HR role', () => {
    const both: Actor = { nip: nips.admin, agencyId: agency, roles: ['ADMIN', 'HR'] };
    expect(outcome(() => assertCanReadEmployee(both, target))).toBe('allowed');
    const adminOnly: Actor = { nip: nips.admin, agencyId: agency, roles: ['ADMIN'] };
    expect(outcome(() => assertCanReadEmployee(adminOnly, target))).toEqual(forbidden);
  });
});

describe('assertCanReadAgency', () => {
  const expected: Record<Who, Outcome> = {
    self: 'allowed',
    directSupervisor: 'allowed',
    twoUp: 'allowed',
    threeUp: 'allowed',
    peer: 'allowed',
    hrSameAgency: 'allowed',
    hrOtherAgency: agencyNotFound(agency),
    admin: 'allowed',
  };

  it.each(Object.keys(expected) as Who[])('%s', (who) => {
    expect(outcome(() => assertCanReadAgency(actors[who], agency))).toEqual(expected[who]);
  });

  it('a member of one agency gets 404 for another, with its id', () => {
    expect(outcome(() => assertCanReadAgency(actors.peer, other))).toEqual(agencyNotFound(other));
  });
});

describe('assertAdmin', () => {
  const expected: Record<Who, Outcome> = {
    self: roleRequired('ADMIN'),
    directSupervisor: roleRequired('ADMIN'),
    twoUp: roleRequired('ADMIN'),
    threeUp: roleRequired('ADMIN'),
    peer: roleRequired('ADMIN'),
    hrSameAgency: roleRequired('ADMIN'),
    hrOtherAgency: roleRequired('ADMIN'),
    admin: 'allowed',
  };

  it.each(Object.keys(expected) as Who[])('%s', (who) => {
    expect(outcome(() => assertAdmin(actors[who]))).toEqual(expected[who]);
  });
});

describe('assertHrOf', () => {
  const expected: Record<Who, Outcome> = {
    self: roleRequired('HR'),
    directSupervisor: roleRequired('HR'),
    twoUp: roleRequired('HR'),
    threeUp: roleRequired('HR'),
    peer: roleRequired('HR'),
    hrSameAgency: 'allowed',
    hrOtherAgency: agencyNotFound(agency),
    admin: agencyNotFound(agency),
  };

  it.each(Object.keys(expected) as Who[])('%s', (who) => {
    expect(outcome(() => assertHrOf(actors[who], agency))).toEqual(expected[who]);
  });

  it('HR of the other agency is HR there', () => {
    expect(outcome(() => assertHrOf(actors.hrOtherAgency, other))).toBe('allowed');
    expect(outcome(() => assertHrOf(actors.hrSameAgency, other))).toEqual(agencyNotFound(other));
  });
});

describe('errors thrown are DomainErrors', () => {
  it('carries kind and code, and the message is the code (never user text)', () => {
    let caught: unknown;
    try {
      assertCanReadEmployee(actors.peer, target);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      name: 'DomainError',
      kind: 'FORBIDDEN',
      code: 'FORBIDDEN',
      message: 'FORBIDDEN',
    });
  });
});
