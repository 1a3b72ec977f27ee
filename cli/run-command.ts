// `autopeer run <scenario>`: load (with --seed and --set), simulate, write the output folder
// atomically, print where it went and the headline numbers.
import { join } from 'node:path';
import { loadScenario } from '../scenarios/load.js';
import { runScenario } from '../scenarios/run.js';
import { renderReportJson } from '../reports/report.js';
import { renderReportMarkdown } from '../reports/markdown.js';
import { renderArrangementsCsv, renderTimelineCsv } from '../reports/csv.js';
import { writeOutputFolder } from '../reports/write.js';
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
}

export function runCommand(ref: string, options: RunCommandOptions, io: CliIo): string {
  const loaded = loadScenario(ref, { sets: options.set ?? [], seed: options.seed });
  const { scenario, hash, policies } = loaded;
  const seed = scenario.seed;
  const outDir = options.out ?? join('out', scenario.name, `seed-${seed}`);
  const startedAt = new Date();
  const wallStart = performance.now();
  const { result, controlPlane } = runScenario(scenario, { seed, hash, version: packageVersion(), policies, control: { trace: options.trace ?? false } });
  const wallMs = performance.now() - wallStart;
  const runInfo = {
    scenario: { name: scenario.name, hash, seed, file: loaded.file },
    wallMs: Math.round(wallMs),
    events: result.events,
    eventsPerS: Math.round(result.events / (wallMs / 1000)),
    requestsPerS: Math.round(result.requests.arrived / (wallMs / 1000)),
    node: process.version,
    startedAt: startedAt.toISOString(),
  };
  const charts = options.charts === false ? {} : renderCharts(chartSpecs(result));
  writeOutputFolder(outDir, {
    'report.json': renderReportJson(result),
    'report.md': renderReportMarkdown(result, Object.keys(charts)),
    ...charts,
    'timeline.csv': renderTimelineCsv(result),
    'arrangements.csv': renderArrangementsCsv(result),
    ...(options.trace ? { 'events.ndjson': (controlPlane?.trace ?? []).map((line) => JSON.stringify(line)).join('\n') + '\n' } : {}),
    'run-info.json': JSON.stringify(runInfo, null, 2) + '\n',
  });
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
}
