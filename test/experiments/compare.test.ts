// autopeer compare: two real runs (the table and compare.json against their report.json values),
// two hand-made sweeps (Welch's test from the per-run values in runs.csv, computed by hand below),
// the output folder, and the refusals (missing folder, a folder that is neither, a file, run vs
// sweep, a malformed runs.csv or summary.json, unknown metrics), each an InputError naming the file.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../input/input-error.js';
import { compareFolders, parseMetricList, relativeChange, type RunComparison, type SweepComparison } from '../../experiments/compare.js';
import { compareChartSpec, renderCompareText } from '../../experiments/compare-render.js';
import { renderRunsCsv } from '../../experiments/runs-csv.js';
import { renderSummaryJson, summarize } from '../../experiments/summary.js';
import type { RunRow, Variant } from '../../experiments/run-row.js';
import { compareCommand, defaultCompareDir } from '../../cli/compare-command.js';
import { renderCharts } from '../../reports/render-charts.js';
import { cli, tempDir } from '../cli/helpers.js';
import { inputErrorOf } from '../input/errors.js';
import { SMALL_CROWD } from '../agents/run-helpers.js';

const close = (actual: unknown, expected: number, rel = 1e-6) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

function captureIo() {
  const io = { stdout: '', stderr: '', out: (t: string) => (io.stdout += t), err: (t: string) => (io.stderr += t), isTty: false };
  return io;
}

describe('compare two runs', () => {
  const dir = tempDir();
  const [a, b] = [join(dir, 'seed-1'), join(dir, 'seed-2')];
  type Report = {
    requests: { arrived: number; served: number };
    latencyMs: { p95: number };
    negotiations: { messages: number };
    cdns: Record<string, { economics: { utility: number } }>;
  };
  let ra: Report;
  let rb: Report;
  let comparison: RunComparison;

  beforeAll(() => {
    for (const [out, seed] of [
      [a, '1'],
      [b, '2'],
    ]) {
      expect(cli('run', SMALL_CROWD, '--set', 'duration=3m', '--seed', seed, '--out', out, '--no-charts', '--quiet').code).toBe(0);
    }
    ra = JSON.parse(readFileSync(join(a, 'report.json'), 'utf8'));
    rb = JSON.parse(readFileSync(join(b, 'report.json'), 'utf8'));
    comparison = compareFolders(a, b) as RunComparison;
  });

  it('takes each key metric from report.json: servedShare = served/arrived, latencyP95Ms, controlMessages, utility per CDN', () => {
    const m = (name: string) => comparison.metrics.find((x) => x.name === name);
    expect(comparison.kind).toBe('runs');
    close(m('servedShare')?.a, ra.requests.served / ra.requests.arrived);
    close(m('servedShare')?.b, rb.requests.served / rb.requests.arrived);
    expect(m('latencyP95Ms')?.a).toBe(ra.latencyMs.p95);
    expect(m('latencyP95Ms')?.b).toBe(rb.latencyMs.p95);
    close(m('latencyP95Ms')?.difference, rb.latencyMs.p95 - ra.latencyMs.p95);
    close(m('latencyP95Ms')?.change, (rb.latencyMs.p95 - ra.latencyMs.p95) / ra.latencyMs.p95);
    expect(m('controlMessages')?.a).toBe(ra.negotiations.messages);
    for (const cdn of ['alpha', 'beta', 'gamma']) close(m(`utility.${cdn}`)?.b, rb.cdns[cdn].economics.utility);
    expect(comparison.metrics.map((x) => x.name)).toContain('cost.gamma');
    // the two seeds draw different requests
    expect(ra.requests.arrived).not.toBe(rb.requests.arrived);
  });

  it('prints metric | A | B | B − A | change, and writes compare.md, compare.json and charts/compare.png through the safe output folder', () => {
    const io = captureIo();
    const out = join(dir, 'cmp');
    compareCommand(a, b, { out }, io);
    const p95 = (x: number) => String(Number(x.toPrecision(6)));
    const row = io.stdout.split('\n').find((l) => l.startsWith('latencyP95Ms')) ?? '';
    expect(row.split(/\s+/).slice(1, 3)).toEqual([p95(ra.latencyMs.p95), p95(rb.latencyMs.p95)]);
    expect(io.stdout).toMatch(/^A: .*seed-1 \(small-crowd, seed 1\)\nB: .*seed-2 \(small-crowd, seed 2\)\n\nmetric +A +B +B − A +change\n/);
    expect(readdirSync(out).sort()).toEqual(['.autopeer-manifest.json', 'charts', 'compare.json', 'compare.md']);
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(json.format).toBe('autopeer-compare/1');
    expect(json.metrics.find((x: { name: string }) => x.name === 'latencyP95Ms').b).toBe(rb.latencyMs.p95);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toContain(`| latencyP95Ms | ${p95(ra.latencyMs.p95)} | ${p95(rb.latencyMs.p95)} |`);
    const png = readFileSync(join(out, 'charts', 'compare.png'));
    expect([...png.subarray(0, 4)]).toEqual([137, 80, 78, 71]);
    // an explicit --out holding the earlier output needs --force
    expect(() => compareCommand(a, b, { out }, captureIo())).toThrow('pass --force to replace it');
    compareCommand(a, b, { out, force: true, quiet: true }, captureIo());
  });

  it('--metrics picks and orders the metrics; an unknown one is an InputError listing what exists', () => {
    const picked = compareFolders(a, b, parseMetricList('latencyP95Ms, servedShare')) as RunComparison;
    expect(picked.metrics.map((m) => m.name)).toEqual(['latencyP95Ms', 'servedShare']);
    expect(() => compareFolders(a, b, ['latencyP96Ms'])).toThrow('--metrics: latencyP96Ms: expected a metric name: servedShare, rejectedShare');
    expect(() => parseMetricList('a,,b')).toThrow(InputError);
    expect(() => parseMetricList('a,a')).toThrow('"a" twice');
  });

  it('the chart is one bar per metric of the relative change in %, coloured by better or worse', () => {
    const spec = compareChartSpec(comparison);
    expect(spec.file).toBe('compare.png');
    expect(spec.config.data.labels).toEqual(comparison.metrics.map((m) => m.name));
    const p95 = comparison.metrics.findIndex((m) => m.name === 'latencyP95Ms');
    close(spec.config.data.datasets[0].data[p95], 100 * ((rb.latencyMs.p95 - ra.latencyMs.p95) / ra.latencyMs.p95), 1e-4);
    expect(JSON.parse(JSON.stringify(spec.config))).toEqual(spec.config);
  });

  it('refuses a missing folder, a folder that is neither, a file, and a run against a sweep', () => {
    expect(inputErrorOf(() => compareFolders(join(dir, 'nope'), b)).message).toBe(
      `${join(dir, 'nope')}: (folder): expected a run folder (holding report.json) or a sweep folder (holding summary.json and runs.csv), found nothing there`,
    );
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'x');
    expect(inputErrorOf(() => compareFolders(a, other)).message).toContain('found a folder holding notes.txt');
    expect(inputErrorOf(() => compareFolders(join(other, 'notes.txt'), a)).message).toContain('found a file');
    const sweep = join(dir, 'sweep');
    writeSweep(sweep, sweepA);
    expect(inputErrorOf(() => compareFolders(a, sweep)).message).toBe(
      `${sweep}: (folder): expected a run folder like A (${a}): compare takes two runs or two sweeps, found a sweep folder`,
    );
  });

  it('refuses a report.json that is not autopeer’s, naming the file', () => {
    const bad = join(dir, 'bad-run');
    mkdirSync(bad);
    writeFileSync(join(bad, 'report.json'), '{"hello": 1}');
    expect(inputErrorOf(() => compareFolders(bad, a)).message).toContain(`${join(bad, 'report.json')}: scenario: expected an autopeer report.json`);
    writeFileSync(join(bad, 'report.json'), '{"hello": ');
    expect(inputErrorOf(() => compareFolders(bad, a)).message).toContain('expected valid JSON');
  });
});

// ---- two hand-made sweeps ----
interface SweepFixture {
  scenario: string;
  variants: Variant[];
  metrics: string[];
  /** variant → per-run [servedShare, latencyP95Ms] ([null] for a failed run) */
  runs: Record<string, ([number, number | null] | null)[]>;
}

function rowsOf(f: SweepFixture): RunRow[] {
  let index = 0;
  return Object.entries(f.runs).flatMap(([variant, runs]) =>
    runs.map((r, seed) => ({
      id: `${variant}-seed-${seed + 1}`,
      index: index++,
      variant,
      seed: seed + 1,
      status: r === null ? ('failed' as const) : ('ok' as const),
      error: r === null ? 'boom' : null,
      metrics: Object.fromEntries(f.metrics.map((m, k) => [m, r === null ? null : (r[k] ?? null)])),
    })),
  );
}

function writeSweep(dir: string, f: SweepFixture, tamper?: (summary: string) => string): void {
  mkdirSync(dir, { recursive: true });
  const rows = rowsOf(f);
  const summary = renderSummaryJson(
    summarize({ scenario: f.scenario, planHash: 'h', metrics: f.metrics, variants: f.variants, rows, planned: rows.length, baseline: null, shard: null }),
  );
  writeFileSync(join(dir, 'summary.json'), tamper ? tamper(summary) : summary);
  writeFileSync(join(dir, 'runs.csv'), renderRunsCsv(f.variants, f.metrics, rows));
}

const variant = (id: string, policy: string): Variant => ({ id, name: `policy=${policy}`, params: { 'cdns.alpha.policy': policy } });
const sweepA: SweepFixture = {
  scenario: 'small-crowd',
  variants: [variant('iso', 'isolated'), variant('bal', 'balanced'), variant('old', 'cost-saver')],
  metrics: ['servedShare', 'latencyP95Ms'],
  runs: {
    iso: [
      [0.9, 100],
      [0.92, 120],
      [0.94, null],
    ],
    bal: [
      [0.8, 50],
      [0.8, 50],
    ],
    old: [[0.5, 1]],
  },
};
const sweepB: SweepFixture = {
  scenario: 'small-crowd',
  variants: [variant('bal', 'balanced'), variant('iso', 'isolated'), variant('new', 'greedy')],
  metrics: ['latencyP95Ms', 'servedShare', 'arrangements'],
  runs: {
    iso: [[150, 0.95], [130, 0.97], [170, 0.99], [160, 0.97], null],
    bal: [
      [50, 0.8],
      [50, 0.8],
      [50, 0.8],
    ],
    new: [[1, 1]],
  },
};

describe('compare two sweeps', () => {
  const dir = tempDir();
  const [a, b] = [join(dir, 'sweep-a'), join(dir, 'sweep-b')];
  // B's summary.json is tampered with: compare must use runs.csv's per-run values, not the summary's statistics
  beforeAll(() => {
    writeSweep(a, sweepA);
    writeSweep(b, sweepB, (s) => s.replace(/"mean": [^,]+,/g, '"mean": 999,'));
  });

  it('matches variants by id (in A’s order), lists those in one sweep only, compares the metrics both measured and notes the rest', () => {
    const c = compareFolders(a, b) as SweepComparison;
    expect(c.kind).toBe('sweeps');
    expect(c.variants.map((v) => v.id)).toEqual(['iso', 'bal']);
    expect([c.onlyInA, c.onlyInB]).toEqual([['old'], ['new']]);
    expect(c.metrics.map((m) => m.name)).toEqual(['servedShare', 'latencyP95Ms']);
    expect(c.notes).toEqual(['metrics only B measured: arrangements']);
  });

  // iso servedShare, A [0.9, 0.92, 0.94] (mean 0.92, sd 0.02, half-width 4.302653·0.02/√3 = 0.0496828),
  // B [0.95, 0.97, 0.99, 0.97] (its fifth run failed; mean 0.97, sd 0.0163299, half-width 3.182446·0.0163299/2 = 0.0259845):
  // d = 0.05, se = √(0.0004/3 + 0.00026667/4) = 0.0141421, df = 3.857143, t(0.975, 3.857143) = 2.817474
  // → [0.0101549, 0.0898451], p = 0.025600: significant; relative change 0.05/0.92 = 0.0543478, interval [0.0110379, 0.0976577]
  it('iso servedShare: A 0.92 ± 0.049683 (n 3), B 0.97 ± 0.025985 (n 4), difference 0.05 in [0.010155, 0.089845], p 0.025600, significant', () => {
    const m = (compareFolders(a, b) as SweepComparison).variants[0].metrics.servedShare;
    expect([m.a.n, m.a.mean, m.b.n, m.b.mean]).toEqual([3, 0.92, 4, 0.97]);
    close(m.a.halfWidth, 0.0496828);
    close(m.b.halfWidth, 0.0259845);
    close(m.difference, 0.05);
    close(m.ci95?.[0], 0.0101549);
    close(m.ci95?.[1], 0.0898451);
    close(m.p, 0.0256001);
    expect(m.significant).toBe(true);
    close(m.change, 0.0543478);
    close(m.changeCi95?.[0], 0.0110379);
    close(m.changeCi95?.[1], 0.0976577);
  });

  // iso latencyP95Ms, A [100, 120] (the third run has none), B [150, 130, 170, 160]: d = 42.5, df = 2.539880, p = 0.060751, [−3.98205, 88.98205]
  it('iso latencyP95Ms skips the run without a value: difference 42.5, p 0.060751, not significant', () => {
    const m = (compareFolders(a, b) as SweepComparison).variants[0].metrics.latencyP95Ms;
    expect(m.a.n).toBe(2);
    close(m.difference, 42.5);
    close(m.p, 0.0607507);
    close(m.ci95?.[0], -3.98205);
    expect(m.significant).toBe(false);
  });

  it('bal: zero variance and equal means on both sides: difference 0, [0, 0], p 1, not significant', () => {
    const m = (compareFolders(a, b) as SweepComparison).variants[1].metrics.servedShare;
    expect(m).toEqual({
      a: { n: 2, mean: 0.8, halfWidth: 0 },
      b: { n: 3, mean: 0.8, halfWidth: 0 },
      difference: 0,
      ci95: [0, 0],
      p: 1,
      significant: false,
      change: 0,
      changeCi95: [0, 0],
    });
  });

  it('prints per variant metric | A | B | B − A | 95% CI | p | significant, and notes the unmatched variants', () => {
    const text = renderCompareText(compareFolders(a, b));
    expect(text).toContain('note: variants only in A (not compared): old\nnote: variants only in B (not compared): new');
    expect(text).toMatch(/\nvariant iso \(policy=isolated\)\nmetric +A \(mean ± 95%\) +B \(mean ± 95%\) +B − A +95% CI of B − A +p +significant\n/);
    expect(text).toMatch(/servedShare +0\.920 ± 0\.050 \(n 3\) +0\.970 ± 0\.026 \(n 4\) +0\.05 +\[0\.010, 0\.090\] +0\.026 +yes\n/);
    expect(text).toMatch(/latencyP95Ms +110 ± 127 \(n 2\) +153 ± 27 \(n 4\) +42\.5 +\[-4, 89\] +0\.061 +no\n/);
  });

  it('--metrics must name metrics both sweeps measured', () => {
    expect((compareFolders(a, b, ['latencyP95Ms']) as SweepComparison).metrics.map((m) => m.name)).toEqual(['latencyP95Ms']);
    expect(inputErrorOf(() => compareFolders(a, b, ['arrangements'])).message).toBe(
      `${a}/summary.json: metrics: expected a metric the sweep measured (servedShare, latencyP95Ms), found "arrangements"`,
    );
  });

  it('the chart has per variant a relative-change bar and its interval in the same slot, as plain data that renders', () => {
    const spec = compareChartSpec(compareFolders(a, b));
    const ds = spec.config.data.datasets as { label: string; stack: string; data: unknown[] }[];
    expect(ds.map((d) => [d.label, d.stack])).toEqual([
      ['iso 95% CI', 'iso'],
      ['iso', 'iso'],
      ['bal 95% CI', 'bal'],
      ['bal', 'bal'],
    ]);
    close(ds[1].data[0], 5.43478, 1e-5);
    expect(ds[0].data[0]).toEqual([1.1038, 9.7658]);
    expect(Object.keys(renderCharts([spec]))).toEqual(['charts/compare.png']);
  });

  it('refuses a malformed runs.csv with its line and column, a summary.json of another format, and summary.json without runs.csv', () => {
    const broken = join(dir, 'broken');
    writeSweep(broken, sweepA);
    const csv = readFileSync(join(broken, 'runs.csv'), 'utf8').replace('0.92', '0.9.2');
    writeFileSync(join(broken, 'runs.csv'), csv);
    expect(inputErrorOf(() => compareFolders(a, broken)).message).toBe(
      `${join(broken, 'runs.csv')}: line 3, column 30 (servedShare): expected a finite number or an empty field, found "0.9.2"`,
    );
    writeFileSync(join(broken, 'summary.json'), JSON.stringify({ format: 'autopeer-sweep-summary/0' }));
    expect(inputErrorOf(() => compareFolders(a, broken)).message).toContain(
      `${join(broken, 'summary.json')}: format: expected "autopeer-sweep-summary/1", found "autopeer-sweep-summary/0"`,
    );
    const half = join(dir, 'half');
    mkdirSync(half);
    writeFileSync(join(half, 'summary.json'), '{}');
    expect(inputErrorOf(() => compareFolders(half, a)).message).toContain('found summary.json without runs.csv beside it');
  });
});

describe('autopeer compare on the command line', () => {
  it('exits 0 and prints the table for two sweeps; exits 2 with the message on stderr for a refused pair, writing nothing', () => {
    const dir = tempDir();
    const [a, b, out] = [join(dir, 'a'), join(dir, 'b'), join(dir, 'cmp')];
    writeSweep(a, sweepA);
    writeSweep(b, sweepB);
    const ok = cli('compare', a, b, '--out', out, '--no-charts');
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain('variant iso (policy=isolated)');
    expect(ok.stdout.endsWith(`wrote ${out}/\n`)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['.autopeer-manifest.json', 'compare.json', 'compare.md']);
    const md = readFileSync(join(out, 'compare.md'), 'utf8');
    expect(md).toContain(
      'significant when p < 0.05.\n\n- variants only in A (not compared): old\n- variants only in B (not compared): new\n\n## iso (policy=isolated)\n',
    );
    expect(md).not.toContain('\n\n\n');
    const refused = cli('compare', a, join(dir, 'nope'), '--out', join(dir, 'cmp2'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(dir, 'nope')}: (folder): expected a run folder`);
    expect(existsSync(join(dir, 'cmp2'))).toBe(false);
    expect(cli('compare', a).code).toBe(2);
  });
});

describe('details', () => {
  it('relative change: (b − a)/|a|; 0 when both are 0; none when only a is 0 or either is missing', () => {
    expect([relativeChange(2, 3), relativeChange(-2, -3), relativeChange(0, 0), relativeChange(0, 1), relativeChange(null, 1)]).toEqual([
      0.5,
      -0.5,
      0,
      null,
      null,
    ]);
  });

  it('the default folder is out/compare/<A>-vs-<B>, names made safe', () => {
    expect(defaultCompareDir('out/small-crowd/seed-1/', 'x/seed 2')).toBe(join('out', 'compare', 'seed-1-vs-seed_2'));
  });

  it('a refused comparison writes nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'cmp');
    expect(() => compareCommand(join(dir, 'nope'), join(dir, 'nope2'), { out }, captureIo())).toThrow(InputError);
    expect(existsSync(out)).toBe(false);
  });
});
