// The output folder is checked (and its lock taken) before the simulation runs, not after: an
// unusable --out costs no simulation work. Spies on runScenario and prepareOutput record the order.
import { describe, expect, it, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';

const calls = vi.hoisted(() => [] as string[]);
const failing = vi.hoisted(() => ({ now: false }));

vi.mock('../../scenarios/run.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../scenarios/run.js')>();
  return {
    ...actual,
    runScenario: (...args: Parameters<typeof actual.runScenario>) => {
      calls.push('simulate');
      if (failing.now) throw new Error('the simulation broke');
      return actual.runScenario(...args);
    },
  };
});

vi.mock('../../reports/output-folder.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../reports/output-folder.js')>();
  return {
    ...actual,
    prepareOutput: (...args: Parameters<typeof actual.prepareOutput>) => {
      calls.push('preflight');
      return actual.prepareOutput(...args);
    },
  };
});

const fast = ['--set', 'duration=2s', '--set', 'window=1s', '--no-charts', '--quiet'];

describe('the output preflight', () => {
  it('runs before the simulation', () => {
    calls.length = 0;
    expect(cli('run', 'mmc', ...fast, '--out', join(tempDir(), 'run')).code).toBe(0);
    expect(calls).toEqual(['preflight', 'simulate']);
  });

  it.each([['/proc/x'], ['/dev/null/x'], ['.']])('an unusable --out %s exits 2 without simulating anything', (out) => {
    calls.length = 0;
    // the full-length flash-crowd would take half a minute: it must not even start
    const r = cli('run', 'flash-crowd', '--no-charts', '--out', out);
    expect(r.code).toBe(2);
    expect(calls).toEqual(['preflight']);
  });

  it('a run that fails after the preflight leaves no temporary folder and no lock, and the earlier output whole', () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    expect(cli('run', 'mmc', ...fast, '--out', out).code).toBe(0);
    const before = readdirSync(out).sort();
    failing.now = true;
    try {
      const r = cli('run', 'mmc', ...fast, '--out', out, '--force');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the simulation broke');
    } finally {
      failing.now = false;
    }
    expect(readdirSync(dir)).toEqual(['run']);
    expect(readdirSync(out).sort()).toEqual(before);
  });
});
