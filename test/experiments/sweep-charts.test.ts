// The sweep's comparison charts: each metric's mean and 95% interval by variant, and its mean
// against each numeric varied parameter as lines with interval bands; plain JSON data (the HTML
// page draws the same configurations), file names sanitised and unique, and real PNGs rendered.
import { describe, it, expect } from 'vitest';
import { chartFileStem, numericParams, sweepChartSpecs } from '../../experiments/sweep-charts.js';
import { summarize } from '../../experiments/summary.js';
import { renderCharts } from '../../reports/render-charts.js';
import type { RunRow, Variant } from '../../experiments/run-row.js';

// a 2 × 2 grid: policy (text) × rate (numbers), plus a third rate for balanced only
const variants: Variant[] = [
  { id: 'b-100', name: 'policy=balanced, rate=100', params: { policy: 'balanced', rate: '100' } },
  { id: 'b-200', name: 'policy=balanced, rate=200', params: { policy: 'balanced', rate: '200' } },
  { id: 'i-100', name: 'policy=isolated, rate=100', params: { policy: 'isolated', rate: '100' } },
  { id: 'i-200', name: 'policy=isolated, rate=200', params: { policy: 'isolated', rate: '200' } },
  { id: 'b-50', name: 'policy=balanced, rate=5e1', params: { policy: 'balanced', rate: '5e1' } },
];
// servedShare per variant: b-100 [0.9, 0.92, 0.94] → mean 0.92, CI 0.92 ± 4.302653·0.02/√3 = [0.870317, 0.969683]
// b-200 [0.8, 0.8, 0.8] → [0.8, 0.8]; i-100 [0.7] → no interval; i-200 [0.6, 0.62, 0.64] → [0.570317, 0.669683]; b-50 no runs
const values: Record<string, number[]> = { 'b-100': [0.9, 0.92, 0.94], 'b-200': [0.8, 0.8, 0.8], 'i-100': [0.7], 'i-200': [0.6, 0.62, 0.64], 'b-50': [] };
let index = 0;
const rows: RunRow[] = Object.entries(values).flatMap(([variant, xs]) =>
  xs.map((x, k) => ({
    id: `${variant}-seed-${k}`,
    index: index++,
    variant,
    seed: k,
    status: 'ok' as const,
    error: null,
    metrics: { servedShare: x, 'report:latencyMs.p95': null },
  })),
);
const summary = summarize({
  scenario: 'small-crowd',
  planHash: 'h',
  metrics: ['servedShare', 'report:latencyMs.p95'],
  variants,
  rows,
  planned: rows.length,
  baseline: 'b-100',
  shard: null,
});
const specs = sweepChartSpecs(summary);
const close = (actual: unknown, expected: number) => expect(Math.abs((actual as number) - expected)).toBeLessThan(1e-6);

describe('sweep chart configurations', () => {
  it('are one by-variant chart per metric with values, then one line chart per metric and numeric parameter; a metric no run defines gets none', () => {
    expect(specs.map((s) => s.file)).toEqual(['servedShare.png', 'servedShare-by-rate.png']);
  });

  it('by variant: the means as points and the 95% intervals as floating bars, null where undefined; labels name the variant, n and the baseline', () => {
    const { data } = specs[0].config;
    expect(data.labels).toEqual([
      ['policy=balanced', 'rate=100', 'baseline, n = 3'],
      ['policy=balanced', 'rate=200', 'n = 3'],
      ['policy=isolated', 'rate=100', 'n = 1'],
      ['policy=isolated', 'rate=200', 'n = 3'],
      ['policy=balanced', 'rate=5e1', 'n = 0'],
    ]);
    const [means, intervals] = data.datasets;
    expect(means.data).toEqual([0.92, 0.8, 0.7, 0.62, null]);
    const ci = intervals.data as ([number, number] | null)[];
    close(ci[0]?.[0], 0.870317);
    close(ci[0]?.[1], 0.969683);
    expect(ci[1]).toEqual([0.8, 0.8]);
    expect(ci[2]).toBeNull();
    close(ci[3]?.[0], 0.570317);
    expect(ci[4]).toBeNull();
  });

  it('against rate: one series per policy (low, high filled to low, mean), points sorted by the numeric rate (5e1 = 50 first)', () => {
    const { datasets } = specs[1].config.data;
    expect(datasets.map((d) => d.label)).toEqual([
      'policy=balanced: 95% CI low',
      'policy=balanced: 95% CI high',
      'policy=balanced',
      'policy=isolated: 95% CI low',
      'policy=isolated: 95% CI high',
      'policy=isolated',
    ]);
    expect(datasets[2].data).toEqual([
      { x: 50, y: null },
      { x: 100, y: 0.92 },
      { x: 200, y: 0.8 },
    ]);
    expect((datasets[1] as { fill?: unknown }).fill).toBe('-1');
    expect((datasets[4].data as { x: number; y: number | null }[]).map((p) => p.x)).toEqual([100, 200]);
    expect((datasets[4].data as { y: number | null }[])[0].y).toBeNull();
    close((datasets[4].data as { y: number }[])[1].y, 0.669683);
    expect((specs[1].config.options?.scales?.x as { type?: string }).type).toBe('linear');
  });

  it('are plain JSON data: a JSON round trip gives the same configurations (no functions, no undefined)', () => {
    for (const spec of specs) expect(JSON.parse(JSON.stringify(spec.config))).toEqual(spec.config);
  });

  it('render to 1000×500 PNGs through renderCharts', () => {
    const files = renderCharts(specs);
    expect(Object.keys(files)).toEqual(['charts/servedShare.png', 'charts/servedShare-by-rate.png']);
    for (const png of Object.values(files)) {
      expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      const view = Buffer.from(png);
      expect([view.readUInt32BE(16), view.readUInt32BE(20)]).toEqual([1000, 500]);
    }
  });
});

describe('numeric parameters and file names', () => {
  const v = (id: string, params: Record<string, string>) => ({ ...summary.variants[0], id, params });

  it('a parameter is numeric when every variant has a number for it and there are two distinct values', () => {
    expect(numericParams(summary.variants)).toEqual(['rate']);
    expect(numericParams([v('a', { x: '1', y: '2', z: '90s' }), v('b', { x: '1.5', y: '2', z: '1' }), v('c', { x: '-2e3' })])).toEqual(['x']);
    expect(numericParams([v('a', { x: '0x10' }), v('b', { x: '2' })])).toEqual([]);
    expect(numericParams([v('a', { x: '1' })])).toEqual([]);
    expect(numericParams([])).toEqual([]);
  });

  it('file names keep letters, digits, dot, dash and underscore; names that differ only by case (one file on macOS and Windows) get -2, -3', () => {
    expect(chartFileStem('report:latencyMs.p95')).toBe('report_latencyMs.p95');
    expect(chartFileStem('../x/y')).toBe('__x_y');
    expect(chartFileStem('')).toBe('_');
    const clash = summarize({
      scenario: 's',
      planHash: 'h',
      metrics: ['report:a.b', 'report:a_b', 'report:A.B', 'report:a.B'],
      variants: [variants[0]],
      rows: [{ ...rows[0], metrics: { 'report:a.b': 1, 'report:a_b': 2, 'report:A.B': 3, 'report:a.B': 4 } }],
      planned: 1,
      baseline: null,
      shard: null,
    });
    expect(sweepChartSpecs(clash).map((s) => s.file)).toEqual(['report_a.b.png', 'report_a_b.png', 'report_A.B-2.png', 'report_a.B-3.png']);
  });

  it('no variants: no charts', () => {
    expect(sweepChartSpecs({ ...summary, variants: [] })).toEqual([]);
  });
});
