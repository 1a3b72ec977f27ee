// The warm-up in a whole run with agents, peering, rejections and a fault (the small-crowd fixture):
// it changes what counts, never what happens — the same windows, arrangements and money as the run
// without it — and what counts is exactly the requests that arrived after it, with the conservation
// identity intact. The surge split covers every counted served request.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/report.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';

const WARMUP_S = 300; // on a window boundary (windows of 30 s), so windows split arrivals cleanly
const sets = [
  'duration=20m',
  'cdns.alpha.sites.0.queueLimit=2', // rejections at alpha when the crowd comes
  'faults=[{at: 14m, type: site-down, cdn: beta, region: west, for: 1m}]', // failures of redirected requests
];

describe('a warm-up changes what counts, not what happens', () => {
  const plain = runWithAgents(SMALL_CROWD, 3, sets).result;
  const warm = runWithAgents(SMALL_CROWD, 3, [...sets, `warmup=${WARMUP_S}s`]).result;
  const plainReport = buildReport(plain);
  const report = buildReport(warm);

  it('the run has what the checks need: rejections, failures, peering, requests in flight across the warm-up', () => {
    expect(report.requests.rejected).toBeGreaterThan(0);
    expect(report.requests.failed).toBeGreaterThan(0);
    expect(report.requests.servedByPeers).toBeGreaterThan(0);
    expect(report.requests.arrived).toBeLessThan(plainReport.requests.arrived);
  });

  it('the same windows (but for the warm-up mark), arrangements, negotiations and money as without it', () => {
    const strip = (rows: typeof report.timeline) => rows.map(({ warmup: _w, ...rest }) => rest);
    expect(strip(report.timeline)).toEqual(strip(plainReport.timeline));
    expect(report.arrangements).toEqual(plainReport.arrangements);
    expect(report.negotiations).toEqual(plainReport.negotiations);
    for (const id of Object.keys(report.cdns)) expect(report.cdns[id].economics, id).toEqual(plainReport.cdns[id].economics);
    expect(report.timeline.map((t) => t.warmup)).toEqual(report.timeline.map((t) => t.tS < WARMUP_S));
  });

  it('arrived = served + rejected + failed + in flight at the end, with the warm-up excluded', () => {
    const r = report.requests;
    expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
    expect(r.served).toBe(r.servedLocal + r.servedByPeers);
    const cdns = Object.values(report.cdns);
    expect(cdns.reduce((n, c) => n + c.own.arrived, 0)).toBe(r.arrived);
    // per CDN, its own users' requests not yet finished; together, the requests the data plane holds at the end (counted apart, by a scan)
    const unfinished = cdns.map((c) => c.own.arrived - c.own.servedLocal - c.own.servedByPeers - c.own.rejected - c.own.failed);
    for (const n of unfinished) expect(n).toBeGreaterThanOrEqual(0);
    expect(unfinished.reduce((a, b) => a + b, 0)).toBe(r.inFlightAtEnd);
  });

  it('counts exactly the arrivals and rejections of the windows after the warm-up (both happen at arrival)', () => {
    const after = warm.timeline.filter((t) => t.tS >= WARMUP_S);
    expect(report.requests.arrived).toBe(after.reduce((n, t) => n + t.arrived, 0));
    expect(report.requests.rejected).toBe(after.reduce((n, t) => n + t.rejected, 0));
    for (const [id, c] of Object.entries(report.cdns)) {
      const rows = warm.cdnTimeline.filter((row) => row.cdn === id && row.tS >= WARMUP_S);
      expect([c.arrived, c.rejected, c.own.arrived, c.own.rejected], id).toEqual([
        rows.reduce((n, row) => n + row.arrived, 0),
        rows.reduce((n, row) => n + row.rejected, 0),
        rows.reduce((n, row) => n + row.own.arrived, 0),
        rows.reduce((n, row) => n + row.own.rejected, 0),
      ]);
    }
  });

  it('splits every counted served request into during or outside the surge (the crowd of 10m to 25m, cut at 20m)', () => {
    expect(report.surges.periods).toEqual([{ region: 'west', cdn: 'alpha', startS: 600, endS: 1200 }]);
    expect(report.surges.served.during + report.surges.served.outside).toBe(report.requests.served);
    expect(report.surges.latencyMs.during?.max).toBeLessThanOrEqual(report.latencyMs.max);
    expect(Math.max(report.surges.latencyMs.during?.max ?? 0, report.surges.latencyMs.outside?.max ?? 0)).toBe(report.latencyMs.max);
  });

  it('utilization is averaged over the measured part only, and its max is of the windows after the warm-up', () => {
    for (const [id, c] of Object.entries(report.cdns)) {
      const rows = warm.cdnTimeline.filter((row) => row.cdn === id && !row.warmup);
      const mean = rows.reduce((s, row) => s + row.utilization * row.windowS, 0) / (warm.durationS - WARMUP_S);
      expect(c.utilization.mean, id).toBeCloseTo(mean, 5);
      expect(c.utilization.max, id).toBeCloseTo(Math.max(...rows.map((row) => row.utilization)), 6);
    }
  });
});
