// The fast evaluation path (policies/fast-eval.ts) gives exactly what mathjs gives for every
// construct it supports — each operator, comparison (and chain), function, ?:, word equality, and
// quantities mixed with numbers and params — on generated scopes with a fixed seed, including
// 0, -0, negatives, huge and tiny numbers, values a hair apart around the comparison tolerances,
// 0/0 and overflows to Infinity; constructs it does not support stay on mathjs and still work.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../policies/compile.js';
import type { DecisionSpec, ResultKind } from '../../policies/decisions.js';
import { resolveParams } from '../../policies/params.js';
import { awkward, compileBoth, expectSameOutcome, nudge, variableValue, type Tally } from './fast-eval-helpers.js';

const variables = {
  a: { description: 'a number', example: 3 },
  b: { description: 'a number', example: 2 },
  c: { description: 'a number', example: 1.5 },
  d1: { unit: 'ms', description: 'a duration in ms', example: 20 },
  d2: { unit: 's', description: 'a duration in s', example: 0.5 },
  w: { type: 'string', description: 'a word', example: 'short' },
} as const;
const spec = (result: ResultKind): DecisionSpec => ({ role: 'primary', name: 'x', description: 'a test decision', result, variables: { ...variables } });
const { params, issues } = resolveParams({ gap: '5 ms', hold: '2 min', bandwidth: '5 Gbit/s', word: 'short', flag: true, share: 0.6 }, 'test.yaml');
const NUMBER = spec({ kind: 'number' });
const RATE = spec({ kind: 'number', min: 0 });
const BOOLEAN = spec({ kind: 'boolean' });
const CHOICE = spec({ kind: 'choice', values: ['short', 'long'] });

/** supported constructs, by result kind */
const SUPPORTED: ReadonlyArray<readonly [DecisionSpec, string[]]> = [
  [
    NUMBER,
    ['a + b', 'a - b', 'a * b', 'a / b', '-a', '+a', '- -a', '0 / a', '1 / (a - b)', 'a ^ 2', 'a ^ b', 'a ^ 0.5', 'a ^ -1', 'pow(a, b)', '2 ^ a', 'abs(a)'],
  ],
  [NUMBER, ['sqrt(a)', 'exp(a)', 'log(a)', 'log10(a)', 'sign(a)', 'min(a, b)', 'max(a, b)', 'min(a, b, c)', 'max(a, b, c, 0)', 'max(a)', 'min(a, -b)']],
  [
    NUMBER,
    [
      'a * b - c',
      '(a - b) / (b - c)',
      '1 / (1 + a)',
      'a * share - b',
      'a > b ? a : b',
      'a ? b : c',
      'a > b ? a - b : c / (a - b)',
      'a ^ 0.5 ? 1 : 2',
      '(a - b) ^ c ? a : b',
    ],
  ],
  [NUMBER, ['d1 / (100 ms)', 'd1 / d2', '(d1 + d2) / (1 s)', '(d1 - gap) / d2', 'd2 * 1000 / d1', 'a / d1 * (1 ms)', 'a * d1 / d2', 'd1 * a / (b * d2)']],
  [NUMBER, ['max(d1, d2) / (1 s)', 'min(d1, 5 ms, d2) / gap', 'abs(d1 - d2) / (1 ms)', '-d1 / d2', '(d1 * d2) / (gap * gap)', 'bandwidth * d2 / (1 Gbit)']],
  [NUMBER, ['d1 > d2 ? d1 / gap : d2 / hold', 'a / (d1 / d2)', '(d1 / d2) ^ 2', 'sqrt(d1 / d2)', 'max(0, d1 / gap - a)', 'hold / d2 - a']],
  [RATE, ['max(0, a - b)', 'a - b', 'max(0, 1.5 * a - share * b - c)', 'a / b']],
  [BOOLEAN, ['a > b', 'a >= b', 'a < b', 'a <= b', 'a == b', 'a != b', 'a < b < c', 'a <= b <= c', 'a < b > c', 'a == b == c', 'a * share > c']],
  [
    BOOLEAN,
    ['d1 > 5 ms', 'd1 <= d2', 'd1 == d2', 'd1 != gap', 'd2 >= hold', 'd1 < d2 < hold', 'equal(a, b)', 'unequal(a, b)', 'larger(a, b)', 'smaller(a, b)'],
  ],
  [BOOLEAN, ['largerEq(a, b)', 'smallerEq(d1, d2)', 'a > 0 and b > 0', 'a > 0 or b > 0', 'not (a > b)', 'not a', 'a xor b', 'xor(a > b, c)', 'not(c)']],
  [BOOLEAN, ['(a > b) xor (b > c)', 'w == "short"', 'w != "long"', 'w == word', 'flag and a > b', 'a > b ? a > c : false', 'a / b > c', '0 / a > b']],
  [CHOICE, ['a > b ? "long" : "short"', 'd1 > gap ? "long" : "short"', 'w', 'a > b ? w : "short"', 'd2 > 1 min ? "long" : w']],
];

/** constructs left to mathjs: they compile to the mathjs path and evaluate as before */
const FALLBACK: ReadonlyArray<readonly [DecisionSpec, string, number | boolean | string]> = [
  [NUMBER, 'mod(a, 2)', 1],
  [NUMBER, 'a % 2', 1],
  [NUMBER, 'floor(a / b)', 1],
  [NUMBER, 'ceil(a / b)', 2],
  [NUMBER, 'round(a / b)', 2],
  [NUMBER, 'number(d1, "ms")', 20],
  [NUMBER, '(d1 to s) / (1 s)', 0.02],
  [NUMBER, 'log(a, 3)', 1],
  [NUMBER, '(a > b) * 2', 2],
  [NUMBER, 'true + a', 4],
  [NUMBER, 'sqrt(d1 * d1) / (1 ms)', 20],
  [NUMBER, 'd1 ^ 2 / (1 ms ^ 2)', 400],
  [BOOLEAN, '(a > b) == (b > c)', true],
  [BOOLEAN, 'd1 ? true : false', true],
];

/** three numbers and two durations, often within a few tolerances of one another */
const scopeArb: fc.Arbitrary<Scope> = fc
  .record({
    base: awkward,
    k: fc.constantFrom(1, 0.6, 1.5, -1, 1e-3),
    e: fc.array(nudge, { minLength: 5, maxLength: 5 }),
    free: fc.array(variableValue, { minLength: 5, maxLength: 5 }),
  })
  .chain(({ base, k, e, free }) => {
    const near = [base, base * (1 + e[1]), base * k * (1 + e[2]), base * 1000 * (1 + e[3]), base * (1 + e[4])];
    const pick = (i: number) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(near[i]) },
        { weight: 2, arbitrary: fc.constant(free[i]) },
        { weight: 1, arbitrary: fc.constant(base * e[0]) },
      );
    return fc.record({
      a: pick(0),
      b: pick(1),
      c: pick(2),
      d1: pick(3),
      d2: pick(4),
      w: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('short', 'long', 'other') }, { weight: 1, arbitrary: variableValue }),
    }) as fc.Arbitrary<Scope>;
  });

describe('hand-written expressions: fast path = mathjs, bit for bit', () => {
  it('the test params resolve', () => expect(issues).toEqual([]));

  const cases = SUPPORTED.flatMap(([s, texts]) => texts.map((text) => [`${s.result.kind}${'min' in s.result ? ' ≥ 0' : ''}: ${text}`, s, text] as const));
  it.each(cases)('%s', (_label, s, text) => {
    const pair = compileBoth(text, s, params);
    expect(pair.fast.path, 'a supported construct takes the fast path').toBe('fast');
    const tally: Tally = { values: 0, errors: 0 };
    fc.assert(
      fc.property(scopeArb, (scope) => expectSameOutcome(pair, scope, tally)),
      { seed: 42, numRuns: 600 },
    );
    expect(tally.values).toBeGreaterThan(0);
    expect(tally.errors).toBeGreaterThan(0);
  });
});

describe('edge values: fast path = mathjs', () => {
  const edges = [0, -0, 1, -1, 1e-15, 1e-16, 5e-324, 1e308, -1e308, Number.MAX_VALUE, 1 + 1e-12, 1 - 1e-12, 1 + 2e-12];
  it('every supported expression on every pair of edge values (0/0, ∞ - ∞, overflow, nearly equal)', () => {
    for (const [s, texts] of SUPPORTED) {
      for (const text of texts) {
        const pair = compileBoth(text, s, params);
        for (const x of edges) for (const y of edges) expectSameOutcome(pair, { a: x, b: y, c: x * y, d1: x * 1000, d2: y, w: 'long' });
      }
    }
  });
});

describe('constructs the fast path does not support stay on mathjs', () => {
  it.each(FALLBACK.map(([s, text, expected]) => [text, s, expected] as const))('%s', (text, s, expected) => {
    const pair = compileBoth(text, s, params);
    expect(pair.fast.path).toBe('mathjs');
    const scope = { a: 3, b: 2, c: 1.5, d1: 20, d2: 0.5, w: 'short' };
    const value = pair.fast.evaluate(scope);
    if (typeof expected === 'number') expect(value).toBeCloseTo(expected, 12);
    else expect(value).toBe(expected);
    fc.assert(
      fc.property(scopeArb, (sc) => expectSameOutcome(pair, sc)),
      { seed: 7, numRuns: 100 },
    );
  });

  it('a literal entry is neither (path literal)', () => {
    expect(compileBoth(0.3, RATE, params).fast.path).toBe('literal');
  });
});
