// Trace formats: a per-interval count series, CSV `period,count` (e.g. the World Cup 98 requests
// per minute), and the period stamps every trace format shares (`parseTimeS`). A parser fills a
// caller's record and returns a boolean; the reason a line is malformed is told apart only on
// request (seriesLineError). Pure; must not depend on node:fs or anything outside this folder.
import { decimalAt, digitsAt, epochDays, isValidDate, isValidTime, skipBlanks, trimEnd } from './fields.js';

export interface SeriesRecord {
  timeS: number;
  count: number;
}

/**
 * Seconds of the stamp text[start, end): `YYYY-MM-DD HH:MM[:SS[.fff]]`, the same with `T`, either
 * with an optional `Z` (all read as UTC), or a plain unsigned decimal number of seconds. Years
 * 1970-9999. NaN if not one.
 */
export function timeAt(text: string, start: number, end: number): number {
  if (end - start >= 16 && text.charCodeAt(start + 4) === 45) return stampAt(text, start, end);
  const seconds = decimalAt(text, start, end);
  return Number.isFinite(seconds) ? seconds : NaN;
}

function stampAt(text: string, at: number, end: number): number {
  const year = digitsAt(text, at, 4);
  const month = text.charCodeAt(at + 7) === 45 ? digitsAt(text, at + 5, 2) : -1;
  const day = digitsAt(text, at + 8, 2);
  const separator = text.charCodeAt(at + 10);
  if (year < 1970 || month < 0 || day < 0 || (separator !== 32 && separator !== 84) || !isValidDate(year, month, day)) return NaN;
  const hour = digitsAt(text, at + 11, 2);
  const minute = text.charCodeAt(at + 13) === 58 ? digitsAt(text, at + 14, 2) : -1;
  let i = at + 16;
  let second = 0;
  let fraction = 0;
  if (i < end && text.charCodeAt(i) === 58) {
    second = digitsAt(text, i + 1, 2);
    if (second < 0 || i + 3 > end) return NaN;
    i += 3;
    if (i < end && text.charCodeAt(i) === 46) {
      i++;
      let scale = 1;
      const digitsStart = i;
      while (i < end) {
        const code = text.charCodeAt(i);
        if (code < 48 || code > 57) break;
        scale /= 10;
        fraction += (code - 48) * scale;
        i++;
      }
      if (i === digitsStart) return NaN;
    }
  }
  if (i < end && text.charCodeAt(i) === 90) i++;
  if (i !== end || hour < 0 || minute < 0 || !isValidTime(hour, minute, second)) return NaN;
  return epochDays(year, month, day) * 86400 + hour * 3600 + minute * 60 + second + fraction;
}

/** seconds of a period stamp: `YYYY-MM-DD HH:MM[:SS[.fff]]`, the same with `T` and an optional `Z` (read as UTC; naive stamps are taken as they are, no zone), or a plain non-negative number of seconds. null if not one. Validate ranges (month 1-12, day valid for month incl. leap years, hour 0-23, minute/second 0-59). */
export function parseTimeS(text: string): number | null {
  const seconds = timeAt(text, 0, text.length);
  return Number.isNaN(seconds) ? null : seconds;
}

const OK = 0;
const REASONS = [
  '',
  'an empty line',
  'no comma between period and count',
  'more than two fields',
  'the period is not a stamp (YYYY-MM-DD HH:MM[:SS]) or a number of seconds',
  'the count is not a non-negative finite number',
];

/** 0 if the line is a data line (and `out` is filled), else the index of its reason in REASONS */
function readSeries(line: string, out: SeriesRecord): number {
  const end = line.length;
  const start = skipBlanks(line, 0, end);
  if (start === end) return 1;
  const comma = line.indexOf(',', start);
  if (comma < 0) return 2;
  if (line.indexOf(',', comma + 1) >= 0) return 3;
  const timeS = timeAt(line, start, trimEnd(line, start, comma));
  if (Number.isNaN(timeS)) return 4;
  const countStart = skipBlanks(line, comma + 1, end);
  const count = decimalAt(line, countStart, trimEnd(line, countStart, end));
  if (!Number.isFinite(count)) return 5;
  out.timeS = timeS;
  out.count = count;
  return OK;
}

/** one data line `period,count` (spaces around fields allowed; count a non-negative finite number — integers expected but accept decimals): true and `out` filled, or false if malformed */
export function parseSeriesLine(line: string, out: SeriesRecord): boolean {
  return readSeries(line, out) === OK;
}

const scratch: SeriesRecord = { timeS: 0, count: 0 };

/** why a line is not a series data line, or null if it is one */
export function seriesLineError(line: string): string | null {
  const reason = readSeries(line, scratch);
  return reason === OK ? null : REASONS[reason];
}

/** whether a first line is a header (its count field is not a number), e.g. `period,count`: two fields, neither a period nor a count */
export function isSeriesHeader(line: string): boolean {
  const end = line.length;
  const comma = line.indexOf(',');
  if (comma < 0 || line.indexOf(',', comma + 1) >= 0) return false;
  const periodStart = skipBlanks(line, 0, comma);
  const periodEnd = trimEnd(line, periodStart, comma);
  const countStart = skipBlanks(line, comma + 1, end);
  const countEnd = trimEnd(line, countStart, end);
  if (periodEnd === periodStart || countEnd === countStart) return false;
  return Number.isNaN(timeAt(line, periodStart, periodEnd)) && Number.isNaN(decimalAt(line, countStart, countEnd));
}
