/**
 * Working days and local deadlines. Every deadline is a local date in the agency's zone and
 * means the end of that day (23:59:59 local). Non-working days: weekends, the SKB list of
 * national holidays and cuti bersama for the years published (config/holidays.ts), the
 * `date-holidays` library's list only for other years (computed at build time into
 * config/holidays-computed.ts: the library is not shipped), plus days the agency adds itself.
 */
import { DateTime } from 'luxon';
import { officialDays } from '#config/holidays.ts';
import { computedDays, computedNames, computedYears } from '#config/holidays-computed.ts';

export interface DayOff {
  date: string;
  name: string;
  source: 'SKB' | 'LIBRARY' | 'AGENCY';
}

const cache = new Map<number, DayOff[]>();

/** National non-working days of a year: official data first, the library as fallback. */
export function nationalDaysOff(year: number): DayOff[] {
  const known = cache.get(year);
  if (known) return known;
  const official = officialDays[year];
  let days: DayOff[];
  if (official) {
    days = official.days.map((d) => ({ date: d.date, name: d.name, source: 'SKB' as const }));
  } else {
    const computed = computedDays[year];
    // Unreachable through the API (every year is bounded to the computed range): loud, not empty.
    if (computed === undefined)
      throw new RangeError(
        `No holiday data for ${year} (computed for ${computedYears.first}-${computedYears.last})`,
      );
    days = computed
      .split(' ')
      .filter(Boolean)
      .map((entry) => {
        const [mmdd, name] = entry.split(':') as [string, string];
        return {
          date: `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`,
          name: computedNames[Number(name)]!,
          source: 'LIBRARY' as const,
        };
      });
  }
  cache.set(year, days);
  return days;
}

export class WorkCalendar {
  private readonly off: Set<string>;

  constructor(
    readonly timeZone: string,
    years: readonly number[],
    agencyDays: readonly { date: string }[] = [],
  ) {
    this.off = new Set([
      ...years.flatMap((y) => nationalDaysOff(y).map((d) => d.date)),
      ...agencyDays.map((d) => d.date),
    ]);
  }

  isWorkingDay(date: string): boolean {
    const d = DateTime.fromISO(date, { zone: this.timeZone });
    return d.weekday <= 5 && !this.off.has(date);
  }

  /** The `n`th working day after `date` (n >= 1), as a local date. */
  addWorkingDays(date: string, n: number): string {
    let d = DateTime.fromISO(date, { zone: this.timeZone });
    let left = n;
    while (left > 0) {
      d = d.plus({ days: 1 });
      if (this.isWorkingDay(d.toISODate()!)) left--;
    }
    return d.toISODate()!;
  }

  /** The local date of an instant. */
  localDate(at: Date): string {
    return DateTime.fromJSDate(at, { zone: this.timeZone }).toISODate()!;
  }

  /** End of a local day (23:59:59), ISO 8601 with the zone's offset. */
  endOfDay(date: string): string {
    return DateTime.fromISO(date, { zone: this.timeZone })
      .endOf('day')
      .set({ millisecond: 0 })
      .toISO({ suppressMilliseconds: true })!;
  }

  /** Start of a local day, ISO 8601 with offset. */
  startOfDay(date: string): string {
    return DateTime.fromISO(date, { zone: this.timeZone })
      .startOf('day')
      .toISO({ suppressMilliseconds: true })!;
  }
}

/** Shifts a local date by calendar days. */
export const plusDays = (date: string, days: number) => DateTime.fromISO(date).plus({ days }).toISODate()!;
