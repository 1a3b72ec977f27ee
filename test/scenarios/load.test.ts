import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { InputError } from '../../input/input-error.js';
import { canonicalJson } from '../../scenarios/hash.js';
import { listScenarios, loadScenario, validateScenarioFile } from '../../scenarios/load.js';
import { scenarioJsonSchema } from '../../scenarios/schema.js';
import type { Scenario } from '../../scenarios/types.js';

const dir = mkdtempSync(join(tmpdir(), 'autopeer-load-'));
let counter = 0;
function writeTemp(content: string, ext = '.yaml'): string {
  const file = join(dir, `s${++counter}${ext}`);
  writeFileSync(file, content);
  return file;
}
const minimal = () => ({
  name: 'tiny',
  duration: '10m',
  regions: ['eu-west', 'na-east'],
  cdns: [{ id: 'alpha', role: 'primary', sites: [{ region: 'eu-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] }],
  workload: [{ region: 'eu-west', cdn: 'alpha', base: { ratePerS: 100 } }],
});
const writeDoc = (doc: unknown): string => writeTemp(YAML.stringify(doc));

function inputErrorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}
const messageOf = (run: () => unknown): string => inputErrorOf(run).message;

describe('ready scenarios', () => {
  it('lists flash-crowd, mmc and steady with their descriptions', () => {
    const list = listScenarios();
    expect(list.map((s) => s.name)).toEqual([
      'cascade',
      'diurnal-week',
      'flash-crowd',
      'geo-blocking',
      'mmc',
      'peer-failure',
      'push-vs-pull',
      'redirection-policies',
      'staggered-flash-crowds',
      'steady',
      'worldcup98',
    ]);
    for (const s of list) expect(s.description).not.toBe('');
  });

  it.each(['flash-crowd', 'mmc', 'steady'])('%s loads by name, and its name field matches', (name) => {
    const { scenario, hash, file } = loadScenario(name);
    expect(scenario.name).toBe(name);
    expect(file.endsWith(join('scenarios', `${name}.yaml`))).toBe(true);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('mmc is an M/M/16 queue at ρ = 0.9 with zero round trips, no cache, no queue limit, no peering', () => {
    const s = loadScenario('mmc').scenario;
    const site = s.cdns[0].sites[0];
    expect(s.peering.enabled).toBe(false);
    expect(s.network.rttMs).toEqual({ default: 0, sameRegion: 0, pairs: [] });
    expect(site).toEqual({
      id: 'local',
      region: 'local',
      servers: 16,
      serviceTime: { kind: 'exponential', meanMs: 10 },
      queueLimit: null,
      cache: null,
    });
    expect((s.workload[0].base.ratePerS * 0.01) / site.servers).toBeCloseTo(0.9, 12);
  });

  it('flash-crowd loads alpha at 50–60% at base and beyond capacity at the crowd peak', () => {
    const s = loadScenario('flash-crowd').scenario;
    const total = s.workload.reduce((sum, w) => sum + w.base.ratePerS, 0);
    expect(total).toBeGreaterThanOrEqual(1500);
    expect(total).toBeLessThanOrEqual(2500);
    const crowd = s.workload.find((w) => w.events.length > 0)!;
    const event = crowd.events[0];
    if (event.type !== 'flash-crowd') throw new Error('the ready crowd is a flash crowd');
    const l = Math.log10(7);
    expect(event).toEqual({
      type: 'flash-crowd',
      startS: 1200,
      rampUpS: 1200 / l,
      sustainS: 1200 * l,
      rampDownS: 2 * 1200 * l,
      peak: 6,
      ramp: 'exponential',
      hotSet: { kind: 'new', objects: 50, fromRank: 1, zipf: 0.8, share: null },
    });
    const site = s.cdns.find((c) => c.id === 'alpha')!.sites.find((x) => x.region === crowd.region)!;
    const meanMs = site.serviceTime.kind === 'exponential' ? site.serviceTime.meanMs : NaN;
    const rho = (rate: number) => (rate * meanMs) / 1000 / site.servers;
    expect(rho(crowd.base.ratePerS)).toBeGreaterThanOrEqual(0.5);
    expect(rho(crowd.base.ratePerS)).toBeLessThanOrEqual(0.6);
    expect(rho(crowd.base.ratePerS * event.peak)).toBeGreaterThan(1);
    expect(site.queueLimit).toBe(200);
  });
});

describe('defaults and units', () => {
  it('fills every default of a minimal file', () => {
    const expected: Scenario = {
      name: 'tiny',
      description: '',
      seed: 1,
      durationS: 600,
      windowS: 60,
      peering: { enabled: true, control: { lossRate: 0, jitterMs: 0 } },
      regions: ['eu-west', 'na-east'],
      network: { rttMs: { default: 80, sameRegion: 10, pairs: [] }, redirection: { mode: 'iterative', recursiveLookupMs: 5 } },
      origin: { region: 'eu-west', bytesPerS: 125_000_000 },
      catalog: { objects: 10000, zipf: 0.8, size: { kind: 'lognormal', medianBytes: 500_000, sigma: 1 } },
      cdns: [
        {
          id: 'alpha',
          role: 'primary',
          policy: null,
          sites: [{ id: 'eu-west', region: 'eu-west', servers: 4, serviceTime: { kind: 'exponential', meanMs: 20 }, queueLimit: null, cache: null }],
          economics: { revenuePerGB: 0.02, costPerServerHour: 0.05 },
        },
      ],
      workload: [{ region: 'eu-west', cdn: 'alpha', base: { process: 'poisson', ratePerS: 100 }, events: [], daily: null, clients: null }],
      routing: [],
      contracts: [],
      faults: [],
    };
    expect(loadScenario(writeDoc(minimal())).scenario).toEqual(expected);
  });

  it('names unnamed sites after their region, then <region>-2, <region>-3, skipping taken ids', () => {
    const doc = minimal();
    const site = doc.cdns[0].sites[0];
    doc.cdns[0].sites = [site, { ...site, id: 'eu-west-2' } as typeof site, site, site];
    const ids = loadScenario(writeDoc(doc)).scenario.cdns[0].sites.map((s) => s.id);
    expect(ids).toEqual(['eu-west', 'eu-west-2', 'eu-west-3', 'eu-west-4']);
  });

  it('parses units in every unit field', () => {
    const doc = {
      ...minimal(),
      duration: '2h',
      window: '30s',
      origin: { region: 'na-east', bandwidth: '10Gbit/s' },
      catalog: { objects: 50, sizeBytes: { pareto: { alpha: 1.2, min: '1kB', max: '1MiB' } } },
      cdns: [
        {
          id: 'alpha',
          role: 'primary',
          sites: [
            {
              region: 'eu-west',
              servers: 2,
              queueLimit: 0,
              cache: { capacity: '20GB' },
              serviceTime: { bySize: { bandwidth: '100 Mbit/s' } },
            },
          ],
        },
      ],
      workload: [
        {
          region: 'eu-west',
          cdn: 'alpha',
          base: { ratePerS: 10 },
          events: [{ type: 'flash-crowd', start: '20m', rampUp: '5m', sustain: '0.5h', peak: '10x', hotObjects: 50 }],
        },
      ],
      faults: [{ at: '90s', type: 'site-down', cdn: 'alpha', region: 'eu-west', for: 300 }],
    };
    const s = loadScenario(writeDoc(doc)).scenario;
    expect([s.durationS, s.windowS, s.origin.bytesPerS]).toEqual([7200, 30, 1_250_000_000]);
    expect(s.catalog.size).toEqual({ kind: 'pareto', alpha: 1.2, minBytes: 1000, maxBytes: 1_048_576 });
    expect(s.cdns[0].sites[0].cache).toEqual({ capacityBytes: 20_000_000_000 });
    expect(s.cdns[0].sites[0].serviceTime).toEqual({ kind: 'bySize', bytesPerS: 12_500_000, overheadMs: 0 });
    expect(s.workload[0].events).toEqual([
      {
        type: 'flash-crowd',
        startS: 1200,
        rampUpS: 300,
        sustainS: 1800,
        rampDownS: 0,
        peak: 10,
        ramp: 'linear',
        hotSet: { kind: 'random', objects: 50, fromRank: 1, zipf: 0, share: null },
      },
    ]);
    expect(s.faults).toEqual([{ type: 'site-down', atS: 90, cdn: 'alpha', region: 'eu-west', forS: 300 }]);
  });

  it('opts.seed replaces the file seed', () => {
    expect(loadScenario('mmc', { seed: 42 }).scenario.seed).toBe(42);
  });

  it('validateScenarioFile accepts a JSON file', () => {
    const file = writeTemp(JSON.stringify(minimal()), '.json');
    expect(validateScenarioFile(file).scenario.name).toBe('tiny');
  });

  it('scenarioJsonSchema describes the input format without throwing', () => {
    const schema = scenarioJsonSchema();
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['name', 'duration', 'regions', 'cdns', 'workload']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('content hash', () => {
  it('is the same for the same content loaded twice', () => {
    expect(loadScenario('steady').hash).toBe(loadScenario('steady').hash);
  });

  it('does not depend on the order of keys in the file', () => {
    const doc = minimal();
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    expect(loadScenario(writeDoc(reordered)).hash).toBe(loadScenario(writeDoc(doc)).hash);
  });

  it('does not depend on the seed', () => {
    expect(loadScenario(writeDoc({ ...minimal(), seed: 7 })).hash).toBe(loadScenario(writeDoc(minimal())).hash);
    expect(loadScenario('mmc', { seed: 9 }).hash).toBe(loadScenario('mmc').hash);
  });

  it('changes when any field changes', () => {
    const other = { ...minimal(), duration: '11m' };
    expect(loadScenario(writeDoc(other)).hash).not.toBe(loadScenario(writeDoc(minimal())).hash);
  });

  it('hashes canonical JSON: keys sorted at every level, arrays in order', () => {
    expect(canonicalJson({ b: [{ y: 1, x: null }], a: 'z', u: undefined })).toBe('{"a":"z","b":[{"x":null,"y":1}]}');
  });
});

describe('invalid input', () => {
  it('a missing file', () => {
    const file = join(dir, 'nope.yaml');
    const err = inputErrorOf(() => loadScenario(file));
    expect(err.exitCode).toBe(2);
    expect(err.issues).toEqual([{ file, path: '(file)', expected: 'a readable file', found: `ENOENT: no such file or directory, open '${file}'` }]);
  });

  it('an unknown scenario name lists the known ones', () => {
    expect(messageOf(() => loadScenario('flsh-crowd'))).toBe(
      'flsh-crowd: (file): expected a scenario file or the name of a ready scenario, found unknown scenario "flsh-crowd" (known: cascade, diurnal-week, flash-crowd, geo-blocking, mmc, peer-failure, push-vs-pull, redirection-policies, staggered-flash-crowds, steady, worldcup98); did you mean "flash-crowd"?',
    );
  });

  it('invalid YAML names the line and column', () => {
    const file = writeTemp('name: x\ncdns:\n  - id: a\n   role: b\n');
    expect(messageOf(() => loadScenario(file))).toBe(`${file}: (file): expected valid YAML, found line 4, column 1: Sequence item without - indicator`);
  });

  it('invalid JSON names the line and column', () => {
    const file = writeTemp('{\n  "name": "x",\n  "duration": }\n', '.json');
    expect(messageOf(() => loadScenario(file))).toBe(`${file}: (file): expected valid JSON, found line 3, column 15: Unexpected token '}'`);
  });

  it('an empty file', () => {
    const file = writeTemp('');
    expect(inputErrorOf(() => loadScenario(file)).issues[0]).toMatchObject({ path: '(root)', found: 'an empty document' });
  });

  it('wrong types name the path, what was expected and what was found', () => {
    const doc = minimal() as Record<string, unknown>;
    Object.assign(doc, { duration: 'abc', seed: 'one', peering: { enabled: 'yes' } });
    const file = writeDoc(doc);
    expect(messageOf(() => loadScenario(file)).split('\n')).toEqual([
      `${file}: seed: expected a non-negative integer, found "one"`,
      `${file}: duration: expected a duration like 90s, 10m or 2h, found "abc"`,
      `${file}: peering.enabled: expected true or false, found "yes"`,
    ]);
  });

  it('an unknown field lists the known ones', () => {
    const doc = minimal();
    Object.assign(doc.cdns[0].sites[0], { srvers: 3 });
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      {
        path: 'cdns[0].sites[0].srvers',
        expected: 'no field "srvers" (did you mean "servers"? known: id, region, servers, serviceTime, queueLimit, cache)',
        found: '"srvers"',
      },
    ]);
  });

  it('a misspelt enum value lists the allowed ones', () => {
    const doc = minimal();
    doc.cdns[0].role = 'pirmary';
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'cdns[0].role', expected: 'one of primary, peer', found: '"pirmary"' },
    ]);
  });

  it('negative rates and servers are errors', () => {
    const doc = minimal();
    doc.workload[0].base.ratePerS = -5;
    doc.cdns[0].sites[0].servers = -3;
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'cdns[0].sites[0].servers', expected: 'a positive integer', found: '-3' },
      { path: 'workload[0].base.ratePerS', expected: 'a positive rate (requests per second)', found: '-5' },
    ]);
  });

  it('a missing required field is reported as found nothing', () => {
    const { name: _name, ...doc } = minimal();
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'name', expected: 'a name of letters, digits, ".", "_" or "-"', found: 'nothing' },
    ]);
  });

  it('a service time must be exactly one model', () => {
    const doc = minimal();
    doc.cdns[0].sites[0].serviceTime = {} as (typeof doc.cdns)[0]['sites'][0]['serviceTime'];
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      {
        path: 'cdns[0].sites[0].serviceTime',
        expected: 'exactly one of exponential, deterministic, uniform, lognormal, pareto, bySize',
        found: '{}',
      },
    ]);
  });

  it('an unknown region reference lists the regions', () => {
    const doc = minimal();
    doc.workload[0].region = 'mars';
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'workload[0].region', expected: 'one of the regions (eu-west, na-east)', found: '"mars"' },
    ]);
  });

  it('an unknown CDN reference lists the CDN ids', () => {
    const doc = minimal();
    doc.workload[0].cdn = 'gamma';
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'workload[0].cdn', expected: 'one of the CDN ids (alpha)', found: '"gamma"' },
    ]);
  });

  it('duplicate CDN and site ids point at the first use', () => {
    const doc = minimal();
    const site = { ...doc.cdns[0].sites[0], id: 'edge' };
    doc.cdns = [{ ...doc.cdns[0], sites: [site, site] }, doc.cdns[0]];
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'cdns[1].id', expected: 'a unique CDN id ("alpha" is already used at cdns[0].id)', found: '"alpha"' },
      { path: 'cdns[0].sites[1].id', expected: 'a unique site id within CDN alpha ("edge" is already used at cdns[0].sites[0].id)', found: '"edge"' },
    ]);
  });

  it('routing shares of one CDN in one region may not sum above 1', () => {
    const doc = {
      ...minimal(),
      cdns: [...minimal().cdns, { ...minimal().cdns[0], id: 'beta', role: 'peer' }],
      routing: [
        { cdn: 'alpha', to: 'beta', share: 0.7 },
        { cdn: 'alpha', to: 'beta', region: 'na-east', share: 0.4 },
      ],
    };
    expect(inputErrorOf(() => loadScenario(writeDoc(doc))).issues).toMatchObject([
      { path: 'routing[1].share', expected: 'shares of CDN alpha in na-east summing to at most 1', found: '0.4 (sum 1.1)' },
    ]);
  });

  it('reports schema and reference errors together, one line each', () => {
    const doc = minimal();
    doc.duration = '-1h';
    doc.cdns[0].sites[0].region = 'mars';
    doc.workload[0].cdn = 'gamma';
    const err = inputErrorOf(() => loadScenario(writeDoc(doc)));
    expect(err.issues.map((i) => i.path)).toEqual(['duration', 'cdns[0].sites[0].region', 'workload[0].cdn']);
    expect(err.message.split('\n')).toHaveLength(3);
  });

  it('an invalid --seed', () => {
    expect(inputErrorOf(() => loadScenario('mmc', { seed: 1.5 })).issues).toMatchObject([{ path: '--seed', expected: 'a non-negative integer', found: '1.5' }]);
  });
});
