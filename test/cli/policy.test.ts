// The policy commands in-process: validate (policy files told apart from scenarios by their
// `roles` field), schema policy, list policies and policy vars, with their exit codes.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cli, tempDir } from './helpers.js';

describe('autopeer validate', () => {
  it('accepts policy and scenario files side by side', () => {
    const r = cli('validate', 'policies/library/balanced.yaml', 'policies/library/peer-greedy.yaml', 'scenarios/mmc.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'policies/library/balanced.yaml: OK (policy "balanced", roles primary)',
      'policies/library/peer-greedy.yaml: OK (policy "peer-greedy", roles peer)',
      expect.stringMatching(/^scenarios\/mmc\.yaml: OK \(scenario "mmc", hash [0-9a-f]{12}\)$/),
      '',
    ]);
  });

  it('reports every problem of every bad policy file and exits 2', () => {
    const dir = tempDir();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, 'name: a\nroles: [primary]\nprimary:\n  seek: latencyP95 > 200\n  need: flow\n');
    writeFileSync(b, 'name: b\nroles: [peer]\npeer:\n  price: 0.01\n  reserve: 2\n');
    const r = cli('validate', a, b);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${a}: primary.seek: expected an expression whose units and types agree`);
    expect(r.stderr).toContain(`${a}: primary.need: expected only the variables of primary.need`);
    expect(r.stderr).toContain(`${b}: peer.reserve: expected a plain number ≥ 0 and ≤ 1, found 2`);
  });
});

describe('autopeer schema policy', () => {
  it('prints the JSON Schema of policy files', () => {
    const r = cli('schema', 'policy');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('autopeer policy');
    expect(Object.keys(schema.properties)).toEqual(['name', 'description', 'roles', 'params', 'primary', 'peer']);
  });

  it('an unknown kind exits 2 listing the known ones', () => {
    expect(cli('schema', 'polcy')).toMatchObject({ code: 2, stderr: 'unknown schema "polcy" (known: scenario, policy)\n' });
  });
});

describe('autopeer list policies', () => {
  it('prints each library policy with its roles and description', () => {
    const r = cli('list', 'policies');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['aggressive', 'primary'],
      ['balanced', 'primary'],
      ['cost-saver', 'primary'],
      ['isolated', 'primary'],
      ['peer-conservative', 'peer'],
      ['peer-default', 'peer'],
      ['peer-greedy', 'peer'],
      ['qos-first', 'primary'],
      ['reciprocal', 'primary,'],
    ]);
    expect(lines[3]).toContain('Never seeks peering');
  });

  it('an unknown list exits 2', () => {
    expect(cli('list', 'polices')).toMatchObject({ code: 2, stderr: 'unknown list "polices" (known: scenarios, policies)\n' });
  });
});

describe('autopeer policy vars', () => {
  it('primary.seek prints its result and each variable with unit, meaning and example', () => {
    const r = cli('policy', 'vars', 'primary.seek');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('primary.seek — start looking for peering capacity now');
    expect(lines[1]).toBe('  result: true or false');
    expect(lines).toContain('  latencyP95          ms    p95 latency of requests served by its sites in the last window (e.g. 180)');
    expect(lines).toContain('  t                   s     simulated time since the start (e.g. 1800)');
  });

  it('a bare name prints it for every role that has it; no name prints all 18', () => {
    expect(cli('policy', 'vars', 'accept').stdout.match(/^\S+ — /gm)).toEqual(['primary.accept — ', 'peer.accept — ']);
    expect(cli('policy', 'vars').stdout.match(/^\S+ — /gm)).toHaveLength(18);
    expect(cli('policy', 'vars', 'accept').stdout).toContain('  term           word  "short" or "long" (e.g. "short")');
  });

  it('an unknown decision exits 2 listing the known ones', () => {
    const r = cli('policy', 'vars', 'sek');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'unknown decision "sek" (known: primary.seek, primary.need, primary.term, primary.score, primary.opening, primary.limit, primary.concession, ' +
        'primary.accept, primary.replicate, primary.rearrange, primary.disband, primary.breach, peer.advertise, peer.price, peer.reserve, peer.accept, peer.counter, peer.terminate)\n',
    );
  });
});
