// Streaming measurements of the data plane: counters and latency histograms per time window, per CDN
// and for the whole run. Nothing is stored per request, so memory depends on the number of windows
// and CDNs only. A request's class is fixed when it arrives (./arrival-class): one of the warm-up
// goes to the window's warm-up counters, which the window's sensors see and the run's totals never
// do. A finished request's latency is recorded once, in the window's cell of (serving CDN, primary,
// class); at the window's close the cells are added into every view (per serving CDN, per primary,
// run-wide, during or outside the surges; the run's without the warm-up's), so each view costs once
// per window, not per request. Must not depend on agents, policies or reports.
import { LatencyHistogram } from '../../core/histogram.js';
import { ARRIVAL_CLASSES, DURING_SURGE, IN_WARMUP } from './arrival-class.js';

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
  /** ms waited for a server by the requests this CDN's sites served */
  waitSumMs: Float64Array;
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
    this.waitSumMs = new Float64Array(n);
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
  /** arrivals (every outcome) for one of the top-k objects, and for an object in some event's hot set */
  topK = 0;
  hotSet = 0;
  addInto(total: RequestCounters): void {
    total.arrived += this.arrived;
    total.servedLocal += this.servedLocal;
    total.servedByPeers += this.servedByPeers;
    total.rejected += this.rejected;
    total.failed += this.failed;
    total.waited += this.waited;
    total.latencySumMs += this.latencySumMs;
    total.waitSumMs += this.waitSumMs;
    total.topK += this.topK;
    total.hotSet += this.hotSet;
  }
  clear(): void {
    this.arrived = this.servedLocal = this.servedByPeers = this.rejected = this.failed = 0;
    this.waited = this.latencySumMs = this.waitSumMs = 0;
    this.topK = this.hotSet = 0;
  }
}

/** What a Metrics needs to know of the run to size itself. */
export interface MetricsShape {
  /** by CDN index: whether the CDN has users of its own (without, its own-latency histograms stay empty) */
  ownUsers: readonly boolean[];
  /** by CDN index: whether the CDN has sites (without, its wait histogram is not created); default all */
  hasSites?: readonly boolean[];
}

export class Metrics {
  /**
   * The open window's counters of requests that count (arrived after the warm-up). At the window's
   * close they go to the run's totals; then the warm-up's are added in, so that until the window
   * is cleared they hold every request of it, for its sensors.
   */
  readonly window = new RequestCounters();
  readonly total = new RequestCounters();
  readonly cdnWindow: CdnCounters;
  readonly cdnTotal: CdnCounters;
  /** the open window's counters of requests that arrived in the warm-up */
  readonly warmWindow = new RequestCounters();
  readonly cdnWarmWindow: CdnCounters;
  /** the warm-up's requests over the run (what the run's totals leave out) */
  readonly cdnWarmTotal: CdnCounters;
  /** wait of the requests that count, over the run (recorded per request) */
  readonly totalWait = new LatencyHistogram();
  /** the same per serving CDN (one shared empty histogram for CDNs without sites) */
  readonly cdnTotalWait: LatencyHistogram[];
  // views of the latency cells, built by foldWindow: the window's (every request of it) and the run's (those that count)
  readonly windowLatency = new LatencyHistogram();
  readonly totalLatency = new LatencyHistogram();
  /** latency of requests served by each CDN's sites */
  readonly cdnWindowLatency: LatencyHistogram[];
  readonly cdnTotalLatency: LatencyHistogram[];
  /** latency of each CDN's own users' requests, wherever they were served */
  readonly ownWindowLatency: LatencyHistogram[];
  readonly ownTotalLatency: LatencyHistogram[];
  /** the run's latency of requests that arrived during a surge period, and of those that arrived outside every one */
  readonly surgeLatency = new LatencyHistogram();
  readonly outsideLatency = new LatencyHistogram();
  /** the open window's latency cells by (server · cdnCount + primary) · ARRIVAL_CLASSES + class, opened on first use */
  private readonly cells: (LatencyHistogram | null)[];
  private readonly openCells: { histogram: LatencyHistogram; server: number; primary: number; cls: number }[] = [];
  /** a serving CDN's window so far, when its cells must be added up mid-window */
  private readonly scratch = new LatencyHistogram();

  constructor(
    readonly cdnCount: number,
    shape: MetricsShape = { ownUsers: Array.from({ length: cdnCount }, () => true) },
  ) {
    // histograms that are never written share one empty instance (each holds 45 056 counters)
    const never = new LatencyHistogram();
    const perCdn = (used: (i: number) => boolean) => Array.from({ length: cdnCount }, (_, i) => (used(i) ? new LatencyHistogram() : never));
    this.cdnWindow = new CdnCounters(cdnCount);
    this.cdnTotal = new CdnCounters(cdnCount);
    this.cdnWarmWindow = new CdnCounters(cdnCount);
    this.cdnWarmTotal = new CdnCounters(cdnCount);
    this.cdnWindowLatency = perCdn(() => true);
    this.cdnTotalLatency = perCdn(() => true);
    this.ownWindowLatency = perCdn((i) => shape.ownUsers[i] === true);
    this.ownTotalLatency = perCdn((i) => shape.ownUsers[i] === true);
    this.cdnTotalWait = perCdn((i) => shape.hasSites?.[i] ?? true);
    // one CDN with sites: its wait histogram holds the same records as the run's, so it is the run's (recorded once)
    const withSites = this.cdnTotalWait.filter((h) => h !== never);
    if (withSites.length === 1) this.cdnTotalWait[this.cdnTotalWait.indexOf(withSites[0])] = this.totalWait;
    this.cells = new Array<LatencyHistogram | null>(cdnCount * cdnCount * ARRIVAL_CLASSES).fill(null);
  }

  arrival(primary: number, warm: boolean): void {
    (warm ? this.warmWindow : this.window).arrived++;
    (warm ? this.cdnWarmWindow : this.cdnWindow).ownArrived[primary]++;
  }

  rejection(primary: number, warm: boolean): void {
    (warm ? this.warmWindow : this.window).rejected++;
    (warm ? this.cdnWarmWindow : this.cdnWindow).ownRejected[primary]++;
  }

  failure(primary: number, warm: boolean): void {
    (warm ? this.warmWindow : this.window).failed++;
    (warm ? this.cdnWarmWindow : this.cdnWindow).ownFailed[primary]++;
  }

  /**
   * The finished request's figures, set by the data plane just before `served`: passing doubles in
   * fields rather than arguments keeps V8 from boxing them when the call is not inlined.
   */
  latencyMs = 0;
  waitMs = 0;
  bytes = 0;

  /** a request of `primary`'s users, of arrival class `cls`, was served by CDN `server` (figures in the fields above) */
  served(primary: number, server: number, cls: number): void {
    const latencyMs = this.latencyMs;
    const waitMs = this.waitMs;
    const bytes = this.bytes;
    const warm = cls === IN_WARMUP;
    const w = warm ? this.warmWindow : this.window;
    const c = warm ? this.cdnWarmWindow : this.cdnWindow;
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
    c.waitSumMs[server] += waitMs;
    w.latencySumMs += latencyMs;
    w.waitSumMs += waitMs;
    const cell = (server * this.cdnCount + primary) * ARRIVAL_CLASSES + cls;
    (this.cells[cell] ?? this.openCell(cell)).record(latencyMs);
    // about half the waits are 0, at random: one branch on it serves the count and the histograms
    if (waitMs > 0) {
      w.waited++;
      if (!warm) this.recordWait(server);
    } else if (!warm) this.recordNoWait(server);
  }

  /** a wait > 0 (in the field `waitMs`) of a request that counts */
  private recordWait(server: number): void {
    const waitMs = this.waitMs;
    const wait = this.totalWait;
    wait.record(waitMs);
    const serverWait = this.cdnTotalWait[server];
    if (serverWait !== wait) serverWait.record(waitMs);
  }

  /** a request that counts did not wait */
  private recordNoWait(server: number): void {
    const wait = this.totalWait;
    wait.recordZero();
    const serverWait = this.cdnTotalWait[server];
    if (serverWait !== wait) serverWait.recordZero();
  }

  private openCell(cell: number): LatencyHistogram {
    const histogram = new LatencyHistogram();
    this.cells[cell] = histogram;
    const cls = cell % ARRIVAL_CLASSES;
    const pair = (cell - cls) / ARRIVAL_CLASSES;
    this.openCells.push({ histogram, server: Math.floor(pair / this.cdnCount), primary: pair % this.cdnCount, cls });
    return histogram;
  }

  /** the latency of requests served by CDN `cdn`'s sites so far in the open window, warm-up included */
  windowServedLatency(cdn: number): LatencyHistogram {
    let only: LatencyHistogram | null = null;
    let several = false;
    for (const c of this.openCells) {
      if (c.server !== cdn || c.histogram.count === 0) continue;
      if (only === null) only = c.histogram;
      else several = true;
    }
    if (only === null) return this.cdnWindowLatency[cdn]; // empty until the window closes
    if (!several) return only;
    this.scratch.reset();
    for (const c of this.openCells) if (c.server === cdn) this.scratch.addFrom(c.histogram);
    return this.scratch;
  }

  /**
   * At the window's close, before its sensors are read (once per window, not per request): fold the
   * requests that count into the run's totals, add the warm-up's into the window's counters, and
   * build the window's latency views from its cells, so that they hold every request of the window.
   */
  foldWindow(): void {
    this.window.addInto(this.total);
    this.cdnWindow.addInto(this.cdnTotal);
    for (const { histogram: h, server, primary, cls } of this.openCells) {
      if (h.count === 0) continue;
      this.windowLatency.addFrom(h);
      this.cdnWindowLatency[server].addFrom(h);
      this.ownWindowLatency[primary].addFrom(h);
      if (cls === IN_WARMUP) continue;
      this.totalLatency.addFrom(h);
      this.cdnTotalLatency[server].addFrom(h);
      this.ownTotalLatency[primary].addFrom(h);
      (cls === DURING_SURGE ? this.surgeLatency : this.outsideLatency).addFrom(h);
    }
    const warm = this.warmWindow;
    if (warm.arrived + warm.servedLocal + warm.servedByPeers + warm.rejected + warm.failed === 0) return;
    warm.addInto(this.window);
    warm.clear();
    this.cdnWarmWindow.addInto(this.cdnWarmTotal);
    this.cdnWarmWindow.addInto(this.cdnWindow);
    this.cdnWarmWindow.clear();
  }

  /** after the window's sensors were read: start a new window */
  clearWindow(): void {
    this.window.clear();
    this.cdnWindow.clear();
    this.windowLatency.reset();
    for (let i = 0; i < this.cdnCount; i++) {
      this.cdnWindowLatency[i].reset();
      this.ownWindowLatency[i].reset();
    }
    for (const c of this.openCells) c.histogram.reset();
  }
}
