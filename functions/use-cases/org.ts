/** Agencies and employees: one read each; creating an agency is one transaction with its audit. */
import type { Agency } from '#core/agency.ts';
import { type AuditHead, headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import type { Employee } from '#core/employee.ts';
import { conflict } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import type { Deps, Doc, IdempotencyKey } from '#core/ports.ts';

export type StoredAgency = Agency & { auditHead: AuditHead; importLease?: { token: string; until: string } };
export type AgencyView = Agency & { etag: string };

const agencyView = (a: StoredAgency): AgencyView => {
  const { auditHead, importLease: _lease, ...rest } = a;
  return { ...rest, etag: etagOf(auditHead) };
};

/** One transaction: the agency (must be new), the first entry of its audit chain, the idempotency record. */
export async function createAgency(
  deps: Pick<Deps, 'store'>,
  agency: Agency,
  actorNip: string,
  idempotency?: IdempotencyKey,
): Promise<AgencyView> {
  const entry = nextAuditEntry(undefined, {
    subject: subjects.agency(agency.agencyId),
    action: 'AGENCY_CREATED',
    actorNip,
    at: agency.createdAt,
    data: agency,
  });
  const stored: StoredAgency = { ...agency, auditHead: headOf(entry) };
  return deps.store.commit(
    [
      {
        type: 'create',
        ref: { kind: 'AGENCY', id: { agencyId: agency.agencyId } },
        doc: stored as unknown as Doc,
        explain: () => conflict('AGENCY_EXISTS', { agencyId: agency.agencyId }),
      },
      { type: 'audit', entry },
    ],
    { result: agencyView(stored), ...(idempotency ? { idempotency } : {}) },
  );
}

export async function getAgency(
  deps: Pick<Deps, 'store'>,
  agencyId: string,
): Promise<StoredAgency | undefined> {
  return (await deps.store.get({ kind: 'AGENCY', id: { agencyId } })) as StoredAgency | undefined;
}

export const viewOfAgency = agencyView;

export async function getEmployee(deps: Pick<Deps, 'store'>, nip: string): Promise<Employee | undefined> {
  return (await deps.store.get({ kind: 'EMPLOYEE', id: { nip } })) as Employee | undefined;
}

/** Every employee of an agency (bulk: paged Query on the agency's index, never a Scan). */
export async function listAgencyEmployees(
  deps: Pick<Deps, 'store'>,
  agencyId: string,
): Promise<Map<string, Employee>> {
  const found = new Map<string, Employee>();
  for await (const page of deps.store.pages({
    kind: 'EMPLOYEE',
    pattern: 'ofAgency',
    params: { agencyId },
  })) {
    for (const e of page as unknown as Employee[]) found.set(e.nip, e);
  }
  return found;
}
