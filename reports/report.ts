// report.json: the deterministic, machine-readable summary of one run (the contract in
// CONTRACT.md). A pure function of the RunResult: no wall-clock figures, stable key order.
// With a warm-up (`warmupS`), the run's figures count only requests that arrived after it, the
// timeline keeps every window and marks those inside it, and economics are the whole run's.
import { cdniBlock } from './cdni-logs.js';
import type { RunResult, CdnResult, FailoverRow, LatencyParts, LatencySummary, SiteResult } from './run-result.js';
import { arrangementContentEntry, contentEntry } from './content-report.js';

/** round to 6 decimals so the file stays readable; deterministic for a deterministic input */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function latency(l: LatencySummary) {
  return { mean: round(l.mean), p50: round(l.p50), p95: round(l.p95), p99: round(l.p99), max: round(l.max) };
}

const latencyOrNull = (l: LatencySummary | null) => (l === null ? null : latency(l));

/**
 * A CDN's money over the run: revenue from its content providers (per GB of its users' traffic,
 * wherever served) plus peering fees earned and penalties received; cost of its servers plus fees
 * paid to peers; penalties it paid for missed SLAs. Always the whole run, warm-up included: the
 * control plane settles fees and penalties over the whole run, so revenue and server cost are too.
 */
export function cdnEconomics(result: RunResult, cdn: CdnResult) {
  const spec = result.scenario.cdns.find((c) => c.id === cdn.id);
  if (!spec) throw new Error(`no CDN "${cdn.id}" in the scenario`);
  const money = result.control.money[cdn.id];
  const contentRevenue = (cdn.runOwnBytesServed / 1e9) * spec.economics.revenuePerGB;
  const revenue = contentRevenue + money.feesEarned + money.penaltiesReceived;
  const cost = cdn.servers * (result.durationS / 3600) * spec.economics.costPerServerHour + money.feesPaid;
  const penalties = money.penaltiesPaid;
  return {
    revenue: round(revenue),
    cost: round(cost),
    penalties: round(penalties),
    utility: round(revenue - cost - penalties),
    contentRevenue: round(contentRevenue),
    feesEarned: round(money.feesEarned),
    feesPaid: round(money.feesPaid),
    penaltiesReceived: round(money.penaltiesReceived),
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const maybe = (x: number | null) => (x === null ? null : round(x));

/** requests passed on from peer to peer; the control messages that cascaded when any did */
function cascadesEntry(c: RunResult['cascades']) {
  const control = c.control;
  return {
    servedByHops: [...c.servedByHops],
    loopsAvoided: c.loopsAvoided,
    hopLimited: c.hopLimited,
    ...(control === undefined
      ? {}
      : { control: { advertisements: { ...control.advertisements }, invalidations: { ...control.invalidations }, metadata: { ...control.metadata } } }),
  };
}

/** an arrangement's failover block (present only when its lane saw a detection, failure or bounce) */
function failoverEntry(f: FailoverRow) {
  return {
    detections: f.detections.map((d) => ({
      region: d.region,
      failureAtS: maybe(d.failureAtS),
      detectedAtS: round(d.detectedAtS),
      detectionS: maybe(d.detectionS),
      recoveredAtS: maybe(d.recoveredAtS),
    })),
    failedBeforeDetection: f.failedBeforeDetection,
    lostS: round(f.lostS),
    bounced: { siteFull: f.bounced.siteFull, acquisition: f.bounced.acquisition },
    failedOverToPeer: f.failedOverToPeer,
    sentHome: f.sentHome,
  };
}

/**
 * One entry per arrangement, as the primary held it (state, times, the capacity it agreed, every
 * resize) and as the peer saw it (`peerSide`: when it committed and released the capacity, why).
 * `capacityRps` is the capacity agreed at first; `capacity` has the first, largest and last.
 */
export function arrangementEntries(result: RunResult) {
  return result.control.arrangements.map((a) => ({
    id: a.id,
    primary: a.primary,
    peer: a.peer,
    term: a.term,
    origin: a.origin,
    state: a.state,
    requestedAtS: round(a.requestedAtS),
    agreedAtS: round(a.agreedAtS),
    endedAtS: maybe(a.endedAtS),
    endReason: a.endReason,
    capacityRps: round(a.capacityRps),
    capacity: { initialRps: round(a.capacityRps), peakRps: round(a.peakCapacityRps), finalRps: round(a.finalCapacityRps) },
    changes: a.changes.map((c) => ({ tS: round(c.tS), capacityRps: round(c.capacityRps), endS: round(c.endS) })),
    price: { perGB: round(a.pricePerGB), reservationPerRpsHour: round(a.reservationPerRpsHour) },
    servedRequests: Math.round(a.servedRequests),
    bytes: Math.round(a.bytes),
    slaViolations: a.slaViolations,
    detectedAtS: round(a.detectedAtS),
    activeAtS: maybe(a.activeAtS),
    firstRedirectAtS: maybe(a.firstRedirectAtS),
    regions: a.regions,
    replication: a.replication,
    p95TargetMs: a.p95TargetMs,
    fees: round(a.fees),
    penalties: round(a.penalties),
    predictor: a.predictor,
    predictedLatencyMs: maybe(a.predictedLatencyMs),
    deliveredLatencyMs: maybe(a.deliveredLatencyMs),
    reportedDeliveries: Math.round(a.reportedDeliveries),
    reportedBytes: Math.round(a.reportedBytes),
    resizes: a.resizes,
    extensions: a.extensions,
    ...(a.failover === undefined ? {} : { failover: failoverEntry(a.failover) }),
    peerSide:
      a.peerSide === null
        ? null
        : {
            state: a.peerSide.state,
            committedAtS: round(a.peerSide.committedAtS),
            activeAtS: maybe(a.peerSide.activeAtS),
            endedAtS: maybe(a.peerSide.endedAtS),
            endReason: a.peerSide.endReason,
            capacityRps: round(a.peerSide.capacityRps),
            servedRequests: Math.round(a.peerSide.servedRequests),
            bytes: Math.round(a.peerSide.bytes),
          },
    ...(a.content === undefined ? {} : { content: arrangementContentEntry(a.content) }),
  }));
}

export function negotiationSummary(result: RunResult) {
  const n = result.control.negotiations;
  const agreed = n.filter((x) => x.outcome === 'agreed');
  // contracts signed before the run were never detected nor negotiated: timings are of negotiated ones
  const arrangements = result.control.arrangements.filter((a) => a.origin === 'negotiated');
  const causes: Record<string, number> = {};
  for (const x of n) if (x.cause) causes[x.cause] = (causes[x.cause] ?? 0) + 1;
  return {
    started: n.length,
    agreed: agreed.length,
    rejected: n.filter((x) => x.outcome === 'rejected').length,
    failed: n.filter((x) => x.outcome === 'failed').length,
    open: n.filter((x) => x.outcome === 'open').length,
    messages: result.control.messages.sent,
    meanTimeToAgreementS: maybe(mean(agreed.map((x) => (x.endedAtS ?? x.startedAtS) - x.startedAtS))),
    meanDetectionToAgreementS: maybe(mean(arrangements.map((a) => a.agreedAtS - a.detectedAtS))),
    meanDetectionToFirstRedirectS: maybe(
      mean(arrangements.filter((a) => a.firstRedirectAtS !== null).map((a) => (a.firstRedirectAtS as number) - a.detectedAtS)),
    ),
    meanRounds: maybe(mean(n.filter((x) => x.outcome !== 'open').map((x) => x.rounds))),
    negotiatedArrangements: arrangements.length,
    contracts: result.control.arrangements.length - arrangements.length,
    causes,
    network: result.control.messages,
  };
}

/** how the chosen predictor's latency predictions compared with what peers delivered */
export function predictionSummary(result: RunResult) {
  const predicted = result.control.arrangements.filter((a) => a.predictedLatencyMs !== null);
  const pairs = predicted.filter((a) => a.deliveredLatencyMs !== null);
  const errors = pairs.map((a) => (a.deliveredLatencyMs as number) - (a.predictedLatencyMs as number));
  return {
    predictors: [...new Set(predicted.map((a) => a.predictor))].sort(),
    compared: pairs.length,
    meanErrorMs: maybe(mean(errors)),
    meanAbsoluteErrorMs: maybe(mean(errors.map(Math.abs))),
  };
}

/**
 * Whether peering could happen in this run. The honest rule: it is effectively off when the control
 * plane is off, or when every primary's policy can never seek a peer (its `primary.seek` is the
 * constant false, as `isolated`'s; RunResult.control.neverSeek). Contracts signed before the run
 * still redirect; they are not seeking.
 */
export function peeringStatus(result: RunResult) {
  const primaries = result.cdns.filter((c) => c.role === 'primary').map((c) => c.id);
  const neverSeek = result.control.enabled ? result.control.neverSeek : [];
  const seeking = primaries.filter((id) => !neverSeek.includes(id));
  return { enabled: result.control.enabled, seeks: result.control.enabled && seeking.length > 0, neverSeek };
}

function cdnEntry(result: RunResult, c: CdnResult) {
  const lookups = c.cache.hits + c.cache.misses;
  return {
    role: c.role,
    policy: result.policies[c.id] ?? null,
    servers: c.servers,
    arrived: c.arrived,
    served: c.served,
    servedForOthers: c.servedForOthers,
    rejected: c.rejected,
    failed: c.failed,
    own: {
      arrived: c.own.arrived,
      servedLocal: c.own.servedLocal,
      servedByPeers: c.own.servedByPeers,
      rejected: c.own.rejected,
      failed: c.own.failed,
      latencyMs: latency(c.own.latencyMs),
    },
    utilization: { mean: round(c.utilization.mean), max: round(c.utilization.max) },
    latencyMs: latency(c.latencyMs),
    waitMs: latency(c.waitMs),
    cacheHitRatio: lookups > 0 ? round(c.cache.hits / lookups) : null,
    economics: cdnEconomics(result, c),
  };
}

/** a site's queue over [warm-up, end], for checking Little's law (RunResult's SiteQueueing says what the edges leave) */
function siteEntry(s: SiteResult) {
  const q = s.queueing;
  return {
    cdn: s.cdn,
    site: s.site,
    region: s.region,
    servers: s.servers,
    queueing: {
      meanInSystem: round(q.meanInSystem),
      meanInQueue: round(q.meanInQueue),
      throughputPerS: round(q.throughputPerS),
      meanSojournS: round(q.meanSojournS),
      meanWaitS: round(q.meanWaitS),
      littleL: round(q.littleL),
    },
  };
}

export function buildReport(result: RunResult) {
  const r = result.requests;
  return {
    scenario: { name: result.scenario.name, hash: result.hash, seed: result.seed, overrides: [...result.overrides] },
    version: result.version,
    durationS: result.durationS,
    windowS: result.scenario.windowS,
    warmupS: result.warmupS,
    measure: { topK: result.measure.topK, requestLog: result.measure.requestLog },
    requests: {
      arrived: r.arrived,
      served: r.served,
      servedLocal: r.servedLocal,
      servedByPeers: r.servedByPeers,
      rejected: r.rejected,
      failed: r.failed,
      inFlightAtEnd: r.inFlightAtEnd,
      rejectedShare: r.arrived > 0 ? round(r.rejected / r.arrived) : 0,
      waitedShare: r.served > 0 ? round(r.waited / r.served) : 0,
      topK: { k: r.topK.k, requests: r.topK.requests, share: r.arrived > 0 ? round(r.topK.requests / r.arrived) : 0 },
      hotSet: { requests: r.hotSet, share: r.arrived > 0 ? round(r.hotSet / r.arrived) : 0 },
    },
    latencyMs: latency(result.latencyMs),
    waitMs: { mean: round(result.waitMs.mean), p95: round(result.waitMs.p95), p99: round(result.waitMs.p99), max: round(result.waitMs.max) },
    latencyBreakdown: {
      own: roundedParts(result.latencyBreakdown.own),
      redirected: roundedParts(result.latencyBreakdown.redirected),
      all: roundedParts(result.latencyBreakdown.all),
    },
    cascades: cascadesEntry(result.cascades),
    surges: {
      periods: result.scenario.surges.map((p) => ({ region: p.region, cdn: p.cdn, startS: round(p.startS), endS: round(p.endS) })),
      latencyMs: { during: latencyOrNull(result.surges.latencyMs.during), outside: latencyOrNull(result.surges.latencyMs.outside) },
      served: { ...result.surges.served },
    },
    load: {
      workloads: result.load.workloads.map((w) => ({
        region: w.region,
        cdn: w.cdn,
        process: w.process,
        expected: round(w.expected),
        arrived: w.arrived,
        trace: w.trace,
        windows: w.windows === null ? null : w.windows.map((x) => ({ tS: round(x.tS), expected: round(x.expected), arrived: x.arrived })),
      })),
      regions: result.load.regions.map((r) => ({
        tS: round(r.tS),
        region: r.region,
        offeredPerS: round(r.offeredPerS),
        arrivedPerS: round(r.arrivedPerS),
        servedPerS: round(r.servedPerS),
        distinctClients: r.distinctClients,
      })),
    },
    cdns: Object.fromEntries(result.cdns.map((c) => [c.id, cdnEntry(result, c)])),
    sites: result.sites.map(siteEntry),
    peering: { ...peeringStatus(result), policies: result.control.policies },
    arrangements: arrangementEntries(result),
    ...(result.cdni === undefined ? {} : { cdni: cdniBlock(result.cdni) }),
    negotiations: negotiationSummary(result),
    predictions: predictionSummary(result),
    ...(result.content === undefined ? {} : { content: contentEntry(result.content) }),
    timeline: result.timeline.map((t) => ({
      tS: round(t.tS),
      arrivalsPerS: round(t.arrivalsPerS),
      servedLocal: t.servedLocal,
      servedByPeers: t.servedByPeers,
      rejected: t.rejected,
      failed: t.failed,
      latencyP95Ms: round(t.latencyP95Ms),
      activeArrangements: t.activeArrangements,
      arrived: t.arrived,
      latencyMeanMs: round(t.latencyMeanMs),
      latencyP50Ms: round(t.latencyP50Ms),
      latencyP99Ms: round(t.latencyP99Ms),
      waitMeanMs: round(t.waitMeanMs),
      waitedShare: round(t.waitedShare),
      warmup: t.warmup,
      topKRequests: t.topKRequests,
      topKShare: round(t.topKShare),
      hotSetRequests: t.hotSetRequests,
      hotSetShare: round(t.hotSetShare),
    })),
  };
}

export type Report = ReturnType<typeof buildReport>;

/** the exact bytes of report.json */
export function renderReportJson(result: RunResult): string {
  return JSON.stringify(buildReport(result), null, 2) + '\n';
}

/** latency parts with every mean rounded like the rest of report.json */
function roundedParts(p: LatencyParts): LatencyParts {
  return {
    requests: p.requests,
    networkMs: round(p.networkMs),
    redirectionMs: round(p.redirectionMs),
    queueingMs: round(p.queueingMs),
    serviceMs: round(p.serviceMs),
    acquisitionMs: round(p.acquisitionMs),
  };
}
