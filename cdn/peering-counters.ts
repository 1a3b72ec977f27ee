// Per (primary, peer) admission and accounting of redirected traffic: a token bucket that admits
// redirected requests within the agreed capacity (the rest are served by the primary), and
// cumulative counters the control plane differences per window for SLA checks, logging and fees.
// Touched only by redirected requests. Must not depend on agents, policies or reports.

export class PeeringCounters {
  /** admission rate (requests/s) per pair; 0 = no admission limit set (not an active arrangement) */
  readonly rate: Float64Array;
  private readonly tokens: Float64Array;
  private readonly lastRefillS: Float64Array;
  /** latency above which a redirected request counts as slow (SLA p95 target), per pair */
  readonly slowAboveMs: Float64Array;
  readonly redirected: Float64Array;
  readonly served: Float64Array;
  readonly slow: Float64Array;
  readonly rejected: Float64Array;
  readonly bytes: Float64Array;
  readonly latencySumMs: Float64Array;
  /** time of the first redirected request served per pair since admission was last opened (-1: none yet) */
  readonly firstServedS: Float64Array;

  constructor(readonly cdnCount: number) {
    const n = cdnCount * cdnCount;
    this.rate = new Float64Array(n);
    this.tokens = new Float64Array(n);
    this.lastRefillS = new Float64Array(n);
    this.slowAboveMs = new Float64Array(n).fill(Infinity);
    this.redirected = new Float64Array(n);
    this.served = new Float64Array(n);
    this.slow = new Float64Array(n);
    this.rejected = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.latencySumMs = new Float64Array(n);
    this.firstServedS = new Float64Array(n).fill(-1);
  }

  pair(primary: number, peer: number): number {
    return primary * this.cdnCount + peer;
  }

  /** Let the peer admit `rate` requests/s of the primary's traffic (bursts up to one second's worth). */
  setAdmission(primary: number, peer: number, rate: number, nowS: number): void {
    const p = this.pair(primary, peer);
    if (this.rate[p] === 0 && rate > 0) this.firstServedS[p] = -1;
    this.rate[p] = rate;
    this.tokens[p] = Math.min(this.tokens[p], rate);
    this.lastRefillS[p] = nowS;
  }

  /** whether the peer admits one more redirected request now (consumes a token) */
  admit(pair: number, nowS: number): boolean {
    const rate = this.rate[pair];
    if (rate <= 0) return false;
    const tokens = Math.min(rate, this.tokens[pair] + (nowS - this.lastRefillS[pair]) * rate);
    this.lastRefillS[pair] = nowS;
    if (tokens < 1) {
      this.tokens[pair] = tokens;
      return false;
    }
    this.tokens[pair] = tokens - 1;
    this.redirected[pair]++;
    return true;
  }

  recordServed(pair: number, latencyMs: number, bytes: number, nowS: number): void {
    this.served[pair]++;
    this.bytes[pair] += bytes;
    this.latencySumMs[pair] += latencyMs;
    if (latencyMs > this.slowAboveMs[pair]) this.slow[pair]++;
    if (this.firstServedS[pair] < 0) this.firstServedS[pair] = nowS;
  }
}
