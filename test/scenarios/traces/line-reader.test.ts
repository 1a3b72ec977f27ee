import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, openLines } from '../../../scenarios/traces/line-reader.js';
import type { LineSource } from '../../../cdn/workload/formats/line-source.js';

const dir = mkdtempSync(join(tmpdir(), 'autopeer-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function write(content: string | Buffer): string {
  const file = join(dir, `f${++counter}.txt`);
  writeFileSync(file, content);
  return file;
}

function all(source: LineSource): [number, string][] {
  const lines: [number, string][] = [];
  for (let line = source.next(); line !== null; line = source.next()) lines.push([source.lineNumber, line]);
  return lines;
}

describe('openLines: a file streamed line by line', () => {
  it('an empty file has no lines; lineNumber stays 0', () => {
    const source = openLines(write(''));
    expect(source.lineNumber).toBe(0);
    expect(source.next()).toBeNull();
    expect(source.lineNumber).toBe(0);
    expect(source.next()).toBeNull();
  });

  it('CRLF and LF both end lines; a BOM at the start is stripped; a final line without newline is a line', () => {
    expect(all(openLines(write('\uFEFFperiod,count\r\na,1\nb,2\r\n\r\nlast')))).toEqual([
      [1, 'period,count'],
      [2, 'a,1'],
      [3, 'b,2'],
      [4, ''],
      [5, 'last'],
    ]);
  });

  it('a final newline does not make an empty last line', () => {
    expect(all(openLines(write('a\nb\n')))).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it.each([1, 2, 3])('a multi-byte UTF-8 character split across the 1 MiB chunk boundary (%i bytes before it) decodes whole', (before) => {
    // '€' is 3 bytes, '😀' 4: put each so the chunk boundary falls inside it
    for (const char of ['é', '€', '😀']) {
      const bytes = Buffer.byteLength(char);
      if (before >= bytes) continue;
      const head = 'x'.repeat(CHUNK_BYTES - before - 10);
      const file = write(`${'y'.repeat(9)}\n${head}${char}tail\nnext\n`);
      const source = openLines(file, { maxLineChars: 2 * CHUNK_BYTES });
      expect(source.next()).toBe('y'.repeat(9));
      const line = source.next()!;
      expect(Buffer.byteLength('y'.repeat(9) + '\n' + head)).toBe(CHUNK_BYTES - before);
      expect(line.slice(head.length)).toBe(`${char}tail`);
      expect(line).not.toContain('\uFFFD');
      expect(source.next()).toBe('next');
      expect(source.next()).toBeNull();
    }
  });

  it('a CRLF split across the chunk boundary still ends the line without a \\r', () => {
    const head = 'x'.repeat(CHUNK_BYTES - 1);
    expect(all(openLines(write(`${head}\r\nb`), { maxLineChars: CHUNK_BYTES }))).toEqual([
      [1, head],
      [2, 'b'],
    ]);
  });

  it('a BOM is stripped only at the start of the file', () => {
    expect(all(openLines(write('a\n\uFEFFb')))).toEqual([
      [1, 'a'],
      [2, '\uFEFFb'],
    ]);
  });

  it('a 10 MB line without newline is returned cut to maxLineChars, the reader goes on, and memory stays bounded', () => {
    const file = write(`first\n${'z'.repeat(10_000_000)}\nafter\n${'w'.repeat(10_000_000)}`);
    const heapBefore = process.memoryUsage().heapUsed;
    const source = openLines(file);
    let peak = 0;
    const lines: [number, number][] = [];
    for (let line = source.next(); line !== null; line = source.next()) {
      lines.push([source.lineNumber, line.length]);
      peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(lines).toEqual([
      [1, 5],
      [2, 65536],
      [3, 5],
      [4, 65536],
    ]);
    // the file is 20 MB; the reader holds a chunk and a line's worth (about 0.2 MB measured; some 125 MB without the cut)
    expect(peak).toBeLessThan(8_000_000);
  });

  it('a line longer than maxLineChars is cut even when its newline is in the same chunk', () => {
    expect(all(openLines(write('abcdefgh\nxy\nabcd'), { maxLineChars: 4 }))).toEqual([
      [1, 'abcd'],
      [2, 'xy'],
      [3, 'abcd'],
    ]);
  });

  it('counts lines over many chunks', () => {
    const n = 300_000;
    const text = Array.from({ length: n }, (_, i) => `${i},${i % 7}`).join('\n');
    const source = openLines(write(text));
    let last = '';
    for (let line = source.next(); line !== null; line = source.next()) last = line;
    expect(source.lineNumber).toBe(n);
    expect(last).toBe(`${n - 1},${(n - 1) % 7}`);
  });

  it('hands every raw byte to onBytes, in order', () => {
    const content = Buffer.from(`\uFEFF${'é'.repeat(CHUNK_BYTES)}\r\nend`);
    const seen: Buffer[] = [];
    const source = openLines(write(content), { onBytes: (chunk) => seen.push(Buffer.from(chunk)) });
    all(source);
    expect(Buffer.concat(seen).equals(content)).toBe(true);
  });

  it('refuses a folder, and a missing file throws', () => {
    expect(() => openLines(dir)).toThrow(/not a regular file/);
    expect(() => openLines(join(dir, 'missing'))).toThrow(/ENOENT/);
  });

  it('close ends the stream and can be called twice', () => {
    const source = openLines(write('a\nb\n'));
    expect(source.next()).toBe('a');
    source.close();
    source.close();
    expect(source.next()).toBeNull();
  });
});
