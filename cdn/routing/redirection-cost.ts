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
    private readonly sites: readonly Site[],
    private readonly lanes: PeeringLanes,
    private readonly location: RouterLocation,
    private readonly lookupMs: number,
    private readonly answerTtlS: number,
  ) {}

  /** HTTP: the cost of redirecting a request from `region` over `lane` to `site` now (0 when lane < 0) */
  httpMs(region: number, primary: number, site: Site, lane: number, nowS: number): number {
    if (lane < 0) return 0;
    const key = primary * this.rtt.regions.length + region;
    return this.location.userRtt[key] + this.secondLegMs(key, region, site, lane, nowS);
  }

  /** DNS: the lookup a resolver-cache miss costs, for a decision to serve at `site` over `lane` (-1: at home) */
  dnsLookupMs(region: number, primary: number, site: Site | null, lane: number, nowS: number): number {
    const key = primary * this.rtt.regions.length + region;
    const own = this.location.userRtt[key];
    return lane < 0 || site === null ? own : own + this.secondLegMs(key, region, site, lane, nowS);
  }

  /** the peer's part: its router for the user (iterative), or the primary's RI query (recursive) */
  private secondLegMs(key: number, region: number, site: Site, lane: number, nowS: number): number {
    if (this.lanes.recursive[lane] === 0) return this.rtt.rtt(region, site.region);
    const slot = lane * this.rtt.regions.length + region;
    if (this.answerTtlS > 0) {
      if (slot >= this.answerUntil.length) this.growAnswers(slot);
      if (this.answerUntil[slot] > nowS) return 0;
      this.answerUntil[slot] = nowS + this.answerTtlS;
    }
    const from = this.location.routerRegion[key];
    return (from < 0 ? 0 : this.rtt.rtt(from, site.region)) + this.lookupMs;
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
