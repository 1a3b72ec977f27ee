// A unit mistake is explained at load, not surfaced as a raw mathjs type error: the smallest part
// that mixes a quantity with a plain number, and what to write instead (`150 ms`).
import { describe, expect, it } from 'vitest';
import { compile, doc, inputErrorOf } from './helpers.js';

const issueOf = (decision: string, expression: string, params: Record<string, unknown> = {}) =>
  inputErrorOf(() => compile(doc('primary', { [decision]: expression }, params), 'policy.yaml')).issues[0];

describe('unit mistakes say what to write', () => {
  it('latencyP95 > 150: a comparison of latencyP95 (a duration) with a duration like `150 ms`', () => {
    expect(issueOf('seek', 'latencyP95 > 150')).toEqual({
      file: 'policy.yaml',
      path: 'primary.seek',
      expected: 'an expression whose units and types agree: a comparison of latencyP95 (a duration) with a duration like `150 ms`',
      found: '`latencyP95 > 150` (Unit vs number)',
    });
  });

  it('the number on the left, a chain, a param and a non-constant number are explained too', () => {
    expect(issueOf('seek', '150 < latencyP95')).toMatchObject({
      expected: 'an expression whose units and types agree: a comparison of latencyP95 (a duration) with a duration like `150 ms`',
      found: '`150 < latencyP95` (number vs Unit)',
    });
    expect(issueOf('seek', '0 ms < latencyP95 < 200')).toMatchObject({ found: '`latencyP95 < 200` in "0 ms < latencyP95 < 200" (Unit vs number)' });
    expect(issueOf('seek', 'slaP95 > 0.2')).toMatchObject({
      expected: 'an expression whose units and types agree: a comparison of slaP95 (a duration) with a duration like `0.2 s`',
    });
    expect(issueOf('seek', 'latencyP95 > capacity')).toMatchObject({
      expected:
        'an expression whose units and types agree: a comparison of latencyP95 (a duration) with a duration (a plain number x becomes one as x * (1 ms))',
      found: '`latencyP95 > capacity` (Unit vs number)',
    });
  });

  it('arithmetic mixing a duration and a number: t + 5, overloadAge - 60, max(latencyP95, 3)', () => {
    expect(issueOf('seek', 't + 5 > 10 s')).toMatchObject({
      expected: 'an expression whose units and types agree: an addition of t (a duration) and a duration like `5 s`',
      found: '`t + 5` in "t + 5 > 10 s" (Unit vs number)',
    });
    expect(issueOf('term', 'overloadAge - 60 > 0 s ? "long" : "short"')).toMatchObject({
      expected: 'an expression whose units and types agree: a subtraction of overloadAge (a duration) and a duration like `60 s`',
    });
    expect(issueOf('need', 'max(latencyP95, 3) / (1 ms)')).toMatchObject({
      expected: 'an expression whose units and types agree: max() of latencyP95 (a duration) and a duration like `3 ms`',
    });
  });

  it('mistakes that are not a quantity against a number keep the mathjs message with the units of the variables', () => {
    expect(issueOf('seek', 'latencyP95 > 5 Gbit/s')).toMatchObject({
      expected: 'an expression whose units and types agree (t in s, latencyP95 in ms, latencyMean in ms; money and rates are plain numbers)',
      found: '"latencyP95 > 5 Gbit/s": Cannot compare units with different base',
    });
  });
});
