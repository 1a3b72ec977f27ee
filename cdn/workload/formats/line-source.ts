// Trace formats: the stream of text lines a trace parser reads, one at a time, and one over an
// in-memory text (tests, small inputs). Files are opened elsewhere (scenarios/traces/line-reader):
// this module must not depend on node:fs, nor on anything outside this folder.

/** a stream of text lines (without their end-of-line), read one by one */
export interface LineSource {
  /** the next line, or null at the end */
  next(): string | null;
  /** 1-based number of the line last returned (0 before the first) */
  readonly lineNumber: number;
  close(): void;
}

/** a LineSource over an in-memory text (tests, small inputs): splits on \n, strips a trailing \r and a leading UTF-8 BOM; a final line without newline is a line; an empty text has no lines */
export function linesOf(text: string): LineSource {
  return new TextLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

class TextLines implements LineSource {
  lineNumber = 0;
  private position = 0;

  constructor(private text: string) {}

  next(): string | null {
    const text = this.text;
    if (this.position >= text.length) return null;
    const newline = text.indexOf('\n', this.position);
    const end = newline < 0 ? text.length : newline;
    const cut = end > this.position && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(this.position, cut);
    this.position = end + 1;
    this.lineNumber++;
    return line;
  }

  close(): void {
    this.position = this.text.length;
    this.text = '';
  }
}
