// The sweep's progress bar: runs done of those to run (runs complete before a --resume are not
// counted again), runs failed, wall time elapsed and left; drawn only on a terminal, never with --quiet.
import { describe, expect, it } from 'vitest';
import { createSweepBar, sweepFigures } from '../../cli/sweep-progress.js';

describe('sweep progress', () => {
  it('estimates the time left from the mean time per finished run of those to run', () => {
    // 10 runs, 2 complete before this start, 2 of the other 8 done in 30 s: 6 left at 15 s each
    expect(sweepFigures({ total: 10, skipped: 2, done: 2, failed: 1 }, 30_000)).toEqual({ failed: '1 failed', elapsed: '30s elapsed', left: '1m 30s left' });
    expect(sweepFigures({ total: 4, skipped: 0, done: 0, failed: 0 }, 1_000).left).toBe('? left');
    expect(sweepFigures({ total: 4, skipped: 4, done: 0, failed: 0 }, 1_000).left).toBe('done');
  });

  it('draws on a terminal and clears at the end; nothing when quiet or not a terminal', () => {
    let drawn = '';
    const tty = { out: () => {}, err: (t: string) => (drawn += t), isTty: true };
    let t = 0;
    const bar = createSweepBar(tty, { now: () => t, columns: 120 });
    bar?.update({ total: 4, skipped: 0, done: 0, failed: 0 });
    t = 10_000;
    bar?.update({ total: 4, skipped: 0, done: 1, failed: 0 });
    bar?.stop();
    expect(drawn).toContain('runs');
    expect(createSweepBar(tty, { quiet: true })).toBeNull();
    expect(createSweepBar({ ...tty, isTty: false })).toBeNull();
  });
});
