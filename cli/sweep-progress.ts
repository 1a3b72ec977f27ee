// The progress bar of a sweep on a terminal: runs done of the slice, runs failed, wall time elapsed
// and left (from the mean wall time per finished run and the workers). Drawn on stderr with
// cli-progress; nothing with --quiet or when stderr is not a terminal.
import { SingleBar } from 'cli-progress';
import type { SweepProgress } from '../experiments/sweep.js';
import { formatSeconds } from './progress.js';
import type { CliIo } from './io.js';

export interface SweepBar {
  update(progress: SweepProgress): void;
  stop(): void;
}

/** the bar's figures: `elapsedMs` after the start, with `done` of `total − skipped` runs finished */
export function sweepFigures(p: SweepProgress, elapsedMs: number): { failed: string; elapsed: string; left: string } {
  const todo = p.total - p.skipped;
  const left = p.done > 0 ? ((elapsedMs / 1000) * (todo - p.done)) / p.done : NaN;
  return { failed: `${p.failed} failed`, elapsed: `${formatSeconds(elapsedMs / 1000)} elapsed`, left: p.done >= todo ? 'done' : `${formatSeconds(left)} left` };
}

export function createSweepBar(io: CliIo, opts: { quiet?: boolean; now?: () => number; columns?: number } = {}): SweepBar | null {
  if (opts.quiet === true || !io.isTty) return null;
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const stream = {
    isTTY: true,
    columns: opts.columns ?? process.stderr.columns ?? 100,
    write: (text: string) => (io.err(text), true),
  } as unknown as NodeJS.WritableStream;
  let bar: SingleBar | null = null;
  return {
    update(p) {
      const payload = sweepFigures(p, now() - start);
      const todo = p.total - p.skipped;
      if (bar === null) {
        bar = new SingleBar({
          stream,
          format: '{bar} {value}/{total} runs | {failed} | {elapsed} | {left}',
          barsize: 20,
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        });
        bar.start(todo, p.done, payload);
      } else bar.update(p.done, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
