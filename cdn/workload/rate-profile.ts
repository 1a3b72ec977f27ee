// A workload's rate over time, composed of pieces (./piecewise, ./levels):
//   rate(t) = level(t) · daily(t) + Σ extra_e(t)
// where level is the product of the base (a constant, an MMPP's state or a count series) and the
// step events' factors, daily the daily factor (or 1), and the extras the flash crowds' and spikes'.
// It is read forward through merged pieces (a piece ends where any component's piece ends), with
// the bound of the current piece for thinning and the exact integral for expected counts. Events
// enter an active list at their start and leave it at their end, so what one arrival costs depends
// on the events active at once, never on how many pieces or events the profile has.
// Must not depend on agents, policies or reports.
import type { Piecewise } from './piecewise.js';

/** an additive event with its hot-set level (0…1) for popularity shifts */
export interface ExtraComponent extends Piecewise {
  /** when the event's extra rate starts (its pieces before are 0) */
  readonly event: { startS: number };
  /** the event's level in [0, 1] at t, in the current piece (1 at its peak) */
  level(t: number): number;
}

export class RateProfile {
  /** the current merged piece [start, end) */
  start = 0;
  end = 0;
  /** an upper bound of the rate on the current piece, and whether the rate is constant there */
  bound = 0;
  flat = true;
  /** the active extras (their index in `extras`), and their values at the last `rate(t)` */
  readonly active: Int32Array;
  activeCount = 0;
  readonly activeValues: Float64Array;
  /** level × daily at the last `rate(t)` (what the base popularity serves) */
  baseValue = 0;
  private levelProduct = 1;
  private nextExtra = 0;

  constructor(
    private readonly levels: readonly Piecewise[],
    private readonly daily: Piecewise | null,
    /** sorted by start */
    readonly extras: readonly ExtraComponent[],
  ) {
    this.active = new Int32Array(Math.max(1, extras.length));
    this.activeValues = new Float64Array(Math.max(1, extras.length));
    this.seek(0);
  }

  /** move to the merged piece holding t (never back) */
  seek(t: number): void {
    let end = Infinity;
    let product = 1;
    let flat = true;
    for (const level of this.levels) {
      level.seek(t);
      product *= level.value(t);
      if (level.end < end) end = level.end;
    }
    this.levelProduct = product;
    if (this.daily !== null) {
      this.daily.seek(t);
      if (this.daily.end < end) end = this.daily.end;
      flat = this.daily.flat;
    }
    // events that started by t join the active list; those that ended leave it
    while (this.nextExtra < this.extras.length && this.extras[this.nextExtra].event.startS <= t) {
      this.active[this.activeCount++] = this.nextExtra++;
    }
    if (this.nextExtra < this.extras.length) end = Math.min(end, this.extras[this.nextExtra].event.startS);
    // the active list stays in event order (events join it in that order; one that ended is closed
    // over, not swapped with the last), so an arrival's hot-set choice does not depend on removals
    let kept = 0;
    for (let k = 0; k < this.activeCount; k++) {
      const extra = this.extras[this.active[k]];
      if (t >= extra.until) continue;
      this.active[kept++] = this.active[k];
      extra.seek(t);
      if (extra.end < end) end = extra.end;
      if (!extra.flat) flat = false;
    }
    this.activeCount = kept;
    this.start = t;
    this.end = end;
    this.flat = flat;
    this.bound = this.boundOn(t, end);
  }

  private boundOn(a: number, b: number): number {
    let bound = this.levelProduct * (this.daily === null ? 1 : this.daily.max(a, b));
    for (let k = 0; k < this.activeCount; k++) bound += this.extras[this.active[k]].max(a, b);
    return bound;
  }

  /** the rate at t in the current piece; fills baseValue and activeValues */
  rate(t: number): number {
    const base = this.levelProduct * (this.daily === null ? 1 : this.daily.value(t));
    this.baseValue = base;
    let rate = base;
    for (let k = 0; k < this.activeCount; k++) {
      const v = this.extras[this.active[k]].value(t);
      this.activeValues[k] = v;
      rate += v;
    }
    return rate;
  }

  /** ∫ rate over [a, b] with a ≥ the current piece's start; moves the profile to b */
  integrate(a: number, b: number): number {
    let sum = 0;
    let t = a;
    while (t < b) {
      if (t >= this.end) this.seek(t);
      const to = Math.min(b, this.end);
      let piece = this.levelProduct * (this.daily === null ? to - t : this.daily.integral(t, to));
      for (let k = 0; k < this.activeCount; k++) piece += this.extras[this.active[k]].integral(t, to);
      sum += piece;
      t = to;
    }
    return sum;
  }
}
