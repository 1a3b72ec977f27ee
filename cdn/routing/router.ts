// The request router: picks the CDN that serves a request (the primary, or a peer over one of its
// peering lanes by each lane's redirection rule, ./redirection-rule) and that CDN's nearest site that
// is up (ties: fewest requests in the site). Share-drawn lanes are tried first, by one uniform draw
// (a request the drawn lane's admission turns back spills to the next share lane that takes it); then, when the primary's serving site is down or its state triggers them, the conditional lanes
// (overflow, threshold, load-proximity). A lane that admits no more leaves the request to the next
// rule, and at last to the primary's own site. Routing shares and rules per lane are the actuators
// agents drive. Must not depend on agents or policies.
import type { RandomStream } from '../../core/random.js';
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import type { SimClock } from '../../core/clock.js';
import { PeeringLanes } from './peering-lanes.js';
import { RouteTable } from './route-table.js';
import { RULE_LOAD_PROXIMITY, RULE_OVERFLOW, type RedirectionRule } from './redirection-rule.js';
import { HealthChecks } from './health-checks.js';

/** `route` result: the request went to a peer believed up whose serving site is down: it fails (the user times out) */
export const ROUTE_FAILED = -2;

export class RequestRouter {
  /** nearest-first site indices per (cdn, region) */
  private readonly siteOrder: Int32Array[];
  private readonly siteRtt: Float64Array[];
  private readonly tables: (RouteTable | null)[];
  /** the largest round trip between two regions (ms; 1 if all are 0): the proximity scale */
  private readonly rttScale: number;
  private readonly ruleOf = (lane: number) => this.lanes.rule[lane];
  /** the CDN chosen by the last `route` call */
  lastTargetCdn = -1;
  /** the lane the last `route` call redirected over (-1: served by the primary itself) */
  lastLane = -1;
  /** admission and accounting of redirected traffic per arrangement */
  readonly lanes = new PeeringLanes();
  /** 1 for the CDNs the request being routed has passed (its cdn-path), set by ./cascade */
  readonly onPath: Uint8Array;
  /** lanes passed over because their peer was already on the request's path */
  loopsAvoided = 0;
  /** the primary's belief of each lane's peer, from health checks (./health-checks) */
  readonly health: HealthChecks;
  /** the first lane the last `route` call passed over because its peer was believed down (-1: none) */
  divertedFrom = -1;
  /** per CDN: 1 while a bounced request may not go back to it (set and cleared by ./failover) */
  readonly tried: Uint8Array;

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
    let maxRtt = 0;
    for (let cdn = 0; cdn < cdnCount; cdn++) {
      for (let region = 0; region < regions; region++) {
        const own = sites.filter((s) => s.cdn === cdn);
        own.sort((a, b) => rtt.rtt(region, a.region) - rtt.rtt(region, b.region) || a.index - b.index);
        this.siteOrder.push(Int32Array.from(own.map((s) => s.index)));
        this.siteRtt.push(Float64Array.from(own.map((s) => rtt.rtt(region, s.region))));
        for (const s of own) maxRtt = Math.max(maxRtt, rtt.rtt(region, s.region));
      }
    }
    this.rttScale = maxRtt > 0 ? maxRtt : 1;
    this.tables = new Array<RouteTable | null>(cdnCount * regions).fill(null);
    this.onPath = new Uint8Array(cdnCount);
    this.tried = new Uint8Array(cdnCount);
    const servingSite = (peer: number, region: number) => this.servingSite(peer, region);
    const siteRtt = (region: number, site: number) => rtt.rtt(region, sites[site].region);
    this.health = new HealthChecks(clock, regions, servingSite, siteRtt, (lane) => this.lanes.peer[lane]);
  }

  get regionCount(): number {
    return this.rtt.regions.length;
  }

  /** whether `cdn` has any lane with a share in `region` (a request reaching it there may go on) */
  routesOn(cdn: number, region: number): boolean {
    return this.tables[cdn * this.rtt.regions.length + region] !== null;
  }

  /** Set the share of the lane's primary's traffic from `region` that goes over `lane` (0 removes it). */
  setShare(lane: number, region: number, share: number): void {
    this.setShares(region, [{ lane, share }]);
  }

  /** Set several lanes' shares in `region` at once (lanes of one primary); their sum is checked after all of them. */
  setShares(region: number, updates: readonly { lane: number; share: number }[]): void {
    if (updates.length === 0) return;
    const primary = this.lanes.primary[updates[0].lane];
    for (const { lane, share } of updates) {
      if (!(share >= 0 && share <= 1)) throw new RangeError(`routing share must be in [0, 1], got ${share}`);
      if (this.lanes.primary[lane] !== primary) throw new RangeError('shares set together must be of lanes of one primary');
      if (this.lanes.peer[lane] === primary) throw new RangeError('a CDN cannot hold a routing share of its own traffic');
    }
    const key = primary * this.rtt.regions.length + region;
    const table = this.tables[key] ?? new RouteTable();
    try {
      table.setMany(updates, this.ruleOf);
    } catch (e) {
      throw new RangeError(`routing shares of CDN ${primary} in region ${region}: ${(e as Error).message}`);
    }
    this.tables[key] = table.empty ? null : table;
  }

  /** the largest share `lane` can hold in `region` beside the other share-drawn lanes there */
  shareRoom(lane: number, region: number): number {
    const table = this.tables[this.lanes.primary[lane] * this.rtt.regions.length + region];
    return table === null ? 1 : Math.max(0, 1 - table.total + table.drawnShare(lane));
  }

  /** Set the lane's redirection rule (and the slots a load-aware rule calls full load); refiles it where it has a share. */
  setRule(lane: number, rule: RedirectionRule, slots?: number): void {
    this.lanes.setRule(lane, rule, slots);
    const regions = this.rtt.regions.length;
    const primary = this.lanes.primary[lane];
    for (let region = 0; region < regions; region++) {
      const table = this.tables[primary * regions + region];
      if (table !== null && table.has(lane)) table.rebuild(this.ruleOf);
    }
  }

  /**
   * One hop: the site that serves a request from `region` that reached `primary` (its own user's,
   * or one redirected to it), over one of its lanes or at its own site; -1 if no site can. A lane
   * whose peer is on the request's path (`onPath`) is passed over (a loop avoided). Sets
   * `lastTargetCdn` and `lastLane`. Cascades of hops: ./cascade.
   */
  route(region: number, primary: number): number {
    this.divertedFrom = -1;
    const table = this.tables[primary * this.rtt.regions.length + region];
    if (table !== null) {
      if (table.total > 0) {
        const u = this.rngs[primary].next();
        if (u < table.total) {
          let i = 0;
          while (u >= table.cumulative[i]) i++;
          const site = this.redirectOver(table.drawn[i], region);
          if (site !== -1) return site;
          const spilled = table.drawn.length > 1 ? this.spill(table, i, region) : -1;
          if (spilled !== -1) return spilled;
        }
      }
      if (table.conditional.length > 0) {
        const own = this.nearestUpSite(primary, region);
        const site = this.redirectConditional(table, own, region);
        if (site !== -1) return site;
        this.lastTargetCdn = primary;
        this.lastLane = -1;
        return own;
      }
    }
    this.lastTargetCdn = primary;
    this.lastLane = -1;
    return this.nearestUpSite(primary, region);
  }

  /** a cached (DNS) answer: over `lane` if it still takes the request, else (or for lane -1) the primary's own site */
  routeOver(lane: number, region: number, primary: number): number {
    if (lane >= 0) {
      const site = this.redirectOver(lane, region);
      if (site >= 0) return site;
    }
    this.lastTargetCdn = primary;
    this.lastLane = -1;
    return this.nearestUpSite(primary, region);
  }

  /**
   * The peer's site a request goes to over `lane`, else -1 (the peer was tried by this request, its
   * admission turns it back, it has no site up, or the health checks believe it down); ROUTE_FAILED:
   * the lane is believed up and admits it, but the peer's serving site is down.
   */
  private redirectOver(lane: number, region: number): number {
    const peer = this.lanes.peer[lane];
    if (this.onPath[peer] === 1) {
      this.loopsAvoided++;
      return -1;
    }
    if (this.tried[peer] === 1) return -1;
    if (this.health.checked[lane] === 1) return this.redirectChecked(lane, peer, region);
    const peerSite = this.nearestUpSite(peer, region);
    if (peerSite < 0 || !this.lanes.admit(lane, this.clock.now)) return -1;
    this.lastTargetCdn = peer;
    this.lastLane = lane;
    return peerSite;
  }

  /** redirectOver for a lane with health checks: routed by the belief, not by the peer's sites */
  private redirectChecked(lane: number, peer: number, region: number): number {
    if (this.health.down[lane * this.rtt.regions.length + region] === 1) {
      if (this.divertedFrom < 0) this.divertedFrom = lane;
      return -1;
    }
    if (!this.lanes.admit(lane, this.clock.now)) return -1;
    this.lastTargetCdn = peer;
    this.lastLane = lane;
    const site = this.servingSite(peer, region);
    return site < 0 ? ROUTE_FAILED : site;
  }

  /**
   * A bounced request (./failover): the first lane of its primary's table in `region` whose peer it
   * has not tried and that takes it (share lanes, then conditional ones, in table order), else the
   * primary's own site.
   */
  reroute(region: number, primary: number): number {
    const table = this.tables[primary * this.rtt.regions.length + region];
    if (table !== null) {
      for (let i = 0; i < table.drawn.length; i++) {
        const site = this.redirectOver(table.drawn[i], region);
        if (site !== -1) return site;
      }
      for (let i = 0; i < table.conditional.length; i++) {
        const site = this.redirectOver(table.conditional[i], region);
        if (site !== -1) return site;
      }
    }
    this.lastTargetCdn = primary;
    this.lastLane = -1;
    return this.nearestUpSite(primary, region);
  }

  /** a request lane `from` turned back goes to the next share-drawn lane that takes it (in table order, wrapping), or -1 */
  private spill(table: RouteTable, from: number, region: number): number {
    const n = table.drawn.length;
    for (let j = 1; j < n; j++) {
      const site = this.redirectOver(table.drawn[(from + j) % n], region);
      if (site !== -1) return site;
    }
    return -1;
  }

  /** the first triggered overflow/threshold lane that takes the request, else the best load-proximity lane; -1: none */
  private redirectConditional(table: RouteTable, own: number, region: number): number {
    const lanes = this.lanes;
    const site = own >= 0 ? this.sites[own] : null;
    let best = -1;
    let bestScore = Infinity;
    for (let i = 0; i < table.conditional.length; i++) {
      const lane = table.conditional[i];
      const code = lanes.rule[lane];
      if (site !== null) {
        const k = lanes.trigger[lane];
        const triggered = code === RULE_OVERFLOW ? site.busy >= site.servers : site.inSystem >= (k < 0 ? site.servers : k);
        if (!triggered) continue;
      }
      const share = table.conditionalShare[i];
      if (share < 1 && this.rngs[lanes.primary[lane]].next() >= share) continue;
      if (code !== RULE_LOAD_PROXIMITY) {
        const peerSite = this.redirectOver(lane, region);
        if (peerSite !== -1) return peerSite;
        continue;
      }
      const load = lanes.inFlight[lane] / lanes.slots[lane];
      if (load >= 1) continue;
      if (this.onPath[lanes.peer[lane]] === 1) {
        this.loopsAvoided++;
        continue;
      }
      const peerSite = this.health.checked[lane] === 1 ? this.checkedSite(lane, region) : this.nearestUpSite(lanes.peer[lane], region);
      if (peerSite < 0) continue;
      const w = lanes.loadWeight[lane];
      const score = w * load + ((1 - w) * this.rtt.rtt(region, this.sites[peerSite].region)) / this.rttScale;
      if (score < bestScore) {
        bestScore = score;
        best = lane;
      }
    }
    return best >= 0 ? this.redirectOver(best, region) : -1;
  }

  /** load-proximity scoring of a lane with health checks: the peer's serving site as the primary sees it (-1: believed down) */
  private checkedSite(lane: number, region: number): number {
    if (this.health.down[lane * this.rtt.regions.length + region] === 1) return -1;
    const order = this.siteOrder[this.lanes.peer[lane] * this.rtt.regions.length + region];
    return order.length > 0 ? order[0] : -1;
  }

  /**
   * The site of `cdn` that serves `region` as the CDN itself maps it: among its nearest sites (equally
   * near), the least loaded one that is up; -1 if all of them are down (a peer's remapping to a
   * farther site is not modelled: its health checks see the nearest one down).
   */
  servingSite(cdn: number, region: number): number {
    const key = cdn * this.rtt.regions.length + region;
    const order = this.siteOrder[key];
    const rtts = this.siteRtt[key];
    let best = -1;
    for (let i = 0; i < order.length && rtts[i] === rtts[0]; i++) {
      const site = this.sites[order[i]];
      if (site.up && (best < 0 || site.inSystem < this.sites[best].inSystem)) best = order[i];
    }
    return best;
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
