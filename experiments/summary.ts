// A sweep's summary: per variant and metric the number of values, mean, standard deviation, 95%
// Student's t interval, min and max over its successful runs, and with a baseline variant each
// variant's difference from it (Welch's test). summary.json has deterministic bytes (no times, no
// paths, fixed key order, every number rounded once by stats.roundOutput) so that a merge of shards
// equals the unsharded sweep; summary.md is the same for people. Pure: no files.
import { describeMetric, type MetricDefinition } from './metrics.js';
import { cell, formatInterval, formatMeanHalfWidth, formatNumber, formatP, markdownTable } from './number-format.js';
import type { RunRow, Variant } from './run-row.js';
import { confidenceInterval, roundOutput, welchTest } from './stats.js';

export const SUMMARY_FORMAT = 'autopeer-sweep-summary/1';
export const CONFIDENCE = 0.95;

export interface MetricStats {
  /** successful runs with a value for the metric */
  n: number;
  /** null when n = 0 */
  mean: number | null;
  /** null when n < 2 */
  sd: number | null;
  /** Student's t interval of the mean; null when n < 2 */
  ci95: [number, number] | null;
  min: number | null;
  max: number | null;
}

export interface BaselineDifference {
  /** this variant's mean − the baseline's */
  difference: number;
  /** Welch's interval of the difference */
  ci95: [number, number];
  /** null when both variances are 0 and the means differ (infinite) */
  t: number | null;
  /** null when both variances are 0 */
  df: number | null;
  p: number;
  significant: boolean;
}

export interface VariantSummary {
  id: string;
  name: string;
  params: Record<string, string>;
  runs: { ok: number; failed: number };
  metrics: Record<string, MetricStats>;
  /** metric → difference from the baseline (null when either side has fewer than 2 values); null for the baseline itself and without one */
  vsBaseline: Record<string, BaselineDifference | null> | null;
}

export interface FailedRun {
  id: string;
  variant: string;
  seed: number;
  error: string | null;
}

export interface SweepSummary {
  format: typeof SUMMARY_FORMAT;
  scenario: string;
  planHash: string;
  shard: { index: number; count: number } | null;
  confidence: typeof CONFIDENCE;
  runs: { planned: number; ok: number; failed: number; missing: number };
  baseline: string | null;
  metrics: MetricDefinition[];
  variants: VariantSummary[];
  /** the failed runs in plan order */
  failures: FailedRun[];
}

export interface SummaryInput {
  scenario: string;
  planHash: string;
  metrics: string[];
  variants: Variant[];
  rows: RunRow[];
  planned: number;
  baseline: string | null;
  shard: { index: number; count: number } | null;
}

/** a rounded output number, or null for none (and for a value beyond the double range) */
const out = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : roundOutput(x));

function metricStats(values: number[]): MetricStats {
  const ci = confidenceInterval(values, CONFIDENCE);
  const [low, high] = [out(ci.low), out(ci.high)];
  return {
    n: ci.n,
    mean: out(ci.mean),
    sd: out(ci.sd),
    ci95: low === null || high === null ? null : [low, high],
    min: values.length === 0 ? null : out(values.reduce((m, x) => Math.min(m, x))),
    max: values.length === 0 ? null : out(values.reduce((m, x) => Math.max(m, x))),
  };
}

function difference(baseline: number[], values: number[]): BaselineDifference | null {
  const w = welchTest(baseline, values, CONFIDENCE);
  if (w === null) return null;
  return {
    difference: roundOutput(w.difference),
    ci95: [roundOutput(w.low), roundOutput(w.high)],
    t: out(w.t),
    df: out(w.df),
    p: roundOutput(w.p),
    significant: w.significant,
  };
}

/** metric → the rounded values of a variant's successful runs that have one, in plan order */
function valuesByMetric(rows: readonly RunRow[], metrics: readonly string[]): Map<string, number[]> {
  const values = new Map(metrics.map((m) => [m, [] as number[]]));
  for (const row of rows) {
    if (row.status !== 'ok') continue;
    for (const m of metrics) {
      const v = row.metrics[m];
      // rounded as runs.csv writes it, so a summary of rows read back from runs.csv has the same bytes
      if (v !== null && v !== undefined && Number.isFinite(v)) values.get(m)?.push(roundOutput(v));
    }
  }
  return values;
}

/** checks what the caller must guarantee (programming errors, not input): known variants and baseline, unique run ids, no more rows than planned */
function checkInput(input: SummaryInput): void {
  const ids = new Set(input.variants.map((v) => v.id));
  if (ids.size !== input.variants.length) throw new Error('summarize: variant ids repeat');
  if (input.baseline !== null && !ids.has(input.baseline)) throw new Error(`summarize: baseline "${input.baseline}" is not a variant`);
  const runIds = new Set<string>();
  for (const row of input.rows) {
    if (!ids.has(row.variant)) throw new Error(`summarize: run ${row.id} has unknown variant "${row.variant}"`);
    if (runIds.has(row.id)) throw new Error(`summarize: run ${row.id} appears twice`);
    runIds.add(row.id);
  }
  if (input.rows.length > input.planned) throw new Error(`summarize: ${input.rows.length} runs but ${input.planned} planned`);
}

/** The summary of a sweep's runs (see the module header); variants in the given order, runs in plan order. */
export function summarize(input: SummaryInput): SweepSummary {
  checkInput(input);
  const rows = [...input.rows].sort((a, b) => a.index - b.index);
  const rowsOf = new Map<string, RunRow[]>(input.variants.map((v) => [v.id, []]));
  for (const row of rows) rowsOf.get(row.variant)?.push(row);
  const perVariant = new Map(input.variants.map((v) => [v.id, valuesByMetric(rowsOf.get(v.id) ?? [], input.metrics)]));
  const baseline = input.baseline === null ? null : (perVariant.get(input.baseline) ?? null);
  const variants = input.variants.map((v): VariantSummary => {
    const values = perVariant.get(v.id) as Map<string, number[]>;
    const own = rowsOf.get(v.id) ?? [];
    const vsBaseline =
      baseline === null || v.id === input.baseline
        ? null
        : Object.fromEntries(input.metrics.map((m) => [m, difference(baseline.get(m) ?? [], values.get(m) ?? [])]));
    return {
      id: v.id,
      name: v.name,
      params: { ...v.params },
      runs: { ok: own.filter((r) => r.status === 'ok').length, failed: own.filter((r) => r.status === 'failed').length },
      metrics: Object.fromEntries(input.metrics.map((m) => [m, metricStats(values.get(m) ?? [])])),
      vsBaseline,
    };
  });
  const ok = rows.filter((r) => r.status === 'ok').length;
  const failures = rows.filter((r) => r.status === 'failed').map((r) => ({ id: r.id, variant: r.variant, seed: r.seed, error: r.error }));
  return {
    format: SUMMARY_FORMAT,
    scenario: input.scenario,
    planHash: input.planHash,
    shard: input.shard === null ? null : { index: input.shard.index, count: input.shard.count },
    confidence: CONFIDENCE,
    runs: { planned: input.planned, ok, failed: failures.length, missing: input.planned - rows.length },
    baseline: input.baseline,
    metrics: input.metrics.map((m) => describeMetric(m)),
    variants,
    failures,
  };
}

/** summary.json: two-space indented, a final newline */
export function renderSummaryJson(summary: SweepSummary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

const MAX_FAILURES_LISTED = 20;
const MAX_ERROR_CHARS = 160;

const halfWidth = (s: MetricStats) => (s.ci95 === null || s.mean === null ? null : (s.ci95[1] - s.ci95[0]) / 2);

function metricSection(summary: SweepSummary, metric: MetricDefinition): string[] {
  const withBaseline = summary.baseline !== null;
  const header = [
    'variant',
    'n',
    'mean ± 95%',
    'sd',
    '95% CI',
    'min',
    'max',
    ...(withBaseline ? [`Δ vs ${cell(summary.baseline ?? '')}`, '95% CI of Δ', 'p', 'significant'] : []),
  ];
  const rows = summary.variants.map((v) => {
    const s = v.metrics[metric.name];
    const base = [
      cell(v.id),
      String(s.n),
      formatMeanHalfWidth(s.mean, halfWidth(s)),
      formatNumber(s.sd),
      formatInterval(s.ci95?.[0] ?? null, s.ci95?.[1] ?? null),
      formatNumber(s.min, 6),
      formatNumber(s.max, 6),
    ];
    if (!withBaseline) return base;
    if (v.id === summary.baseline) return [...base, 'baseline', '', '', ''];
    const d = v.vsBaseline?.[metric.name] ?? null;
    if (d === null) return [...base, '–', '–', '–', 'n < 2'];
    return [...base, formatNumber(d.difference), formatInterval(d.ci95[0], d.ci95[1]), formatP(d.p), d.significant ? '**yes**' : 'no'];
  });
  const unit = metric.unit === '' ? '' : ` (${metric.unit})`;
  const better = metric.higherIsBetter ? 'higher is better' : 'lower is better';
  return [`## ${cell(metric.name)}${unit}`, '', `${cell(metric.description)}; ${better}.`, '', markdownTable(header, rows), ''];
}

function failureSection(summary: SweepSummary): string[] {
  if (summary.failures.length === 0) return [];
  const listed = summary.failures.slice(0, MAX_FAILURES_LISTED).map((f) => {
    const error = (f.error ?? 'no message').replace(/\s+/g, ' ').trim();
    return `- \`${f.id}\`: ${cell(error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 1)}…` : error)}`;
  });
  const more = summary.failures.length - listed.length;
  return ['## Failed runs', '', ...listed, ...(more > 0 ? [`- … and ${more} more (runs.csv has them all)`] : []), ''];
}

/** summary.md: the runs, the variants and one table per metric (with the baseline's differences), then the failed runs */
export function renderSummaryMarkdown(summary: SweepSummary): string {
  const r = summary.runs;
  const paths = [...new Set(summary.variants.flatMap((v) => Object.keys(v.params)))];
  const shard = summary.shard === null ? '' : ` This is shard ${summary.shard.index} of ${summary.shard.count}: only its runs are counted.`;
  const baseline =
    summary.baseline === null
      ? ''
      : ` Differences are each variant's mean minus baseline \`${summary.baseline}\`'s, with Welch's 95% interval and two-sided p.`;
  return [
    `# Sweep of ${cell(summary.scenario)}`,
    '',
    `Plan \`${summary.planHash}\`: ${r.planned} runs planned, ${r.ok} ok, ${r.failed} failed, ${r.missing} missing.${shard}`,
    '',
    `Each metric over a variant's successful runs that define it (n): mean ± the half-width of its 95% Student's t interval, sample standard deviation, interval, min and max.${baseline}`,
    '',
    '## Variants',
    '',
    markdownTable(
      ['variant', 'name', ...paths.map(cell), 'ok', 'failed'],
      summary.variants.map((v) => [cell(v.id), cell(v.name), ...paths.map((p) => cell(v.params[p] ?? '')), String(v.runs.ok), String(v.runs.failed)]),
    ),
    '',
    ...summary.metrics.flatMap((m) => metricSection(summary, m)),
    ...failureSection(summary),
  ].join('\n');
}
