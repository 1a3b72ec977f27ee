// The run command's limit and policy-folder flags: a limit flag lowers or raises what a run may
// cost (a bad value is exit 2); --policy-path lets policy files come from a folder the user names,
// which is refused without it; a run writes arrangement-changes.csv beside arrangements.csv.
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';

const SMALL_CROWD = join(import.meta.dirname, '../fixtures/small-crowd.yaml');

describe('autopeer run: limit flags', () => {
  it('--max-requests lower than the run refuses it before it starts, naming the flag; the default lets it run', () => {
    const dir = tempDir();
    const refused = cli(
      'run',
      'mmc',
      '--set',
      'duration=2s',
      '--set',
      'window=1s',
      '--max-requests',
      '1000',
      '--out',
      join(dir, 'a'),
      '--quiet',
      '--no-charts',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--max-requests');
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(cli('run', 'mmc', '--set', 'duration=2s', '--set', 'window=1s', '--out', join(dir, 'b'), '--quiet', '--no-charts').code).toBe(0);
  });

  it('a limit flag that is not a positive number is exit 2', () => {
    for (const bad of ['0', '-5', 'lots', '']) {
      const r = cli('run', 'mmc', '--max-control-passes', bad, '--out', join(tempDir(), 'x'));
      expect(r.code, bad).toBe(2);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

describe('autopeer run: --policy-path', () => {
  it('a policy file outside the scenario folder is refused, and accepted from a folder named with --policy-path', () => {
    const root = tempDir();
    const scenarioDir = join(root, 'scenario');
    const policyDir = join(root, 'mine');
    mkdirSync(scenarioDir);
    mkdirSync(policyDir);
    const scenario = join(scenarioDir, 'crowd.yaml');
    copyFileSync(SMALL_CROWD, scenario);
    writeFileSync(join(policyDir, 'quick.yaml'), readFileSync(join(import.meta.dirname, '../../policies/library/balanced.yaml')));
    const set = ['--set', `cdns.alpha.policy=${join(policyDir, 'quick.yaml')}`, '--set', 'duration=2m'];
    const refused = cli('run', scenario, ...set, '--out', join(root, 'a'), '--quiet', '--no-charts');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('cdns[0].policy');
    const ok = cli('run', scenario, ...set, '--policy-path', policyDir, '--out', join(root, 'b'), '--quiet', '--no-charts');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const changes = readFileSync(join(root, 'b', 'arrangement-changes.csv'), 'utf8');
    expect(changes.split('\n')[0]).toBe('scenario,hash,seed,id,primary,peer,tS,change,capacityRps,endS');
  });
});
