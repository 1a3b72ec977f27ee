// The request router: picks the CDN that serves a request (the primary, or a peer over one of its
// peering lanes by the routing shares the control plane sets) and that CDN's nearest site that is
// up (ties: fewest requests in the site). Routing shares per lane are the actuator agents drive.
// Must not depend on agents or policies.
import type { RandomStream } from '../../core/random.js';
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import type { SimClock } from '../../core/clock.js';
import { PeeringLanes } from './peering-lanes.js';

/** per (primary, region): the lanes that get a share of its traffic and the cumulative shares */
interface ShareTable {
  lanes: number[];
  shares: number[];
  cumulative: Float64Array;
  total: number;
}

export class RequestRouter {
  /** nearest-first site indices per (cdn, region) */
  private readonly siteOrder: Int32Array[];
  private readonly siteRtt: Float64Array[];
  private readonly tables: (ShareTable | null)[];
  /** the CDN chosen by the last `route` call */
  lastTargetCdn = -1;
  /** the lane the last `route` call redirected over (-1: served by the primary itself) */
  lastLane = -1;
  /** admission and accounting of redirected traffic per arrangement */
  readonly lanes = new PeeringLanes();

  constructor(
    private readonly sites: readonly Site[],
    private readonly cdnCount: number,
    private readonly rtt: RttMatrix,
    /** one stream per primary CDN (`routing/<cdn>`): one CDN's routing never shifts another's draws */
    private readonly rngs: readonly RandomStream[],
    private readonly clock: SimClock,
  ) {
    const regions = rtt.regions.length;
    this.siteOrder = [];
    this.siteRtt = [];
    for (let cdn = 0; cdn < cdnCount; cdn++) {
      for (let region = 0; region < regions; region++) {
        const own = sites.filter((s) => s.cdn === cdn);
        own.sort((a, b) => rtt.rtt(region, a.region) - rtt.rtt(region, b.region) || a.index - b.index);
        this.siteOrder.push(Int32Array.from(own.map((s) => s.index)));
        this.siteRtt.push(Float64Array.from(own.map((s) => rtt.rtt(region, s.region))));
      }
    }
    this.tables = new Array<ShareTable | null>(cdnCount * regions).fill(null);
  }

  /** Set the share of the lane's primary's traffic from `region` that goes over `lane` (0 removes it). */
  setShare(lane: number, region: number, share: number): void {
    if (!(share >= 0 && share <= 1)) throw new RangeError(`routing share must be in [0, 1], got ${share}`);
    const primary = this.lanes.primary[lane];
    if (this.lanes.peer[lane] === primary) throw new RangeError('a CDN cannot hold a routing share of its own traffic');
    const key = primary * this.rtt.regions.length + region;
    const table = this.tables[key] ?? { lanes: [], shares: [], cumulative: new Float64Array(0), total: 0 };
    const at = table.lanes.indexOf(lane);
    if (at >= 0) table.shares[at] = share;
    else if (share > 0) {
      table.lanes.push(lane);
      table.shares.push(share);
    }
    for (let i = table.shares.length - 1; i >= 0; i--) {
      if (table.shares[i] > 0) continue;
      table.shares.splice(i, 1);
      table.lanes.splice(i, 1);
    }
    const total = table.shares.reduce((a, b) => a + b, 0);
    if (total > 1 + 1e-9) throw new RangeError(`routing shares of CDN ${primary} in region ${region} add up to ${total} > 1`);
    table.cumulative = new Float64Array(table.shares.length);
    let acc = 0;
    table.shares.forEach((s, i) => (table.cumulative[i] = acc += s));
    table.total = acc;
    this.tables[key] = table.total > 0 ? table : null;
  }

  /**
   * The site that serves a request from `region` for `primary`'s content, or -1 if no site can.
   * A peer with no site up, or whose lane admits no more now, leaves the request to the primary's
   * own sites. Sets `lastTargetCdn` and `lastLane`.
   */
  route(region: number, primary: number): number {
    const table = this.tables[primary * this.rtt.regions.length + region];
    if (table !== null) {
      const u = this.rngs[primary].next();
      if (u < table.total) {
        let i = 0;
        while (u >= table.cumulative[i]) i++;
        const lane = table.lanes[i];
        const peer = this.lanes.peer[lane];
        const peerSite = this.nearestUpSite(peer, region);
        if (peerSite >= 0 && this.lanes.admit(lane, this.clock.now)) {
          this.lastTargetCdn = peer;
          this.lastLane = lane;
          return peerSite;
        }
      }
    }
    this.lastTargetCdn = primary;
    this.lastLane = -1;
    return this.nearestUpSite(primary, region);
  }

  /** the nearest site of `cdn` to `region` that is up; among equally near ones, the least loaded */
  nearestUpSite(cdn: number, region: number): number {
    const key = cdn * this.rtt.regions.length + region;
    const order = this.siteOrder[key];
    const rtts = this.siteRtt[key];
    let best = -1;
    let bestRtt = Infinity;
    for (let i = 0; i < order.length; i++) {
      if (rtts[i] > bestRtt) break;
      const site = this.sites[order[i]];
      if (!site.up) continue;
      if (best < 0 || site.inSystem < this.sites[best].inSystem) {
        best = order[i];
        bestRtt = rtts[i];
      }
    }
    return best;
  }
}
