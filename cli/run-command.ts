// `autopeer run <scenario>`: load (with --seed and --set), check the output folder (before the
// simulation: refuses unsafe or unwritable --out, takes its lock), simulate, write the output folder
// atomically, print where it went and the headline numbers.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadScenario } from '../scenarios/load.js';
import { runScenario } from '../scenarios/run.js';
import { renderReportJson } from '../reports/report.js';
import { renderReportMarkdown } from '../reports/markdown.js';
import { renderArrangementChangesCsv, renderArrangementsCsv, renderTimelineCsv } from '../reports/csv.js';
import type { RunLimits } from '../scenarios/budget.js';
import { prepareOutput } from '../reports/write.js';
import { chartSpecs } from '../reports/chart-configs.js';
import { renderCharts } from '../reports/render-charts.js';
import { packageVersion } from './version.js';
import type { CliIo } from './io.js';

export interface RunCommandOptions {
  seed?: number;
  out?: string;
  set?: string[];
  charts?: boolean;
  quiet?: boolean;
  /** write events.ndjson: every control-plane message and state change */
  trace?: boolean;
  /** replace an earlier autopeer output at an explicit --out */
  force?: boolean;
  /** folders policy files may come from besides the scenario's (repeatable) */
  policyPath?: string[];
  maxRequests?: number;
  maxWindowRows?: number;
  maxCatalogObjects?: number;
  maxControlPasses?: number;
}

/** the run limits the flags raise or lower (a flag not given keeps the default) */
function limitsOf(o: RunCommandOptions): Partial<RunLimits> {
  const limits: Partial<RunLimits> = {};
  if (o.maxRequests !== undefined) limits.maxRequests = o.maxRequests;
  if (o.maxWindowRows !== undefined) limits.maxWindowRows = o.maxWindowRows;
  if (o.maxCatalogObjects !== undefined) limits.maxCatalogObjects = o.maxCatalogObjects;
  if (o.maxControlPasses !== undefined) limits.maxControlPasses = o.maxControlPasses;
  return limits;
}

/**
 * `out/<name>/seed-<seed>`; with overrides `out/<name>/seed-<seed>-set-<8 hex>`, the hex being the
 * start of the sha256 of the overrides in order, so a variant never replaces its baseline.
 */
export function defaultOutDir(name: string, seed: number, sets: readonly string[]): string {
  if (sets.length === 0) return join('out', name, `seed-${seed}`);
  const hash = createHash('sha256').update(JSON.stringify(sets)).digest('hex').slice(0, 8);
  return join('out', name, `seed-${seed}-set-${hash}`);
}

type Simulated = ReturnType<typeof runScenario>;

/** Every file of a run's output folder: relative path → content. */
function renderOutputFiles({ result, controlPlane }: Simulated, runInfo: object, options: RunCommandOptions): Record<string, string | Uint8Array> {
  const charts = options.charts === false ? {} : renderCharts(chartSpecs(result));
  return {
    'report.json': renderReportJson(result),
    'report.md': renderReportMarkdown(result, Object.keys(charts)),
    ...charts,
    'timeline.csv': renderTimelineCsv(result),
    'arrangements.csv': renderArrangementsCsv(result),
    'arrangement-changes.csv': renderArrangementChangesCsv(result),
    ...(options.trace ? { 'events.ndjson': (controlPlane?.trace ?? []).map((line) => JSON.stringify(line)).join('\n') + '\n' } : {}),
    'run-info.json': JSON.stringify(runInfo, null, 2) + '\n',
  };
}

export function runCommand(ref: string, options: RunCommandOptions, io: CliIo): string {
  const loaded = loadScenario(ref, { sets: options.set ?? [], seed: options.seed, limits: limitsOf(options), policyDirs: options.policyPath });
  const { scenario, hash, policies } = loaded;
  const seed = scenario.seed;
  const outDir = options.out ?? defaultOutDir(scenario.name, seed, options.set ?? []);
  // before the simulation: an unusable --out costs nothing, and the lock keeps other writers away
  const output = prepareOutput({ dir: outDir, explicit: options.out !== undefined, force: options.force ?? false });
  try {
    const startedAt = new Date();
    const wallStart = performance.now();
    const simulated = runScenario(scenario, { seed, hash, version: packageVersion(), overrides: options.set ?? [], policies, control: { trace: options.trace ?? false } });
    const wallMs = performance.now() - wallStart;
    const { result } = simulated;
    const runInfo = {
      scenario: { name: scenario.name, hash, seed, file: loaded.file },
      wallMs: Math.round(wallMs),
      events: result.events,
      eventsPerS: Math.round(result.events / (wallMs / 1000)),
      requestsPerS: Math.round(result.requests.arrived / (wallMs / 1000)),
      node: process.version,
      startedAt: startedAt.toISOString(),
    };
    const { keptOld } = output.commit(renderOutputFiles(simulated, runInfo, options), packageVersion());
    if (keptOld !== null) io.err(`note: kept ${keptOld}: it holds files autopeer did not write\n`);
    if (!options.quiet) {
      const r = result.requests;
      io.out(
        `${scenario.name} (seed ${seed}): ${r.arrived} requests, ${r.served} served (${r.servedByPeers} by peers), ` +
          `${r.rejected} rejected, ${r.failed} failed; p95 ${result.latencyMs.p95.toFixed(1)} ms; ` +
          `${result.control.arrangements.length} arrangements\n` +
          `wrote ${outDir}/ in ${(wallMs / 1000).toFixed(1)} s (${runInfo.requestsPerS.toLocaleString('en-US')} requests/s)\n`,
      );
    }
    return outDir;
  } finally {
    output.release();
  }
}
