// `autopeer compare`: two runs (each key metric of A and B, B − A and the relative change) or two
// sweeps (variants matched by id; per variant and metric each side's mean and 95% interval, and the
// difference with Welch's interval, p and significance, from the per-run values in runs.csv). The
// result is a value; ./compare-render turns it into the table, compare.md, compare.json and the
// chart. Refuses a run against a sweep and unknown metrics with InputErrors.
import { inputError } from '../input/input-error.js';
import { defaultMetrics, describeMetric, extractMetrics, isMetricName, metricNamesHelp, type MetricDefinition } from './metrics.js';
import { loadCompareSide, type CompareSide, type RunSide, type SweepSide } from './compare-load.js';
import { confidenceInterval, roundOutput, welchTest } from './stats.js';

export const COMPARE_FORMAT = 'autopeer-compare/1';
export const COMPARE_CONFIDENCE = 0.95;

export interface RunMetricComparison extends MetricDefinition {
  a: number | null;
  b: number | null;
  /** b − a; null when either is undefined */
  difference: number | null;
  /** (b − a) / |a|; 0 when both are 0, null when a is 0 and b is not (or either is undefined) */
  change: number | null;
}

export interface RunComparison {
  kind: 'runs';
  a: { folder: string; scenario: string; hash: string; seed: number };
  b: { folder: string; scenario: string; hash: string; seed: number };
  notes: string[];
  metrics: RunMetricComparison[];
}

export interface SideStats {
  n: number;
  mean: number | null;
  /** of the 95% interval; null for n < 2 */
  halfWidth: number | null;
}

export interface SweepMetricComparison {
  a: SideStats;
  b: SideStats;
  /** mean b − mean a; null unless both sides have a mean */
  difference: number | null;
  /** Welch's interval of the difference; null for n < 2 on either side */
  ci95: [number, number] | null;
  p: number | null;
  significant: boolean | null;
  /** difference / |mean a| and its interval the same way (for the chart); null when mean a is 0 or undefined */
  change: number | null;
  changeCi95: [number, number] | null;
}

export interface VariantComparison {
  id: string;
  name: string;
  metrics: Record<string, SweepMetricComparison>;
}

export interface SweepComparison {
  kind: 'sweeps';
  a: { folder: string; scenario: string; planHash: string };
  b: { folder: string; scenario: string; planHash: string };
  notes: string[];
  metrics: MetricDefinition[];
  /** variants in A's order that B has too */
  variants: VariantComparison[];
  onlyInA: string[];
  onlyInB: string[];
}

export type Comparison = RunComparison | SweepComparison;

const out = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : roundOutput(x));

/** relative change (b − a)/|a|: 0 when both are 0, null when only a is 0 */
export function relativeChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (a === 0) return b === 0 ? 0 : null;
  return out((b - a) / Math.abs(a));
}

/** `--metrics a,b`: trimmed, non-empty, no repeats */
export function parseMetricList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) throw inputError('--metrics', `item ${empty + 1}`, 'a comma-separated list of metric names', JSON.stringify(text));
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice !== undefined) throw inputError('--metrics', twice, 'each metric once', `"${twice}" twice`);
  return names;
}

function compareRuns(a: RunSide, b: RunSide, chosen: string[] | null): RunComparison {
  const names = chosen ?? defaultMetrics([...new Set([...a.cdns, ...b.cdns])].filter((id) => isMetricName(`utility.${id}`)));
  for (const name of names) if (!isMetricName(name)) throw inputError('--metrics', name, `a metric name: ${metricNamesHelp()}`, JSON.stringify(name));
  const [va, vb] = [extractMetrics(a.report, names), extractMetrics(b.report, names)];
  const metrics = names.map((name) => {
    const [x, y] = [out(va[name]), out(vb[name])];
    return { ...describeMetric(name), a: x, b: y, difference: x === null || y === null ? null : out(y - x), change: relativeChange(x, y) };
  });
  const notes = a.scenario.name === b.scenario.name ? [] : [`A and B are runs of different scenarios (${a.scenario.name}, ${b.scenario.name})`];
  const side = (s: RunSide) => ({ folder: s.folder, scenario: s.scenario.name, hash: s.scenario.hash, seed: s.scenario.seed });
  return { kind: 'runs', a: side(a), b: side(b), notes, metrics };
}

/** per variant id and metric: the values of its ok runs that define the metric */
function valuesOf(side: SweepSide, variant: string, metric: string): number[] {
  const values: number[] = [];
  for (const row of side.rows) {
    const v = row.metrics[metric];
    if (row.variant === variant && row.status === 'ok' && v !== null && v !== undefined) values.push(v);
  }
  return values;
}

function sideStats(values: number[]): SideStats {
  const ci = confidenceInterval(values, COMPARE_CONFIDENCE);
  return { n: ci.n, mean: out(ci.mean), halfWidth: out(ci.halfWidth) };
}

function compareMetric(a: number[], b: number[]): SweepMetricComparison {
  const [sa, sb] = [sideStats(a), sideStats(b)];
  const w = welchTest(a, b, COMPARE_CONFIDENCE);
  const difference = w !== null ? out(w.difference) : sa.mean === null || sb.mean === null ? null : out(sb.mean - sa.mean);
  const ci95: [number, number] | null = w === null ? null : [roundOutput(w.low), roundOutput(w.high)];
  const base = sa.mean === null || sa.mean === 0 ? null : Math.abs(sa.mean);
  const rel = (x: number) => roundOutput(x / (base as number));
  return {
    a: sa,
    b: sb,
    difference,
    ci95,
    p: w === null ? null : out(w.p),
    significant: w === null ? null : w.significant,
    change: base === null || difference === null ? (difference === 0 ? 0 : null) : rel(difference),
    changeCi95: base === null || ci95 === null ? null : [rel(ci95[0]), rel(ci95[1])],
  };
}

function sweepMetrics(a: SweepSide, b: SweepSide, chosen: string[] | null, notes: string[]): MetricDefinition[] {
  const inB = new Set(b.metrics.map((m) => m.name));
  if (chosen === null) {
    const onlyA = a.metrics.filter((m) => !inB.has(m.name)).map((m) => m.name);
    const onlyB = b.metrics.filter((m) => !a.metrics.some((x) => x.name === m.name)).map((m) => m.name);
    if (onlyA.length > 0) notes.push(`metrics only A measured: ${onlyA.join(', ')}`);
    if (onlyB.length > 0) notes.push(`metrics only B measured: ${onlyB.join(', ')}`);
    return a.metrics.filter((m) => inB.has(m.name));
  }
  return chosen.map((name) => {
    for (const side of [a, b]) {
      if (!side.metrics.some((m) => m.name === name)) {
        throw inputError(
          `${side.folder}/summary.json`,
          'metrics',
          `a metric the sweep measured (${side.metrics.map((m) => m.name).join(', ')})`,
          JSON.stringify(name),
        );
      }
    }
    return a.metrics.find((m) => m.name === name) as MetricDefinition;
  });
}

function compareSweeps(a: SweepSide, b: SweepSide, chosen: string[] | null): SweepComparison {
  const notes = a.scenario === b.scenario ? [] : [`A and B are sweeps of different scenarios (${a.scenario}, ${b.scenario})`];
  const metrics = sweepMetrics(a, b, chosen, notes);
  const bVariants = new Map(b.variants.map((v) => [v.id, v]));
  const shared = a.variants.filter((v) => bVariants.has(v.id));
  for (const v of shared) {
    const other = bVariants.get(v.id);
    if (JSON.stringify(other?.params) !== JSON.stringify(v.params))
      notes.push(`variant ${v.id} has different parameters in A (${v.name}) and B (${other?.name})`);
  }
  const variants = shared.map((v) => ({
    id: v.id,
    name: v.name,
    metrics: Object.fromEntries(metrics.map((m) => [m.name, compareMetric(valuesOf(a, v.id, m.name), valuesOf(b, v.id, m.name))])),
  }));
  const side = (s: SweepSide) => ({ folder: s.folder, scenario: s.scenario, planHash: s.planHash });
  return {
    kind: 'sweeps',
    a: side(a),
    b: side(b),
    notes,
    metrics,
    variants,
    onlyInA: a.variants.filter((v) => !bVariants.has(v.id)).map((v) => v.id),
    onlyInB: b.variants.filter((v) => !a.variants.some((x) => x.id === v.id)).map((v) => v.id),
  };
}

/** Compares two loaded sides: both runs or both sweeps. */
export function compareSides(a: CompareSide, b: CompareSide, metrics: string[] | null = null): Comparison {
  if (a.kind === 'run' && b.kind === 'run') return compareRuns(a, b, metrics);
  if (a.kind === 'sweep' && b.kind === 'sweep') return compareSweeps(a, b, metrics);
  const what = (s: CompareSide) => (s.kind === 'run' ? 'a run folder' : 'a sweep folder');
  throw inputError(b.folder, '(folder)', `${what(a)} like A (${a.folder}): compare takes two runs or two sweeps`, what(b));
}

/** Reads both folders and compares them (see the module header). */
export function compareFolders(a: string, b: string, metrics: string[] | null = null): Comparison {
  return compareSides(loadCompareSide(a), loadCompareSide(b), metrics);
}
