// Where policy files may come from: a reference written in a scenario or an override resolves to
// a library name or to a .yaml/.yml/.json file under the scenario's folder (or a --policy-path
// folder), after symbolic links are resolved; a refusal or a non-policy file never echoes content.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { locatePolicy, loadPolicy } from '../../policies/load.js';
import { loadScenarioPolicies } from '../../scenarios/policies.js';
import { loadScenario } from '../../scenarios/load.js';
import { cli } from '../cli/helpers.js';
import { inputErrorOf } from './helpers.js';

const SECRET = 'SECRET-TOKEN-123';
const root = mkdtempSync(join(tmpdir(), 'autopeer-policy-location-'));
const scenarioDir = join(root, 'scenario');
const extraDir = join(root, 'extra');
mkdirSync(scenarioDir);
mkdirSync(extraDir);
const secretYaml = join(root, 'secret.yaml');
writeFileSync(secretYaml, `${SECRET}\nline2\n`);
writeFileSync(join(root, 'secret'), `${SECRET}\nline2\n`);
writeFileSync(join(root, 'secret.json'), `{"token": "${SECRET}",\nbroken}\n`);
symlinkSync(secretYaml, join(scenarioDir, 'link.yaml'));
writeFileSync(join(scenarioDir, 'notes.yaml'), 'password: hunter2\nother: swordfish\n');
writeFileSync(join(scenarioDir, 'notes.json'), '{"password": "hunter2",\n"other": "swordfish"}');
writeFileSync(join(scenarioDir, 'secret-notes.txt'), `${SECRET}\n`);
symlinkSync(join(scenarioDir, 'secret-notes.txt'), join(scenarioDir, 'inside-link.yaml'));
mkdirSync(join(scenarioDir, 'folder.yaml'));
const policy = (name: string) => YAML.stringify({ name, roles: ['primary'], primary: { seek: 'utilization > 0.5' } });
writeFileSync(join(scenarioDir, 'mine.yaml'), policy('mine'));
symlinkSync(join(scenarioDir, 'mine.yaml'), join(scenarioDir, 'mine-link.yaml'));
writeFileSync(join(extraDir, 'shared.yaml'), policy('shared'));

const scenario = {
  name: 'tiny',
  duration: '10m',
  regions: ['eu-west'],
  cdns: [{ id: 'alpha', role: 'primary', policy: 'isolated', sites: [{ region: 'eu-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] }],
  workload: [{ region: 'eu-west', cdn: 'alpha', base: { ratePerS: 100 } }],
};
const scenarioFile = join(scenarioDir, 'tiny.yaml');
writeFileSync(scenarioFile, YAML.stringify(scenario));

const withPolicy = (ref: string) => loadScenario(scenarioFile, { sets: [`cdns.alpha.policy=${ref}`] });
const expectedOutside = `a library policy name or a .yaml/.yml/.json file under ${scenarioDir} (or a folder given with --policy-path)`;

describe('policy references stay under the scenario folder', () => {
  const hostile: Array<[string, string]> = [
    ['an absolute path', secretYaml],
    ['an absolute path without an extension', join(root, 'secret')],
    ['an absolute JSON path with a syntax error', join(root, 'secret.json')],
    ['a ../ path', '../secret.yaml'],
    ['a symbolic link under the folder pointing outside', 'link.yaml'],
    ['a system file', '/etc/passwd'],
  ];
  for (const [what, ref] of hostile) {
    it(`${what} is refused at cdns[0].policy, naming the folder, never the content`, () => {
      const err = inputErrorOf(() => withPolicy(ref));
      expect(err.issues).toEqual([
        { file: scenarioFile, path: 'cdns[0].policy', expected: expectedOutside, found: expect.stringContaining(JSON.stringify(ref)) },
      ]);
      expect(err.message).not.toContain(SECRET);
      expect(err.message).not.toContain('root:');
    });
  }

  it('through autopeer run --set, stderr never shows the secret (absolute, ../, symlink)', () => {
    for (const ref of [secretYaml, '../secret.yaml', 'link.yaml', join(root, 'secret.json')]) {
      const r = cli('run', scenarioFile, '--set', `cdns.alpha.policy=${ref}`, '--out', join(root, 'out'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cdns[0].policy: expected a library policy name or a .yaml/.yml/.json file under');
      expect(r.stderr).not.toContain(SECRET);
    }
  });

  it('a scenario file itself naming an outside file is refused the same way', () => {
    const file = join(scenarioDir, 'hostile.yaml');
    writeFileSync(file, YAML.stringify({ ...scenario, cdns: [{ ...scenario.cdns[0], policy: '../../../../../../../..' + secretYaml }] }));
    const err = inputErrorOf(() => loadScenario(file));
    expect(err.issues[0]).toMatchObject({ path: 'cdns[0].policy', found: expect.stringContaining('it lies outside those folders') });
    expect(err.message).not.toContain(SECRET);
  });

  it('a link under the folder to a non-policy file under the folder is refused (the real name must be .yaml/.yml/.json)', () => {
    const err = inputErrorOf(() => withPolicy('inside-link.yaml'));
    expect(err.issues[0]).toMatchObject({ path: 'cdns[0].policy', found: '"inside-link.yaml" (not a .yaml, .yml or .json file)' });
    expect(err.message).not.toContain(SECRET);
  });

  it('a folder named like a policy file is refused as not a regular file', () => {
    expect(inputErrorOf(() => withPolicy('folder.yaml')).issues[0]).toMatchObject({ found: '"folder.yaml" (not a regular file)' });
  });

  it('a YAML or JSON file under the folder that is not a policy is refused without echoing a line of it', () => {
    for (const name of ['notes.yaml', 'notes.json']) {
      const err = inputErrorOf(() => withPolicy(name));
      expect(err.issues).toEqual([
        {
          file: join(scenarioDir, name),
          path: '(root)',
          expected: 'a policy: a mapping with a roles field (name, roles, params, primary, peer)',
          found: 'a document without a top-level roles field',
        },
      ]);
      expect(err.message).not.toMatch(/hunter2|swordfish|password/);
    }
  });

  it('the scenario file itself is not a policy', () => {
    expect(inputErrorOf(() => withPolicy('tiny.yaml')).issues[0]).toMatchObject({ found: 'a document without a top-level roles field' });
  });

  it('a syntax error of a policy file is reported on one short line', () => {
    writeFileSync(join(scenarioDir, 'broken.yaml'), `name: x\nroles: [primary\nseek: "${'x'.repeat(500)}"\n`);
    const err = inputErrorOf(() => withPolicy('broken.yaml'));
    for (const issue of err.issues) {
      expect(issue.found).not.toContain('\n');
      expect(issue.found.length).toBeLessThanOrEqual(120);
    }
  });

  it('files under the folder load, also through a link that stays inside', () => {
    expect(withPolicy('mine.yaml').policies.alpha.name).toBe('mine');
    expect(withPolicy('mine-link.yaml').policies.alpha.name).toBe('mine');
    expect(withPolicy(join(scenarioDir, 'mine.yaml')).policies.alpha.name).toBe('mine');
  });
});

describe('policyDirs: folders the user allows (--policy-path)', () => {
  const doc = YAML.parse(YAML.stringify(scenario)) as Parameters<typeof loadScenarioPolicies>[0];
  const withRef = (ref: string) => ({ ...doc, cdns: [{ ...doc.cdns[0], policy: ref }] });

  it('a relative reference is searched in the scenario folder, then in each allowed folder', () => {
    expect(loadScenarioPolicies(withRef('shared.yaml'), scenarioFile, { policyDirs: [extraDir] }).alpha.name).toBe('shared');
    expect(loadScenarioPolicies(withRef('mine.yaml'), scenarioFile, { policyDirs: [extraDir] }).alpha.name).toBe('mine');
  });

  it('an absolute path is accepted only under an allowed folder', () => {
    const shared = join(extraDir, 'shared.yaml');
    expect(loadScenarioPolicies(withRef(shared), scenarioFile, { policyDirs: [extraDir] }).alpha.name).toBe('shared');
    const err = inputErrorOf(() => loadScenarioPolicies(withRef(shared), scenarioFile));
    expect(err.issues[0]).toMatchObject({ path: 'cdns[0].policy', expected: expectedOutside });
    const named = inputErrorOf(() => loadScenarioPolicies(withRef(secretYaml), scenarioFile, { policyDirs: [extraDir] }));
    expect(named.issues[0].expected).toBe(`a library policy name or a .yaml/.yml/.json file under ${scenarioDir} (or ${extraDir}, given with --policy-path)`);
  });

  it('locatePolicy and loadPolicy confine a path once a baseDir is given; a path named directly is taken as it is', () => {
    expect(locatePolicy('../secret.yaml', { baseDir: scenarioDir })).toMatchObject({ ok: false });
    expect(inputErrorOf(() => loadPolicy('../secret.yaml', { baseDir: scenarioDir })).message).not.toContain(SECRET);
    expect(locatePolicy(join(scenarioDir, 'mine.yaml'))).toEqual({ ok: true, file: join(scenarioDir, 'mine.yaml') });
  });
});
