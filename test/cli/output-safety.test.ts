// `autopeer run --out`: never deletes or overwrites what autopeer did not write. Dangerous paths,
// files, symlinks, foreign folders and locked folders are refused with exit 2 before anything is
// touched; an earlier output is replaced only with --force (or at the default folder), atomically.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../input/input-error.js';
import { MANIFEST_FILE } from '../../reports/manifest.js';
import { resolveOutputPath } from '../../reports/output-path.js';
import { defaultOutDir } from '../../cli/run-command.js';
import { cli, tempDir } from './helpers.js';

const fast = ['--set', 'duration=2s', '--set', 'window=1s', '--no-charts', '--quiet'];
const run = (out: string, ...extra: string[]) => cli('run', 'mmc', ...fast, '--out', out, ...extra);

/** every entry below `dir`: relative path → file content, link target or "<dir>" */
function snapshot(dir: string): Record<string, string> {
  const shot: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = join(rel, name);
      const stat = lstatSync(join(dir, path));
      if (stat.isSymbolicLink()) shot[path] = `-> ${readlinkSync(join(dir, path))}`;
      else if (stat.isDirectory()) {
        shot[path] = '<dir>';
        walk(path);
      } else shot[path] = readFileSync(join(dir, path)).toString('base64');
    }
  };
  walk('');
  return shot;
}

function expectRefused(r: { code: number; stderr: string }, ...fragments: string[]) {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--out');
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  for (const f of fragments) expect(r.stderr).toContain(f);
}

const originalCwd = process.cwd();
const originalHome = process.env.HOME;
afterEach(() => {
  process.chdir(originalCwd);
  process.env.HOME = originalHome;
});

/** a working folder `<tmp>/work/here` with sentinel files in it and in its parent */
function workingFolder(): { root: string; here: string } {
  const root = tempDir();
  const here = join(root, 'work', 'here');
  mkdirSync(here, { recursive: true });
  writeFileSync(join(root, 'work', 'sentinel.txt'), 'parent\n');
  writeFileSync(join(here, 'sentinel.txt'), 'mine\n');
  mkdirSync(join(here, '.git'));
  writeFileSync(join(here, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  process.chdir(here);
  return { root, here };
}

describe('dangerous --out paths are refused with exit 2 before anything is touched', () => {
  it.each([['.'], [''], ['..'], ['./'], ['./x/..'], ['../here'], ['../..'], ['~'], ['~/out']])('--out %j', (out) => {
    const { root } = workingFolder();
    const before = snapshot(root);
    expectRefused(run(out));
    expect(snapshot(root)).toEqual(before);
  });

  it('the working folder and its parents by absolute path (with a trailing slash) are refused', () => {
    const { root, here } = workingFolder();
    const before = snapshot(root);
    expectRefused(run(`${here}/`), 'the working folder itself');
    expectRefused(run(join(root, 'work')), 'a parent of the working folder');
    expect(snapshot(root)).toEqual(before);
  });

  it('the file-system root and the home folder (or a parent of it) are refused', () => {
    const { root } = workingFolder();
    const home = join(root, 'home', 'me');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'notes.txt'), 'keep\n');
    process.env.HOME = home;
    const before = snapshot(root);
    expectRefused(run('/'), 'the file-system root');
    expectRefused(run(home), 'the home folder');
    expectRefused(run(join(root, 'home')), 'the home folder or a parent of it');
    expect(snapshot(root)).toEqual(before);
  });

  it('resolveOutputPath normalises before comparing: "a/", "./a/b/..", "a//" are the same folder a', () => {
    const cwd = tempDir();
    const loc = (given: string) => ({ given, explicit: true });
    for (const given of ['a/', './a/b/..', 'a//']) expect(resolveOutputPath(loc(given), cwd, '/nonexistent-home')).toBe(join(cwd, 'a'));
    expect(() => resolveOutputPath(loc('/'), cwd, '/nonexistent-home')).toThrow(InputError);
    expect(() => resolveOutputPath(loc(`${cwd}/a/..`), cwd, '/nonexistent-home')).toThrow(/the working folder itself/);
  });
});

describe('what is already at --out', () => {
  it('a file is refused and left unchanged', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'precious\n');
    expectRefused(run(join(dir, 'file.txt')), 'a file that is not a folder');
    expect(readFileSync(join(dir, 'file.txt'), 'utf8')).toBe('precious\n');
    expect(readdirSync(dir)).toEqual(['file.txt']);
  });

  it('a non-empty folder autopeer did not write is refused, untouched byte for byte, naming some entries', () => {
    const dir = tempDir();
    const target = join(dir, 'mine');
    mkdirSync(join(target, 'sub'), { recursive: true });
    writeFileSync(join(target, 'report.json'), '{"mine": true}\n');
    writeFileSync(join(target, 'sub', 'data.bin'), Buffer.from([0, 1, 2, 255]));
    const before = snapshot(dir);
    expectRefused(run(target), 'did not write', '"report.json"');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a folder with an invalid manifest is not autopeer output', () => {
    const target = join(tempDir(), 'fake');
    mkdirSync(target);
    writeFileSync(join(target, MANIFEST_FILE), '{"tool": "autopeer", "version": "0.1.0", "files": [{"path": "../../etc/passwd", "bytes": 1}]}');
    const before = snapshot(target);
    expectRefused(run(target, '--force'), 'did not write');
    expect(snapshot(target)).toEqual(before);
  });

  it('a symbolic link at --out is refused and not followed', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'keep.txt'), 'keep\n');
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const before = snapshot(dir);
    expectRefused(run(join(dir, 'link'), '--force'), 'symbolic link');
    expect(snapshot(dir)).toEqual(before);
  });

  it('an empty existing folder may be used', () => {
    const target = join(tempDir(), 'empty');
    mkdirSync(target);
    expect(run(target).code).toBe(0);
    expect(existsSync(join(target, 'report.json'))).toBe(true);
  });

  it('an earlier output at an explicit --out needs --force: exit 2 saying so, untouched', () => {
    const target = join(tempDir(), 'run');
    expect(run(target).code).toBe(0);
    const before = snapshot(target);
    expectRefused(run(target, '--seed', '2'), 'earlier autopeer output', 'pass --force');
    expect(snapshot(target)).toEqual(before);
  });

  it('with --force an earlier output is replaced whole: new files in, old-only files gone, no siblings left', () => {
    const dir = tempDir();
    const target = join(dir, 'run');
    expect(run(target, '--trace').code).toBe(0);
    expect(existsSync(join(target, 'events.ndjson'))).toBe(true);
    const r = run(target, '--seed', '2', '--force');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(target, 'events.ndjson'))).toBe(false);
    expect(JSON.parse(readFileSync(join(target, 'report.json'), 'utf8')).scenario.seed).toBe(2);
    const manifest = JSON.parse(readFileSync(join(target, MANIFEST_FILE), 'utf8'));
    expect(manifest.tool).toBe('autopeer');
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(
      readdirSync(target)
        .filter((f) => f !== MANIFEST_FILE)
        .sort(),
    );
    for (const f of manifest.files) expect(statSync(join(target, f.path)).size).toBe(f.bytes);
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('an earlier output holding a file the user added is refused even with --force, listing it; nothing removed', () => {
    const target = join(tempDir(), 'run');
    expect(run(target).code).toBe(0);
    writeFileSync(join(target, 'my-notes.md'), 'notes\n');
    mkdirSync(join(target, 'extra'));
    const before = snapshot(target);
    expectRefused(run(target, '--force'), '"my-notes.md"', '"extra/"', 'nothing was deleted');
    expect(snapshot(target)).toEqual(before);
  });

  it('an earlier output with a file the user changed is refused even with --force', () => {
    const target = join(tempDir(), 'run');
    expect(run(target).code).toBe(0);
    writeFileSync(join(target, 'report.md'), 'my own edits\n');
    expectRefused(run(target, '--force'), 'report.md (changed since autopeer wrote it)');
    expect(readFileSync(join(target, 'report.md'), 'utf8')).toBe('my own edits\n');
  });
});

describe('impossible and unwritable locations exit 2, not 1', () => {
  it.each([['/proc/x'], ['/dev/null/x'], ['/sys/autopeer-out'], ['/proc/self/autopeer/x/y']])('--out %s', (out) => {
    expectRefused(run(out), 'expected a folder location autopeer can create and write');
  });

  it('a name longer than the file system allows (ENAMETOOLONG) at --out', () => {
    const r = run(join(tempDir(), 'x'.repeat(300)));
    expectRefused(r, 'ENAMETOOLONG', 'pass a shorter --out');
    expect(r.stderr.length).toBeLessThan(600);
  });

  it('a 5,000-character scenario name, whose default folder cannot exist, exits 2 without a stack trace', () => {
    const dir = tempDir();
    const scenario = readFileSync(join(import.meta.dirname, '../../scenarios/mmc.yaml'), 'utf8').replace(/^name: mmc$/m, `name: ${'n'.repeat(5000)}`);
    writeFileSync(join(dir, 'long.yaml'), scenario);
    process.chdir(dir);
    const r = cli('run', 'long.yaml', '--set', 'duration=2s', '--set', 'window=1s', '--no-charts', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr.length).toBeLessThan(2000);
    expect(readdirSync(dir).filter((f) => f !== 'long.yaml' && f !== 'out')).toEqual([]);
  });
});

describe('the lock against two runs writing the same --out', () => {
  it('a folder locked by a live run exits 2 naming the pid and the lock file; the lock stays', () => {
    const dir = tempDir();
    const lock = join(dir, '.run.lock');
    writeFileSync(lock, `${process.pid}\n`);
    expectRefused(run(join(dir, 'run')), `is being written by another autopeer run (pid ${process.pid})`, `remove ${lock} if no such run is alive`);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    expect(readdirSync(dir)).toEqual(['.run.lock']);
  });

  it('a stale lock (its pid is not alive) is taken over, and released after the run', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, '.run.lock'), `${dead}\n`);
    expect(run(join(dir, 'run')).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['run']);
  });
});

describe('modes, leftovers and default folders', () => {
  it.each([
    [0o022, 0o755, 0o644],
    [0o027, 0o750, 0o640],
  ])('folders and files follow the umask (%o)', (umask, dirMode, fileMode) => {
    const previous = process.umask(umask);
    try {
      const target = join(tempDir(), 'nested', 'run');
      expect(cli('run', 'mmc', '--set', 'duration=2s', '--set', 'window=1s', '--quiet', '--out', target).code).toBe(0);
      expect(statSync(target).mode & 0o777).toBe(dirMode);
      expect(statSync(join(target, 'charts')).mode & 0o777).toBe(dirMode);
      expect(statSync(join(target, 'report.json')).mode & 0o777).toBe(fileMode);
    } finally {
      process.umask(previous);
    }
  });

  it('a run with --set gets its own default folder, so a variant never replaces its baseline', () => {
    expect(defaultOutDir('mmc', 1, [])).toBe(join('out', 'mmc', 'seed-1'));
    expect(defaultOutDir('mmc', 1, ['duration=2s'])).toMatch(/^out\/mmc\/seed-1-set-[0-9a-f]{8}$/);
    expect(defaultOutDir('mmc', 1, ['a=1', 'b=2'])).not.toBe(defaultOutDir('mmc', 1, ['b=2', 'a=1']));
    const dir = tempDir();
    writeFileSync(
      join(dir, 'short.yaml'),
      readFileSync(join(import.meta.dirname, '../../scenarios/mmc.yaml'), 'utf8').replace(/^duration: .*$/m, 'duration: 2s\nwindow: 1s'),
    );
    process.chdir(dir);
    const baseline = cli('run', 'short.yaml', '--no-charts');
    expect(baseline.stdout).toContain(`wrote ${join('out', 'mmc', 'seed-1')}/`);
    const before = snapshot(join(dir, 'out', 'mmc', 'seed-1'));
    const variant = cli('run', 'short.yaml', '--no-charts', '--set', 'duration=3s');
    expect(variant.code).toBe(0);
    expect(variant.stdout).toMatch(/wrote out\/mmc\/seed-1-set-[0-9a-f]{8}\//);
    expect(snapshot(join(dir, 'out', 'mmc', 'seed-1'))).toEqual(before);
    expect(readdirSync(join(dir, 'out', 'mmc')).length).toBe(2);
  });

  it('an earlier output at the default folder is replaced without --force; a user file there is still refused', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'short.yaml'),
      readFileSync(join(import.meta.dirname, '../../scenarios/mmc.yaml'), 'utf8').replace(/^duration: .*$/m, 'duration: 2s\nwindow: 1s'),
    );
    process.chdir(dir);
    expect(cli('run', 'short.yaml', '--no-charts', '--quiet').code).toBe(0);
    expect(cli('run', 'short.yaml', '--no-charts', '--quiet').code).toBe(0);
    expect(readdirSync(join(dir, 'out', 'mmc'))).toEqual(['seed-1']);
    writeFileSync(join(dir, 'out', 'mmc', 'seed-1', 'mine.txt'), 'mine\n');
    const r = cli('run', 'short.yaml', '--no-charts', '--quiet');
    expectRefused(r, '"mine.txt"');
    expect(r.stderr).toContain('--out (default out/<scenario>/seed-<seed>)');
    expect(readFileSync(join(dir, 'out', 'mmc', 'seed-1', 'mine.txt'), 'utf8')).toBe('mine\n');
  });

  it('--help of run says what --force does and that the default folder needs none', () => {
    const r = cli('run', '--help');
    expect(r.stdout).toMatch(/--force\s+replace an earlier autopeer output at --out/);
    expect(r.stdout).toContain('default folder');
  });
});
