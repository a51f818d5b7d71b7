/** Opening a cycle (HR) and reading it with its completion counts. */
import type { Actor } from '#core/actor.ts';
import { type AuditHead, headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import { type CycleCalendar, type CycleInput, computeCalendar, phaseAt } from '#core/cycle.ts';
import { conflict, notFound } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { phaseRuns } from '#core/phases.ts';
import type { Deps, Doc, IdempotencyKey } from '#core/ports.ts';
import { cycleCalendar, rememberCalendar } from './calendars.ts';
import { getAgency, listAgencyEmployees } from './org.ts';

export interface StoredCycle {
  agencyId: string;
  year: number;
  calendar: CycleCalendar;
  units: Record<string, { unitName: string; employees: number }>;
  version: number;
  createdAt: string;
  createdBy: string;
  auditHead: AuditHead;
}

export interface UnitCounts {
  drafting: number;
  submitted: number;
  approved: number;
  returned: number;
}

/** The cycle and every unit's counters: one Query over the cycle's partition (paged). */
async function readCycle(deps: Pick<Deps, 'store'>, agencyId: string, year: number) {
  let cycle: StoredCycle | undefined;
  const counts = new Map<string, UnitCounts>();
  for await (const page of deps.store.pages({
    kind: 'CYCLE',
    pattern: 'withCounters',
    params: { agencyId, year },
  })) {
    for (const item of page) {
      if (item.type === 'CYCLE') {
        const { type: _t, ...rest } = item;
        cycle = rest as unknown as StoredCycle;
      } else if (item.type === 'UNIT_STAT') {
        const unitId = item.unitId as string;
        const sum = counts.get(unitId) ?? { drafting: 0, submitted: 0, approved: 0, returned: 0 };
        for (const k of ['drafting', 'submitted', 'approved', 'returned'] as const)
          sum[k] += Number(item[k] ?? 0);
        counts.set(unitId, sum);
      }
    }
  }
  return cycle ? { cycle, counts } : undefined;
}

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
  deps: Deps,
  actor: Actor,
  agencyId: string,
  input: CycleInput,
  idempotency?: IdempotencyKey,
): Promise<ReturnType<typeof cycleView>> {
  const now = deps.clock.now();
  const agency = await getAgency(deps, agencyId);
  if (!agency) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  const calendar = computeCalendar(input, agency);
  // Headcount per unit at opening, for the completion view (bulk read of the agency's people).
  const units: StoredCycle['units'] = {};
  for (const e of (await listAgencyEmployees(deps, agencyId)).values()) {
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
    auditHead: headOf(audit),
  };
  const view = cycleView(cycle, new Map(), now);
  // One execution per phase, started by a one-time schedule at the phase's start. Also on a
  // replay or a second open: if scheduling failed after the cycle was written, this repairs it.
  const ensureSchedules = async (cal: CycleCalendar) =>
    deps.scheduler.schedule(phaseRuns(agencyId, input.year, cal), cal.timeZone, now);
  let result: typeof view;
  try {
    result = await deps.store.commit(
      [
        {
          type: 'create',
          ref: { kind: 'CYCLE', id: { agencyId, year: input.year } },
          doc: cycle as unknown as Doc,
          explain: () => conflict('CYCLE_EXISTS', { year: input.year }),
        },
        { type: 'audit', entry: audit },
      ],
      { result: view, ...(idempotency ? { idempotency } : {}) },
    );
  } catch (err) {
    const existing = await cycleCalendar(deps, agencyId, input.year);
    if (existing) await ensureSchedules(existing);
    throw err;
  }
  rememberCalendar(agencyId, input.year, calendar);
  await ensureSchedules(calendar);
  return result;
}

export async function getCycle(deps: Deps, agencyId: string, year: number) {
  const found = await readCycle(deps, agencyId, year);
  if (!found) throw notFound('CYCLE_NOT_FOUND', { year });
  return cycleView(found.cycle, found.counts, deps.clock.now());
}
