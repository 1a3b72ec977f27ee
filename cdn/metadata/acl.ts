// RFC 8006 access-control lists compiled for the data plane: a LocationACL into one allow flag per
// region, a TimeWindowACL into a timeline of breakpoints with the decision between them. Semantics
// (RFC 8006 §4.2.2–4.2.3): an absent rule list allows everything; otherwise the first rule that
// matches decides and a request no rule matches is denied. A window holds from its start (included)
// to its end (excluded). Pure; must not depend on agents, policies or reports.
import type { LocationRuleSpec, TimeRuleSpec } from './metadata-spec.js';

/** allowed[r] = 1 when the LocationACL lets users of region r be served */
export function compileLocations(rules: readonly LocationRuleSpec[] | undefined, regions: readonly string[]): Uint8Array {
  const allowed = new Uint8Array(regions.length);
  regions.forEach((region, r) => {
    if (rules === undefined) allowed[r] = 1;
    else {
      const rule = rules.find((x) => x.regions.includes(region));
      allowed[r] = rule?.action === 'allow' ? 1 : 0;
    }
  });
  return allowed;
}

/** whether the TimeWindowACL allows a request at time t (the reference semantics; the timeline is its compiled form) */
export function timeAllowed(rules: readonly TimeRuleSpec[] | undefined, t: number): boolean {
  if (rules === undefined) return true;
  const rule = rules.find((x) => x.windows.some((w) => t >= w.startS && t < w.endS));
  return rule?.action === 'allow';
}

/**
 * The decision over time: `allowed[k]` holds for bounds[k − 1] ≤ t < bounds[k] (bounds[−1] = −∞,
 * bounds[n] = +∞). Each piece is judged at its start, exact because windows start included.
 */
export interface TimeTimeline {
  bounds: Float64Array;
  allowed: Uint8Array;
}

export function compileTimes(rules: readonly TimeRuleSpec[] | undefined): TimeTimeline {
  return compileTimesAll([rules]);
}

/** several TimeWindowACLs that must all allow a request (a lane's own metadata and its cascade's upstream ones), as one timeline */
export function compileTimesAll(lists: readonly (readonly TimeRuleSpec[] | undefined)[]): TimeTimeline {
  const points = new Set<number>();
  for (const rules of lists) for (const rule of rules ?? []) for (const w of rule.windows) points.add(w.startS).add(w.endS);
  const bounds = Float64Array.from([...points].sort((a, b) => a - b));
  const allowedAt = (t: number) => (lists.every((rules) => timeAllowed(rules, t)) ? 1 : 0);
  const allowed = new Uint8Array(bounds.length + 1);
  allowed[0] = allowedAt(-Infinity);
  bounds.forEach((b, k) => (allowed[k + 1] = allowedAt(b)));
  return { bounds, allowed };
}

/** several LocationACLs that must all allow a region, as one allow flag per region */
export function compileLocationsAll(lists: readonly (readonly LocationRuleSpec[] | undefined)[], regions: readonly string[]): Uint8Array {
  const allowed = new Uint8Array(regions.length).fill(1);
  for (const rules of lists) {
    const one = compileLocations(rules, regions);
    for (let r = 0; r < regions.length; r++) allowed[r] &= one[r];
  }
  return allowed;
}
