import { describe, expect, it } from 'vitest';
import {
  accessLogLineError,
  isCsvLogHeader,
  parseClfLine,
  parseCombinedLine,
  parseCsvLogLine,
  type LogRecord,
} from '../../../../cdn/workload/formats/access-log.js';

const fresh = (): LogRecord => ({ timeS: -1, object: '', bytes: -1, client: '', status: -1 });

describe('parseClfLine: Common Log Format', () => {
  it('reads the Apache docs example, applying the -0700 zone (13:55:36 -0700 = 20:55:36 UTC = 971211336)', () => {
    const out = fresh();
    expect(parseClfLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', out)).toBe(true);
    expect(out).toEqual({ timeS: 971211336, object: '/apache_pb.gif', bytes: 2326, client: '127.0.0.1', status: 200 });
  });

  it('a positive zone is subtracted: 01:30:00 +0530 on 1 Jan 2020 is 20:00:00 UTC on 31 Dec 2019 (1577822400)', () => {
    const out = fresh();
    expect(parseClfLine('h - - [01/Jan/2020:01:30:00 +0530] "GET / HTTP/1.1" 304 -', out)).toBe(true);
    expect(out.timeS).toBe(1577822400);
    expect(out.bytes).toBe(0);
    expect(out.status).toBe(304);
  });

  it('+0000 and a leap day are read exactly (29/Feb/2000:00:00:00 +0000 = 951782400)', () => {
    const out = fresh();
    expect(parseClfLine('h - - [29/Feb/2000:00:00:00 +0000] "GET /x HTTP/1.1" 200 1', out)).toBe(true);
    expect(out.timeS).toBe(951782400);
  });

  it('reads the Combined example from the Apache docs, and parseCombinedLine requires its referer and user-agent', () => {
    const line =
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"';
    const out = fresh();
    expect(parseClfLine(line, out)).toBe(true);
    expect(out).toEqual({ timeS: 971211336, object: '/apache_pb.gif', bytes: 2326, client: '127.0.0.1', status: 200 });
    expect(parseCombinedLine(line, fresh())).toBe(true);
    expect(parseCombinedLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', fresh())).toBe(false);
    expect(accessLogLineError('combined', '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.0" 200 2326')).toBe(
      'no quoted referer and user-agent after the bytes (Combined Log Format)',
    );
  });

  it('a request line of two tokens (HTTP/0.9), an escaped quote in the path, and an IPv6 host are read', () => {
    const out = fresh();
    expect(parseClfLine('2001:db8::1 - - [10/Oct/2000:13:55:36 -0700] "GET /old" 200 5', out)).toBe(true);
    expect(out.object).toBe('/old');
    expect(out.client).toBe('2001:db8::1');
    expect(parseClfLine('h - - [10/Oct/2000:13:55:36 -0700] "GET /a\\"b HTTP/1.1" 404 0', out)).toBe(true);
    expect(out.object).toBe('/a\\"b');
    expect(out.status).toBe(404);
  });

  it.each([
    ['', 'an empty line'],
    ['   ', 'an empty line'],
    ['garbage', 'no host, ident and authuser before the [time]'],
    ['h [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1', 'no host, ident and authuser before the [time]'],
    ['h - - 10/Oct/2000:13:55:36 -0700 "GET / HTTP/1.0" 200 1', 'no [time] in brackets'],
    ['h - - [10/Oct/2000:13:55:36] "GET / HTTP/1.0" 200 1', 'the [time] is not dd/Mon/yyyy:HH:MM:SS ±hhmm'],
    ['h - - [29/Feb/1999:13:55:36 -0700] "GET / HTTP/1.0" 200 1', 'the [time] is not dd/Mon/yyyy:HH:MM:SS ±hhmm'],
    ['h - - [10/Oct/2000:24:00:00 -0700] "GET / HTTP/1.0" 200 1', 'the [time] is not dd/Mon/yyyy:HH:MM:SS ±hhmm'],
    ['h - - [10/Foo/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1', 'the [time] is not dd/Mon/yyyy:HH:MM:SS ±hhmm'],
    ['h - - [10/Oct/2000:13:55:36 0700] "GET / HTTP/1.0" 200 1', 'the [time] is not dd/Mon/yyyy:HH:MM:SS ±hhmm'],
    ['h - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.0 200 1', 'no quoted request after the [time]'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0 200 1', 'no quoted request after the [time]'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET" 400 0', 'the request has no path (a method and a path expected, e.g. "GET /a.html HTTP/1.1")'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "-" 400 0', 'the request has no path (a method and a path expected, e.g. "GET /a.html HTTP/1.1")'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 2000 1', 'the status is not a 3-digit code'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" abc 1', 'the status is not a 3-digit code'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200', 'the status is not a 3-digit code'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 -1', 'the bytes are not a non-negative integer or "-"'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1e309', 'the bytes are not a non-negative integer or "-"'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 0x10', 'the bytes are not a non-negative integer or "-"'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 NaN', 'the bytes are not a non-negative integer or "-"'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 12\u0000', 'the bytes are not a non-negative integer or "-"'],
    ['h - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 12 junk', 'text after the bytes is not a quoted referer and user-agent'],
  ])('%j is malformed: %s', (line, reason) => {
    const out = fresh();
    expect(parseClfLine(line, out)).toBe(false);
    expect(out).toEqual(fresh());
    expect(accessLogLineError('clf', line)).toBe(reason);
  });
});

describe('parseCsvLogLine: `timestamp,object,bytes,client`', () => {
  it('reads ISO and epoch-seconds timestamps, sets status 200', () => {
    const out = fresh();
    expect(parseCsvLogLine('2000-10-10T20:55:36Z,/a.html,2326,192.0.2.7', out)).toBe(true);
    expect(out).toEqual({ timeS: 971211336, object: '/a.html', bytes: 2326, client: '192.0.2.7', status: 200 });
    expect(parseCsvLogLine('971211336.5, /b , 0 , 10.0.0.1', out)).toBe(true);
    expect(out).toEqual({ timeS: 971211336.5, object: '/b', bytes: 0, client: '10.0.0.1', status: 200 });
  });

  it('reads IPv6 clients, including IPv4-mapped ones', () => {
    const out = fresh();
    expect(parseCsvLogLine('1,/x,1,2001:db8::42', out)).toBe(true);
    expect(out.client).toBe('2001:db8::42');
    expect(parseCsvLogLine('1,/x,1,::ffff:192.0.2.1', out)).toBe(true);
    expect(parseCsvLogLine('1,/x,1,::', out)).toBe(true);
  });

  it('reads a quoted object with commas and "" escapes (RFC 4180)', () => {
    const out = fresh();
    expect(parseCsvLogLine('1,"/search?q=a,b&t=""x""",10,10.0.0.1', out)).toBe(true);
    expect(out.object).toBe('/search?q=a,b&t="x"');
    expect(parseCsvLogLine('1, "/a,b" ,10,10.0.0.1', out)).toBe(true);
    expect(out.object).toBe('/a,b');
  });

  it.each([
    ['', 'an empty line'],
    ['  ', 'an empty line'],
    ['garbage', 'not 4 fields timestamp,object,bytes,client'],
    ['1,/x,1', 'not 4 fields timestamp,object,bytes,client'],
    ['1,/x,1,10.0.0.1,extra', 'not 4 fields timestamp,object,bytes,client'],
    ['1,"/x,1,10.0.0.1', 'an unterminated quoted field'],
    ['1,"/x"y,1,10.0.0.1', 'an unterminated quoted field'],
    ['-1,/x,1,10.0.0.1', 'the timestamp is not a stamp (YYYY-MM-DD HH:MM[:SS]) or epoch seconds'],
    ['NaN,/x,1,10.0.0.1', 'the timestamp is not a stamp (YYYY-MM-DD HH:MM[:SS]) or epoch seconds'],
    ['1e309,/x,1,10.0.0.1', 'the timestamp is not a stamp (YYYY-MM-DD HH:MM[:SS]) or epoch seconds'],
    ['1999-02-29 00:00:00,/x,1,10.0.0.1', 'the timestamp is not a stamp (YYYY-MM-DD HH:MM[:SS]) or epoch seconds'],
    ['1,,1,10.0.0.1', 'the object is empty'],
    ['1,/x,-1,10.0.0.1', 'the bytes are not a non-negative integer or "-"'],
    ['1,/x,1.5,10.0.0.1', 'the bytes are not a non-negative integer or "-"'],
    ['1,/x,0x10,10.0.0.1', 'the bytes are not a non-negative integer or "-"'],
    ['1,/x,1,example.com', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,256.0.0.1', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,1.2.3', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,01.2.3.4', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,2001:db8::1::2', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,2001:db8:0:0:0:0:0:0:1', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,fe80::1%eth0', 'the client is not an IPv4 or IPv6 address'],
    ['1,/x,1,10.0.0.1\u0000', 'the client is not an IPv4 or IPv6 address'],
  ])('%j is malformed: %s', (line, reason) => {
    expect(parseCsvLogLine(line, fresh())).toBe(false);
    expect(accessLogLineError('csv', line)).toBe(reason);
  });

  it('the header is recognised and is not a data line', () => {
    expect(isCsvLogHeader('timestamp,object,bytes,client')).toBe(true);
    expect(isCsvLogHeader('time, url, size, ip')).toBe(true);
    expect(parseCsvLogLine('timestamp,object,bytes,client', fresh())).toBe(false);
    expect(isCsvLogHeader('1,/x,1,10.0.0.1')).toBe(false);
    expect(isCsvLogHeader('1,/x,bytes,10.0.0.1')).toBe(false);
    expect(isCsvLogHeader('timestamp,object,bytes')).toBe(false);
  });
});
