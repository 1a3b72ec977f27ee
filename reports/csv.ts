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

/** arrangements.csv: one row per arrangement, with its timing, terms, capacity (first, largest, last), outcome on both sides and delivered QoS */
export function renderArrangementsCsv(result: RunResult): string {
  const header = [
    'scenario', 'hash', 'seed', 'id', 'primary', 'peer', 'term', 'origin', 'state', 'endReason', 'detectedAtS', 'requestedAtS', 'agreedAtS',
    'activeAtS', 'firstRedirectAtS', 'endedAtS', 'capacityRps', 'peakCapacityRps', 'finalCapacityRps', 'pricePerGB', 'servedRequests',
    'bytes', 'slaViolations', 'fees', 'penalties', 'predictor', 'predictedLatencyMs', 'deliveredLatencyMs', 'replication', 'resizes',
    'extensions', 'peerState', 'peerEndReason', 'peerEndedAtS',
  ];
  const opt = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x));
  const rows = result.control.arrangements.map((a) => [
    result.scenario.name, result.hash, result.seed, a.id, a.primary, a.peer, a.term, a.origin, a.state, a.endReason, round(a.detectedAtS),
    round(a.requestedAtS), round(a.agreedAtS), opt(a.activeAtS), opt(a.firstRedirectAtS), opt(a.endedAtS), round(a.capacityRps),
    round(a.peakCapacityRps), round(a.finalCapacityRps), round(a.pricePerGB), Math.round(a.servedRequests), Math.round(a.bytes),
    a.slaViolations, round(a.fees), round(a.penalties), a.predictor, opt(a.predictedLatencyMs), opt(a.deliveredLatencyMs), a.replication,
    a.resizes, a.extensions, a.peerSide?.state ?? null, a.peerSide?.endReason ?? null, opt(a.peerSide?.endedAtS),
  ]);
  return toCsv(header, rows);
}

/** arrangement-changes.csv: every capacity or time-frame change of every arrangement, with its time (the first row of each is the agreement) */
export function renderArrangementChangesCsv(result: RunResult): string {
  const header = ['scenario', 'hash', 'seed', 'id', 'primary', 'peer', 'tS', 'change', 'capacityRps', 'endS'];
  const rows = result.control.arrangements.flatMap((a) => [
    [result.scenario.name, result.hash, result.seed, a.id, a.primary, a.peer, round(a.agreedAtS), 'agreed', round(a.capacityRps), null],
    ...a.changes.map((c) => [result.scenario.name, result.hash, result.seed, a.id, a.primary, a.peer, round(c.tS), 'changed', round(c.capacityRps), round(c.endS)]),
  ]);
  return toCsv(header, rows);
}
