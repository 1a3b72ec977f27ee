// CDNI Logging Files (RFC 7937 §3) as exact text: writing a file (directives, records, the trailing
// #SHA256-hash) and the uCDN's #established-origin step; the parser is in ./log-parse and re-exported
// here, and deterministic #UUID values. Depends only on ./fields, ./log-parse and node:crypto; never on
// the simulator or randomness.
import { createHash } from 'node:crypto';
import { encodeQuoted, expectedFormat, fieldSpec, LOG_FILE_VERSION, sanitizeUnquoted, validValue } from './fields.js';
import type { FieldSpec } from './fields.js';
import { LogFileError, parseLogFile, requireAccepted, sha256Hex } from './log-parse.js';

export { formatLogIssue, LogFileError, parseLogFile, requireAccepted } from './log-parse.js';
export type { LogIssue, ParsedGroup, ParsedLogFile, ParsedRecord, ParseOptions } from './log-parse.js';

export interface LogRecordGroup {
  /** e.g. `cdni_http_request_v1`; a new #record-type directive is written when it changes */
  recordType: string;
  /** the #fields directive: field names in the order of the values */
  fields: readonly string[];
  /** one array of values per record, aligned with `fields`; null ⇒ `-` (value unavailable). QSTRING fields take the unquoted string. */
  records: readonly (readonly (string | null)[])[];
}

export interface LogFileContent {
  /** `urn:uuid:…` identifying this file */
  uuid: string;
  /** set by the dCDN that transmits the file (never by the uCDN) */
  claimedOrigin?: string;
  /** set by the uCDN only (see addEstablishedOrigin); a dCDN never writes it */
  establishedOrigin?: string;
  remarks?: readonly string[];
  groups: readonly LogRecordGroup[];
}

const CRLF = '\r\n';

/** One value as it appears in a record line; throws if it cannot be written validly. */
function writeValue(spec: FieldSpec, value: string | null, where: string): string {
  if (value === null) return '-';
  const text = spec.format === 'qstring' ? encodeQuoted(value) : sanitizeUnquoted(value);
  if (!validValue(spec.format, text))
    throw new LogFileError([{ file: '(writing)', line: 0, where, expected: expectedFormat(spec.format), found: JSON.stringify(value) }]);
  return text;
}

function writeGroup(group: LogRecordGroup, index: number, lines: string[]): void {
  const specs = group.fields.map((name) => {
    const found = fieldSpec(name, group.recordType);
    if (!found)
      throw new LogFileError([
        { file: '(writing)', line: 0, where: `groups[${index}].fields`, expected: `a field of ${group.recordType}`, found: JSON.stringify(name) },
      ]);
    return found;
  });
  lines.push(`#fields:\t${group.fields.join('\t')}`);
  group.records.forEach((record, r) => {
    if (record.length !== specs.length) {
      throw new LogFileError([
        { file: '(writing)', line: 0, where: `groups[${index}].records[${r}]`, expected: `${specs.length} values`, found: `${record.length}` },
      ]);
    }
    lines.push(record.map((v, i) => writeValue(specs[i], v, `groups[${index}].records[${r}].${group.fields[i]}`)).join('\t'));
  });
}

/**
 * The exact text of a CDNI Logging File: CRLF line ends, `#version` first, then `#UUID`, `#claimed-origin`,
 * `#established-origin`, the remarks, then per group `#record-type` (when it changes) and `#fields`
 * followed by the records, and last `#SHA256-hash` over every preceding byte (unless `hash: false`).
 * The result is parsed back before it is returned (skip with `verify: false`): it never has issues; a value
 * that cannot be written validly throws a LogFileError.
 */
export function writeLogFile(content: LogFileContent, options: { hash?: boolean; verify?: boolean } = {}): string {
  const lines = [`#version:\t${LOG_FILE_VERSION}`, `#UUID:\t${content.uuid}`];
  if (content.claimedOrigin !== undefined) lines.push(`#claimed-origin:\t${content.claimedOrigin}`);
  if (content.establishedOrigin !== undefined) lines.push(`#established-origin:\t${content.establishedOrigin}`);
  for (const remark of content.remarks ?? []) lines.push(`#remark:\t${sanitizeUnquoted(remark)}`);
  let recordType: string | null = null;
  content.groups.forEach((group, i) => {
    if (group.recordType !== recordType) lines.push(`#record-type:\t${group.recordType}`);
    recordType = group.recordType;
    writeGroup(group, i, lines);
  });
  const body = lines.join(CRLF) + CRLF;
  const text = options.hash === false ? body : `${body}#SHA256-hash:\t${sha256Hex(body)}${CRLF}`;
  if (options.verify === false) return text;
  const check = parseLogFile(text, '(written)', { from: content.establishedOrigin === undefined ? 'dcdn' : 'ucdn' });
  if (!check.accepted || check.skipped.length > 0) throw new LogFileError([...check.issues, ...check.skipped]);
  return text;
}

/**
 * What a uCDN stores after pulling a file and authenticating its sender: the file with an
 * `#established-origin` directive inserted before the first `#record-type` and the #SHA256-hash
 * recomputed over the result (RFC 7937 §3.3). The file must have been accepted as sent by a dCDN.
 */
export function addEstablishedOrigin(text: string, fileName: string, origin: string): string {
  requireAccepted(parseLogFile(text, fileName));
  const at = text.search(/^#record-type:/im);
  const hashAt = text.search(/^#SHA256-hash:/im);
  const body = `${text.slice(0, at)}#established-origin:\t${origin}${CRLF}${text.slice(at, hashAt < 0 ? text.length : hashAt)}`;
  const stored = hashAt < 0 ? body : `${body}#SHA256-hash:\t${sha256Hex(body)}${CRLF}`;
  requireAccepted(parseLogFile(stored, fileName, { from: 'ucdn' }));
  return stored;
}

/**
 * A name-based UUID (RFC 4122 §4.3, version 5: SHA-1 of the namespace UUID's bytes and the name's UTF-8),
 * as a `urn:uuid:` URN for #UUID: the same (namespace, name) always gives the same id, with no randomness —
 * e.g. namespace = an arrangement's UUID, name = the window index.
 */
export function nameBasedUuidUrn(namespace: string, name: string): string {
  const ns = namespace.replace(/^urn:uuid:/i, '').replaceAll('-', '');
  if (!/^[0-9A-Fa-f]{32}$/.test(ns)) throw new RangeError(`namespace ${JSON.stringify(namespace)} is not a UUID`);
  const hash = createHash('sha1').update(Buffer.from(ns, 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
