// One run, start to finish, as the run command and every sweep worker do it: simulate a run plan
// and render every file of its output folder (relative path → content). Writing the folder (safely,
// atomically) is reports/output-folder's job; measuring wall-clock time is the caller's.
import { RESOLVED_SCENARIO_FILE, renderResolvedScenario, type RunPlan } from '../scenarios/plan.js';
import { runScenario, type SliceObserver } from '../scenarios/run.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { renderReportJson } from '../reports/report.js';
import { renderReportMarkdown } from '../reports/markdown.js';
import { renderArrangementChangesCsv, renderArrangementsCsv, renderCdnTimelineCsv, renderRequestLogCsv, renderTimelineCsv } from '../reports/csv.js';
import { chartSpecs } from '../reports/chart-configs.js';
import { renderCharts } from '../reports/render-charts.js';
import { REPORT_HTML_FILE, renderReportHtml } from '../reports/html/run-page.js';
import { renderCdniLogFiles } from '../reports/cdni-logs.js';

/** the per-request log's file in the run folder (scenario `measure.requestLog`) */
export const REQUEST_LOG_FILE = 'requests.csv';

export type SimulatedRun = ReturnType<typeof runScenario>;

export interface RunOutputOptions {
  /** render charts/*.png (default true) */
  charts?: boolean;
  /** also write events.ndjson: every control-plane message and state change */
  trace?: boolean;
}

/** Simulates the plan (observer: progress between clock slices; it changes nothing computed). */
export function simulatePlan(plan: RunPlan, loaded: LoadedScenario, options: RunOutputOptions & { observe?: SliceObserver }): SimulatedRun {
  return runScenario(plan.scenario, {
    seed: plan.seed,
    hash: plan.hash,
    version: plan.version,
    overrides: plan.overrides,
    policies: loaded.policies,
    control: { trace: options.trace ?? false },
    ...(options.observe === undefined ? {} : { observe: options.observe }),
  });
}

/**
 * Every file of a run's output folder but run-info.json (wall-clock facts, the caller's): path →
 * content. report.html is written even without charts/*.png: its charts are drawn in the page.
 */
export function renderRunOutputFiles(simulated: SimulatedRun, plan: RunPlan, options: RunOutputOptions): Record<string, string | Uint8Array> {
  const { result, controlPlane } = simulated;
  const specs = chartSpecs(result);
  const charts = options.charts === false ? {} : renderCharts(specs);
  return {
    [RESOLVED_SCENARIO_FILE]: renderResolvedScenario(plan),
    'report.json': renderReportJson(result),
    'report.md': renderReportMarkdown(result, Object.keys(charts), REPORT_HTML_FILE),
    [REPORT_HTML_FILE]: renderReportHtml(result, specs),
    ...charts,
    'timeline.csv': renderTimelineCsv(result),
    'timeline-cdn.csv': renderCdnTimelineCsv(result),
    'arrangements.csv': renderArrangementsCsv(result),
    'arrangement-changes.csv': renderArrangementChangesCsv(result),
    ...(result.requestLog === null ? {} : { [REQUEST_LOG_FILE]: renderRequestLogCsv(result.requestLog) }),
    ...renderCdniLogFiles(result.cdni),
    ...(options.trace ? { 'events.ndjson': (controlPlane?.trace ?? []).map((line) => JSON.stringify(line)).join('\n') + '\n' } : {}),
  };
}

/** run-info.json: the wall-clock and machine facts of a run (not part of the deterministic report) */
export function runInfoOf(plan: RunPlan, result: SimulatedRun['result'], wallMs: number, startedAt: Date) {
  return {
    scenario: { name: plan.scenario.name, hash: plan.hash, seed: plan.seed, file: plan.file },
    wallMs: Math.round(wallMs),
    events: result.events,
    eventsPerS: Math.round(result.events / (wallMs / 1000)),
    requestsPerS: Math.round(result.requests.arrived / (wallMs / 1000)),
    node: process.version,
    startedAt: startedAt.toISOString(),
  };
}
