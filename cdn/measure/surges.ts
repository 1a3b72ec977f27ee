// Surge periods: each workload's flash crowds as the time from their start to the end of their
// ramp-down, and a cursor that tells for non-decreasing times (arrivals) whether a time falls in
// any of them: the periods are merged once, then each call is O(1) amortized and allocates nothing.
// Must not depend on agents, policies or reports.
import type { DataPlaneSpec } from '../spec.js';

/** one flash crowd of one workload (its users' region and CDN), over [startS, endS) of the run */
export interface SurgePeriod {
  region: string;
  cdn: string;
  startS: number;
  endS: number;
}

/**
 * Every flash crowd of the workload, in workload order then event order, from its start to the end
 * of its ramp-down, cut at the end of the run; a crowd that starts at or after the end (a run cut
 * short) is left out.
 */
export function surgePeriods(spec: Pick<DataPlaneSpec, 'workload' | 'durationS'>): SurgePeriod[] {
  return spec.workload.flatMap((w) =>
    w.events
      .filter((e) => e.startS < spec.durationS)
      .map((e) => ({
        region: w.region,
        cdn: w.cdn,
        startS: e.startS,
        endS: Math.min(spec.durationS, e.startS + e.rampUpS + e.sustainS + e.rampDownS),
      })),
  );
}

/** Whether a time is in a surge, for times that never decrease (each arrival's, in order). */
export class SurgeCursor {
  /** the union of the periods as disjoint [starts[k], ends[k]), in time order */
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private k = 0;

  constructor(periods: readonly { startS: number; endS: number }[]) {
    const sorted = periods.filter((p) => p.endS > p.startS).sort((a, b) => a.startS - b.startS || a.endS - b.endS);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const p of sorted) {
      const last = ends.length - 1;
      if (last >= 0 && p.startS <= ends[last]) ends[last] = Math.max(ends[last], p.endS);
      else {
        starts.push(p.startS);
        ends.push(p.endS);
      }
    }
    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
  }

  /** the disjoint periods of the union, in time order */
  get merged(): { startS: number; endS: number }[] {
    return Array.from(this.starts, (startS, k) => ({ startS, endS: this.ends[k] }));
  }

  /** whether `t` is in a surge period; `t` must be ≥ the time of the previous call */
  at(t: number): boolean {
    const ends = this.ends;
    let k = this.k;
    while (k < ends.length && t >= ends[k]) k++;
    this.k = k;
    return k < ends.length && t >= this.starts[k];
  }
}
