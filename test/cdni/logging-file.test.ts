// CDNI log files written and parsed: round trips, the QSTRING codec, dates, and hostile input — each
// rejected for the right reason, named by file, line, directive or field, expected and found.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  LogFileError,
  addEstablishedOrigin,
  formatLogIssue,
  nameBasedUuidUrn,
  parseLogFile,
  requireAccepted,
  writeLogFile,
} from '../../cdni/logging/log-file.js';
import type { LogFileContent } from '../../cdni/logging/log-file.js';
import { decodeQuoted, encodeQuoted, formatDateTime, parseDate, parseTime } from '../../cdni/logging/fields.js';

const FIELDS = ['date', 'time', 'time-taken', 'c-groupid', 'cs-method', 'u-uri', 'protocol', 'sc-status', 'sc-total-bytes', 'cs(User-Agent)', 's-cached'];
const REC = ['2025-01-01', '10:00:01.250', '0.412', 'FR/IDF/75011', 'GET', 'https://video.example/o/7?rid=3', 'HTTP/1.1', '200', '1843200', 'curl/8', '1'];
const content = (records: (string | null)[][] = [REC]): LogFileContent => ({
  uuid: 'urn:uuid:9d1c3f0e-2b7a-4f4e-9d0a-6a0f5e2c1b11',
  claimedOrigin: 'logs.dcdn1.example',
  groups: [{ recordType: 'cdni_http_request_v1', fields: FIELDS, records }],
});
const CRLF = '\r\n';
const lines = (...ls: string[]): string => ls.map((l) => l + CRLF).join('');
const HEAD = [
  '#version:\tcdni/1.0',
  '#UUID:\turn:uuid:9d1c3f0e-2b7a-4f4e-9d0a-6a0f5e2c1b11',
  '#record-type:\tcdni_http_request_v1',
  `#fields:\t${FIELDS.join('\t')}`,
];
const row = (over: Partial<Record<number, string>> = {}): string => REC.map((v, i) => over[i] ?? (i === 9 ? `"${v}"` : v)).join('\t');

describe('writing and parsing', () => {
  it('writes the exact text: CRLF lines, directives in order, quoted headers, hash last', () => {
    const text = writeLogFile(content());
    const body = lines(...HEAD.slice(0, 2), '#claimed-origin:\tlogs.dcdn1.example', ...HEAD.slice(2), row());
    expect(text.startsWith(body)).toBe(true);
    expect(text.slice(body.length)).toMatch(/^#SHA256-hash:\t[0-9a-f]{64}\r\n$/);
  });

  it('round-trips records, including unavailable values and awkward quoted strings', () => {
    const records = [REC, REC.map((v, i) => (i === 8 || i === 10 ? null : v)), REC.map((v, i) => (i === 9 ? 'a "quoted" 100% \t tab, é, 日本' : v))];
    const parsed = requireAccepted(parseLogFile(writeLogFile(content(records)), 'f'));
    expect(parsed.groups[0].records.map((r) => r.values)).toEqual(records);
    expect(parsed.hash.matches).toBe(true);
  });

  it('property: any printable records round-trip through write and parse', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 100, max: 599 }), fc.nat()), { maxLength: 20 }), (rows) => {
        const records = rows.map(([ua, status, bytes]) => REC.map((v, i) => (i === 9 ? ua : i === 7 ? String(status) : i === 8 ? String(bytes) : v)));
        expect(parseLogFile(writeLogFile(content(records)), 'f').groups[0].records.map((r) => r.values)).toEqual(records);
      }),
      { seed: 7937, numRuns: 200 },
    );
  });

  it('a file without a hash, several field sets and record-types, unknown directives ignored, names case-insensitive', () => {
    const text = lines(
      '#VERSION:\tCDNI/1.0',
      HEAD[1],
      '#x-vendor-thing:\tanything',
      '#remark:\tcomments are ignored',
      '#RECORD-TYPE:\tcdni_http_request_v1',
      `#Fields:\t${FIELDS.join('\t')}`,
      row(),
      '#record-type:\tcdni_http_request_v2',
      '#fields:\tdate\ttime\ttime-taken\tc-groupid\tcs-method\tu-uri\tprotocol\tsc-status\tsc-total-bytes\ts-uri-signing\ts-uri-signing-deny-reason',
      '2025-01-01\t10:00:02\t1\tFR\tGET\thttps://v.example/o/1?rid=4\tHTTP/2\t403\t120\t404\t"expired"',
    );
    const parsed = parseLogFile(text, 'mixed');
    expect(parsed.issues).toEqual([]);
    expect(parsed.warnings.map((w) => w.where)).toEqual(['#x-vendor-thing']);
    expect(parsed.remarks).toEqual(['comments are ignored']);
    expect(parsed.groups.map((g) => [g.recordType, g.records.length])).toEqual([
      ['cdni_http_request_v1', 1],
      ['cdni_http_request_v2', 1],
    ]);
    expect(parsed.groups[1].records[0].values.slice(9)).toEqual(['404', 'expired']);
    expect(parsed.hash).toEqual({ declared: null, computed: null, matches: null });
    expect(parseLogFile(text, 'mixed', { requireHash: true }).accepted).toBe(false);
  });

  it('the uCDN adds #established-origin and re-hashes; the same directive from a dCDN is refused', () => {
    const sent = writeLogFile(content());
    const stored = addEstablishedOrigin(sent, 'f', 'dcdn1.example');
    const parsed = parseLogFile(stored, 'f', { from: 'ucdn' });
    expect(parsed.accepted).toBe(true);
    expect([parsed.claimedOrigin, parsed.establishedOrigin]).toEqual(['logs.dcdn1.example', 'dcdn1.example']);
    expect(parsed.hash.matches).toBe(true);
    expect(parseLogFile(stored, 'f').issues).toMatchObject([{ line: 4, where: '#established-origin' }]);
  });

  it('refuses to write what it could not parse back', () => {
    expect(() => writeLogFile({ ...content(), uuid: 'urn:uuid:\tx' })).toThrow(LogFileError);
    expect(() => writeLogFile(content([REC.map((v, i) => (i === 7 ? '20' : v))]))).toThrow(/sc-status: expected a 3-digit status code, found "20"/);
    expect(() => writeLogFile(content([REC.slice(1)]))).toThrow(/expected 11 values, found 10/);
    expect(() => writeLogFile({ ...content(), groups: [{ recordType: 'cdni_http_request_v1', fields: ['date', 's-uri-signing'], records: [] }] })).toThrow(
      /s-uri-signing/,
    );
    // a tab in an unquoted value is sanitized by percent encoding rather than splitting the record
    const text = writeLogFile(content([REC.map((v, i) => (i === 3 ? 'FR\tIDF' : v))]));
    expect(parseLogFile(text, 'f').groups[0].records[0].values[3]).toBe('FR%09IDF');
  });
});

describe('values', () => {
  it('name-based #UUID values (RFC 4122 version 5), checked against Python uuid.uuid5', () => {
    expect(nameBasedUuidUrn('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('urn:uuid:886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(nameBasedUuidUrn('urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'autopeer:arr-1:w0')).toBe('urn:uuid:318c6201-965a-57d8-8b1e-e2f3c3a5dd3e');
    expect(parseLogFile(writeLogFile({ ...content(), uuid: nameBasedUuidUrn('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'w1') }), 'f').warnings).toEqual([]);
    expect(() => nameBasedUuidUrn('not-a-uuid', 'x')).toThrow(RangeError);
  });

  it('QSTRING: DQUOTE is written %22 (the ABNF) and read as %22, %x22 or %X22 (the RFC prose examples)', () => {
    expect(encodeQuoted('My_Header"value"')).toBe('"My_Header%22value%22"');
    expect(decodeQuoted('"My_Header%x22value%x22"')).toBe('My_Header"value"');
    expect(decodeQuoted('"My_CCID%x22value%X22"')).toBe('My_CCID"value"');
    expect(decodeQuoted('"a"b"')).toBeNull();
    expect(decodeQuoted('"100%"')).toBeNull();
    expect(decodeQuoted('unquoted')).toBeNull();
    expect(decodeQuoted('"%C3%A9%E6%97%A5"')).toBe('é日');
    expect(decodeQuoted('"%C3"')).toBeNull(); // not UTF-8
  });

  it('dates and times: UTC from epoch milliseconds, calendar-checked when read', () => {
    expect(formatDateTime(0)).toEqual({ date: '1970-01-01', time: '00:00:00.000' });
    expect(formatDateTime(1735689600000 + 36001250)).toEqual({ date: '2025-01-01', time: '10:00:01.250' });
    expect(formatDateTime(951782400000 - 1)).toEqual({ date: '2000-02-28', time: '23:59:59.999' });
    expect(formatDateTime(951782400000 + 86400000)).toEqual({ date: '2000-03-01', time: '00:00:00.000' });
    expect(parseDate('2000-02-29')).toBe(11016);
    expect([parseDate('1900-02-29'), parseDate('2025-13-01'), parseDate('2025-1-01'), parseDate('2025-04-31')]).toEqual([null, null, null, null]);
    expect([parseTime('00:00:00.2506'), parseTime('00:00:00.2504'), parseTime('00:00:01')]).toEqual([251, 250, 1000]);
    expect([parseTime('23:59:60.5'), parseTime('24:00:00'), parseTime('10:00'), parseTime('10:00:00.')]).toEqual([86400500, null, null, null]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => {
        const { date, time } = formatDateTime(ms);
        expect((parseDate(date) as number) * 86400000 + (parseTime(time) as number)).toBe(ms);
      }),
      { seed: 1, numRuns: 500 },
    );
  });
});

describe('hostile input', () => {
  const good = lines(...HEAD, row());
  const issues = (text: string | Uint8Array, opts = {}) => parseLogFile(text, 'peer.log', opts).issues.map(formatLogIssue);
  const skipped = (text: string) => parseLogFile(text, 'peer.log').skipped.map(formatLogIssue);

  it('the well-formed base file is accepted', () => {
    expect(parseLogFile(good, 'peer.log')).toMatchObject({ accepted: true, issues: [], skipped: [] });
  });

  it('missing #version, or not on the first line', () => {
    expect(issues(lines(...HEAD.slice(1), row()))).toEqual([
      'peer.log:1: #version: expected #version:<HTAB>cdni/1.0 as the first line, found "#UUID:\\turn:uuid:9d1c3f0e-2b7a-4f4e-9d0a-6a0f5e2c"…',
      'peer.log:1: #version: expected one #version directive, found none',
    ]);
    expect(issues(lines('#version:\tcdni/2.0', ...HEAD.slice(1)))).toEqual(['peer.log:1: #version: expected cdni/1.0, found "cdni/2.0"']);
  });

  it('two #UUID, none, and two #SHA256-hash', () => {
    expect(issues(lines(HEAD[0], HEAD[1], HEAD[1], ...HEAD.slice(2)))).toEqual([
      'peer.log:3: #UUID: expected at most one instance of this directive, found a second one',
    ]);
    expect(issues(lines(HEAD[0], ...HEAD.slice(2)))).toEqual(['peer.log:0: #UUID: expected one #UUID directive, found none']);
    const hashed = writeLogFile(content());
    expect(issues(hashed + hashed.slice(hashed.lastIndexOf('#SHA256')))).toEqual([
      'peer.log:8: #SHA256-hash: expected the #SHA256-hash directive as the last line, found line 8 after it',
      'peer.log:8: #SHA256-hash: expected at most one instance of this directive, found a second one',
    ]);
    // a hash in the middle is reported once, not once per following line
    const middle = lines(...HEAD, `#SHA256-hash:\t${'0'.repeat(64)}`, ...Array.from({ length: 1000 }, () => row()));
    expect(issues(middle).filter((i) => i.includes('last line'))).toEqual([
      'peer.log:6: #SHA256-hash: expected the #SHA256-hash directive as the last line, found line 6 after it',
    ]);
    // HEXDIG is case-insensitive in ABNF: an uppercase hash is as good as a lowercase one
    const upper = hashed.replace(/[0-9a-f]{64}/, (h) => h.toUpperCase());
    expect(parseLogFile(upper, 'peer.log').accepted).toBe(true);
  });

  it('#fields before #record-type, records before #fields, #record-type without #fields', () => {
    expect(issues(lines(HEAD[0], HEAD[1], HEAD[3], HEAD[2], row()))).toEqual([
      'peer.log:3: #fields: expected a #record-type directive before the first #fields, found none',
      'peer.log:5: (line): expected a #record-type and a #fields directive before the first record, found "2025-01-01\\t10:00:01.250\\t0.412\\tFR/IDF/75011\\tGET\\th"…',
      'peer.log:5: #fields: expected a #fields directive for #record-type cdni_http_request_v1, found none',
    ]);
    expect(issues(lines(...HEAD.slice(0, 3), HEAD[2], HEAD[3]))).toEqual([
      'peer.log:4: #fields: expected a #fields directive for #record-type cdni_http_request_v1, found none',
    ]);
  });

  it('a #fields directive without a mandatory field, with an unknown or repeated one, or a v2 field under v1', () => {
    const f = (names: string) => issues(lines(...HEAD.slice(0, 3), `#fields:\t${names}`));
    expect(f(FIELDS.filter((n) => n !== 'sc-status').join('\t'))[0]).toMatch(/^peer.log:4: #fields: expected every mandatory field \(missing sc-status\)/);
    expect(f(`${FIELDS.join('\t')}\ts-sessid`)).toEqual(['peer.log:4: #fields: expected a field name of cdni_http_request_v1, found "s-sessid"']);
    expect(f(`${FIELDS.join('\t')}\tCS(user-agent)`)).toEqual(['peer.log:4: #fields: expected each field listed at most once, found "CS(user-agent)" twice']);
    expect(f(`${FIELDS.join('\t')}\ts-uri-signing`)).toEqual(['peer.log:4: #fields: expected a field name of cdni_http_request_v1, found "s-uri-signing"']);
  });

  it('records with too many or too few values, a tab inside a value, bad values: those records skipped, the rest kept', () => {
    const text = lines(
      ...HEAD,
      row(),
      `${row()}\textra`,
      row().split('\t').slice(1).join('\t'),
      row({ 9: '"tab\tinside"' }),
      row({ 7: '2000' }),
      row({ 0: '2025-02-30' }),
      row({ 10: '2' }),
      row({ 9: 'unquoted' }),
      '',
      row(),
    );
    const parsed = parseLogFile(text, 'peer.log');
    expect(parsed.accepted).toBe(true);
    expect(parsed.groups[0].records.map((r) => r.line)).toEqual([5, 14]);
    expect(skipped(text)).toEqual([
      'peer.log:6: (line): expected 11 TAB-separated values (as #fields on line 4), found 12',
      'peer.log:7: (line): expected 11 TAB-separated values (as #fields on line 4), found 10',
      'peer.log:8: (line): expected 11 TAB-separated values (as #fields on line 4), found 12',
      'peer.log:9: sc-status: expected a 3-digit status code, found "2000"',
      'peer.log:10: date: expected a date YYYY-MM-DD (RFC 3339 full-date), found "2025-02-30"',
      'peer.log:11: s-cached: expected 0 or 1, found "2"',
      'peer.log:12: cs(User-Agent): expected a quoted string (QSTRING: DQUOTE, DQUOTE inside escaped by percent encoding), found "unquoted"',
      'peer.log:13: (line): expected a directive or a record, found an empty line',
    ]);
  });

  it('a huge line is refused without being split', () => {
    const huge = row({ 5: `https://video.example/${'a'.repeat(2_000_000)}` });
    expect(skipped(lines(...HEAD, huge, row()))).toEqual(['peer.log:5: (line): expected at most 65536 characters, found 2000101']);
    expect(issues(lines(HEAD[0], `#remark:\t${'x'.repeat(70_000)}`, ...HEAD.slice(1)))).toEqual([
      'peer.log:2: (line): expected at most 65536 characters, found 70009',
    ]);
  });

  it('a byte order mark, LF or bare CR line ends, a missing final CRLF, bytes that are not UTF-8', () => {
    expect(issues(`\ufeff${good}`)[0]).toBe('peer.log:1: #version: expected US-ASCII text starting with #version (no byte order mark), found a UTF-8 BOM');
    expect(issues(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(good)]))[0]).toMatch(/no byte order mark/);
    expect(issues(good.replaceAll('\r\n', '\n'))).toEqual(['peer.log:1: (line): expected every line terminated by CRLF, found a bare LF']);
    expect(issues(good.replace('GET', 'G\rT'))).toEqual([
      'peer.log:5: (line): expected CR only as part of a CRLF line end (a CR in a value is percent-encoded), found a bare CR',
    ]);
    expect(issues(good.slice(0, -2))).toEqual(['peer.log:5: (line): expected every line terminated by CRLF, found end of file']);
    expect(issues(Uint8Array.from([...Buffer.from(good), 0xff]))).toEqual(['peer.log:0: (file): expected UTF-8 text, found bytes that are not UTF-8']);
  });

  it('a changed byte is caught by the hash, with the hash it should have had', () => {
    const text = writeLogFile(content()).replace('1843200', '1843201');
    const [issue] = parseLogFile(text, 'peer.log').issues;
    expect(issue).toMatchObject({ line: 7, where: '#SHA256-hash' });
    expect(issue.expected).toMatch(/^[0-9a-f]{64} \(SHA-256 of the \d+ bytes before this line\)$/);
    expect(() => requireAccepted(parseLogFile(text, 'peer.log'))).toThrow(/^peer.log:7: #SHA256-hash: expected/);
  });
});
