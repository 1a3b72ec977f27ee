// `autopeer validate` and `autopeer run` refuse what would crash or hang a run with exit 2 and a
// message naming the file and field (never a stack trace), and validate accepts ready names.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

const dir = tempDir();
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/internal error|\n\s+at /);

describe('validate accepts ready names, like run', () => {
  it('a ready scenario name validates (it failed with ENOENT)', () => {
    const r = cli('validate', 'flash-crowd', 'mmc');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flash-crowd: OK \(scenario "flash-crowd", hash [0-9a-f]{12}\)$/m);
    expect(r.stdout).toMatch(/^mmc: OK \(scenario "mmc"/m);
  });

  it('a library policy name validates', () => {
    const r = cli('validate', 'balanced');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^balanced: OK \(policy "balanced"/m);
  });

  it('an unknown name is exit 2 with a did-you-mean', () => {
    const r = cli('validate', 'flash-crwod');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "flash-crowd"?');
    noTrace(r.stderr);
  });
});

describe('exit 2, not a crash or a hang', () => {
  it.each(['/dev/zero', '/dev/urandom'])('validate %s', (device) => {
    const r = cli('validate', device);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${device}: (file): expected a regular file of at most 16 MiB, found a device\n`);
  });

  it('a FIFO as the scenario of run', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = cli('run', fifo, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('found a FIFO (named pipe)');
  });

  it('deeply nested JSON', () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"name": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    const r = cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nesting at most 64 levels deep');
    noTrace(r.stderr);
  });

  it('a 5,000-character scenario name', () => {
    const r = cli('run', 'mmc', '--set', `name=${'n'.repeat(5000)}`, '--quiet', '--no-charts');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mmc\.yaml: name: expected a name of at most 100 characters/);
  });

  it('run: 1e20 requests/s is refused at once with the estimate', () => {
    const r = cli('run', 'mmc', '--set', 'workload.0.base.ratePerS=1e20', '--quiet', '--no-charts');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /mmc\.yaml: workload\[0\]\.base\.ratePerS: expected a run of at most 2e9 requests .*found 1e20 requests\/s × 600 s ≈ 6e22 requests/,
    );
  });

  it('run: catalog.objects 1e10 and a 1 µs window are refused', () => {
    expect(cli('run', 'mmc', '--set', 'catalog.objects=1e10', '--quiet').stderr).toMatch(/catalog\.objects: expected a positive integer of at most/);
    expect(cli('run', 'mmc', '--set', 'window=1us', '--quiet').code).toBe(2);
    const r = cli('run', 'mmc', '--set', 'window=0.000001', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('window: expected a duration of at least 1ms');
  });
});
