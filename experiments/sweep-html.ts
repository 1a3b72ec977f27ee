// sweep.html: a sweep on one page, through the run report's page builder (reports/html/page): the
// runs' tally at the top, per metric a table of each variant's mean ± 95% interval (and its
// difference from the baseline, with Welch's p), the comparison charts drawn live from the same
// configurations as the sweep's PNGs, the failed runs, and the runs table linking each run's own
// report.html. Built from the summary, the rows and the chart specs alone: deterministic bytes.
import type { ChartSpec } from '../reports/chart-configs.js';
import { markup, type SafeHtml } from '../reports/html/escape.js';
import { renderHtmlPage, type PageChart, type PageFigure } from '../reports/html/page.js';
import type { MetricDefinition } from './metrics.js';
import { formatInterval, formatMeanHalfWidth, formatNumber, formatP } from './number-format.js';
import type { RunRow } from './run-row.js';
import type { BaselineDifference, MetricStats, SweepSummary, VariantSummary } from './summary.js';

export const SWEEP_HTML_FILE = 'sweep.html';

/** the runs table lists at most this many runs (runs.csv has them all), failed ones first */
export const MAX_RUNS_LISTED = 2000;

/** a run's own page, relative to the sweep folder */
export const runReportLink = (runId: string) => `runs/${encodeURIComponent(runId)}/report.html`;

const halfWidth = (s: MetricStats) => (s.ci95 === null || s.mean === null ? null : (s.ci95[1] - s.ci95[0]) / 2);

/** "better", "worse" or "" for a significant difference, by the metric's direction */
function verdict(m: MetricDefinition, d: BaselineDifference): string {
  if (!d.significant || d.difference === 0) return '';
  return d.difference > 0 === m.higherIsBetter ? 'better' : 'worse';
}

function metricTable(summary: SweepSummary, m: MetricDefinition, index: number): SafeHtml {
  const withBaseline = summary.baseline !== null;
  const rows = summary.variants.map((v) => {
    const s = v.metrics[m.name];
    const d = v.vsBaseline?.[m.name] ?? null;
    const baseline = v.id === summary.baseline;
    const diff = !withBaseline
      ? ''
      : baseline
        ? markup`<td colspan="4">baseline</td>`
        : d === null
          ? markup`<td colspan="4">— (fewer than 2 values on a side)</td>`
          : markup`<td class="num">${formatNumber(d.difference)}</td><td class="num">${formatInterval(d.ci95[0], d.ci95[1])}</td><td class="num">${formatP(d.p)}</td><td class="${verdict(m, d) === 'better' ? 'good' : verdict(m, d) === 'worse' ? 'bad' : ''}">${d.significant ? `yes${verdict(m, d) ? `, ${verdict(m, d)}` : ''}` : 'no'}</td>`;
    return markup`<tr><td>${v.name}</td><td class="num">${s.n}</td><td class="num">${formatMeanHalfWidth(s.mean, halfWidth(s))}</td><td class="num">${formatNumber(s.sd)}</td><td class="num">${formatInterval(s.ci95?.[0] ?? null, s.ci95?.[1] ?? null)}</td><td class="num">${formatNumber(s.min)}</td><td class="num">${formatNumber(s.max)}</td>${diff}</tr>
`;
  });
  const unit = m.unit ? ` (${m.unit})` : '';
  const head = withBaseline ? markup`<th class="num">Δ vs baseline</th><th class="num">95% CI of Δ</th><th class="num">p</th><th>significant</th>` : '';
  return markup`<h3 id="metric-${index}">${m.name}${unit}</h3>
<p>${m.description}; ${m.higherIsBetter ? 'higher' : 'lower'} is better.</p>
<div class="table-wrap"><table>
<thead><tr><th>variant</th><th class="num">n</th><th class="num">mean ± 95%</th><th class="num">sd</th><th class="num">95% CI</th><th class="num">min</th><th class="num">max</th>${head}</tr></thead>
<tbody>
${rows}</tbody>
</table></div>
`;
}

function figures(summary: SweepSummary): PageFigure[] {
  const r = summary.runs;
  return [
    { label: 'runs ok', value: `${r.ok} of ${r.planned}`, note: `${summary.variants.length} variant${summary.variants.length === 1 ? '' : 's'}` },
    { label: 'runs failed', value: String(r.failed), note: r.failed ? 'listed below, with their errors' : 'none' },
    { label: 'runs missing', value: String(r.missing), note: r.missing ? 'not run yet (resume the sweep, or merge its other shards)' : 'none' },
    {
      label: 'baseline',
      value: summary.baseline ?? '—',
      note:
        summary.baseline === null
          ? 'no baseline: no differences tested'
          : `${summary.variants.find((v) => v.id === summary.baseline)?.name ?? summary.baseline}; differences by Welch’s t test at ${100 * summary.confidence}%`,
    },
  ];
}

function failures(summary: SweepSummary): SafeHtml {
  if (summary.failures.length === 0) return markup`<p>No run failed.</p>\n`;
  const listed = summary.failures.slice(0, MAX_RUNS_LISTED);
  const rows = listed.map((f) => markup`<tr><td><code>${f.id}</code></td><td>${f.variant}</td><td class="num">${f.seed}</td><td>${f.error ?? '—'}</td></tr>\n`);
  const note =
    summary.failures.length > listed.length
      ? markup`<p>The first ${listed.length} of ${summary.failures.length} failed runs; runs.csv has them all.</p>\n`
      : '';
  return markup`${note}<div class="table-wrap"><table>
<thead><tr><th>run</th><th>variant</th><th class="num">seed</th><th>error</th></tr></thead>
<tbody>
${rows}</tbody>
</table></div>
`;
}

function runsTable(summary: SweepSummary, rows: readonly RunRow[]): SafeHtml {
  const variants = new Map(summary.variants.map((v) => [v.id, v]));
  const paths = [...new Set(summary.variants.flatMap((v) => Object.keys(v.params)))];
  const metrics = summary.metrics.map((m) => m.name);
  const ordered = [...rows].sort((a, b) => a.index - b.index);
  const listed = [...ordered.filter((r) => r.status === 'failed'), ...ordered.filter((r) => r.status === 'ok')].slice(0, MAX_RUNS_LISTED);
  listed.sort((a, b) => a.index - b.index);
  const line = (r: RunRow) => {
    const v = variants.get(r.variant) as VariantSummary | undefined;
    const id = r.status === 'ok' ? markup`<a href="${runReportLink(r.id)}"><code>${r.id}</code></a>` : markup`<code>${r.id}</code>`;
    const params = paths.map((p) => markup`<td>${v && Object.hasOwn(v.params, p) ? v.params[p] : ''}</td>`);
    const values = metrics.map((m) => markup`<td class="num">${formatNumber(r.metrics[m] ?? null)}</td>`);
    return markup`<tr><td>${id}</td><td>${v?.name ?? r.variant}</td>${params}<td class="num">${r.seed}</td><td class="${r.status === 'failed' ? 'bad' : ''}">${r.status}</td>${values}</tr>\n`;
  };
  const note =
    ordered.length > listed.length
      ? markup`<p>The first ${listed.length} of ${ordered.length} runs (failed ones first); runs.csv has them all.</p>\n`
      : markup`<p>Each run id links to that run’s own report.html.</p>\n`;
  return markup`${note}<div class="table-wrap"><table>
<thead><tr><th>run</th><th>variant</th>${paths.map((p) => markup`<th><code>${p}</code></th>`)}<th class="num">seed</th><th>status</th>${metrics.map((m) => markup`<th class="num">${m}</th>`)}</tr></thead>
<tbody>
${listed.map(line)}</tbody>
</table></div>
`;
}

/** page ids from the charts' file names: letters, digits, '-' and '_', unique */
function pageCharts(specs: readonly ChartSpec[]): PageChart[] {
  const used = new Set<string>();
  return specs.map((spec) => {
    const stem = `chart-${spec.file.replace(/\.png$/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`;
    let id = stem;
    for (let k = 2; used.has(id); k++) id = `${stem}-${k}`;
    used.add(id);
    const title = spec.config.options?.plugins?.title?.text;
    return { id, title: typeof title === 'string' ? title : spec.file, config: spec.config, ...(spec.height === undefined ? {} : { height: spec.height }) };
  });
}

/** the exact bytes of sweep.html: `rows` as runs.csv has them, `specs` as sweepChartSpecs gives them */
export function renderSweepHtml(summary: SweepSummary, rows: readonly RunRow[], specs: readonly ChartSpec[]): string {
  const shard = summary.shard === null ? '' : markup`, shard ${summary.shard.index} of ${summary.shard.count}`;
  const intro = markup`<p class="intro">Sweep of <code>${summary.scenario}</code>${shard}: ${summary.variants.length} variants, ${summary.runs.planned} runs planned; plan hash <code>${summary.planHash.slice(0, 12)}</code>. Means with their ${100 * summary.confidence}% Student’s t intervals over each variant’s successful runs.</p>`;
  const charts = pageCharts(specs);
  return renderHtmlPage({
    title: `${summary.scenario} — sweep`,
    intro,
    figures: figures(summary),
    sections: [
      { id: 'summary', title: 'Summary per metric', body: markup`${summary.metrics.map((m, i) => metricTable(summary, m, i))}` },
      {
        id: 'charts',
        title: 'Comparison charts',
        body: charts.length ? undefined : markup`<p>No metric has a value in any run: nothing to chart.</p>\n`,
        charts,
      },
      { id: 'failures', title: 'Failed runs', body: failures(summary) },
      { id: 'runs', title: 'Runs', body: runsTable(summary, rows) },
    ],
  });
}
