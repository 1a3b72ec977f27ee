// Wait per serving CDN: with one site per CDN, a CDN's wait figures are its site's — per window and
// over the run (after the warm-up) — even when its site serves another primary's users too; and the
// run-wide mean wait is the served-weighted mean of the CDNs'.
import { describe, it, expect } from 'vitest';
import { runScenario } from '../../scenarios/run.js';
import type { Scenario } from '../../scenarios/types.js';

function twoCdns(): Scenario {
  const site = (region: string, servers: number) => ({
    id: region,
    region,
    servers,
    queueLimit: 20,
    cache: null,
    serviceTime: { kind: 'exponential' as const, meanMs: 20 },
  });
  const cdn = (id: string, role: 'primary' | 'peer', region: string, servers: number) => ({
    id,
    role,
    policy: null,
    economics: { revenuePerGB: 0, costPerServerHour: 0 },
    sites: [site(region, servers)],
  });
  return {
    name: 'cdn-wait',
    description: '',
    seed: 3,
    durationS: 120,
    windowS: 10,
    warmupS: 10,
    peering: { enabled: false, control: { lossRate: 0, jitterMs: 0 } },
    regions: ['a', 'b'],
    network: { rttMs: { default: 20, sameRegion: 0, pairs: [] }, redirection: { mode: 'iterative', recursiveLookupMs: 0 } },
    origin: { region: 'a', bytesPerS: 1e18 },
    catalog: { objects: 100, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } },
    cdns: [cdn('alpha', 'primary', 'a', 4), cdn('beta', 'peer', 'b', 3)],
    workload: [
      { region: 'a', cdn: 'alpha', base: { process: 'poisson', ratePerS: 220 }, events: [], daily: null, clients: null },
      { region: 'b', cdn: 'beta', base: { process: 'poisson', ratePerS: 60 }, events: [], daily: null, clients: null },
    ],
    routing: [{ cdn: 'alpha', to: 'beta', region: null, share: 0.3 }],
    contracts: [],
    faults: [],
  };
}

describe('wait per serving CDN, one site each', () => {
  const { result } = runScenario(twoCdns(), { hash: 'h', version: 'test' });

  it('beta serves for alpha too (the check is not vacuous)', () => {
    expect(result.cdns[1].servedForOthers).toBeGreaterThan(1000);
    expect(result.requests.waited).toBeGreaterThan(1000);
  });

  it("over the run, each CDN's mean wait is its site's", () => {
    for (let i = 0; i < 2; i++) {
      const site = result.sites[i].queueing;
      expect(result.cdns[i].waitMs.mean).toBeGreaterThan(0);
      expect(result.cdns[i].waitMs.mean / (site.meanWaitS * 1000)).toBeCloseTo(1, 12);
      expect(result.cdns[i].served).toBe(Math.round(site.throughputPerS * (120 - 10)));
    }
  });

  it("in every window, each CDN's meanWaitMs is its site's", () => {
    const sites = result.siteTimeline;
    expect(sites).toHaveLength(result.cdnTimeline.length);
    result.cdnTimeline.forEach((c, k) => {
      expect(sites[k].cdn).toBe(c.cdn);
      expect(c.meanWaitMs).toBeCloseTo(sites[k].meanWaitMs, 9);
    });
  });

  it('the run-wide mean wait is the served-weighted mean of the CDNs', () => {
    const weighted = result.cdns.reduce((s, c) => s + c.waitMs.mean * c.served, 0) / result.requests.served;
    expect(weighted / result.waitMs.mean).toBeCloseTo(1, 12);
    expect(Math.max(...result.cdns.map((c) => c.waitMs.max))).toBe(result.waitMs.max);
  });
});
