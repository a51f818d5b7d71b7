/**
 * The local runtime's one clock. It runs at real speed from wherever it was started
 * (`npm start -- --at <ISO>`, `SIKLUS_NOW`) and only ever moves forward. Everything local reads
 * it: the handlers (through functions/clock.ts), token expiry, deadlines, schedules, the Wait
 * states of the workflows (`until`), the sweep and the digest.
 *
 * Node fires a timer longer than 2^31-1 ms (24.8 days) after 1 ms, so `until` arms timers of at
 * most a day and re-arms them until the instant is really reached.
 */
import { DateTime } from 'luxon';

const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

interface Waiter {
  at: number;
  resolve: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class LocalClock {
  /** Milliseconds added to the wall clock. */
  private offset: number;
  private readonly waiters = new Set<Waiter>();

  private readonly onMove: ((offset: number) => void) | undefined;

  constructor(
    opts: { startAt?: number; offset?: number; onMove?: (offset: number) => void } = {},
    private readonly wall: () => number = () => Date.now(),
  ) {
    this.offset = opts.startAt !== undefined ? opts.startAt - this.wall() : (opts.offset ?? 0);
    this.onMove = opts.onMove;
  }

  now(): number {
    return this.wall() + this.offset;
  }

  /** What the data dir keeps, so a restart resumes on the same clock (time passes while stopped). */
  get savedOffset(): number {
    return this.offset;
  }

  /**
   * Moves the clock to `at` and releases every wait that fell due, earliest first. An instant
   * already past leaves the clock where it is (it never goes back) but still releases what is
   * due: real time may have carried the clock over a wait since the last move.
   */
  set(at: number): void {
    const current = this.now();
    if (at > current) {
      this.offset += at - current;
      this.onMove?.(this.offset);
    }
    this.release();
  }

  /** Resolves when the clock reaches `at`, by real time passing or by a move; at once if past. */
  until(at: number): Promise<void> {
    if (at <= this.now()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = { at, resolve, timer: undefined };
      this.waiters.add(waiter);
      this.arm(waiter);
    });
  }

  /** The earliest instant something waits for, if any. */
  nextWait(): number | undefined {
    let min: number | undefined;
    for (const w of this.waiters) if (min === undefined || w.at < min) min = w.at;
    return min;
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /** Forgets every wait (shutdown); the promises never resolve. */
  dispose(): void {
    for (const w of this.waiters) clearTimeout(w.timer);
    this.waiters.clear();
  }

  private arm(w: Waiter): void {
    const left = w.at - this.now();
    if (left <= 0) {
      this.fire(w);
      return;
    }
    w.timer = setTimeout(() => this.arm(w), Math.min(left, MAX_TIMER_MS));
    w.timer.unref?.();
  }

  private fire(w: Waiter): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    w.resolve();
  }

  private release(): void {
    const now = this.now();
    const due = [...this.waiters].filter((w) => w.at <= now).sort((a, b) => a.at - b.at);
    for (const w of due) this.fire(w);
    // The others' timers were armed before the move (up to a day of real time away): re-arm them
    // for what is left now, so real time passing releases them on time.
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      this.arm(w);
    }
  }
}

/** `--at` / `SIKLUS_NOW`: an ISO 8601 instant with its offset (or Z). */
export function parseInstant(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    throw new Error(`not an ISO 8601 instant with an offset: ${text} (e.g. 2027-02-15T09:00:00+08:00)`);
  }
  const at = DateTime.fromISO(text, { setZone: true });
  if (!at.isValid) throw new Error(`not a valid instant: ${text} (${at.invalidExplanation})`);
  return at.toMillis();
}
