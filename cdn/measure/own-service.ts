// What each CDN's own sites delivered to its own users (requests it did not redirect): cumulative
// count, latency sum, the count slower than a per-CDN threshold, and the requests its own sites
// rejected. The SLA controller differences them per step. A few array writes per served request. Must not depend on agents, policies or reports.

export class OwnService {
  readonly served: Float64Array;
  readonly latencySumMs: Float64Array;
  readonly slow: Float64Array;
  /** its own users' requests its own sites turned away (waiting room full) */
  readonly rejected: Float64Array;
  /** a delivery slower than this (ms) counts as slow; Infinity until a controller sets it */
  readonly slowAboveMs: Float64Array;

  constructor(cdns: number) {
    this.served = new Float64Array(cdns);
    this.latencySumMs = new Float64Array(cdns);
    this.slow = new Float64Array(cdns);
    this.rejected = new Float64Array(cdns);
    this.slowAboveMs = new Float64Array(cdns).fill(Infinity);
  }

  record(cdn: number, latencyMs: number): void {
    this.served[cdn]++;
    this.latencySumMs[cdn] += latencyMs;
    if (latencyMs > this.slowAboveMs[cdn]) this.slow[cdn]++;
  }
}
