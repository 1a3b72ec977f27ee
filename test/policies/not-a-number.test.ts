// A comparison never silently lies: NaN (or complex, or a NaN quantity) on either side of a
// comparison stops the run with a PolicyRuntimeError naming the policy, the decision and the
// values; such expressions still load (other values may be fine), unless the NaN is constant.
import { describe, expect, it } from 'vitest';
import { compile, doc, examples, messageOf, runtimeErrorOf } from './helpers.js';

const own = examples('primary', 'seek');
const seek = (expression: string) => compile(doc('primary', { seek: expression }));

describe('NaN in comparisons', () => {
  it('sqrt(arrivalRate - 2000) > 1 loads, works for arrivalRate ≥ 2000 and throws naming decision and values below', () => {
    const p = seek('sqrt(arrivalRate - 2000) > 1');
    expect(p.bool('primary', 'seek', { ...own, arrivalRate: 2000 })).toBe(false);
    expect(p.bool('primary', 'seek', { ...own, arrivalRate: 2500 })).toBe(true);
    const err = runtimeErrorOf(() => p.bool('primary', 'seek', { ...own, arrivalRate: 1400 }));
    expect([err.policy, err.decision, err.variables]).toEqual(['test', 'primary.seek', { arrivalRate: 1400 }]);
    expect(err.message).toBe(
      'policy "test" (test.yaml): primary.seek: the comparison NaN > 1 has an operand that is not a number ' +
        '(a square root or logarithm of a negative number, 0/0, ∞ - ∞ …); variables: arrivalRate=1400',
    );
  });

  it('every comparison form refuses NaN: == != < <= >=, chains, the function forms and quantities', () => {
    const low = { ...own, arrivalRate: 1400, utilization: 0.5, latencyP95: 180 };
    for (const expression of [
      'sqrt(arrivalRate - 2000) == 0',
      'sqrt(arrivalRate - 2000) != 0',
      '1 < sqrt(arrivalRate - 2000)',
      'sqrt(arrivalRate - 2000) <= 1',
      '0 >= log(utilization - 1)',
      '0 < log(utilization - 1) < 5',
      'larger(sqrt(arrivalRate - 2000), 1)',
      'latencyP95 * sqrt(arrivalRate - 2000) > 1 ms',
      'utilization > 0.2 and (arrivalRate - 1400) / (arrivalRate - 1400) > 0.5',
    ]) {
      expect(runtimeErrorOf(() => seek(expression).bool('primary', 'seek', low)).reason, expression).toContain('has an operand that is not a number');
    }
  });

  it('a number decision that reads a NaN comparison throws too (need: a ? b : c)', () => {
    const p = compile(doc('primary', { need: 'sqrt(forecastRate - capacity) > 10 ? 500 : 0' }));
    expect(p.num('primary', 'need', { ...own, forecastRate: 1800, capacity: 1600 })).toBe(500);
    expect(runtimeErrorOf(() => p.num('primary', 'need', { ...own, forecastRate: 1000, capacity: 1600 })).decision).toBe('primary.need');
  });

  it('a comparison that is NaN whatever the variables is a load error', () => {
    expect(messageOf(() => seek('sqrt(-1) > 0 or utilization > 0.9'))).toBe(
      'test.yaml: primary.seek: expected comparisons of numbers, found "sqrt(-1) > 0 or utilization > 0.9": the comparison NaN > 0 has an operand ' +
        'that is not a number (a square root or logarithm of a negative number, 0/0, ∞ - ∞ …), whatever the variables',
    );
  });

  it('ordinary comparisons keep mathjs semantics (infinite operands compare; words compare as text)', () => {
    expect(seek('arrivalRate / capacity > 2').bool('primary', 'seek', { ...own, arrivalRate: 10, capacity: 0 })).toBe(true);
    expect(seek('0.1 + 0.2 == 0.3').bool('primary', 'seek', own)).toBe(true);
    const word = compile(doc('peer', { accept: 'term == "long"' }));
    expect(word.bool('peer', 'accept', { ...examples('peer', 'accept'), term: 'long' })).toBe(true);
  });
});
