// The output folder module on its own: the preflight's recovery removes only what is provably ours,
// a folder that changes during the run is re-checked before the renames, and an uncommitted
// preflight leaves nothing behind.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../input/input-error.js';
import { MANIFEST_FILE, PENDING_FILE, readManifest, renderManifest } from '../../reports/manifest.js';
import { prepareOutput, writeOutputFolder } from '../../reports/write.js';
import { tempDir } from '../cli/helpers.js';

const FILES = { 'report.json': '{}\n', 'charts/a.png': Buffer.from([1, 2, 3]) };
const request = (dir: string) => ({ dir, explicit: true, force: true });

describe('the preflight', () => {
  it('without a commit leaves neither a temporary folder nor a lock behind', () => {
    const dir = tempDir();
    const output = prepareOutput(request(join(dir, 'out')));
    expect(readdirSync(dir).sort()).toEqual(['.out.lock', expect.stringMatching(/^\.out\.tmp-[0-9a-f]{12}$/)].sort());
    output.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes a leftover temporary folder of ours but keeps one holding a file autopeer did not list', () => {
    const dir = tempDir();
    const ours = join(dir, '.out.tmp-0123456789ab');
    mkdirSync(join(ours, 'charts'), { recursive: true });
    writeFileSync(join(ours, PENDING_FILE), renderManifest('x', FILES));
    writeFileSync(join(ours, 'charts', 'a.png'), 'half');
    const foreign = join(dir, '.out.tmp-ba9876543210');
    mkdirSync(foreign);
    writeFileSync(join(foreign, PENDING_FILE), renderManifest('x', FILES));
    writeFileSync(join(foreign, 'thesis.tex'), 'mine');
    prepareOutput(request(join(dir, 'out'))).release();
    expect(existsSync(ours)).toBe(false);
    expect(readFileSync(join(foreign, 'thesis.tex'), 'utf8')).toBe('mine');
  });

  it('keeps an old sibling holding a file autopeer did not write, and restores none that is incomplete', () => {
    const dir = tempDir();
    const old = join(dir, '.out.old-0123456789ab');
    writeOutputFolder({ dir: old, explicit: true, force: false }, FILES, 'old');
    writeFileSync(join(old, 'mine.txt'), 'mine');
    prepareOutput(request(join(dir, 'out'))).release();
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readFileSync(join(old, 'mine.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(old, 'report.json'))).toBe(true);
  });

  it('restores a complete old sibling when the output is missing (a kill between the two renames)', () => {
    const dir = tempDir();
    const old = join(dir, '.out.old-0123456789ab');
    writeOutputFolder({ dir: old, explicit: true, force: false }, FILES, 'old');
    prepareOutput(request(join(dir, 'out'))).release();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readManifest(join(dir, 'out'))?.version).toBe('old');
  });
});

describe('commit', () => {
  it('re-checks the folder before the renames: a file the user added during the run is kept, exit 2', () => {
    const dir = tempDir();
    const target = join(dir, 'out');
    writeOutputFolder({ dir: target, explicit: true, force: false }, FILES, 'old');
    const output = prepareOutput(request(target));
    writeFileSync(join(target, 'added-meanwhile.txt'), 'mine');
    expect(() => output.commit({ 'report.json': '{"new": 1}\n' }, 'new')).toThrow(InputError);
    output.release();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(target, 'added-meanwhile.txt'), 'utf8')).toBe('mine');
    expect(readManifest(target)?.version).toBe('old');
  });

  it('writes the manifest listing every file with its size, and refuses unsafe file names', () => {
    const dir = tempDir();
    writeOutputFolder(request(join(dir, 'out')), FILES, '9.9.9');
    expect(JSON.parse(readFileSync(join(dir, 'out', MANIFEST_FILE), 'utf8'))).toEqual({
      tool: 'autopeer',
      version: '9.9.9',
      files: [
        { path: 'report.json', bytes: 3 },
        { path: 'charts/a.png', bytes: 3 },
      ],
    });
    for (const name of ['../escape.txt', '/abs.txt', MANIFEST_FILE, 'a//b']) {
      expect(() => writeOutputFolder(request(join(dir, 'bad')), { [name]: 'x' }, '1')).toThrow(/unsafe output file name/);
    }
    expect(readdirSync(dir)).toEqual(['out']);
  });
});
