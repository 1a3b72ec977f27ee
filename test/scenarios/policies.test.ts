// Each CDN's policy as a scenario loads it: a library name or a path relative to the scenario file,
// isolated / peer-default when none is given, the CDN's role required, every problem an input
// error, `--set cdns.<id>.policy=…` swapping it, and the policies part of the content hash.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { InputError } from '../../input/input-error.js';
import { loadScenario } from '../../scenarios/load.js';
import { cli, tempDir } from '../cli/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'autopeer-scenario-policies-'));
const scenarioWith = (policies: { alpha?: string; beta?: string }) => ({
  name: 'tiny',
  duration: '10m',
  regions: ['eu-west'],
  cdns: [
    { id: 'alpha', role: 'primary', policy: policies.alpha, sites: [{ region: 'eu-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] },
    { id: 'beta', role: 'peer', policy: policies.beta, sites: [{ region: 'eu-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] },
  ],
  workload: [{ region: 'eu-west', cdn: 'alpha', base: { ratePerS: 100 } }],
});
let counter = 0;
const write = (name: string, content: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : YAML.stringify(content));
  return file;
};
const writeScenario = (policies: { alpha?: string; beta?: string }) => write(`s${++counter}.yaml`, scenarioWith(policies));

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('policies of a scenario', () => {
  it('flash-crowd: alpha runs balanced, its peers peer-default', () => {
    const { policies } = loadScenario('flash-crowd');
    expect(Object.fromEntries(Object.entries(policies).map(([id, p]) => [id, p.name]))).toEqual({
      alpha: 'balanced',
      beta: 'peer-default',
      gamma: 'peer-default',
      delta: 'peer-default',
    });
  });

  it('a CDN without a policy gets isolated (primary) or peer-default (peer)', () => {
    const { policies } = loadScenario(writeScenario({}));
    expect([policies.alpha.name, policies.beta.name]).toEqual(['isolated', 'peer-default']);
    expect(loadScenario('mmc').policies.alpha.name).toBe('isolated');
  });

  it('--set cdns.alpha.policy=isolated swaps the policy', () => {
    expect(loadScenario('flash-crowd', { sets: ['cdns.alpha.policy=isolated'] }).policies.alpha.name).toBe('isolated');
    expect(loadScenario('flash-crowd', { sets: ['cdns.alpha.policy=qos-first'] }).policies.alpha.name).toBe('qos-first');
  });

  it('a policy file path is relative to the scenario file', () => {
    write('mine.yaml', { name: 'mine', roles: ['primary'], primary: { seek: 'utilization > 0.5' } });
    const { policies } = loadScenario(writeScenario({ alpha: 'mine.yaml', beta: 'peer-greedy' }));
    expect([policies.alpha.name, policies.beta.name]).toEqual(['mine', 'peer-greedy']);
  });

  it('an unknown name, a missing file and a policy of the wrong role are errors at cdns[i].policy, all at once', () => {
    const file = writeScenario({ alpha: 'peer-default', beta: 'nope.yaml' });
    expect(issuesOf(() => loadScenario(file))).toEqual([
      { file, path: 'cdns[0].policy', expected: 'a policy with the primary role (CDN alpha is a primary)', found: '"peer-default" (roles: peer)' },
      { file, path: 'cdns[1].policy', expected: 'a library policy name or a readable policy file', found: `"nope.yaml" (no file ${join(dir, 'nope.yaml')})` },
    ]);
    const unknown = writeScenario({ alpha: 'balnced' });
    expect(issuesOf(() => loadScenario(unknown))[0]).toMatchObject({
      file: unknown,
      path: 'cdns[0].policy',
      found: expect.stringContaining('unknown policy "balnced" (known: aggressive, balanced,'),
    });
  });

  it('errors inside a policy file name the policy file', () => {
    const bad = write('bad-policy.yaml', { name: 'bad', roles: ['primary'], primary: { seek: 'utilisation > 0.9' } });
    const issues = issuesOf(() => loadScenario(writeScenario({ alpha: 'bad-policy.yaml' })));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: bad,
      path: 'primary.seek',
      found: 'unknown symbol "utilisation" in "utilisation > 0.9" (did you mean "utilization"?)',
    });
  });

  it('the content hash covers the policies: editing a policy file changes it, the same content does not', () => {
    write('edit.yaml', { name: 'edit', roles: ['primary'], primary: { seek: 'utilization > 0.5' } });
    const scenario = writeScenario({ alpha: 'edit.yaml' });
    const before = loadScenario(scenario).hash;
    expect(loadScenario(scenario).hash).toBe(before);
    write('edit.yaml', { name: 'edit', roles: ['primary'], primary: { seek: 'utilization > 0.6' } });
    expect(loadScenario(scenario).hash).not.toBe(before);
    expect(loadScenario('flash-crowd', { sets: ['cdns.alpha.policy=isolated'] }).hash).not.toBe(loadScenario('flash-crowd').hash);
  });
});

describe('through the command line', () => {
  it('autopeer run with an unknown policy name exits 2 naming the scenario file and cdns[0].policy', () => {
    const out = join(tempDir(), 'out');
    const r = cli('run', 'mmc', '--set', 'cdns.alpha.policy=balnced', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /scenarios[\\/]mmc\.yaml: cdns\[0\]\.policy: expected a library policy name or a policy file path, found unknown policy "balnced" \(known: aggressive, balanced, /,
    );
  });

  it('autopeer run with --set cdns.alpha.policy=isolated loads and runs', () => {
    const out = join(tempDir(), 'out');
    const r = cli('run', 'mmc', '--set', 'cdns.alpha.policy=isolated', '--set', 'duration=10s', '--set', 'window=5s', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('autopeer validate checks a scenario’s policies too', () => {
    const r = cli('validate', writeScenario({ alpha: 'peer-greedy' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cdns[0].policy: expected a policy with the primary role (CDN alpha is a primary), found "peer-greedy" (roles: peer)');
  });
});

describe("a contract's sides play the roles their policies have", () => {
  const contract = (primary: string, peer: string) => ({ primary, peer, capacityRps: 50, pricePerGB: 0.01, duration: '5m' });
  const withContract = (policies: { alpha?: string; beta?: string }, c: object) => write(`c${++counter}.yaml`, { ...scenarioWith(policies), contracts: [c] });

  it('a CDN whose policy has both roles may be a contract’s peer and primary (reciprocal)', () => {
    expect(() => loadScenario(withContract({ alpha: 'reciprocal', beta: 'reciprocal' }, contract('beta', 'alpha')))).not.toThrow();
  });

  it("a contract the wrong way round is refused at both sides, naming each policy's roles", () => {
    const issues = issuesOf(() => loadScenario(withContract({ alpha: 'balanced', beta: 'peer-default' }, contract('beta', 'alpha'))));
    expect(issues.map((i) => i.path)).toEqual(['contracts[0].primary', 'contracts[0].peer']);
    expect(issues[0].found).toContain('roles: peer');
    expect(issues[1].found).toContain('roles: primary');
  });
});
