// report.json: the deterministic, machine-readable summary of one run (the contract in
// CONTRACT.md). A pure function of the RunResult: no wall-clock figures, stable key order.
import type { RunResult, CdnResult, LatencySummary } from './run-result.js';

/** round to 6 decimals so the file stays readable; deterministic for a deterministic input */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function latency(l: LatencySummary) {
  return { mean: round(l.mean), p50: round(l.p50), p95: round(l.p95), p99: round(l.p99), max: round(l.max) };
}

export function cdnEconomics(result: RunResult, cdn: CdnResult) {
  const spec = result.scenario.cdns.find((c) => c.id === cdn.id);
  if (!spec) throw new Error(`no CDN "${cdn.id}" in the scenario`);
  const revenue = (cdn.ownBytesServed / 1e9) * spec.economics.revenuePerGB;
  const cost = cdn.servers * (result.durationS / 3600) * spec.economics.costPerServerHour;
  const penalties = 0;
  return { revenue: round(revenue), cost: round(cost), penalties, utility: round(revenue - cost - penalties) };
}

function cdnEntry(result: RunResult, c: CdnResult) {
  const lookups = c.cache.hits + c.cache.misses;
  return {
    role: c.role,
    servers: c.servers,
    arrived: c.arrived,
    served: c.served,
    servedForOthers: c.servedForOthers,
    rejected: c.rejected,
    failed: c.failed,
    own: c.own,
    utilization: { mean: round(c.utilization.mean), max: round(c.utilization.max) },
    latencyMs: latency(c.latencyMs),
    cacheHitRatio: lookups > 0 ? round(c.cache.hits / lookups) : null,
    economics: cdnEconomics(result, c),
  };
}

export function buildReport(result: RunResult) {
  const r = result.requests;
  return {
    scenario: { name: result.scenario.name, hash: result.hash, seed: result.seed },
    version: result.version,
    durationS: result.durationS,
    windowS: result.scenario.windowS,
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
    },
    latencyMs: latency(result.latencyMs),
    waitMs: { mean: round(result.waitMs.mean), p95: round(result.waitMs.p95), p99: round(result.waitMs.p99), max: round(result.waitMs.max) },
    cdns: Object.fromEntries(result.cdns.map((c) => [c.id, cdnEntry(result, c)])),
    arrangements: [] as unknown[],
    negotiations: { started: 0, agreed: 0, rejected: 0, failed: 0, messages: 0, meanTimeToAgreementS: null as number | null },
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
    })),
  };
}

export type Report = ReturnType<typeof buildReport>;

/** the exact bytes of report.json */
export function renderReportJson(result: RunResult): string {
  return JSON.stringify(buildReport(result), null, 2) + '\n';
}
