// Trace files: a regular file's lines streamed in 1 MiB chunks (synchronous reads, never the whole
// file in memory), UTF-8 decoded across chunk boundaries, with a cap on a line's length so a file
// without newlines cannot exhaust memory. Knows nothing of what the lines mean; depends only on
// node:fs and cdn/workload/formats/line-source (the interface it implements).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { LineSource } from '../../cdn/workload/formats/line-source.js';

/** the bytes read at a time */
export const CHUNK_BYTES = 1024 * 1024;
/** the default longest line kept whole */
export const MAX_LINE_CHARS = 65536;

export interface OpenLinesOptions {
  /** a longer line is returned cut to this many characters (default 65536) */
  maxLineChars?: number;
  /** called with each chunk of raw bytes as read (e.g. to hash the file); the view is only valid during the call */
  onBytes?: (chunk: Uint8Array) => void;
}

/** opens a regular file and returns its lines streamed in chunks (fs.openSync/readSync, 1 MiB buffer), never the whole file in memory; UTF-8 decoded correctly across chunk boundaries (TextDecoder with stream: true); \r\n and \n; a BOM at the start stripped; a line longer than maxLineChars (default 65536) is returned truncated to that length (so a file without newlines cannot exhaust memory; the scan marks it malformed) */
export function openLines(path: string, options: OpenLinesOptions = {}): LineSource {
  const maxLineChars = options.maxLineChars ?? MAX_LINE_CHARS;
  if (!Number.isInteger(maxLineChars) || maxLineChars < 1) throw new RangeError(`maxLineChars must be a whole number ≥ 1, got ${maxLineChars}`);
  // without blocking: a FIFO would wait for a writer before the check below could refuse it
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return new FileLines(fd, maxLineChars, options.onBytes);
}

class FileLines implements LineSource {
  lineNumber = 0;
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** decoded text not yet returned, from `position` on */
  private pending = '';
  private position = 0;
  private atStart = true;
  private ended = false;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly maxLineChars: number,
    private readonly onBytes: ((chunk: Uint8Array) => void) | undefined,
  ) {}

  next(): string | null {
    if (this.closed) return null;
    let searchFrom = this.position;
    for (;;) {
      const newline = this.pending.indexOf('\n', searchFrom);
      if (newline >= 0) {
        const end = newline > this.position && this.pending.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        return this.take(Math.min(end, this.position + this.maxLineChars), newline + 1);
      }
      if (this.pending.length - this.position > this.maxLineChars) {
        // too long: keep its first maxLineChars characters, drop the rest up to its newline
        const line = this.take(this.position + this.maxLineChars, this.position + this.maxLineChars);
        this.skipRestOfLine();
        return line;
      }
      if (this.ended) {
        if (this.position >= this.pending.length) {
          this.close();
          return null;
        }
        return this.take(this.pending.length, this.pending.length);
      }
      searchFrom = this.pending.length - this.position;
      this.readChunk();
    }
  }

  /** the line pending[position, end), moving on to `resume` */
  private take(end: number, resume: number): string {
    const line = this.pending.slice(this.position, end);
    this.position = resume;
    this.lineNumber++;
    return line;
  }

  /** drops text up to and including the next newline (reading on as needed) */
  private skipRestOfLine(): void {
    for (;;) {
      const newline = this.pending.indexOf('\n', this.position);
      if (newline >= 0) {
        this.position = newline + 1;
        return;
      }
      this.pending = '';
      this.position = 0;
      if (this.ended) return;
      this.readChunk();
    }
  }

  /** appends the next chunk's text to what is pending (dropping what was already returned); sets `ended` at the end of the file */
  private readChunk(): void {
    const n = readSync(this.fd, this.buffer, 0, CHUNK_BYTES, null);
    let text: string;
    if (n === 0) {
      this.ended = true;
      text = this.decoder.decode();
    } else {
      const chunk = this.buffer.subarray(0, n);
      this.onBytes?.(chunk);
      text = this.decoder.decode(chunk, { stream: true });
    }
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.pending = this.position < this.pending.length ? this.pending.slice(this.position) + text : text;
    this.position = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = '';
    closeSync(this.fd);
  }
}
