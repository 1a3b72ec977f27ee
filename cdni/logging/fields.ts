// The vocabulary of CDNI log files (RFC 7937 §3.1–3.4, §6; RFC 9246 §4.5, §6.2–6.4): directive names,
// record-types, the field registry with each field's value format and occurrence, the QSTRING codec
// and UTC date/time formatting from epoch milliseconds. Plain data and pure functions; depends on
// nothing but node:net (address syntax) — never on the simulator, the wall clock or randomness.
import { isIP } from 'node:net';

export const LOG_FILE_VERSION = 'cdni/1.0';
export const RECORD_TYPE_V1 = 'cdni_http_request_v1';
/** RFC 9246 §6.2.1: every v1 field plus `s-uri-signing` and `s-uri-signing-deny-reason` */
export const RECORD_TYPE_V2 = 'cdni_http_request_v2';
export const RECORD_TYPES: readonly string[] = [RECORD_TYPE_V1, RECORD_TYPE_V2];

/** The "CDNI Logging Directive Names" registry (RFC 7937 §6.1), keyed by lowercase name (names are case-insensitive). */
export const DIRECTIVES: ReadonlyMap<string, string> = new Map(
  ['version', 'UUID', 'claimed-origin', 'established-origin', 'remark', 'record-type', 'fields', 'SHA256-hash'].map((n) => [n.toLowerCase(), n]),
);

/** How a field value is written (RFC 7937 §3.1 rules and §3.4.1 formats). */
export type FieldFormat = 'date' | 'time' | 'dec' | 'nhtab' | 'address' | 'host' | 'digits' | '3digit' | 'cached' | 'qstring' | 'uri-signing';

export interface FieldSpec {
  /** the registered spelling */
  name: string;
  format: FieldFormat;
  /** "There MUST be one and only one instance of this field": the #fields directive must list it */
  mandatory: boolean;
  /** registered by RFC 9246: valid for cdni_http_request_v2 only */
  v2Only: boolean;
}

const spec = (name: string, format: FieldFormat, mandatory = false, v2Only = false): FieldSpec => ({ name, format, mandatory, v2Only });

/** The "CDNI Logging Field Names" registry (RFC 7937 §6.4 + RFC 9246 §6.3) without the cs(…)/sc(…) header families. */
export const FIELDS: readonly FieldSpec[] = [
  spec('date', 'date', true),
  spec('time', 'time', true),
  spec('time-taken', 'dec', true),
  spec('c-groupid', 'nhtab', true),
  spec('s-ip', 'address'),
  spec('s-hostname', 'host'),
  spec('s-port', 'digits'),
  spec('cs-method', 'nhtab', true),
  spec('cs-uri', 'nhtab'),
  spec('u-uri', 'nhtab', true),
  spec('protocol', 'nhtab', true),
  spec('sc-status', '3digit', true),
  spec('sc-total-bytes', 'digits', true),
  spec('sc-entity-bytes', 'digits'),
  spec('s-ccid', 'qstring'),
  spec('s-sid', 'qstring'),
  spec('s-cached', 'cached'),
  // RFC 9246 §4.5 calls s-uri-signing "(mandatory)" but gives its occurrence as "zero or exactly one"; the occurrence rule is what is enforced here.
  spec('s-uri-signing', 'uri-signing', false, true),
  spec('s-uri-signing-deny-reason', 'qstring', false, true),
];
const BY_NAME: ReadonlyMap<string, FieldSpec> = new Map(FIELDS.map((f) => [f.name, f]));

/** RFC 7230 token: the header name inside cs(…) / sc(…) */
const HEADER_FIELD = /^(cs|sc)\(([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\)$/i;

/** The spec of a field name (case-insensitive) valid for `recordType`, or null. `cs(<Header>)`/`sc(<Header>)` are QSTRING fields. */
export function fieldSpec(name: string, recordType: string): FieldSpec | null {
  const lower = name.toLowerCase();
  const known = BY_NAME.get(lower);
  if (known) return known.v2Only && recordType.toLowerCase() !== RECORD_TYPE_V2 ? null : known;
  return HEADER_FIELD.test(name) ? spec(lower, 'qstring') : null;
}

/** The RFC 9246 §6.4 "CDNI URI Signing Verification Code" registry. */
export const URI_SIGNING_CODES: ReadonlyMap<number, string> = new Map([
  [0, 'No signed JWT verification performed'],
  [200, 'Signed JWT verification performed and verified'],
  [400, 'Signed JWT verification performed and rejected because of incorrect signature'],
  [401, 'Signed JWT verification performed and rejected because of Issuer enforcement'],
  [402, 'Signed JWT verification performed and rejected because of Subject enforcement'],
  [403, 'Signed JWT verification performed and rejected because of Audience enforcement'],
  [404, 'Signed JWT verification performed and rejected because of Expiration Time enforcement'],
  [405, 'Signed JWT verification performed and rejected because of Not Before enforcement'],
  [406, 'Signed JWT verification performed and rejected because only one of CDNI Signed Token Transport or CDNI Expiration Time Setting present'],
  [407, 'Signed JWT verification performed and rejected because of JWT ID enforcement'],
  [408, 'Signed JWT verification performed and rejected because of Version enforcement'],
  [409, 'Signed JWT verification performed and rejected because of Critical Extension enforcement'],
  [410, 'Signed JWT verification performed and rejected because of Client IP enforcement'],
  [411, 'Signed JWT verification performed and rejected because of URI Container enforcement'],
  [500, 'Unable to perform signed JWT verification because of malformed URI'],
]);

const QSTRING = /^"(?:[\x20\x21\x23\x24\x26-\x7e]|%[xX]?[0-9A-Fa-f]{2}|\P{ASCII})*"$/u;
const REG_NAME_OR_LITERAL = /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)$/;
const EXPECTED: Record<FieldFormat, string> = {
  date: 'a date YYYY-MM-DD (RFC 3339 full-date)',
  time: 'a UTC time hh:mm:ss[.fraction] (RFC 3339 partial-time)',
  dec: 'a decimal number of seconds (DEC: 1*DIGIT ["." 1*DIGIT])',
  nhtab: 'printable ASCII without tabs (NHTABSTRING)',
  address: 'an IPv4 or IPv6 address',
  host: 'a host (RFC 3986)',
  digits: 'digits',
  '3digit': 'a 3-digit status code',
  cached: '0 or 1',
  qstring: 'a quoted string (QSTRING: DQUOTE, DQUOTE inside escaped by percent encoding)',
  'uri-signing': `a registered URI Signing Verification Code (${[...URI_SIGNING_CODES.keys()].map(code3).join(', ')})`,
};

/** What a value of this format should look like, for error messages. */
export function expectedFormat(format: FieldFormat): string {
  return EXPECTED[format];
}

/** Whether `text` (not `-`) is a valid value of the format. */
export function validValue(format: FieldFormat, text: string): boolean {
  switch (format) {
    case 'date':
      return parseDate(text) !== null;
    case 'time':
      return parseTime(text) !== null;
    case 'dec':
      return /^\d+(?:\.\d+)?$/.test(text);
    case 'nhtab':
      return /^[\x20-\x7e]+$/.test(text);
    case 'address':
      return !text.includes('%') && isIP(text) !== 0;
    case 'host':
      return REG_NAME_OR_LITERAL.test(text);
    case 'digits':
      return /^\d+$/.test(text);
    case '3digit':
      return /^\d{3}$/.test(text);
    case 'cached':
      return text === '0' || text === '1';
    case 'qstring':
      return QSTRING.test(text) && decodeQuoted(text) !== null;
    case 'uri-signing':
      return /^\d{3}$/.test(text) && URI_SIGNING_CODES.has(Number(text));
  }
}

/** A verification code as its 3DIGIT log value: 0 ⇒ `000`. */
export function code3(code: number): string {
  return String(code).padStart(3, '0');
}

const HEX = '0123456789ABCDEF';
const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A string as a QSTRING. Printable ASCII other than DQUOTE and `%` stays as it is (NDQUOTE); every other
 * octet of its UTF-8 form is percent-encoded as `%XX` (the ABNF's PCT-ENCODED), so DQUOTE becomes `%22`
 * and HTAB/CR/LF/NUL never reach the file (§3.4.1: sanitized "through percent encoding").
 */
export function encodeQuoted(value: string): string {
  let out = '"';
  for (const byte of encoder.encode(value)) {
    const plain = byte >= 0x20 && byte <= 0x7e && byte !== 0x22 && byte !== 0x25;
    out += plain ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return `${out}"`;
}

/**
 * The string inside a QSTRING, or null if it is not one. Accepts `%XX` (the ABNF) and also `%xXX` /
 * `%XXX` with a literal `x`, the form RFC 7937's own prose examples use (`My_Header%x22value%x22`).
 */
export function decodeQuoted(text: string): string | null {
  if (text.length < 2 || text[0] !== '"' || text[text.length - 1] !== '"') return null;
  const inner = text.slice(1, -1);
  if (!inner.includes('%')) return inner.includes('"') ? null : inner;
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '"') return null;
    if (ch !== '%') {
      for (const b of encoder.encode(ch)) bytes.push(b);
      continue;
    }
    const skip = inner[i + 1] === 'x' || inner[i + 1] === 'X' ? 1 : 0;
    const hex = inner.slice(i + 1 + skip, i + 3 + skip);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    bytes.push(parseInt(hex, 16));
    i += 2 + skip;
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/**
 * A value for an unquoted field, sanitized: octets outside printable ASCII (HTAB, CR, LF, NUL, non-ASCII)
 * percent-encoded. The parser does not decode these back (RFC 7937 defines no decoding for them).
 */
export function sanitizeUnquoted(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  let out = '';
  for (const byte of encoder.encode(value)) out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  return out;
}

// Dates: proleptic Gregorian days since 1970-01-01 (H. Hinnant's civil-date algorithms), UTC only.

/** days since the epoch of a civil date */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** the civil date [year, month, day] of a day number */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `date` and `time` field values (UTC, milliseconds) of an instant given in integer milliseconds since 1970-01-01T00:00:00Z. */
export function formatDateTime(epochMs: number): { date: string; time: string } {
  const days = Math.floor(epochMs / 86_400_000);
  const msOfDay = epochMs - days * 86_400_000;
  const [y, m, d] = civilFromDays(days);
  if (y < 0 || y > 9999) throw new RangeError(`a CDNI log date has 4 digits: year ${y} is out of range`);
  const s = Math.floor(msOfDay / 1000);
  const time = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(msOfDay % 1000, 3)}`;
  return { date: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`, time };
}

/** A `date` value as days since the epoch, or null (wrong shape or no such calendar day). */
export function parseDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const days = daysFromCivil(year, month, day);
  return civilFromDays(days)[2] === day ? days : null;
}

/** A `time` value as milliseconds of the day (fraction rounded to ms; `:60` leap seconds allowed as RFC 3339 does), or null. */
export function parseTime(text: string): number | null {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s > 60) return null;
  const ms = m[4] === undefined ? 0 : Math.round(Number(`0.${m[4]}`) * 1000);
  return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** A DEC value with exactly three decimals, from a non-negative number of seconds rounded to milliseconds. */
export function formatSeconds(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  return `${Math.floor(ms / 1000)}.${pad(ms % 1000, 3)}`;
}
