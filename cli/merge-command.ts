// `autopeer merge <dir>... --out DIR`: combines the shard folders of one sweep into the folder the
// unsharded sweep would have written (experiments/merge), and prints what it wrote.
import { mergeSweeps } from '../experiments/merge.js';
import type { CliIo } from './io.js';

export interface MergeCommandOptions {
  out: string;
  force?: boolean;
  charts?: boolean;
  quiet?: boolean;
}

export function mergeCommand(dirs: string[], options: MergeCommandOptions, io: CliIo): void {
  const result = mergeSweeps(dirs, { outDir: options.out, explicit: true, force: options.force ?? false, charts: options.charts !== false });
  if (!options.quiet)
    io.out(
      `merged ${result.shards} shard${result.shards === 1 ? '' : 's'}: ${result.planned} runs, ${result.ok} ok, ${result.failed} failed\nwrote ${result.path}/\n`,
    );
}
