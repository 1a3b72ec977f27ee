// The sweep plan, a value: from flags and/or an experiment file to the list of variants (the grid's
// cross product, crossed with named variants) and runs (every variant × seed, with its run id), each
// variant's scenario loaded and validated up front so that a bad value stops the sweep before any
// run starts. The plan hash covers what decides the runs' results (each variant's resolved scenario
// and policies, the seeds, the metrics, the baseline, the version), never a path, so a sharded sweep
// on a cluster and the same sweep on a laptop agree. Shards are round-robin slices of the run list.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, inputError, type InputIssue } from '../input/input-error.js';
import { packageRoot } from '../input/paths.js';
import { readDocument } from '../input/document.js';
import { loadScenario } from '../scenarios/load.js';
import type { RunLimits } from '../scenarios/budget.js';
import { defaultMetrics, isMetricName, metricNamesHelp } from './metrics.js';
import { loadExperimentFile, looksLikeExperiment, type ExperimentSpec } from './experiment-file.js';
import type { PlannedRun, Variant } from './run-row.js';
import { formatSeeds, parseSeeds } from './seeds.js';

export const PLAN_FORMAT = 'autopeer-sweep-plan/1';
export const MAX_RUNS = 1_000_000;

/** what the user asked for: the positional argument and the flags */
export interface SweepRequest {
  /** a scenario (file or ready name) or an experiment file (or a ready experiment's name) */
  ref: string;
  /** `--seeds` as written */
  seeds?: string;
  /** each `--vary PATH=V1,V2,…` as written */
  vary?: readonly string[];
  /** each `--set PATH=VALUE` */
  sets?: readonly string[];
  /** `--warmup` (becomes `warmup=…`) */
  warmup?: string;
  /** `--metrics a,b,c` */
  metrics?: string;
  /** `--baseline NAME` (a variant's id or name) */
  baseline?: string;
  limits?: Partial<RunLimits>;
  policyDirs?: readonly string[];
  version: string;
}

export interface PlannedVariant extends Variant {
  /** every override of this variant's runs, in the order applied: the fixed ones, then the variant's */
  sets: string[];
  /** the variant's resolved scenario hash (scenarios/hash) */
  hash: string;
}

export interface SweepPlan {
  format: typeof PLAN_FORMAT;
  version: string;
  /** the scenario: its name, the reference as given and the file it resolved to */
  scenario: { name: string; ref: string; file: string };
  /** the experiment file, when the sweep came from one */
  experiment: string | null;
  description: string;
  seeds: number[];
  /** the fixed overrides */
  sets: string[];
  /** the varied paths, outermost first */
  varied: string[];
  variants: PlannedVariant[];
  metrics: string[];
  /** the baseline variant's id */
  baseline: string | null;
  runs: PlannedRun[];
  planHash: string;
}

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** The ready experiments' folder (`<packageRoot>/experiments`). */
export const experimentsDir = (): string => join(packageRoot(), 'experiments');

/** A ready experiment's name ⇒ its file; otherwise the reference itself (a file, or a scenario). */
function resolveExperimentRef(ref: string): string {
  if (!isFile(ref) && !/[\\/]/.test(ref) && !/\.(ya?ml|json)$/i.test(ref)) {
    const ready = join(experimentsDir(), `${ref}.yaml`);
    if (isFile(ready)) return ready;
  }
  return ref;
}

/** Splits `V1,V2,…` at commas outside brackets, braces and quotes (a value may be a YAML list). */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      values.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  values.push(text.slice(start).trim());
  return values;
}

/** `--vary PATH=V1,V2,…` ⇒ the path and its values */
export function parseVary(text: string): { path: string; values: string[] } {
  const eq = text.indexOf('=');
  const path = eq < 0 ? '' : text.slice(0, eq).trim();
  const expected = 'PATH=V1,V2,… with a dot path and at least one value (e.g. cdns.alpha.policy=isolated,balanced)';
  if (eq < 0 || path === '' || path.split('.').some((s) => s.trim() === '')) throw inputError('--vary', '--vary', expected, JSON.stringify(text));
  const values = splitValues(text.slice(eq + 1));
  if (values.some((v) => v === '')) throw inputError('--vary', `--vary ${path}`, expected + ', no empty value', JSON.stringify(text));
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw inputError('--vary', `--vary ${path}`, 'each value once', `${JSON.stringify(v)} twice`);
    seen.add(v);
  }
  return { path, values };
}

/** `I/N` with 1 ≤ I ≤ N */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1) || index > count || count > MAX_RUNS) {
    throw inputError(
      '--shard',
      '--shard',
      `I/N with 1 ≤ I ≤ N ≤ ${MAX_RUNS} (e.g. 2/4; Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)`,
      JSON.stringify(text),
    );
  }
  return { index, count };
}

/** the runs of shard I of N: every N-th run from the I-th (round robin, so each shard gets every variant) */
export function shardRuns(plan: SweepPlan, shard: Shard | null): PlannedRun[] {
  return shard === null ? plan.runs : plan.runs.filter((run) => run.index % shard.count === shard.index - 1);
}

const SLUG_MAX = 48;
const slug = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, SLUG_MAX);

/** ids from the labels when they make distinct, non-empty file names; else v01, v02, … */
function variantIds(labels: string[]): string[] {
  const slugs = labels.map(slug);
  if (slugs.every((s) => s !== '') && new Set(slugs.map((s) => s.toLowerCase())).size === slugs.length) return slugs;
  const width = String(labels.length).length;
  return labels.map((_, i) => `v${String(i + 1).padStart(width, '0')}`);
}

interface VariantDraft {
  name: string;
  /** file-name label (the values, or the variant's name) */
  label: string;
  params: Record<string, string>;
}

/** the grid's cross product (first path outermost), crossed with the named variants (outermost) */
function draftVariants(named: ExperimentSpec['variants'], grid: { path: string; values: string[] }[]): VariantDraft[] {
  let points: VariantDraft[] = [{ name: '', label: '', params: {} }];
  for (const { path, values } of grid) {
    points = points.flatMap((p) =>
      values.map((value) => ({
        name: p.name === '' ? `${path}=${value}` : `${p.name}, ${path}=${value}`,
        label: p.label === '' ? value : `${p.label}_${value}`,
        params: { ...p.params, [path]: value },
      })),
    );
  }
  if (named.length === 0) return points.map((p) => (p.name === '' ? { name: 'base', label: 'base', params: {} } : p));
  return named.flatMap((v) =>
    points.map((p) => ({
      name: p.name === '' ? v.name : `${v.name}, ${p.name}`,
      label: p.label === '' ? v.name : `${v.name}_${p.label}`,
      params: { ...v.sets, ...p.params },
    })),
  );
}

const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The plan's hash: of what decides the runs' results (see the module header). */
export function planHashOf(plan: Pick<SweepPlan, 'version' | 'variants' | 'seeds' | 'metrics' | 'baseline'>): string {
  return sha256({
    format: PLAN_FORMAT,
    version: plan.version,
    variants: plan.variants.map((v) => ({ id: v.id, name: v.name, params: v.params, sets: v.sets, hash: v.hash })),
    seeds: plan.seeds,
    metrics: plan.metrics,
    baseline: plan.baseline,
  });
}

/** Builds and validates the plan (loads every variant's scenario; nothing is run or written). */
export function buildSweepPlan(request: SweepRequest): SweepPlan {
  const ref = resolveExperimentRef(request.ref);
  const doc = isFile(ref) ? readDocument(ref) : null;
  const experiment = doc !== null && looksLikeExperiment(doc) ? loadExperimentFile(ref) : null;
  const scenarioRef = experiment?.scenario ?? request.ref;

  const issues: InputIssue[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };

  const flagSeeds = request.seeds === undefined ? undefined : collect(() => parseSeeds(request.seeds as string, '--seeds', '--seeds'));
  const flagGrid = (request.vary ?? []).map((text) => collect(() => parseVary(text))).filter((g) => g !== undefined);
  const grid = [...(experiment?.vary ?? []), ...flagGrid];
  grid.forEach((g, i) => {
    if (grid.findIndex((h) => h.path === g.path) !== i)
      issues.push({ file: '--vary', path: `--vary ${g.path}`, expected: 'each path varied once', found: 'twice' });
  });
  const sets = [...(experiment?.sets ?? []), ...(request.sets ?? []), ...(request.warmup === undefined ? [] : [`warmup=${request.warmup}`])];
  const metricNames = request.metrics === undefined ? experiment?.metrics : request.metrics.split(',').map((m) => m.trim());
  for (const m of metricNames ?? []) {
    if (!isMetricName(m)) issues.push({ file: '--metrics', path: '--metrics', expected: `a metric: ${metricNamesHelp()}`, found: JSON.stringify(m) });
  }
  if (issues.length > 0) throw new InputError(issues);

  const drafts = draftVariants(experiment?.variants ?? [], grid);
  const ids = variantIds(drafts.map((d) => d.label));
  const load = { limits: request.limits, policyDirs: request.policyDirs };
  const variants: PlannedVariant[] = [];
  let scenarioName = '';
  let scenarioFile = '';
  let cdnIds: string[] = [];
  for (const [i, draft] of drafts.entries()) {
    const variantSets = [...sets, ...Object.entries(draft.params).map(([path, value]) => `${path}=${value}`)];
    const loaded = collect(() => loadScenario(scenarioRef, { ...load, sets: variantSets }));
    if (loaded === undefined) {
      // one variant's problems are enough to see what is wrong: say which variant, stop
      const last = issues.length;
      if (drafts.length > 1) for (let k = 0; k < last; k++) issues[k] = { ...issues[k], path: `${issues[k].path} (variant ${draft.name})` };
      break;
    }
    if (i === 0) {
      scenarioName = loaded.scenario.name;
      scenarioFile = loaded.file;
      cdnIds = loaded.scenario.cdns.map((c) => c.id);
    }
    variants.push({ id: ids[i], name: draft.name, params: draft.params, sets: variantSets, hash: loaded.hash });
  }
  if (issues.length > 0) throw new InputError(issues);

  const seeds = flagSeeds ?? experiment?.seeds ?? [loadScenario(scenarioRef, { ...load, sets }).scenario.seed];
  const runCount = variants.length * seeds.length;
  if (runCount > MAX_RUNS)
    throw inputError(experiment?.file ?? '--seeds', '(plan)', `at most ${MAX_RUNS} runs`, `${variants.length} variants × ${seeds.length} seeds`);
  const baselineName = request.baseline ?? experiment?.baseline ?? null;
  let baseline: string | null = null;
  if (baselineName !== null) {
    const found = variants.find((v) => v.id === baselineName || v.name === baselineName);
    if (found === undefined) {
      const where = request.baseline !== undefined ? '--baseline' : (experiment?.file ?? '--baseline');
      throw inputError(
        where,
        request.baseline !== undefined ? '--baseline' : 'baseline',
        `a variant: ${variants.map((v) => v.id).join(', ')}`,
        JSON.stringify(baselineName),
      );
    }
    baseline = found.id;
  }
  const metrics = metricNames ?? defaultMetrics(cdnIds);
  const runs: PlannedRun[] = [];
  for (const variant of variants) for (const seed of seeds) runs.push({ id: `${variant.id}-seed-${seed}`, index: runs.length, variant: variant.id, seed });
  const planHash = planHashOf({ version: request.version, variants, seeds, metrics, baseline });
  return {
    format: PLAN_FORMAT,
    version: request.version,
    scenario: { name: scenarioName, ref: scenarioRef, file: scenarioFile },
    experiment: experiment?.file ?? null,
    description: experiment?.description ?? '',
    seeds,
    sets,
    varied: [...new Set(drafts.flatMap((d) => Object.keys(d.params)))],
    variants,
    metrics,
    baseline,
    runs,
    planHash,
  };
}

/** `--dry-run`: the plan as text — variants with their overrides, then every run with its id. */
export function renderSweepPlan(plan: SweepPlan, shard: Shard | null, outDir: string): string {
  const runs = shardRuns(plan, shard);
  const lines = [
    `sweep of ${plan.scenario.name} (${plan.scenario.file})${plan.experiment ? ` from ${plan.experiment}` : ''}`,
    `plan ${plan.planHash.slice(0, 16)} · version ${plan.version} · out ${outDir}`,
    `seeds: ${formatSeeds(plan.seeds)} (${plan.seeds.length})`,
    `fixed: ${plan.sets.length === 0 ? '(none)' : plan.sets.join('  ')}`,
    `metrics: ${plan.metrics.join(', ')}`,
    `baseline: ${plan.baseline ?? '(none)'}`,
    `variants (${plan.variants.length}):`,
    ...plan.variants.map((v) => `  ${v.id.padEnd(24)} ${v.name}`),
    `runs${shard ? ` of shard ${shard.index}/${shard.count}` : ''} (${runs.length} of ${plan.runs.length}):`,
    ...runs.map((r) => `  ${String(r.index + 1).padStart(String(plan.runs.length).length)}  ${r.id.padEnd(40)} variant ${r.variant}  seed ${r.seed}`),
  ];
  return lines.join('\n') + '\n';
}
