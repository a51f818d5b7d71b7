/**
 * The one place functions read the time. In AWS it is the wall clock; the local simulation
 * moves it to run a whole year in minutes.
 */
let source: () => number = () => Date.now();

export const now = () => new Date(source());

/** Local runtime and tests only. */
export function setClock(fn: (() => number) | undefined): void {
  source = fn ?? (() => Date.now());
}
