// The fast evaluation path (policies/fast-eval.ts) gives exactly what mathjs gives for every
// decision of every library policy: Object.is-identical values, or the same PolicyRuntimeError
// (missing or non-finite variables, NaN compared, results out of range), on generated scopes with
// a fixed seed: plausible values, awkward numbers (0, -0, huge, tiny, subnormal) and values nudged
// around the comparison tolerances. And the library's expressions do take the fast path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../policies/compile.js';
import type { DecisionSpec, VariableSpec } from '../../policies/decisions.js';
import { awkward, expectSameOutcome, libraryEntries, nudge, variableValue, type Tally } from './fast-eval-helpers.js';

const entries = libraryEntries();
const expressions = entries.filter((e) => e.pair.fast.path !== 'literal');

/** the factors the library multiplies variables by, to land comparisons near their threshold */
const factor = fc.constantFrom(1, 0.3, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 0.95, 1.1, 1.2, 1.5);

function valueFor(v: VariableSpec, base: number): fc.Arbitrary<unknown> {
  if (v.type === 'string') return fc.oneof({ weight: 20, arbitrary: fc.constantFrom('short', 'long', 'other', '') }, { weight: 1, arbitrary: variableValue });
  const example = Math.abs(v.example as number);
  return fc.oneof(
    { weight: 3, arbitrary: fc.double({ min: 0, max: 4 * example + 1, noNaN: true }) },
    { weight: 3, arbitrary: fc.tuple(factor, nudge).map(([k, e]) => base * k * (1 + e)) },
    { weight: 2, arbitrary: variableValue },
  );
}

/** a scope for every variable of `spec`, several of them near one shared base value */
function scopeFor(spec: DecisionSpec): fc.Arbitrary<Scope> {
  const examples = Object.values(spec.variables)
    .map((v) => v.example)
    .filter((x): x is number => typeof x === 'number');
  const base = fc.oneof(fc.constantFrom(...examples), awkward);
  return base.chain((b) => fc.record(Object.fromEntries(Object.entries(spec.variables).map(([name, v]) => [name, valueFor(v, b)]))) as fc.Arbitrary<Scope>);
}

describe('the fast path is on for the library', () => {
  it('every expression decision of every library policy compiles to the fast path (fails if it were silently disabled)', () => {
    expect(expressions.length).toBeGreaterThan(80);
    const slow = expressions.filter((e) => e.pair.fast.path !== 'fast').map((e) => `${e.policy} ${e.spec.role}.${e.spec.name}`);
    expect(slow).toEqual([]);
  });

  it('fastEvaluation: false keeps every decision on mathjs (the reference the equivalence tests compare with)', () => {
    expect(expressions.every((e) => e.pair.mathjs.path === 'mathjs')).toBe(true);
  });
});

describe('fast path = mathjs, bit for bit, on every library decision', () => {
  it.each(expressions.map((e) => [`${e.policy} ${e.spec.role}.${e.spec.name}`, e] as const))('%s', (_label, { spec, pair }) => {
    const tally: Tally = { values: 0, errors: 0 };
    fc.assert(
      fc.property(scopeFor(spec), (scope) => expectSameOutcome(pair, scope, tally)),
      { seed: 20261201, numRuns: 1000 },
    );
    expectSameOutcome(pair, Object.fromEntries(Object.entries(spec.variables).map(([n, v]) => [n, v.example])), tally);
    expect(tally.values).toBeGreaterThan(0);
    // an entry of params only (`reserve: keep`) reads no variable and cannot fail
    if (pair.fast.variables.length > 0) expect(tally.errors).toBeGreaterThan(0);
  });
});
