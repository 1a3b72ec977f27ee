// Resolving a scenario's trace bases (count series, access logs, request lists): each file is found
// relative to the scenario file, scanned once (./traces/scan: its sha256 for the scenario's hash,
// its lines, its malformed lines with their numbers, refused beyond the workload's maxMalformed),
// and the fields that depend on its content are worked out: a series' period, slice, scale and mean
// rate; a log's and a request list's mean rate. Problems are InputErrors naming the field.
import { dirname, resolve } from 'node:path';
import type { InputIssue } from '../input/input-error.js';
import { InputError } from '../input/input-error.js';
import { readDuration } from '../input/units.js';
import { parseTimeS } from '../cdn/workload/formats/series.js';
import { SeriesLevel } from '../cdn/workload/levels.js';
import { prefixError } from '../cdn/workload/formats/prefix-table.js';
import { openLines } from './traces/line-reader.js';
import { scanTrace, type TraceFormat, type TraceScan } from './traces/scan.js';
import { rawTraceOf, type RawTraceBase } from './pending-traces.js';
import { workloadIssues } from './workload-checks.js';
import type { BaseProcess, Scenario, TraceFileRef, WorkloadSpec } from './types.js';

function refOf(scan: TraceScan, maxMalformed: number): TraceFileRef {
  return { path: scan.path, sha256: scan.sha256, maxMalformed, lines: scan.lines, malformed: scan.malformed, malformedLines: scan.malformedLines };
}

/** a point of a series: seconds from its first period, given as a duration or as a period stamp */
function seriesPoint(value: number | string, scan: TraceScan): number | null {
  if (typeof value === 'string') {
    const stamp = parseTimeS(value);
    if (stamp !== null && /[-:]/.test(value)) return stamp - (scan.firstTimeS ?? 0);
  }
  const d = readDuration(value);
  return d.ok ? d.value : null;
}

/**
 * The slice's requests and its busiest period's count, read by the very piece reader the run
 * replays it with (at speed-up and scale 1, so a piece's level is its count per second).
 */
function sliceCounts(path: string, fromS: number, toS: number | null, periodS: number): { total: number; max: number } {
  const level = new SeriesLevel(openLines(path), { periodS, fromS, toS, speedup: 1, scale: 1 });
  let total = 0;
  let max = 0;
  while (level.end !== Infinity) {
    total += level.integral(level.start, level.end);
    max = Math.max(max, level.value() * periodS);
    level.seek(level.end);
  }
  return { total, max };
}

function resolveSeries(raw: Extract<RawTraceBase, { process: 'series' }>, scan: TraceScan, at: string, file: string, issues: InputIssue[]): BaseProcess | null {
  const periodS = raw.period ?? scan.periodS;
  if (periodS === null || !(periodS > 0)) {
    issues.push({ file, path: `${at}.period`, expected: 'the length of one period (the series has fewer than two rows to infer it from)', found: 'no period' });
    return null;
  }
  const point = (name: 'from' | 'to', value: number | string | null | undefined): number | null | undefined => {
    if (value === undefined || value === null) return undefined;
    const s = seriesPoint(value, scan);
    const lengthS = (scan.lastTimeS ?? 0) - (scan.firstTimeS ?? 0) + periodS;
    if (s === null || s < 0 || s > lengthS) {
      issues.push({
        file,
        path: `${at}.${name}`,
        expected: `a duration from the series' first period (0 to ${lengthS} s) or a period stamp within the series`,
        found: JSON.stringify(value),
      });
      return null;
    }
    return s;
  };
  const fromS = point('from', raw.from) ?? 0;
  const toS = point('to', raw.to) ?? null;
  if (fromS === null || toS === null ? false : toS <= fromS) {
    issues.push({ file, path: `${at}.to`, expected: `a point after from (${fromS} s)`, found: JSON.stringify(raw.to) });
    return null;
  }
  if (raw.scale !== undefined && raw.peakRatePerS !== undefined) {
    issues.push({ file, path: `${at}.peakRatePerS`, expected: 'either scale or peakRatePerS, not both', found: 'both' });
    return null;
  }
  const counts = sliceCounts(scan.path, fromS, toS, periodS);
  if (counts.total <= 0) {
    issues.push({
      file,
      path: `${at}.from`,
      expected: 'a slice of the series with requests in it',
      found: `no requests from ${fromS} s to ${toS ?? 'the end'}`,
    });
    return null;
  }
  const peakRate = (counts.max * raw.speedup) / periodS;
  const scale = raw.scale ?? (raw.peakRatePerS !== undefined ? raw.peakRatePerS / peakRate : 1);
  // without an end, the slice runs to the end of the series' last period
  const seriesEndS = (scan.lastTimeS ?? 0) - (scan.firstTimeS ?? 0) + periodS;
  const sliceS = ((toS ?? seriesEndS) - fromS) / raw.speedup;
  const ratePerS = (counts.total * scale) / sliceS;
  return { process: 'series', ratePerS, trace: refOf(scan, raw.maxMalformed), periodS, fromS, toS, speedup: raw.speedup, scale };
}

function meanRate(scan: TraceScan, speedup: number, fromZero: boolean): number {
  const spanS = ((scan.lastTimeS ?? 0) - (fromZero ? 0 : (scan.firstTimeS ?? 0))) / speedup;
  return spanS > 0 ? scan.records / spanS : scan.records;
}

function resolveBase(w: WorkloadSpec, i: number, scenario: Scenario, file: string, issues: InputIssue[]): BaseProcess | null {
  const raw = rawTraceOf(w.base);
  if (raw === undefined) return w.base;
  const at = `workload[${i}].base`;
  const format: TraceFormat = raw.process === 'log' ? raw.format : raw.process;
  const path = resolve(dirname(file), raw.file);
  let scan: TraceScan;
  try {
    scan = scanTrace(path, format, { maxMalformed: raw.maxMalformed, fieldPath: `${at}.file`, file });
  } catch (error) {
    if (error instanceof InputError) {
      issues.push(...error.issues);
      return null;
    }
    throw error;
  }
  if (raw.process === 'series') return resolveSeries(raw, scan, at, file, issues);
  if (raw.process === 'replay') return { process: 'replay', ratePerS: meanRate(scan, 1, true), trace: refOf(scan, raw.maxMalformed) };
  raw.prefixes.forEach((p, j) => {
    const error = prefixError(p.prefix);
    if (error !== null)
      issues.push({
        file,
        path: `${at}.prefixes[${j}].prefix`,
        expected: 'a CIDR prefix like 10.0.0.0/8 or 2001:db8::/32',
        found: `${JSON.stringify(p.prefix)}: ${error}`,
      });
    if (!scenario.regions.includes(p.region)) {
      issues.push({
        file,
        path: `${at}.prefixes[${j}].region`,
        expected: `one of the regions (${scenario.regions.join(', ')})`,
        found: JSON.stringify(p.region),
      });
    }
  });
  return {
    process: 'log',
    ratePerS: meanRate(scan, raw.speedup, false),
    trace: refOf(scan, raw.maxMalformed),
    format: raw.format,
    speedup: raw.speedup,
    prefixes: raw.prefixes,
  };
}

/** the scenario with every trace base scanned and resolved; an InputError for every problem found */
export function resolveTraceBases(scenario: Scenario, file: string): Scenario {
  const issues: InputIssue[] = [];
  const workload = scenario.workload.map((w, i) => {
    const base = resolveBase(w, i, scenario, file, issues);
    if (base === null || base === w.base) return w;
    return { ...w, base };
  });
  if (issues.length > 0) throw new InputError(issues);
  const resolved = { ...scenario, workload };
  const more = workloadIssues(resolved, file);
  if (more.length > 0) throw new InputError(more);
  return resolved;
}
