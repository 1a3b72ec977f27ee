// Each redirection mode adds exactly its round trips (cdni.md §1.1), by hand with fixed round-trip
// times: users and the primary's site in east (10 ms within a region), the peer's site in west
// (50 ms from east), deterministic 10 ms service, no cache, servers to spare (no queueing).
//   HTTP-I: primary's 302 (10) + peer's router (50)            = 60 ms of redirection
//   HTTP-R: primary's 302 (10) + RI east↔west (50) + lookup 5  = 65 ms; 10 ms with a fresh RI answer
//   DNS-I / DNS-R: the lookup (10 + 50, or 10 + 50 + 5) only on a resolver-cache miss, once per TTL
// and the latency breakdown puts each part where it belongs.
import { describe, expect, it } from 'vitest';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { buildReport } from '../../reports/report.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const site = (region: string) => ({ region, servers: 200, serviceTime: { deterministic: { ms: 10 } } });

function run(redirection: Doc, share = 1, extra: Doc = {}) {
  const doc: Doc = {
    name: 'modes',
    seed: 2,
    duration: '300s',
    window: '30s',
    peering: { enabled: false },
    regions: ['east', 'west'],
    network: { rttMs: { default: 50, sameRegion: 10 }, redirection },
    cdns: [
      { id: 'alpha', role: 'primary', sites: [site('east')] },
      { id: 'beta', role: 'peer', sites: [site('west')] },
    ],
    workload: [{ region: 'east', cdn: 'alpha', base: { ratePerS: 20 } }],
    routing: [{ cdn: 'alpha', to: 'beta', share, ...extra }],
  };
  const scenario = validateScenarioDocument(doc, 'modes.yaml');
  return runScenario(scenario, { hash: 'h', version: 'test' });
}

describe('redirection modes add exactly their round trips', () => {
  it('HTTP-I: 60 ms of redirection per redirected request; network 50, service 10, no queueing', () => {
    const { result } = run({ mode: 'iterative' });
    const r = result.latencyBreakdown.redirected;
    expect(r.requests).toBeGreaterThan(5000);
    expect(r.redirectionMs).toBeCloseTo(60, 9);
    expect(r.networkMs).toBeCloseTo(50, 9);
    expect(r.serviceMs).toBeCloseTo(10, 9);
    expect(r.queueingMs).toBe(0);
    expect(result.latencyMs.mean).toBeCloseTo(120, 6);
  });

  it('HTTP-R: 65 ms per request; with a 1 h RI answer cache only the first pays the RI round trip', () => {
    expect(run({ mode: 'recursive', recursiveLookupMs: 5 }).result.latencyBreakdown.redirected.redirectionMs).toBeCloseTo(65, 9);
    const cached = run({ mode: 'recursive', recursiveLookupMs: 5, answerTtl: '1h' }).result.latencyBreakdown.redirected;
    expect(cached.redirectionMs * cached.requests).toBeCloseTo(10 * cached.requests + 55, 6);
  });

  it('a routing entry overrides the network default mode for its lane', () => {
    const { result } = run({ mode: 'iterative', recursiveLookupMs: 5 }, 1, { mode: 'recursive' });
    expect(result.latencyBreakdown.redirected.redirectionMs).toBeCloseTo(65, 9);
  });

  for (const [mode, lookupMs] of [
    ['iterative', 60],
    ['recursive', 65],
  ] as const) {
    it(`DNS (${mode}): a lookup of ${lookupMs} ms once per resolver and TTL, nothing in between`, () => {
      const { result, dataPlane } = run({ mode, recursiveLookupMs: 5, via: 'dns', dns: { ttl: '60s', resolvers: 4 } });
      const r = result.latencyBreakdown.redirected;
      const lookups = Math.round((r.redirectionMs * r.requests) / lookupMs);
      // 4 resolvers, answers for 60 s, a 300 s run with 20 requests/s: each resolver looks up at its first request after expiry
      expect(lookups).toBeGreaterThanOrEqual(4 * 5);
      expect(lookups).toBeLessThanOrEqual(4 * 6);
      expect(r.redirectionMs * r.requests).toBeCloseTo(lookups * lookupMs, 6);
      expect(dataPlane.metrics.total.servedLocal + r.requests).toBe(result.requests.served);
    });
  }

  it('DNS is coarse: with a share of 0.5 and one resolver, whole TTLs go to one CDN', () => {
    const { dataPlane } = run({ mode: 'iterative', via: 'dns', dns: { ttl: '60s', resolvers: 1 } }, 0.5);
    const perWindow = dataPlane.windows.map((w) => w.timeline.servedByPeers / Math.max(1, w.timeline.arrived));
    // 30 s windows inside 60 s answers: nearly every window is all-peer or all-home
    expect(perWindow.filter((x) => x > 0.02 && x < 0.98).length).toBeLessThanOrEqual(6);
  });

  it('report.json carries the breakdown, own and redirected', () => {
    const { result } = run({ mode: 'iterative' }, 0.5);
    const report = buildReport(result) as { latencyBreakdown: Record<string, { requests: number; redirectionMs: number; networkMs: number }> };
    expect(report.latencyBreakdown.own.redirectionMs).toBe(0);
    expect(report.latencyBreakdown.own.networkMs).toBe(10);
    expect(report.latencyBreakdown.redirected.redirectionMs).toBe(60);
    expect(report.latencyBreakdown.all.requests).toBe(report.latencyBreakdown.own.requests + report.latencyBreakdown.redirected.requests);
  });
});
