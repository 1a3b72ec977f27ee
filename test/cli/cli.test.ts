// The command line in-process: each command's output and exit code (0 ok, 2 invalid input), and
// that invalid input never leaves an output folder behind.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';

const short = ['--set', 'duration=20s', '--set', 'window=5s'];

describe('autopeer run', () => {
  it('writes report.json, report.md, report.html, timeline.csv, arrangements.csv, run-info.json, scenario.resolved.yaml and charts/ and exits 0', () => {
    const out = join(tempDir(), 'run');
    const r = cli('run', 'mmc', '--out', out, ...short, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      '.autopeer-manifest.json',
      'arrangement-changes.csv',
      'arrangements.csv',
      'charts',
      'report.html',
      'report.json',
      'report.md',
      'run-info.json',
      'scenario.resolved.yaml',
      'timeline-cdn.csv',
      'timeline.csv',
    ]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.scenario.name).toBe('mmc');
    expect(report.scenario.seed).toBe(1);
    expect(report.durationS).toBe(20);
    expect(report.timeline).toHaveLength(4);
    const q = report.requests;
    expect(q.arrived).toBe(q.served + q.rejected + q.failed + q.inFlightAtEnd);
    const csv = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[1].startsWith(`mmc,${report.scenario.hash},1,0,`)).toBe(true);
  });

  it('--seed changes the seed in the report and the default folder name', () => {
    const dir = tempDir();
    const r = cli('run', 'mmc', '--seed', '42', '--out', join(dir, 'x'), ...short);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mmc (seed 42)');
    expect(JSON.parse(readFileSync(join(dir, 'x', 'report.json'), 'utf8')).scenario.seed).toBe(42);
  });

  it('a missing scenario file exits 2 naming the file, and writes nothing', () => {
    const dir = tempDir();
    const r = cli('run', join(dir, 'nope.yaml'), '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unknown scenario name exits 2 and lists the known ones', () => {
    const r = cli('run', 'flsh-crowd');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown scenario "flsh-crowd"');
    expect(r.stderr).toContain('flash-crowd');
  });

  it('invalid YAML, wrong types, unknown fields and negative rates exit 2 with every problem named', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: [unclosed\n');
    let r = cli('run', bad, '--out', join(dir, 'o1'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    writeFileSync(
      bad,
      [
        'name: bad',
        'duration: 1m',
        'regions: [r]',
        'cdns:',
        '  - id: a',
        '    role: primary',
        '    sites:',
        '      - { region: r, servers: two, srvers: 3, serviceTime: { exponential: { meanMs: 10 } } }',
        'workload:',
        '  - { region: r, cdn: a, base: { ratePerS: -5 } }',
      ].join('\n'),
    );
    r = cli('run', bad, '--out', join(dir, 'o2'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: cdns\[0\]\.sites\[0\]\.servers: expected .*, found "two"/);
    expect(r.stderr).toContain('srvers');
    expect(r.stderr).toMatch(/workload\[0\]\.base\.ratePerS: expected .*, found -5/);
    expect(existsSync(join(dir, 'o1')) || existsSync(join(dir, 'o2'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('a bad --set exits 2 naming the path', () => {
    const r = cli('run', 'mmc', '--set', 'cdns.nosuch.policy=x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cdns.nosuch.policy');
  });

  it('an unknown flag and a non-numeric seed exit 2', () => {
    expect(cli('run', 'mmc', '--bogus').code).toBe(2);
    expect(cli('run', 'mmc', '--seed', 'abc').code).toBe(2);
  });
});

describe('autopeer validate / schema / list', () => {
  it('validate prints OK for a good file and exits 2 listing problems for a bad one', () => {
    const dir = tempDir();
    const good = join(dir, 'good.yaml');
    writeFileSync(good, readFileSync(join(import.meta.dirname, '../../scenarios/mmc.yaml'), 'utf8'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"name": 3}');
    expect(cli('validate', good).stdout).toContain('good.yaml: OK');
    const r = cli('validate', good, bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('good.yaml: OK');
    expect(r.stderr).toContain('bad.json: name: expected');
  });

  it('schema scenario prints a JSON Schema; an unknown kind exits 2', () => {
    const r = cli('schema', 'scenario');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'cdns', 'workload', 'regions']));
    expect(cli('schema', 'nonsense').code).toBe(2);
  });

  it('list scenarios names the ready scenarios', () => {
    const r = cli('list', 'scenarios');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flash-crowd /m);
    expect(r.stdout).toMatch(/^mmc /m);
    expect(r.stdout).toMatch(/^steady /m);
  });
});

describe('autopeer run --trace', () => {
  it('writes events.ndjson with every control-plane message and state change, and arrangements.csv rows', () => {
    const out = join(tempDir(), 'traced');
    const fixture = join(import.meta.dirname, '../fixtures/small-crowd.yaml');
    const r = cli('run', fixture, '--out', out, '--trace', '--quiet', '--set', 'duration=15m');
    expect(r.code).toBe(0);
    const lines = readFileSync(join(out, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.kind === 'message' && l.type === 'negotiation.cfp')).toBe(true);
    expect(lines.some((l) => l.kind === 'state' && String(l.actor).startsWith('arrangement:') && l.value === 'active')).toBe(true);
    for (let i = 1; i < lines.length; i++) expect(lines[i].tS).toBeGreaterThanOrEqual(lines[i - 1].tS);
    const csv = readFileSync(join(out, 'arrangements.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 9)).toEqual(['scenario', 'hash', 'seed', 'id', 'primary', 'peer', 'term', 'origin', 'state']);
    expect(csv.length).toBeGreaterThan(1);
  });
});
