import { describe, expect, it } from 'vitest';
import { isSeriesHeader, parseSeriesLine, parseTimeS, seriesLineError, type SeriesRecord } from '../../../../cdn/workload/formats/series.js';
import { linesOf } from '../../../../cdn/workload/formats/line-source.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe('parseTimeS: period stamps and plain seconds', () => {
  it.each([
    ['1998-04-30 21:30:00', utc(1998, 4, 30, 21, 30)],
    ['1998-04-30 21:30', utc(1998, 4, 30, 21, 30)],
    ['1998-04-30T21:30:05', utc(1998, 4, 30, 21, 30, 5)],
    ['1998-04-30T21:30:05Z', utc(1998, 4, 30, 21, 30, 5)],
    ['1998-04-30 21:30Z', utc(1998, 4, 30, 21, 30)],
    ['2000-02-29 00:00:00', utc(2000, 2, 29)],
    ['2024-02-29T23:59:59', utc(2024, 2, 29, 23, 59, 59)],
    ['1970-01-01 00:00:00', 0],
    ['9999-12-31 23:59:59', utc(9999, 12, 31, 23, 59, 59)],
    ['0', 0],
    ['971211336', 971211336],
    ['12.5', 12.5],
  ])('%s is %d seconds (UTC, as Date.UTC computes)', (text, seconds) => {
    expect(parseTimeS(text)).toBe(seconds);
  });

  it('keeps fractions of a second', () => {
    expect(parseTimeS('1998-04-30 21:30:00.250')).toBeCloseTo(utc(1998, 4, 30, 21, 30) + 0.25, 6);
    expect(parseTimeS('1998-04-30T21:30:00.5Z')).toBeCloseTo(utc(1998, 4, 30, 21, 30) + 0.5, 6);
  });

  it.each([
    ['1999-02-29 00:00:00', 'Feb 29 of a common year'],
    ['1900-02-29 00:00:00', 'Feb 29 of a century year (and before 1970)'],
    ['2023-04-31 00:00:00', 'April 31'],
    ['2023-13-01 00:00:00', 'month 13'],
    ['2023-00-10 00:00:00', 'month 0'],
    ['2023-01-00 00:00:00', 'day 0'],
    ['2023-01-01 24:00:00', 'hour 24'],
    ['2023-01-01 23:60:00', 'minute 60'],
    ['2023-01-01 23:59:60', 'a leap second'],
    ['2023-01-01', 'a date without a time'],
    ['2023-01-01 1:00:00', 'a one-digit hour'],
    ['2023-01-01 01:00:00.', 'a dot without fraction digits'],
    ['2023-01-01 01:00:00+02:00', 'a numeric zone'],
    ['2023-01-01 01:00:00ZZ', 'two Zs'],
    ['2023/01/01 01:00:00', 'slashes'],
    [' 2023-01-01 01:00:00', 'a leading space'],
    ['', 'nothing'],
    ['-1', 'a negative number'],
    ['1e309', 'an infinite number'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['0x10', 'hex'],
    ['1,5', 'a comma'],
    ['12\u0000', 'a NUL byte'],
  ])('%j is not a time (%s)', (text) => {
    expect(parseTimeS(text)).toBeNull();
  });
});

describe('parseSeriesLine: `period,count`', () => {
  const out: SeriesRecord = { timeS: -1, count: -1 };

  it('reads the World Cup 98 row format', () => {
    expect(parseSeriesLine('1998-04-30 21:30:00,2', out)).toBe(true);
    expect(out).toEqual({ timeS: utc(1998, 4, 30, 21, 30), count: 2 });
  });

  it('allows blanks around fields, decimal counts and plain-seconds periods', () => {
    expect(parseSeriesLine('  1998-04-30T21:31:00Z ,\t11  ', out)).toBe(true);
    expect(out).toEqual({ timeS: utc(1998, 4, 30, 21, 31), count: 11 });
    expect(parseSeriesLine('60,2.5', out)).toBe(true);
    expect(out).toEqual({ timeS: 60, count: 2.5 });
    expect(parseSeriesLine('120,0', out)).toBe(true);
    expect(out.count).toBe(0);
  });

  it.each([
    ['', 'an empty line'],
    ['    ', 'an empty line'],
    ['\t', 'an empty line'],
    ['1998-04-30 21:30:00', 'no comma between period and count'],
    ['1998-04-30 21:30:00,2,3', 'more than two fields'],
    ['1998-04-30 21:30:00,', 'the count is not a non-negative finite number'],
    ['1998-04-30 21:30:00,-1', 'the count is not a non-negative finite number'],
    ['1998-04-30 21:30:00,1e309', 'the count is not a non-negative finite number'],
    ['1998-04-30 21:30:00,NaN', 'the count is not a non-negative finite number'],
    ['1998-04-30 21:30:00,0x10', 'the count is not a non-negative finite number'],
    ['1998-04-30 21:30:00,1 2', 'the count is not a non-negative finite number'],
    ['1998-04-30 21:30:00,2\u0000', 'the count is not a non-negative finite number'],
    ['1999-02-29 00:00:00,2', 'the period is not a stamp (YYYY-MM-DD HH:MM[:SS]) or a number of seconds'],
    [',2', 'the period is not a stamp (YYYY-MM-DD HH:MM[:SS]) or a number of seconds'],
    ['garbage,2', 'the period is not a stamp (YYYY-MM-DD HH:MM[:SS]) or a number of seconds'],
  ])('%j is malformed: %s', (line, reason) => {
    const before = { ...out };
    expect(parseSeriesLine(line, out)).toBe(false);
    expect(out).toEqual(before);
    expect(seriesLineError(line)).toBe(reason);
  });

  it('a data line has no error', () => {
    expect(seriesLineError('1998-04-30 21:30:00,2')).toBeNull();
  });
});

describe('isSeriesHeader', () => {
  it.each(['period,count', ' period , count ', 'time,requests'])('%j is a header', (line) => {
    expect(isSeriesHeader(line)).toBe(true);
  });

  it.each(['1998-04-30 21:30:00,2', '1998-04-30 21:30:00,abc', 'period', 'period,count,extra', '', ',', '60,count'])('%j is not a header', (line) => {
    expect(isSeriesHeader(line)).toBe(false);
  });
});

describe('linesOf: lines of an in-memory text', () => {
  const all = (text: string) => {
    const source = linesOf(text);
    const lines: [number, string][] = [];
    for (let line = source.next(); line !== null; line = source.next()) lines.push([source.lineNumber, line]);
    return lines;
  };

  it('an empty text has no lines, and lineNumber stays 0', () => {
    const source = linesOf('');
    expect(source.next()).toBeNull();
    expect(source.lineNumber).toBe(0);
  });

  it('splits on \\n, strips \\r before it and a leading BOM; a final line without newline is a line', () => {
    expect(all('\uFEFFa\r\nb\nc')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('a final newline ends the last line rather than starting an empty one; blank lines in between count', () => {
    expect(all('a\n\nb\n')).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'b'],
    ]);
    expect(all('\n')).toEqual([[1, '']]);
  });

  it('only a leading BOM is stripped; a \\r inside a line is kept', () => {
    expect(all('x\uFEFF\ra\rb\r\n')).toEqual([[1, 'x\uFEFF\ra\rb']]);
  });

  it('close ends the stream', () => {
    const source = linesOf('a\nb');
    expect(source.next()).toBe('a');
    source.close();
    expect(source.next()).toBeNull();
  });
});
