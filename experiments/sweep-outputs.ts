// The sweep's summary files, built only from its run folders, read one at a time in plan order:
// runs.csv, summary.json, summary.md, the comparison charts and sweep.html. Because they depend on
// nothing but the folders' contents and the plan, a sweep run with any number of workers, resumed,
// or merged from shards produces the same bytes. Memory: one report.json at a time plus the metrics.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCharts } from '../reports/render-charts.js';
import { ERROR_FILE } from './execute-run.js';
import { extractMetrics } from './metrics.js';
import type { RunRow } from './run-row.js';
import { renderRunsCsv } from './runs-csv.js';
import { renderSummaryJson, renderSummaryMarkdown, summarize, type SweepSummary } from './summary.js';
import { sweepChartSpecs } from './sweep-charts.js';
import { renderSweepHtml } from './sweep-html.js';
import { shardRuns, type Shard, type SweepPlan } from './sweep-plan.js';

export interface RunFolders {
  runDir(runId: string): string;
  status(runId: string): 'ok' | 'failed' | 'missing';
}

/** The rows of the runs present (ok or failed), in plan order. */
export function collectRows(folders: RunFolders, plan: SweepPlan, shard: Shard | null): RunRow[] {
  const rows: RunRow[] = [];
  for (const run of shardRuns(plan, shard)) {
    const status = folders.status(run.id);
    if (status === 'missing') continue;
    const dir = folders.runDir(run.id);
    const base = { id: run.id, index: run.index, variant: run.variant, seed: run.seed };
    if (status === 'ok') {
      const report: unknown = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      rows.push({ ...base, status: 'ok', error: null, metrics: extractMetrics(report, plan.metrics) });
    } else {
      const record = JSON.parse(readFileSync(join(dir, ERROR_FILE), 'utf8')) as { error?: unknown };
      const error = typeof record.error === 'string' ? record.error : 'unknown error';
      rows.push({ ...base, status: 'failed', error, metrics: Object.fromEntries(plan.metrics.map((m) => [m, null])) });
    }
  }
  return rows;
}

export function summaryOf(plan: SweepPlan, shard: Shard | null, rows: RunRow[]): SweepSummary {
  return summarize({
    scenario: plan.scenario.name,
    planHash: plan.planHash,
    metrics: plan.metrics,
    variants: plan.variants.map(({ id, name, params }) => ({ id, name, params })),
    rows,
    planned: shardRuns(plan, shard).length,
    baseline: plan.baseline,
    shard,
  });
}

/** Every summary file of the sweep folder: relative path → content, and the rows they came from. */
export function renderSweepOutputs(
  folders: RunFolders,
  plan: SweepPlan,
  shard: Shard | null,
  options: { charts: boolean },
): { files: Record<string, string | Uint8Array>; rows: RunRow[]; summary: SweepSummary } {
  const rows = collectRows(folders, plan, shard);
  const summary = summaryOf(plan, shard, rows);
  const variants = plan.variants.map(({ id, name, params }) => ({ id, name, params }));
  const specs = sweepChartSpecs(summary);
  const charts = options.charts ? renderCharts(specs) : {};
  return {
    rows,
    summary,
    files: {
      'runs.csv': renderRunsCsv(variants, plan.metrics, rows),
      'summary.json': renderSummaryJson(summary),
      'summary.md': renderSummaryMarkdown(summary),
      ...charts,
      'sweep.html': renderSweepHtml(summary, rows, specs),
    },
  };
}
