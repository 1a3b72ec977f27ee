// The sweep's comparison charts as Chart.js configurations (plain JSON data, no functions: the same
// configurations are drawn to PNG by reports/render-charts and live in sweep.html): per metric, its
// mean by variant with the 95% interval as a floating bar; and per numeric varied parameter, each
// metric's mean against it as lines (one per combination of the other parameters) with the interval
// as a band. Built from the summary alone.
import type { ChartConfiguration } from 'chart.js';
import type { ChartSpec } from '../reports/chart-configs.js';
import type { MetricDefinition } from './metrics.js';
import type { SweepSummary, VariantSummary } from './summary.js';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const color = (i: number) => COLORS[i % COLORS.length];

/** a file name's stem: anything but letters, digits, dot, dash and underscore becomes `_` */
export function chartFileStem(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** the varied paths whose values are numbers in every variant, with at least two distinct values (first-seen order) */
export function numericParams(variants: readonly VariantSummary[]): string[] {
  const paths = [...new Set(variants.flatMap((v) => Object.keys(v.params)))];
  return paths.filter((p) => {
    const values = variants.map((v) => (Object.hasOwn(v.params, p) ? v.params[p].trim() : ''));
    return values.every((s) => NUMBER.test(s) && Number.isFinite(Number(s))) && new Set(values.map(Number)).size >= 2;
  });
}

const yTitle = (m: MetricDefinition) => (m.unit === '' ? m.name : `${m.name} (${m.unit})`);
const better = (m: MetricDefinition) => `${m.description}; ${m.higherIsBetter ? 'higher' : 'lower'} is better`;

/** the y axis fits the data (a mean and its interval are not amounts to measure from zero) */
function options(title: string, subtitle: string, x: Record<string, unknown>, m: MetricDefinition): ChartConfiguration['options'] {
  return {
    animation: false,
    responsive: false,
    plugins: {
      title: { display: true, text: title, font: { size: 15 } },
      subtitle: { display: true, text: subtitle },
      legend: { position: 'bottom' },
    },
    scales: { x, y: { beginAtZero: false, grace: '5%', title: { display: true, text: yTitle(m) } } },
  };
}

/** the mean of each variant as a point and its 95% interval as a floating bar */
function byVariantChart(summary: SweepSummary, m: MetricDefinition): ChartConfiguration {
  const stats = summary.variants.map((v) => v.metrics[m.name]);
  const labels = summary.variants.map((v, i) => [...v.name.split(', '), `${v.id === summary.baseline ? 'baseline, ' : ''}n = ${stats[i].n}`]);
  const datasets = [
    {
      type: 'line' as const,
      label: 'mean',
      data: stats.map((s) => s.mean),
      showLine: false,
      pointRadius: 6,
      pointStyle: 'rectRot',
      borderColor: '#d62728',
      backgroundColor: '#d62728',
      order: 0,
    },
    {
      type: 'bar' as const,
      label: '95% confidence interval of the mean',
      data: stats.map((s) => s.ci95),
      backgroundColor: '#1f77b455',
      borderColor: '#1f77b4',
      borderWidth: 1.5,
      borderSkipped: false,
      barPercentage: 0.35,
      minBarLength: 2,
      order: 1,
    },
  ];
  const title = `${summary.scenario}: ${m.name} by variant (mean and 95% CI over each variant's runs)`;
  return {
    type: 'bar',
    data: { labels, datasets },
    options: options(title, better(m), { title: { display: true, text: 'variant' } }, m),
  } as ChartConfiguration;
}

/** one series per combination of the other parameters: label and its variants */
function seriesOf(variants: readonly VariantSummary[], param: string): { label: string; variants: VariantSummary[] }[] {
  const series = new Map<string, { label: string; variants: VariantSummary[] }>();
  for (const v of variants) {
    const others = Object.entries(v.params).filter(([p]) => p !== param);
    const key = JSON.stringify(others);
    if (!series.has(key)) series.set(key, { label: others.map(([p, value]) => `${p}=${value}`).join(', '), variants: [] });
    series.get(key)?.variants.push(v);
  }
  return [...series.values()];
}

/** the mean against a numeric parameter, one line per series, each with its interval as a band (high filled down to low) */
function byParamChart(summary: SweepSummary, m: MetricDefinition, param: string): ChartConfiguration {
  const datasets = seriesOf(summary.variants, param).flatMap((s, i) => {
    const points = s.variants.map((v) => ({ x: Number(v.params[param]), stats: v.metrics[m.name] })).sort((a, b) => a.x - b.x);
    const label = s.label === '' ? m.name : s.label;
    const band = { borderWidth: 0, pointRadius: 0, borderColor: `${color(i)}00`, backgroundColor: `${color(i)}33` };
    return [
      { label: `${label}: 95% CI low`, data: points.map((p) => ({ x: p.x, y: p.stats.ci95?.[0] ?? null })), ...band, fill: false },
      { label: `${label}: 95% CI high`, data: points.map((p) => ({ x: p.x, y: p.stats.ci95?.[1] ?? null })), ...band, fill: '-1' },
      {
        label,
        data: points.map((p) => ({ x: p.x, y: p.stats.mean })),
        borderColor: color(i),
        backgroundColor: color(i),
        borderWidth: 2,
        pointRadius: 3,
        fill: false,
      },
    ];
  });
  const title = `${summary.scenario}: ${m.name} against ${param} (mean, 95% CI band)`;
  const x = { type: 'linear', title: { display: true, text: param } };
  return { type: 'line', data: { datasets }, options: options(title, better(m), x, m) } as ChartConfiguration;
}

/** Every comparison chart of the sweep: `<metric>.png`, then `<metric>-by-<param>.png` per numeric parameter; metrics with no value in any run are left out. */
export function sweepChartSpecs(summary: SweepSummary): ChartSpec[] {
  const params = numericParams(summary.variants);
  const used = new Set<string>();
  const file = (stem: string) => {
    let name = `${stem}.png`;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${stem}-${k}.png`;
    used.add(name.toLowerCase());
    return name;
  };
  const charted = summary.metrics.filter((m) => summary.variants.some((v) => v.metrics[m.name]?.mean !== null && v.metrics[m.name] !== undefined));
  return [
    ...charted.map((m) => ({ file: file(chartFileStem(m.name)), config: byVariantChart(summary, m) })),
    ...params.flatMap((p) => charted.map((m) => ({ file: file(`${chartFileStem(m.name)}-by-${chartFileStem(p)}`), config: byParamChart(summary, m, p) }))),
  ];
}
