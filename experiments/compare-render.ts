// A comparison for people and programs: the table printed on stdout, compare.md, compare.json
// (rounded numbers, fixed key order) and charts/compare.png (each metric's relative change from A
// to B; for sweeps per variant with Welch's 95% interval as a thin bar). Pure: files are the CLI's.
import type { ChartConfiguration } from 'chart.js';
import type { ChartSpec } from '../reports/chart-configs.js';
import { renderCharts } from '../reports/render-charts.js';
import { COMPARE_FORMAT, type Comparison, type RunComparison, type SweepComparison, type SweepMetricComparison } from './compare.js';
import { cell, formatInterval, formatMeanHalfWidth, formatNumber, formatP, formatPercent, markdownTable, textTable } from './number-format.js';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const [BETTER, WORSE, NEUTRAL] = ['#2ca02c', '#d62728', '#7f7f7f'];

const RUN_HEADER = ['metric', 'A', 'B', 'B − A', 'change'];
const SWEEP_HEADER = ['metric', 'A (mean ± 95%)', 'B (mean ± 95%)', 'B − A', '95% CI of B − A', 'p', 'significant'];

function runRows(c: RunComparison): string[][] {
  return c.metrics.map((m) => [m.name, formatNumber(m.a, 6), formatNumber(m.b, 6), formatNumber(m.difference, 6), formatPercent(m.change)]);
}

function sweepRow(name: string, m: SweepMetricComparison, mark: (s: boolean) => string): string[] {
  return [
    name,
    `${formatMeanHalfWidth(m.a.mean, m.a.halfWidth)} (n ${m.a.n})`,
    `${formatMeanHalfWidth(m.b.mean, m.b.halfWidth)} (n ${m.b.n})`,
    formatNumber(m.difference),
    formatInterval(m.ci95?.[0] ?? null, m.ci95?.[1] ?? null),
    formatP(m.p),
    m.significant === null ? 'n < 2' : mark(m.significant),
  ];
}

const sideLine = (c: Comparison, which: 'a' | 'b') => {
  const what = c.kind === 'runs' ? `${c[which].scenario}, seed ${c[which].seed}` : `sweep of ${c[which].scenario}`;
  return `${which.toUpperCase()}: ${c[which].folder} (${what})`;
};

const variantNotes = (c: SweepComparison) => [
  ...(c.onlyInA.length > 0 ? [`variants only in A (not compared): ${c.onlyInA.join(', ')}`] : []),
  ...(c.onlyInB.length > 0 ? [`variants only in B (not compared): ${c.onlyInB.join(', ')}`] : []),
  ...(c.variants.length === 0 ? ['no variant is in both sweeps: nothing to compare'] : []),
];

/** the table printed on stdout */
export function renderCompareText(c: Comparison): string {
  const head = [sideLine(c, 'a'), sideLine(c, 'b'), ...c.notes.map((n) => `note: ${n}`)];
  if (c.kind === 'runs') return [...head, '', textTable(RUN_HEADER, runRows(c))].join('\n');
  const sections = c.variants.map((v) => {
    const rows = c.metrics.map((m) => sweepRow(m.name, v.metrics[m.name], (s) => (s ? 'yes' : 'no')));
    return `variant ${v.id} (${v.name})\n${textTable(SWEEP_HEADER, rows)}`;
  });
  return [...head, ...variantNotes(c).map((n) => `note: ${n}`), '', sections.join('\n')].join('\n');
}

/** compare.md */
export function renderCompareMarkdown(c: Comparison, chart: string | null): string {
  const lines = [
    `# Compare: ${cell(c.a.folder)} → ${cell(c.b.folder)}`,
    '',
    `- ${cell(sideLine(c, 'a'))}`,
    `- ${cell(sideLine(c, 'b'))}`,
    ...c.notes.map((n) => `- note: ${cell(n)}`),
    '',
  ];
  if (c.kind === 'runs') {
    lines.push('Each key metric of run A and run B, the difference B − A and the change relative to A.', '');
    lines.push(
      markdownTable(
        RUN_HEADER,
        runRows(c).map((r) => r.map(cell)),
      ),
      '',
    );
  } else {
    lines.push(
      "Per variant and metric: each sweep's mean over its successful runs ± the half-width of the 95% Student's t interval (n runs), " +
        "the difference of the means B − A with Welch's 95% interval and two-sided p; significant when p < 0.05.",
      '',
      ...(variantNotes(c).length > 0 ? [...variantNotes(c).map((n) => `- ${cell(n)}`), ''] : []),
    );
    for (const v of c.variants) {
      const rows = c.metrics.map((m) => sweepRow(m.name, v.metrics[m.name], (s) => (s ? '**yes**' : 'no')).map(cell));
      lines.push(`## ${cell(v.id)} (${cell(v.name)})`, '', markdownTable(SWEEP_HEADER, rows), '');
    }
  }
  if (chart !== null) lines.push(`![${chart}](${chart})`, '');
  return lines.join('\n');
}

/** compare.json: the comparison with its format, two-space indented */
export function renderCompareJson(c: Comparison): string {
  return JSON.stringify({ format: COMPARE_FORMAT, ...c }, null, 2) + '\n';
}

const percent = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e4);

function chartOptions(title: string, subtitle: string): ChartConfiguration['options'] {
  return {
    animation: false,
    responsive: false,
    plugins: { title: { display: true, text: title, font: { size: 15 } }, subtitle: { display: true, text: subtitle }, legend: { position: 'bottom' } },
    scales: { x: { title: { display: true, text: 'metric' } }, y: { stacked: false, title: { display: true, text: 'change from A (%)' } } },
  };
}

/** runs: one bar per metric, green when B is better, red when worse */
function runChart(c: RunComparison): ChartConfiguration {
  const colors = c.metrics.map((m) => (m.change === null || m.change === 0 ? NEUTRAL : m.change > 0 === m.higherIsBetter ? BETTER : WORSE));
  const datasets = [{ label: 'B relative to A (green: better, red: worse)', data: c.metrics.map((m) => percent(m.change)), backgroundColor: colors }];
  const title = `${c.b.scenario} seed ${c.b.seed} (B) against ${c.a.scenario} seed ${c.a.seed} (A)`;
  return { type: 'bar', data: { labels: c.metrics.map((m) => m.name), datasets }, options: chartOptions(title, '(B − A) / |A| per metric; none where A is 0') };
}

/** sweeps: per variant a bar of the relative change and, in the same slot, a thin bar for its 95% interval */
function sweepChart(c: SweepComparison): ChartConfiguration {
  const datasets = c.variants.flatMap((v, i) => [
    {
      label: `${v.id} 95% CI`,
      data: c.metrics.map((m) => v.metrics[m.name].changeCi95?.map((x) => percent(x)) ?? null),
      stack: v.id,
      backgroundColor: '#000000aa',
      barPercentage: 0.12,
      minBarLength: 2,
      order: 0,
    },
    { label: v.id, data: c.metrics.map((m) => percent(v.metrics[m.name].change)), stack: v.id, backgroundColor: `${COLORS[i % COLORS.length]}bb`, order: 1 },
  ]);
  const title = `${c.b.scenario} (B) against ${c.a.scenario} (A): change of each variant's mean`;
  return {
    type: 'bar',
    data: { labels: c.metrics.map((m) => m.name), datasets },
    options: chartOptions(title, "(mean B − mean A) / |mean A|, with Welch's 95% interval; none where A's mean is 0"),
  } as ChartConfiguration;
}

export const COMPARE_CHART = 'compare.png';

export function compareChartSpec(c: Comparison): ChartSpec {
  return { file: COMPARE_CHART, config: c.kind === 'runs' ? runChart(c) : sweepChart(c) };
}

/** every file of the compare folder: compare.md, compare.json and (unless charts is false) charts/compare.png */
export function renderCompareFiles(c: Comparison, options: { charts?: boolean } = {}): Record<string, string | Uint8Array> {
  const charts = options.charts === false ? {} : renderCharts([compareChartSpec(c)]);
  const chart = Object.keys(charts)[0] ?? null;
  return { 'compare.md': renderCompareMarkdown(c, chart), 'compare.json': renderCompareJson(c), ...charts };
}
