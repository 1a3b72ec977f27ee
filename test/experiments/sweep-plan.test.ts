// The sweep plan: seeds as ranges and lists, the grid's cross product × seeds with stable run ids,
// experiment files validated like scenarios, round-robin shards that partition the run list, and a
// plan hash that follows the runs' inputs but no path.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatSeeds, parseSeeds } from '../../experiments/seeds.js';
import { buildSweepPlan, parseShard, parseVary, renderSweepPlan, shardRuns, splitValues, type SweepRequest } from '../../experiments/sweep-plan.js';
import { validateExperimentDocument } from '../../experiments/experiment-file.js';
import { tempDir } from '../cli/helpers.js';
import { inputErrorOf } from '../input/errors.js';

const SMALL = 'test/fixtures/small-crowd.yaml';
const EXPERIMENT = 'test/fixtures/experiments/small-grid.yaml';
const plan = (r: Partial<SweepRequest>) => buildSweepPlan({ ref: SMALL, version: '0.0.0-test', sets: ['duration=3m'], ...r });

describe('seeds', () => {
  it('reads ranges (both ends included), lists and mixes, in the order written', () => {
    expect(parseSeeds('1..5', 'f', 'p')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1,5,9', 'f', 'p')).toEqual([1, 5, 9]);
    expect(parseSeeds(' 7 , 1..3 ,20', 'f', 'p')).toEqual([7, 1, 2, 3, 20]);
    expect(parseSeeds('0..0', 'f', 'p')).toEqual([0]);
    expect(parseSeeds('4294967295', 'f', 'p')).toEqual([4294967295]);
  });

  it.each([
    ['', 'nothing'],
    ['3..1', 'must run upwards'],
    ['1,,2', '""'],
    ['-1', '"-1"'],
    ['1.5', '"1.5"'],
    ['a..b', '"a..b"'],
    ['1..3,2', 'seed 2 twice'],
    ['4294967296', 'past 4294967295'],
    ['0..100000', 'more than 100000 seeds'],
  ])('refuses %j, naming the flag and what was found (%s)', (text, found) => {
    const error = inputErrorOf(() => parseSeeds(text, '--seeds', '--seeds'));
    expect(error.message).toContain('--seeds: --seeds: expected seeds as a range');
    expect(error.message).toContain(found);
  });

  it('formats a seed list back to a form that reads the same (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 40 }), (seeds) => {
        expect(parseSeeds(formatSeeds(seeds), 'f', 'p')).toEqual(seeds);
      }),
    );
  });
});

describe('--vary and --shard', () => {
  it('splits values at commas outside brackets and quotes (a value may be a YAML list)', () => {
    expect(splitValues('a,b, c')).toEqual(['a', 'b', 'c']);
    expect(splitValues('[1,2],{a: 1, b: 2},"x,y"')).toEqual(['[1,2]', '{a: 1, b: 2}', '"x,y"']);
    expect(parseVary('cdns.alpha.policy=isolated,balanced')).toEqual({ path: 'cdns.alpha.policy', values: ['isolated', 'balanced'] });
  });

  it.each(['novalue', '=1,2', 'a..b=1', 'a=1,,2', 'a=1,1'])('refuses --vary %j', (text) => {
    expect(inputErrorOf(() => parseVary(text)).message).toMatch(/--vary/);
  });

  it('reads I/N with 1 ≤ I ≤ N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', '1/0', '1', '-1/2', '1/2/3', 'a/b', '1.5/2', '']) expect(inputErrorOf(() => parseShard(bad)).message).toContain('--shard');
  });
});

describe('the plan', () => {
  it('crosses the grid (first --vary outermost) with the seeds, each run with a stable id', () => {
    const p = plan({ seeds: '1..3', vary: ['cdns.alpha.policy=isolated,balanced', 'workload.0.base.ratePerS=150,180'] });
    expect(p.variants.map((v) => v.id)).toEqual(['isolated_150', 'isolated_180', 'balanced_150', 'balanced_180']);
    expect(p.variants[1].params).toEqual({ 'cdns.alpha.policy': 'isolated', 'workload.0.base.ratePerS': '180' });
    expect(p.variants[1].sets).toEqual(['duration=3m', 'cdns.alpha.policy=isolated', 'workload.0.base.ratePerS=180']);
    expect(p.runs).toHaveLength(12);
    expect(p.runs.slice(0, 4).map((r) => r.id)).toEqual(['isolated_150-seed-1', 'isolated_150-seed-2', 'isolated_150-seed-3', 'isolated_180-seed-1']);
    expect(p.runs.map((r) => r.index)).toEqual([...Array(12).keys()]);
    expect(new Set(p.runs.map((r) => r.id)).size).toBe(12);
    expect(p.varied).toEqual(['cdns.alpha.policy', 'workload.0.base.ratePerS']);
  });

  it('falls back to v1, v2, … when the values do not make distinct file names', () => {
    const p = plan({ vary: ['cdns.alpha.policy=isolated,qos-first', 'workload.0.base.ratePerS=150'] });
    expect(p.variants.map((v) => v.id)).toEqual(['isolated_150', 'qos-first_150']);
    const clash = plan({ vary: ['description=x y,x-y,X-Y'] });
    expect(clash.variants.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
    expect(clash.variants.map((v) => v.name)).toEqual(['description=x y', 'description=x-y', 'description=X-Y']);
  });

  it("without --seeds runs the scenario's own seed; without --vary, one variant named base", () => {
    const p = plan({});
    expect(p.seeds).toEqual([1]);
    expect(p.variants.map((v) => [v.id, v.name])).toEqual([['base', 'base']]);
    expect(p.runs.map((r) => r.id)).toEqual(['base-seed-1']);
  });

  it('refuses a bad value of a variant before any run, naming the variant and suggesting the fix', () => {
    const error = inputErrorOf(() => plan({ vary: ['cdns.alpha.policy=isolated,balancd'] }));
    expect(error.message).toContain('small-crowd.yaml: cdns[0].policy (variant cdns.alpha.policy=balancd)');
    expect(error.message).toContain('did you mean "balanced"?');
  });

  it('reports every flag problem at once', () => {
    const error = inputErrorOf(() => plan({ seeds: '3..1', vary: ['x'], metrics: 'servedShare,nope' }));
    expect(error.issues.map((i) => i.file)).toEqual(['--seeds', '--vary', '--metrics']);
  });

  it('names the baseline by id or name, and refuses an unknown one listing the variants', () => {
    expect(plan({ vary: ['cdns.alpha.policy=isolated,balanced'], baseline: 'isolated' }).baseline).toBe('isolated');
    expect(plan({ vary: ['cdns.alpha.policy=isolated,balanced'], baseline: 'cdns.alpha.policy=balanced' }).baseline).toBe('balanced');
    expect(inputErrorOf(() => plan({ vary: ['cdns.alpha.policy=isolated,balanced'], baseline: 'qos' })).message).toContain('a variant: isolated, balanced');
  });

  it('has a hash that follows what decides the results (values, seeds, metrics, version) but not the path to the scenario', () => {
    const base = plan({ seeds: '1,2', vary: ['cdns.alpha.policy=isolated,balanced'] });
    expect(plan({ seeds: '1,2', vary: ['cdns.alpha.policy=isolated,balanced'] }).planHash).toBe(base.planHash);
    expect(plan({ ref: join(process.cwd(), SMALL), seeds: '1,2', vary: ['cdns.alpha.policy=isolated,balanced'] }).planHash).toBe(base.planHash);
    const dir = tempDir();
    copyFileSync(SMALL, join(dir, 'copy.yaml'));
    expect(plan({ ref: join(dir, 'copy.yaml'), seeds: '1,2', vary: ['cdns.alpha.policy=isolated,balanced'] }).planHash).toBe(base.planHash);
    expect(plan({ seeds: '1,3', vary: ['cdns.alpha.policy=isolated,balanced'] }).planHash).not.toBe(base.planHash);
    expect(plan({ seeds: '1,2', vary: ['cdns.alpha.policy=isolated,qos-first'] }).planHash).not.toBe(base.planHash);
    expect(plan({ seeds: '1,2', vary: ['cdns.alpha.policy=isolated,balanced'], metrics: 'servedShare' }).planHash).not.toBe(base.planHash);
    expect(
      buildSweepPlan({ ref: SMALL, sets: ['duration=3m'], version: 'other', seeds: '1,2', vary: ['cdns.alpha.policy=isolated,balanced'] }).planHash,
    ).not.toBe(base.planHash);
  });

  it('--warmup is the scenario field warmup, set in every run and validated before any run', () => {
    const p = plan({ warmup: '30s', vary: ['cdns.alpha.policy=isolated,balanced'] });
    expect(p.sets).toEqual(['duration=3m', 'warmup=30s']);
    expect(p.variants[1].sets).toEqual(['duration=3m', 'warmup=30s', 'cdns.alpha.policy=balanced']);
    expect(inputErrorOf(() => plan({ warmup: '5m' })).message).toContain('warmup');
  });

  it('the ready experiment policy-comparison: five policies × 20 seeds of flash-crowd against isolated', () => {
    const p = buildSweepPlan({ ref: 'policy-comparison', version: '0' });
    expect(p.scenario.name).toBe('flash-crowd');
    expect(p.variants.map((v) => v.id)).toEqual(['isolated', 'balanced', 'cost-saver', 'qos-first', 'aggressive']);
    expect(p.runs).toHaveLength(100);
    expect(p.baseline).toBe('isolated');
  });

  it('the ready experiment redirection-policies: the five redirection rules × 10 seeds against share, conditional rules at share 1', () => {
    const p = buildSweepPlan({ ref: 'redirection-policies', version: '0' });
    expect(p.scenario.name).toBe('redirection-policies');
    expect(p.variants.map((v) => v.id)).toEqual(['share', 'overflow', 'threshold', 'load-proximity', 'sla']);
    expect(p.runs).toHaveLength(50);
    expect(p.baseline).toBe('share');
    const overflow = p.variants.find((v) => v.id === 'overflow');
    expect(overflow?.sets).toEqual(expect.arrayContaining(['routing.0.share=1', 'routing.1.share=1']));
  });

  it('shards partition the run list: every run in exactly one shard, sizes differing by at most one', () => {
    const p = plan({ seeds: '1..7', vary: ['cdns.alpha.policy=isolated,balanced,qos-first'] });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), (count) => {
        const slices = Array.from({ length: count }, (_, i) => shardRuns(p, { index: i + 1, count }));
        const ids = slices.flat().map((r) => r.id);
        expect(ids.sort()).toEqual(p.runs.map((r) => r.id).sort());
        const sizes = slices.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('--dry-run text lists every variant and every run of the slice with its id', () => {
    const p = plan({ seeds: '1..2', vary: ['cdns.alpha.policy=isolated,balanced'] });
    const text = renderSweepPlan(p, { index: 2, count: 2 }, 'out/x');
    expect(text).toContain('variants (2):');
    expect(text).toContain('runs of shard 2/2 (2 of 4):');
    expect(text).toContain('isolated-seed-2');
    expect(text).not.toContain('isolated-seed-1 ');
  });
});

describe('experiment files', () => {
  it('give the same plan as the equivalent flags', () => {
    const fromFile = buildSweepPlan({ ref: EXPERIMENT, version: '0.0.0-test' });
    const fromFlags = plan({
      seeds: '1..2',
      vary: ['cdns.alpha.policy=isolated,balanced', 'workload.0.base.ratePerS=150,180'],
      metrics: 'servedShare,rejectedShare,latencyP95Ms,utility.alpha',
      baseline: 'isolated_150',
    });
    expect(fromFile.planHash).toBe(fromFlags.planHash);
    expect(fromFile.baseline).toBe('isolated_150');
    expect(fromFile.description).toContain('isolated vs balanced');
  });

  it('flags add to and replace what the file says', () => {
    const p = buildSweepPlan({ ref: EXPERIMENT, version: '0', seeds: '5', vary: ['peering.control.lossRate=0,0.1'], baseline: 'isolated_150_0' });
    expect(p.seeds).toEqual([5]);
    expect(p.variants).toHaveLength(8);
  });

  it('named variants are crossed with the grid', () => {
    const doc = {
      scenario: SMALL,
      variants: [
        { name: 'iso', set: { 'cdns.alpha.policy': 'isolated' } },
        { name: 'bal', set: { 'cdns.alpha.policy': 'balanced' } },
      ],
      vary: { 'workload.0.base.ratePerS': [150, 180] },
    };
    const spec = validateExperimentDocument(doc, 'e.yaml');
    expect(spec.variants.map((v) => v.name)).toEqual(['iso', 'bal']);
    const dir = tempDir();
    writeFileSync(join(dir, 'e.yaml'), JSON.stringify({ ...doc, scenario: join(process.cwd(), SMALL), set: { duration: '3m' } }));
    const p = buildSweepPlan({ ref: join(dir, 'e.yaml'), version: '0' });
    expect(p.variants.map((v) => v.id)).toEqual(['iso_150', 'iso_180', 'bal_150', 'bal_180']);
    expect(p.variants[2].sets).toEqual(['duration=3m', 'cdns.alpha.policy=balanced', 'workload.0.base.ratePerS=150']);
  });

  it('resolve a relative scenario path against their own folder', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    copyFileSync(SMALL, join(dir, 'sub', 'scenario.yaml'));
    writeFileSync(join(dir, 'e.yaml'), 'scenario: sub/scenario.yaml\nset: { duration: 3m }\n');
    expect(buildSweepPlan({ ref: join(dir, 'e.yaml'), version: '0' }).scenario.file).toBe(join(dir, 'sub', 'scenario.yaml'));
  });

  it('report every problem with its field path, what was expected and what was found', () => {
    const error = inputErrorOf(() =>
      validateExperimentDocument(
        {
          scenario: SMALL,
          seeds: '2..1',
          vary: { 'cdns.alpha.policy': [], 'a..b': [1] },
          variants: [{ name: 'x' }, { name: 'x', sett: {} }],
          metrics: ['servedShare', 'bogus'],
          seedz: 3,
        },
        'exp.yaml',
      ),
    );
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['seedz', 'vary["cdns.alpha.policy"]', 'variants[1].sett']));
    expect(error.message).toContain('exp.yaml: seedz: expected');
    expect(error.message).toContain('did you mean "seeds"?');
  });

  it('refuses duplicate names, values and a field both fixed and varied', () => {
    const error = inputErrorOf(() =>
      validateExperimentDocument(
        { scenario: SMALL, set: { duration: '3m' }, vary: { duration: ['1m', '2m'], x: [1, 1] }, variants: [{ name: 'a' }, { name: 'a' }], metrics: ['nope'] },
        'exp.yaml',
      ),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['vary.duration', 'vary.x[1]', 'variants[1].name', 'metrics[0]']);
  });

  it('refuse an empty document and a non-mapping', () => {
    expect(inputErrorOf(() => validateExperimentDocument(null, 'e.yaml')).message).toContain('an empty document');
    expect(inputErrorOf(() => validateExperimentDocument([1], 'e.yaml')).message).toContain('e.yaml');
  });
});
