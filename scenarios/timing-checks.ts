// Timing rules of a scenario file across objects: faults and flash crowds start before the end of
// the run, a crowd ends by the end (unless the run is cut short with `--set duration=…`, when the
// rest is simply not simulated), and no two contracts between the same CDNs for the same regions
// overlap in time (a likely copy-paste). Runs on the raw document like ./references, tolerating
// wrong shapes (the schema reports them). Depends only on core/ and ./references' helpers.
import { formatFound } from '../input/input-error.js';
import { readDuration } from '../input/units.js';
import { isRecord, records, type Doc, type Path, type ReferenceIssue } from './raw-document.js';

export interface TimingOptions {
  /**
   * The run's duration was overridden (`--set duration=…`): events and faults past the new end
   * are cut, not refused, so a long scenario can be tried on its first minutes.
   */
  cutShort?: boolean;
}

/** Seconds of a raw duration field, or undefined when it is missing or malformed (the schema says so). */
function seconds(value: unknown, fallback?: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  const result = readDuration(value);
  return result.ok && result.value >= 0 ? result.value : undefined;
}

const secondsText = (s: number): string => `${Number(s.toFixed(3))} s`;

/** Every timing issue of a raw scenario document. */
export function checkTiming(doc: Doc, opts: TimingOptions = {}): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const end = seconds(doc.duration);
  if (end !== undefined && end > 0 && !opts.cutShort) {
    checkFaults(doc, end, issues);
    checkCrowds(doc, end, issues);
  }
  checkContractOverlaps(doc, issues);
  return issues;
}

function beforeEnd(path: Path, raw: unknown, at: number | undefined, end: number, issues: ReferenceIssue[]): void {
  if (at === undefined || at < end) return;
  issues.push({ path, expected: `a time before the end of the run (its duration is ${secondsText(end)})`, found: `${formatFound(raw)} (${secondsText(at)})` });
}

function checkFaults(doc: Doc, end: number, issues: ReferenceIssue[]): void {
  for (const [fault, i] of records(doc.faults)) beforeEnd(['faults', i, 'at'], fault.at, seconds(fault.at), end, issues);
}

function checkCrowds(doc: Doc, end: number, issues: ReferenceIssue[]): void {
  for (const [w, i] of records(doc.workload)) {
    for (const [event, j] of records(w.events)) {
      const start = seconds(event.start);
      beforeEnd(['workload', i, 'events', j, 'start'], event.start, start, end, issues);
      const parts = [start, seconds(event.rampUp, 0), seconds(event.sustain), seconds(event.rampDown, 0)];
      if (start === undefined || start >= end || parts.some((p) => p === undefined)) continue;
      const crowdEnd = (parts as number[]).reduce((a, b) => a + b, 0);
      if (crowdEnd <= end + 1e-9) continue;
      issues.push({
        path: ['workload', i, 'events', j],
        expected: `a crowd that ends by the end of the run at ${secondsText(end)} (to cut a run short on purpose, use --set duration=…)`,
        found: `a crowd from ${secondsText(start)} to ${secondsText(crowdEnd)} (start + rampUp + sustain + rampDown)`,
      });
    }
  }
}

interface Term {
  index: number;
  startS: number;
  endS: number;
}

/** Two contracts between the same primary and peer for the same regions (absent = all) may not overlap. */
function checkContractOverlaps(doc: Doc, issues: ReferenceIssue[]): void {
  const groups = new Map<string, Term[]>();
  for (const [c, i] of records(doc.contracts)) {
    if (typeof c.primary !== 'string' || typeof c.peer !== 'string') continue;
    const regions = Array.isArray(c.regions) ? [...new Set(c.regions.map(String))].sort() : null;
    const startS = seconds(c.start, 0);
    const durationS = seconds(c.duration);
    if (startS === undefined || durationS === undefined) continue;
    const key = JSON.stringify([c.primary, c.peer, regions]);
    const group = groups.get(key) ?? [];
    group.push({ index: i, startS, endS: startS + durationS });
    groups.set(key, group);
  }
  for (const terms of groups.values()) {
    const sorted = [...terms].sort((a, b) => a.startS - b.startS || a.index - b.index);
    let longest: Term | undefined;
    for (const term of sorted) {
      if (longest !== undefined && term.startS < longest.endS) {
        const [first, second] = longest.index < term.index ? [longest, term] : [term, longest];
        const c = (doc.contracts as unknown[])[second.index];
        const between = isRecord(c) ? `${String(c.primary)} and ${String(c.peer)}` : 'the same CDNs';
        issues.push({
          path: ['contracts', second.index],
          expected: `no second contract between ${between} for the same regions overlapping contracts[${first.index}] (${secondsText(first.startS)} to ${secondsText(first.endS)})`,
          found: `a contract from ${secondsText(second.startS)} to ${secondsText(second.endS)}`,
        });
      }
      if (longest === undefined || term.endS > longest.endS) longest = term;
    }
  }
}
