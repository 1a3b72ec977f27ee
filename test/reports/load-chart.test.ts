// The load chart shows each site that was ever overloaded (offered demand above its capacity, or
// any rejection): its users' offered demand, its capacity and what it served. Every chart title
// names the scenario and seed.
import { describe, expect, it } from 'vitest';
import { chartSpecs, loadChart, MAX_LOAD_CHART_SITES, servedChart, siteLoads } from '../../reports/chart-configs.js';
import type { RunResult } from '../../reports/run-result.js';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';

const labels = (result: RunResult) => loadChart(result).config.data.datasets.map((d) => d.label);
const titleOf = (config: ReturnType<typeof loadChart>['config']) => config.options?.plugins?.title?.text;

describe('the load chart', () => {
  it('has an offered-demand, capacity and served series for each overloaded site, the most overloaded first', () => {
    // beta's central site (8 servers of 25 ms: 320 requests/s) gets 400/s of its own users; alpha isolated meets its crowd alone
    const { result } = runWithAgents(SMALL_CROWD, 2, ['cdns.alpha.policy=isolated', 'workload.1.base.ratePerS=400']);
    expect(labels(result)).toEqual([
      'alpha/west offered demand',
      'alpha/west capacity',
      'alpha/west served',
      'beta/central offered demand',
      'beta/central capacity',
      'beta/central served',
    ]);
    const [offered, capacity, served] = loadChart(result).config.data.datasets;
    const alpha = result.sites[0];
    expect(capacity.data.every((c) => c === alpha.capacityRps)).toBe(true);
    expect(Math.max(...(offered.data as number[]))).toBeGreaterThan(800);
    expect(Math.max(...(served.data as number[]))).toBeLessThan(alpha.capacityRps * 1.1);
    expect(titleOf(loadChart(result).config)).toBe('small-crowd (seed 2): load at alpha/west, beta/central');
  });

  it('with no site overloaded, shows the busiest site and says none was overloaded', () => {
    const { scenario, hash } = loadScenario('mmc', { sets: ['duration=2m', 'window=30s', 'workload.0.base.ratePerS=800'] });
    const { result } = runScenario(scenario, { hash, version: 'test' });
    expect(siteLoads(result).some((s) => s.overloaded)).toBe(false);
    expect(labels(result)).toEqual(['alpha/local offered demand', 'alpha/local capacity', 'alpha/local served']);
    expect(titleOf(loadChart(result).config)).toBe('mmc (seed 1): no site overloaded; load at the busiest, alpha/local');
  });

  it(`shows at most ${MAX_LOAD_CHART_SITES} sites, and the title says how many were overloaded`, () => {
    const { result: base } = runWithAgents(SMALL_CROWD, 1, ['duration=2m']);
    const copies = 3;
    const sites = Array.from({ length: copies }, (_, c) => base.sites.map((s) => ({ ...s, site: `${s.site}-${c}` }))).flat();
    const rows = base.timeline.flatMap((_, w) =>
      sites.map((s, k) => ({ ...base.siteTimeline[w * base.sites.length + (k % base.sites.length)], site: s.site, rejected: 1 })),
    );
    const result: RunResult = { ...base, sites, siteTimeline: rows };
    expect(loadChart(result).config.data.datasets).toHaveLength(3 * MAX_LOAD_CHART_SITES);
    expect(titleOf(loadChart(result).config)).toMatch(/^small-crowd \(seed 1\): load at the 4 most overloaded of 12 sites \(/);
  });

  it('a site with zero capacity and some demand counts as overloaded, without dividing by zero', () => {
    const { result: base } = runWithAgents(SMALL_CROWD, 1, ['duration=2m']);
    const result: RunResult = { ...base, sites: base.sites.map((s, i) => (i === 0 ? { ...s, capacityRps: 0 } : s)) };
    expect(siteLoads(result)[0]).toMatchObject({ overloaded: true, peakRatio: Infinity });
    expect(loadChart(result).config.data.datasets[1].data.every((c) => c === 0)).toBe(true);
  });
});

describe('chart titles', () => {
  it('every chart’s title starts with the scenario name and the seed', () => {
    const { result } = runWithAgents(SMALL_CROWD, 3, ['duration=15m']);
    const specs = chartSpecs(result);
    expect(specs).toHaveLength(8);
    for (const spec of specs) expect(titleOf(spec.config)).toMatch(/^small-crowd \(seed 3\): /);
  });
});

describe('the served chart', () => {
  it('turns each window’s counts into requests/s by that window’s own length (the last window may be shorter)', () => {
    const { scenario, hash } = loadScenario('mmc', { sets: ['duration=75s', 'window=30s'] });
    const { result } = runScenario(scenario, { hash, version: 'test' });
    const last = result.timeline[result.timeline.length - 1];
    expect(last.windowS).toBe(15);
    const local = servedChart(result).config.data.datasets[0].data as number[];
    // the configurations keep 6 decimals
    expect(local[local.length - 1]).toBeCloseTo(last.servedLocal / 15, 6);
  });
});
