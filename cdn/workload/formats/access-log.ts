// Trace formats: web access logs — the Common and Combined Log Formats of Apache and nginx, and a
// simple CSV log `timestamp,object,bytes,client` — one request per line, into a caller's record.
// Parsers return a boolean; the reason a line is malformed is told apart only on request
// (accessLogLineError). Pure; must not depend on node:fs or anything outside this folder.
import { isAddressAt } from './address.js';
import { digitsAt, epochDays, integerAt, isValidDate, isValidTime, skipBlanks, trimEnd } from './fields.js';
import { timeAt } from './series.js';

export interface LogRecord {
  timeS: number;
  object: string;
  bytes: number;
  client: string;
  status: number;
}

const OK = 0;
const REASONS = [
  '',
  'an empty line',
  'no host, ident and authuser before the [time]',
  'no [time] in brackets',
  'the [time] is not dd/Mon/yyyy:HH:MM:SS ±hhmm',
  'no quoted request after the [time]',
  'the request has no path (a method and a path expected, e.g. "GET /a.html HTTP/1.1")',
  'the status is not a 3-digit code',
  'the bytes are not a non-negative integer or "-"',
  'text after the bytes is not a quoted referer and user-agent',
  'no quoted referer and user-agent after the bytes (Combined Log Format)',
  'not 4 fields timestamp,object,bytes,client',
  'the timestamp is not a stamp (YYYY-MM-DD HH:MM[:SS]) or epoch seconds',
  'the object is empty',
  'the client is not an IPv4 or IPv6 address',
  'an unterminated quoted field',
];
const NO_COMBINED = 10;

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function monthAt(line: string, at: number): number {
  for (let m = 0; m < 12; m++) {
    if (
      line.charCodeAt(at) === MONTHS.charCodeAt(3 * m) &&
      line.charCodeAt(at + 1) === MONTHS.charCodeAt(3 * m + 1) &&
      line.charCodeAt(at + 2) === MONTHS.charCodeAt(3 * m + 2)
    ) {
      return m + 1;
    }
  }
  return -1;
}

/** UTC seconds of `dd/Mon/yyyy:HH:MM:SS ±hhmm` at line[at…at+26), or NaN */
function clfTimeAt(line: string, at: number): number {
  const day = digitsAt(line, at, 2);
  const month = line.charCodeAt(at + 2) === 47 && line.charCodeAt(at + 6) === 47 ? monthAt(line, at + 3) : -1;
  const year = digitsAt(line, at + 7, 4);
  if (day < 0 || month < 0 || year < 1970 || line.charCodeAt(at + 11) !== 58 || !isValidDate(year, month, day)) return NaN;
  const hour = digitsAt(line, at + 12, 2);
  const minute = line.charCodeAt(at + 14) === 58 ? digitsAt(line, at + 15, 2) : -1;
  const second = line.charCodeAt(at + 17) === 58 ? digitsAt(line, at + 18, 2) : -1;
  if (hour < 0 || minute < 0 || second < 0 || !isValidTime(hour, minute, second) || line.charCodeAt(at + 20) !== 32) return NaN;
  const sign = line.charCodeAt(at + 21);
  const zoneHours = digitsAt(line, at + 22, 2);
  const zoneMinutes = digitsAt(line, at + 24, 2);
  if ((sign !== 43 && sign !== 45) || zoneHours < 0 || zoneHours > 23 || zoneMinutes < 0 || zoneMinutes > 59) return NaN;
  const offset = (sign === 45 ? -1 : 1) * (zoneHours * 3600 + zoneMinutes * 60);
  return epochDays(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

/** the index of the closing quote of a CLF quoted field opening at `open` (a backslash escapes), or -1 */
function closingQuote(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 92) i++;
    else if (code === 34) return i;
  }
  return -1;
}

/** 0 if the line is a CLF (or, with `combined`, a Combined) line and `out` is filled, else its reason */
function readClf(line: string, out: LogRecord, combined: boolean): number {
  const end = line.length;
  if (skipBlanks(line, 0, end) === end) return 1;
  const hostEnd = line.indexOf(' ');
  if (hostEnd <= 0) return 2;
  const open = line.indexOf(' [', hostEnd);
  if (open < 0) return 3;
  // host ident authuser: another space between the host's and the bracket's
  if (open === hostEnd || line.indexOf(' ', hostEnd + 1) >= open) return 2;
  const timeAtIndex = open + 2;
  if (timeAtIndex + 27 > end || line.charCodeAt(timeAtIndex + 26) !== 93) return 4;
  const timeS = clfTimeAt(line, timeAtIndex);
  if (Number.isNaN(timeS)) return 4;
  const quote = timeAtIndex + 28;
  if (line.charCodeAt(timeAtIndex + 27) !== 32 || line.charCodeAt(quote) !== 34) return 5;
  const requestEnd = closingQuote(line, quote);
  if (requestEnd < 0) return 5;
  // the request line: method, path, [protocol]
  const methodEnd = line.indexOf(' ', quote + 1);
  if (methodEnd < 0 || methodEnd >= requestEnd || methodEnd === quote + 1) return 6;
  const pathStart = methodEnd + 1;
  let pathEnd = line.indexOf(' ', pathStart);
  if (pathEnd < 0 || pathEnd > requestEnd) pathEnd = requestEnd;
  if (pathEnd === pathStart) return 6;
  if (line.charCodeAt(requestEnd + 1) !== 32) return 7;
  const statusStart = requestEnd + 2;
  const statusEnd = statusStart + 3;
  const status = statusEnd <= end ? integerAt(line, statusStart, statusEnd) : -1;
  if (status < 100 || status > 599 || line.charCodeAt(statusEnd) !== 32) return 7;
  const bytesStart = statusEnd + 1;
  let bytesEnd = line.indexOf(' ', bytesStart);
  if (bytesEnd < 0) bytesEnd = end;
  const bytes = bytesEnd === bytesStart + 1 && line.charCodeAt(bytesStart) === 45 ? 0 : integerAt(line, bytesStart, bytesEnd);
  if (bytes < 0) return 8;
  if (bytesEnd < end || combined) {
    // Combined: ` "referer" "user-agent"`, then anything (a log may add fields after them)
    if (bytesEnd === end) return NO_COMBINED;
    const refererEnd = line.charCodeAt(bytesEnd + 1) === 34 ? closingQuote(line, bytesEnd + 1) : -1;
    const agentEnd =
      refererEnd > 0 && line.charCodeAt(refererEnd + 1) === 32 && line.charCodeAt(refererEnd + 2) === 34 ? closingQuote(line, refererEnd + 2) : -1;
    if (agentEnd < 0 || (agentEnd + 1 < end && line.charCodeAt(agentEnd + 1) !== 32)) return 9;
  }
  out.timeS = timeS;
  out.object = line.slice(pathStart, pathEnd);
  out.bytes = bytes;
  out.client = line.slice(0, hostEnd);
  out.status = status;
  return OK;
}

/** a Common Log Format line `host ident authuser [10/Oct/2000:13:55:36 -0700] "GET /a.html HTTP/1.0" 200 2326`, and Combined (the same + "referer" "user-agent"). timeS: UTC epoch seconds (apply the zone offset). object: the request path (the request line's second token; a request line of one token like "GET" or "-" is malformed). bytes: '-' ⇒ 0. status: integer. false if malformed. */
export function parseClfLine(line: string, out: LogRecord): boolean {
  return readClf(line, out, false) === OK;
}

/** a Combined Log Format line: parseClfLine's, which must go on with the quoted referer and user-agent */
export function parseCombinedLine(line: string, out: LogRecord): boolean {
  return readClf(line, out, true) === OK;
}

/** the fields' bounds of the last CSV line split: start, end, and whether it was quoted with `""` escapes */
const fieldStart = new Int32Array(5);
const fieldEnd = new Int32Array(5);
const fieldEscaped = new Uint8Array(5);

/** splits an RFC 4180 line (blanks around fields trimmed) into at most 5 fields; the count, or -1 for an unterminated quote */
function splitCsv(line: string): number {
  const end = line.length;
  let count = 0;
  let i = 0;
  for (;;) {
    if (count === 5) return count;
    i = skipBlanks(line, i, end);
    let start = i;
    let stop: number;
    fieldEscaped[count] = 0;
    if (i < end && line.charCodeAt(i) === 34) {
      start = i + 1;
      i = start;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) return -1;
        if (line.charCodeAt(close + 1) === 34) {
          fieldEscaped[count] = 1;
          i = close + 2;
          continue;
        }
        stop = close;
        i = skipBlanks(line, close + 1, end);
        break;
      }
      const comma = i < end && line.charCodeAt(i) === 44;
      if (i < end && !comma) return -1;
    } else {
      const comma = line.indexOf(',', i);
      i = comma < 0 ? end : comma;
      stop = trimEnd(line, start, i);
    }
    fieldStart[count] = start;
    fieldEnd[count] = stop;
    count++;
    if (i >= end) return count;
    i++; // past the comma
  }
}

const unquoted = (line: string, field: number): string => {
  const text = line.slice(fieldStart[field], fieldEnd[field]);
  return fieldEscaped[field] === 1 ? text.replaceAll('""', '"') : text;
};

function readCsvLog(line: string, out: LogRecord): number {
  if (skipBlanks(line, 0, line.length) === line.length) return 1;
  const count = splitCsv(line);
  if (count < 0) return 15;
  if (count !== 4) return 11;
  const timeS = timeAt(line, fieldStart[0], fieldEnd[0]);
  if (Number.isNaN(timeS)) return 12;
  if (fieldEnd[1] === fieldStart[1]) return 13;
  const bytes = integerAt(line, fieldStart[2], fieldEnd[2]);
  if (bytes < 0) return 8;
  if (fieldEscaped[3] === 1 || !isAddressAt(line, fieldStart[3], fieldEnd[3])) return 14;
  out.timeS = timeS;
  out.object = unquoted(line, 1);
  out.bytes = bytes;
  out.client = line.slice(fieldStart[3], fieldEnd[3]);
  out.status = 200;
  return OK;
}

/** a CSV log line `timestamp,object,bytes,client` (timestamp: parseTimeS forms or epoch seconds; bytes non-negative integer; client an IPv4/IPv6 address string — validated); status set to 200. A header line (`timestamp,object,bytes,client`) is not malformed: use isCsvLogHeader. Quoted fields with commas ("..." with "" escapes, RFC 4180) are accepted for the object. */
export function parseCsvLogLine(line: string, out: LogRecord): boolean {
  return readCsvLog(line, out) === OK;
}

/** whether a first line is the CSV log's header: four fields, the first not a time and the third not a number (e.g. `timestamp,object,bytes,client`) */
export function isCsvLogHeader(line: string): boolean {
  if (splitCsv(line) !== 4) return false;
  return fieldEnd[0] > fieldStart[0] && Number.isNaN(timeAt(line, fieldStart[0], fieldEnd[0])) && integerAt(line, fieldStart[2], fieldEnd[2]) < 0;
}

const scratch: LogRecord = { timeS: 0, object: '', bytes: 0, client: '', status: 0 };

/** why a line is not a log line of the format (`clf`, `combined` or `csv`), or null if it is one */
export function accessLogLineError(format: 'clf' | 'combined' | 'csv', line: string): string | null {
  const reason = format === 'csv' ? readCsvLog(line, scratch) : readClf(line, scratch, format === 'combined');
  return reason === OK ? null : REASONS[reason];
}
