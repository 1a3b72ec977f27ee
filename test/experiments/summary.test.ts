// The sweep summary against hand computations: per variant and metric n, mean, sd, the 95%
// Student's t interval, min and max; the baseline differences by Welch's test; the degenerate
// cases (n = 0, n = 1, zero variance, failed runs); and summary.json's determinism (key order,
// row order, read back from runs.csv). Tolerance 1e-6 relative: far below the printed digits.
import { describe, it, expect } from 'vitest';
import { renderSummaryJson, renderSummaryMarkdown, summarize, type SummaryInput } from '../../experiments/summary.js';
import { parseRunsCsv, renderRunsCsv, variedPaths } from '../../experiments/runs-csv.js';
import type { RunRow, Variant } from '../../experiments/run-row.js';

const close = (actual: number | null | undefined, expected: number, rel = 1e-6) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

const variants: Variant[] = [
  { id: 'iso', name: 'policy=isolated', params: { 'cdns.alpha.policy': 'isolated' } },
  { id: 'bal', name: 'policy=balanced', params: { 'cdns.alpha.policy': 'balanced' } },
  { id: 'cost', name: 'policy=cost | saver', params: { 'cdns.alpha.policy': 'cost-saver' } },
];
const metrics = ['servedShare', 'latencyP95Ms', 'arrangements'];
let index = 0;
const ok = (variant: string, seed: number, servedShare: number, latencyP95Ms: number | null, arrangements: number): RunRow => ({
  id: `${variant}-seed-${seed}`,
  index: index++,
  variant,
  seed,
  status: 'ok',
  error: null,
  metrics: { servedShare, latencyP95Ms, arrangements },
});
const rows: RunRow[] = [
  ok('iso', 1, 0.9, 100, 2),
  ok('iso', 2, 0.92, 120, 2),
  ok('iso', 3, 0.94, null, 2),
  ok('bal', 1, 0.95, 150, 3),
  ok('bal', 2, 0.97, 130, 3),
  ok('bal', 3, 0.99, 170, 3),
  ok('bal', 4, 0.97, 160, 3),
  ok('cost', 1, 0.8, 90, 1),
  {
    id: 'cost-seed-2',
    index: index++,
    variant: 'cost',
    seed: 2,
    status: 'failed',
    error: 'policy error | line 3\nsecond line',
    metrics: { servedShare: null, latencyP95Ms: null, arrangements: null },
  },
];
const input: SummaryInput = { scenario: 'small-crowd', planHash: 'abc123', metrics, variants, rows, planned: 11, baseline: 'iso', shard: null };

describe('summarize', () => {
  const summary = summarize(input);
  const [iso, bal, cost] = summary.variants;

  it('counts the runs: 11 planned, 8 ok, 1 failed, 2 missing; per variant ok and failed', () => {
    expect(summary.runs).toEqual({ planned: 11, ok: 8, failed: 1, missing: 2 });
    expect(summary.variants.map((v) => [v.id, v.runs])).toEqual([
      ['iso', { ok: 3, failed: 0 }],
      ['bal', { ok: 4, failed: 0 }],
      ['cost', { ok: 1, failed: 1 }],
    ]);
    expect(summary.failures).toEqual([{ id: 'cost-seed-2', variant: 'cost', seed: 2, error: 'policy error | line 3\nsecond line' }]);
  });

  // iso servedShare [0.9, 0.92, 0.94]: mean 0.92 (0.9199999999999999 in floating point, 0.92 after the 12-digit rounding);
  // sd √((0.0004 + 0 + 0.0004)/2) = 0.02; t(0.975, 2) = 4.302653 → half-width 4.302653·0.02/√3 = 0.04968275 → [0.87031725, 0.96968275]
  it('iso servedShare: n 3, mean 0.92, sd 0.02, 95% CI [0.870317, 0.969683], min 0.9, max 0.94', () => {
    const s = iso.metrics.servedShare;
    expect(s.n).toBe(3);
    expect(s.mean).toBe(0.92);
    close(s.sd, 0.02);
    close(s.ci95?.[0], 0.87031725);
    close(s.ci95?.[1], 0.96968275);
    expect([s.min, s.max]).toEqual([0.9, 0.94]);
  });

  // iso latencyP95Ms [100, 120] (the third run has none): mean 110, sd √200 = 14.142136;
  // t(0.975, 1) = 12.706205 → half-width 12.706205·14.142136/√2 = 127.06205 → [−17.06205, 237.06205]
  // bal latencyP95Ms [150, 130, 170, 160]: mean 152.5, sd √(875/3) = 17.078251; t(0.975, 3) = 3.182446 → half-width 27.175309
  it('skips a null value: iso latencyP95Ms has n 2, [−17.06205, 237.06205]; bal has 152.5 ± 27.175309', () => {
    const s = iso.metrics.latencyP95Ms;
    expect(s.n).toBe(2);
    expect(s.mean).toBe(110);
    close(s.sd, 14.142136);
    close(s.ci95?.[0], -17.06205);
    close(s.ci95?.[1], 237.06205);
    const b = bal.metrics.latencyP95Ms;
    expect(b.mean).toBe(152.5);
    close(b.sd, 17.078251);
    close(((b.ci95?.[1] as number) - (b.ci95?.[0] as number)) / 2, 27.175309);
  });

  it('n = 1 (cost: one ok run, one failed): the mean, min and max of the one value, no sd, no interval, no difference', () => {
    expect(cost.metrics.servedShare).toEqual({ n: 1, mean: 0.8, sd: null, ci95: null, min: 0.8, max: 0.8 });
    expect(cost.vsBaseline).toEqual({ servedShare: null, latencyP95Ms: null, arrangements: null });
  });

  it('n = 0: everything null', () => {
    const none = summarize({ ...input, rows: rows.filter((r) => r.variant !== 'cost'), planned: 11 });
    expect(none.variants[2].metrics.servedShare).toEqual({ n: 0, mean: null, sd: null, ci95: null, min: null, max: null });
    expect(none.variants[2].runs).toEqual({ ok: 0, failed: 0 });
  });

  // bal − iso servedShare: bal [0.95, 0.97, 0.99, 0.97]: mean 0.97, sd √(0.0008/3) = 0.016329932, sb²/nb = 0.0000666667
  // iso: sa²/na = 0.0004/3 = 0.000133333; se = √0.0002 = 0.014142136; d = 0.05; t = 3.5355339
  // df = 0.0002² / (0.000133333²/2 + 0.0000666667²/3) = 4e-8 / (8.888889e-9 + 1.481481e-9) = 3.8571429
  // t(0.975, 3.857143) = 2.817474 → half-width 2.817474·0.014142136 = 0.0398451 → [0.0101549, 0.0898451]; p = 2·P(T > 3.5355339 | 3.857143) = 0.025600 (significant)
  it('bal vs baseline iso, servedShare: difference 0.05, df 3.857143, t 3.535534, p 0.025600, significant', () => {
    const d = bal.vsBaseline?.servedShare;
    expect(d).not.toBeNull();
    close(d?.difference, 0.05);
    close(d?.df ?? null, 3.8571429);
    close(d?.t ?? null, 3.5355339);
    close(d?.p, 0.0256001);
    close(d?.ci95[0], 0.0101549);
    close(d?.ci95[1], 0.0898451);
    expect(d?.significant).toBe(true);
  });

  // bal − iso latencyP95Ms: d = 42.5; se = √(100 + 72.916667) = 13.149778; t = 3.2319937
  // df = 172.916667² / (100²/1 + 72.916667²/3) = 29900.17 / 11772.28 = 2.5398796; p = 0.060751 → not significant; [−3.98205, 88.98205]
  it('bal vs baseline iso, latencyP95Ms: difference 42.5, df 2.539880, p 0.060751, not significant, [−3.98205, 88.98205]', () => {
    const d = bal.vsBaseline?.latencyP95Ms;
    close(d?.difference, 42.5);
    close(d?.df ?? null, 2.5398796);
    close(d?.t ?? null, 3.2319937);
    close(d?.p, 0.0607507);
    close(d?.ci95[0], -3.98205);
    close(d?.ci95[1], 88.98205);
    expect(d?.significant).toBe(false);
  });

  it('zero variance on both sides (arrangements 2, 2, 2 vs 3, 3, 3, 3): difference 1, interval [1, 1], p 0, significant, t and df null', () => {
    expect(iso.metrics.arrangements).toEqual({ n: 3, mean: 2, sd: 0, ci95: [2, 2], min: 2, max: 2 });
    expect(bal.vsBaseline?.arrangements).toEqual({ difference: 1, ci95: [1, 1], t: null, df: null, p: 0, significant: true });
  });

  it('no difference for the baseline itself, and none at all without a baseline', () => {
    expect(iso.vsBaseline).toBeNull();
    expect(summarize({ ...input, baseline: null }).variants.every((v) => v.vsBaseline === null)).toBe(true);
  });

  it('describes each metric (unit, meaning, direction) and keeps the variants in the given order', () => {
    expect(summary.metrics[0]).toEqual({ name: 'servedShare', unit: 'share', description: 'requests served (anywhere) / arrived', higherIsBetter: true });
    expect(summary.variants.map((v) => v.id)).toEqual(['iso', 'bal', 'cost']);
  });

  it('refuses what the caller must guarantee: an unknown variant or baseline, a repeated run, more runs than planned', () => {
    expect(() => summarize({ ...input, baseline: 'nope' })).toThrow('baseline "nope" is not a variant');
    expect(() => summarize({ ...input, rows: [...rows, { ...rows[0], id: 'x', variant: 'v9' }] })).toThrow('unknown variant "v9"');
    expect(() => summarize({ ...input, rows: [...rows, rows[0]] })).toThrow('appears twice');
    expect(() => summarize({ ...input, planned: 3 })).toThrow('9 runs but 3 planned');
  });
});

describe('summary.json', () => {
  const json = renderSummaryJson(summarize(input));

  it('has the format’s keys in a fixed order and no times or paths', () => {
    const doc = JSON.parse(json);
    expect(Object.keys(doc)).toEqual(['format', 'scenario', 'planHash', 'shard', 'confidence', 'runs', 'baseline', 'metrics', 'variants', 'failures']);
    expect(doc.format).toBe('autopeer-sweep-summary/1');
    expect(doc.confidence).toBe(0.95);
    expect(Object.keys(doc.variants[1])).toEqual(['id', 'name', 'params', 'runs', 'metrics', 'vsBaseline']);
    expect(Object.keys(doc.variants[1].metrics.servedShare)).toEqual(['n', 'mean', 'sd', 'ci95', 'min', 'max']);
    expect(Object.keys(doc.variants[1].vsBaseline.servedShare)).toEqual(['difference', 'ci95', 't', 'df', 'p', 'significant']);
    expect(json).not.toMatch(/20\d\d-\d\d-\d\dT|\/tmp\//);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('rounds every number to 12 significant digits (0.9199999999999999 is written 0.92)', () => {
    expect(json).toContain('"mean": 0.92,');
    for (const n of json.match(/-?\d+\.\d+(e[-+]\d+)?/g) ?? []) expect(n.replace(/^-?0\.0*|[.-]|e.*$/g, '').length).toBeLessThanOrEqual(12);
  });

  it('has the same bytes whatever the rows’ order, and for rows read back from runs.csv (what merge does)', () => {
    const shuffled = [...rows].reverse();
    expect(renderSummaryJson(summarize({ ...input, rows: shuffled }))).toBe(json);
    const csv = renderRunsCsv(variants, metrics, rows);
    const readBack = parseRunsCsv(csv, 'runs.csv', { paramPaths: variedPaths(variants), metrics });
    expect(renderSummaryJson(summarize({ ...input, rows: readBack }))).toBe(json);
  });

  it('rounds values as runs.csv does before computing, so unrounded inputs summarise like their runs.csv', () => {
    const noisy = rows.map((r) => (r.status === 'ok' ? { ...r, metrics: { ...r.metrics, servedShare: (r.metrics.servedShare as number) + 1e-15 } } : r));
    const readBack = parseRunsCsv(renderRunsCsv(variants, metrics, noisy), 'runs.csv', { paramPaths: variedPaths(variants), metrics });
    expect(renderSummaryJson(summarize({ ...input, rows: noisy }))).toBe(renderSummaryJson(summarize({ ...input, rows: readBack })));
  });

  it('records the shard', () => {
    expect(JSON.parse(renderSummaryJson(summarize({ ...input, shard: { index: 2, count: 3 } }))).shard).toEqual({ index: 2, count: 3 });
  });
});

describe('summary.md', () => {
  const md = renderSummaryMarkdown(summarize(input));

  it('states the runs and has one table per metric with mean ± half-width to the half-width’s precision, sd and interval', () => {
    expect(md).toContain('Plan `abc123`: 11 runs planned, 8 ok, 1 failed, 2 missing.');
    expect(md).toContain('## servedShare (share)');
    expect(md).toContain('| variant | n | mean ± 95% | sd | 95% CI | min | max | Δ vs iso | 95% CI of Δ | p | significant |');
    // 0.92 ± 0.04968 → two significant digits of the half-width: 0.920 ± 0.050
    expect(md).toContain('| iso | 3 | 0.920 ± 0.050 | 0.02 | [0.870, 0.970] | 0.9 | 0.94 | baseline |  |  |  |');
    expect(md).toContain('| bal | 4 | 0.970 ± 0.026 | 0.01633 | [0.944, 0.996] | 0.95 | 0.99 | 0.05 | [0.010, 0.090] | 0.026 | **yes** |');
    expect(md).toContain('| cost | 1 | 0.8 | – | – | 0.8 | 0.8 | – | – | – | n < 2 |');
    // 152.5 ± 27.18 → 153 ± 27; Welch's [−3.98, 88.98] to its half-width's precision
    expect(md).toContain('| bal | 4 | 153 ± 27 | 17.08 | [125, 180] | 130 | 170 | 42.5 | [-4, 89] | 0.061 | no |');
  });

  it('escapes pipes and newlines, and lists failed runs with their errors on one line', () => {
    expect(md).toContain('| cost | policy=cost \\| saver | cost-saver | 1 | 1 |');
    expect(md).toContain('## Failed runs\n\n- `cost-seed-2`: policy error \\| line 3 second line');
  });

  it('writes min and max to 6 significant digits, so shares near 1 keep their differences', () => {
    const near = [ok('iso', 1, 0.999512, 1, 1), ok('iso', 2, 0.999751, 1, 1)];
    const text = renderSummaryMarkdown(summarize({ ...input, rows: near, baseline: null }));
    expect(text).toContain('| 0.999512 | 0.999751 |');
  });

  it('without a baseline has no difference columns', () => {
    const plain = renderSummaryMarkdown(summarize({ ...input, baseline: null }));
    expect(plain).toContain('| variant | n | mean ± 95% | sd | 95% CI | min | max |\n');
    expect(plain).not.toContain('Δ vs');
  });
});
