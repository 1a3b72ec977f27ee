// Reading an input file (scenario or policy) into a raw document: YAML, or JSON by extension,
// with syntax errors reported as InputErrors naming the line and column. Knows nothing of what the
// document means; depends only on node:fs/path, yaml and ./input-error.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { InputError, inputError, unreadableFileError } from './input-error.js';

/** Reads and parses a YAML or JSON file into a raw document; bad syntax is reported with line and column. */
export function readDocument(file: string): unknown {
  return parseDocument(readDocumentText(file), file);
}

/** The text of an input file (without a byte-order mark); an unreadable file is an InputError. */
export function readDocumentText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw unreadableFileError(file, err);
  }
}

/** Parses the text of `file`: JSON if its name ends in .json, YAML otherwise. */
export function parseDocument(text: string, file: string): unknown {
  return extname(file).toLowerCase() === '.json' ? parseJson(text, file) : parseYaml(text, file);
}

function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map((err) => ({ file, path: '(file)', expected: 'valid YAML', found: yamlErrorText(err) })));
  }
  try {
    return doc.toJS() as unknown;
  } catch (err) {
    throw inputError(file, '(file)', 'valid YAML', err instanceof Error ? err.message : String(err));
  }
}

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
