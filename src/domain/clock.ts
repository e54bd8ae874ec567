/** Time comes from a Clock so that the core and its tests never read the system time directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and tools: starts at `start`, moves only when told. */
export function manualClock(
  start: Date | string,
): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next);
    },
    advance: (ms) => {
      t = new Date(t.getTime() + ms);
    },
  };
}
