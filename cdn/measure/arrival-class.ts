// A request's class by its arrival time — in the warm-up, during a surge, or outside every surge —
// as a piecewise-constant timeline built once from the warm-up and the surge periods. Arrivals come
// in time order, so classifying one is a comparison with the end of the current piece.
// Must not depend on agents, policies or reports.

/** it arrived after the warm-up, outside every surge period */
export const OUTSIDE_SURGE = 0;
/** it arrived after the warm-up, during a surge period */
export const DURING_SURGE = 1;
/** it arrived in the warm-up: in its windows' sensors, in none of the run's statistics */
export const IN_WARMUP = 2;
export const ARRIVAL_CLASSES = 3;

/** the union of [startS, endS) periods as disjoint periods in time order (empty ones dropped, touching ones joined) */
export function mergePeriods(periods: readonly { startS: number; endS: number }[]): { startS: number; endS: number }[] {
  const sorted = periods.filter((p) => p.endS > p.startS).sort((a, b) => a.startS - b.startS || a.endS - b.endS);
  const merged: { startS: number; endS: number }[] = [];
  for (const p of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && p.startS <= last.endS) last.endS = Math.max(last.endS, p.endS);
    else merged.push({ startS: p.startS, endS: p.endS });
  }
  return merged;
}

export class ArrivalClasses {
  /** the class of an arrival now, until `untilS` */
  current: number;
  untilS: number;
  /** piece k is [starts[k], starts[k + 1]) with class classes[k]; the last one runs to Infinity */
  private readonly starts: Float64Array;
  private readonly classes: Uint8Array;
  private k = 0;

  constructor(warmupS: number, surges: readonly { startS: number; endS: number }[]) {
    const merged = mergePeriods(surges);
    const cuts = [...new Set([0, warmupS, ...merged.flatMap((p) => [p.startS, p.endS])])].filter((t) => t >= 0).sort((a, b) => a - b);
    const classOf = (t: number) => (t < warmupS ? IN_WARMUP : merged.some((p) => t >= p.startS && t < p.endS) ? DURING_SURGE : OUTSIDE_SURGE);
    const starts: number[] = [];
    const classes: number[] = [];
    for (const t of cuts) {
      const c = classOf(t);
      if (classes.at(-1) === c) continue;
      starts.push(t);
      classes.push(c);
    }
    this.starts = Float64Array.from(starts);
    this.classes = Uint8Array.from(classes);
    this.current = this.classes[0];
    this.untilS = this.starts.length > 1 ? this.starts[1] : Infinity;
  }

  /** the pieces of the timeline, in time order */
  get pieces(): { startS: number; endS: number; cls: number }[] {
    return Array.from(this.starts, (startS, k) => ({ startS, endS: this.starts[k + 1] ?? Infinity, cls: this.classes[k] }));
  }

  /** the class of an arrival at `t`; `t` must be ≥ the time of the previous call */
  at(t: number): number {
    if (t >= this.untilS) this.advance(t);
    return this.current;
  }

  private advance(t: number): void {
    const starts = this.starts;
    let k = this.k;
    while (k + 1 < starts.length && t >= starts[k + 1]) k++;
    this.k = k;
    this.current = this.classes[k];
    this.untilS = k + 1 < starts.length ? starts[k + 1] : Infinity;
  }
}
