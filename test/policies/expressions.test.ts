// The expression language of policy files: symbols are checked against the decision's variables,
// units convert and a dimension mismatch is a load error, results are typed, and a run-time NaN,
// missing variable or out-of-range value is a PolicyRuntimeError naming policy, decision and values.
import { describe, expect, it } from 'vitest';
import { compile, doc, examples, inputErrorOf, messageOf, runtimeErrorOf } from './helpers.js';

const seek = (expression: string, params: Record<string, unknown> = {}) => compile(doc('primary', { seek: expression }, params));
const primaryNum = (decision: string, expression: string, params: Record<string, unknown> = {}) => compile(doc('primary', { [decision]: expression }, params));
const own = examples('primary', 'seek');

describe('symbols', () => {
  it('an unknown symbol is a load error naming the file, the decision, the symbol and the expression', () => {
    const err = inputErrorOf(() => seek('utilisation > 0.9'));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0].file).toBe('test.yaml');
    expect(err.issues[0].path).toBe('primary.seek');
    expect(err.issues[0].found).toBe('unknown symbol "utilisation" in "utilisation > 0.9" (did you mean "utilization"?)');
    expect(err.issues[0].expected).toMatch(
      /^only the variables of primary\.seek \(t, utilization, arrivalRate, .*\), the policy's params \(.*disbandHold.*\), units after a number \(200 ms\) or constants \(pi, e\)$/,
    );
  });

  it('a variable of another decision is unknown here (arrangementAge belongs to disband, not seek)', () => {
    expect(messageOf(() => seek('arrangementAge > 10 min'))).toContain('found unknown symbol "arrangementAge" in "arrangementAge > 10 min"');
  });

  it('params of the file and the agent parameters are symbols; constants pi and e too', () => {
    const p = seek('utilization > threshold * targetUtilization and e > 2 and pi > 3', { threshold: 1.1 });
    expect(p.bool('primary', 'seek', { ...own, utilization: 0.89 })).toBe(true);
  });

  it('every bad expression of a file is reported at once', () => {
    const err = inputErrorOf(() => compile(doc('primary', { seek: 'foo > 1', need: 'bar', term: 'baz' })));
    expect(err.issues.map((i) => [i.path, i.found])).toEqual([
      ['primary.seek', 'unknown symbol "foo" in "foo > 1"'],
      ['primary.need', 'unknown symbol "bar" in "bar" (a unit must follow a number, like 200 ms)'],
      ['primary.term', 'unknown symbol "baz" in "baz"'],
    ]);
  });
});

describe('units', () => {
  it('latencies carry ms: 200 ms and 0.2 s are the same threshold', () => {
    for (const threshold of ['200 ms', '0.2 s']) {
      const p = seek(`latencyP95 > ${threshold}`);
      expect([250, 200, 150].map((latencyP95) => p.bool('primary', 'seek', { ...own, latencyP95 }))).toEqual([true, false, false]);
    }
  });

  it('durations carry s, and minutes are min (10 min = 600 s)', () => {
    const p = compile(doc('primary', { term: 'overloadAge > 10 min ? "long" : "short"' }));
    const scope = examples('primary', 'term');
    expect(p.choice('primary', 'term', { ...scope, overloadAge: 601 })).toBe('long');
    expect(p.choice('primary', 'term', { ...scope, overloadAge: 599 })).toBe('short');
  });

  it('duration params read like scenario files (5m = 300 s) and compare with duration variables', () => {
    const p = compile(doc('primary', { term: 'overloadAge > hold ? "long" : "short"' }, { hold: '5m' }));
    const scope = examples('primary', 'term');
    expect(p.param('hold')).toBe(300);
    expect(p.choice('primary', 'term', { ...scope, overloadAge: 301 })).toBe('long');
    expect(p.choice('primary', 'term', { ...scope, overloadAge: 299 })).toBe('short');
  });

  it('a quantity becomes a plain number by number(x, unit) or by dividing by a unit', () => {
    expect(primaryNum('need', 'number(latencyP95, "s") * 1000').num('primary', 'need', { ...own, latencyP95: 180 })).toBeCloseTo(180, 12);
    expect(primaryNum('need', 'latencyP95 / (1 ms)').num('primary', 'need', { ...own, latencyP95: 180 })).toBeCloseTo(180, 12);
    expect(primaryNum('need', '2 * latencyP95 / (1 s)').num('primary', 'need', { ...own, latencyP95: 180 })).toBeCloseTo(0.36, 12);
    expect(primaryNum('need', 'capacity * (t / (1 min))').num('primary', 'need', { ...own, t: 90, capacity: 100 })).toBeCloseTo(150, 12);
    expect(seek('utilization > 450 ms / (1 s)').bool('primary', 'seek', { ...own, utilization: 0.5 })).toBe(true); // folded at load
  });

  it('comparing a latency with a plain number is a load error saying what to write (200 ms)', () => {
    const err = inputErrorOf(() => seek('latencyP95 > 200'));
    expect(err.issues[0].path).toBe('primary.seek');
    expect(err.issues[0].expected).toBe('an expression whose units and types agree: a comparison of latencyP95 (a duration) with a duration like `200 ms`');
    expect(err.issues[0].found).toBe('`latencyP95 > 200` (Unit vs number)');
  });

  it('comparing a latency with a bandwidth is a load error', () => {
    expect(messageOf(() => seek('latencyP95 > 5 Gbit/s'))).toContain('found "latencyP95 > 5 Gbit/s": Cannot compare units with different base');
  });

  it('adding a duration to a plain number is a load error, even in a branch the example does not take', () => {
    expect(messageOf(() => seek('utilization > 2 ? t + 5 > 0 : false'))).toContain(
      'expected an expression whose units and types agree: an addition of t (a duration) and a duration like `5 s`, found `t + 5` in "utilization > 2 ? t + 5 > 0 : false" (Unit vs number)',
    );
    expect(messageOf(() => seek('utilization < 2 or latencyP95 > 200'))).toContain(
      'found `latencyP95 > 200` in "utilization < 2 or latencyP95 > 200" (Unit vs number)',
    );
  });

  it('a number decision that returns a quantity is a load error suggesting a conversion', () => {
    expect(messageOf(() => primaryNum('need', 'latencyP95'))).toBe(
      'test.yaml: primary.need: expected a plain number ≥ 0, found "latencyP95" gives the quantity 180 ms (make it a plain number, e.g. number(x, "ms") or x / (1 ms)) on the example values',
    );
  });

  it('a param with another unit (5 Gbit/s) gives its number in that unit and is a quantity in expressions', () => {
    const p = seek('latencyP95 * uplink > 1 Gbit', { uplink: '5 Gbit/s' });
    expect(p.param('uplink')).toBe(5);
    expect(p.bool('primary', 'seek', { ...own, latencyP95: 250 })).toBe(true); // 1.25 Gbit
    expect(p.bool('primary', 'seek', { ...own, latencyP95: 150 })).toBe(false); // 0.75 Gbit
  });
});

describe('result kinds', () => {
  it('a boolean decision must give true or false', () => {
    expect(messageOf(() => seek('utilization * 2'))).toBe(
      'test.yaml: primary.seek: expected true or false, found "utilization * 2" gives 1.7 on the example values',
    );
  });

  it('a choice decision must give one of its words, in every branch', () => {
    expect(messageOf(() => compile(doc('primary', { term: '"medium"' })))).toBe(
      'test.yaml: primary.term: expected one of short, long, found "\\"medium\\"" gives "medium" on the example values',
    );
    expect(messageOf(() => compile(doc('primary', { term: 'overloadAge > 1 h ? 3 : "short"' })))).toContain('gives 3 on the example values');
    expect(messageOf(() => compile(doc('primary', { term: 'medium' })))).toContain('found unknown symbol "medium" in "medium"');
  });

  it('literals are checked against the kind and range at load', () => {
    expect(compile(doc('primary', { term: 'long', seek: true, need: 250 })).num('primary', 'need', {})).toBe(250);
    expect(messageOf(() => compile(doc('primary', { seek: 3 })))).toBe('test.yaml: primary.seek: expected true, false or an expression, found 3');
    expect(messageOf(() => compile(doc('peer', { reserve: 1.5 })))).toBe('test.yaml: peer.reserve: expected a plain number ≥ 0 and ≤ 1, found 1.5');
    expect(messageOf(() => compile(doc('primary', { need: -1 })))).toContain('test.yaml: primary.need: expected a plain number ≥ 0, found -1');
  });

  it('words compare as text with == and !=', () => {
    const p = compile(doc('peer', { accept: 'term == "long"', terminate: 'true' }));
    const scope = examples('peer', 'accept');
    expect(p.bool('peer', 'accept', { ...scope, term: 'long' })).toBe(true);
    expect(p.bool('peer', 'accept', { ...scope, term: 'short' })).toBe(false);
    const q = compile(doc('peer', { accept: 'term != "long" and proposedPrice >= askPrice' }));
    expect(q.bool('peer', 'accept', { ...scope, term: 'short', proposedPrice: 0.02, askPrice: 0.015 })).toBe(true);
    expect(q.bool('peer', 'accept', { ...scope, term: 'long', proposedPrice: 0.02, askPrice: 0.015 })).toBe(false);
  });

  it('a function keeps its meaning where a variable has its name (round() where round is a variable)', () => {
    const p = compile(doc('peer', { counter: 'round(proposedPrice * 1000) / 1000 + 0 * round' }));
    expect(p.num('peer', 'counter', { ...examples('peer', 'counter'), proposedPrice: 0.0123, round: 2 })).toBe(0.012);
  });

  it('and/or short-circuit like mathjs and give booleans; ?: picks a branch', () => {
    const p = seek('rejectedShare > 0.01 or (utilization > 0.8 and queueLength > 10)');
    const at = (rejectedShare: number, utilization: number, queueLength: number) =>
      p.bool('primary', 'seek', { ...own, rejectedShare, utilization, queueLength });
    expect([at(0.02, 0, 0), at(0, 0.9, 20), at(0, 0.9, 5), at(0, 0.5, 20)]).toEqual([true, true, false, false]);
    expect(seek('not (utilization > 0.8) xor false').bool('primary', 'seek', { ...own, utilization: 0.5 })).toBe(true);
  });
});

describe('run-time errors', () => {
  it('a NaN result throws a PolicyRuntimeError naming the policy, the decision and the variable values', () => {
    const p = primaryNum('need', 'sqrt(forecastRate - capacity)');
    expect(p.num('primary', 'need', { ...own, forecastRate: 2000, capacity: 1600 })).toBe(20);
    const err = runtimeErrorOf(() => p.num('primary', 'need', { ...own, forecastRate: 1000, capacity: 1600 }));
    expect(err.message).toBe('policy "test" (test.yaml): primary.need: expected a plain number ≥ 0, found NaN; variables: forecastRate=1000, capacity=1600');
    expect([err.policy, err.decision, err.variables]).toEqual(['test', 'primary.need', { forecastRate: 1000, capacity: 1600 }]);
  });

  it('an infinite result, a value below the minimum, a missing or non-finite variable all throw', () => {
    const ratio = primaryNum('need', 'forecastRate / capacity');
    expect(runtimeErrorOf(() => ratio.num('primary', 'need', { forecastRate: 10, capacity: 0 })).reason).toBe('expected a plain number ≥ 0, found Infinity');
    const minus = primaryNum('need', 'forecastRate - capacity');
    expect(runtimeErrorOf(() => minus.num('primary', 'need', { forecastRate: 1000, capacity: 1600 })).reason).toBe(
      'expected a plain number ≥ 0, found -600 (write max(0, …) to keep it at 0 or above)',
    );
    expect(runtimeErrorOf(() => minus.num('primary', 'need', { capacity: 1600 })).message).toBe(
      'policy "test" (test.yaml): primary.need: variable forecastRate is missing (expected a finite number); variables: forecastRate=undefined, capacity=1600',
    );
    expect(runtimeErrorOf(() => minus.num('primary', 'need', { forecastRate: Infinity, capacity: 1 })).reason).toBe(
      'variable forecastRate is Infinity (expected a finite number)',
    );
    const word = compile(doc('peer', { accept: 'term == "long"' }));
    expect(runtimeErrorOf(() => word.bool('peer', 'accept', { term: 3 })).reason).toBe('variable term is 3 (expected a string)');
  });

  it('asking a decision for the wrong kind, an unknown decision or role, or an unknown param is a programming error', () => {
    const p = compile(doc('primary', {}));
    expect(() => p.num('primary', 'seek', own)).toThrow('policy "test": primary.seek returns boolean, not number');
    expect(() => p.bool('primary', 'sek', own)).toThrow('policy "test": unknown decision primary.sek (known: primary.seek, primary.need,');
    expect(() => p.num('peer', 'price', own)).toThrow('policy "test" has no peer role (roles: primary)');
    expect(() => p.concession('peer')).toThrow('policy "test" has no peer role (roles: primary)');
    expect(() => p.param('nope')).toThrow('policy "test": unknown parameter "nope" (known: monitorInterval,');
  });
});
