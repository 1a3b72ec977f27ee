// The CDNI Logging File parser (RFC 7937 §3; digest rules 22–25): every directive occurrence and order
// rule, the fields of each record-type, every value format, CRLF line ends and the #SHA256-hash over the
// bytes before it. Issues name the file, the line, the directive or field, what was expected and what was
// found. Depends only on ./fields and node:crypto; never on the simulator.
import { createHash } from 'node:crypto';
import { DIRECTIVES, FIELDS, LOG_FILE_VERSION, RECORD_TYPES, decodeQuoted, expectedFormat, fieldSpec, validValue } from './fields.js';
import type { FieldSpec } from './fields.js';

export interface LogIssue {
  file: string;
  /** 1-based line number; 0 when the issue is about the file as a whole */
  line: number;
  /** the directive (`#UUID`) or field (`sc-status`) concerned, or `(line)` */
  where: string;
  expected: string;
  found: string;
}

export function formatLogIssue(issue: LogIssue): string {
  return `${issue.file}:${issue.line}: ${issue.where}: expected ${issue.expected}, found ${issue.found}`;
}

export class LogFileError extends Error {
  override readonly name = 'LogFileError';
  constructor(readonly issues: readonly LogIssue[]) {
    super(issues.map(formatLogIssue).join('\n'));
  }
}
/** lowercase hex SHA-256 of the UTF-8 bytes of text */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface ParsedRecord {
  line: number;
  /** aligned with the group's fields; null for `-`; QSTRING values unquoted and decoded */
  values: (string | null)[];
}

export interface ParsedGroup {
  recordType: string;
  /** field names as the #fields directive wrote them */
  fields: string[];
  line: number;
  records: ParsedRecord[];
}

export interface ParsedLogFile {
  file: string;
  /** no file-level issue: a uCDN may use the records (RFC 7937 §3.3: it MUST ignore a file that breaks a directive rule) */
  accepted: boolean;
  version: string | null;
  uuid: string | null;
  claimedOrigin: string | null;
  establishedOrigin: string | null;
  remarks: string[];
  groups: ParsedGroup[];
  /** the #SHA256-hash value (null when absent), the hash computed over the bytes before it, and whether they agree */
  hash: { declared: string | null; computed: string | null; matches: boolean | null };
  /** file-level: the file as a whole must be ignored */
  issues: LogIssue[];
  /** record-level: these records are ignored, the others accepted (RFC 7937 §3.4.1) */
  skipped: LogIssue[];
  /** not fatal: unknown directives (ignored, §3.3), a UUID not in RFC 4122 form */
  warnings: LogIssue[];
}

export interface ParseOptions {
  /** `dcdn` (default): the file as a dCDN sent it, so #established-origin is forbidden; `ucdn`: as a uCDN stored it */
  from?: 'dcdn' | 'ucdn';
  /** longer lines are rejected without being split (default 65536 characters) */
  maxLineLength?: number;
  /** treat a file without #SHA256-hash as not accepted (the RFC only says there SHOULD be one; peers can agree to always hash) */
  requireHash?: boolean;
}

interface State {
  out: ParsedLogFile;
  from: 'dcdn' | 'ucdn';
  maxLineLength: number;
  text: string;
  counts: Map<string, number>;
  recordType: string | null;
  /** the current group, or null before any #fields or after an invalid one */
  group: ParsedGroup | null;
  specs: FieldSpec[];
  groupsOfType: number;
  hashLine: number;
}

/** a found value for a message: JSON-quoted, cut to its first 48 characters */
const shown = (text: string): string => (text.length > 48 ? `${JSON.stringify(text.slice(0, 48))}…` : JSON.stringify(text));

function fileIssue(st: State, line: number, where: string, expected: string, found: string): void {
  st.out.issues.push({ file: st.out.file, line, where, expected, found });
}

const MANDATORY = FIELDS.filter((f) => f.mandatory).map((f) => f.name);
const UUID_URN = /^urn:uuid:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

function onceOnly(st: State, name: string, line: number): boolean {
  const n = (st.counts.get(name) ?? 0) + 1;
  st.counts.set(name, n);
  if (n > 1) fileIssue(st, line, `#${name}`, 'at most one instance of this directive', `a second one`);
  return n === 1;
}

function header(st: State, name: string, value: string, line: number): void {
  if (!onceOnly(st, name, line)) return;
  const out = st.out;
  if (name === 'version') {
    if (value.toLowerCase() !== LOG_FILE_VERSION) fileIssue(st, line, '#version', LOG_FILE_VERSION, shown(value));
    out.version = value;
  } else if (name === 'UUID') {
    if (!validValue('nhtab', value)) fileIssue(st, line, '#UUID', 'a urn:uuid: URN (NHTABSTRING)', shown(value));
    else if (!UUID_URN.test(value)) out.warnings.push({ file: out.file, line, where: '#UUID', expected: 'urn:uuid:<RFC 4122 UUID>', found: shown(value) });
    out.uuid = value;
  } else {
    if (!validValue('host', value)) fileIssue(st, line, `#${name}`, 'a host (RFC 3986)', shown(value));
    if (name === 'established-origin' && st.from === 'dcdn')
      fileIssue(st, line, '#established-origin', 'no #established-origin in a file from a dCDN (only the uCDN adds it)', 'one');
    if (name === 'claimed-origin') out.claimedOrigin = value;
    else out.establishedOrigin = value;
  }
}

function closeRecordType(st: State, line: number): void {
  if (st.recordType !== null && st.groupsOfType === 0) fileIssue(st, line, '#fields', `a #fields directive for #record-type ${st.recordType}`, 'none');
}

function recordTypeDirective(st: State, value: string, line: number): void {
  closeRecordType(st, line);
  st.counts.set('record-type', (st.counts.get('record-type') ?? 0) + 1);
  const known = RECORD_TYPES.find((t) => t === value.toLowerCase());
  if (!known) fileIssue(st, line, '#record-type', `a supported record-type (${RECORD_TYPES.join(', ')})`, shown(value));
  st.recordType = known ?? null;
  st.group = null;
  st.groupsOfType = known ? 0 : 1; // an unknown type already has its issue
}

function fieldsDirective(st: State, value: string, line: number): void {
  st.group = null;
  if (st.recordType === null) {
    if ((st.counts.get('record-type') ?? 0) === 0) fileIssue(st, line, '#fields', 'a #record-type directive before the first #fields', 'none');
    return;
  }
  st.groupsOfType++;
  const names = value.split('\t');
  const specs: FieldSpec[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const found = fieldSpec(name, st.recordType);
    if (!found) return fileIssue(st, line, '#fields', `a field name of ${st.recordType}`, shown(name));
    if (seen.has(name.toLowerCase())) return fileIssue(st, line, '#fields', 'each field listed at most once', `${shown(name)} twice`);
    seen.add(name.toLowerCase());
    specs.push(found);
  }
  const missing = MANDATORY.filter((m) => !seen.has(m));
  if (missing.length > 0) return fileIssue(st, line, '#fields', `every mandatory field (missing ${missing.join(', ')})`, shown(value));
  st.group = { recordType: st.recordType, fields: names, line, records: [] };
  st.specs = specs;
  st.out.groups.push(st.group);
}

function directive(st: State, raw: string, line: number, start: number): void {
  const m = /^#([A-Za-z0-9][A-Za-z0-9_-]*):\t([\s\S]*)$/.exec(raw);
  if (!m) return fileIssue(st, line, '(line)', 'a directive #<name>:<HTAB><value>', shown(raw));
  const name = DIRECTIVES.get(m[1].toLowerCase());
  const value = m[2];
  if (line === 1 && name !== 'version') fileIssue(st, 1, '#version', `#version:<HTAB>${LOG_FILE_VERSION} as the first line`, shown(raw));
  if (name === undefined)
    st.out.warnings.push({ file: st.out.file, line, where: `#${m[1]}`, expected: 'a registered directive (unknown ones are ignored)', found: shown(raw) });
  else if (name === 'version' && line !== 1) fileIssue(st, line, '#version', 'the version on the first line only', `#version on line ${line}`);
  else if (name === 'version' || name === 'UUID' || name === 'claimed-origin' || name === 'established-origin') header(st, name, value, line);
  else if (name === 'remark') st.out.remarks.push(value);
  else if (name === 'record-type') recordTypeDirective(st, value, line);
  else if (name === 'fields') fieldsDirective(st, value, line);
  else hashDirective(st, value, line, start);
}

function hashDirective(st: State, value: string, line: number, start: number): void {
  if (!onceOnly(st, 'SHA256-hash', line)) return;
  st.hashLine = line;
  const before = st.text.slice(0, start);
  const computed = sha256Hex(before);
  const declared = /^[0-9A-Fa-f]{64}$/.test(value) ? value.toLowerCase() : null;
  st.out.hash = { declared: value, computed, matches: declared === computed };
  if (declared === null) fileIssue(st, line, '#SHA256-hash', '64 hexadecimal digits', shown(value));
  else if (declared !== computed)
    fileIssue(st, line, '#SHA256-hash', `${computed} (SHA-256 of the ${Buffer.byteLength(before)} bytes before this line)`, declared);
}

function record(st: State, raw: string, line: number): void {
  const skip = (where: string, expected: string, found: string): void => {
    st.out.skipped.push({ file: st.out.file, line, where, expected, found });
  };
  if (st.group === null) {
    if ((st.counts.get('record-type') ?? 0) === 0 || st.groupsOfType === 0)
      fileIssue(st, line, '(line)', 'a #record-type and a #fields directive before the first record', shown(raw));
    else skip('(line)', 'a record under a valid #fields directive', shown(raw));
    return;
  }
  const parts = raw.split('\t');
  if (parts.length !== st.specs.length)
    return skip('(line)', `${st.specs.length} TAB-separated values (as #fields on line ${st.group.line})`, `${parts.length}`);
  const values: (string | null)[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const spec = st.specs[i];
    const text = parts[i];
    if (text === '-') values[i] = null;
    else if (!validValue(spec.format, text)) return skip(st.group.fields[i], expectedFormat(spec.format), shown(text));
    else values[i] = spec.format === 'qstring' ? decodeQuoted(text) : text;
  }
  st.group.records.push({ line, values });
}

function parseLine(st: State, raw: string, line: number, start: number): void {
  if (st.hashLine > 0) {
    if (st.hashLine === line - 1) fileIssue(st, line, '#SHA256-hash', 'the #SHA256-hash directive as the last line', `line ${line} after it`);
    if (raw.startsWith('#') && DIRECTIVES.get(raw.slice(1, raw.indexOf(':')).toLowerCase()) === 'SHA256-hash') onceOnly(st, 'SHA256-hash', line);
    return;
  }
  if (raw.length > st.maxLineLength) {
    if (raw.startsWith('#') || st.group === null) fileIssue(st, line, '(line)', `at most ${st.maxLineLength} characters`, `${raw.length}`);
    else st.out.skipped.push({ file: st.out.file, line, where: '(line)', expected: `at most ${st.maxLineLength} characters`, found: `${raw.length}` });
    return;
  }
  if (line === 1 && raw.charCodeAt(0) === 0xfeff)
    return fileIssue(st, 1, '#version', 'US-ASCII text starting with #version (no byte order mark)', 'a UTF-8 BOM');
  if (raw.startsWith('#')) directive(st, raw, line, start);
  else if (line === 1) fileIssue(st, 1, '#version', `#version:<HTAB>${LOG_FILE_VERSION} as the first line`, shown(raw));
  else if (raw === '') st.out.skipped.push({ file: st.out.file, line, where: '(line)', expected: 'a directive or a record', found: 'an empty line' });
  else record(st, raw, line);
}

function emptyResult(file: string): ParsedLogFile {
  const none = { declared: null, computed: null, matches: null };
  return {
    file,
    accepted: false,
    version: null,
    uuid: null,
    claimedOrigin: null,
    establishedOrigin: null,
    remarks: [],
    groups: [],
    hash: none,
    issues: [],
    skipped: [],
    warnings: [],
  };
}

/** Split into CRLF-terminated lines; a bare LF, a bare CR or a missing final CRLF is a file-level issue (each kind reported once). */
function eachLine(st: State, visit: (raw: string, line: number, start: number) => void): number {
  const text = st.text;
  let start = 0;
  let line = 0;
  let bareLf = 0;
  let bareCr = 0;
  while (start < text.length) {
    const lf = text.indexOf('\n', start);
    const end = lf < 0 ? text.length : lf;
    line++;
    const crlf = end > start && text.charCodeAt(end - 1) === 13;
    if (lf < 0) fileIssue(st, line, '(line)', 'every line terminated by CRLF', 'end of file');
    else if (!crlf && bareLf++ === 0) fileIssue(st, line, '(line)', 'every line terminated by CRLF', 'a bare LF');
    const raw = text.slice(start, crlf ? end - 1 : end);
    if (raw.includes('\r') && bareCr++ === 0)
      fileIssue(st, line, '(line)', 'CR only as part of a CRLF line end (a CR in a value is percent-encoded)', 'a bare CR');
    visit(raw, line, start);
    start = end + 1;
  }
  return line;
}

/**
 * Parse and check a CDNI Logging File (RFC 7937 §3, digest rules 22–25). Never throws: see `accepted`,
 * `issues` (file-level), `skipped` (records ignored) and `warnings`. `text` may be the raw bytes.
 */
export function parseLogFile(text: string | Uint8Array, fileName: string, options: ParseOptions = {}): ParsedLogFile {
  const out = emptyResult(fileName);
  const st: State = {
    out,
    from: options.from ?? 'dcdn',
    maxLineLength: options.maxLineLength ?? 65536,
    text: '',
    counts: new Map(),
    recordType: null,
    group: null,
    specs: [],
    groupsOfType: 0,
    hashLine: 0,
  };
  try {
    st.text = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(text);
  } catch {
    fileIssue(st, 0, '(file)', 'UTF-8 text', 'bytes that are not UTF-8');
    return out;
  }
  const lines = eachLine(st, (raw, line, start) => parseLine(st, raw, line, start));
  closeRecordType(st, lines);
  if (!st.counts.has('version')) fileIssue(st, 1, '#version', 'one #version directive', 'none');
  if (!st.counts.has('UUID')) fileIssue(st, 0, '#UUID', 'one #UUID directive', 'none');
  if (!st.counts.has('record-type')) fileIssue(st, 0, '#record-type', 'at least one #record-type directive', 'none');
  if (options.requireHash && !st.counts.has('SHA256-hash'))
    fileIssue(st, lines, '#SHA256-hash', 'a #SHA256-hash directive as the last line (required by agreement)', 'none');
  out.accepted = out.issues.length === 0;
  return out;
}

/** The parsed file if it was accepted; otherwise throws a LogFileError listing the file-level issues. */
export function requireAccepted(parsed: ParsedLogFile): ParsedLogFile {
  if (!parsed.accepted) throw new LogFileError(parsed.issues);
  return parsed;
}
