// The per-request log of a small run (scenario `measure.requestLog`): one row per request in
// arrival order — its arrival, service start, departure (end of service, or the time it was
// rejected, failed or found no site), its primary, the site it went to and its outcome — in growable
// typed columns. The data plane writes a row only when the log exists (a null check per request
// otherwise), so a run without it pays nothing; the run's budget caps its rows (scenarios/budget.ts).
// Must not depend on agents, policies or reports.
import { grown } from '../typed-arrays.js';

/** still in a site at the end of the run */
export const OUTCOME_IN_FLIGHT = 0;
export const OUTCOME_SERVED = 1;
export const OUTCOME_REJECTED = 2;
/** its site went down while it was there */
export const OUTCOME_FAILED = 3;
/** no site of any CDN could take it (none up) */
export const OUTCOME_UNROUTED = 4;
/** the outcome codes' names, by code */
export const OUTCOME_NAMES = ['in-flight', 'served', 'rejected', 'failed', 'unrouted'] as const;

export class RequestLog {
  /** rows written; row r is the (r + 1)-th request to arrive */
  rows = 0;
  arrivalS: Float64Array;
  /** NaN: never started service */
  startS: Float64Array;
  /** NaN: still in flight */
  departureS: Float64Array;
  /** the primary (whose user sent it), by CDN index */
  primary: Int32Array;
  /** the site it was routed to, by site index (-1: none) */
  site: Int32Array;
  outcome: Uint8Array;
  private capacity: number;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.arrivalS = new Float64Array(initialCapacity);
    this.startS = new Float64Array(initialCapacity);
    this.departureS = new Float64Array(initialCapacity);
    this.primary = new Int32Array(initialCapacity);
    this.site = new Int32Array(initialCapacity);
    this.outcome = new Uint8Array(initialCapacity);
  }

  /** a request of `primary`'s users arrives at `t`: its row (in flight, no site yet) */
  arrive(t: number, primary: number): number {
    if (this.rows === this.capacity) this.grow();
    const row = this.rows++;
    this.arrivalS[row] = t;
    this.startS[row] = NaN;
    this.departureS[row] = NaN;
    this.primary[row] = primary;
    this.site[row] = -1;
    this.outcome[row] = OUTCOME_IN_FLIGHT;
    return row;
  }

  /** the request of `row` left at `t` with `outcome` */
  end(row: number, outcome: number, t: number): void {
    this.outcome[row] = outcome;
    this.departureS[row] = t;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.arrivalS = grown(this.arrivalS, capacity);
    this.startS = grown(this.startS, capacity);
    this.departureS = grown(this.departureS, capacity);
    this.primary = grown(this.primary, capacity);
    this.site = grown(this.site, capacity);
    this.outcome = grown(this.outcome, capacity);
    this.capacity = capacity;
  }
}
