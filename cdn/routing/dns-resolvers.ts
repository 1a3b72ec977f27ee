// DNS-based request routing (network.redirection.via: dns): the primary decides per resolver, not
// per request. Each (primary, region) has a population of resolvers (network.redirection.dns.
// resolvers); a request comes through one of them (a uniform draw from `dns/<cdn>`), and that
// resolver's cached answer — the CDN and lane the router chose at its last lookup — holds for the
// answer's TTL: coarse (every request of the resolver goes where the answer says, whatever the site's
// state meanwhile) but cheap (only a lookup pays round trips). Must not depend on agents or policies.
import type { RandomStream } from '../../core/random.js';

export class DnsResolvers {
  /** per (primary, region, resolver): the lane of the cached answer (-1: the primary's own sites) */
  private readonly lane: Int32Array;
  private readonly until: Float64Array;
  /** the slot of the last `pick` */
  slot = 0;

  constructor(
    private readonly regions: number,
    cdns: number,
    private readonly resolvers: number,
    private readonly ttlS: number,
    /** one stream per primary CDN */
    private readonly rngs: readonly RandomStream[],
  ) {
    if (!(Number.isInteger(resolvers) && resolvers >= 1)) throw new RangeError(`DNS resolvers must be a whole number ≥ 1, got ${resolvers}`);
    this.lane = new Int32Array(cdns * regions * resolvers);
    this.until = new Float64Array(cdns * regions * resolvers).fill(-Infinity);
  }

  /** the resolver a request of `primary`'s users in `region` comes through; true if its answer is fresh now */
  pick(region: number, primary: number, nowS: number): boolean {
    const r = Math.min(this.resolvers - 1, Math.floor(this.rngs[primary].next() * this.resolvers));
    this.slot = (primary * this.regions + region) * this.resolvers + r;
    return this.until[this.slot] > nowS;
  }

  /** the lane of the picked resolver's fresh answer (-1: home) */
  cachedLane(): number {
    return this.lane[this.slot];
  }

  /** the picked resolver caches the router's answer (`lane`, -1: home) until now + TTL */
  store(lane: number, nowS: number): void {
    this.lane[this.slot] = lane;
    this.until[this.slot] = nowS + this.ttlS;
  }
}
