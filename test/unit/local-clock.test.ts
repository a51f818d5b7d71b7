/** The local runtime's one clock: real speed from anywhere, forward moves, waits of any length. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalClock, parseInstant } from '#local/clock.ts';

const DAY = 86_400_000;
const start = Date.parse('2027-02-15T01:00:00Z');

describe('LocalClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(Date.parse('2026-12-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('starts anywhere and runs at real speed from there', () => {
    const clock = new LocalClock({ startAt: start });
    expect(clock.now()).toBe(start);
    vi.advanceTimersByTime(90_000);
    expect(clock.now()).toBe(start + 90_000);
  });

  it('a 40-day wait waits its full time in real time (timers capped and re-armed)', async () => {
    const clock = new LocalClock({ startAt: start });
    let done = false;
    void clock.until(start + 40 * DAY).then(() => {
      done = true;
    });
    // Node fires a single timer above 2^31-1 ms (24.8 days) after 1 ms: no such timer is armed.
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(25 * DAY);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(15 * DAY - 2);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('a move forward releases every wait that fell due on the way, earliest first, and no other', async () => {
    const clock = new LocalClock({ startAt: start });
    const order: string[] = [];
    void clock.until(start + 40 * DAY).then(() => order.push('40 days'));
    void clock.until(start + 3 * DAY).then(() => order.push('3 days'));
    void clock.until(start + 100 * DAY).then(() => order.push('100 days'));
    expect(clock.nextWait()).toBe(start + 3 * DAY);
    clock.set(start + 50 * DAY);
    await Promise.resolve();
    expect(order).toEqual(['3 days', '40 days']);
    expect(clock.waiting).toBe(1);
    expect(clock.nextWait()).toBe(start + 100 * DAY);
  });

  // The simulation's hang: the clock moved to a second before a wait armed a day earlier (its
  // timer capped at a day), the work there took longer than that second, and the scheduler's
  // move to the wait's instant found the clock already past it.
  it('a wait real time carried the clock over after a move is released by a set to its instant, already past', async () => {
    const clock = new LocalClock({ startAt: start });
    let done = false;
    void clock.until(start + DAY + 1000).then(() => {
      done = true;
    });
    clock.set(start + DAY);
    vi.setSystemTime(Date.now() + 1500); // busy for 1.5 s: no timer has run yet
    clock.set(start + DAY + 1000);
    await Promise.resolve();
    expect(done).toBe(true);
    expect(clock.waiting).toBe(0);
  });

  it('after a move, a wait still ahead is released when real time reaches it, not a timer-cap later', async () => {
    const clock = new LocalClock({ startAt: start });
    let done = false;
    void clock.until(start + DAY + 1000).then(() => {
      done = true;
    });
    clock.set(start + DAY);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('never goes back; an instant already past resolves at once', async () => {
    const moves: number[] = [];
    const clock = new LocalClock({ startAt: start, onMove: (offset) => moves.push(offset) });
    clock.set(start + DAY);
    clock.set(start);
    expect(clock.now()).toBe(start + DAY);
    expect(moves).toHaveLength(1);
    await expect(clock.until(start)).resolves.toBeUndefined();
  });

  it('resumes from a saved offset (time passes while stopped)', () => {
    const first = new LocalClock({ startAt: start });
    const offset = first.savedOffset;
    vi.advanceTimersByTime(DAY);
    const again = new LocalClock({ offset });
    expect(again.now()).toBe(start + DAY);
  });
});

describe('parseInstant', () => {
  it('takes ISO 8601 with an offset or Z, and nothing vaguer', () => {
    expect(parseInstant('2027-02-15T09:00:00+08:00')).toBe(start);
    expect(parseInstant('2027-02-15T01:00:00Z')).toBe(start);
    expect(parseInstant('2027-02-15T01:00Z')).toBe(start);
    for (const bad of ['2027-02-15', '2027-02-15T09:00:00', 'tomorrow', '2027-02-30T09:00:00+08:00']) {
      expect(() => parseInstant(bad), bad).toThrow();
    }
  });
});
