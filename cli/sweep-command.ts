// `autopeer sweep <scenario|experiment>`: build the sweep plan from the flags and/or an experiment
// file (`--dry-run` prints it and stops), then run it (or one --shard of it) on worker threads into
// its folder with a progress bar on a terminal, and print where the results went. Ctrl-C stops the
// workers, keeps every complete run and exits 130; the same command with --resume goes on. Exit 3
// when any run failed.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildSweepPlan, parseShard, renderSweepPlan, type Shard } from '../experiments/sweep-plan.js';
import { runSweep } from '../experiments/sweep.js';
import { inputError } from '../input/input-error.js';
import { limitsOf } from './run-command.js';
import { createSweepBar } from './sweep-progress.js';
import { packageVersion } from './version.js';
import { ExitCode, type CliIo } from './io.js';

export interface SweepCommandOptions {
  seeds?: string;
  vary?: string[];
  set?: string[];
  warmup?: string;
  metrics?: string;
  baseline?: string;
  workers?: number;
  shard?: string;
  out?: string;
  charts?: boolean;
  runCharts?: boolean;
  resume?: boolean;
  retryFailed?: boolean;
  force?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
  policyPath?: string[];
  maxRequests?: number;
  maxWindowRows?: number;
  maxCatalogObjects?: number;
  maxControlPasses?: number;
  maxRequestLogRows?: number;
}

/** `out/<name>/sweep`, or `out/<name>/sweep-shard-<I>-of-<N>` for a shard */
export function defaultSweepDir(name: string, shard: Shard | null): string {
  return join('out', name, shard === null ? 'sweep' : `sweep-shard-${shard.index}-of-${shard.count}`);
}

export const EXIT_INTERRUPTED = 130;

export async function sweepCommand(ref: string, options: SweepCommandOptions, io: CliIo): Promise<number> {
  const shard = options.shard === undefined ? null : parseShard(options.shard);
  const workers = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 256)
    throw inputError('--workers', '--workers', 'an integer from 1 to 256', String(options.workers));
  if (options.retryFailed && !options.resume) throw inputError('--retry-failed', '--retry-failed', 'together with --resume', 'without it');
  const plan = buildSweepPlan({
    ref,
    seeds: options.seeds,
    vary: options.vary,
    sets: options.set,
    warmup: options.warmup,
    metrics: options.metrics,
    baseline: options.baseline,
    limits: limitsOf(options),
    policyDirs: options.policyPath,
    version: packageVersion(),
  });
  const outDir = options.out ?? defaultSweepDir(plan.scenario.name, shard);
  if (options.dryRun) {
    io.out(renderSweepPlan(plan, shard, outDir));
    return 0;
  }
  const bar = createSweepBar(io, { quiet: options.quiet });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const started = performance.now();
  let result;
  try {
    result = await runSweep(plan, {
      outDir,
      explicit: options.out !== undefined,
      resume: options.resume ?? false,
      force: options.force ?? false,
      retryFailed: options.retryFailed ?? false,
      workers,
      shard,
      charts: options.charts !== false,
      runCharts: options.runCharts ?? false,
      limits: limitsOf(options),
      policyDirs: options.policyPath ?? [],
      signal: controller.signal,
      onProgress: (p) => bar?.update(p),
    });
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  const wallS = (performance.now() - started) / 1000;
  if (result.interrupted) {
    io.err(`interrupted: ${result.ok + result.failed} of ${result.planned} runs complete in ${result.path}; the same command with --resume runs the rest\n`);
    return EXIT_INTERRUPTED;
  }
  if (!options.quiet) {
    const slice = shard === null ? '' : ` (shard ${shard.index}/${shard.count})`;
    io.out(
      `${plan.scenario.name} sweep${slice}: ${result.planned} runs (${plan.variants.length} variants × ${plan.seeds.length} seeds${shard ? ', this slice' : ''}), ` +
        `${result.executed} run now, ${result.ok} ok, ${result.failed} failed${result.missing ? `, ${result.missing} missing` : ''}\n` +
        `wrote ${result.path}/ in ${wallS.toFixed(1)} s with ${workers} worker${workers === 1 ? '' : 's'}\n`,
    );
  }
  for (const f of result.failures) io.err(`run ${f.id} failed: ${f.error.split('\n')[0]}\n`);
  if (result.failed + result.missing > 0) throw new ExitCode(3, `${result.failed + result.missing} of ${result.planned} runs did not succeed (see runs.csv)`);
  return 0;
}
