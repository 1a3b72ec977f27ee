// Turns a finished data plane into the plain-data RunResult (totals, per-CDN and per-site figures,
// timelines per window, per window × CDN and per window × site, each CDN's policy).
// The run's figures count only requests that arrived at or after the warm-up (the data plane keeps
// them apart); the timelines keep every window whole. Reads the data plane's metrics once at the
// end of a run; never on the hot path.
import { basename } from 'node:path';
import type { DataPlane } from '../cdn/data-plane.js';
import type { ControlPlane } from '../agents/control-plane.js';
import { arrangementsWithContent, contentResult } from './collect-content.js';
import type { LatencyHistogram } from '../core/histogram.js';
import { OUTCOME_NAMES } from '../cdn/measure/request-log.js';
import { cdniResultOf } from './cdni-collect.js';
import type { CdnResult, CdnWindowRow, LatencySummary, RequestLogColumns, RunResult, SiteQueueing, SiteResult, SiteWindowRow } from '../reports/run-result.js';
import type { Scenario } from './types.js';
import { DEFAULT_POLICY } from './policies.js';
import { withFailover } from './collect-failover.js';
import { controlCascadeOf } from './collect-cascade.js';

function summarize(h: LatencyHistogram): LatencySummary {
  return { mean: h.mean(), p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99), max: h.max() };
}

const summarizeOrNull = (h: LatencyHistogram): LatencySummary | null => (h.count === 0 ? null : summarize(h));

/** The largest value (0 for none); a loop, since spreading 10^5+ values into Math.max overflows the stack. */
function maxOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

function cdnResult(dp: DataPlane, i: number): CdnResult {
  const spec = dp.scenario.cdns[i];
  const t = dp.metrics.cdnTotal;
  const sites = dp.sites.filter((s) => s.cdn === i);
  const measured = dp.windows.filter((w) => !w.timeline.warmup).map((w) => w.cdns[i].utilization);
  const siteSum = (pick: (s: DataPlane['sites'][number]) => number) => sites.reduce((n, s) => n + pick(s), 0);
  const servers = siteSum((s) => s.servers);
  const busyAfterWarmup = siteSum((s) => s.cumulativeBusyArea() - s.busyAreaInWarmup);
  return {
    id: spec.id,
    role: spec.role,
    servers,
    capacityRps: siteSum((s) => dp.siteCapacity(s.index)),
    arrived: siteSum((s) => s.totalArrived - s.warmupArrived),
    served: t.served[i],
    servedForOthers: t.servedForOthers[i],
    rejected: siteSum((s) => s.totalRejected - s.warmupRejected),
    failed: siteSum((s) => s.totalFailed - s.warmupFailed),
    own: {
      arrived: t.ownArrived[i],
      servedLocal: t.ownServedLocal[i],
      servedByPeers: t.ownServedByPeers[i],
      rejected: t.ownRejected[i],
      failed: t.ownFailed[i],
      latencyMs: summarize(dp.metrics.ownTotalLatency[i]),
    },
    utilization: {
      mean: servers > 0 ? busyAfterWarmup / (servers * (dp.scenario.durationS - dp.warmupS)) : 0,
      max: maxOf(measured),
    },
    latencyMs: summarize(dp.metrics.cdnTotalLatency[i]),
    waitMs: { ...summarize(dp.metrics.cdnTotalWait[i]), mean: t.served[i] > 0 ? t.waitSumMs[i] / t.served[i] : 0 },
    bytesServed: t.bytesServed[i],
    ownBytesServed: t.ownBytes[i],
    runOwnBytesServed: t.ownBytes[i] + dp.metrics.cdnWarmTotal.ownBytes[i],
    cache: {
      hits: siteSum((s) => (s.cache?.hits ?? 0) - s.warmupCacheHits),
      misses: siteSum((s) => (s.cache?.misses ?? 0) - s.warmupCacheMisses),
    },
  };
}

type Window = DataPlane['windows'][number];

function cdnWindowRows(windows: readonly Window[]): CdnWindowRow[] {
  return windows.flatMap((w) =>
    w.cdns.map((c) => ({
      tS: c.tS,
      windowS: c.windowS,
      cdn: c.cdn,
      arrivalsPerS: c.arrivalsPerS,
      servedPerS: c.servedPerS,
      servedForOthersPerS: c.servedForOthersPerS,
      rejectedPerS: c.rejectedPerS,
      utilization: c.utilization,
      meanQueue: c.meanQueue,
      meanWaitMs: c.meanWaitMs,
      latencyP95Ms: c.latencyP95Ms,
      latencyP50Ms: c.latencyP50Ms,
      latencyP99Ms: c.latencyP99Ms,
      ownLatencyP50Ms: c.ownLatencyP50Ms,
      ownLatencyP95Ms: c.ownLatencyP95Ms,
      warmup: w.timeline.warmup,
      arrived: c.sites.reduce((n, s) => n + s.arrived, 0),
      served: c.served,
      servedForOthers: c.servedForOthers,
      rejected: c.sites.reduce((n, s) => n + s.rejected, 0),
      failed: c.sites.reduce((n, s) => n + s.failed, 0),
      own: { ...c.own },
    })),
  );
}

function siteWindowRows(windows: readonly Window[]): SiteWindowRow[] {
  return windows.flatMap((w) =>
    w.cdns.flatMap((c) =>
      c.sites.map((s) => ({
        tS: c.tS,
        windowS: c.windowS,
        cdn: c.cdn,
        site: s.site,
        region: s.region,
        upAtEnd: s.up,
        warmup: w.timeline.warmup,
        offeredDemand: s.offeredDemand,
        arrived: s.arrived,
        served: s.served,
        rejected: s.rejected,
        failed: s.failed,
        utilization: s.utilization,
        meanQueue: s.meanQueue,
        meanInSystem: s.meanInSystem,
        meanWaitMs: s.meanWaitMs,
        meanSojournMs: s.meanSojournMs,
        queueAtEnd: s.queueNow,
      })),
    ),
  );
}

function siteResults(dp: DataPlane): SiteResult[] {
  return dp.sites.map((s) => ({
    cdn: dp.cdnIds[s.cdn],
    site: s.id,
    region: dp.scenario.regions[s.region],
    servers: s.servers,
    capacityRps: dp.siteCapacity(s.index),
    queueing: siteQueueing(dp, s),
  }));
}

/** the site's queue over [warm-up, end] (see SiteQueueing for what Little's law leaves at the edges) */
function siteQueueing(dp: DataPlane, s: DataPlane['sites'][number]): SiteQueueing {
  const measuredS = dp.scenario.durationS - dp.warmupS;
  const busy = s.cumulativeBusyArea() - s.busyAreaInWarmup;
  const waiting = s.cumulativeQueueArea() - s.queueAreaInWarmup;
  const served = s.cumulativeServed() - s.warmupServed;
  const meanSojournS = served > 0 ? s.countedSojournSumS / served : 0;
  return {
    meanInSystem: (busy + waiting) / measuredS,
    meanInQueue: waiting / measuredS,
    throughputPerS: served / measuredS,
    meanSojournS,
    meanWaitS: served > 0 ? s.countedWaitSumS / served : 0,
    littleL: (served / measuredS) * meanSojournS,
  };
}

/** the request log's rows written (views of its columns, not copies) */
function requestLogOf(dp: DataPlane): RequestLogColumns | null {
  const log = dp.requestLog;
  if (log === null) return null;
  const n = log.rows;
  return {
    arrivalS: log.arrivalS.subarray(0, n),
    startS: log.startS.subarray(0, n),
    departureS: log.departureS.subarray(0, n),
    primary: log.primary.subarray(0, n),
    site: log.site.subarray(0, n),
    outcome: log.outcome.subarray(0, n),
    cdnIds: [...dp.cdnIds],
    sites: dp.sites.map((s) => ({ id: s.id, cdn: dp.cdnIds[s.cdn] })),
    outcomeNames: [...OUTCOME_NAMES],
  };
}

/** the policy each CDN's agent ran; with peering disabled, the scenario's choice or the default */
function policiesOf(dp: DataPlane, cp: ControlPlane | null): Record<string, string> {
  const ran = new Map(cp?.agents.map((a) => [a.env.id, a.env.policy.name]) ?? []);
  return Object.fromEntries(dp.scenario.cdns.map((c) => [c.id, ran.get(c.id) ?? c.policy ?? DEFAULT_POLICY[c.role]]));
}

/** primaries whose policy's `primary.seek` is the constant false (as `isolated`'s): they never seek */
function primariesThatNeverSeek(dp: DataPlane, cp: ControlPlane | null): string[] {
  if (cp === null) return [];
  const never = new Set(
    cp.agents
      .filter((a) => {
        const seek = a.env.policy.definition.primary?.seek;
        return seek === false || (typeof seek === 'string' && seek.trim() === 'false');
      })
      .map((a) => a.env.id),
  );
  return dp.scenario.cdns.filter((c) => c.role === 'primary' && never.has(c.id)).map((c) => c.id);
}

/** the offered load per region and window, and each workload's expected vs generated arrivals (./region-load) */
function loadResult(dp: DataPlane): RunResult['load'] {
  const windows = dp.regionLoad.windows;
  const regions = windows.flatMap((w) =>
    dp.scenario.regions.map((region, r) => ({
      tS: w.tS,
      windowS: w.windowS,
      region,
      offeredPerS: w.windowS > 0 ? w.expected[r] / w.windowS : 0,
      arrivedPerS: w.windowS > 0 ? w.arrived[r] / w.windowS : 0,
      servedPerS: w.windowS > 0 ? w.served[r] / w.windowS : 0,
      distinctClients: w.clients[r],
    })),
  );
  const workloads = dp.scenario.workload.map((spec, i) => {
    const base = spec.base;
    const trace = 'trace' in base ? base.trace : null;
    return {
      region: spec.region,
      cdn: spec.cdn,
      process: base.process,
      expected: windows.reduce((n, w) => n + w.workloadExpected[i], 0),
      arrived: dp.sources[i].arrivals,
      trace:
        trace === null
          ? null
          : { file: basename(trace.path), sha256: trace.sha256, lines: trace.lines, malformed: trace.malformed, malformedLines: [...trace.malformedLines] },
      windows: base.process === 'series' ? windows.map((w) => ({ tS: w.tS, expected: w.workloadExpected[i], arrived: w.workloadArrived[i] })) : null,
    };
  });
  return { regions, workloads };
}

/** requests passed on from peer to peer, and the control messages that cascaded (when any did) */
function cascadesOf(dp: DataPlane, cp: ControlPlane | null): RunResult['cascades'] {
  const control = controlCascadeOf(cp);
  return { servedByHops: [...dp.servedByHops], loopsAvoided: dp.router.loopsAvoided, hopLimited: dp.cascade.hopLimited, ...(control ? { control } : {}) };
}

export function collectRunResult(
  dp: DataPlane,
  cp: ControlPlane | null,
  meta: { scenario: Scenario; seed: number; hash: string; version: string; events: number; overrides: readonly string[] },
): RunResult {
  const total = dp.metrics.total;
  const served = total.servedLocal + total.servedByPeers;
  const wait = summarize(dp.metrics.totalWait);
  const m = dp.metrics;
  const arrangements = arrangementsWithContent(dp, cp?.ledger.joined() ?? []);
  const content = contentResult(dp, arrangements);
  return {
    scenario: { ...meta.scenario, surges: dp.surges },
    hash: meta.hash,
    seed: meta.seed,
    version: meta.version,
    overrides: [...meta.overrides],
    durationS: dp.scenario.durationS,
    warmupS: dp.warmupS,
    events: meta.events,
    load: loadResult(dp),
    requests: {
      arrived: total.arrived,
      served,
      servedLocal: total.servedLocal,
      servedByPeers: total.servedByPeers,
      rejected: total.rejected,
      failed: total.failed,
      inFlightAtEnd: dp.countedInFlight(),
      waited: total.waited,
      topK: { k: dp.topK, requests: total.topK },
      hotSet: total.hotSet,
    },
    measure: { topK: dp.topK, requestLog: dp.scenario.measure?.requestLog ?? false },
    requestLog: requestLogOf(dp),
    latencyMs: { ...summarize(dp.metrics.totalLatency), mean: served > 0 ? total.latencySumMs / served : 0 },
    waitMs: { ...wait, mean: served > 0 ? total.waitSumMs / served : 0 },
    latencyBreakdown: dp.latencyBreakdown.means(),
    cascades: cascadesOf(dp, cp),
    surges: {
      latencyMs: { during: summarizeOrNull(m.surgeLatency), outside: summarizeOrNull(m.outsideLatency) },
      served: { during: m.surgeLatency.count, outside: m.outsideLatency.count },
    },
    cdns: dp.cdnIds.map((_, i) => cdnResult(dp, i)),
    timeline: dp.windows.map((w) => w.timeline),
    cdnTimeline: cdnWindowRows(dp.windows),
    sites: siteResults(dp),
    siteTimeline: siteWindowRows(dp.windows),
    policies: policiesOf(dp, cp),
    ...(dp.cdni === null ? {} : { cdni: cdniResultOf(dp, cp) }),
    control: {
      enabled: cp !== null,
      arrangements: withFailover(dp, arrangements),
      negotiations: cp?.ledger.negotiations ?? [],
      money: Object.fromEntries(dp.cdnIds.map((id) => [id, cp?.ledger.moneyOf(id) ?? { feesPaid: 0, feesEarned: 0, penaltiesPaid: 0, penaltiesReceived: 0 }])),
      messages: { sent: cp?.network.sent ?? 0, delivered: cp?.network.delivered ?? 0, lost: cp?.network.lost ?? 0, dropped: cp?.network.dropped ?? 0 },
      policies: Object.fromEntries(cp?.agents.map((a) => [a.env.id, a.env.policy.name]) ?? []),
      neverSeek: primariesThatNeverSeek(dp, cp),
    },
    ...(content === undefined ? {} : { content }),
  };
}
