// The data plane: wires sites, caches, the router, workload sources and metrics onto the clock, and
// runs every request through arrival → routing → queue → service → departure. A cache miss adds the
// acquisition (round trip + size ÷ bandwidth of its source: content/acquisition.ts) to the user's
// latency; a stale copy is checked by content/versions.ts. Hot-path handlers are preallocated objects; a request is an index into RequestTable.
// A request's class (warm-up, during a surge, outside) is fixed at its arrival, by one comparison with
// the end of the current piece of a timeline built at start, and kept in its record.
// Must not depend on xstate, mathjs, agents, policies or reports.
import { DEFAULT_TOP_K, type DataPlaneSpec } from './spec.js';
import type { EventHandler, SimClock } from '../core/clock.js';
import type { StreamFactory } from '../core/random.js';
import { RttMatrix } from './network.js';
import { Catalog } from './content/catalog.js';
import { LruCache } from './content/lru-cache.js';
import { createServiceTime, type ServiceTime } from './service-time.js';
import { Site } from './site.js';
import { RequestRouter, ROUTE_FAILED } from './routing/router.js';
import type { Failover } from './routing/failover.js';
import { SlaControllers } from './routing/sla-controller.js';
import { OwnService } from './measure/own-service.js';
import { SiteFaults } from './site-faults.js';
import type { Cascade } from './routing/cascade.js';
import { ArrivalRouting } from './routing/arrival-routing.js';
import { LatencyBreakdown } from './measure/latency-breakdown.js';
import { RequestTable } from './requests.js';
import type { ArrivalSource } from './workload/source.js';
import { createSources, type OpenTrace } from './workload/sources.js';
import { RegionLoad } from './measure/region-load.js';
import { Metrics } from './measure/metrics.js';
import { ArrivalClasses, IN_WARMUP } from './measure/arrival-class.js';
import { surgePeriods, type SurgePeriod } from './measure/surges.js';
import { HotObjects } from './content/hot-objects.js';
import { ContentPlane } from './content/content-plane.js';
import { OUTCOME_FAILED, OUTCOME_REJECTED, OUTCOME_SERVED, OUTCOME_UNROUTED, RequestLog } from './measure/request-log.js';
import { OfferedDemand } from './measure/offered-demand.js';
import { createEnforcement, type MetadataEnforcement } from './metadata/enforcement.js';
import { REFUSED_NONE } from './metadata/token-verdicts.js';
import { readCdnSensors, readSiteSensors, readTimelineRow, type CdnSensors, type TimelineRow } from './measure/sensors.js';

export interface DataPlaneOptions {
  /** replace the service-time model of a site (by site index); for exact hand-computed traces */
  serviceTimes?: (ServiceTime | undefined)[];
  /** number of active arrangements, shown in the timeline (the control plane provides it) */
  activeArrangements?: () => number;
  /** opens a trace file's lines (count series, logs, request lists): the composition root provides it */
  openTrace?: OpenTrace;
  /** called for every finished request (tests and traces only; costs a call per request) */
  onDeparture?: (d: { siteIndex: number; arrivalS: number; startS: number; departureS: number }) => void;
}

export interface WindowRecord {
  timeline: TimelineRow;
  cdns: CdnSensors[];
}

export class DataPlane {
  readonly rtt: RttMatrix;
  readonly catalog: Catalog;
  readonly sites: Site[] = [];
  readonly router: RequestRouter;
  readonly requests = new RequestTable();
  readonly metrics: Metrics;
  readonly sources: readonly ArrivalSource[];
  readonly cdnIds: string[];
  readonly windows: WindowRecord[] = [];
  /** what each CDN's own users ask for most (pre-positioning reads it) */
  readonly hot: HotObjects;
  /** requests that arrive before this time count in no statistic of the run (0: none) */
  readonly warmupS: number;
  /** the workload's flash crowds, start to end of ramp-down, cut to the run */
  readonly surges: SurgePeriod[];
  /** arrivals for objects 0 … topK − 1 (the most popular) are counted per window */
  readonly topK: number;
  /** objects in some event's hot set (set by the workload) */
  readonly hotSetMember: Uint8Array;
  /** one row per request, when the scenario asks for it (measure.requestLog); else null */
  readonly requestLog: RequestLog | null;
  /** offered load, arrivals, served requests and distinct clients per region and window, and each workload's expected vs generated arrivals */
  readonly regionLoad: RegionLoad;
  /** what each CDN's own sites delivered to its own users (the SLA controller reads it) */
  readonly ownService: OwnService;
  /** the SLA-targeting controllers of lanes with an `sla` rule */
  readonly slaControllers: SlaControllers;
  /** CDNI metadata enforcement, token states and delivery records (null: the scenario uses none of it) */
  readonly cdni: MetadataEnforcement | null;
  /** acquisition sources, content versions and changes, timed pre-positioning */
  readonly content: ContentPlane;
  private readonly faults: SiteFaults;
  /** where users' latency goes (network, redirection, queueing, service, acquisition) */
  readonly latencyBreakdown = new LatencyBreakdown();
  /** how arrivals find their site: HTTP or DNS routing, failover, cascades, redirection costs */
  readonly arrivals: ArrivalRouting;
  /** requests passed on from peer to peer (hop lists, hop limit, loops avoided) */
  readonly cascade: Cascade;
  /** bounces and failures of redirected requests (health checks live in the router) */
  readonly failover: Failover;
  /** served requests by the hops they took (index 0: served by their primary), after the warm-up */
  readonly servedByHops: Float64Array;
  /** the service time (s) the arrival being admitted brings (NaN: the site's model draws one) */
  private arrivingServiceS = NaN;
  private readonly classes: ArrivalClasses;
  private readonly offeredDemand: OfferedDemand;
  private readonly windowListeners: ((record: WindowRecord) => void)[] = [];
  private windowStartS = 0;
  private readonly departureObserver: DataPlaneOptions['onDeparture'];
  private readonly arrivalHandler: EventHandler = { fire: (source) => this.onArrival(source) };
  private readonly departureHandler: EventHandler = { fire: (request) => this.complete(request) };
  private readonly windowHandler: EventHandler = { fire: () => this.closeWindow() };
  private readonly warmupHandler: EventHandler = { fire: () => this.sites.forEach((s) => s.endWarmup()) };

  constructor(
    readonly scenario: DataPlaneSpec,
    readonly clock: SimClock,
    streams: StreamFactory,
    private readonly options: DataPlaneOptions = {},
  ) {
    this.departureObserver = options.onDeparture;
    this.warmupS = scenario.warmupS ?? 0;
    if (!(this.warmupS >= 0 && this.warmupS < scenario.durationS)) {
      throw new RangeError(`warm-up of ${this.warmupS} s: it must be ≥ 0 and shorter than the run (${scenario.durationS} s)`);
    }
    this.surges = surgePeriods(scenario);
    this.cdnIds = scenario.cdns.map((c) => c.id);
    this.classes = new ArrivalClasses(this.warmupS, this.surges);
    this.rtt = new RttMatrix(scenario.network, scenario.regions);
    const workload = createSources(scenario, streams, {
      regionOf: (name) => this.rtt.indexOf(name),
      cdnOf: (id) => this.cdnIndex(id),
      catalog: (added) => new Catalog(scenario.catalog, streams.stream('catalog/sizes'), added),
      openTrace: options.openTrace,
    });
    this.catalog = workload.catalog;
    this.sources = workload.sources;
    this.hotSetMember = workload.hotSetMember;
    this.topK = scenario.measure?.topK ?? Math.min(DEFAULT_TOP_K, this.catalog.objects);
    this.requestLog = scenario.measure?.requestLog === true ? new RequestLog() : null;
    if (this.requestLog !== null) this.requests.enableLogRows();
    this.createSites(streams);
    const routing = this.cdnIds.map((id) => streams.stream(`routing/${id}`));
    this.router = new RequestRouter(this.sites, this.cdnIds.length, this.rtt, routing, clock);
    this.arrivals = new ArrivalRouting(scenario, this.router, this.sites, this.rtt, streams, this.cdnIds);
    this.cascade = this.arrivals.cascade;
    this.failover = this.arrivals.failover;
    this.servedByHops = new Float64Array(this.cascade.deepest + 1);
    if (this.cascade.deepest > 1) this.requests.enableHops(this.cascade.deepest - 1);
    this.ownService = new OwnService(this.cdnIds.length);
    this.slaControllers = new SlaControllers(clock, this.router, this.ownService, scenario.durationS);
    scenario.routing.forEach((r, i) => this.applyRoutingSpec(r, i));
    const ownUsers = this.cdnIds.map((id) => scenario.workload.some((w) => w.cdn === id));
    const hasSites = this.cdnIds.map((_, i) => this.sites.some((s) => s.cdn === i));
    this.metrics = new Metrics(this.cdnIds.length, { ownUsers, hasSites });
    this.hot = new HotObjects(this.catalog.objects, ownUsers);
    this.regionLoad = new RegionLoad(scenario.regions.length, this.sources);
    this.offeredDemand = new OfferedDemand(this.sources, this.router, this.sites.length);
    this.faults = new SiteFaults(this);
    this.cdni = createEnforcement(scenario, streams, this.requests, this.router.lanes, this.cdnIds);
    const parts = { clock, streams, rtt: this.rtt, sites: this.sites, sizeBytes: this.catalog.sizeBytes, baseObjects: this.catalog.baseObjects };
    this.content = new ContentPlane(scenario, { ...parts, nearestUpSite: (cdn, region) => this.router.nearestUpSite(cdn, region) });
  }

  cdnIndex(id: string): number {
    const i = this.cdnIds.indexOf(id);
    if (i < 0) throw new Error(`unknown CDN "${id}" (known: ${this.cdnIds.join(', ')})`);
    return i;
  }

  /** requests/s a site can serve: servers ÷ mean service time of a mean-sized object */
  siteCapacity(siteIndex: number): number {
    const site = this.sites[siteIndex];
    return site.servers / site.serviceTime.meanSeconds(this.catalog.meanSizeBytes());
  }

  /** call `listener` with every window's sensors, right after the window closes */
  onWindow(listener: (record: WindowRecord) => void): void {
    this.windowListeners.push(listener);
  }

  /** schedule the first arrivals, the window boundaries and the faults */
  start(): void {
    const horizon = this.scenario.durationS;
    for (const source of this.sources) {
      if (source.advance(horizon)) this.clock.scheduleAt(source.nextS, this.arrivalHandler, source.index);
    }
    this.clock.scheduleAt(Math.min(this.scenario.windowS, horizon), this.windowHandler);
    if (this.warmupS > 0) this.clock.scheduleAt(this.warmupS, this.warmupHandler);
    this.faults.schedule(horizon);
    this.content.start(horizon);
  }

  /** after the clock reached the end: close a last partial window */
  finish(): void {
    if (this.clock.now > this.windowStartS) this.closeWindow();
  }

  /** requests in flight now that count in the run's statistics (a scan: for the end of a run) */
  countedInFlight(): number {
    return this.requests.inFlightExcept(IN_WARMUP);
  }

  /** a request of `primary`'s users in `region` for `object` arrives now */
  admit(region: number, primary: number, object: number): void {
    const now = this.clock.now;
    const tag = this.classes.at(now);
    const warm = tag === IN_WARMUP;
    this.metrics.arrival(primary, warm);
    const counts = warm ? this.metrics.warmWindow : this.metrics.window;
    if (object < this.topK) counts.topK++;
    if (this.hotSetMember[object] === 1) counts.hotSet++;
    this.hot.record(primary, object);
    this.regionLoad.arrived[region]++;
    const log = this.requestLog;
    const row = log === null ? -1 : log.arrive(now, primary);
    const siteIndex = this.arrivals.route(region, primary, now);
    if (siteIndex < 0) {
      this.metrics.failure(primary, warm);
      if (log !== null) log.end(row, siteIndex === ROUTE_FAILED ? OUTCOME_FAILED : OUTCOME_UNROUTED, now);
      return;
    }
    if (log !== null) log.site[row] = siteIndex;
    const cdni = this.cdni;
    const seq = cdni !== null && this.router.lastLane >= 0 ? cdni.admitOverLane(this.cascade.chain, this.cascade.hops, region, object, now) : -1;
    if (cdni !== null && seq >= 0 && cdni.refusedCause !== REFUSED_NONE) {
      // refused by the peer's metadata (the user gets a 403): failed, not rejected for capacity
      this.metrics.failure(primary, warm);
      if (log !== null) log.end(row, OUTCOME_FAILED, now);
      return;
    }
    const site = this.sites[siteIndex];
    site.winArrived++;
    if (warm) site.warmupArrived++;
    if (!site.hasFreeServer() && !site.hasRoomToWait()) {
      site.winRejected++;
      if (warm) site.warmupRejected++;
      this.metrics.rejection(primary, warm);
      if (this.router.lastLane >= 0) for (let i = 0; i < this.cascade.hops; i++) this.router.lanes.rejected[this.cascade.chain[i]]++;
      else this.ownService.rejected[primary]++;
      if (seq >= 0) (cdni as MetadataEnforcement).rejected(object, region, now);
      if (log !== null) log.end(row, OUTCOME_REJECTED, now);
      return;
    }
    const req = this.requests;
    const request = req.allocate();
    req.arrivalS[request] = now;
    req.object[request] = object;
    req.primary[request] = primary;
    req.site[request] = siteIndex;
    this.arrivals.recordHops(req, request);
    req.tag[request] = tag;
    req.departureHandle[request] = -1;
    req.region[request] = region;
    req.serviceS[request] = this.arrivingServiceS;
    let redirectionMs = this.arrivals.redirectionMs;
    if (seq >= 0) {
      // on-the-fly metadata: the request waits for the peer's MI fetch (a part of being redirected)
      redirectionMs += (cdni as MetadataEnforcement).waitMs;
      (cdni as MetadataEnforcement).keep(req, request, seq);
    }
    req.redirectionMs[request] = redirectionMs;
    req.extraMs[request] = this.rtt.rtt(region, site.region) + redirectionMs;
    if (log !== null) (req.logRow as Int32Array)[request] = row;
    if (site.hasFreeServer()) this.startService(request, site);
    else {
      site.accrue();
      site.enqueue(request);
    }
  }

  private startService(request: number, site: Site): void {
    const now = this.clock.now;
    const req = this.requests;
    site.accrue();
    site.busy++;
    req.serviceStartS[request] = now;
    if (this.requestLog !== null) this.requestLog.startS[(req.logRow as Int32Array)[request]] = now;
    const object = req.object[request];
    const bytes = this.catalog.sizeBytes[object];
    req.acquisitionMs[request] = 0;
    if (site.cache !== null) {
      const lane = req.lane[request];
      const versions = this.content.versions;
      let hit = site.cache.access(object);
      if (versions !== null) hit = versions.served(hit, site, object, lane, now);
      if (req.tag[request] === IN_WARMUP) {
        if (hit) site.warmupCacheHits++;
        else site.warmupCacheMisses++;
      }
      // a miss: the surrogate fetches from its source while it serves (cut-through), so acquisition
      // adds to what the user waits but does not hold a server longer
      if (!hit) {
        const ms = this.content.acquisitions.acquire(site, bytes, lane, req.primary[request]);
        req.acquisitionMs[request] = ms;
        req.extraMs[request] += ms;
      }
    }
    const given = req.serviceS[request];
    const seconds = given === given ? given : site.serviceTime.seconds(bytes); // NaN ≠ NaN: no service time given
    req.departureHandle[request] = this.clock.scheduleAt(now + seconds, this.departureHandler, request);
  }

  private complete(request: number): void {
    const now = this.clock.now;
    const req = this.requests;
    const site = this.sites[req.site[request]];
    site.accrue();
    site.busy--;
    site.winServed++;
    this.regionLoad.served[req.region[request]]++;
    const arrival = req.arrivalS[request];
    const start = req.serviceStartS[request];
    const object = req.object[request];
    const metrics = this.metrics;
    metrics.latencyMs = (now - arrival) * 1000 + req.extraMs[request];
    metrics.waitMs = (start - arrival) * 1000;
    metrics.bytes = this.catalog.sizeBytes[object];
    const primary = req.primary[request];
    const tag = req.tag[request];
    const waitS = start - arrival;
    const sojournS = now - arrival;
    site.winWaitSumS += waitS;
    site.winSojournSumS += sojournS;
    const lane = req.lane[request];
    const hops = lane < 0 ? 0 : 1 + req.cascaded[request];
    if (tag === IN_WARMUP) site.warmupServed++;
    else {
      site.countedWaitSumS += waitS;
      site.countedSojournSumS += sojournS;
      const redirectionMs = req.redirectionMs[request];
      const acquisitionMs = req.acquisitionMs[request];
      const networkMs = req.extraMs[request] - redirectionMs - acquisitionMs;
      this.latencyBreakdown.add(lane >= 0, networkMs, redirectionMs, waitS * 1000, (now - start) * 1000, acquisitionMs);
      this.servedByHops[hops]++;
    }
    metrics.served(primary, site.cdn, tag);
    if (lane >= 0) {
      const lanes = this.router.lanes;
      lanes.recordServed(lane, metrics.latencyMs, metrics.bytes, now);
      if (this.cdni !== null) this.cdni.delivered(req, request, now, metrics.bytes);
      lanes.inFlight[lane]--;
      for (let i = 1; i < hops; i++) {
        const later = req.laterHops[request * req.hopWidth + i - 1];
        lanes.recordServed(later, metrics.latencyMs, metrics.bytes, now);
        lanes.inFlight[later]--;
      }
    } else if (site.cdn === primary) this.ownService.record(primary, metrics.latencyMs);
    if (this.requestLog !== null) this.requestLog.end((req.logRow as Int32Array)[request], OUTCOME_SERVED, now);
    if (this.departureObserver !== undefined) this.departureObserver({ siteIndex: site.index, arrivalS: arrival, startS: start, departureS: now });
    req.release(request);
    if (site.queued > 0) this.startService(site.dequeue(), site);
  }

  private onArrival(sourceIndex: number): void {
    const source = this.sources[sourceIndex];
    const object = source.pickObject();
    this.regionLoad.sourceArrival(sourceIndex, source.region, source.client);
    this.arrivingServiceS = source.serviceS;
    if (this.cdni !== null) this.cdni.arriving(sourceIndex);
    this.admit(source.region, source.cdn, object);
    this.arrivingServiceS = NaN;
    if (source.advance(this.scenario.durationS)) this.clock.scheduleAt(source.nextS, this.arrivalHandler, sourceIndex);
  }

  private closeWindow(): void {
    const now = this.clock.now;
    const windowS = now - this.windowStartS;
    this.metrics.foldWindow();
    const warmup = now <= this.warmupS;
    const timeline = readTimelineRow(this.metrics, this.windowStartS, windowS, this.options.activeArrangements?.() ?? 0, warmup);
    const offered = this.offeredDemand.closeWindow();
    this.regionLoad.closeWindow(this.windowStartS, now);
    const siteSensors = this.sites.map((s) => {
      s.accrue();
      return readSiteSensors(s, this.scenario.regions[s.region], windowS, offered[s.index]);
    });
    const cdns = this.cdnIds.map((id, i) =>
      readCdnSensors(
        i,
        id,
        siteSensors.filter((_, k) => this.sites[k].cdn === i),
        this.metrics,
        this.windowStartS,
        windowS,
      ),
    );
    const record = { timeline, cdns };
    this.windows.push(record);
    for (const s of this.sites) s.resetWindow();
    this.hot.decay();
    this.metrics.clearWindow();
    this.windowStartS = now;
    const next = Math.min(now + this.scenario.windowS, this.scenario.durationS);
    if (next > now) this.clock.scheduleAt(next, this.windowHandler);
    for (const listener of this.windowListeners) listener(record);
  }

  /** a site goes down: every request in it fails; the router stops sending it new ones */
  takeDown(site: Site): void {
    this.faults.takeDown(site);
  }

  private createSites(streams: StreamFactory): void {
    this.scenario.cdns.forEach((cdn, cdnIndex) => {
      for (const spec of cdn.sites) {
        const index = this.sites.length;
        const rng = streams.stream(`site/${cdn.id}/${spec.id}/service`);
        const serviceTime = this.options.serviceTimes?.[index] ?? createServiceTime(spec.serviceTime, rng);
        const cache = spec.cache ? new LruCache(spec.cache.capacityBytes, this.catalog.objects, this.catalog.sizeBytes) : null;
        const queueLimit = spec.queueLimit === null ? Infinity : spec.queueLimit;
        const region = this.rtt.indexOf(spec.region);
        this.sites.push(new Site(this.clock, index, spec.id, cdnIndex, region, spec.servers, queueLimit, serviceTime, cache));
      }
    });
  }

  /** a static routing entry of the scenario: a lane of its own with its rule, admitting everything routed to it */
  private applyRoutingSpec(r: DataPlaneSpec['routing'][number], index: number): void {
    const peer = this.cdnIndex(r.to);
    const lane = this.router.lanes.openStatic(`routing-${index + 1}:${r.cdn}>${r.to}`, this.cdnIndex(r.cdn), peer);
    const regions = r.region === null ? this.scenario.regions.map((_, i) => i) : [this.rtt.indexOf(r.region)];
    const rule = r.rule ?? { kind: 'share' };
    this.router.setRule(lane, rule, r.slots ?? this.defaultSlots(peer, regions));
    if (r.mode !== undefined) this.router.lanes.recursive[lane] = r.mode === 'recursive' ? 1 : 0;
    const checks = this.scenario.network.healthChecks;
    if (checks !== undefined) this.router.health.start(lane, regions, checks);
    if (rule.kind === 'sla') this.slaControllers.start(lane, rule, regions, r.share);
    else for (const region of regions) this.router.setShare(lane, region, r.share);
  }

  /** the servers of the peer's site nearest the first region (at least 1): a static lane's full load */
  private defaultSlots(peer: number, regions: number[]): number {
    const site = regions.length > 0 ? this.router.nearestUpSite(peer, regions[0]) : -1;
    return site < 0 ? 1 : Math.max(1, this.sites[site].servers);
  }
}
