// The run result's per-site window rows: one per window × site, counts that add up to the CDN's
// totals, and each site's offered demand (its CDN's own users sent to it first, wherever they went).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { runWithAgents, SMALL_CROWD, windowsBetween } from '../agents/run-helpers.js';

describe('per-site window rows in the run result', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1);
  const rowsOf = (cdn: string, site: string) => result.siteTimeline.filter((r) => r.cdn === cdn && r.site === site);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('there is one row per window × site, windows in order and sites in the order of result.sites', () => {
    expect(result.sites.map((s) => `${s.cdn}/${s.region}`)).toEqual(['alpha/west', 'beta/west', 'beta/central', 'gamma/central']);
    expect(result.siteTimeline).toHaveLength(result.timeline.length * result.sites.length);
    result.siteTimeline.forEach((row, k) => {
      const w = Math.floor(k / result.sites.length);
      expect(row.tS).toBe(result.timeline[w].tS);
      expect(row.windowS).toBe(result.timeline[w].windowS);
      expect(row.site).toBe(result.sites[k % result.sites.length].site);
    });
  });

  it('a CDN’s sites’ arrivals, rejections and services sum to its totals', () => {
    for (const c of result.cdns) {
      const rows = result.siteTimeline.filter((r) => r.cdn === c.id);
      expect(sum(rows.map((r) => r.arrived))).toBe(c.arrived);
      expect(sum(rows.map((r) => r.rejected))).toBe(c.rejected);
      expect(sum(rows.map((r) => r.served))).toBe(c.served);
      expect(sum(rows.map((r) => r.failed))).toBe(c.failed);
    }
  });

  it('with every site up, a CDN’s sites’ offered demand sums to its own users’ arrivals', () => {
    for (const c of result.cdns) {
      expect(sum(result.siteTimeline.filter((r) => r.cdn === c.id).map((r) => r.offeredDemand))).toBe(c.own.arrived);
    }
  });

  it('during the 5x crowd, alpha’s west site is offered 5 × 180 = 900 requests/s, more than it receives after redirection', () => {
    const crowd = windowsBetween(rowsOf('alpha', result.sites[0].site), 12 * 60, 22 * 60);
    expect(crowd).toHaveLength(20);
    for (const row of crowd) expect(Math.abs(row.offeredDemand / row.windowS - 900)).toBeLessThan(900 * 0.04); // ≈ 6 Poisson σ
    const mean = sum(crowd.map((r) => r.offeredDemand)) / sum(crowd.map((r) => r.windowS));
    expect(Math.abs(mean - 900)).toBeLessThan(9);
    expect(sum(crowd.map((r) => r.arrived))).toBeLessThan(sum(crowd.map((r) => r.offeredDemand)));
    const before = windowsBetween(rowsOf('alpha', result.sites[0].site), 0, 10 * 60);
    expect(Math.abs(sum(before.map((r) => r.offeredDemand)) / sum(before.map((r) => r.windowS)) - 180)).toBeLessThan(5);
  });

  it('offered demand counts only the CDN’s own users: beta’s west site, reached only by redirection, is offered none', () => {
    const west = rowsOf('beta', result.sites[1].site);
    expect(sum(west.map((r) => r.offeredDemand))).toBe(0);
    expect(sum(west.map((r) => r.arrived))).toBeGreaterThan(0);
  });

  it('a site that is down is offered nothing: its users’ demand goes to the CDN’s nearest site that is up, from the window the fault starts in', () => {
    const { scenario, hash } = loadScenario(SMALL_CROWD, {
      sets: ['duration=4m', 'peering.enabled=false', 'faults=[{at: 1m, type: site-down, cdn: beta, region: central, for: 2m}]'],
    });
    const run = runScenario(scenario, { hash, version: 'test' });
    const rows = run.result.siteTimeline.filter((r) => r.cdn === 'beta');
    const during = rows.filter((r) => r.tS >= 60 && r.tS < 180);
    for (const r of during.filter((x) => x.region === 'central')) expect(r.offeredDemand).toBe(0);
    for (const r of rows.filter((x) => x.region === 'central' && (x.tS < 60 || x.tS >= 180))) expect(r.offeredDemand).toBeGreaterThan(0);
    const westDuring = during.filter((r) => r.region === 'west');
    expect(sum(westDuring.map((r) => r.offeredDemand)) / sum(westDuring.map((r) => r.windowS))).toBeGreaterThan(50);
    expect(rows.filter((r) => r.region === 'west' && (r.tS < 60 || r.tS >= 180)).every((r) => r.offeredDemand === 0)).toBe(true);
  });
});

describe('each CDN’s policy and whether it can seek, in the run result', () => {
  it('with peering disabled, every CDN still names its policy (the scenario’s or the default) and none counts as seeking', () => {
    const { scenario, hash } = loadScenario('mmc', { sets: ['duration=10s', 'window=5s'] });
    const { result } = runScenario(scenario, { hash, version: 'test' });
    expect(result.policies).toEqual({ alpha: 'isolated' });
    expect(result.control.neverSeek).toEqual([]);
  });

  it('a primary whose policy is isolated (seek: false) is listed as never seeking; balanced is not', () => {
    expect(runWithAgents(SMALL_CROWD, 1, ['duration=1m', 'cdns.alpha.policy=isolated']).result.control.neverSeek).toEqual(['alpha']);
    const balanced = runWithAgents(SMALL_CROWD, 1, ['duration=1m']).result;
    expect(balanced.control.neverSeek).toEqual([]);
    expect(balanced.policies).toEqual({ alpha: 'balanced', beta: 'peer-default', gamma: 'peer-default' });
  });
});
