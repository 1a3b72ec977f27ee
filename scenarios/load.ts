// Loading a scenario: find the file (a path or a ready scenario's name), parse YAML/JSON, apply
// `--set` overrides, validate against the schema and the cross-reference rules, and report every
// problem at once as an InputError; then each CDN's policy is loaded (./policies). Must not depend on
// cdn/, agents/, reports/ or cli/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { readDocument } from '../core/document.js';
import { formatFound, formatPath, InputError, inputError, type InputIssue } from '../core/input-error.js';
import { fallbackExpected, toInputIssues } from '../core/zod-issues.js';
import { packageRoot } from '../core/paths.js';
import type { CompiledPolicy } from '../policies/policy.js';
import { scenarioHash } from './hash.js';
import { applyOverrides } from './overrides.js';
import { loadScenarioPolicies } from './policies.js';
import { checkReferences } from './references.js';
import { scenarioFileSchema } from './schema.js';
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
  const known = listScenarios().map((s) => s.name).join(', ');
  throw inputError(ref, '(file)', 'a scenario file or the name of a ready scenario', `unknown scenario "${ref}" (known: ${known})`);
}

/** Loads, overrides, validates and resolves a scenario given by file path or ready name. */
export function loadScenario(ref: string, opts: LoadOptions = {}): LoadedScenario {
  return loadFile(resolveScenarioRef(ref), opts);
}

/** `autopeer validate`: like loadScenario, for a file path only. */
export function validateScenarioFile(path: string): LoadedScenario {
  return loadFile(path, {});
}

function loadFile(file: string, opts: LoadOptions): LoadedScenario {
  const doc = applyOverrides(readScenarioDocument(file), opts.sets ?? [], file);
  const scenario = validateScenarioDocument(doc, file);
  if (opts.seed !== undefined) {
    if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) {
      throw inputError(file, '--seed', 'a non-negative integer', formatFound(opts.seed));
    }
    scenario.seed = opts.seed;
  }
  const policies = loadScenarioPolicies(scenario, file);
  const definitions = Object.fromEntries(Object.entries(policies).map(([id, p]) => [id, p.definition]));
  return { scenario, hash: scenarioHash(scenario, definitions), file, policies };
}

/** Validates a raw document; every schema and cross-reference issue becomes one InputError issue. */
export function validateScenarioDocument(doc: unknown, file: string): Scenario {
  if (doc === null || doc === undefined) {
    throw inputError(file, '(root)', 'a mapping of scenario fields (name, duration, regions, cdns, workload, …)', 'an empty document');
  }
  const result = scenarioFileSchema.safeParse(doc, { error: fallbackExpected });
  const references = checkReferences(doc);
  const issues: InputIssue[] = result.success ? [] : result.error.issues.flatMap((iss) => toInputIssues(iss, doc, file));
  for (const r of references) issues.push({ file, path: formatPath(r.path), expected: r.expected, found: r.found });
  if (issues.length > 0 || !result.success) throw new InputError(issues);
  return result.data;
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
