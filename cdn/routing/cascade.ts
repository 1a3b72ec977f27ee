// Cascades (CDN1 → CDN2 → CDN3 …, cdni.md §1.2): a request redirected to a peer may be passed on by
// that peer under its own arrangements, hop after hop, over any topology including cycles. The
// request carries the list of CDNs it has passed (as RI's `cdn-path` does): a CDN never forwards to
// one already on it — the lane is passed over and the request goes to another lane or is served —
// so a loop is routed around, never dropped. An optional hop limit (RI `max-hops`: forwarding stops
// once the path has that many hops) bounds the depth; the path's width bounds it at MAX_HOPS.
// Per request: the hops' lanes go into `chain` (no allocation). Must not depend on agents or policies.
import type { RequestRouter } from './router.js';

/** the most hops a request can take whatever the hop limit (a path of MAX_HOPS + 1 CDNs) */
export const MAX_HOPS = 32;

export class Cascade {
  /** the lanes of the last routed request's hops, first (the primary's lane) to last */
  readonly chain: Int32Array;
  /** hops of the last routed request (0: served by its primary) */
  hops = 0;
  /** requests a CDN would have forwarded further but the hop limit stopped */
  hopLimited = 0;
  /** per (cdn, region): requests redirected to the CDN (at any hop), cumulative: a peer's demand includes them */
  readonly arrivedInto: Float64Array;
  /** hop limit in force: min(max-hops, MAX_HOPS) */
  readonly limit: number;
  /** the most hops a request can take here: the limit, or fewer when there are fewer other CDNs (a path never repeats one) */
  readonly deepest: number;

  constructor(
    private readonly router: RequestRouter,
    cdnCount: number,
    maxHops: number | undefined,
  ) {
    this.limit = Math.min(maxHops ?? MAX_HOPS, MAX_HOPS);
    this.deepest = Math.max(0, Math.min(this.limit, cdnCount - 1));
    this.chain = new Int32Array(Math.max(1, this.deepest));
    this.arrivedInto = new Float64Array(cdnCount * router.regionCount);
  }

  /** the site that serves a request of `primary`'s users in `region` (-1: none); `lastTargetCdn` is who serves it */
  route(region: number, primary: number): number {
    return this.follow(region, primary, this.router.route(region, primary));
  }

  /** the same from a cached first hop (DNS): over `lane` if it still takes the request, else at home */
  routeOver(lane: number, region: number, primary: number): number {
    return this.follow(region, primary, this.router.routeOver(lane, region, primary));
  }

  /** the request was routed anew in one hop (a bounce): its chain is that hop, if any */
  adopt(lane: number): void {
    this.hops = lane >= 0 ? 1 : 0;
    if (lane >= 0) this.chain[0] = lane;
  }

  /** after the first hop, the peers that pass the request on; marks and clears the path */
  private follow(region: number, primary: number, first: number): number {
    const router = this.router;
    const onPath = router.onPath;
    onPath[primary] = 1;
    this.hops = 0;
    let site = first;
    while (router.lastLane >= 0) {
      const lane = router.lastLane;
      this.chain[this.hops++] = lane;
      const at = router.lanes.peer[lane];
      onPath[at] = 1;
      // the request fails on its way to `at` (its site is down, believed up): it goes no further
      if (site < 0) break;
      this.arrivedInto[at * router.regionCount + region]++;
      if (!router.routesOn(at, region)) break;
      if (this.hops >= this.limit) {
        this.hopLimited++;
        break;
      }
      const next = router.route(region, at);
      if (router.lastLane < 0) break; // `at` serves it itself (`next` is its own site, as `site` was)
      site = next;
    }
    onPath[primary] = 0;
    for (let i = 0; i < this.hops; i++) onPath[router.lanes.peer[this.chain[i]]] = 0;
    router.lastLane = this.hops > 0 ? this.chain[0] : -1;
    router.lastTargetCdn = this.hops > 0 ? router.lanes.peer[this.chain[this.hops - 1]] : primary;
    return site;
  }
}
