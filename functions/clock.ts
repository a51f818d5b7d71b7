/**
 * The one place functions read the time. In AWS it is the wall clock; the local runtime sets its
 * own clock here (started anywhere, moved forward by `POST /v1/dev/clock`), so tokens, deadlines,
 * windows, audit timestamps and schedules all follow the same instant.
 */
let source: () => number = () => Date.now();

export const now = () => new Date(source());

/** Local runtime and tests only. */
export function setClock(fn: (() => number) | undefined): void {
  source = fn ?? (() => Date.now());
}

/**
 * Moving the clock, which only the local runtime can do: it runs whatever falls due on the way
 * (phase starts, Wait states, the sweep, the digest) in order. Absent in AWS, so the dev clock
 * route answers 404 there.
 */
export interface ClockControl {
  advanceTo(at: Date): Promise<void>;
}

let control: ClockControl | undefined;

export function setClockControl(c: ClockControl | undefined): void {
  control = c;
}

export const clockControl = (): ClockControl | undefined => control;
