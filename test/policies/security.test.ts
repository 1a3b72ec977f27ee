// The sandbox: unsafe expressions are rejected at load with exit code 2 and a clear message, and
// none of them can reach Node globals or the file system (the tests would notice if they did).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DISABLED_FUNCTIONS, MAX_EXPRESSION_LENGTH, parseSafely, restrictedMath } from '../../policies/math.js';
import { cli } from '../cli/helpers.js';
import { compile, dir, doc, writePolicy } from './helpers.js';

const SAFE = 'expected a safe expression (numbers, variables, units like 200 ms, + - * / ^ %, comparisons, and/or/not, a ? b : c, and the allowed functions)';
const ALLOWED =
  'min, max, abs, sqrt, exp, log, log10, pow, floor, ceil, round, sign, mod, and, or, not, xor, equal, unequal, larger, smaller, largerEq, smallerEq, number, to';
const marker = join(dir, 'pwned.txt');
const pwn = 'globalThis.__autopeerPwned = 1';
const writeFile = `process.getBuiltinModule('fs').writeFileSync('${marker}', 'pwned')`;

/** validate a policy whose primary.seek is `expression`, through the CLI */
function validateSeek(expression: string) {
  const file = writePolicy(doc('primary', { seek: expression }));
  return { file, ...cli('validate', file) };
}

const rejected: [string, string][] = [
  ['import({pwned: 1}, {override: true})', `a call of "import" (allowed functions: ${ALLOWED})`],
  ['createUnit("pwned")', `a call of "createUnit" (allowed functions: ${ALLOWED})`],
  ['evaluate("1 + 1") > 1', `a call of "evaluate" (allowed functions: ${ALLOWED})`],
  ['parse("1 + 1")', `a call of "parse" (allowed functions: ${ALLOWED})`],
  ['compile("1 + 1")', `a call of "compile" (allowed functions: ${ALLOWED})`],
  ['simplify("x + x")', `a call of "simplify" (allowed functions: ${ALLOWED})`],
  ['derivative("x^2", "x")', `a call of "derivative" (allowed functions: ${ALLOWED})`],
  ['f(x) = x', 'a function definition (f(x) = x)'],
  ['x = 1', 'an assignment (x = 1)'],
  ['constructor', 'the forbidden name "constructor"'],
  ['__proto__', 'the forbidden name "__proto__"'],
  ['utilization.constructor', 'a property or index access (utilization.constructor)'],
  ['utilization["constructor"]', 'a property or index access (utilization["constructor"])'],
  ['[1, 2]', 'a matrix or list ([1, 2])'],
  ['{a: 1}', 'an object ({"a": 1})'],
  ['1 > 0; 2 > 1', 'several statements (";" or a new line)'],
  ['1:3', 'a range (1:3)'],
  [`cos.constructor("${pwn}")`, 'a call of a computed function (cos.constructor)'],
  [`f = cos.constructor("${pwn}"); f()`, 'several statements (";" or a new line)'],
  [`[].constructor.constructor("${writeFile}")`, 'a call of a computed function ([].constructor.constructor)'],
  ['utilization!', 'the operator "!" (not allowed)'],
  ['NaN', 'the constant NaN (only finite numbers, strings, true and false)'],
  ['x'.repeat(100_000), `an expression of 100000 characters (at most ${MAX_EXPRESSION_LENGTH} allowed)`],
  [`${'('.repeat(10_000)}1${')'.repeat(10_000)}`, `an expression of 20001 characters (at most ${MAX_EXPRESSION_LENGTH} allowed)`],
  [`${'('.repeat(65)}1${')'.repeat(65)} > 0`, 'brackets nested more than 64 deep'],
  [`${'-'.repeat(1_900)}1 > 0`, 'more than 64 operators in a row'],
  [`${'not '.repeat(65)}true`, 'more than 64 operators in a row'],
];

describe('unsafe expressions are rejected at load with exit code 2', () => {
  it.each(rejected)('%s', (expression, why) => {
    const r = validateSeek(expression);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`${r.file}: primary.seek: ${SAFE}, found `)).toBe(true);
    expect(r.stderr).toContain(why);
  });

  it('an undeclared symbol is rejected with exit code 2, naming it', () => {
    const r = validateSeek('secret > 0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.file}: primary.seek: expected only the variables of primary.seek`);
    expect(r.stderr).toContain('found unknown symbol "secret" in "secret > 0"');
  });

  it('a parameter cannot smuggle code either: params are values, never evaluated', () => {
    const r = cli('validate', writePolicy(doc('primary', { seek: 'utilization > x' }, { x: `cos.constructor("${pwn}")` })));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('found "utilization > x": Cannot convert');
  });

  afterAll(() => {
    // if any expression had reached the Function constructor, these would be set
    expect((globalThis as Record<string, unknown>).__autopeerPwned).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the restricted mathjs instance', () => {
  it.each(DISABLED_FUNCTIONS)('%s is a throwing stub', (name) => {
    const fn = (restrictedMath as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
    expect(() => fn('1 + 1')).toThrow(`function ${name} is disabled in policy expressions`);
  });

  it('still evaluates safe policies after every attempt above', () => {
    const p = compile(doc('primary', { seek: 'latencyP95 > 200 ms or utilization > 0.9' }));
    expect(p.bool('primary', 'seek', { latencyP95: 250, utilization: 0 })).toBe(true);
    expect(p.bool('primary', 'seek', { latencyP95: 150, utilization: 0.5 })).toBe(false);
    expect((globalThis as Record<string, unknown>).__autopeerPwned).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it('parseSafely reports the names an expression reads, not the functions it calls', () => {
    expect([...parseSafely('max(a, b ms) > c ? d : e').symbols].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'ms']);
  });
});
