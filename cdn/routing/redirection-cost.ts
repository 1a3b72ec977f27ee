// What redirecting a request costs the user, by redirection mode (cdni.md §1.1), with the primary's
// request router at its site nearest the user and a peer's router at the peer's serving site:
//   HTTP-I  the primary's 302 (user ↔ primary router) + the peer's router (user ↔ peer site);
//   HTTP-R  the primary's 302 + the primary asking the peer's router over RI (primary ↔ peer round
//           trip + the lookup's processing), skipped while the primary holds a fresh RI answer for
//           that lane and region (network.redirection.answerTtl);
//   DNS-*   the resolver's lookup on a resolver-cache miss only (./dns-resolvers): user ↔ primary's
//           DNS, then iterative: user ↔ peer's DNS, recursive: primary ↔ peer + processing.
// Served by the primary without redirection: no cost (HTTP), or the lookup of its own name (DNS).
// A few array reads per request. Must not depend on agents, policies or reports.
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import type { PeeringLanes } from './peering-lanes.js';

/** where the primary's request router answers users of a region: its nearest site (by round trip), or none */
export interface RouterLocation {
  /** round trip user region ↔ the primary's router (0 if it has no site) */
  userRtt: Float64Array;
  /** the region of the primary's router per (cdn, region), -1 if it has no site */
  routerRegion: Int32Array;
}

export class RedirectionCost {
  /** per (lane, region): until when the primary holds a fresh RI answer (recursive modes) */
  private answerUntil = new Float64Array(0);

  constructor(
    private readonly rtt: RttMatrix,
    private readonly lanes: PeeringLanes,
    private readonly location: RouterLocation,
    private readonly lookupMs: number,
    private readonly answerTtlS: number,
  ) {}

  /**
   * HTTP: what redirecting a request from `region` over the `hops` lanes of `chain` to `site` costs
   * now (0 for no hop): the primary's 302, then per hop the next CDN's router — the serving site for
   * the last hop — reached by the user (iterative) or by the previous CDN's router (recursive).
   */
  httpMs(region: number, primary: number, site: Site, chain: Int32Array, hops: number, nowS: number): number {
    return hops === 0 ? 0 : this.location.userRtt[this.key(primary, region)] + this.hopsMs(region, primary, site, chain, hops, nowS);
  }

  /** DNS: the lookup a resolver-cache miss costs, for a decision to serve at `site` after `hops` hops (0: at home) */
  dnsLookupMs(region: number, primary: number, site: Site | null, chain: Int32Array, hops: number, nowS: number): number {
    const own = this.location.userRtt[this.key(primary, region)];
    return hops === 0 || site === null ? own : own + this.hopsMs(region, primary, site, chain, hops, nowS);
  }

  private hopsMs(region: number, primary: number, site: Site, chain: Int32Array, hops: number, nowS: number): number {
    let ms = 0;
    let from = primary;
    for (let i = 0; i < hops; i++) {
      const lane = chain[i];
      const to = this.lanes.peer[lane];
      const routerAt = this.location.routerRegion[this.key(to, region)];
      const target = i === hops - 1 || routerAt < 0 ? site.region : routerAt;
      ms += this.lanes.recursive[lane] === 0 ? this.rtt.rtt(region, target) : this.recursiveMs(from, region, target, lane, nowS);
      from = to;
    }
    return ms;
  }

  /** the RI query from `from`'s router to the next router at `target` (0 while a fresh answer is held) */
  private recursiveMs(from: number, region: number, target: number, lane: number, nowS: number): number {
    const slot = lane * this.rtt.regions.length + region;
    if (this.answerTtlS > 0) {
      if (slot >= this.answerUntil.length) this.growAnswers(slot);
      if (this.answerUntil[slot] > nowS) return 0;
      this.answerUntil[slot] = nowS + this.answerTtlS;
    }
    const at = this.location.routerRegion[this.key(from, region)];
    return (at < 0 ? 0 : this.rtt.rtt(at, target)) + this.lookupMs;
  }

  private key(cdn: number, region: number): number {
    return cdn * this.rtt.regions.length + region;
  }

  private growAnswers(slot: number): void {
    const bigger = new Float64Array(Math.max(2 * this.answerUntil.length, slot + 1, 64)).fill(-Infinity);
    bigger.set(this.answerUntil);
    this.answerUntil = bigger;
  }
}

/** the primary's router location per (cdn, region): its nearest site by round trip (ties: first listed) */
export function routerLocation(rtt: RttMatrix, sites: readonly Site[], cdns: number): RouterLocation {
  const regions = rtt.regions.length;
  const userRtt = new Float64Array(cdns * regions);
  const routerRegion = new Int32Array(cdns * regions).fill(-1);
  for (let cdn = 0; cdn < cdns; cdn++) {
    const own = sites.filter((s) => s.cdn === cdn);
    for (let region = 0; region < regions; region++) {
      let best: Site | null = null;
      for (const s of own) if (best === null || rtt.rtt(region, s.region) < rtt.rtt(region, best.region)) best = s;
      if (best === null) continue;
      userRtt[cdn * regions + region] = rtt.rtt(region, best.region);
      routerRegion[cdn * regions + region] = best.region;
    }
  }
  return { userRtt, routerRegion };
}
