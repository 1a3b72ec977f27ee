// The progress line of a run on a terminal (DESIGN §7): simulated time of total, simulated requests
// per wall second and time left, drawn on stderr with cli-progress once a run has taken a couple of
// seconds. The simulation calls it between clock slices (scenarios/run.ts `observe`); wall time is
// read only here, never in simulation code. Nothing with --quiet or when stderr is not a terminal.
import { SingleBar } from 'cli-progress';
import type { SliceProgress } from '../scenarios/run.js';
import type { CliIo } from './io.js';

/** slices of the run's duration between progress checks (1% each) */
export const PROGRESS_SLICES = 100;
/** a run shows its progress line only after this much wall time */
export const PROGRESS_DELAY_MS = 2000;

export interface Progress {
  /** called between clock slices */
  onSlice(at: SliceProgress): void;
  /** clears the line (call once, also when the run fails) */
  stop(): void;
}

/** `125`, `2m 05s`, `1h 02m`: a duration for the progress line. */
export function formatSeconds(totalS: number): string {
  if (!Number.isFinite(totalS) || totalS < 0) return '?';
  const s = Math.round(totalS);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The line's figures at one slice, `elapsedMs` of wall time after the start. */
export function progressFigures(at: SliceProgress, elapsedMs: number): { sim: string; rate: string; left: string } {
  const done = at.durationS > 0 ? at.tS / at.durationS : 1;
  const wallS = elapsedMs / 1000;
  const rate = wallS > 0 ? Math.round(at.requests / wallS) : 0;
  return {
    sim: `${formatSeconds(at.tS)} of ${formatSeconds(at.durationS)} simulated`,
    rate: `${rate.toLocaleString('en-US')} requests/s`,
    left: done > 0 ? `${formatSeconds((wallS * (1 - done)) / done)} left` : '? left',
  };
}

/** A terminal-like stream over `io.err`, for cli-progress (it writes text and cursor codes only). */
function errStream(io: CliIo, columns: number): NodeJS.WritableStream {
  return { isTTY: true, columns, write: (text: string) => (io.err(text), true) } as unknown as NodeJS.WritableStream;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** wall clock in ms (injectable for tests) */
  now?: () => number;
  delayMs?: number;
  columns?: number;
}

/** The progress line of one run, or null when none may be shown (--quiet, stderr not a terminal). */
export function createProgress(io: CliIo, opts: ProgressOptions = {}): Progress | null {
  if (opts.quiet === true || !io.isTty) return null;
  const now = opts.now ?? (() => performance.now());
  const delayMs = opts.delayMs ?? PROGRESS_DELAY_MS;
  const start = now();
  let bar: SingleBar | null = null;
  return {
    onSlice(at) {
      const elapsed = now() - start;
      if (bar === null && (elapsed < delayMs || at.tS >= at.durationS)) return;
      const payload = progressFigures(at, elapsed);
      if (bar === null) {
        bar = new SingleBar({
          stream: errStream(io, opts.columns ?? process.stderr.columns ?? 100),
          format: '{bar} {percentage}% | {sim} | {rate} | {left}',
          barsize: 20,
          hideCursor: true,
          clearOnComplete: true,
          gracefulExit: true,
          fps: 5,
        });
        bar.start(at.durationS, at.tS, payload);
      } else bar.update(at.tS, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
