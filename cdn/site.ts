// A site (surrogate group): c servers, a FIFO waiting room of bounded or unbounded size, an
// optional cache, and its time-integrated sensors (busy servers, queue length), with what of its
// counts arrived in the warm-up, and the wait and time-in-site sums of the requests it served (per
// window, and over the run of those that count). The data plane drives it; the site only keeps state. Must not depend on agents, policies or reports.
import type { ServiceTime } from './service-time.js';
import type { LruCache } from './content/lru-cache.js';
import type { SimClock } from '../core/clock.js';

export class Site {
  up = true;
  /** servers busy now */
  busy = 0;
  /** requests waiting now */
  queued = 0;
  // time integrals over the current window (server-seconds busy, request-seconds waiting)
  busyArea = 0;
  queueArea = 0;
  lastChangeS = 0;
  // counters over the current window
  winArrived = 0;
  winServed = 0;
  winRejected = 0;
  winFailed = 0;
  /** seconds waited and spent in the site (departure − arrival) by the requests served in the window */
  winWaitSumS = 0;
  winSojournSumS = 0;
  // counters over the run, folded in at each window's end
  totalArrived = 0;
  totalServed = 0;
  totalRejected = 0;
  totalFailed = 0;
  totalBusyArea = 0;
  totalQueueArea = 0;
  /** seconds waited and spent in the site by the served requests that count (arrived after the warm-up) */
  countedWaitSumS = 0;
  countedSojournSumS = 0;
  // of those, the requests that arrived in the warm-up (over the run; its statistics leave them out)
  warmupArrived = 0;
  warmupServed = 0;
  warmupRejected = 0;
  warmupFailed = 0;
  warmupCacheHits = 0;
  warmupCacheMisses = 0;
  /** busy server-seconds from the start to the end of the warm-up (0 without one) */
  busyAreaInWarmup = 0;
  /** request-seconds waiting from the start to the end of the warm-up (0 without one) */
  queueAreaInWarmup = 0;

  /** the FIFO of waiting requests: a ring whose length is a power of two, indexed by a mask (no division per request) */
  private ring: Int32Array;
  private head = 0;

  constructor(
    private readonly clock: SimClock,
    readonly index: number,
    readonly id: string,
    readonly cdn: number,
    readonly region: number,
    readonly servers: number,
    /** waiting requests allowed beyond those in service (Infinity = unlimited) */
    readonly queueLimit: number,
    readonly serviceTime: ServiceTime,
    readonly cache: LruCache | null,
  ) {
    this.ring = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(16, Math.min(queueLimit, 1024)))));
  }

  /** requests in the site now (in service + waiting) */
  get inSystem(): number {
    return this.busy + this.queued;
  }

  /** bring the time integrals up to now before any change of busy or queued */
  accrue(): void {
    const now = this.clock.now;
    const dt = now - this.lastChangeS;
    if (dt > 0) {
      this.busyArea += this.busy * dt;
      this.queueArea += this.queued * dt;
      this.lastChangeS = now;
    }
  }

  /** busy server-seconds since the start of the run, up to now */
  cumulativeBusyArea(): number {
    this.accrue();
    return this.totalBusyArea + this.busyArea;
  }

  /** request-seconds waiting since the start of the run, up to now */
  cumulativeQueueArea(): number {
    this.accrue();
    return this.totalQueueArea + this.queueArea;
  }

  /** requests that reached / were served by / were rejected at this site since the start */
  cumulativeArrived(): number {
    return this.totalArrived + this.winArrived;
  }
  cumulativeServed(): number {
    return this.totalServed + this.winServed;
  }
  cumulativeRejected(): number {
    return this.totalRejected + this.winRejected;
  }

  /** at the end of the warm-up: what it was busy for so far */
  endWarmup(): void {
    this.busyAreaInWarmup = this.cumulativeBusyArea();
    this.queueAreaInWarmup = this.cumulativeQueueArea();
  }

  hasFreeServer(): boolean {
    return this.busy < this.servers;
  }

  hasRoomToWait(): boolean {
    return this.queued < this.queueLimit;
  }

  enqueue(request: number): void {
    if (this.queued === this.ring.length) this.growRing();
    this.ring[(this.head + this.queued) & (this.ring.length - 1)] = request;
    this.queued++;
  }

  /** the longest-waiting request, or -1 */
  dequeue(): number {
    if (this.queued === 0) return -1;
    const request = this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.queued--;
    return request;
  }

  /** fold the window's counters into the run's and reset the window (after its sensors were read) */
  resetWindow(): void {
    this.accrue();
    this.totalArrived += this.winArrived;
    this.totalServed += this.winServed;
    this.totalRejected += this.winRejected;
    this.totalFailed += this.winFailed;
    this.totalBusyArea += this.busyArea;
    this.totalQueueArea += this.queueArea;
    this.busyArea = 0;
    this.queueArea = 0;
    this.winArrived = 0;
    this.winServed = 0;
    this.winRejected = 0;
    this.winFailed = 0;
    this.winWaitSumS = 0;
    this.winSojournSumS = 0;
  }

  private growRing(): void {
    const bigger = new Int32Array(this.ring.length * 2);
    for (let i = 0; i < this.queued; i++) bigger[i] = this.ring[(this.head + i) & (this.ring.length - 1)];
    this.ring = bigger;
    this.head = 0;
  }
}
