// Reading an input file (scenario or policy) into a raw document: YAML, or JSON by extension,
// with syntax errors reported as InputErrors naming the line and column. Only regular files of at
// most MAX_DOCUMENT_BYTES are read (a FIFO would block, /dev/zero would never end), and documents
// nest at most MAX_NESTING levels (./nesting). Knows nothing of what the document means; depends
// only on node:fs/path, yaml, ./input-error and ./nesting.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { InputError, inputError, unreadableFileError } from './input-error.js';
import { checkFlowBrackets, checkNesting, isStackOverflow, MAX_NESTING, NESTING_EXPECTED } from './nesting.js';

/** The largest input file read: 16 MiB (the ready scenarios are a few kB). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
const REGULAR_FILE_EXPECTED = 'a regular file of at most 16 MiB';

/** Reads and parses a YAML or JSON file into a raw document; bad syntax is reported with line and column. */
export function readDocument(file: string): unknown {
  return parseDocument(readDocumentText(file), file);
}

/**
 * The text of an input file (without a byte-order mark). A file that cannot be read, is not a
 * regular file (a folder, a FIFO, a device) or is larger than MAX_DOCUMENT_BYTES is an InputError.
 * The file is opened without blocking (a FIFO), checked on its descriptor, then read to the limit.
 */
export function readDocumentText(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw unreadableFileError(file, err);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw inputError(file, '(file)', REGULAR_FILE_EXPECTED, kindOf(stats));
    return readAtMost(fd, file, stats.size).replace(/^\uFEFF/, '');
  } catch (err) {
    throw err instanceof InputError ? err : unreadableFileError(file, err);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads at most MAX_DOCUMENT_BYTES + 1 bytes (one more than allowed tells a file that is too
 * large), into a buffer sized by the file's reported size and grown as needed (a /proc file says 0).
 */
function readAtMost(fd: number, file: string, reportedSize: number): string {
  const cap = MAX_DOCUMENT_BYTES + 1;
  let buffer = Buffer.allocUnsafe(Math.min(cap, Math.max(reportedSize + 1, 64 * 1024)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= cap) throw inputError(file, '(file)', REGULAR_FILE_EXPECTED, 'a file larger than 16 MiB');
      const bigger = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.toString('utf8', 0, length);
    length += n;
  }
}

/** Parses the text of `file`: JSON if its name ends in .json, YAML otherwise; at most MAX_NESTING levels deep. */
export function parseDocument(text: string, file: string): unknown {
  const doc = extname(file).toLowerCase() === '.json' ? parseJson(text, file) : parseYaml(text, file);
  checkNesting(doc, file);
  return doc;
}

function parseYaml(text: string, file: string): unknown {
  checkFlowBrackets(text, file);
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    if (doc.errors.some((err) => isStackOverflow(err.message))) throw nestingError(file);
    throw new InputError(doc.errors.map((err) => ({ file, path: '(file)', expected: 'valid YAML', found: yamlErrorText(err) })));
  }
  try {
    return doc.toJS() as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw isStackOverflow(message) ? nestingError(file) : inputError(file, '(file)', 'valid YAML', message);
  }
}

const nestingError = (file: string): InputError => inputError(file, '(file)', NESTING_EXPECTED, `nesting deeper than ${MAX_NESTING} levels`);

/** `line 4, column 1: Sequence item without - indicator` */
function yamlErrorText(err: YAML.YAMLError): string {
  const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const at = err.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${message}` : message;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (isStackOverflow(message)) throw nestingError(file);
    const offset = jsonErrorOffset(message, text);
    const brief = message.replace(/, (\.\.\.)?"[\s\S]*$/, '').replace(/ in JSON at position \d+.*$/s, '');
    const found = offset === undefined ? brief : `${lineColumn(text, offset)}: ${brief}`;
    throw inputError(file, '(file)', 'valid JSON', found);
  }
}

/** Where JSON.parse failed: V8 says "at position N", or quotes up to 10 characters either side. */
function jsonErrorOffset(message: string, text: string): number | undefined {
  const at = / at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const quoted = /^Unexpected token '(.*?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!quoted) return undefined;
  const [, token, cutBefore, context, cutAfter] = quoted;
  const start = text.indexOf(context);
  if (start < 0) return undefined;
  if (cutBefore) return start + 10;
  return cutAfter ? context.length - 10 : text.indexOf(token);
}

function lineColumn(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}
