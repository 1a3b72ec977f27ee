// One sweep run, as a worker thread executes it: load the variant's scenario with its overrides and
// seed, simulate, and commit the run's output folder `runs/<id>/` atomically (reports/write). A run
// that fails (invalid input found only while running, a policy error, an internal error) commits a
// folder holding `error.json` instead, so the sweep records it and goes on. Returns a small,
// structured-cloneable outcome; the run's results live only in its folder.
import { loadScenario } from '../scenarios/load.js';
import { buildRunPlan } from '../scenarios/plan.js';
import type { RunLimits } from '../scenarios/budget.js';
import { prepareOutput } from '../reports/write.js';
import { renderRunOutputFiles, runInfoOf, simulatePlan } from './run-outputs.js';

export const ERROR_FILE = 'error.json';

export interface RunTask {
  runId: string;
  /** the scenario file (resolved) */
  scenario: string;
  sets: string[];
  seed: number;
  /** absolute path of the run's folder */
  dir: string;
  version: string;
  policyDirs: string[];
  limits: Partial<RunLimits>;
  charts: boolean;
}

export interface RunOutcome {
  runId: string;
  status: 'ok' | 'failed';
  error: string | null;
  wallMs: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error));

export function executeRun(task: RunTask): RunOutcome {
  const started = new Date();
  const t0 = performance.now();
  // replacing is safe: prepareOutput replaces only an earlier autopeer output holding nothing foreign
  const output = prepareOutput({ dir: task.dir, explicit: true, force: true });
  try {
    let files: Record<string, string | Uint8Array>;
    let error: string | null = null;
    try {
      const loaded = loadScenario(task.scenario, { sets: task.sets, seed: task.seed, limits: task.limits, policyDirs: task.policyDirs });
      const plan = buildRunPlan(loaded, { overrides: task.sets, version: task.version, outDir: task.dir, policyDirs: task.policyDirs });
      const simulated = simulatePlan(plan, loaded, {});
      const runInfo = runInfoOf(plan, simulated.result, performance.now() - t0, started);
      files = { ...renderRunOutputFiles(simulated, plan, { charts: task.charts }), 'run-info.json': JSON.stringify(runInfo, null, 2) + '\n' };
    } catch (failure) {
      error = messageOf(failure);
      files = { [ERROR_FILE]: JSON.stringify({ run: task.runId, seed: task.seed, sets: task.sets, error }, null, 2) + '\n' };
    }
    output.commit(files, task.version);
    return { runId: task.runId, status: error === null ? 'ok' : 'failed', error, wallMs: performance.now() - t0 };
  } finally {
    output.release();
  }
}
