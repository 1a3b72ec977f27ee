// Sensors: at the end of each window, what each CDN's data plane tells its own agent (arrivals,
// utilization, queues, rejections, latency percentiles, per site with its own users' offered demand),
// and the run-wide timeline row.
// Read once per window, never per request, after Metrics.foldWindow: a window's sensors count every
// request of it, warm-up or not. Must not depend on agents, policies or reports.
import type { Metrics } from './metrics.js';
import type { Site } from '../site.js';

export interface SiteSensors {
  /** the site's index in the data plane */
  siteIndex: number;
  site: string;
  region: string;
  up: boolean;
  servers: number;
  utilization: number;
  /** time-average number waiting over the window (request-seconds waiting ÷ window) */
  meanQueue: number;
  /** time-average number in the site, in service or waiting ((busy + waiting request-seconds) ÷ window) */
  meanInSystem: number;
  /** mean wait for a server and mean time in the site (departure − arrival, no network time) of the requests served in the window (0 for none) */
  meanWaitMs: number;
  meanSojournMs: number;
  queueNow: number;
  arrived: number;
  served: number;
  rejected: number;
  failed: number;
  /**
   * requests of this CDN's own users whose nearest up site this was at the window's close, whether
   * they were then served here, redirected to a peer or rejected (the demand the site was offered)
   */
  offeredDemand: number;
}

/** this CDN's own users' requests in the window, by outcome, wherever they were served */
export interface OwnWindowCounts {
  arrived: number;
  servedLocal: number;
  servedByPeers: number;
  rejected: number;
  failed: number;
}

export interface CdnSensors {
  cdn: string;
  tS: number;
  windowS: number;
  /** requests reaching this CDN's sites per second (own and redirected to it) */
  arrivalsPerS: number;
  /** requests of this CDN's own users per second (wherever they were served) */
  ownArrivalsPerS: number;
  servedPerS: number;
  servedForOthersPerS: number;
  rejectedPerS: number;
  failedPerS: number;
  /** busy server-seconds ÷ (servers × window) */
  utilization: number;
  meanQueue: number;
  queueNow: number;
  /** mean wait for a server of the requests its sites served in the window (0 for none) */
  meanWaitMs: number;
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  /** latency of its own users' requests that finished in the window, wherever they were served (0 for none) */
  ownLatencyP50Ms: number;
  ownLatencyP95Ms: number;
  /** counts of the window: requests served by its sites, of those for other primaries; its own users' */
  served: number;
  servedForOthers: number;
  own: OwnWindowCounts;
  sites: SiteSensors[];
}

export interface TimelineRow {
  tS: number;
  /** the window's length (the last one may be shorter) */
  windowS: number;
  arrivalsPerS: number;
  arrived: number;
  servedLocal: number;
  servedByPeers: number;
  rejected: number;
  failed: number;
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  waitMeanMs: number;
  /** share of the window's served requests that waited for a server */
  waitedShare: number;
  activeArrangements: number;
  /** arrivals (every outcome) for one of the top-k objects (index < k), and their share of the window's arrivals (0 for none) */
  topKRequests: number;
  topKShare: number;
  /** arrivals for an object in some event's hot set, and their share of the window's arrivals (0 for none) */
  hotSetRequests: number;
  hotSetShare: number;
  /** the window lies inside the warm-up (it ends at or before it): its requests count in no run statistic */
  warmup: boolean;
}

export function readSiteSensors(site: Site, regionName: string, windowS: number, offeredDemand = 0): SiteSensors {
  return {
    siteIndex: site.index,
    site: site.id,
    region: regionName,
    up: site.up,
    servers: site.servers,
    utilization: site.busyArea / (site.servers * windowS),
    meanQueue: site.queueArea / windowS,
    meanInSystem: (site.busyArea + site.queueArea) / windowS,
    meanWaitMs: site.winServed > 0 ? (site.winWaitSumS / site.winServed) * 1000 : 0,
    meanSojournMs: site.winServed > 0 ? (site.winSojournSumS / site.winServed) * 1000 : 0,
    queueNow: site.queued,
    arrived: site.winArrived,
    served: site.winServed,
    rejected: site.winRejected,
    failed: site.winFailed,
    offeredDemand,
  };
}

export function readCdnSensors(cdnIndex: number, cdnId: string, sites: SiteSensors[], metrics: Metrics, tS: number, windowS: number): CdnSensors {
  let servers = 0;
  let busy = 0;
  let queueArea = 0;
  let queueNow = 0;
  let arrived = 0;
  let rejected = 0;
  let failed = 0;
  for (const s of sites) {
    servers += s.servers;
    busy += s.utilization * s.servers;
    queueArea += s.meanQueue;
    queueNow += s.queueNow;
    arrived += s.arrived;
    rejected += s.rejected;
    failed += s.failed;
  }
  const h = metrics.cdnWindowLatency[cdnIndex];
  const own = metrics.ownWindowLatency[cdnIndex];
  const c = metrics.cdnWindow;
  return {
    cdn: cdnId,
    tS,
    windowS,
    arrivalsPerS: arrived / windowS,
    ownArrivalsPerS: c.ownArrived[cdnIndex] / windowS,
    servedPerS: c.served[cdnIndex] / windowS,
    servedForOthersPerS: c.servedForOthers[cdnIndex] / windowS,
    rejectedPerS: rejected / windowS,
    failedPerS: failed / windowS,
    utilization: servers > 0 ? busy / servers : 0,
    meanQueue: queueArea,
    queueNow,
    meanWaitMs: c.served[cdnIndex] > 0 ? c.waitSumMs[cdnIndex] / c.served[cdnIndex] : 0,
    latencyMeanMs: h.mean(),
    latencyP50Ms: h.percentile(50),
    latencyP95Ms: h.percentile(95),
    latencyP99Ms: h.percentile(99),
    ownLatencyP50Ms: own.percentile(50),
    ownLatencyP95Ms: own.percentile(95),
    served: c.served[cdnIndex],
    servedForOthers: c.servedForOthers[cdnIndex],
    own: {
      arrived: c.ownArrived[cdnIndex],
      servedLocal: c.ownServedLocal[cdnIndex],
      servedByPeers: c.ownServedByPeers[cdnIndex],
      rejected: c.ownRejected[cdnIndex],
      failed: c.ownFailed[cdnIndex],
    },
    sites,
  };
}

export function readTimelineRow(metrics: Metrics, tS: number, windowS: number, activeArrangements: number, warmup: boolean): TimelineRow {
  const w = metrics.window;
  const served = w.servedLocal + w.servedByPeers;
  const h = metrics.windowLatency;
  return {
    tS,
    windowS,
    arrivalsPerS: w.arrived / windowS,
    arrived: w.arrived,
    servedLocal: w.servedLocal,
    servedByPeers: w.servedByPeers,
    rejected: w.rejected,
    failed: w.failed,
    latencyMeanMs: served > 0 ? w.latencySumMs / served : 0,
    latencyP50Ms: h.percentile(50),
    latencyP95Ms: h.percentile(95),
    latencyP99Ms: h.percentile(99),
    waitMeanMs: served > 0 ? w.waitSumMs / served : 0,
    waitedShare: served > 0 ? w.waited / served : 0,
    activeArrangements,
    topKRequests: w.topK,
    topKShare: w.arrived > 0 ? w.topK / w.arrived : 0,
    hotSetRequests: w.hotSet,
    hotSetShare: w.arrived > 0 ? w.hotSet / w.arrived : 0,
    warmup,
  };
}
