// The experiment file: a sweep written down (YAML or JSON) instead of given as flags — the scenario,
// the seeds, fixed overrides, a warm-up, a grid to vary and/or named variants, the metrics and the
// baseline variant. Validated with the scenario loader's quality of errors (file, field path,
// expected, found; every problem at once); values are turned into `PATH=VALUE` overrides exactly as
// `--set` and `--vary` would write them. Reading only: building the plan is ./sweep-plan's job.
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { readDocument } from '../input/document.js';
import { InputError, inputError, type InputIssue } from '../input/input-error.js';
import { checkNesting } from '../input/nesting.js';
import { fallbackExpected, toInputIssues } from '../input/zod-issues.js';
import { isMetricName, metricNamesHelp } from './metrics.js';
import { parseSeeds } from './seeds.js';

/** an experiment as flags would give it; `file` is where it came from (for messages) */
export interface ExperimentSpec {
  file: string;
  description: string;
  /** the scenario reference: a ready name, or a path resolved against the experiment file's folder */
  scenario: string;
  seeds: number[] | null;
  /** fixed `PATH=VALUE` overrides (the warm-up is one: `warmup=…`) */
  sets: string[];
  /** the grid: each varied PATH with its values (as `--vary PATH=V1,V2` would give them), outermost first */
  vary: { path: string; values: string[] }[];
  /** named variants, each with its own overrides; crossed with the grid when both are given */
  variants: { name: string; sets: Record<string, string> }[];
  metrics: string[] | null;
  /** a variant's name (or id) */
  baseline: string | null;
}

const PATH_RE = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const PATH_EXPECTED = 'a field path in dot notation (e.g. cdns.alpha.policy)';

function obj<S extends z.ZodRawShape>(shape: S) {
  const known = `known: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? known : 'a mapping') });
}

const scalarOrValue = z.unknown().refine((v) => v !== undefined, { error: 'a value' });
const overrides = (what: string) => z.record(z.string().regex(PATH_RE, { error: PATH_EXPECTED }), scalarOrValue, { error: what });

const experimentSchema = obj({
  description: z.string({ error: 'a text' }).optional(),
  scenario: z.string({ error: 'a ready scenario name or a scenario file path' }).min(1, { error: 'a ready scenario name or a scenario file path' }),
  seeds: z
    .union([z.string(), z.int().nonnegative(), z.array(z.int({ error: 'an integer seed' }).nonnegative({ error: 'a seed ≥ 0' }))], {
      error: 'seeds as "1..30", "1,5,9", a single seed or a list of integers',
    })
    .optional(),
  warmup: z.union([z.string(), z.number()], { error: 'a duration like 5m' }).optional(),
  set: overrides('a mapping of field path → value (fixed for every run)').optional(),
  vary: z
    .record(
      z.string().regex(PATH_RE, { error: PATH_EXPECTED }),
      z.array(scalarOrValue, { error: 'a list of values' }).min(1, { error: 'at least one value' }).max(10_000, { error: 'at most 10000 values' }),
      { error: 'a mapping of field path → list of values' },
    )
    .optional(),
  variants: z
    .array(
      obj({
        name: z.string({ error: 'a variant name' }).min(1, { error: 'a variant name' }).max(80, { error: 'a name of at most 80 characters' }),
        set: overrides('a mapping of field path → value').optional(),
      }),
      { error: 'a list of variants ({name, set})' },
    )
    .min(1, { error: 'at least one variant' })
    .max(10_000, { error: 'at most 10000 variants' })
    .optional(),
  metrics: z
    .array(z.string({ error: 'a metric name' }), { error: 'a list of metric names' })
    .min(1, { error: 'at least one metric' })
    .optional(),
  baseline: z.string({ error: 'a variant name' }).optional(),
});

/** A value as `--set PATH=VALUE` writes it: YAML in flow style, on one line. */
export function yamlValue(value: unknown): string {
  return YAML.stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

/** Whether a document is an experiment file (it names a `scenario`) rather than a scenario (which has `cdns`). */
export function looksLikeExperiment(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'scenario' in doc && !('cdns' in doc);
}

/** Reads and validates an experiment file. */
export function loadExperimentFile(file: string): ExperimentSpec {
  return validateExperimentDocument(readDocument(file), file);
}

export function validateExperimentDocument(doc: unknown, file: string): ExperimentSpec {
  if (doc === null || doc === undefined)
    throw inputError(file, '(root)', 'a mapping of experiment fields (scenario, seeds, vary, variants, …)', 'an empty document');
  checkNesting(doc, file);
  const parsed = experimentSchema.safeParse(doc, { error: fallbackExpected });
  if (!parsed.success) throw new InputError(parsed.error.issues.flatMap((iss) => toInputIssues(iss, doc, file, { suggest: true })));
  const data = parsed.data;
  const issues: InputIssue[] = [];
  const issue = (path: string, expected: string, found: string) => issues.push({ file, path, expected, found });

  let seeds: number[] | null = null;
  if (data.seeds !== undefined) {
    const text = Array.isArray(data.seeds) ? data.seeds.join(',') : String(data.seeds);
    try {
      seeds = parseSeeds(text, file, 'seeds');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  }
  const sets = Object.entries(data.set ?? {}).map(([path, value]) => `${path}=${yamlValue(value)}`);
  if (data.warmup !== undefined) {
    if (Object.hasOwn(data.set ?? {}, 'warmup')) issue('warmup', 'the warm-up given once (as `warmup` or in `set`)', 'both');
    sets.push(`warmup=${yamlValue(data.warmup)}`);
  }
  const vary = Object.entries(data.vary ?? {}).map(([path, values]) => ({ path, values: values.map(yamlValue) }));
  for (const { path, values } of vary) {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) issue(`vary.${path}[${i}]`, 'each value once', `${v} twice`);
      seen.add(v);
    });
    if (Object.hasOwn(data.set ?? {}, path)) issue(`vary.${path}`, 'a field either fixed (set) or varied (vary), not both', 'both');
  }
  const variants = (data.variants ?? []).map((v) => ({
    name: v.name,
    sets: Object.fromEntries(Object.entries(v.set ?? {}).map(([path, value]) => [path, yamlValue(value)])),
  }));
  const names = new Set<string>();
  variants.forEach((v, i) => {
    if (names.has(v.name)) issue(`variants[${i}].name`, 'a name no other variant has', JSON.stringify(v.name));
    names.add(v.name);
    for (const path of Object.keys(v.sets)) {
      if (vary.some((g) => g.path === path)) issue(`variants[${i}].set.${path}`, 'a field set by a variant or varied by the grid, not both', 'both');
    }
  });
  (data.metrics ?? []).forEach((m, i) => {
    if (!isMetricName(m)) issue(`metrics[${i}]`, `a metric: ${metricNamesHelp()}`, JSON.stringify(m));
  });
  if (issues.length > 0) throw new InputError(issues);
  const scenario = /[\\/]|\.(ya?ml|json)$/i.test(data.scenario) && !isAbsolute(data.scenario) ? resolve(dirname(file), data.scenario) : data.scenario;
  return {
    file,
    description: data.description ?? '',
    scenario,
    seeds,
    sets,
    vary,
    variants,
    metrics: data.metrics ?? null,
    baseline: data.baseline ?? null,
  };
}
