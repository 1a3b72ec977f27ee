// Runs a sweep plan (or one shard of it) into its folder: the preflight (./sweep-folder), then every
// run that is not already complete, on a pool of worker threads (piscina; one run per task, each
// committing its own folder), then the summary files built from the run folders in plan order
// (./sweep-outputs) — so the results are byte-identical whatever the number of workers and the
// order runs finish in. A failing run is recorded and the sweep goes on. An abort (Ctrl-C) stops the
// workers at once: complete runs stay, nothing half-written is left behind, and --resume goes on.
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';
import { Piscina } from 'piscina';
import { packageRoot } from '../input/paths.js';
import { recoverOutput } from '../reports/output-recovery.js';
import type { RunLimits } from '../scenarios/budget.js';
import { executeRun, type RunOutcome, type RunTask } from './execute-run.js';
import { prepareSweepFolder, PLAN_FILE, type SweepFolder } from './sweep-folder.js';
import { renderSweepOutputs } from './sweep-outputs.js';
import { shardRuns, type Shard, type SweepPlan } from './sweep-plan.js';

export interface SweepProgress {
  /** runs of this slice */
  total: number;
  /** complete before this start (--resume) */
  skipped: number;
  done: number;
  failed: number;
}

export interface SweepOptions {
  outDir: string;
  /** given by --out (messages only: any sweep folder needs --resume or --force to be reused) */
  explicit: boolean;
  resume: boolean;
  force: boolean;
  /** with --resume, also run again the runs that failed */
  retryFailed: boolean;
  /** worker threads; 0 runs every run in this thread (for tests of the orchestration) */
  workers: number;
  shard: Shard | null;
  /** render the sweep's charts (PNG) */
  charts: boolean;
  /** render each run's charts too */
  runCharts: boolean;
  limits: Partial<RunLimits>;
  policyDirs: string[];
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress, outcome: RunOutcome | null) => void;
}

export interface SweepResult {
  path: string;
  planned: number;
  ok: number;
  failed: number;
  missing: number;
  interrupted: boolean;
  /** runs executed by this start */
  executed: number;
  /** failed runs: id → message */
  failures: { id: string; error: string }[];
}

/** The worker file: next to this module when built; from source (tests), the build's copy. */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = join(dirname(here), 'run-worker.js');
  if (here.endsWith('.js')) return sibling;
  const built = join(packageRoot(), 'dist', 'experiments', 'run-worker.js');
  if (!existsSync(built)) throw new Error(`the worker ${built} is missing: run \`npm run build\` first`);
  return built;
}

const isAbort = (error: unknown): boolean => error instanceof Error && (error.name === 'AbortError' || /aborted|terminated/i.test(error.message));

export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepResult> {
  const folder = prepareSweepFolder({
    dir: options.outDir,
    explicit: options.explicit,
    resume: options.resume,
    force: options.force,
    plan,
    shard: options.shard,
  });
  try {
    folder.writeFiles({ [PLAN_FILE]: JSON.stringify({ ...plan, shard: options.shard }, null, 2) + '\n' });
    const slice = shardRuns(plan, options.shard);
    const variants = new Map(plan.variants.map((v) => [v.id, v]));
    const todo = slice.filter((run) => {
      const status = folder.status(run.id);
      return status === 'missing' || (status === 'failed' && options.retryFailed);
    });
    const progress: SweepProgress = { total: slice.length, skipped: slice.length - todo.length, done: 0, failed: 0 };
    options.onProgress?.(progress, null);
    const tasks: RunTask[] = todo.map((run) => ({
      runId: run.id,
      scenario: plan.scenario.file,
      sets: variants.get(run.variant)?.sets ?? [],
      seed: run.seed,
      dir: folder.runDir(run.id),
      version: plan.version,
      policyDirs: options.policyDirs,
      limits: options.limits,
      charts: options.runCharts,
    }));
    const finished = new Set<string>();
    const interrupted = await execute(tasks, options, (outcome) => {
      finished.add(outcome.runId);
      progress.done++;
      if (outcome.status === 'failed') progress.failed++;
      options.onProgress?.(progress, outcome);
    });
    if (interrupted) for (const task of tasks) if (!finished.has(task.runId)) cleanUpAfterKill(task.dir);
    return finish(folder, plan, options, slice.length, todo.length, interrupted);
  } finally {
    folder.release();
  }
}

/** Runs the tasks; returns true when aborted. A task that throws (not a run failure) is left missing. */
async function execute(tasks: RunTask[], options: SweepOptions, onDone: (outcome: RunOutcome) => void): Promise<boolean> {
  const aborted = () => options.signal?.aborted === true;
  if (options.workers === 0) {
    for (const task of tasks) {
      if (aborted()) return true;
      onDone(executeRun(task));
      await new Promise<void>((resolve) => setImmediate(resolve)); // let a signal handler run between runs
    }
    return aborted();
  }
  // piscina listens on the signal once per queued task: that many listeners are expected, not a leak
  if (options.signal !== undefined) setMaxListeners(tasks.length + 16, options.signal);
  const pool = new Piscina<RunTask, RunOutcome>({ filename: workerFile(), minThreads: options.workers, maxThreads: options.workers });
  try {
    const pending = tasks.map((task) =>
      pool.run(task, { signal: options.signal }).then(
        (outcome) => onDone(outcome),
        (error: unknown) => {
          if (aborted() || isAbort(error)) return;
          onDone({ runId: task.runId, status: 'failed', error: error instanceof Error ? error.message : String(error), wallMs: 0 });
        },
      ),
    );
    await Promise.all(pending);
    return aborted();
  } finally {
    await pool.destroy();
  }
}

/**
 * A worker stopped mid-run leaves its temporary folder and its lock (holding this process's pid,
 * which worker threads share) beside the run's folder: both are ours; remove them so only complete
 * runs stay behind. The run's folder itself is whole or absent (the commit is two renames).
 */
function cleanUpAfterKill(runDir: string): void {
  const parent = dirname(runDir);
  const name = basename(runDir);
  const lock = join(parent, `.${name}.lock`);
  try {
    if (readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock);
  } catch {
    // no lock left
  }
  recoverOutput(parent, name);
}

function finish(folder: SweepFolder, plan: SweepPlan, options: SweepOptions, planned: number, executed: number, interrupted: boolean): SweepResult {
  const slice = shardRuns(plan, options.shard);
  const statuses = slice.map((run) => ({ run, status: folder.status(run.id) }));
  const count = (s: string) => statuses.filter((x) => x.status === s).length;
  const result: SweepResult = {
    path: folder.path,
    planned,
    ok: count('ok'),
    failed: count('failed'),
    missing: count('missing'),
    interrupted,
    executed,
    failures: [],
  };
  if (interrupted) return result; // the summary waits for a complete sweep (--resume)
  const outputs = renderSweepOutputs(folder, plan, options.shard, { charts: options.charts });
  folder.writeFiles(outputs.files);
  result.failures = outputs.rows.filter((r) => r.status === 'failed').map((r) => ({ id: r.id, error: r.error ?? '' }));
  return result;
}
