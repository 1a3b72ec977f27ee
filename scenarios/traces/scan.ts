// Trace files: the pre-pass at scenario load time — one streamed read of a trace file that checks
// every line against its format (and time order), counts records and malformed lines, hashes the
// bytes, and finds the time span, the total and (for series) the period; too many malformed lines,
// or a file that is missing, empty or not a regular file, is an InputError naming the trace.
// Depends only on node:fs/path/crypto, input/input-error, ./line-reader and cdn/workload/formats.
import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { accessLogLineError, isCsvLogHeader, parseClfLine, parseCombinedLine, parseCsvLogLine, type LogRecord } from '../../cdn/workload/formats/access-log.js';
import { isReplayHeader, parseReplayLine, replayLineError, type ReplayRecord } from '../../cdn/workload/formats/replay.js';
import { isSeriesHeader, parseSeriesLine, seriesLineError, type SeriesRecord } from '../../cdn/workload/formats/series.js';
import { inputError, type InputError } from '../../input/input-error.js';
import { MAX_LINE_CHARS, openLines } from './line-reader.js';

export type TraceFormat = 'series' | 'clf' | 'combined' | 'csv' | 'replay';

export interface TraceScan {
  /** absolute */
  path: string;
  /** of the file's bytes (hashed as read, streamed) */
  sha256: string;
  /** lines read, header included */
  lines: number;
  /** malformed data lines */
  malformed: number;
  /** the first 20 malformed line numbers (1-based) */
  malformedLines: number[];
  /** good data lines */
  records: number;
  /** series: period stamps; logs: request times; replay: arrivals */
  firstTimeS: number | null;
  lastTimeS: number | null;
  /** series: total of counts; logs: requests (= records); replay: records */
  total: number;
  /** series only: the period inferred as the smallest positive gap between consecutive stamps (null if fewer than 2 rows) */
  periodS: number | null;
  /** replay only: whether every record had a service time (all or none, otherwise the lines without are malformed) */
  hasService: boolean;
}

export interface ScanOptions {
  /** the most malformed data lines accepted */
  maxMalformed: number;
  /** the scenario field naming the trace, for errors (e.g. `workload[0].base.trace`) */
  fieldPath: string;
  /** the scenario file, for errors */
  file: string;
}

/** how many malformed line numbers a scan keeps */
export const MALFORMED_LINES_KEPT = 20;

const FORMAT_NAMES: Record<TraceFormat, string> = {
  series: 'count series (period,count)',
  clf: 'Common Log Format',
  combined: 'Combined Log Format',
  csv: 'CSV log (timestamp,object,bytes,client)',
  replay: 'replay (arrival[,service])',
};

/** whether a trace's first line is a header rather than data (the access logs have none) */
export function isTraceHeader(format: TraceFormat, line: string): boolean {
  if (format === 'series') return isSeriesHeader(line);
  if (format === 'csv') return isCsvLogHeader(line);
  if (format === 'replay') return isReplayHeader(line);
  return false;
}

/** why a data line is malformed for the format (lines of MAX_LINE_CHARS or more characters are: the reader cuts them), or null if it is well-formed; time order is the scan's, not this */
export function malformedReason(format: TraceFormat, line: string): string | null {
  if (line.length >= MAX_LINE_CHARS) return `a line of ${MAX_LINE_CHARS} characters or more`;
  if (line.indexOf('\u0000') >= 0) return 'a NUL character in the line';
  if (format === 'series') return seriesLineError(line);
  if (format === 'replay') return replayLineError(line);
  return accessLogLineError(format, line);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const excerpt = (line: string): string => JSON.stringify(line.length > 60 ? `${line.slice(0, 59)}…` : line);

/** streams the file once (see TraceScan). Throws an InputError when the file is missing, not a regular file, empty or without data lines, or has more than maxMalformed malformed data lines (naming the file, the count, the first line numbers and what was wrong on the first). Series, replay and logs must be in non-decreasing time: a line earlier than the one before is malformed ("out of order"). */
export function scanTrace(path: string, format: TraceFormat, options: ScanOptions): TraceScan {
  const { maxMalformed, fieldPath, file } = options;
  const absolute = resolve(path);
  const fail = (expected: string, found: string): InputError => inputError(file, fieldPath, expected, found);
  const expected = `a ${FORMAT_NAMES[format]} trace file`;
  let stats: Stats;
  try {
    stats = statSync(absolute);
  } catch (err) {
    throw fail(expected, err instanceof Error ? err.message : String(err));
  }
  if (!stats.isFile()) throw fail(`${expected} (a regular file)`, `${absolute} is ${kindOf(stats)}`);

  const hash = createHash('sha256');
  let source;
  try {
    source = openLines(absolute, { onBytes: (chunk) => hash.update(chunk) });
  } catch (err) {
    throw fail(expected, err instanceof Error ? err.message : String(err));
  }

  const series: SeriesRecord = { timeS: 0, count: 0 };
  const log: LogRecord = { timeS: 0, object: '', bytes: 0, client: '', status: 0 };
  const replay: ReplayRecord = { arrivalS: 0, serviceS: NaN };
  const scan: TraceScan = {
    path: absolute,
    sha256: '',
    lines: 0,
    malformed: 0,
    malformedLines: [],
    records: 0,
    firstTimeS: null,
    lastTimeS: null,
    total: 0,
    periodS: null,
    hasService: false,
  };
  let firstReason = '';
  let lastLine = 0;
  const malformed = (lineNumber: number, reason: string, line: string): void => {
    if (scan.malformed === 0) firstReason = `line ${lineNumber}: ${reason}: ${excerpt(line)}`;
    scan.malformed++;
    if (scan.malformedLines.length < MALFORMED_LINES_KEPT) scan.malformedLines.push(lineNumber);
  };

  try {
    for (let line = source.next(); line !== null; line = source.next()) {
      const lineNumber = source.lineNumber;
      if (lineNumber === 1 && isTraceHeader(format, line)) continue;
      let ok: boolean;
      let timeS: number;
      if (line.length >= MAX_LINE_CHARS || line.indexOf('\u0000') >= 0) ok = false;
      else if (format === 'series') ok = parseSeriesLine(line, series);
      else if (format === 'replay') ok = parseReplayLine(line, replay);
      else if (format === 'csv') ok = parseCsvLogLine(line, log);
      else if (format === 'combined') ok = parseCombinedLine(line, log);
      else ok = parseClfLine(line, log);
      if (!ok) {
        malformed(lineNumber, malformedReason(format, line) ?? 'malformed', line);
        continue;
      }
      if (format === 'series') timeS = series.timeS;
      else if (format === 'replay') {
        timeS = replay.arrivalS;
        const hasService = !Number.isNaN(replay.serviceS);
        if (scan.records === 0) scan.hasService = hasService;
        else if (hasService !== scan.hasService) {
          malformed(lineNumber, hasService ? 'a service time, where the first record has none' : 'no service time, where the first record has one', line);
          continue;
        }
      } else timeS = log.timeS;
      if (scan.lastTimeS !== null && timeS < scan.lastTimeS) {
        malformed(lineNumber, `out of order (${timeS} s is before ${scan.lastTimeS} s on line ${lastLine})`, line);
        continue;
      }
      if (scan.lastTimeS !== null && timeS > scan.lastTimeS && format === 'series') {
        const gap = timeS - scan.lastTimeS;
        if (scan.periodS === null || gap < scan.periodS) scan.periodS = gap;
      }
      if (scan.firstTimeS === null) scan.firstTimeS = timeS;
      scan.lastTimeS = timeS;
      lastLine = lineNumber;
      scan.records++;
      scan.total += format === 'series' ? series.count : 1;
    }
    scan.lines = source.lineNumber;
  } finally {
    source.close();
  }
  scan.sha256 = hash.digest('hex');

  if (scan.lines === 0) throw fail(expected, `${absolute} is empty`);
  if (scan.malformed > maxMalformed) {
    const shown = scan.malformedLines.join(', ') + (scan.malformed > scan.malformedLines.length ? ', …' : '');
    const plural = scan.malformed === 1 ? 'line' : 'lines';
    throw fail(
      `${expected} with at most ${maxMalformed} malformed ${maxMalformed === 1 ? 'line' : 'lines'}`,
      `${scan.malformed} malformed ${plural} in ${absolute} (${plural} ${shown}); ${firstReason}`,
    );
  }
  if (scan.records === 0) {
    const why = scan.lines === 1 && scan.malformed === 0 ? 'only a header' : `no well-formed data lines (${scan.malformed} malformed; ${firstReason})`;
    throw fail(expected, `${absolute} has ${why}`);
  }
  return scan;
}
