// One sweep benchmark case, run in its own process (its peak memory, worker threads included, is
// its own): a sweep of `runs` seeds of a small scenario (the small crowd: 30 simulated minutes, about
// 1.3 s a run; shorter runs measure the fixed cost of a run's outputs rather than the pool) on
// `workers` worker threads, into a temporary folder removed afterwards. Prints one JSON line with
// the wall time, the requests simulated and runs.csv's hash (equal for any number of workers).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../input/paths.js';
import { buildSweepPlan } from '../experiments/sweep-plan.js';
import { runSweep } from '../experiments/sweep.js';

export async function sweepCase(workers: number, runs: number): Promise<Record<string, unknown>> {
  const plan = buildSweepPlan({
    ref: join(packageRoot(), 'test', 'fixtures', 'small-crowd.yaml'),
    seeds: `1..${runs}`,
    metrics: 'servedShare,latencyP95Ms',
    version: 'bench',
  });
  const dir = mkdtempSync(join(tmpdir(), 'autopeer-bench-sweep-'));
  try {
    const start = performance.now();
    const result = await runSweep(plan, {
      outDir: join(dir, 'sweep'),
      explicit: true,
      resume: false,
      force: false,
      retryFailed: false,
      workers,
      shard: null,
      charts: false,
      runCharts: false,
      limits: {},
      policyDirs: [],
    });
    const wallS = (performance.now() - start) / 1000;
    let requests = 0;
    for (const id of readdirSync(join(result.path, 'runs'))) {
      requests += (JSON.parse(readFileSync(join(result.path, 'runs', id, 'report.json'), 'utf8')) as { requests: { arrived: number } }).requests.arrived;
    }
    const runsCsv = createHash('sha256')
      .update(readFileSync(join(result.path, 'runs.csv')))
      .digest('hex');
    return { kind: `sweep ${runs} runs × ${workers} workers`, requests, wallS, ok: result.ok, runsCsv };
  } finally {
    rmSync(dir, { recursive: true, force: true }); // the temporary folder made above: ours alone
  }
}
