// `--set PATH=VALUE` overrides applied to the raw parsed scenario document before validation.
// PATH is dot notation; on a list a segment is an index, an element's id or its region. VALUE is
// YAML. The document and the result nest at most MAX_NESTING levels (core/nesting). Must not
// depend on the schema: validation of the result is the loader's job.
import YAML from 'yaml';
import { formatFound, inputError, type InputError } from '../input/input-error.js';
import { checkFlowBrackets, checkNesting, isStackOverflow, MAX_NESTING, NESTING_EXPECTED } from '../input/nesting.js';

type Container = Record<string, unknown> | unknown[];

const INDEX = /^\d+$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Applies every `PATH=VALUE` in order to a copy of `doc`; `file` names the scenario in errors. */
export function applyOverrides(doc: unknown, sets: readonly string[], file: string): unknown {
  checkNesting(doc, file);
  let result = structuredClone(doc);
  for (const set of sets) result = applyOne(result, set, file);
  if (sets.length > 0) checkNesting(result, file);
  return result;
}

interface Target {
  file: string;
  /** the whole PATH as written, for error messages */
  path: string;
  segments: string[];
}

function applyOne(doc: unknown, set: string, file: string): unknown {
  const eq = set.indexOf('=');
  const path = eq < 0 ? '' : set.slice(0, eq).trim();
  const segments = path.split('.');
  if (eq < 0 || segments.some((s) => s.trim() === '')) {
    throw inputError(file, '--set', 'PATH=VALUE with a dot path (e.g. cdns.alpha.policy=isolated)', JSON.stringify(set));
  }
  const target: Target = { file, path, segments: segments.map((s) => s.trim()) };
  const value = parseValue(set.slice(eq + 1), target);
  const root: unknown = doc === null || doc === undefined ? {} : doc;
  let node = root;
  for (let i = 0; i < target.segments.length - 1; i++) node = descend(node, i, target);
  assign(node, target.segments.length - 1, value, target);
  return root;
}

function parseValue(text: string, target: Target): unknown {
  checkFlowBrackets(text, target.file, `--set ${target.path}`);
  let value: unknown;
  try {
    value = YAML.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    if (isStackOverflow(message)) throw fail(target, NESTING_EXPECTED, `nesting deeper than ${MAX_NESTING} levels`);
    throw fail(target, 'a YAML value', `${JSON.stringify(text).slice(0, 200)} (${message})`);
  }
  try {
    checkNesting(value, target.file);
  } catch {
    throw fail(target, NESTING_EXPECTED, `a value nested deeper than ${MAX_NESTING} levels`);
  }
  return value;
}

const fail = (target: Target, expected: string, found: string): InputError => inputError(target.file, `--set ${target.path}`, expected, found);

const prefix = (target: Target, depth: number): string => (depth === 0 ? '(root)' : target.segments.slice(0, depth).join('.'));

/** The child of `node` at segment `depth`, creating a missing (or null) mapping on the way. */
function descend(node: unknown, depth: number, target: Target): unknown {
  const container = asContainer(node, depth, target);
  const key = target.segments[depth];
  if (Array.isArray(container)) return container[elementIndex(container, depth, target)];
  checkKey(key, target);
  const child = container[key];
  if (child === undefined || child === null) return (container[key] = {});
  return child;
}

function assign(node: unknown, depth: number, value: unknown, target: Target): void {
  const container = asContainer(node, depth, target);
  const key = target.segments[depth];
  if (Array.isArray(container)) container[elementIndex(container, depth, target)] = value;
  else {
    checkKey(key, target);
    container[key] = value;
  }
}

function asContainer(node: unknown, depth: number, target: Target): Container {
  if (Array.isArray(node) || isRecord(node)) return node;
  throw fail(target, `a mapping or list at ${prefix(target, depth)} (to hold ${target.segments[depth]})`, formatFound(node));
}

function checkKey(key: string, target: Target): void {
  if (FORBIDDEN_KEYS.has(key)) throw fail(target, 'a field name', JSON.stringify(key));
}

/** Index of the element a segment selects: a number, else the element's id, else its region. */
function elementIndex(list: unknown[], depth: number, target: Target): number {
  const key = target.segments[depth];
  const where = prefix(target, depth);
  if (INDEX.test(key)) {
    const index = Number(key);
    if (index < list.length) return index;
    throw fail(target, `an index below ${list.length} in ${where}`, key);
  }
  for (const field of ['id', 'region']) {
    const matches = list.flatMap((el, i) => (isRecord(el) && el[field] === key ? [i] : []));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      throw fail(target, `one element of ${where} with ${field} "${key}" (${matches.length} match: use an index)`, JSON.stringify(key));
    }
  }
  const known = list.map((el, i) => (isRecord(el) ? (el.id ?? el.region ?? i) : i));
  throw fail(target, `an index, id or region of an element of ${where} (known: ${known.join(', ')})`, JSON.stringify(key));
}
