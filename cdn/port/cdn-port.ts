// A CDN's port: the one narrow interface between its agent (control plane) and its data plane.
// Sensors: a per-pass sample of its own sites and users, the static facts of its own sites, and
// per arrangement what its lane carried. Actuators: routing shares per arrangement (as primary),
// admission per arrangement (as peer), pre-position and purge in its own caches, the SLA threshold
// a lane counts slow requests by. An agent holds its port and nothing else of the data plane: it
// cannot reach another CDN's sites, and it cannot act on a lane it is not a side of.
// Must not depend on agents, policies or reports.
import type { DataPlane } from '../data-plane.js';
import { CdnProbe, type CdnSample } from './probe.js';
import { preposition, purge } from '../content/replication.js';
import type { RedirectionRule } from '../routing/redirection-rule.js';
import type { RedirectionModeName } from '../spec.js';
import type { HealthCheckSettings } from '../routing/health-checks.js';
import type { FailoverReading } from '../routing/failover.js';
import { MetadataPort } from './metadata-port.js';
import { ContentPort } from './content-port.js';

export type { RedirectionRule } from '../routing/redirection-rule.js';
export { SLA_GAIN, SLA_INTERVAL_S } from '../routing/redirection-rule.js';

/** what its own site is, as its agent knows it */
export interface OwnSite {
  siteIndex: number;
  region: string;
  servers: number;
  capacityRps: number;
  /** mean service time of a mean-sized object (s) */
  meanServiceS: number;
}

/** what an arrangement's lane carried so far (cumulative) */
export interface LaneReading {
  served: number;
  slow: number;
  rejected: number;
  bytes: number;
  latencySumMs: number;
  /** time of its first served request (null: none yet) */
  firstServedS: number | null;
}

export type { CdnSample, SiteSample } from './probe.js';
export type { HealthCheckSettings } from '../routing/health-checks.js';
export type { FailoverReading } from '../routing/failover.js';
export type { ContentChange, LaneContentReading, PrepositionFetch } from './content-port.js';

export class CdnPort {
  private readonly probe: CdnProbe;
  /** its own sites, fixed for the run */
  readonly sites: readonly OwnSite[];
  /** regions of its own users (where its workload comes from), by name */
  readonly userRegions: readonly string[];
  readonly regions: readonly string[];
  /** CDNI metadata: its own configuration, the peer's actuators on a lane, the primary's redirect ledger */
  readonly metadata: MetadataPort;
  /** acquisition sources, timed pre-positioning, invalidations, content changes (./content-port) */
  readonly content: ContentPort;

  constructor(
    private readonly dp: DataPlane,
    readonly index: number,
  ) {
    this.probe = new CdnProbe(dp, index);
    const meanBytes = dp.catalog.meanSizeBytes();
    this.sites = dp.sites
      .filter((s) => s.cdn === index)
      .map((s) => ({
        siteIndex: s.index,
        region: dp.scenario.regions[s.region],
        servers: s.servers,
        capacityRps: dp.siteCapacity(s.index),
        meanServiceS: s.serviceTime.meanSeconds(meanBytes),
      }));
    this.regions = dp.scenario.regions;
    const own = new Set(dp.sources.filter((s) => s.cdn === index).map((s) => s.region));
    this.userRegions = [...own].sort((a, b) => a - b).map((r) => dp.scenario.regions[r]);
    this.metadata = new MetadataPort(dp, index, (lane, role) => this.side(lane, role));
    this.content = new ContentPort(dp, index, (lane, role) => this.side(lane, role));
  }

  get cdn(): string {
    return this.dp.cdnIds[this.index];
  }

  // ── sensors ────────────────────────────────────────────────────────────────────────────────

  /** its own sites and users since the last sample (one object, refilled by the next call) */
  sample(): CdnSample {
    return this.probe.sample();
  }

  /** whether samples work out latency (p95 and mean); off, they carry NaN for it */
  sampleLatency(on: boolean): void {
    this.probe.readsLatency = on;
  }

  /** the site of its own that users of `region` are sent to now (nearest that is up), or -1 */
  servingSite(region: string): number {
    return this.dp.router.nearestUpSite(this.index, this.regionIndex(region));
  }

  /** requests/s one of its own sites can serve */
  siteCapacity(siteIndex: number): number {
    this.ownSite(siteIndex);
    return this.dp.siteCapacity(siteIndex);
  }

  /** round-trip time between two regions (ms): public knowledge of the network */
  rttMs(a: string, b: string): number {
    return this.dp.rtt.rtt(this.regionIndex(a), this.regionIndex(b));
  }

  /** the `n` objects its own users ask for most now, hottest first */
  hotObjects(n: number): number[] {
    return this.dp.hot.top(this.index, n);
  }

  get catalogObjects(): number {
    return this.dp.catalog.objects;
  }

  /** the lane of an arrangement it is a side of (opened on first use) */
  lane(arrangementId: string, primary: string, peer: string): number {
    const [p, q] = [this.dp.cdnIndex(primary), this.dp.cdnIndex(peer)];
    if (p !== this.index && q !== this.index) throw new RangeError(`CDN ${this.cdn} is no side of arrangement ${arrangementId}`);
    return this.dp.router.lanes.laneFor(arrangementId, p, q);
  }

  /** what the lane carried so far */
  readLane(lane: number): LaneReading {
    this.side(lane);
    const l = this.dp.router.lanes;
    return {
      served: l.served[lane],
      slow: l.slow[lane],
      rejected: l.rejected[lane],
      bytes: l.bytes[lane],
      latencySumMs: l.latencySumMs[lane],
      firstServedS: l.firstServedS[lane] >= 0 ? l.firstServedS[lane] : null,
    };
  }

  /** requests served over the lane so far (the cheap reading for per-pass load) */
  laneServed(lane: number): number {
    this.side(lane);
    return this.dp.router.lanes.served[lane];
  }

  /** as primary: whether its health checks take the lane's peer for down in `region` */
  laneBelievedDown(lane: number, region: string): boolean {
    this.side(lane, 'primary');
    return this.dp.router.health.believedDown(lane, this.regionIndex(region));
  }

  /** what failover did on the lane so far: requests failed before detection, bounced, sent elsewhere */
  readFailover(lane: number): FailoverReading {
    this.side(lane);
    return this.dp.failover.read(lane);
  }

  // ── actuators ──────────────────────────────────────────────────────────────────────────────

  /** as primary: the share of its users' requests from `region` redirected over the lane */
  setRouting(lane: number, region: string, share: number): void {
    this.setRoutingShares(region, [{ lane, share }]);
  }

  /** as primary: several lanes' shares in `region` at once (their sum may pass through no more than 1 in between) */
  setRoutingShares(region: string, shares: readonly { lane: number; share: number }[]): void {
    for (const { lane } of shares) this.side(lane, 'primary');
    this.dp.router.setShares(this.regionIndex(region), shares);
  }

  /** as primary: the lane's redirection rule; `slots` (≥ 1) is the in-flight count a load-aware rule calls full */
  setRedirection(lane: number, rule: RedirectionRule, slots = 1): void {
    this.side(lane, 'primary');
    this.dp.router.setRule(lane, rule, slots);
  }

  /** as primary: start the SLA controller of a lane with an `sla` rule in `regions` (it sets the lane's shares there) */
  startSlaController(lane: number, regions: readonly string[]): void {
    this.side(lane, 'primary');
    const rule = this.dp.router.lanes.rules[lane];
    if (rule.kind !== 'sla') throw new RangeError(`lane ${lane} has a ${rule.kind} rule, not sla`);
    this.dp.slaControllers.start(
      lane,
      rule,
      regions.map((r) => this.regionIndex(r)),
      0,
    );
  }

  /** whether the lane's SLA controller runs */
  slaControllerRunning(lane: number): boolean {
    this.side(lane, 'primary');
    return this.dp.slaControllers.running(lane);
  }

  /** as primary: stop the lane's SLA controller (its shares go to 0) */
  stopSlaController(lane: number): void {
    this.side(lane, 'primary');
    this.dp.slaControllers.stop(lane);
  }

  /** as peer: the redirection modes it supports (FCI.RedirectionMode), or null when the scenario does not say */
  ownRedirectionModes(): readonly RedirectionModeName[] | null {
    return this.dp.scenario.cdns[this.index].redirectionModes ?? null;
  }

  /** as primary: the lane's redirection is iterative (the user asks the peer's router) or recursive (the primary asks it) */
  setRedirectionMode(lane: number, mode: 'iterative' | 'recursive'): void {
    this.side(lane, 'primary');
    this.dp.router.lanes.recursive[lane] = mode === 'recursive' ? 1 : 0;
  }

  /** whether its request routing is DNS-based (network.redirection.via) */
  get routesByDns(): boolean {
    return this.dp.scenario.network.redirection.via === 'dns';
  }

  /** as primary: a redirected request slower than this counts against the lane's SLA */
  setSlowThreshold(lane: number, ms: number): void {
    this.side(lane, 'primary');
    this.dp.router.lanes.slowAboveMs[lane] = ms;
  }

  /** as primary: probe the lane's peer in `regions` (its routing follows what the probes say from now) */
  startHealthChecks(lane: number, regions: readonly string[], settings: HealthCheckSettings): void {
    this.side(lane, 'primary');
    const checks = this.dp.scenario.network.healthChecks ?? settings;
    this.dp.router.health.start(
      lane,
      regions.map((r) => this.regionIndex(r)),
      checks,
    );
  }

  /** as primary: stop probing the lane (its arrangement ended) */
  stopHealthChecks(lane: number): void {
    this.side(lane, 'primary');
    this.dp.router.health.stop(lane);
  }

  /** as peer: admit up to `rps` requests/s over the lane (0 closes it) */
  setAdmission(lane: number, rps: number): void {
    this.side(lane, 'peer');
    this.dp.router.lanes.setAdmission(lane, rps, this.dp.clock.now);
  }

  /** place objects in every cache of its own (CI/T preposition) */
  preposition(objects: readonly number[]): void {
    preposition(this.dp.sites, this.index, objects);
  }

  /** remove objects from every cache of its own (CI/T purge) */
  purge(objects: readonly number[]): void {
    purge(this.dp.sites, this.index, objects);
  }

  private regionIndex(region: string): number {
    return this.dp.rtt.indexOf(region);
  }

  private ownSite(siteIndex: number): void {
    if (this.dp.sites[siteIndex]?.cdn !== this.index) throw new RangeError(`site ${siteIndex} is not CDN ${this.cdn}'s`);
  }

  private side(lane: number, role?: 'primary' | 'peer'): void {
    const lanes = this.dp.router.lanes;
    if (lane < 0 || lane >= lanes.count) throw new RangeError(`no lane ${lane}`);
    const isPrimary = lanes.primary[lane] === this.index;
    const isPeer = lanes.peer[lane] === this.index;
    if (role === 'primary' ? !isPrimary : role === 'peer' ? !isPeer : !isPrimary && !isPeer) {
      throw new RangeError(`CDN ${this.cdn} is not the ${role ?? 'primary or peer'} of lane ${lane}`);
    }
  }
}
