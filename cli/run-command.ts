// `autopeer run <scenario>`: load (with --seed and --set) into the run plan (scenarios/plan.ts;
// `--dry-run` prints it and stops, writing nothing), check the output folder (before the
// simulation: refuses unsafe or unwritable --out, takes its lock), simulate (with a progress line
// on a terminal), write the output folder atomically with the resolved scenario beside the
// reports, print where it went and the headline numbers.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadScenario, type LoadedScenario } from '../scenarios/load.js';
import { buildRunPlan, renderRunPlan, type RunPlan } from '../scenarios/plan.js';
import type { RunLimits } from '../scenarios/budget.js';
import { prepareOutput } from '../reports/write.js';
import { renderRunOutputFiles, runInfoOf, simulatePlan, type SimulatedRun } from '../experiments/run-outputs.js';
import { createProgress, PROGRESS_SLICES } from './progress.js';
import { packageVersion } from './version.js';
import type { CliIo } from './io.js';

export interface RunCommandOptions {
  seed?: number;
  out?: string;
  set?: string[];
  /** write the peers' CDNI log files (a --set measure.cdniLogs=true) */
  cdniLogs?: boolean;
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
  maxRequestLogRows?: number;
  /** print the run plan and run nothing */
  dryRun?: boolean;
}

/** the run limits the flags raise or lower (a flag not given keeps the default) */
export function limitsOf(
  o: Pick<RunCommandOptions, 'maxRequests' | 'maxWindowRows' | 'maxCatalogObjects' | 'maxControlPasses' | 'maxRequestLogRows'>,
): Partial<RunLimits> {
  const limits: Partial<RunLimits> = {};
  if (o.maxRequests !== undefined) limits.maxRequests = o.maxRequests;
  if (o.maxWindowRows !== undefined) limits.maxWindowRows = o.maxWindowRows;
  if (o.maxCatalogObjects !== undefined) limits.maxCatalogObjects = o.maxCatalogObjects;
  if (o.maxControlPasses !== undefined) limits.maxControlPasses = o.maxControlPasses;
  if (o.maxRequestLogRows !== undefined) limits.maxRequestLogRows = o.maxRequestLogRows;
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

/** Loads the scenario into its run plan (nothing is written). */
export function planRun(ref: string, options: RunCommandOptions): { plan: RunPlan; loaded: LoadedScenario } {
  const sets = [...(options.set ?? []), ...(options.cdniLogs === true ? ['measure.cdniLogs=true'] : [])];
  const loaded = loadScenario(ref, { sets, seed: options.seed, limits: limitsOf(options), policyDirs: options.policyPath });
  const outDir = options.out ?? defaultOutDir(loaded.scenario.name, loaded.scenario.seed, sets);
  const plan = buildRunPlan(loaded, { overrides: sets, version: packageVersion(), outDir, policyDirs: options.policyPath });
  return { plan, loaded };
}

/** Simulates the plan, with a progress line on a terminal (cleared when the run ends or fails). */
function simulate(plan: RunPlan, loaded: LoadedScenario, options: RunCommandOptions, io: CliIo): SimulatedRun {
  const progress = createProgress(io, { quiet: options.quiet });
  try {
    return simulatePlan(plan, loaded, {
      trace: options.trace,
      ...(progress === null ? {} : { observe: { slices: PROGRESS_SLICES, onSlice: (at) => progress.onSlice(at) } }),
    });
  } finally {
    progress?.stop();
  }
}

function summaryOf(plan: RunPlan, result: SimulatedRun['result'], wallMs: number, requestsPerS: number): string {
  const r = result.requests;
  return (
    `${plan.scenario.name} (seed ${plan.seed}): ${r.arrived} requests, ${r.served} served (${r.servedByPeers} by peers), ` +
    `${r.rejected} rejected, ${r.failed} failed; p95 ${result.latencyMs.p95.toFixed(1)} ms; ` +
    `${result.control.arrangements.length} arrangements\n` +
    `wrote ${plan.outDir}/ in ${(wallMs / 1000).toFixed(1)} s (${requestsPerS.toLocaleString('en-US')} requests/s)\n`
  );
}

export function runCommand(ref: string, options: RunCommandOptions, io: CliIo): string {
  const { plan, loaded } = planRun(ref, options);
  if (options.dryRun) {
    io.out(renderRunPlan(plan));
    return plan.outDir;
  }
  // before the simulation: an unusable --out costs nothing, and the lock keeps other writers away
  const output = prepareOutput({ dir: plan.outDir, explicit: options.out !== undefined, force: options.force ?? false });
  try {
    const startedAt = new Date();
    const wallStart = performance.now();
    const simulated = simulate(plan, loaded, options, io);
    const wallMs = performance.now() - wallStart;
    const runInfo = runInfoOf(plan, simulated.result, wallMs, startedAt);
    const files = { ...renderRunOutputFiles(simulated, plan, options), 'run-info.json': JSON.stringify(runInfo, null, 2) + '\n' };
    const { keptOld } = output.commit(files, packageVersion());
    if (keptOld !== null) io.err(`note: kept ${keptOld}: it holds files autopeer did not write\n`);
    if (!options.quiet) io.out(summaryOf(plan, simulated.result, wallMs, runInfo.requestsPerS));
    return plan.outDir;
  } finally {
    output.release();
  }
}
