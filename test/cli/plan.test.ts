// Runs that say what they were: the run plan is a value; `run --dry-run` prints it and writes
// nothing (no output folder, no lock), still exits 2 on invalid input; every run writes
// scenario.resolved.yaml, a scenario file with every default filled in that loads to the same
// scenario and hash, and whose re-run command reproduces report.json byte for byte.
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadScenario, listScenarios } from '../../scenarios/load.js';
import { buildRunPlan, renderResolvedScenario, rerunArgs, shellWord } from '../../scenarios/plan.js';
import { scenarioFileDocument } from '../../scenarios/scenario-document.js';
import { canonicalJson } from '../../scenarios/hash.js';
import { cli, tempDir } from './helpers.js';

const SMALL_CROWD = join(import.meta.dirname, '../fixtures/small-crowd.yaml');
const BALANCED = join(import.meta.dirname, '../../policies/library/balanced.yaml');
const short = ['--set', 'duration=20s', '--set', 'window=5s'];

/** loads a resolved file's text from `dir` and returns its scenario and hash */
function reload(dir: string, text: string, sets: string[] = [], policyDirs: string[] = []) {
  const file = join(dir, 'scenario.resolved.yaml');
  writeFileSync(file, text);
  return loadScenario(file, { sets, policyDirs });
}

describe('the run plan', () => {
  it('holds the resolved scenario, file, overrides in order, seed, version, policy names, hash, output folder and work estimate', () => {
    const loaded = loadScenario('flash-crowd', { sets: ['duration=30m', 'cdns.alpha.policy=aggressive'], seed: 7 });
    const plan = buildRunPlan(loaded, { overrides: ['duration=30m', 'cdns.alpha.policy=aggressive'], version: '9.9.9', outDir: 'o' });
    expect(plan.scenario.durationS).toBe(1800);
    expect(plan.file).toBe(loaded.file);
    expect(plan.overrides).toEqual(['duration=30m', 'cdns.alpha.policy=aggressive']);
    expect([plan.seed, plan.version, plan.hash, plan.outDir]).toEqual([7, '9.9.9', loaded.hash, 'o']);
    expect(plan.policies.alpha).toEqual({ name: 'aggressive', ref: 'aggressive', file: null });
    expect(plan.policies.beta.name).toBe('peer-default');
    expect(plan.estimate.windows).toBe(30);
    expect(plan.estimate.requests).toBeGreaterThan(2190 * 1800);
    expect(plan.estimate.controlPasses).toBeGreaterThan(0);
  });

  it('every ready scenario and the fixture render to a resolved file that loads to the very same scenario and hash', () => {
    const dir = tempDir();
    const refs = [...listScenarios().map((s) => s.name), SMALL_CROWD];
    for (const ref of refs) {
      const loaded = loadScenario(ref);
      const text = renderResolvedScenario(buildRunPlan(loaded, { overrides: [], version: 'v', outDir: 'o' }));
      const back = reload(dir, text);
      expect(canonicalJson(back.scenario), ref).toBe(canonicalJson(loaded.scenario));
      expect(back.hash, ref).toBe(loaded.hash);
    }
  });

  it('the resolved file writes durations in seconds with their field names and fills in every default', () => {
    const doc = JSON.parse(JSON.stringify(scenarioFileDocument(loadScenario('mmc').scenario)));
    expect(doc.duration).toBe(600);
    expect(doc.window).toBe(60);
    expect(doc.catalog).toEqual({ objects: 10000, popularity: { zipf: 0.8 }, sizeBytes: { lognormal: { median: 500000, sigma: 1 } } });
    expect(doc.cdns[0].sites[0]).toMatchObject({ id: 'local', queueLimit: null, cache: null });
    expect(doc.cdns[0].economics).toEqual({ revenuePerGB: 0.02, costPerServerHour: 0.05 });
    expect(doc.origin.region).toBe('local');
  });

  it('hostile text in the file name or overrides stays inside the header comments (a newline cannot end a comment)', () => {
    const loaded = loadScenario('mmc', { sets: ['description="evil\\nname: x # y"'] });
    const plan = buildRunPlan(loaded, { overrides: ['description="evil\\nname: x # y"'], version: 'v', outDir: 'o' });
    const text = renderResolvedScenario({ ...plan, file: '/tmp/a\nb: c\u2028d' });
    const header = text.split('\nname: ')[0].split('\n');
    for (const line of header) expect(line.startsWith('#')).toBe(true);
    expect(reload(tempDir(), text, plan.overrides).hash).toBe(loaded.hash);
  });

  it('the re-run command quotes for a shell and names the policy folders only when a policy is a file', () => {
    expect(shellWord('duration=30m')).toBe('duration=30m');
    expect(shellWord("it's here")).toBe(`'it'\\''s here'`);
    const plan = buildRunPlan(loadScenario('mmc'), { overrides: ['a=1'], version: 'v', outDir: 'o' });
    expect(rerunArgs(plan, 'r.yaml')).toEqual(['autopeer', 'run', 'r.yaml', '--seed', '1', '--set', 'a=1']);
  });
});

describe('autopeer run --dry-run', () => {
  it('prints the plan as YAML, exits 0 and writes nothing: no output folder, no lock, no parent folder', () => {
    const dir = tempDir();
    const out = join(dir, 'deep', 'run');
    const r = cli('run', 'flash-crowd', '--set', 'duration=30m', '--seed', '3', '--out', out, '--dry-run');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = YAML.parse(r.stdout);
    expect(printed.plan).toMatchObject({
      overrides: ['duration=30m'],
      seed: 3,
      outDir: out,
      version: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(printed.plan.policies.alpha.name).toBe('balanced');
    expect(printed.plan.estimate).toMatchObject({ windows: 30 });
    expect(printed.scenario).toMatchObject({ name: 'flash-crowd', duration: 1800, seed: 3 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with the default output folder, nothing is created either', () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = cli('run', 'mmc', '--dry-run');
      expect(r.code).toBe(0);
      expect(YAML.parse(r.stdout).plan.outDir).toBe(join('out', 'mmc', 'seed-1'));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('invalid input with --dry-run still exits 2 with the message and prints no plan', () => {
    const r = cli('run', 'mmc', '--set', 'duration=-5s', '--dry-run');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('duration');
    expect(r.stdout).toBe('');
    expect(cli('run', 'no-such-scenario', '--dry-run').code).toBe(2);
  });

  it('is listed in run --help', () => {
    const r = cli('run', '--help');
    expect(r.stdout).toContain('--dry-run');
  });
});

describe('scenario.resolved.yaml beside every run', () => {
  it('re-running it with the command in its header reproduces report.json byte for byte (a run cut short with --set duration)', () => {
    const dir = tempDir();
    const a = cli('run', SMALL_CROWD, '--set', 'duration=12m', '--seed', '4', '--out', join(dir, 'a'), '--quiet', '--no-charts');
    expect(a.code).toBe(0);
    const resolved = join(dir, 'a', 'scenario.resolved.yaml');
    const text = readFileSync(resolved, 'utf8');
    expect(text).toContain('#   autopeer run scenario.resolved.yaml --seed 4 --set duration=12m\n');
    const b = cli('run', resolved, '--seed', '4', '--set', 'duration=12m', '--out', join(dir, 'b'), '--quiet', '--no-charts');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const [ra, rb] = ['a', 'b'].map((x) => readFileSync(join(dir, x, 'report.json'), 'utf8'));
    expect(JSON.parse(ra).arrangements.length).toBeGreaterThan(0);
    expect(rb).toBe(ra);
  });

  it('a run without overrides re-runs with only --seed; the manifest lists the file', () => {
    const dir = tempDir();
    expect(cli('run', 'mmc', ...short, '--out', join(dir, 'a'), '--quiet', '--no-charts').code).toBe(0);
    const resolved = join(dir, 'a', 'scenario.resolved.yaml');
    writeFileSync(join(dir, 'plain.yaml'), readFileSync(resolved));
    // the resolved file of a run without --set: re-run from another folder with only --seed
    const sets = cli('run', join(dir, 'plain.yaml'), '--seed', '1', '--out', join(dir, 'b'), '--quiet', '--no-charts');
    expect(sets.code).toBe(0);
    const report = (x: string) => JSON.parse(readFileSync(join(dir, x, 'report.json'), 'utf8'));
    expect(report('b').scenario.hash).toBe(report('a').scenario.hash);
    expect(report('b').requests).toEqual(report('a').requests);
    expect(readFileSync(join(dir, 'a', '.autopeer-manifest.json'), 'utf8')).toContain('scenario.resolved.yaml');
  });

  it('a policy file keeps its reference (same hash) and re-runs with the --policy-path folders the header names', () => {
    const root = tempDir();
    const scenarioDir = join(root, 'scenario');
    mkdirSync(join(scenarioDir, 'policies'), { recursive: true });
    copyFileSync(SMALL_CROWD, join(scenarioDir, 'crowd.yaml'));
    copyFileSync(BALANCED, join(scenarioDir, 'policies', 'mine.yaml'));
    const set = ['--set', 'cdns.alpha.policy=policies/mine.yaml', '--set', 'duration=12m'];
    const a = cli('run', join(scenarioDir, 'crowd.yaml'), ...set, '--out', join(root, 'a'), '--quiet', '--no-charts');
    expect(a.code).toBe(0);
    const resolved = join(root, 'a', 'scenario.resolved.yaml');
    const text = readFileSync(resolved, 'utf8');
    expect(text).toContain(`--policy-path ${scenarioDir}`);
    expect(text).toContain('policy: policies/mine.yaml');
    // without the folder, the policy file cannot be found from the output folder: exit 2, never a crash
    expect(cli('run', resolved, ...set, '--out', join(root, 'x'), '--quiet').code).toBe(2);
    expect(existsSync(join(root, 'x'))).toBe(false);
    const b = cli('run', resolved, '--seed', '1', ...set, '--policy-path', scenarioDir, '--out', join(root, 'b'), '--quiet', '--no-charts');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(readFileSync(join(root, 'b', 'report.json'), 'utf8')).toBe(readFileSync(join(root, 'a', 'report.json'), 'utf8'));
  });
});
