// Accounting per arrangement, end to end: two arrangements between the same two CDNs are two
// contracts (each counts only the requests redirected over its own lane); delivery logs carry their
// real window and bytes; the report keeps every capacity change; contracts signed before the run do
// not count in the negotiation timings; push replication pre-positions what the primary sees as hot.
import { describe, it, expect } from 'vitest';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';
import { buildReport } from '../../reports/report.js';
import type { ProfileSource } from '../../cdn/workload/profile-source.js';
import { renderArrangementChangesCsv, renderArrangementsCsv } from '../../reports/csv.js';

const contract = (capacity: number, regions: string) =>
  `{primary: alpha, peer: beta, regions: ${regions}, capacityRps: ${capacity}, pricePerGB: 0.004, start: 0, duration: 30m}`;
// two contracts of the same pair (alpha's users are all in west), and no negotiation
const twoContracts = [`contracts=[${contract(60, '[west]')}, ${contract(30, '[west, central]')}]`, 'cdns.alpha.policy=isolated'];

describe('accounting per arrangement', () => {
  it('two arrangements between the same CDNs count their own requests, never the pair total twice', () => {
    const { result } = runWithAgents(SMALL_CROWD, 1, twoContracts);
    const [a, b] = result.control.arrangements;
    expect(result.control.arrangements).toHaveLength(2);
    expect(a.servedRequests).toBeGreaterThan(0);
    expect(b.servedRequests).toBeGreaterThan(0);
    const beta = result.cdns.find((c) => c.id === 'beta')!;
    expect(a.servedRequests + b.servedRequests).toBe(beta.servedForOthers);
    // the peer's logs report each lane's own deliveries (all of them up to its last log before the end)
    for (const x of [a, b]) {
      expect(x.reportedDeliveries).toBeLessThanOrEqual(x.servedRequests);
      expect(x.reportedDeliveries).toBeGreaterThan(0.95 * x.servedRequests);
      expect(x.peerSide?.servedRequests).toBe(x.servedRequests);
    }
    expect(a.reportedDeliveries + b.reportedDeliveries).toBeLessThanOrEqual(beta.servedForOthers);
    expect(a.bytes + b.bytes).toBeCloseTo(beta.bytesServed - result.cdns.find((c) => c.id === 'beta')!.ownBytesServed, 0);
  });

  it('delivery logs carry their own window (start < end, back to back) and the bytes delivered', () => {
    const { controlPlane } = runWithAgents(SMALL_CROWD, 1, twoContracts, { trace: true });
    const logs = controlPlane!.trace.filter((l) => l.kind === 'message' && l.event === 'sent' && l.type === 'log.report');
    expect(logs.length).toBeGreaterThan(10);
    const byArrangement = new Map<string, { windowStartS: number; windowEndS: number; deliveries: number; bytes: number }[]>();
    for (const l of logs) {
      const body = l.body as { arrangementId: string; windowStartS: number; windowEndS: number; deliveries: number; bytes: number };
      byArrangement.set(body.arrangementId, [...(byArrangement.get(body.arrangementId) ?? []), body]);
      expect(body.windowEndS).toBe(l.tS);
      expect(body.windowStartS).toBeLessThan(body.windowEndS);
      if (body.deliveries > 0) expect(body.bytes).toBeGreaterThan(body.deliveries * 1000);
    }
    for (const series of byArrangement.values()) {
      for (let i = 1; i < series.length; i++) expect(series[i].windowStartS).toBe(series[i - 1].windowEndS);
    }
  });

  it('the report keeps the first, largest and last capacity and every change with its time', () => {
    const { result } = runWithAgents(SMALL_CROWD, 1);
    const resized = result.control.arrangements.filter((a) => a.changes.length > 0);
    expect(resized.length).toBeGreaterThan(0);
    for (const a of resized) {
      const caps = [a.capacityRps, ...a.changes.map((c) => c.capacityRps)];
      expect(a.peakCapacityRps).toBe(Math.max(...caps));
      expect(a.finalCapacityRps).toBe(caps[caps.length - 1]);
      for (let i = 1; i < a.changes.length; i++) expect(a.changes[i].tS).toBeGreaterThanOrEqual(a.changes[i - 1].tS);
    }
    const entry = buildReport(result).arrangements.find((e) => e.id === resized[0].id)!;
    expect(entry.capacityRps).toBe(entry.capacity.initialRps);
    expect(entry.capacity.peakRps).toBeGreaterThanOrEqual(entry.capacity.finalRps);
    expect(entry.changes).toHaveLength(resized[0].changes.length);
    expect(renderArrangementsCsv(result).split('\n')[0]).toContain('peakCapacityRps,finalCapacityRps');
    const changeRows = renderArrangementChangesCsv(result).trim().split('\n').slice(1);
    expect(changeRows).toHaveLength(result.control.arrangements.reduce((n, a) => n + 1 + a.changes.length, 0));
  });

  it('contracts signed before the run are reported apart and not averaged into the time to first redirect', () => {
    const { result } = runWithAgents(SMALL_CROWD, 1, [`contracts=[${contract(20, '[west]')}]`]);
    const negotiated = result.control.arrangements.filter((a) => a.origin === 'negotiated' && a.firstRedirectAtS !== null);
    expect(negotiated.length).toBeGreaterThan(0);
    expect(result.control.arrangements.filter((a) => a.origin === 'contract')).toHaveLength(1);
    const n = buildReport(result).negotiations;
    const expected = negotiated.reduce((s, a) => s + (a.firstRedirectAtS as number) - a.detectedAtS, 0) / negotiated.length;
    expect(n.meanDetectionToFirstRedirectS).toBeCloseTo(expected, 5);
    expect(n.contracts).toBe(1);
    expect(n.negotiatedArrangements).toBe(result.control.arrangements.length - 1);
  });

  it('push replication pre-positions the objects the primary observes as hot, not the catalog head', () => {
    const { controlPlane, dataPlane } = runWithAgents(SMALL_CROWD, 1, ['cdns.alpha.policy=aggressive'], { trace: true });
    const pushes = controlPlane!.trace.filter((l) => l.kind === 'message' && l.event === 'sent' && l.type === 'metadata.push');
    const pushed = pushes
      .map((l) => (l.body as { metadata: { replication: string; prepositionObjects: number[] } }).metadata)
      .filter((m) => m.replication === 'push');
    expect(pushed.length).toBeGreaterThan(0);
    const hot = (dataPlane.sources[0] as ProfileSource).hotSet(0);
    expect(hot.length).toBe(20);
    for (const meta of pushed) {
      const found = hot.filter((o) => meta.prepositionObjects.includes(o)).length;
      expect(found).toBeGreaterThanOrEqual(18);
    }
  });
});
