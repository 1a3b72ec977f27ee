// The scenario field `warmup`: a duration like every other (default 0), refused when negative or not
// shorter than the run (exit 2 naming the file and the field), settable with --set, kept in
// scenario.resolved.yaml, and absent from the resolved scenario when 0 so the content hash of a
// scenario without one does not change.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputIssue } from '../../input/input-error.js';
import { loadScenario, validateScenarioDocument } from '../../scenarios/load.js';
import { buildRunPlan, renderResolvedScenario } from '../../scenarios/plan.js';
import { cli, tempDir } from '../cli/helpers.js';
import { inputErrorOf } from '../input/errors.js';

const F = 'scenario.yaml';
type Doc = Record<string, unknown>;
const base = (over: Doc = {}): Doc => ({
  name: 'tiny',
  duration: '1h',
  regions: ['eu-west'],
  cdns: [{ id: 'alpha', role: 'primary', sites: [{ region: 'eu-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] }],
  workload: [{ region: 'eu-west', cdn: 'alpha', base: { ratePerS: 100 } }],
  ...over,
});

const issuesOf = (run: () => unknown): readonly InputIssue[] => inputErrorOf(run).issues;

describe('warmup: accepted values', () => {
  it('takes the duration syntax of every other field (10m, 90s, a number of seconds)', () => {
    expect(validateScenarioDocument(base({ warmup: '10m' }), F).warmupS).toBe(600);
    expect(validateScenarioDocument(base({ warmup: '90s' }), F).warmupS).toBe(90);
    expect(validateScenarioDocument(base({ warmup: 300 }), F).warmupS).toBe(300);
    expect(validateScenarioDocument(base({ warmup: '3599.5s' }), F).warmupS).toBe(3599.5);
  });

  it('defaults to none, and 0 resolves like no warm-up at all: the same scenario and content hash', () => {
    expect(validateScenarioDocument(base(), F)).not.toHaveProperty('warmupS');
    expect(validateScenarioDocument(base({ warmup: 0 }), F)).toEqual(validateScenarioDocument(base(), F));
    const plain = loadScenario('mmc');
    expect(loadScenario('mmc', { sets: ['warmup=0s'] }).hash).toBe(plain.hash);
    expect(loadScenario('mmc', { sets: ['warmup=1m'] }).hash).not.toBe(plain.hash);
  });

  it('is set with --set warmup=5m, as sweeps do', () => {
    expect(loadScenario('mmc', { sets: ['warmup=5m'] }).scenario.warmupS).toBe(300);
  });

  it('goes into scenario.resolved.yaml, which loads back to the same scenario and hash', () => {
    const loaded = loadScenario('mmc', { sets: ['warmup=2m'] });
    const text = renderResolvedScenario(buildRunPlan(loaded, { overrides: ['warmup=2m'], version: 'v', outDir: 'o' }));
    const file = join(tempDir(), 'scenario.resolved.yaml');
    writeFileSync(file, text);
    const back = loadScenario(file);
    expect(back.scenario.warmupS).toBe(120);
    expect(back.hash).toBe(loaded.hash);
  });
});

describe('warmup: refused values', () => {
  it('a negative warm-up', () => {
    for (const warmup of ['-5m', -1]) {
      const [issue, ...rest] = issuesOf(() => validateScenarioDocument(base({ warmup }), F));
      expect(rest).toEqual([]);
      expect(issue).toMatchObject({ file: F, path: 'warmup', expected: expect.stringContaining('non-negative duration') });
    }
  });

  it('a warm-up as long as the run or longer (nothing would be left to measure)', () => {
    for (const [warmup, found] of [
      ['1h', '"1h"'],
      ['2h', '"2h"'],
      [3600, '3600'],
    ] as const) {
      const issues = issuesOf(() => validateScenarioDocument(base({ warmup }), F));
      expect(issues).toEqual([{ file: F, path: 'warmup', expected: 'a warm-up shorter than the duration (3600s)', found }]);
    }
  });

  it('a warm-up that is no duration', () => {
    for (const warmup of ['soon', true, '10 parsecs']) {
      expect(issuesOf(() => validateScenarioDocument(base({ warmup }), F))).toMatchObject([{ path: 'warmup', expected: expect.stringContaining('duration') }]);
    }
  });

  it('a warm-up past the end of a run cut short with --set duration', () => {
    const issues = issuesOf(() => loadScenario('mmc', { sets: ['warmup=5m', 'duration=2m'] }));
    expect(issues).toMatchObject([{ path: 'warmup', expected: 'a warm-up shorter than the duration (120s)', found: '"5m"' }]);
  });

  it('autopeer run exits 2 naming the file, the field, what was expected and what was found, and writes nothing', () => {
    const out = join(tempDir(), 'out');
    const { code, stderr } = cli('run', 'mmc', '--set', 'duration=2m', '--set', 'warmup=2m', '--out', out, '--no-charts', '--quiet');
    expect(code).toBe(2);
    expect(stderr).toContain('mmc.yaml');
    expect(stderr).toContain('warmup');
    expect(stderr).toContain('a warm-up shorter than the duration (120s)');
    expect(stderr).toContain('"2m"');
    expect(() => readFileSync(join(out, 'report.json'))).toThrow();
  });
});

describe('warmup: a run with one', () => {
  it('autopeer run writes warmupS into report.json and warmup into scenario.resolved.yaml', () => {
    const out = join(tempDir(), 'out');
    const { code } = cli('run', 'mmc', '--set', 'duration=30s', '--set', 'window=10s', '--set', 'warmup=10s', '--out', out, '--no-charts', '--quiet');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { warmupS: number; timeline: { warmup: boolean }[] };
    expect(report.warmupS).toBe(10);
    expect(report.timeline.map((t) => t.warmup)).toEqual([true, false, false]);
    expect(readFileSync(join(out, 'scenario.resolved.yaml'), 'utf8')).toMatch(/^warmup: 10$/m);
  });
});
