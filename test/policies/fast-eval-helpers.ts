// Shared helpers of the fast-path equivalence tests: one entry compiled twice (fast path allowed,
// and mathjs only), the outcome of an evaluation (a value or the error thrown), the entries of the
// library policies with their resolved params, and generators of awkward numbers.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import YAML from 'yaml';
import { compileEntry, type CompiledDecision, type Scope } from '../../policies/compile.js';
import { decisionsFor, type DecisionSpec, type Role } from '../../policies/decisions.js';
import { DEFAULT_ENTRIES } from '../../policies/defaults.js';
import { libraryNames, resolvePolicyRef } from '../../policies/load.js';
import { resolveParams, type ParamValue } from '../../policies/params.js';
import type { DecisionValue } from '../../policies/result.js';

export interface Pair {
  /** compiled as the loader compiles it (fast path where it applies) */
  fast: CompiledDecision;
  /** the same entry, evaluated with mathjs only */
  mathjs: CompiledDecision;
}

export function compileBoth(entry: DecisionValue, spec: DecisionSpec, params: ReadonlyMap<string, ParamValue>, file = 'test.yaml'): Pair {
  const ctx = { file, policy: 'test', spec, params };
  const fast = compileEntry(entry, ctx);
  const mathjs = compileEntry(entry, { ...ctx, fastEvaluation: false });
  if (fast === undefined || mathjs === undefined) throw new Error(`entry ${String(entry)} did not compile`);
  return { fast, mathjs };
}

export type Outcome = { value: DecisionValue } | { error: string; type: string };

export function outcome(decision: CompiledDecision, scope: Scope): Outcome {
  try {
    return { value: decision.evaluate(scope) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), type: (error as object)?.constructor?.name ?? typeof error };
  }
}

/** counts of what the two paths agreed on, to check that both values and errors were exercised */
export interface Tally {
  values: number;
  errors: number;
}

/** The fast and mathjs outcomes on `scope` are the same: Object.is-identical values, or the same error. */
export function expectSameOutcome(pair: Pair, scope: Scope, tally?: Tally): void {
  const a = outcome(pair.fast, scope);
  const b = outcome(pair.mathjs, scope);
  if ('value' in a && 'value' in b) {
    if (!Object.is(a.value, b.value)) expect.fail(`${String(pair.fast.source)} on ${JSON.stringify(scope)}: fast ${a.value} ≠ mathjs ${b.value}`);
    if (tally) tally.values++;
  } else {
    expect(a, `${String(pair.fast.source)} on ${JSON.stringify(scope)}`).toEqual(b);
    if (tally) tally.errors++;
  }
}

export interface LibraryEntry {
  policy: string;
  spec: DecisionSpec;
  entry: DecisionValue;
  pair: Pair;
}

/** Every decision of every library policy, as its file or the defaults write it (concession excluded). */
export function libraryEntries(): LibraryEntry[] {
  const found: LibraryEntry[] = [];
  for (const policy of libraryNames()) {
    const file = resolvePolicyRef(policy);
    const raw = YAML.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, DecisionValue> | undefined> & { roles: Role[] };
    const { params } = resolveParams((raw.params ?? {}) as Record<string, unknown>, file);
    for (const role of raw.roles) {
      for (const spec of decisionsFor(role)) {
        if (spec.result.kind === 'strategy') continue;
        const entry = raw[role]?.[spec.name] ?? (DEFAULT_ENTRIES[role][spec.name] as DecisionValue);
        found.push({ policy, spec, entry, pair: compileBoth(entry, spec, params, file) });
      }
    }
  }
  return found;
}

/** relative nudges around the comparison tolerances (relTol 1e-12, absTol 1e-15) */
export const nudge = fc.constantFrom(0, 1e-16, -1e-16, 4e-13, -4e-13, 1e-12, -1e-12, 1.5e-12, -1.5e-12, 1e-11, -1e-11, 1e-9);

/** finite numbers that are awkward for arithmetic and comparisons */
export const awkward = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.1,
    0.2,
    0.3,
    0.5,
    0.6,
    1e-15,
    -1e-15,
    5e-16,
    2e-15,
    1e-300,
    5e-324,
    -5e-324,
    1e300,
    -1e300,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e4, max: 1e4, noNaN: true }),
  fc.integer({ min: -10, max: 10 }),
);

/** what an agent might pass where a finite number is expected (rarely something else, to test the refusals) */
export const variableValue = fc.oneof(
  { weight: 40, arbitrary: awkward },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, undefined, 'short') },
);
