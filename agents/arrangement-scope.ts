// The decision variables of one active arrangement (rearrange, disband, breach, terminate), built
// in one place for both sides from what each side knows of it: its SLA, the load its lane carried,
// when it became active, and the windows it missed its targets in — joined with the side's own
// variables (the primary's group scope, the peer's own scope). The joins are written out field by
// field, not spread: they are built per arrangement at every monitor pass, and an object literal
// that adds fields after a spread is several times slower to build.
import type { Sla } from './cdni/vocabulary.js';
import type { arrangement, ownSensors, peerSelf, VariablesOf } from '../policies/decisions.js';

type ArrangementVariables = VariablesOf<typeof arrangement>;

export function arrangementScope(sla: Sla, loadRps: number, activeAtS: number | null, slaViolations: number, now: number): ArrangementVariables {
  return {
    arrangedCapacity: sla.capacityRps,
    arrangementLoad: loadRps,
    arrangementAge: activeAtS === null ? 0 : now - activeAtS,
    remainingTime: Math.max(0, sla.startS + sla.durationS - now),
    agreedPrice: sla.pricePerGB,
    slaViolations,
  };
}

/** the primary's variables for one arrangement of a demand group: the group's, then the arrangement's */
export function primaryArrangementScope(g: VariablesOf<typeof ownSensors>, a: ArrangementVariables): VariablesOf<typeof ownSensors> & ArrangementVariables {
  return {
    t: g.t,
    utilization: g.utilization,
    arrivalRate: g.arrivalRate,
    capacity: g.capacity,
    rejectedShare: g.rejectedShare,
    latencyP95: g.latencyP95,
    latencyMean: g.latencyMean,
    queueLength: g.queueLength,
    forecastRate: g.forecastRate,
    trend: g.trend,
    peeredCapacity: g.peeredCapacity,
    activeArrangements: g.activeArrangements,
    revenuePerGB: g.revenuePerGB,
    arrangedCapacity: a.arrangedCapacity,
    arrangementLoad: a.arrangementLoad,
    arrangementAge: a.arrangementAge,
    remainingTime: a.remainingTime,
    agreedPrice: a.agreedPrice,
    slaViolations: a.slaViolations,
  };
}

/** the peer's variables for one arrangement it serves: its own, then the arrangement's */
export function peerArrangementScope(p: VariablesOf<typeof peerSelf>, a: ArrangementVariables): VariablesOf<typeof peerSelf> & ArrangementVariables {
  return {
    t: p.t,
    utilization: p.utilization,
    arrivalRate: p.arrivalRate,
    capacity: p.capacity,
    latencyP95: p.latencyP95,
    committedCapacity: p.committedCapacity,
    committedLoad: p.committedLoad,
    costPerRequest: p.costPerRequest,
    arrangedCapacity: a.arrangedCapacity,
    arrangementLoad: a.arrangementLoad,
    arrangementAge: a.arrangementAge,
    remainingTime: a.remainingTime,
    agreedPrice: a.agreedPrice,
    slaViolations: a.slaViolations,
  };
}
