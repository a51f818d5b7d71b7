/**
 * The fallback holiday list ships as data (config/holidays-computed.ts), computed at build time
 * from `date-holidays`: it must be what the library computes, and read back as the library's own
 * list would have been.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { officialDays } from '#config/holidays.ts';
import { computedYears } from '#config/holidays-computed.ts';
import { nationalDaysOff } from '#core/calendar.ts';
import { libraryDays, render } from '#local/generate-holidays.ts';

describe('the computed holiday list', () => {
  it('is what `npm run holidays` writes from the installed library (run it after upgrading date-holidays)', () => {
    const committed = readFileSync(new URL('../../config/holidays-computed.ts', import.meta.url), 'utf8');
    expect(committed).toBe(render());
  });

  it('covers every year a cycle may have and the one after (2020-2101)', () => {
    expect(computedYears).toEqual({ first: 2020, last: 2101 });
  });

  it.each([2028, 2044, 2100, 2101])('%i reads back as the library lists it', (year) => {
    expect(officialDays[year]).toBeUndefined();
    expect(nationalDaysOff(year)).toEqual(libraryDays(year).map((d) => ({ ...d, source: 'LIBRARY' })));
  });

  it('the official list still wins where there is one', () => {
    expect(nationalDaysOff(2026).every((d) => d.source === 'SKB')).toBe(true);
  });

  it('a year outside the data is an error, not a year without holidays', () => {
    expect(() => nationalDaysOff(2019)).toThrow(RangeError);
    expect(() => nationalDaysOff(2102)).toThrow(RangeError);
  });
});
