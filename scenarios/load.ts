// Loading a scenario: find the file (a path or a ready scenario's name), parse YAML/JSON, apply
// `--set` overrides, validate against the schema and the cross-reference rules, and report every
// problem at once as an InputError. Must not depend on cdn/, agents/, policies/, reports/ or cli/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { formatFound, formatPath, InputError, inputError, unreadableFileError, type InputIssue } from '../core/input-error.js';
import { packageRoot } from '../core/paths.js';
import { scenarioHash } from './hash.js';
import { applyOverrides } from './overrides.js';
import { checkReferences } from './references.js';
import { scenarioFileSchema } from './schema.js';
import type { Scenario } from './types.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** sha256 of the resolved scenario without its seed (see hash.ts) */
  hash: string;
  /** the file it came from */
  file: string;
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
  return { scenario, hash: scenarioHash(scenario), file };
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

function toInputIssues(issue: z.core.$ZodIssue, doc: unknown, file: string): InputIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      path: formatPath([...issue.path, key]),
      expected: `no field "${key}" (${issue.message})`,
      found: JSON.stringify(key),
    }));
  }
  return [{ file, path: formatPath(issue.path), expected: issue.message, found: formatFound(valueAt(doc, issue.path)) }];
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** "Expected" texts for issues whose schema does not set its own (the schema normally does). */
const fallbackExpected: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'too_small':
      return `a value ≥ ${String(issue.minimum)}`;
    case 'too_big':
      return `a value ≤ ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'only known fields';
    default:
      return 'a valid value';
  }
};

// ── reading files ─────────────────────────────────────────────────────────────────────────────

/** Reads and parses a YAML or JSON file into a raw document; bad syntax is reported with line and column. */
export function readScenarioDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw unreadableFileError(file, err);
  }
  return extname(file).toLowerCase() === '.json' ? parseJson(text, file) : parseYaml(text, file);
}

function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map((err) => ({ file, path: '(file)', expected: 'valid YAML', found: yamlErrorText(err) })));
  }
  try {
    return doc.toJS() as unknown;
  } catch (err) {
    throw inputError(file, '(file)', 'valid YAML', err instanceof Error ? err.message : String(err));
  }
}

/** `line 4, column 1: Sequence item without - indicator` */
function yamlErrorText(err: YAML.YAMLError): string {
  const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const at = err.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${message}` : message;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = jsonErrorOffset(message, text);
    const brief = message.replace(/, (\.\.\.)?"[\s\S]*$/, '').replace(/ in JSON at position \d+.*$/s, '');
    const found = offset === undefined ? brief : `${lineColumn(text, offset)}: ${brief}`;
    throw inputError(file, '(file)', 'valid JSON', found);
  }
}

/** Where JSON.parse failed: V8 says "at position N", or quotes up to 10 characters either side. */
function jsonErrorOffset(message: string, text: string): number | undefined {
  const at = / at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const quoted = /^Unexpected token '(.*?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!quoted) return undefined;
  const [, token, cutBefore, context, cutAfter] = quoted;
  const start = text.indexOf(context);
  if (start < 0) return undefined;
  if (cutBefore) return start + 10;
  return cutAfter ? context.length - 10 : text.indexOf(token);
}

function lineColumn(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}

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
