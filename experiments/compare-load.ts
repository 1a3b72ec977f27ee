// What `autopeer compare` reads: a run folder (its report.json) or a sweep folder (its summary.json
// and runs.csv, strictly parsed). Anything else is an InputError naming the folder and what it
// holds. Reading only; comparing is ./compare's job.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readDocument, readDocumentText } from '../input/document.js';
import { InputError, inputError } from '../input/input-error.js';
import { fallbackExpected, toInputIssues } from '../input/zod-issues.js';
import { valueAt, type MetricDefinition } from './metrics.js';
import type { RunRow, Variant } from './run-row.js';
import { parseRunsCsv, variedPaths } from './runs-csv.js';
import { SUMMARY_FORMAT } from './summary.js';

export interface RunSide {
  kind: 'run';
  /** the folder as given */
  folder: string;
  scenario: { name: string; hash: string; seed: number };
  /** the parsed report.json */
  report: unknown;
  /** CDN ids in report.json's order */
  cdns: string[];
}

export interface SweepSide {
  kind: 'sweep';
  folder: string;
  scenario: string;
  planHash: string;
  baseline: string | null;
  metrics: MetricDefinition[];
  variants: Variant[];
  /** runs.csv's rows, in file order */
  rows: RunRow[];
}

export type CompareSide = RunSide | SweepSide;

export const SIDE_EXPECTED = 'a run folder (holding report.json) or a sweep folder (holding summary.json and runs.csv)';

const listSome = (names: string[]) =>
  names.length === 0 ? 'an empty folder' : `a folder holding ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`;

/** what kind of folder `folder` is, or an InputError saying what it is instead */
function kindOf(folder: string): 'run' | 'sweep' {
  const stat = lstatSync(folder, { throwIfNoEntry: false });
  if (stat === undefined) throw inputError(folder, '(folder)', SIDE_EXPECTED, 'nothing there');
  if (!stat.isDirectory())
    throw inputError(folder, '(folder)', SIDE_EXPECTED, stat.isSymbolicLink() ? 'a symbolic link (pass the folder it points to)' : 'a file');
  const entries = readdirSync(folder).sort();
  const has = (name: string) => entries.includes(name);
  if (has('report.json') && has('summary.json')) throw inputError(folder, '(folder)', SIDE_EXPECTED, 'both report.json and summary.json');
  if (has('report.json')) return 'run';
  if (has('summary.json') && has('runs.csv')) return 'sweep';
  if (has('summary.json')) throw inputError(folder, '(folder)', SIDE_EXPECTED, 'summary.json without runs.csv beside it');
  throw inputError(folder, '(folder)', SIDE_EXPECTED, listSome(entries));
}

function loadRun(folder: string): RunSide {
  const file = join(folder, 'report.json');
  const report = readDocument(file);
  const [name, hash, seed] = [valueAt(report, 'scenario.name'), valueAt(report, 'scenario.hash'), valueAt(report, 'scenario.seed')];
  if (typeof name !== 'string' || typeof hash !== 'string' || typeof seed !== 'number') {
    throw inputError(file, 'scenario', 'an autopeer report.json (scenario: { name, hash, seed })', JSON.stringify(valueAt(report, 'scenario') ?? null));
  }
  const cdns = valueAt(report, 'cdns');
  return { kind: 'run', folder, scenario: { name, hash, seed }, report, cdns: cdns !== null && typeof cdns === 'object' ? Object.keys(cdns) : [] };
}

const summarySchema = z.object({
  format: z.literal(SUMMARY_FORMAT, { error: `"${SUMMARY_FORMAT}"` }),
  scenario: z.string({ error: 'a scenario name' }),
  planHash: z.string({ error: 'a plan hash' }),
  baseline: z.string({ error: 'a variant id or null' }).nullable(),
  metrics: z.array(
    z.object({
      name: z.string({ error: 'a metric name' }),
      unit: z.string({ error: 'a unit' }),
      description: z.string({ error: 'a description' }),
      higherIsBetter: z.boolean({ error: 'true or false' }),
    }),
    { error: 'a list of metrics' },
  ),
  variants: z.array(
    z.object({
      id: z.string({ error: 'a variant id' }).min(1, { error: 'a variant id' }),
      name: z.string({ error: 'a variant name' }),
      params: z.record(z.string(), z.string({ error: 'a parameter value (text)' }), { error: 'a mapping of parameter → value' }),
    }),
    { error: 'a list of variants' },
  ),
});

function loadSweep(folder: string): SweepSide {
  const file = join(folder, 'summary.json');
  const doc = readDocument(file);
  const parsed = summarySchema.safeParse(doc, { error: fallbackExpected });
  if (!parsed.success) throw new InputError(parsed.error.issues.flatMap((issue) => toInputIssues(issue, doc, file)));
  const { scenario, planHash, baseline, metrics, variants } = parsed.data;
  const repeated = (names: string[]) => names.find((n, k) => names.indexOf(n) !== k);
  const twiceMetric = repeated(metrics.map((m) => m.name));
  if (twiceMetric !== undefined) throw inputError(file, 'metrics', 'each metric once', `"${twiceMetric}" twice`);
  const twiceVariant = repeated(variants.map((v) => v.id));
  if (twiceVariant !== undefined) throw inputError(file, 'variants', 'each variant id once', `"${twiceVariant}" twice`);
  const csv = join(folder, 'runs.csv');
  const rows = parseRunsCsv(readDocumentText(csv), csv, {
    paramPaths: variedPaths(variants),
    metrics: metrics.map((m) => m.name),
    variantIds: variants.map((v) => v.id),
  });
  return { kind: 'sweep', folder, scenario, planHash, baseline, metrics, variants, rows };
}

/** Reads one side of a comparison (see the module header). */
export function loadCompareSide(folder: string): CompareSide {
  return kindOf(folder) === 'run' ? loadRun(folder) : loadSweep(folder);
}
