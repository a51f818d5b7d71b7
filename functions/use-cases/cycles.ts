/** Opening a cycle (HR) and reading it with its completion counts. */
import type { Actor } from '#core/actor.ts';
import { nextAuditEntry } from '#core/audit.ts';
import { type CycleCalendar, type CycleInput, computeCalendar, phaseAt } from '#core/cycle.ts';
import { conflict, notFound } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { phaseRuns } from '#core/phases.ts';
import { auditPut } from '../adapters/audit-store.ts';
import { cycleCalendar, readCycle, rememberCalendar, type StoredCycle } from '../adapters/cycle-store.ts';
import { tableName } from '../adapters/dynamo.ts';
import { keys, subjects } from '../adapters/keys.ts';
import { getAgency, listAgencyEmployees } from '../adapters/org-store.ts';
import { schedulePhases } from '../adapters/scheduler.ts';
import { type Idempotency, type StoredResponse, transact } from '../adapters/tx.ts';

export function cycleView(
  cycle: StoredCycle,
  counts: Map<string, { drafting: number; submitted: number; approved: number; returned: number }>,
  now: Date,
) {
  const units = Object.entries(cycle.units).map(([unitId, u]) => {
    const c = counts.get(unitId) ?? { drafting: 0, submitted: 0, approved: 0, returned: 0 };
    // "drafted" counts every SKP that exists; "submitted" those past drafting.
    return {
      unitId,
      unitName: u.unitName,
      employees: u.employees,
      skpDrafted: c.drafting + c.submitted + c.approved,
      skpSubmitted: c.submitted + c.approved,
      skpApproved: c.approved,
      skpAwaitingApproval: c.submitted,
      returnsSoFar: c.returned,
    };
  });
  const total = (k: 'employees' | 'skpDrafted' | 'skpSubmitted' | 'skpApproved') =>
    units.reduce((n, u) => n + u[k], 0);
  return {
    agencyId: cycle.agencyId,
    year: cycle.year,
    currentPhase: phaseAt(cycle.calendar, now),
    ...cycle.calendar,
    completion: {
      employees: total('employees'),
      skpDrafted: total('skpDrafted'),
      skpSubmitted: total('skpSubmitted'),
      skpApproved: total('skpApproved'),
      units,
    },
    version: cycle.version,
    createdAt: cycle.createdAt,
    createdBy: cycle.createdBy,
    etag: etagOf(cycle.auditHead),
  };
}

export async function openCycle(
  actor: Actor,
  agencyId: string,
  input: CycleInput,
  now: Date,
  idem?: Omit<Idempotency, 'response'>,
): Promise<StoredResponse> {
  const agency = await getAgency(agencyId);
  if (!agency) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  const calendar = computeCalendar(input, agency);
  // Headcount per unit at opening, for the completion view (bulk read of the agency's people).
  const units: StoredCycle['units'] = {};
  for (const e of (await listAgencyEmployees(agencyId)).values()) {
    units[e.unitId] = { unitName: e.unitName, employees: (units[e.unitId]?.employees ?? 0) + 1 };
  }
  const at = now.toISOString();
  const audit = nextAuditEntry(undefined, {
    subject: subjects.cycle(agencyId, input.year),
    action: 'CYCLE_OPENED',
    actorNip: actor.nip,
    at,
    data: { input, calendar },
  });
  const cycle: StoredCycle = {
    agencyId,
    year: input.year,
    calendar,
    units,
    version: 1,
    createdAt: at,
    createdBy: actor.nip,
    auditHead: { seq: 1, hash: audit.hash },
  };
  const view = cycleView(cycle, new Map(), now);
  const response: StoredResponse = {
    status: 201,
    body: view,
    headers: { etag: view.etag, location: `/v1/agencies/${agencyId}/cycles/${input.year}` },
  };
  const outcome = await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.cycle(agencyId, input.year), type: 'CYCLE', ...cycle },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(audit),
    ],
    idem && { ...idem, response },
  );
  // One execution per phase, started by a one-time schedule at the phase's start. Also on a
  // replay or a second open: if scheduling failed after the cycle was written, this repairs it.
  const ensureSchedules = async (cal: CycleCalendar) =>
    schedulePhases(phaseRuns(agencyId, input.year, cal), cal.timeZone, now);
  if (!outcome.ok) {
    const existing = await cycleCalendar(agencyId, input.year);
    if (existing) await ensureSchedules(existing);
    if ('replay' in outcome) return outcome.replay;
    throw conflict('CYCLE_EXISTS', { year: input.year });
  }
  rememberCalendar(agencyId, input.year, calendar);
  await ensureSchedules(calendar);
  return response;
}

export async function getCycle(agencyId: string, year: number, now: Date) {
  const found = await readCycle(agencyId, year);
  if (!found) throw notFound('CYCLE_NOT_FOUND', { year });
  return cycleView(found.cycle, found.counts, now);
}
