/**
 * A cycle's calendar never changes once opened, so each container keeps what it has read: a
 * state change then needs no read to compute due times, and stays one round trip when warm.
 */
import type { CycleCalendar } from '#core/cycle.ts';
import type { Deps } from '#core/ports.ts';

const calendars = new Map<string, CycleCalendar>();

export async function cycleCalendar(
  deps: Pick<Deps, 'store'>,
  agencyId: string,
  year: number,
): Promise<CycleCalendar | undefined> {
  const id = `${agencyId}#${year}`;
  const known = calendars.get(id);
  if (known) return known;
  const cycle = await deps.store.get({ kind: 'CYCLE', id: { agencyId, year } }, ['calendar']);
  const calendar = cycle?.calendar as CycleCalendar | undefined;
  if (calendar) calendars.set(id, calendar);
  return calendar;
}

export const rememberCalendar = (agencyId: string, year: number, calendar: CycleCalendar) =>
  calendars.set(`${agencyId}#${year}`, calendar);
