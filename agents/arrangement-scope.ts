// The decision variables of one active arrangement (rearrange, disband, breach, terminate), built
// in one place for both sides from what each side knows of it: its SLA, the load its lane carried,
// when it became active, and the windows it missed its targets in.
import type { Sla } from './cdni/vocabulary.js';
import type { arrangement, VariablesOf } from '../policies/decisions.js';

export function arrangementScope(sla: Sla, loadRps: number, activeAtS: number | null, slaViolations: number, now: number): VariablesOf<typeof arrangement> {
  return {
    arrangedCapacity: sla.capacityRps,
    arrangementLoad: loadRps,
    arrangementAge: activeAtS === null ? 0 : now - activeAtS,
    remainingTime: Math.max(0, sla.startS + sla.durationS - now),
    agreedPrice: sla.pricePerGB,
    slaViolations,
  };
}
