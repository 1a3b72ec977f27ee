// Progress and observers: driving the clock in slices fires the same events in the same order, so
// report.json is byte-identical with and without progress slices and with --trace; the progress
// line appears on a terminal only after a couple of seconds, with simulated time of total,
// requests/s and time left, and never with --quiet or when stderr is not a terminal.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { callbackHandler, createClock, type SimClock } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { loadScenario } from '../../scenarios/load.js';
import { runClock, runScenario, type SliceProgress } from '../../scenarios/run.js';
import { renderReportJson } from '../../reports/report.js';
import { createProgress, formatSeconds, progressFigures } from '../../cli/progress.js';
import { runCli } from '../../cli/program.js';
import { tempDir } from './helpers.js';

const SMALL_CROWD = join(import.meta.dirname, '../fixtures/small-crowd.yaml');

/** a busy random schedule: events that schedule more, some at the same instant, some on slice boundaries */
function schedule(clock: SimClock, fired: string[]): void {
  const rng = createStreams(5).stream('test');
  for (let i = 0; i < 200; i++) {
    const handler = callbackHandler(() => {
      fired.push(`${i}@${clock.now}`);
      const r = rng.next();
      if (r < 0.3)
        clock.scheduleAfter(
          0,
          callbackHandler(() => fired.push(`${i}+0@${clock.now}`)),
        );
      else if (r < 0.6)
        clock.scheduleAt(
          Math.ceil(clock.now / 10) * 10,
          callbackHandler(() => fired.push(`${i}b@${clock.now}`)),
        );
      else if (r < 0.9) clock.scheduleAfter(r * 7, handler);
    });
    clock.scheduleAt(Math.floor(rng.next() * 1000) / 10, handler);
  }
}

function firedWith(slices: number | null): string[] {
  const clock = createClock();
  const fired: string[] = [];
  schedule(clock, fired);
  runClock(clock, 100, slices === null ? undefined : { slices, onSlice: () => fired.push('|') });
  fired.push(`end@${clock.now}/${clock.eventsFired}`);
  return fired.filter((f) => f !== '|');
}

describe('runClock: slices change nothing', () => {
  it('fires the same events at the same times in the same order for 1, 7, 10, 100 and 1000 slices', () => {
    const whole = firedWith(null);
    expect(whole.length).toBeGreaterThan(400);
    for (const slices of [1, 7, 10, 100, 1000]) expect(firedWith(slices), `${slices} slices`).toEqual(whole);
  });

  it('calls the observer once per slice with increasing simulated time, ending at the duration', () => {
    const seen: SliceProgress[] = [];
    runClock(createClock(), 30, { slices: 3, onSlice: (at) => seen.push(at) }, () => 42);
    expect(seen.map((s) => s.tS)).toEqual([10, 20, 30]);
    expect(seen[2]).toEqual({ tS: 30, durationS: 30, requests: 42, events: 0 });
  });

  it('an absurd slice count is clamped (at least one slice, at most a million)', () => {
    const count = (slices: number) => {
      let n = 0;
      runClock(createClock(), 1, { slices, onSlice: () => n++ });
      return n;
    };
    expect([count(0), count(-5), count(Number.NaN), count(2.7)]).toEqual([1, 1, 1, 2]);
    expect(count(1e12)).toBe(1e6);
  });
});

describe('observers do not change report.json', () => {
  it('is byte-identical without slices, with 100 and 997 progress slices, and with the trace on', () => {
    const loaded = loadScenario(SMALL_CROWD, { sets: ['duration=12m'] });
    const run = (extra: object) =>
      renderReportJson(
        runScenario(loaded.scenario, {
          hash: loaded.hash,
          version: 'v',
          overrides: ['duration=12m'],
          policies: loaded.policies,
          ...extra,
        }).result,
      );
    const plain = run({});
    expect(JSON.parse(plain).arrangements.length).toBeGreaterThan(0);
    let t = 0;
    const progress = createProgress({ out: () => {}, err: () => {}, isTty: true }, { now: () => (t += 500), delayMs: 0, columns: 80 });
    expect(run({ observe: { slices: 100, onSlice: (at: SliceProgress) => progress?.onSlice(at) } })).toBe(plain);
    progress?.stop();
    expect(run({ observe: { slices: 997, onSlice: () => {} } })).toBe(plain);
    expect(run({ control: { trace: true } })).toBe(plain);
    expect(run({ control: { trace: true }, observe: { slices: 50, onSlice: () => {} } })).toBe(plain);
  });
});

describe('the progress line', () => {
  const at = (tS: number, requests = 0): SliceProgress => ({ tS, durationS: 7200, requests, events: 0 });

  it('formats simulated time of total, simulated requests per wall second and time left', () => {
    expect(progressFigures(at(1800, 3_000_000), 2000)).toEqual({ sim: '30m 00s of 2h 00m simulated', rate: '1,500,000 requests/s', left: '6s left' });
    expect([formatSeconds(5), formatSeconds(125), formatSeconds(3720), formatSeconds(-1), formatSeconds(Infinity)]).toEqual([
      '5s',
      '2m 05s',
      '1h 02m',
      '?',
      '?',
    ]);
    expect(progressFigures({ tS: 0, durationS: 0, requests: 0, events: 0 }, 0).rate).toBe('0 requests/s');
  });

  it('appears on a terminal only once the run has taken the delay, and is cleared at the end', () => {
    let err = '';
    let t = 0;
    const progress = createProgress({ out: () => {}, err: (s) => (err += s), isTty: true }, { now: () => t, delayMs: 2000, columns: 120 });
    expect(progress).not.toBeNull();
    t = 1500;
    progress?.onSlice(at(720, 1000));
    expect(err).toBe('');
    t = 3000;
    progress?.onSlice(at(1440, 3_000_000));
    expect(err).toContain('1,000,000 requests/s');
    expect(err).toContain('24m 00s of 2h 00m simulated');
    expect(err).toContain('left');
    progress?.stop();
    expect(err).toContain('\x1B[?25h'); // the cursor is shown again
  });

  it('is not created with --quiet or when stderr is not a terminal', () => {
    const io = { out: () => {}, err: () => {} };
    expect(createProgress({ ...io, isTty: false })).toBeNull();
    expect(createProgress({ ...io, isTty: true }, { quiet: true })).toBeNull();
  });

  it('a short run on a terminal, and a --quiet run, write nothing to stderr', () => {
    for (const quiet of [[], ['--quiet']]) {
      let err = '';
      const code = runCli(['run', 'mmc', '--set', 'duration=10s', '--set', 'window=5s', '--out', join(tempDir(), 'r'), '--no-charts', ...quiet], {
        out: () => {},
        err: (s) => (err += s),
        isTty: true,
      });
      expect(code).toBe(0);
      expect(err).toBe('');
    }
  });

  it('--quiet in run --help mentions the progress line', () => {
    let out = '';
    runCli(['run', '--help'], { out: (s) => (out += s), err: () => {}, isTty: false });
    expect(out).toMatch(/--quiet[\s\S]*progress line/);
  });
});
