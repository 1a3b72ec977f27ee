// How an arrival finds its site: HTTP request routing (a decision per request, through failover's
// bounces and the cascade's hops) or DNS (the resolver's cached answer while fresh, else the
// router's decision, cached), and what its redirection mode costs the user (./redirection-cost).
// After `route`, `redirectionMs` is that cost and the cascade holds the request's hops, which
// `recordHops` writes into its record. A few array reads per request; no allocation.
// Must not depend on agents, policies or reports.
import type { DataPlaneSpec } from '../spec.js';
import type { StreamFactory } from '../../core/random.js';
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import type { RequestTable } from '../requests.js';
import type { RequestRouter } from './router.js';
import { Cascade } from './cascade.js';
import { DnsResolvers } from './dns-resolvers.js';
import { Failover } from './failover.js';
import { RedirectionCost, routerLocation } from './redirection-cost.js';

/** DNS request routing's defaults: resolvers per (CDN, region) and the answers' TTL (s) */
export const DNS_RESOLVERS = 16;
export const DNS_TTL_S = 60;

export class ArrivalRouting {
  /** requests passed on from peer to peer (hop lists, hop limit, loops avoided) */
  readonly cascade: Cascade;
  /** bounces and failures of redirected requests (health checks live in the router) */
  readonly failover: Failover;
  /** what redirecting the request routed last cost its user (ms) */
  redirectionMs = 0;
  private readonly cost: RedirectionCost;
  /** DNS request routing's resolvers (network.redirection.via: dns), or null for HTTP */
  private readonly dns: DnsResolvers | null;

  constructor(
    spec: DataPlaneSpec,
    private readonly router: RequestRouter,
    private readonly sites: readonly Site[],
    rtt: RttMatrix,
    streams: StreamFactory,
    cdnIds: readonly string[],
  ) {
    const redirection = spec.network.redirection;
    router.lanes.defaultRecursive = redirection.mode === 'recursive' ? 1 : 0;
    this.cascade = new Cascade(router, cdnIds.length, redirection.maxHops);
    this.failover = new Failover(router, sites, rtt, cdnIds.length, (region, primary) => this.cascade.route(region, primary));
    const location = routerLocation(rtt, sites, cdnIds.length);
    this.cost = new RedirectionCost(rtt, router.lanes, location, redirection.recursiveLookupMs, redirection.answerTtlS ?? 0);
    this.dns =
      redirection.via === 'dns'
        ? new DnsResolvers(
            spec.regions.length,
            cdnIds.length,
            redirection.dns?.resolvers ?? DNS_RESOLVERS,
            redirection.dns?.ttlS ?? DNS_TTL_S,
            cdnIds.map((id) => streams.stream(`dns/${id}`)),
          )
        : null;
  }

  /** the site that serves an arrival of `primary`'s users in `region` (-1: none; ROUTE_FAILED: it fails); sets `redirectionMs` */
  route(region: number, primary: number, now: number): number {
    const { router, cascade } = this;
    if (this.dns === null && !router.routesOn(primary, region)) return this.routeHome(region, primary);
    if (this.dns === null) {
      const failover = this.failover;
      const site = failover.route(region, primary);
      if (failover.bounced) cascade.adopt(router.lastLane);
      this.redirectionMs = site < 0 ? 0 : this.cost.httpMs(region, primary, this.sites[site], cascade.chain, cascade.hops, now) + failover.addedMs;
      return site;
    }
    if (this.dns.pick(region, primary, now)) {
      this.redirectionMs = 0;
      return cascade.routeOver(this.dns.cachedLane(), region, primary);
    }
    const site = cascade.route(region, primary);
    this.dns.store(router.lastLane, now);
    this.redirectionMs = this.cost.dnsLookupMs(region, primary, site < 0 ? null : this.sites[site], cascade.chain, cascade.hops, now);
    return site;
  }

  /**
   * HTTP routing where the primary has no lane in the region (the common case of a run without
   * peering): its own nearest site, no hop, no bounce, no redirection cost — what the general path
   * computes for it, without its calls.
   */
  private routeHome(region: number, primary: number): number {
    const router = this.router;
    router.divertedFrom = -1;
    router.lastLane = -1;
    router.lastTargetCdn = primary;
    this.cascade.hops = 0;
    this.failover.bounced = false;
    this.failover.addedMs = 0;
    this.redirectionMs = 0;
    return router.nearestUpSite(primary, region);
  }

  /** the admitted request's lanes (first in `lane`, later hops in `laterHops`), each counting it in flight */
  recordHops(req: RequestTable, request: number): void {
    const { chain, hops } = this.cascade;
    const lanes = this.router.lanes;
    req.lane[request] = hops > 0 ? chain[0] : -1;
    req.cascaded[request] = Math.max(0, hops - 1);
    for (let i = 0; i < hops; i++) {
      lanes.inFlight[chain[i]]++;
      if (i > 0) req.laterHops[request * req.hopWidth + i - 1] = chain[i];
    }
  }
}
