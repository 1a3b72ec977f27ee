// Peering lanes: one per arrangement (and one per static routing share of the scenario), each the
// data-plane side of a contract between a primary and a peer. A lane has the peer's admission (a
// token bucket within the agreed capacity; what it refuses is served by the primary) and cumulative
// counters of what was redirected over it, which the control plane differences per window for SLA
// checks, logging and fees. Two arrangements between the same two CDNs are two lanes, so nothing is
// counted twice. Each lane has its redirection rule (./redirection-rule) and counts the requests in
// flight over it (the load a load-aware rule measures). Touched only by redirected requests. Must
// not depend on agents, policies or reports.
import { grown } from '../typed-arrays.js';
import { checkRule, ruleCode, RULE_SHARE, type RedirectionRule } from './redirection-rule.js';

const INITIAL_LANES = 16;
/**
 * A lane's admission bucket holds this many seconds of its agreed rate. One second's worth refused
 * several percent of a Poisson stream routed at the agreed rate for small rates (2.6% at 20/s, 10%
 * at 5/s); five seconds' worth refuses under 0.5% at 95% of it down to 20/s (test/cdn/peering-lanes).
 */
export const ADMISSION_BURST_S = 5;

export class PeeringLanes {
  private capacity = INITIAL_LANES;
  /** lanes opened so far */
  count = 0;
  primary = new Int32Array(INITIAL_LANES);
  peer = new Int32Array(INITIAL_LANES);
  /** 1 for a static share of the scenario: no admission limit */
  unlimited = new Uint8Array(INITIAL_LANES);
  /** admission rate (requests/s); 0 admits nothing (not provisioned yet, or ended) */
  rate = new Float64Array(INITIAL_LANES);
  private tokens = new Float64Array(INITIAL_LANES);
  private lastRefillS = new Float64Array(INITIAL_LANES);
  /** latency above which a redirected request counts as slow (the SLA's p95 target) */
  slowAboveMs = new Float64Array(INITIAL_LANES);
  redirected = new Float64Array(INITIAL_LANES);
  served = new Float64Array(INITIAL_LANES);
  slow = new Float64Array(INITIAL_LANES);
  rejected = new Float64Array(INITIAL_LANES);
  /** requests routed to the lane that its admission turned back to the primary (beyond the agreed rate) */
  refused = new Float64Array(INITIAL_LANES);
  bytes = new Float64Array(INITIAL_LANES);
  latencySumMs = new Float64Array(INITIAL_LANES);
  /** time of the first redirected request served over the lane (-1: none yet) */
  firstServedS = new Float64Array(INITIAL_LANES);
  /** its redirection rule's code (RULE_SHARE … RULE_SLA) */
  rule = new Uint8Array(INITIAL_LANES);
  /** threshold and load-proximity rules: redirect when the serving site holds this many (-1: its servers) */
  trigger = new Int32Array(INITIAL_LANES);
  /** load-proximity: weight of load against proximity */
  loadWeight = new Float64Array(INITIAL_LANES);
  /** load-proximity: requests in flight over the lane that count as full load (≥ 1) */
  slots = new Float64Array(INITIAL_LANES);
  /** redirected requests admitted over the lane and not finished yet */
  inFlight = new Int32Array(INITIAL_LANES);
  /** the rules as given, for the controllers and the report */
  readonly rules: RedirectionRule[] = [];
  private readonly byKey = new Map<string, number>();

  /** The lane of `key` (an arrangement id), opened on first use between `primary` and `peer`. */
  laneFor(key: string, primary: number, peer: number): number {
    const known = this.byKey.get(key);
    if (known !== undefined) {
      if (this.primary[known] !== primary || this.peer[known] !== peer) {
        throw new RangeError(`lane "${key}" joins CDNs ${this.primary[known]}>${this.peer[known]}, not ${primary}>${peer}`);
      }
      return known;
    }
    if (this.count === this.capacity) this.grow();
    const lane = this.count++;
    this.primary[lane] = primary;
    this.peer[lane] = peer;
    this.slowAboveMs[lane] = Infinity;
    this.firstServedS[lane] = -1;
    this.rule[lane] = RULE_SHARE;
    this.trigger[lane] = -1;
    this.slots[lane] = 1;
    this.rules[lane] = { kind: 'share' };
    this.byKey.set(key, lane);
    return lane;
  }

  /** the lane of `key` if it was opened (-1: never) */
  find(key: string): number {
    return this.byKey.get(key) ?? -1;
  }

  /** A static share of the scenario's routing: admits everything routed to it. */
  openStatic(key: string, primary: number, peer: number): number {
    const lane = this.laneFor(key, primary, peer);
    this.unlimited[lane] = 1;
    return lane;
  }

  /** Set the lane's redirection rule; `slots` (≥ 1) is the in-flight count a load-aware rule calls full load. */
  setRule(lane: number, rule: RedirectionRule, slots = 1): void {
    checkRule(rule);
    if (!(slots >= 1 && Number.isFinite(slots))) throw new RangeError(`lane slots must be a finite number ≥ 1, got ${slots}`);
    this.rule[lane] = ruleCode(rule);
    this.trigger[lane] = rule.kind === 'threshold' ? rule.inSystem : rule.kind === 'load-proximity' && rule.inSystem !== null ? rule.inSystem : -1;
    this.loadWeight[lane] = rule.kind === 'load-proximity' ? rule.loadWeight : 0;
    this.slots[lane] = slots;
    this.rules[lane] = rule;
  }

  /**
   * The peer admits `rate` requests/s over the lane, with bursts of up to ADMISSION_BURST_S seconds'
   * worth; 0 closes it. The credit built up so far is kept (within the new depth): a renewal or a
   * resize never empties the bucket.
   */
  setAdmission(lane: number, rate: number, nowS: number): void {
    if (!(rate >= 0 && Number.isFinite(rate))) throw new RangeError(`admission rate must be finite and ≥ 0, got ${rate}`);
    const credit = this.refilled(lane, nowS);
    this.rate[lane] = rate;
    this.tokens[lane] = Math.min(credit, rate * ADMISSION_BURST_S);
    this.lastRefillS[lane] = nowS;
  }

  /** whether the lane admits one more redirected request now (consumes a token) */
  admit(lane: number, nowS: number): boolean {
    if (this.unlimited[lane] === 1) {
      this.redirected[lane]++;
      return true;
    }
    if (this.rate[lane] <= 0) {
      this.refused[lane]++;
      return false;
    }
    const tokens = this.refilled(lane, nowS);
    this.lastRefillS[lane] = nowS;
    if (tokens < 1) {
      this.tokens[lane] = tokens;
      this.refused[lane]++;
      return false;
    }
    this.tokens[lane] = tokens - 1;
    this.redirected[lane]++;
    return true;
  }

  /** the lane's tokens at `nowS` at its current rate, within its depth */
  private refilled(lane: number, nowS: number): number {
    const rate = this.rate[lane];
    return Math.min(rate * ADMISSION_BURST_S, this.tokens[lane] + (nowS - this.lastRefillS[lane]) * rate);
  }

  recordServed(lane: number, latencyMs: number, bytes: number, nowS: number): void {
    this.served[lane]++;
    this.bytes[lane] += bytes;
    this.latencySumMs[lane] += latencyMs;
    if (latencyMs > this.slowAboveMs[lane]) this.slow[lane]++;
    if (this.firstServedS[lane] < 0) this.firstServedS[lane] = nowS;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.primary = grown(this.primary, n);
    this.peer = grown(this.peer, n);
    this.unlimited = grown(this.unlimited, n);
    this.rate = grown(this.rate, n);
    this.tokens = grown(this.tokens, n);
    this.lastRefillS = grown(this.lastRefillS, n);
    this.slowAboveMs = grown(this.slowAboveMs, n);
    this.redirected = grown(this.redirected, n);
    this.served = grown(this.served, n);
    this.slow = grown(this.slow, n);
    this.rejected = grown(this.rejected, n);
    this.refused = grown(this.refused, n);
    this.bytes = grown(this.bytes, n);
    this.latencySumMs = grown(this.latencySumMs, n);
    this.firstServedS = grown(this.firstServedS, n);
    this.rule = grown(this.rule, n);
    this.trigger = grown(this.trigger, n);
    this.loadWeight = grown(this.loadWeight, n);
    this.slots = grown(this.slots, n);
    this.inFlight = grown(this.inFlight, n);
    this.capacity = n;
  }
}
