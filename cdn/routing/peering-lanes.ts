// Peering lanes: one per arrangement (and one per static routing share of the scenario), each the
// data-plane side of a contract between a primary and a peer. A lane has the peer's admission (a
// token bucket within the agreed capacity; what it refuses is served by the primary) and cumulative
// counters of what was redirected over it, which the control plane differences per window for SLA
// checks, logging and fees. Two arrangements between the same two CDNs are two lanes, so nothing is
// counted twice. Touched only by redirected requests. Must not depend on agents, policies or reports.

const INITIAL_LANES = 16;

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
  bytes = new Float64Array(INITIAL_LANES);
  latencySumMs = new Float64Array(INITIAL_LANES);
  /** time of the first redirected request served over the lane (-1: none yet) */
  firstServedS = new Float64Array(INITIAL_LANES);
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
    this.byKey.set(key, lane);
    return lane;
  }

  /** A static share of the scenario's routing: admits everything routed to it. */
  openStatic(key: string, primary: number, peer: number): number {
    const lane = this.laneFor(key, primary, peer);
    this.unlimited[lane] = 1;
    return lane;
  }

  /** The peer admits `rate` requests/s over the lane (bursts up to one second's worth); 0 closes it. */
  setAdmission(lane: number, rate: number, nowS: number): void {
    if (!(rate >= 0 && Number.isFinite(rate))) throw new RangeError(`admission rate must be finite and ≥ 0, got ${rate}`);
    this.tokens[lane] = this.tokens[lane] + (nowS - this.lastRefillS[lane]) * this.rate[lane];
    this.tokens[lane] = Math.min(this.tokens[lane], rate);
    this.rate[lane] = rate;
    this.lastRefillS[lane] = nowS;
  }

  /** whether the lane admits one more redirected request now (consumes a token) */
  admit(lane: number, nowS: number): boolean {
    if (this.unlimited[lane] === 1) {
      this.redirected[lane]++;
      return true;
    }
    const rate = this.rate[lane];
    if (rate <= 0) return false;
    const tokens = Math.min(rate, this.tokens[lane] + (nowS - this.lastRefillS[lane]) * rate);
    this.lastRefillS[lane] = nowS;
    if (tokens < 1) {
      this.tokens[lane] = tokens;
      return false;
    }
    this.tokens[lane] = tokens - 1;
    this.redirected[lane]++;
    return true;
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
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.primary = i32(this.primary);
    this.peer = i32(this.peer);
    const unlimited = new Uint8Array(n);
    unlimited.set(this.unlimited);
    this.unlimited = unlimited;
    this.rate = f64(this.rate);
    this.tokens = f64(this.tokens);
    this.lastRefillS = f64(this.lastRefillS);
    this.slowAboveMs = f64(this.slowAboveMs);
    this.redirected = f64(this.redirected);
    this.served = f64(this.served);
    this.slow = f64(this.slow);
    this.rejected = f64(this.rejected);
    this.bytes = f64(this.bytes);
    this.latencySumMs = f64(this.latencySumMs);
    this.firstServedS = f64(this.firstServedS);
    this.capacity = n;
  }
}
