// Properties over many generated inputs (fast-check): time-dependent offers stay between opening
// and limit and never step back; every library policy's numeric decisions stay finite and in range
// on any plausible scope (so a run cannot stop on them); declared result units convert.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTactic } from '../../policies/concession.js';
import { DECISIONS } from '../../policies/decisions.js';
import { listPolicies, loadPolicy } from '../../policies/load.js';
import { quantityMaker } from '../../policies/math.js';
import { checkResult } from '../../policies/result.js';

const share = fc.double({ min: 0, max: 1, noNaN: true });
const price = fc.double({ min: 0.001, max: 0.05, noNaN: true });

describe('time-dependent tactics', () => {
  it('offers stay between opening and limit and move monotonically toward the limit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 20, noNaN: true }), share, share, price, price, (beta, t1, t2, opening, limit) => {
        const tactic = createTactic({ tactic: 'timeDependent', beta });
        const [a, b] = [tactic.offer(opening, limit, Math.min(t1, t2), [], []), tactic.offer(opening, limit, Math.max(t1, t2), [], [])];
        const low = Math.min(opening, limit) - 1e-15;
        const high = Math.max(opening, limit) + 1e-15;
        expect(a >= low && a <= high && b >= low && b <= high).toBe(true);
        expect(Math.abs(b - opening)).toBeGreaterThanOrEqual(Math.abs(a - opening) - 1e-15);
      }),
    );
  });
});

/** a plausible scope: every variable of the catalog, in range */
const scopeArb = fc.record({
  t: fc.double({ min: 0, max: 86400, noNaN: true }),
  utilization: share,
  arrivalRate: fc.double({ min: 0, max: 20000, noNaN: true }),
  capacity: fc.double({ min: 1, max: 20000, noNaN: true }),
  rejectedShare: share,
  latencyP95: fc.double({ min: 1, max: 5000, noNaN: true }),
  latencyMean: fc.double({ min: 1, max: 5000, noNaN: true }),
  queueLength: fc.nat(1000),
  forecastRate: fc.double({ min: 0, max: 20000, noNaN: true }),
  trend: fc.double({ min: -100, max: 100, noNaN: true }),
  peeredCapacity: fc.double({ min: 0, max: 20000, noNaN: true }),
  activeArrangements: fc.nat(10),
  revenuePerGB: price,
  overloadAge: fc.double({ min: 0, max: 86400, noNaN: true }),
  advertisedPrice: price,
  advertisedCapacity: fc.double({ min: 0, max: 20000, noNaN: true }),
  predictedLatency: fc.double({ min: 1, max: 2000, noNaN: true }),
  observedLatency: fc.double({ min: 1, max: 2000, noNaN: true }),
  slaCompliance: share,
  rtt: fc.double({ min: 0, max: 300, noNaN: true }),
  binding: fc.constantFrom(0, 1),
  need: fc.double({ min: 0, max: 20000, noNaN: true }),
  arrangedCapacity: fc.double({ min: 1, max: 20000, noNaN: true }),
  arrangementLoad: fc.double({ min: 0, max: 20000, noNaN: true }),
  arrangementAge: fc.double({ min: 0, max: 86400, noNaN: true }),
  remainingTime: fc.double({ min: 0, max: 86400, noNaN: true }),
  agreedPrice: price,
  slaViolations: fc.nat(100),
  consecutiveViolations: fc.nat(100),
  elapsed: share,
  round: fc.nat(8),
  proposedPrice: price,
  myLastPrice: price,
  capacityAsked: fc.double({ min: 0, max: 20000, noNaN: true }),
  term: fc.constantFrom('short', 'long'),
  limit: price,
  myNextPrice: price,
  committedCapacity: fc.double({ min: 0, max: 20000, noNaN: true }),
  committedLoad: fc.double({ min: 0, max: 20000, noNaN: true }),
  costPerRequest: fc.double({ min: 0, max: 0.001, noNaN: true }),
  askPrice: price,
  spareCapacity: fc.double({ min: 0, max: 20000, noNaN: true }),
});

describe('library policies on any plausible scope', () => {
  it.each(listPolicies().map((p) => p.name))('%s: every decision gives a value of its kind, never a run-time error', (name) => {
    const policy = loadPolicy(name);
    const specs = DECISIONS.filter((d) => policy.roles.includes(d.role) && d.result.kind !== 'strategy');
    fc.assert(
      fc.property(scopeArb, (scope) => {
        for (const d of specs) {
          const value =
            d.result.kind === 'number'
              ? policy.num(d.role, d.name, scope)
              : d.result.kind === 'boolean'
                ? policy.bool(d.role, d.name, scope)
                : policy.choice(d.role, d.name, scope);
          expect(checkResult(value, d.result).ok).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('declared result units', () => {
  it('a quantity result converts to the declared unit; another dimension is rejected', () => {
    const kind = { kind: 'number', unit: 's', min: 0 } as const;
    expect(checkResult(quantityMaker('ms')(1500), kind)).toEqual({ ok: true, value: 1.5 });
    expect(checkResult(quantityMaker('min')(2), kind)).toEqual({ ok: true, value: 120 });
    expect(checkResult(12, kind)).toEqual({ ok: true, value: 12 });
    expect(checkResult(quantityMaker('kB')(3), kind)).toEqual({
      ok: false,
      expected: 'a number in s (or a quantity convertible to it) ≥ 0',
      found: 'the quantity 3 kB (not convertible to s)',
    });
  });
});
