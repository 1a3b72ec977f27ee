// Surge periods: each workload's flash crowds (and spikes) as the time from their start to the end of their
// ramp-down (./arrival-class merges them into the timeline that classes each arrival).
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
    w.events.flatMap((e) =>
      e.type === 'step' || e.startS >= spec.durationS
        ? []
        : [
            {
              region: w.region,
              cdn: w.cdn,
              startS: e.startS,
              endS: Math.min(spec.durationS, e.startS + (e.type === 'spike' ? e.forS : e.rampUpS + e.sustainS + e.rampDownS)),
            },
          ],
    ),
  );
}
