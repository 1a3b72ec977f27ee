import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { malformedReason, scanTrace, type TraceFormat } from '../../../scenarios/traces/scan.js';
import { inputErrorOf } from '../../input/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'autopeer-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function write(content: string | Buffer, name = `t${++counter}.csv`): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const options = (maxMalformed = 0) => ({ maxMalformed, fieldPath: 'workload[0].base.trace', file: 'scenario.yaml' });
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe('scanTrace: a series', () => {
  it('counts lines, records and the total, finds the span and the period, and hashes the bytes as node:crypto does', () => {
    const content = 'period,count\n1998-04-30 21:30:00,2\n1998-04-30 21:31:00,11\n1998-04-30 21:33:00,5\n';
    const file = write(content);
    const scan = scanTrace(file, 'series', options());
    expect(scan).toEqual({
      path: file,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      lines: 4,
      malformed: 0,
      malformedLines: [],
      records: 3,
      firstTimeS: utc(1998, 4, 30, 21, 30),
      lastTimeS: utc(1998, 4, 30, 21, 33),
      total: 18,
      periodS: 60,
      hasService: false,
    });
  });

  it('the path is made absolute', () => {
    const file = write('0,1\n', 'relative.csv');
    const given = relative(process.cwd(), file);
    expect(isAbsolute(given)).toBe(false);
    expect(scanTrace(given, 'series', options()).path).toBe(file);
  });

  it('a header-less series; one row gives no period; equal stamps are in order', () => {
    expect(scanTrace(write('60,3\n'), 'series', options())).toMatchObject({ lines: 1, records: 1, total: 3, periodS: null });
    expect(scanTrace(write('60,3\n60,4\n120,1'), 'series', options())).toMatchObject({ records: 3, total: 8, periodS: 60 });
  });

  it('counts malformed lines with their 1-based numbers (header included in the numbering) when under the limit', () => {
    const file = write('period,count\n0,1\nbad\n60,2\n\n120,x\n180,3\n');
    expect(scanTrace(file, 'series', options(3))).toMatchObject({ lines: 7, malformed: 3, malformedLines: [3, 5, 6], records: 3, total: 6 });
  });

  it('keeps only the first 20 malformed line numbers but counts them all', () => {
    const lines = ['0,1', ...Array.from({ length: 30 }, () => 'junk'), '60,1'];
    const scan = scanTrace(write(lines.join('\n')), 'series', options(100));
    expect(scan.malformed).toBe(30);
    expect(scan.malformedLines).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('a line going back in time is malformed ("out of order") and does not move the time on', () => {
    const file = write('0,1\n120,1\n60,1\n180,1\n');
    const scan = scanTrace(file, 'series', options(1));
    expect(scan).toMatchObject({ malformed: 1, malformedLines: [3], records: 3, lastTimeS: 180, periodS: 60, total: 3 });
    const error = inputErrorOf(() => scanTrace(file, 'series', options(0)));
    expect(error.issues[0].found).toContain('line 3: out of order (60 s is before 120 s on line 2): "60,1"');
  });

  it('maxMalformed 0 and one bad line: an InputError naming the scenario file and field, the trace, the count, the line and the reason', () => {
    const file = write('period,count\n0,1\n60,-1\n120,1\n');
    const error = inputErrorOf(() => scanTrace(file, 'series', options(0)));
    expect(error.issues).toEqual([
      {
        file: 'scenario.yaml',
        path: 'workload[0].base.trace',
        expected: 'a count series (period,count) trace file with at most 0 malformed lines',
        found: `1 malformed line in ${file} (line 3); line 3: the count is not a non-negative finite number: "60,-1"`,
      },
    ]);
    expect(error.message).toContain('scenario.yaml: workload[0].base.trace:');
  });

  it('many bad lines: the message lists the first 20 and an ellipsis', () => {
    const file = write(['0,1', ...Array.from({ length: 25 }, (_, i) => `x${i}`)].join('\n'));
    const found = inputErrorOf(() => scanTrace(file, 'series', options(2))).issues[0].found;
    expect(found).toContain(`25 malformed lines in ${file} (lines 2, 3, 4,`);
    expect(found).toContain('21, …); line 2: no comma between period and count: "x0"');
  });

  it('a NUL byte, and a line longer than the reader keeps, are malformed', () => {
    const file = write(`0,1\n60,1\u0000\n${'1'.repeat(70_000)},1\n120,1\n`);
    const scan = scanTrace(file, 'series', options(5));
    expect(scan).toMatchObject({ malformed: 2, malformedLines: [2, 3], records: 2 });
  });

  it('a 10 MB line without newline is malformed, not a memory blow-up', () => {
    const file = write(`0,1\n${'9'.repeat(10_000_000)}`);
    const found = inputErrorOf(() => scanTrace(file, 'series', options(0))).issues[0].found;
    expect(found).toContain('line 2: a line of 65536 characters or more');
  });
});

describe('scanTrace refuses what is not a trace file, without reading it', () => {
  it('a missing file', () => {
    const missing = join(dir, 'missing.csv');
    const issue = inputErrorOf(() => scanTrace(missing, 'series', options())).issues[0];
    expect(issue).toMatchObject({ file: 'scenario.yaml', path: 'workload[0].base.trace', expected: 'a count series (period,count) trace file' });
    expect(issue.found).toContain('ENOENT');
    expect(issue.found).toContain(missing);
  });

  it('a folder', () => {
    expect(inputErrorOf(() => scanTrace(dir, 'series', options())).issues[0].found).toBe(`${dir} is a folder`);
  });

  it('a FIFO is refused at once (no writer, so a read would hang)', () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(existsSync(fifo)).toBe(true);
    expect(inputErrorOf(() => scanTrace(fifo, 'series', options())).issues[0].found).toBe(`${fifo} is a FIFO (named pipe)`);
  });

  it('/dev/zero is refused as a device', () => {
    expect(inputErrorOf(() => scanTrace('/dev/zero', 'replay', options())).issues[0].found).toBe('/dev/zero is a device');
  });

  it('an empty file, and one with only a header', () => {
    const empty = write('');
    expect(inputErrorOf(() => scanTrace(empty, 'series', options())).issues[0].found).toBe(`${empty} is empty`);
    const header = write('period,count\n');
    expect(inputErrorOf(() => scanTrace(header, 'series', options())).issues[0].found).toBe(`${header} has only a header`);
  });

  it('a file with no well-formed line, even within the limit', () => {
    const file = write('junk\nmore junk\n');
    expect(inputErrorOf(() => scanTrace(file, 'series', options(10))).issues[0].found).toBe(
      `${file} has no well-formed data lines (2 malformed; line 1: no comma between period and count: "junk")`,
    );
  });
});

describe('scanTrace: logs and replay', () => {
  const clf = (time: string, path = '/a') => `10.0.0.1 - - [${time}] "GET ${path} HTTP/1.1" 200 100`;

  it('a Common Log: records, total = requests, times in UTC; a line earlier than the previous is malformed', () => {
    const file = write(
      [clf('10/Oct/2000:13:55:36 -0700'), clf('10/Oct/2000:20:55:40 +0000'), clf('10/Oct/2000:13:55:37 -0700'), clf('10/Oct/2000:22:56:00 +0200')].join('\n'),
    );
    expect(scanTrace(file, 'clf', options(1))).toMatchObject({
      lines: 4,
      records: 3,
      total: 3,
      malformed: 1,
      malformedLines: [3],
      firstTimeS: 971211336,
      lastTimeS: 971211360,
      periodS: null,
    });
  });

  it('a Combined log requires the referer and user-agent on each line', () => {
    const good = `${clf('10/Oct/2000:13:55:36 -0700')} "-" "curl/8"`;
    expect(scanTrace(write(`${good}\n${good}\n`), 'combined', options())).toMatchObject({ records: 2 });
    const file = write(`${good}\n${clf('10/Oct/2000:13:55:36 -0700')}\n`);
    expect(inputErrorOf(() => scanTrace(file, 'combined', options())).issues[0].found).toContain(
      'line 2: no quoted referer and user-agent after the bytes (Combined Log Format)',
    );
    expect(scanTrace(file, 'clf', options())).toMatchObject({ records: 2 });
  });

  it('a CSV log with its header, a quoted object and IPv6 clients', () => {
    const file = write('timestamp,object,bytes,client\r\n100,"/a,b",5,2001:db8::1\r\n101,/c,7,10.0.0.2\r\n');
    expect(scanTrace(file, 'csv', options())).toMatchObject({ lines: 3, records: 2, total: 2, firstTimeS: 100, lastTimeS: 101 });
  });

  it('replay: with a header and service times', () => {
    const scan = scanTrace(write('arrival,service\n0,0.1\n0.5,0.2\n0.5,0.05\n'), 'replay', options());
    expect(scan).toMatchObject({ records: 3, total: 3, hasService: true, firstTimeS: 0, lastTimeS: 0.5, periodS: null });
    expect(scanTrace(write('0\n1\n2\n'), 'replay', options())).toMatchObject({ records: 3, hasService: false });
  });

  it('replay: service times all or none — lines that differ from the first record are malformed', () => {
    const file = write('0,0.1\n1\n2,0.3\n3\n');
    expect(scanTrace(file, 'replay', options(2))).toMatchObject({ records: 2, malformed: 2, malformedLines: [2, 4], hasService: true });
    expect(inputErrorOf(() => scanTrace(file, 'replay', options(0))).issues[0].found).toContain('line 2: no service time, where the first record has one: "1"');
    expect(scanTrace(write('0\n1,0.5\n'), 'replay', options(1))).toMatchObject({ records: 1, malformedLines: [2], hasService: false });
  });

  it('only the first line can be a header', () => {
    expect(scanTrace(write('0,1\nperiod,count\n'), 'series', options(1))).toMatchObject({ malformedLines: [2] });
  });
});

describe('malformedReason', () => {
  it.each<[TraceFormat, string, string | null]>([
    ['series', '0,1', null],
    ['series', '', 'an empty line'],
    ['replay', '1,0', 'the service time is not a positive finite number of seconds'],
    ['clf', 'garbage', 'no host, ident and authuser before the [time]'],
    ['csv', '1,/x,1,host.example', 'the client is not an IPv4 or IPv6 address'],
    ['series', '0,1\u0000', 'a NUL character in the line'],
    ['series', 'x'.repeat(65536), 'a line of 65536 characters or more'],
  ])('%s %j: %j', (format, line, reason) => {
    expect(malformedReason(format, line)).toBe(reason);
  });
});

const WORLDCUP = '/work/shared/data/worldcup98/requests-per-minute.csv';

describe.runIf(existsSync(WORLDCUP))('scanTrace: the World Cup 98 requests per minute', () => {
  it('has 125,300 data rows totalling 1,352,804,107 requests, one a minute, from 1998-04-30 21:30', () => {
    const scan = scanTrace(WORLDCUP, 'series', options());
    expect(scan).toMatchObject({
      lines: 125_301,
      malformed: 0,
      records: 125_300,
      total: 1_352_804_107,
      periodS: 60,
      firstTimeS: utc(1998, 4, 30, 21, 30),
    });
    expect(scan.sha256).toBe(createHash('sha256').update(readFileSync(WORLDCUP)).digest('hex'));
  });
});
