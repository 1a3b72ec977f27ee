// CSV writers: timeline.csv (one row per window: the run-wide figures, then each CDN's utilization,
// arrivals and p95). Every row carries the scenario name, hash and seed, so files concatenate.
import type { RunResult } from './run-result.js';
import { round } from './report.js';

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function renderTimelineCsv(result: RunResult): string {
  const cdnIds = result.cdns.map((c) => c.id);
  const perCdn = ['utilization', 'arrivalsPerS', 'rejectedPerS', 'latencyP95Ms'] as const;
  const header = [
    'scenario', 'hash', 'seed', 'tS', 'arrivalsPerS', 'arrived', 'servedLocal', 'servedByPeers', 'rejected', 'failed',
    'latencyMeanMs', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'waitMeanMs', 'activeArrangements',
    ...cdnIds.flatMap((id) => perCdn.map((f) => `${id}.${f}`)),
  ];
  const rows = result.timeline.map((t, w) => {
    const cdnRows = result.cdnTimeline.slice(w * cdnIds.length, (w + 1) * cdnIds.length);
    return [
      result.scenario.name, result.hash, result.seed, round(t.tS), round(t.arrivalsPerS), t.arrived, t.servedLocal,
      t.servedByPeers, t.rejected, t.failed, round(t.latencyMeanMs), round(t.latencyP50Ms), round(t.latencyP95Ms),
      round(t.latencyP99Ms), round(t.waitMeanMs), t.activeArrangements,
      ...cdnRows.flatMap((c) => perCdn.map((f) => round(c[f]))),
    ];
  });
  return toCsv(header, rows);
}

/** arrangements.csv: one row per arrangement, with its timing, terms, outcome and delivered QoS */
export function renderArrangementsCsv(result: RunResult): string {
  const header = [
    'scenario', 'hash', 'seed', 'id', 'primary', 'peer', 'term', 'state', 'endReason', 'detectedAtS', 'requestedAtS', 'agreedAtS',
    'activeAtS', 'firstRedirectAtS', 'endedAtS', 'capacityRps', 'pricePerGB', 'servedRequests', 'slaViolations', 'fees', 'penalties',
    'predictor', 'predictedLatencyMs', 'deliveredLatencyMs', 'replication', 'resizes',
  ];
  const opt = (x: number | null) => (x === null ? null : round(x));
  const rows = result.control.arrangements.map((a) => [
    result.scenario.name, result.hash, result.seed, a.id, a.primary, a.peer, a.term, a.state, a.endReason, round(a.detectedAtS),
    round(a.requestedAtS), round(a.agreedAtS), opt(a.activeAtS), opt(a.firstRedirectAtS), opt(a.endedAtS), round(a.capacityRps),
    round(a.pricePerGB), Math.round(a.servedRequests), a.slaViolations, round(a.fees), round(a.penalties), a.predictor,
    opt(a.predictedLatencyMs), opt(a.deliveredLatencyMs), a.replication, a.resizes,
  ]);
  return toCsv(header, rows);
}
