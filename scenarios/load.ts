// Loading a scenario: find the file (a path or a ready scenario's name), parse YAML/JSON, apply
// `--set` overrides, validate against the schema and the cross-reference rules, and report every
// problem at once as an InputError; then each CDN's policy is loaded (./policies) and the run's
// work is checked against the run limits (./budget). Must not depend on cdn/, agents/, reports/ or cli/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { didYouMean } from '../input/did-you-mean.js';
import { readDocument } from '../input/document.js';
import { formatFound, formatPath, InputError, inputError, type InputIssue } from '../input/input-error.js';
import { checkNesting } from '../input/nesting.js';
import { fallbackExpected, toInputIssues } from '../input/zod-issues.js';
import { packageRoot } from '../input/paths.js';
import type { CompiledPolicy } from '../policies/policy.js';
import { checkControlBudget, checkRunBudget, resolveLimits, type RunLimits } from './budget.js';
import { scenarioHash } from './hash.js';
import { applyOverrides } from './overrides.js';
import { loadScenarioPolicies } from './policies.js';
import { checkReferences } from './references.js';
import { scenarioFileSchema } from './schema.js';
import { resolveTraceBases } from './trace-bases.js';
import type { Scenario } from './types.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** sha256 of the resolved scenario without its seed, and of its CDNs' resolved policies (see hash.ts) */
  hash: string;
  /** the file it came from */
  file: string;
  /** each CDN's compiled policy, by CDN id (a CDN without one gets isolated or peer-default) */
  policies: Record<string, CompiledPolicy>;
}

export interface LoadOptions {
  /** `PATH=VALUE` overrides, applied in order to the raw document */
  sets?: readonly string[];
  /** replaces the scenario's `seed` */
  seed?: number;
  /** the run limits (./budget); a limit not given keeps its default (DEFAULT_RUN_LIMITS) */
  limits?: Partial<RunLimits>;
  /** folders besides the scenario's own that policy files may come from (--policy-path) */
  policyDirs?: readonly string[];
}

export interface ValidateOptions {
  /** replaces the scenario's `seed` (validated with the rest) */
  seed?: number;
  limits?: Partial<RunLimits>;
  /** the duration was overridden: events and faults past the new end are cut, not refused */
  cutShort?: boolean;
}

/** The folder of the ready scenarios (`<packageRoot>/scenarios`). */
export const scenariosDir = (): string => join(packageRoot(), 'scenarios');

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** A ready scenario's name ⇒ its file; anything that looks like a path is returned as it is. */
export function resolveScenarioRef(ref: string): string {
  if (isFile(ref) || /[\\/]/.test(ref) || SCENARIO_FILE.test(ref)) return ref;
  const ready = join(scenariosDir(), `${ref}.yaml`);
  if (isFile(ready)) return ready;
  const names = listScenarios().map((s) => s.name);
  const suggestion = didYouMean(ref, names);
  const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
  throw inputError(
    ref,
    '(file)',
    'a scenario file or the name of a ready scenario',
    `unknown scenario ${formatFound(ref)} (known: ${names.join(', ')})${hint}`,
  );
}

/** Loads, overrides, validates and resolves a scenario given by file path or ready name. */
export function loadScenario(ref: string, opts: LoadOptions = {}): LoadedScenario {
  return loadFile(resolveScenarioRef(ref), opts);
}

/** `autopeer validate`: like loadScenario (a file path or a ready scenario's name), without overrides. */
export function validateScenarioFile(ref: string, opts: Pick<LoadOptions, 'limits'> = {}): LoadedScenario {
  return loadFile(resolveScenarioRef(ref), opts);
}

/** `--set duration=…` (or `duration = …`): the run is cut short on purpose. */
const setsDuration = (sets: readonly string[]): boolean => sets.some((set) => set.split('=')[0].trim() === 'duration');

function loadFile(file: string, opts: LoadOptions): LoadedScenario {
  const sets = opts.sets ?? [];
  const limits = resolveLimits(opts.limits, file);
  const doc = applyOverrides(readScenarioDocument(file), sets, file);
  const scenario = validateScenarioDocument(doc, file, { seed: opts.seed, limits, cutShort: setsDuration(sets) });
  const policies = loadScenarioPolicies(scenario, file, { policyDirs: opts.policyDirs });
  const control = checkControlBudget(scenario, policies, file, limits);
  if (control.length > 0) throw new InputError(control);
  const definitions = Object.fromEntries(Object.entries(policies).map(([id, p]) => [id, p.definition]));
  return { scenario, hash: scenarioHash(scenario, definitions), file, policies };
}

/**
 * Validates a raw document into the resolved scenario (with `opts.seed` as its seed, if given):
 * every schema, cross-reference and seed issue becomes one InputError issue; then the run's work is
 * checked against the limits. Nothing is changed after validation.
 */
export function validateScenarioDocument(doc: unknown, file: string, opts: ValidateOptions = {}): Scenario {
  if (doc === null || doc === undefined) {
    throw inputError(file, '(root)', 'a mapping of scenario fields (name, duration, regions, cdns, workload, …)', 'an empty document');
  }
  checkNesting(doc, file);
  const result = scenarioFileSchema.safeParse(doc, { error: fallbackExpected });
  const issues: InputIssue[] = result.success ? [] : result.error.issues.flatMap((iss) => toInputIssues(iss, doc, file, { suggest: true }));
  for (const r of checkReferences(doc, { cutShort: opts.cutShort })) issues.push({ file, path: formatPath(r.path), expected: r.expected, found: r.found });
  const { seed } = opts;
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
    issues.push({ file, path: '--seed', expected: 'a non-negative integer', found: formatFound(seed) });
  }
  if (issues.length > 0 || !result.success) throw new InputError(issues);
  const resolved = resolveTraceBases(result.data, file);
  const scenario: Scenario = seed === undefined ? resolved : { ...resolved, seed };
  const budget = checkRunBudget(scenario, file, resolveLimits(opts.limits, file));
  if (budget.length > 0) throw new InputError(budget);
  return scenario;
}

/** Reads and parses a YAML or JSON file into a raw document; bad syntax is reported with line and column. */
export const readScenarioDocument = readDocument;

// ── the ready scenarios ───────────────────────────────────────────────────────────────────────

/** The ready scenarios (`scenarios/*.yaml`), sorted by name, with their descriptions. */
export function listScenarios(): { name: string; description: string }[] {
  return readdirSync(scenariosDir())
    .filter((entry) => entry.endsWith('.yaml'))
    .sort()
    .map((entry) => ({ name: basename(entry, '.yaml'), description: readDescription(join(scenariosDir(), entry)) }));
}

function readDescription(file: string): string {
  try {
    const doc: unknown = YAML.parse(readFileSync(file, 'utf8'));
    const description = typeof doc === 'object' && doc !== null ? (doc as { description?: unknown }).description : undefined;
    return typeof description === 'string' ? description.trim() : '';
  } catch {
    return '';
  }
}
