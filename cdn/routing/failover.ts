// Failover across CDNs: routing a request with what happens when the peer it is sent to cannot
// serve it. A peer believed up whose serving site is down: the request fails (the user times out
// after USER_CONNECT_TIMEOUT_MS, counted per lane as failed before detection, with the time lost).
// A peer whose site is full (or, through `bounce`, whose acquisition failed) sends the user back to
// the primary's fallback target (RFC 8804 MI.FallbackTarget): one more user round trip (region ↔
// the peer's site) per bounce, then the primary sends it to a peer it has not tried yet (never back
// to a CDN that bounced it: no loop) or serves it itself. Only lanes with health checks bounce (the
// failover model); others keep rejecting at a full peer site. A bounce counts in the lane's
// `rejected` (what SLA judging reads), not in the peer site's sensors (the request is served, or
// rejected, where it ends up). Counters per lane; no allocation per request. Must not depend on agents, policies or reports.
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import { grown } from '../typed-arrays.js';
import { ROUTE_FAILED, type RequestRouter } from './router.js';

/**
 * What a request sent to a failed peer site costs its user before it fails: a client's connect
 * timeout (TCP's initial SYN retransmission at 1 s, then 2 s: a typical 3 s connect timeout). The
 * request is counted failed; this is the time it lost, reported per lane.
 */
export const USER_CONNECT_TIMEOUT_MS = 3000;

export const BOUNCE_SITE_FULL = 0;
export const BOUNCE_ACQUISITION = 1;
export type BounceCause = typeof BOUNCE_SITE_FULL | typeof BOUNCE_ACQUISITION;

const INITIAL_LANES = 16;

/** what failover did per lane (cumulative) */
export interface FailoverReading {
  failedBeforeDetection: number;
  lostMs: number;
  bouncedSiteFull: number;
  bouncedAcquisition: number;
  failedOverToPeer: number;
  sentHome: number;
}

export class Failover {
  private capacity = INITIAL_LANES;
  /** requests sent over the lane while its peer's site was down and believed up: they failed */
  failedBeforeDetection = new Float64Array(INITIAL_LANES);
  /** the time those requests' users lost (ms) */
  lostMs = new Float64Array(INITIAL_LANES);
  /** requests the lane's peer bounced back, by cause */
  bouncedSiteFull = new Float64Array(INITIAL_LANES);
  bouncedAcquisition = new Float64Array(INITIAL_LANES);
  /** requests meant for the lane (believed down, or bounced by its peer) sent to another peer, or to the primary's own site */
  failedOverToPeer = new Float64Array(INITIAL_LANES);
  sentHome = new Float64Array(INITIAL_LANES);
  /** the bounces' extra round trips of the request routed last (ms) */
  addedMs = 0;
  /** the CDNs marked tried for the request being routed (to clear them) */
  private readonly marked: Int32Array;
  private markedCount = 0;

  /** whether the request routed last was bounced (its route is then the reroute's single hop) */
  bounced = false;

  constructor(
    private readonly router: RequestRouter,
    private readonly sites: readonly Site[],
    private readonly rtt: RttMatrix,
    cdnCount: number,
    /** the first routing of a request (the cascade of hops; the router's one hop by default) */
    private readonly first: (region: number, primary: number) => number = (region, primary) => router.route(region, primary),
  ) {
    this.marked = new Int32Array(cdnCount);
  }

  /** The site that serves a request of `primary`'s users in `region` (-1: none; ROUTE_FAILED: it fails), after any bounces. */
  route(region: number, primary: number): number {
    const router = this.router;
    this.addedMs = 0;
    this.bounced = false;
    let site = this.first(region, primary);
    let from = router.divertedFrom;
    while (site >= 0 && router.lastLane >= 0 && router.health.checked[router.lastLane] === 1 && this.isFull(site)) {
      if (from < 0) from = router.lastLane;
      this.bounced = true;
      site = this.rerouteBounced(router.lastLane, region, primary, site, BOUNCE_SITE_FULL);
    }
    this.clearTried();
    this.count(site, from);
    return site;
  }

  /**
   * The hook for a peer that cannot serve a request it took (e.g. its acquisition failed): counts the
   * bounce on `lane`, adds the round trip to `fromSite` to `addedMs` and routes the request anew
   * (never to a CDN it was bounced by). The caller admits the request at the site returned.
   */
  bounce(lane: number, region: number, primary: number, fromSite: number, cause: BounceCause): number {
    this.addedMs = 0;
    const site = this.rerouteBounced(lane, region, primary, fromSite, cause);
    this.clearTried();
    this.count(site, lane);
    return site;
  }

  /** what failover did on `lane` so far */
  read(lane: number): FailoverReading {
    if (lane >= this.capacity) return { failedBeforeDetection: 0, lostMs: 0, bouncedSiteFull: 0, bouncedAcquisition: 0, failedOverToPeer: 0, sentHome: 0 };
    return {
      failedBeforeDetection: this.failedBeforeDetection[lane],
      lostMs: this.lostMs[lane],
      bouncedSiteFull: this.bouncedSiteFull[lane],
      bouncedAcquisition: this.bouncedAcquisition[lane],
      failedOverToPeer: this.failedOverToPeer[lane],
      sentHome: this.sentHome[lane],
    };
  }

  private rerouteBounced(lane: number, region: number, primary: number, fromSite: number, cause: BounceCause): number {
    this.ensure(lane);
    if (cause === BOUNCE_SITE_FULL) this.bouncedSiteFull[lane]++;
    else this.bouncedAcquisition[lane]++;
    // the peer did not serve a request it admitted: its SLA's rejected share counts it, as it counted a rejection before
    this.router.lanes.rejected[lane]++;
    this.addedMs += this.rtt.rtt(region, this.sites[fromSite].region);
    const peer = this.router.lanes.peer[lane];
    if (this.router.tried[peer] === 0) {
      this.router.tried[peer] = 1;
      this.marked[this.markedCount++] = peer;
    }
    return this.router.reroute(region, primary);
  }

  /** a request meant for lane `from` (-1: none) ended up at `site`: where it failed over to, or that it failed */
  private count(site: number, from: number): void {
    const lane = this.router.lastLane;
    if (site === ROUTE_FAILED) {
      this.ensure(lane);
      this.failedBeforeDetection[lane]++;
      this.lostMs[lane] += USER_CONNECT_TIMEOUT_MS;
    } else if (from >= 0 && site >= 0) {
      this.ensure(from);
      if (lane >= 0) this.failedOverToPeer[from]++;
      else this.sentHome[from]++;
    }
  }

  private isFull(siteIndex: number): boolean {
    const site = this.sites[siteIndex];
    return !site.hasFreeServer() && !site.hasRoomToWait();
  }

  private clearTried(): void {
    for (let i = 0; i < this.markedCount; i++) this.router.tried[this.marked[i]] = 0;
    this.markedCount = 0;
  }

  private ensure(lane: number): void {
    while (lane >= this.capacity) {
      const n = this.capacity * 2;
      this.failedBeforeDetection = grown(this.failedBeforeDetection, n);
      this.lostMs = grown(this.lostMs, n);
      this.bouncedSiteFull = grown(this.bouncedSiteFull, n);
      this.bouncedAcquisition = grown(this.bouncedAcquisition, n);
      this.failedOverToPeer = grown(this.failedOverToPeer, n);
      this.sentHome = grown(this.sentHome, n);
      this.capacity = n;
    }
  }
}
