import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, readDocument } from '../../input/document.js';
import { InputError } from '../../input/input-error.js';
import { checkNesting, MAX_NESTING } from '../../input/nesting.js';

const dir = mkdtempSync(join(tmpdir(), 'autopeer-document-'));
let counter = 0;
function write(content: string, ext = '.yaml'): string {
  const file = join(dir, `d${++counter}${ext}`);
  writeFileSync(file, content);
  return file;
}

function issueOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err.issues[0];
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('reading only regular files of limited size', () => {
  it('refuses a FIFO at once instead of blocking on it', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(issueOf(() => readDocument(fifo))).toEqual({
      file: fifo,
      path: '(file)',
      expected: 'a regular file of at most 16 MiB',
      found: 'a FIFO (named pipe)',
    });
  });

  it.each(['/dev/zero', '/dev/urandom', '/dev/null'])('refuses the device %s', (device) => {
    expect(issueOf(() => readDocument(device))).toMatchObject({ path: '(file)', expected: 'a regular file of at most 16 MiB', found: 'a device' });
  });

  it('refuses a folder', () => {
    expect(issueOf(() => readDocument(dir))).toMatchObject({ found: 'a folder' });
  });

  it('refuses a file larger than 16 MiB, reading no more than the limit', () => {
    const big = write(`# ${'x'.repeat(MAX_DOCUMENT_BYTES)}\n`);
    expect(issueOf(() => readDocument(big))).toMatchObject({ expected: 'a regular file of at most 16 MiB', found: 'a file larger than 16 MiB' });
  });

  it('reads a file of exactly the limit', () => {
    const file = write(`a: 1\n#${'x'.repeat(MAX_DOCUMENT_BYTES - 7)}\n`);
    expect(readDocument(file)).toEqual({ a: 1 });
  });

  it('a missing file still names the system error', () => {
    const missing = join(dir, 'missing.yaml');
    expect(issueOf(() => readDocument(missing))).toMatchObject({ expected: 'a readable file', found: `ENOENT: no such file or directory, open '${missing}'` });
  });
});

describe('nesting limits', () => {
  const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  it.each([100, 5000, 100_000])('deeply nested JSON (%i levels) is an input error, not a stack overflow', (n) => {
    const file = write(`{"name": ${nested(n)}}`, '.json');
    expect(issueOf(() => readDocument(file))).toMatchObject({ expected: `nesting at most ${MAX_NESTING} levels deep` });
  });

  it.each([100, 1000, 20_000])('deeply nested YAML flow lists (%i levels) are an input error, not an abort', (n) => {
    const file = write(`name: ${nested(n)}\n`);
    expect(issueOf(() => readDocument(file))).toMatchObject({ expected: `nesting at most ${MAX_NESTING} levels deep` });
  });

  it('deeply nested YAML block lists are an input error', () => {
    const file = write(`a:\n  ${'- '.repeat(5000)}1\n`);
    expect(issueOf(() => readDocument(file))).toMatchObject({ expected: `nesting at most ${MAX_NESTING} levels deep` });
  });

  it('checkNesting accepts 64 levels and names the path of the 65th', () => {
    let value: unknown = 1;
    for (let i = 0; i < MAX_NESTING; i++) value = { a: value };
    expect(() => checkNesting(value, 'f')).not.toThrow();
    expect(issueOf(() => checkNesting({ a: value }, 'f'))).toEqual({
      file: 'f',
      path: 'a.a.a.a.a.a.a.a…',
      expected: 'nesting at most 64 levels deep',
      found: 'nesting deeper than 64 levels',
    });
  });
});
