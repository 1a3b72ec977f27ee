// Streaming measurements of the data plane: counters and latency histograms per time window, per CDN
// and for the whole run. Nothing is stored per request, so memory depends on the number of windows
// and CDNs only. Must not depend on agents, policies or reports.
import { LatencyHistogram } from '../../core/histogram.js';

/** per-CDN counters, one slot per CDN index */
export class CdnCounters {
  /** requests whose primary is this CDN (its content providers' users) */
  ownArrived: Float64Array;
  ownServedLocal: Float64Array;
  ownServedByPeers: Float64Array;
  ownRejected: Float64Array;
  ownFailed: Float64Array;
  /** bytes delivered of this CDN's own traffic, by anyone */
  ownBytes: Float64Array;
  /** requests this CDN's sites served, and of those on behalf of another primary */
  served: Float64Array;
  servedForOthers: Float64Array;
  bytesServed: Float64Array;
  constructor(n: number) {
    this.ownArrived = new Float64Array(n);
    this.ownServedLocal = new Float64Array(n);
    this.ownServedByPeers = new Float64Array(n);
    this.ownRejected = new Float64Array(n);
    this.ownFailed = new Float64Array(n);
    this.ownBytes = new Float64Array(n);
    this.served = new Float64Array(n);
    this.servedForOthers = new Float64Array(n);
    this.bytesServed = new Float64Array(n);
  }
  addInto(total: CdnCounters): void {
    for (const key of Object.keys(this) as (keyof CdnCounters)[]) {
      const from = this[key] as Float64Array;
      const to = total[key] as Float64Array;
      for (let i = 0; i < from.length; i++) to[i] += from[i];
    }
  }
  clear(): void {
    for (const key of Object.keys(this) as (keyof CdnCounters)[]) (this[key] as Float64Array).fill(0);
  }
}

/** run-wide (or window-wide) request counters */
export class RequestCounters {
  arrived = 0;
  servedLocal = 0;
  servedByPeers = 0;
  rejected = 0;
  failed = 0;
  /** served requests that had to wait for a server */
  waited = 0;
  latencySumMs = 0;
  waitSumMs = 0;
  addInto(total: RequestCounters): void {
    total.arrived += this.arrived;
    total.servedLocal += this.servedLocal;
    total.servedByPeers += this.servedByPeers;
    total.rejected += this.rejected;
    total.failed += this.failed;
    total.waited += this.waited;
    total.latencySumMs += this.latencySumMs;
    total.waitSumMs += this.waitSumMs;
  }
  clear(): void {
    this.arrived = this.servedLocal = this.servedByPeers = this.rejected = this.failed = 0;
    this.waited = this.latencySumMs = this.waitSumMs = 0;
  }
}

export class Metrics {
  readonly window = new RequestCounters();
  readonly total = new RequestCounters();
  readonly cdnWindow: CdnCounters;
  readonly cdnTotal: CdnCounters;
  /** run-wide latency this window: filled from the per-CDN histograms by mergeWindowLatency */
  readonly windowLatency = new LatencyHistogram();
  readonly totalLatency = new LatencyHistogram();
  readonly totalWait = new LatencyHistogram();
  /** latency of requests served by each CDN's sites, this window and the whole run */
  readonly cdnWindowLatency: LatencyHistogram[];
  readonly cdnTotalLatency: LatencyHistogram[];

  constructor(readonly cdnCount: number) {
    this.cdnWindow = new CdnCounters(cdnCount);
    this.cdnTotal = new CdnCounters(cdnCount);
    this.cdnWindowLatency = Array.from({ length: cdnCount }, () => new LatencyHistogram());
    this.cdnTotalLatency = Array.from({ length: cdnCount }, () => new LatencyHistogram());
  }

  arrival(primary: number): void {
    this.window.arrived++;
    this.cdnWindow.ownArrived[primary]++;
  }

  rejection(primary: number): void {
    this.window.rejected++;
    this.cdnWindow.ownRejected[primary]++;
  }

  failure(primary: number): void {
    this.window.failed++;
    this.cdnWindow.ownFailed[primary]++;
  }

  /**
   * The finished request's figures, set by the data plane just before `served`: passing doubles in
   * fields rather than arguments keeps V8 from boxing them when the call is not inlined.
   */
  latencyMs = 0;
  waitMs = 0;
  bytes = 0;

  /** a request of `primary`'s users was served by CDN `server` (figures in the fields above) */
  served(primary: number, server: number): void {
    const latencyMs = this.latencyMs;
    const waitMs = this.waitMs;
    const bytes = this.bytes;
    const w = this.window;
    const c = this.cdnWindow;
    if (server === primary) {
      w.servedLocal++;
      c.ownServedLocal[primary]++;
    } else {
      w.servedByPeers++;
      c.ownServedByPeers[primary]++;
      c.servedForOthers[server]++;
    }
    c.served[server]++;
    c.ownBytes[primary] += bytes;
    c.bytesServed[server] += bytes;
    w.latencySumMs += latencyMs;
    w.waitSumMs += waitMs;
    if (waitMs > 0) w.waited++;
    this.cdnWindowLatency[server].record(latencyMs);
    this.totalWait.record(waitMs);
  }

  /** build the run-wide window histogram from the per-CDN ones (once per window, not per request) */
  mergeWindowLatency(): void {
    this.windowLatency.reset();
    for (let i = 0; i < this.cdnCount; i++) this.windowLatency.addFrom(this.cdnWindowLatency[i]);
  }

  /** fold the window into the run totals and start a new window */
  closeWindow(): void {
    this.window.addInto(this.total);
    this.window.clear();
    this.cdnWindow.addInto(this.cdnTotal);
    this.cdnWindow.clear();
    this.totalLatency.addFrom(this.windowLatency);
    this.windowLatency.reset();
    for (let i = 0; i < this.cdnCount; i++) {
      this.cdnTotalLatency[i].addFrom(this.cdnWindowLatency[i]);
      this.cdnWindowLatency[i].reset();
    }
  }
}
