// RFC 7937's own example logging files (Figures 4, 5, 6; test/fixtures/rfc7937/) through the parser:
// they parse, their fields are recognised, and the hash rule is applied to them as printed.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parseLogFile } from '../../cdni/logging/log-file.js';

/** The bytes of a file from its figure as the RFC prints it (rules in test/fixtures/rfc7937/README.md). */
function fromFigure(name: string): string {
  const printed = readFileSync(new URL(`../fixtures/rfc7937/${name}`, import.meta.url), 'utf8');
  const entries = printed.split(/\n[ \t]*\n/).map((entry) => entry.trim());
  return entries
    .map((entry) => {
      const lines = entry.split('\n').map((l) => l.trim());
      let joined = lines[0];
      for (const next of lines.slice(1)) joined += (joined.endsWith('<HTAB>') ? '' : ' ') + next;
      expect(joined.endsWith('<CRLF>')).toBe(true);
      return joined.replaceAll('<HTAB>', '\t').replaceAll('<CRLF>', '\r\n');
    })
    .join('');
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const PLACEHOLDER = '#SHA256-hash:\t 64-hexadecimal-digit hash value \r\n';
const UA = 'Mozilla/5.0 (Windows; U; Windows NT 6.0; en-US) AppleWebKit/533.4 (KHTML, like Gecko) Chrome/5.0.375.127 Safari/533.4';

describe('RFC 7937 Figure 4 (CDNI Logging File Example)', () => {
  const file = fromFigure('figure-4.txt');

  it('is printed with a placeholder, not a hash: as printed, the hash rule rejects it and says why', () => {
    // The RFC's example prints no SHA-256 value at all ("64-hexadecimal-digit hash value"), so there is
    // no example hash that could verify; the parser reports the line rather than pretending it matched.
    expect(file.endsWith(PLACEHOLDER)).toBe(true);
    const parsed = parseLogFile(file, 'figure-4');
    expect(parsed.accepted).toBe(false);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({
      file: 'figure-4',
      line: 9,
      where: '#SHA256-hash',
      expected: '64 hexadecimal digits',
      found: '" 64-hexadecimal-digit hash value "',
    });
    expect(parsed.hash.matches).toBe(false);
    expect(parsed.skipped).toEqual([]);
  });

  it('with the placeholder replaced by the SHA-256 of the preceding bytes, is accepted and its records read', () => {
    const body = file.slice(0, -PLACEHOLDER.length);
    const parsed = parseLogFile(`${body}#SHA256-hash:\t${sha256(body)}\r\n`, 'figure-4');
    expect(parsed.issues).toEqual([]);
    expect(parsed.accepted).toBe(true);
    expect(parsed.hash).toEqual({ declared: sha256(body), computed: sha256(body), matches: true });
    expect(parsed).toMatchObject({
      version: 'cdni/1.0',
      uuid: 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      claimedOrigin: 'cdni-logging-entity.dcdn-1.example.com',
      establishedOrigin: null,
    });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.groups).toHaveLength(1);
    const [group] = parsed.groups;
    expect(group.recordType).toBe('cdni_http_request_v1');
    expect(group.fields).toEqual([
      'date',
      'time',
      'time-taken',
      'c-groupid',
      'cs-method',
      'u-uri',
      'protocol',
      'sc-status',
      'sc-total-bytes',
      'cs(User-Agent)',
      'cs(Referer)',
      's-cached',
    ]);
    expect(group.records.map((r) => r.line)).toEqual([6, 7, 8]);
    expect(group.records[0].values).toEqual([
      '2013-05-17',
      '00:38:06.825',
      '9.058',
      'US/TN/MEM/38138',
      'GET',
      'http://cdni-ucdn.dcdn-1.example.com/video/movie100.mp4',
      'HTTP/1.1',
      '200',
      '6729891',
      UA,
      'host1.example.com',
      '1',
    ]);
    expect(group.records[2].values.slice(6, 9)).toEqual(['HTTP/1.0', '200', '97234724']);
  });

  it('any single-byte change of the hashed file makes a uCDN that requires the hash reject it', () => {
    const body = file.slice(0, -PLACEHOLDER.length);
    const hashed = `${body}#SHA256-hash:\t${sha256(body)}\r\n`;
    expect(parseLogFile(hashed, 'figure-4', { requireHash: true }).accepted).toBe(true);
    for (let i = 0; i < hashed.length; i++) {
      const changed = hashed.slice(0, i) + String.fromCharCode(hashed.charCodeAt(i) ^ 0x01) + hashed.slice(i + 1);
      expect(parseLogFile(changed, 'figure-4', { requireHash: true }).accepted, `byte ${i}`).toBe(false);
    }
  });

  it('the hash is optional in the RFC, so a change that destroys the hash line itself needs requireHash to be caught', () => {
    const body = file.slice(0, -PLACEHOLDER.length);
    const hashed = `${body}#SHA256-hash:\t${sha256(body)}\r\n`;
    // '#' → '"': the hash line becomes a malformed record, which the RFC says to skip, leaving an unhashed file.
    const damaged = `${body}"${hashed.slice(body.length + 1)}`;
    const lenient = parseLogFile(damaged, 'figure-4');
    expect(lenient.accepted).toBe(true);
    expect(lenient.skipped).toMatchObject([{ line: 9, where: '(line)', expected: '12 TAB-separated values (as #fields on line 5)', found: '2' }]);
    expect(parseLogFile(damaged, 'figure-4', { requireHash: true }).issues).toMatchObject([{ line: 9, where: '#SHA256-hash', found: 'none' }]);
  });
});

describe('RFC 7937 Figure 5 (missing field value) and Figure 6 (cascaded, dCDN-3 to dCDN-2)', () => {
  it('Figure 5: "-" conveys an unavailable sc-total-bytes', () => {
    const file = fromFigure('figure-5.txt');
    const body = file.slice(0, -PLACEHOLDER.length);
    const parsed = parseLogFile(`${body}#SHA256-hash:\t${sha256(body)}\r\n`, 'figure-5');
    expect(parsed.accepted).toBe(true);
    expect(parsed.groups[0].records.map((r) => r.values[8])).toEqual([null, null, null]);
  });

  it('Figure 6: accepted, but its #UUID is not an RFC 4122 UUID (a warning, not a reason to drop the file)', () => {
    const file = fromFigure('figure-6.txt');
    const body = file.slice(0, -PLACEHOLDER.length);
    const parsed = parseLogFile(`${body}#SHA256-hash:\t${sha256(body)}\r\n`, 'figure-6');
    expect(parsed.accepted).toBe(true);
    expect(parsed.warnings).toEqual([
      { file: 'figure-6', line: 2, where: '#UUID', expected: 'urn:uuid:<RFC 4122 UUID>', found: '"urn:uuid:65718ef-0123-9876-adce4321bcde"' },
    ]);
    expect(parsed.groups[0].records[0].values[9]).toBe(UA.replace('Safari/', 'Safari /'));
  });
});
