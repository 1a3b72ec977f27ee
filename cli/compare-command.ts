// `autopeer compare <A> <B>`: two run folders or two sweep folders; prints the comparison table and
// writes compare.md, compare.json and charts/compare.png into --out (default
// out/compare/<A>-vs-<B>) through the safe output folder. The comparing is experiments/compare's.
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareFolders, parseMetricList } from '../experiments/compare.js';
import { renderCompareFiles, renderCompareText } from '../experiments/compare-render.js';
import { chartFileStem } from '../experiments/sweep-charts.js';
import { writeOutputFolder } from '../reports/write.js';
import { packageVersion } from './version.js';
import type { CliIo } from './io.js';

export interface CompareCommandOptions {
  out?: string;
  force?: boolean;
  metrics?: string;
  charts?: boolean;
  quiet?: boolean;
}

/** `out/compare/<basename A>-vs-<basename B>` (names made file-system safe) */
export function defaultCompareDir(a: string, b: string): string {
  return join('out', 'compare', `${chartFileStem(basename(resolve(a)))}-vs-${chartFileStem(basename(resolve(b)))}`);
}

/** Compares, prints the table (unless --quiet) and writes the folder; returns its path. */
export function compareCommand(a: string, b: string, options: CompareCommandOptions, io: CliIo): string {
  const comparison = compareFolders(a, b, options.metrics === undefined ? null : parseMetricList(options.metrics));
  const dir = options.out ?? defaultCompareDir(a, b);
  const files = renderCompareFiles(comparison, { charts: options.charts });
  const path = writeOutputFolder({ dir, explicit: options.out !== undefined, force: options.force ?? false }, files, packageVersion());
  if (!options.quiet) io.out(`${renderCompareText(comparison)}\nwrote ${dir}/\n`);
  return path;
}

export function registerCompareCommand(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('compare two runs or two sweeps: key metrics side by side with their differences (for sweeps per variant, with Welch’s test)')
    .argument('<A>', 'a run folder (with report.json) or a sweep folder (with summary.json and runs.csv)')
    .argument('<B>', 'a folder of the same kind as A')
    .option('--out <dir>', 'output folder (default: out/compare/<A>-vs-<B>)')
    .option('--force', 'replace an earlier autopeer output at --out')
    .option('--metrics <list>', 'comma-separated metrics to compare (default: for runs the key metrics, for sweeps those both measured)')
    .option('--no-charts', 'do not render charts/compare.png')
    .option('--quiet', 'print nothing on success')
    .action((a: string, b: string, options: CompareCommandOptions) => {
      compareCommand(a, b, options, io);
    });
}
