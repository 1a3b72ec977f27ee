// Validation refuses what would crash or hang a run: hard bounds in the schema, the run-work
// budget, semantic gaps across objects, and did-you-mean hints.
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../input/input-error.js';
import { approx, DEFAULT_RUN_LIMITS, estimateRun } from '../../scenarios/budget.js';
import { loadScenario, validateScenarioDocument } from '../../scenarios/load.js';
import type { Scenario } from '../../scenarios/types.js';
import { inputErrorOf } from '../input/errors.js';

const F = 'scenario.yaml';
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const site = (region: string) => ({ region, servers: 4, serviceTime: { exponential: { meanMs: 20 } } });
const base = (): Doc => ({
  name: 'tiny',
  duration: '1h',
  regions: ['eu-west', 'na-east'],
  cdns: [
    { id: 'alpha', role: 'primary', sites: [site('eu-west')] },
    { id: 'beta', role: 'peer', sites: [site('eu-west'), site('na-east')] },
  ],
  workload: [{ region: 'eu-west', cdn: 'alpha', base: { ratePerS: 100 } }],
});
const contract = (over: Doc = {}) => ({ primary: 'alpha', peer: 'beta', capacityRps: 100, pricePerGB: 0.01, duration: '30m', ...over });

const issuesOf = (run: () => unknown): readonly InputIssue[] => inputErrorOf(run).issues;
const issues = (doc: Doc, opts = {}) => issuesOf(() => validateScenarioDocument(doc, F, opts));
const one = (doc: Doc) => {
  const found = issues(doc);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('hard bounds in the schema', () => {
  it('a scenario name is at most 100 characters (it names the default output folder)', () => {
    expect(one({ ...base(), name: 'n'.repeat(5000) })).toMatchObject({ path: 'name', expected: expect.stringContaining('at most 100') });
    expect(() => validateScenarioDocument({ ...base(), name: 'n'.repeat(100) }, F)).not.toThrow();
  });

  it('catalog.objects is at most 100,000,000', () => {
    expect(one({ ...base(), catalog: { objects: 1e10 } })).toMatchObject({ path: 'catalog.objects', found: '10000000000' });
  });

  it('every number must be finite: 1e400 (Infinity in YAML) is refused', () => {
    const doc = base();
    doc.workload[0].base.ratePerS = Infinity;
    doc.cdns[0].sites[0].serviceTime = { exponential: { meanMs: Infinity } };
    expect(issues(doc).map((i) => i.path)).toEqual(['cdns[0].sites[0].serviceTime.exponential.meanMs', 'workload[0].base.ratePerS']);
  });

  it('a positive duration is at least 1 ms, and a run at most 365 days', () => {
    expect(one({ ...base(), window: '0.1ms' })).toMatchObject({ path: 'window', expected: expect.stringContaining('at least 1ms') });
    expect(one({ ...base(), duration: '400d', window: '1d' })).toMatchObject({ path: 'duration', expected: 'a run of at most 365d' });
  });

  it('ids are at most 64 characters; a lognormal sigma at most 10', () => {
    const doc = base();
    doc.cdns[0].sites[0].serviceTime = { lognormal: { medianMs: 20, sigma: 1000 } };
    expect(one(doc)).toMatchObject({ path: 'cdns[0].sites[0].serviceTime.lognormal.sigma', expected: 'a number from 0 to 10' });
    expect(issues({ ...base(), regions: ['r'.repeat(65), 'eu-west', 'na-east'] })[0]).toMatchObject({ path: 'regions[0]' });
  });
});

describe('the run-work budget (scenarios/budget.ts)', () => {
  it('refuses 1e20 requests/s with the estimate and the limit', () => {
    const doc = base();
    doc.workload[0].base.ratePerS = 1e20;
    expect(one(doc)).toEqual({
      file: F,
      path: 'workload[0].base.ratePerS',
      expected: 'a run of at most 2e9 requests (about 40 minutes at 800,000 requests/s; raise with --max-requests)',
      found: '1e20 requests/s × 3600 s ≈ 3.6e23 requests',
    });
  });

  it('counts flash crowds in the requests: the extra rate over the time the crowd is in the run', () => {
    const doc = base();
    doc.workload[0].events = [{ type: 'flash-crowd', start: '10m', rampUp: '10m', sustain: '20m', rampDown: '10m', peak: '5x' }];
    const s = validateScenarioDocument(doc, F);
    // 100/s × (3600 s + 4 × (300 + 1200 + 300) s)
    expect(estimateRun(s).requests).toBe(100 * (3600 + 4 * 1800));
    expect(one({ ...doc, workload: [{ ...doc.workload[0], base: { ratePerS: 2e5 } }] })).toMatchObject({
      found: '2e5 requests/s × 3600 s with its flash crowds ≈ 2.2e9 requests',
    });
  });

  it('refuses a 10 ms window on flash-crowd (it ran out of heap) naming the window rows', () => {
    expect(issuesOf(() => loadScenario('flash-crowd', { sets: ['window=10ms'] }))).toEqual([
      {
        file: expect.stringContaining('flash-crowd.yaml'),
        path: 'window',
        expected: 'at most 1e6 window rows (windows × (CDNs + sites), kept in memory for the report; raise with --max-window-rows)',
        found: '7200 s ÷ 0.01 s = 7.2e5 windows × 12 rows ≈ 8.6e6',
      },
    ]);
  });

  it('refuses 10^7 catalog objects on flash-crowd, counting each cached site', () => {
    expect(issuesOf(() => loadScenario('flash-crowd', { sets: ['catalog.objects=10000000'] }))[0]).toMatchObject({
      path: 'catalog.objects',
      found: '1e7 objects × (1 + 8 sites with a cache) ≈ 9e7',
    });
  });

  it('refuses a policy whose monitorInterval makes too many control passes', () => {
    const err = issuesOf(() => loadScenario('flash-crowd', { limits: { maxControlPasses: 1000 } }));
    expect(err).toEqual([
      {
        file: expect.stringContaining('flash-crowd.yaml'),
        path: 'cdns[0].policy',
        expected: 'at most 1000 control passes in a run (duration ÷ monitorInterval per CDN; raise with --max-control-passes)',
        found: 'policy "balanced" with monitorInterval 5 s: 7200 s ÷ 5 s ≈ 1440 passes for CDN alpha; ≈ 5760 passes for all 4 CDNs',
      },
    ]);
    expect(() => loadScenario('flash-crowd', { sets: ['peering.enabled=false'], limits: { maxControlPasses: 1000 } })).not.toThrow();
  });

  it('limits are options: raising one lets the run through, a bad one is an input error', () => {
    expect(() => loadScenario('flash-crowd', { sets: ['window=10ms'], limits: { maxWindowRows: 1e7 } })).not.toThrow();
    expect(issuesOf(() => loadScenario('mmc', { limits: { maxRequests: -1 } }))).toMatchObject([{ path: '--max-requests', expected: 'a positive number' }]);
  });

  it('the ready scenarios are well within the defaults, and validate fast', () => {
    for (const name of ['flash-crowd', 'mmc', 'steady']) {
      const start = performance.now();
      const s = loadScenario(name).scenario;
      expect(performance.now() - start).toBeLessThan(500);
      const e = estimateRun(s);
      expect(e.requests).toBeLessThan(DEFAULT_RUN_LIMITS.maxRequests / 10);
      expect(e.windows * e.rowsPerWindow).toBeLessThan(DEFAULT_RUN_LIMITS.maxWindowRows / 10);
    }
  });

  it('approx writes plain numbers in the middle range and two digits outside', () => {
    expect([approx(0), approx(0.25), approx(7200), approx(3.6e23), approx(2e9), approx(1e-9)]).toEqual(['0', '0.25', '7200', '3.6e23', '2e9', '1e-9']);
  });
});

describe('semantic gaps across objects', () => {
  it('a contract whose peer has the primary role, or whose primary is a peer', () => {
    expect(issues({ ...base(), contracts: [contract({ primary: 'beta', peer: 'alpha' })] })).toEqual([
      { file: F, path: 'contracts[0].primary', expected: "a CDN with the primary role (the contract's primary)", found: '"beta", a peer' },
      { file: F, path: 'contracts[0].peer', expected: "a CDN with the peer role (the contract's peer)", found: '"alpha", a primary' },
    ]);
  });

  it('a fault or a crowd that starts at or after the end of the run', () => {
    const doc: Doc = { ...base(), faults: [{ at: '2h', type: 'cdn-down', cdn: 'beta' }] };
    doc.workload[0].events = [{ type: 'flash-crowd', start: '1h', sustain: '1m', peak: '2x' }];
    expect(issues(doc)).toEqual([
      { file: F, path: 'faults[0].at', expected: 'a time before the end of the run (its duration is 3600 s)', found: '"2h" (7200 s)' },
      { file: F, path: 'workload[0].events[0].start', expected: 'a time before the end of the run (its duration is 3600 s)', found: '"1h" (3600 s)' },
    ]);
  });

  it('a crowd that runs past the end of the run, with its end time and the duration', () => {
    const doc = base();
    doc.workload[0].events = [{ type: 'flash-crowd', start: '50m', rampUp: '5m', sustain: '10m', peak: '2x' }];
    expect(one(doc)).toEqual({
      file: F,
      path: 'workload[0].events[0]',
      expected: 'a crowd that ends by the end of the run at 3600 s (to cut a run short on purpose, use --set duration=…)',
      found: 'a crowd from 3000 s to 3900 s (start + rampUp + sustain + rampDown)',
    });
  });

  it('a run cut short with --set duration keeps its later crowds and faults (they are cut)', () => {
    expect(() => loadScenario('flash-crowd', { sets: ['duration=30m'] })).not.toThrow();
    expect(() => loadScenario('flash-crowd', { sets: ['duration=10m'] })).not.toThrow();
  });

  it('a partition between a CDN and itself', () => {
    expect(one({ ...base(), faults: [{ at: '1m', type: 'partition', a: 'alpha', b: 'alpha' }] })).toMatchObject({
      path: 'faults[0].b',
      expected: 'a CDN other than alpha itself (a partition is between two CDNs)',
    });
  });

  it('two overlapping contracts between the same CDNs for the same regions', () => {
    const doc = {
      ...base(),
      contracts: [contract(), contract({ start: '20m', regions: null }), contract({ start: '30m' }), contract({ regions: ['na-east'] })],
    };
    expect(issues(doc)).toEqual([
      {
        file: F,
        path: 'contracts[1]',
        expected: 'no second contract between alpha and beta for the same regions overlapping contracts[0] (0 s to 1800 s)',
        found: 'a contract from 1200 s to 3000 s',
      },
      {
        file: F,
        path: 'contracts[2]',
        expected: 'no second contract between alpha and beta for the same regions overlapping contracts[1] (1200 s to 3000 s)',
        found: 'a contract from 1800 s to 3600 s',
      },
    ]);
  });

  it('conflicting round-trip times for one pair of regions, in either order', () => {
    const doc = base();
    doc.network = {
      rttMs: {
        pairs: [
          { a: 'eu-west', b: 'na-east', ms: 70 },
          { a: 'na-east', b: 'eu-west', ms: 90 },
          { a: 'eu-west', b: 'na-east', ms: 70 },
        ],
      },
    };
    expect(one(doc)).toEqual({
      file: F,
      path: 'network.rttMs.pairs[1].ms',
      expected: 'one round-trip time per pair of regions (network.rttMs.pairs[0] gives na-east–eu-west 70 ms)',
      found: '90',
    });
  });
});

describe('did you mean', () => {
  it('an unknown field suggests the nearest known one', () => {
    const doc = base();
    doc.cdns[0].sites[0] = { ...site('eu-west'), sevrers: 4 };
    expect(issues(doc)).toContainEqual(
      expect.objectContaining({
        path: 'cdns[0].sites[0].sevrers',
        expected: 'no field "sevrers" (did you mean "servers"? known: id, region, servers, serviceTime, queueLimit, cache)',
      }),
    );
  });

  it('an unknown region or CDN reference suggests the nearest known one', () => {
    const doc = base();
    doc.workload[0] = { ...doc.workload[0], region: 'eu-wset', cdn: 'alhpa' };
    expect(issues(doc)).toEqual([
      { file: F, path: 'workload[0].region', expected: 'one of the regions (eu-west, na-east)', found: '"eu-wset" (did you mean "eu-west"?)' },
      { file: F, path: 'workload[0].cdn', expected: 'one of the CDN ids (alpha, beta)', found: '"alhpa" (did you mean "alpha"?)' },
    ]);
  });

  it('an unknown ready scenario suggests the nearest one', () => {
    expect(issuesOf(() => loadScenario('flash-crwod'))[0].found).toBe(
      'unknown scenario "flash-crwod" (known: cascade, diurnal-week, flash-crowd, geo-blocking, mmc, peer-failure, push-vs-pull, redirection-policies, staggered-flash-crowds, steady, worldcup98); did you mean "flash-crowd"?',
    );
  });
});

describe('no change after validation', () => {
  it('the seed is validated with the rest and the scenario comes out with it (no later mutation)', () => {
    const doc = base();
    const frozen = Object.freeze(validateScenarioDocument(doc, F));
    const seeded: Scenario = validateScenarioDocument(doc, F, { seed: 42 });
    expect(seeded).toEqual({ ...frozen, seed: 42 });
    expect(frozen.seed).toBe(1);
    expect(issues(doc, { seed: -1 })).toEqual([{ file: F, path: '--seed', expected: 'a non-negative integer', found: '-1' }]);
  });

  it('the hash is the same with and without --seed', () => {
    expect(loadScenario('mmc', { seed: 9 }).hash).toBe(loadScenario('mmc').hash);
  });
});
