// A kill at any instant of a replace leaves the output folder exactly the old output or exactly the
// new one, once the next run's preflight has recovered: exhaustively (a child SIGKILLs itself before
// each step of the replace, and of the recovery), and at seeded random instants of the real CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { completeOutput } from '../../reports/output-recovery.js';
import { prepareOutput, writeOutputFolder } from '../../reports/write.js';
import { cli, tempDir } from '../cli/helpers.js';
import { createChildBuild, removeChildBuild } from './child-build.js';

const SCRIPT = join(import.meta.dirname, '../fixtures/kill-at-step.mjs');
const png = (n: number) => Buffer.from(Array.from({ length: 64 }, (_, i) => (i * n) % 256));
const OLD = { 'report.json': '{"old": 1}\n', 'report.md': '# old\n', 'charts/a.png': png(3), 'charts/b.png': png(5), 'old-only.csv': 'a,b\n1,2\n' };
const NEW = { 'report.json': '{"new": 2}\n', 'report.md': '# new, longer\n', 'charts/a.png': png(7), 'deep/er/x.txt': 'x\n', 'timeline.csv': 't\n0\n' };

let build = '';
beforeAll(() => {
  build = createChildBuild();
}, 60_000);
afterAll(() => removeChildBuild(build));

/** every entry below `dir`: relative path → base64 content, or "<dir>"; null when there is nothing */
function snapshot(dir: string): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const shot: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (lstatSync(join(dir, path)).isDirectory()) {
        shot[path] = '<dir>';
        walk(path);
      } else shot[path] = readFileSync(join(dir, path)).toString('base64');
    }
  };
  walk('');
  return shot;
}

function reference(files: Record<string, string | Uint8Array>, version: string) {
  const dir = join(tempDir(), 'ref');
  writeOutputFolder({ dir, explicit: true, force: false }, files, version);
  return snapshot(dir);
}

const filesJson = join(tempDir(), 'files.json');
writeFileSync(filesJson, JSON.stringify(Object.fromEntries(Object.entries(NEW).map(([p, c]) => [p, Buffer.from(c).toString('base64')]))));

/** a parent folder holding the user's notes and (optionally) the old output at `out` */
function setup(withOld: boolean) {
  const dir = tempDir();
  writeFileSync(join(dir, 'notes.txt'), 'user data\n');
  const target = join(dir, 'out');
  if (withOld) writeOutputFolder({ dir: target, explicit: true, force: false }, OLD, 'old');
  return { dir, target };
}

const child = (target: string, phase: 'replace' | 'recover', k: number) =>
  spawnSync(process.execPath, [SCRIPT, build, target, filesJson, phase, String(k)], { encoding: 'utf8' });

/** the next run's preflight (recovery, cleanup), then its release */
const recover = (target: string) => prepareOutput({ dir: target, explicit: true, force: true }).release();

function expectRecovered(dir: string, expected: Record<string, string> | null) {
  recover(join(dir, 'out'));
  expect(snapshot(join(dir, 'out'))).toEqual(expected);
  expect(readdirSync(dir).sort()).toEqual(expected === null ? ['notes.txt'] : ['notes.txt', 'out']);
  expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('user data\n');
}

describe('a kill before any step of a replace leaves the old output or the new one, whole', () => {
  const oldShot = reference(OLD, 'old');
  const newShot = reference(NEW, 'new');

  for (const withOld of [true, false]) {
    it(`for every step (${withOld ? 'replacing an earlier output' : 'first write'})`, () => {
      const listing = child(setup(withOld).target, 'replace', -1);
      expect(listing.status).toBe(0);
      const steps = listing.stdout.trim().split('\n');
      const renameIn = steps.indexOf('rename-in');
      expect(steps.slice(0, 2)).toEqual(['write-pending', 'write:report.json']);
      if (withOld) expect(steps.slice(renameIn - 1, renameIn + 2)).toEqual(['rename-away', 'rename-in', 'remove-old:report.json']);
      expect(steps.at(-1)).toBe('done');
      for (let k = 0; k < steps.length; k++) {
        const { dir, target } = setup(withOld);
        expect(child(target, 'replace', k).signal, `kill before ${steps[k]}`).toBe('SIGKILL');
        expectRecovered(dir, k <= renameIn ? (withOld ? oldShot : null) : newShot);
      }
    });
  }

  it('also when the recovery itself is killed at any of its steps', () => {
    const listing = child(setup(true).target, 'replace', -1).stdout.trim().split('\n');
    const gap = listing.indexOf('rename-in'); // killed between the two renames: the output is missing
    for (let j = 0; j < 3; j++) {
      const { dir, target } = setup(true);
      expect(child(target, 'replace', gap).signal).toBe('SIGKILL');
      const second = child(target, 'recover', j);
      recover(target);
      expect(snapshot(target)).toEqual(second.signal === 'SIGKILL' ? oldShot : newShot);
      expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'out']);
    }
  });
});

describe('the real CLI killed at seeded random instants', () => {
  const fast = ['--set', 'duration=20s', '--set', 'window=5s', '--no-charts', '--quiet'];

  it('leaves the old output or a complete new one', async () => {
    const ref = join(tempDir(), 'ref');
    expect(cli('run', 'mmc', ...fast, '--seed', '2', '--out', ref).code).toBe(0);
    const newReport = readFileSync(join(ref, 'report.json'), 'utf8');
    const argv = (out: string) => [join(build, 'cli', 'main.js'), 'run', 'mmc', ...fast, '--seed', '2', '--force', '--out', out];
    const started = performance.now();
    expect(spawnSync(process.execPath, argv(join(tempDir(), 'timing'))).status).toBe(0);
    const fullMs = Math.ceil(performance.now() - started);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: Math.round(fullMs * 1.2) }), async (delayMs) => {
        const dir = tempDir();
        const target = join(dir, 'out');
        expect(cli('run', 'mmc', ...fast, '--out', target).code).toBe(0);
        const oldShot = snapshot(target);
        const proc = spawn(process.execPath, argv(target), { stdio: 'ignore' });
        await new Promise<void>((done) => {
          const timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
          proc.on('exit', () => {
            clearTimeout(timer);
            done();
          });
        });
        recover(target);
        const shot = snapshot(target);
        if (JSON.stringify(shot) !== JSON.stringify(oldShot)) {
          expect(completeOutput(target)).not.toBeNull();
          expect(readFileSync(join(target, 'report.json'), 'utf8')).toBe(newReport);
        }
        expect(readdirSync(dir)).toEqual(['out']);
      }),
      { seed: 20240607, numRuns: 3 },
    );
  });
});
