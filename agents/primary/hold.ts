// A condition that must hold without a break for a while before it counts (the disband hold): one
// false reading restarts the wait, so a load oscillating around a threshold never triggers it.
// Must not depend on cdn/, policies/ or xstate.

export class HoldTimer {
  private since: number | null = null;

  constructor(private readonly holdS: number) {}

  /** feed the condition's value at time `now`; true once it has held for the whole hold time */
  update(condition: boolean, now: number): boolean {
    if (!condition) {
      this.since = null;
      return false;
    }
    this.since ??= now;
    return now - this.since >= this.holdS;
  }
}
