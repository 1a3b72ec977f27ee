// runs.csv, the sweep's tidy table: one row per run (run id, variant, each varied parameter, seed,
// status, each key metric, error), in plan order, RFC 4180 quoting, numbers rounded like the
// summary's and written in JavaScript's shortest round-trip form. Its strict parser (for merge and
// compare) refuses any deviation with an InputError naming the file, line and column. Text only:
// reading and writing files is the caller's.
import { inputError } from '../input/input-error.js';
import type { RunRow, RunStatus, Variant } from './run-row.js';
import { roundOutput } from './stats.js';

/** the columns before the varied parameters, between them and the metrics, and after the metrics */
const LEAD = ['run_id', 'variant'] as const;
const MIDDLE = ['seed', 'status'] as const;
const TAIL = ['error'] as const;

/** every varied PATH, in first-seen order over the variants (runs.csv's parameter columns) */
export function variedPaths(variants: readonly Variant[]): string[] {
  const paths = new Set<string>();
  for (const v of variants) for (const path of Object.keys(v.params)) paths.add(path);
  return [...paths];
}

/** runs.csv's header for these parameter columns and metrics */
export function runsCsvHeader(paramPaths: readonly string[], metrics: readonly string[]): string[] {
  return [...LEAD, ...paramPaths, ...MIDDLE, ...metrics, ...TAIL];
}

/** one field: quoted (quotes doubled) when it holds a comma, quote, CR or LF */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** a metric value as runs.csv writes it: rounded, shortest round-trip form; null → empty */
export function formatValue(value: number | null): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) throw new RangeError(`runs.csv holds finite numbers only, found ${value}`);
  return String(roundOutput(value));
}

/** The whole of runs.csv: header, then one row per run in `index` order; LF line ends, a final LF. */
export function renderRunsCsv(variants: readonly Variant[], metrics: readonly string[], rows: readonly RunRow[]): string {
  const paths = variedPaths(variants);
  const byId = new Map(variants.map((v) => [v.id, v]));
  const lines = [runsCsvHeader(paths, metrics).map(field).join(',')];
  for (const row of [...rows].sort((a, b) => a.index - b.index)) {
    const variant = byId.get(row.variant);
    if (variant === undefined) throw new Error(`run ${row.id}: unknown variant "${row.variant}"`);
    const cells = [
      row.id,
      row.variant,
      ...paths.map((p) => (Object.hasOwn(variant.params, p) ? variant.params[p] : '')),
      String(row.seed),
      row.status,
      ...metrics.map((m) => formatValue(row.metrics[m] ?? null)),
      row.error ?? '',
    ];
    lines.push(cells.map(field).join(','));
  }
  return lines.join('\n') + '\n';
}

interface CsvRecord {
  /** the physical line the record starts on (1-based) */
  line: number;
  fields: { text: string; column: number }[];
}

/** a position in the text, with its line and column (1-based) for messages */
class Cursor {
  i = 0;
  line = 1;
  column = 1;
  constructor(readonly text: string) {}
  get char(): string | undefined {
    return this.text[this.i];
  }
  /** at a line end (LF or CRLF) or the end of the text */
  atRecordEnd(): boolean {
    return this.i >= this.text.length || this.char === '\n' || (this.char === '\r' && this.text[this.i + 1] === '\n');
  }
  /** moves past `n` characters, counting lines */
  advance(n = 1): void {
    for (let k = 0; k < n; k++) {
      if (this.text[this.i] === '\n') {
        this.line++;
        this.column = 1;
      } else this.column++;
      this.i++;
    }
  }
  where(): string {
    return `line ${this.line}, column ${this.column}`;
  }
}

/** one quoted field, the cursor on its opening quote; leaves the cursor after the closing quote */
function quotedField(c: Cursor, file: string): string {
  const opened = c.where();
  c.advance();
  let value = '';
  for (;;) {
    if (c.char === undefined) throw inputError(file, opened, 'a closing quote for the quoted field opened here', 'the end of the file');
    if (c.char === '"' && c.text[c.i + 1] === '"') {
      value += '"';
      c.advance(2);
    } else if (c.char === '"') {
      c.advance();
      const next = c.text[c.i];
      if (next !== ',' && !c.atRecordEnd()) throw inputError(file, c.where(), 'a comma or the end of the line after a closing quote', JSON.stringify(next));
      return value;
    } else {
      value += c.char;
      c.advance();
    }
  }
}

/** one unquoted field: up to a comma or the end of the line; a quote or a lone CR in it is an error */
function plainField(c: Cursor, file: string): string {
  const start = c.i;
  // the next character that ends or spoils the field; a plain field holds no LF, so the column moves with the index
  PLAIN_END.lastIndex = start;
  const end = PLAIN_END.exec(c.text)?.index ?? c.text.length;
  c.column += end - start;
  c.i = end;
  if (c.char === '"' || (c.char === '\r' && c.text[c.i + 1] !== '\n')) {
    throw inputError(file, c.where(), 'a quoted field for a value holding a quote or CR', JSON.stringify(c.char));
  }
  return c.text.slice(start, end);
}

const PLAIN_END = /[,\n\r"]/g;

/** RFC 4180 records: fields split by commas, records by LF or CRLF (a final line end is optional) */
function parseRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const c = new Cursor(text);
  while (c.i < text.length) {
    const record: CsvRecord = { line: c.line, fields: [] };
    for (;;) {
      const column = c.column;
      record.fields.push({ text: c.char === '"' ? quotedField(c, file) : plainField(c, file), column });
      if (c.char !== ',') break;
      c.advance();
    }
    c.advance(c.char === '\r' ? 2 : 1);
    records.push(record);
  }
  return records;
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const STATUSES: readonly RunStatus[] = ['ok', 'failed'];

export interface ParseRunsCsvOptions {
  /** the varied parameter columns expected, in order (variedPaths of the sweep's variants) */
  paramPaths: readonly string[];
  /** the metric columns expected, in order */
  metrics: readonly string[];
  /** when given, every row's variant must be one of these */
  variantIds?: readonly string[];
  /** when given, run id → its index in the unsharded plan (an unknown run id is an error); without it a row's index is its position in the file */
  runIndex?: ReadonlyMap<string, number>;
}

/** the header must be exactly runsCsvHeader's */
function checkHeader(record: CsvRecord | undefined, header: readonly string[], file: string): void {
  const expected = `the header ${header.join(',')}`;
  if (record === undefined) throw inputError(file, 'line 1', expected, 'an empty file');
  const found = record.fields.map((f) => f.text);
  const k = header.findIndex((name, j) => found[j] !== name);
  if (k < 0 && found.length === header.length) return;
  const at = k < 0 ? header.length : k;
  const where = at < found.length ? `line 1, column ${record.fields[at].column}` : 'line 1';
  const what = at < header.length ? `column ${at + 1}: ${header[at]}` : `${header.length} columns`;
  throw inputError(file, where, `${expected} (${what})`, at < found.length ? JSON.stringify(found[at]) : `${found.length} columns`);
}

const listed = (ids: ReadonlySet<string>) => [...ids].slice(0, 8).join(', ') + (ids.size > 8 ? `, … (${ids.size} in all)` : '');

/** one data line as a RunRow (index: its position, unless options.runIndex says otherwise) */
function rowOf(
  record: CsvRecord,
  position: number,
  header: readonly string[],
  file: string,
  options: ParseRunsCsvOptions,
  variants: ReadonlySet<string> | null,
): RunRow {
  if (record.fields.length !== header.length) throw inputError(file, `line ${record.line}`, `${header.length} fields`, `${record.fields.length} fields`);
  const at = (k: number) => `line ${record.line}, column ${record.fields[k].column} (${header[k]})`;
  const text = (k: number) => record.fields[k].text;
  const id = text(0);
  if (id === '') throw inputError(file, at(0), 'a run id', 'an empty field');
  const variant = text(1);
  if (variant === '' || (variants !== null && !variants.has(variant))) {
    throw inputError(file, at(1), variants === null ? 'a variant id' : `one of the sweep's variants (${listed(variants)})`, JSON.stringify(variant));
  }
  const seedAt = LEAD.length + options.paramPaths.length;
  const seed = Number(text(seedAt));
  if (!/^\d+$/.test(text(seedAt)) || !Number.isSafeInteger(seed))
    throw inputError(file, at(seedAt), 'a non-negative integer seed', JSON.stringify(text(seedAt)));
  const status = text(seedAt + 1) as RunStatus;
  if (!STATUSES.includes(status)) throw inputError(file, at(seedAt + 1), 'ok or failed', JSON.stringify(text(seedAt + 1)));
  const metrics: { [name: string]: number | null } = {};
  options.metrics.forEach((name, m) => {
    const k = seedAt + MIDDLE.length + m;
    const cell = text(k);
    if (cell !== '' && (!NUMBER.test(cell) || !Number.isFinite(Number(cell))))
      throw inputError(file, at(k), 'a finite number or an empty field', JSON.stringify(cell));
    metrics[name] = cell === '' ? null : roundOutput(Number(cell));
  });
  const index = options.runIndex === undefined ? position : options.runIndex.get(id);
  if (index === undefined) throw inputError(file, at(0), "a run id of the sweep's plan", JSON.stringify(id));
  const error = text(header.length - 1);
  return { id, index, variant, seed, status, error: error === '' ? null : error, metrics };
}

/** Parses runs.csv strictly (see the module header): rows in file order; a repeated run id is an error. */
export function parseRunsCsv(text: string, file: string, options: ParseRunsCsvOptions): RunRow[] {
  const records = parseRecords(text.replace(/^\uFEFF/, ''), file);
  const header = runsCsvHeader(options.paramPaths, options.metrics);
  checkHeader(records[0], header, file);
  const variants = options.variantIds === undefined ? null : new Set(options.variantIds);
  const seen = new Map<string, number>();
  return records.slice(1).map((record, position) => {
    const row = rowOf(record, position, header, file, options, variants);
    const earlier = seen.get(row.id);
    if (earlier !== undefined)
      throw inputError(file, `line ${record.line}, column 1 (run_id)`, `a run id not already on line ${earlier}`, JSON.stringify(row.id));
    seen.set(row.id, record.line);
    return row;
  });
}
