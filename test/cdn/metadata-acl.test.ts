// Rules checked (RFC 8006 §4.2.2–4.2.3 as the simulator applies them): an absent ACL allows
// everything; otherwise the first matching rule decides and no match denies; a window holds from its
// start (included) to its end (excluded). The compiled forms the data plane reads (a flag per region,
// a timeline of breakpoints read with a forward-moving cursor) give the same decision as the rules at
// every instant, boundaries included (property-based, random rule lists and times).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileLocations, compileTimes, timeAllowed } from '../../cdn/metadata/acl.js';
import type { TimeRuleSpec } from '../../cdn/metadata/metadata-spec.js';

/** the timeline's decision at t, as LaneMetadata reads it (a search from the start) */
function timelineAt(rules: TimeRuleSpec[] | undefined, t: number): boolean {
  const { bounds, allowed } = compileTimes(rules);
  let k = 0;
  while (k < bounds.length && t >= bounds[k]) k++;
  return allowed[k] === 1;
}

const windowArb = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 })).map(([start, len]) => ({ startS: start, endS: start + len }));
const ruleArb = fc.record({ action: fc.constantFrom('allow' as const, 'deny' as const), windows: fc.array(windowArb, { minLength: 1, maxLength: 3 }) });

describe('RFC 8006 ACLs compiled for the data plane', () => {
  it('LocationACL: absent allows all, first match decides, no match denies', () => {
    const regions = ['a', 'b', 'c'];
    expect(Array.from(compileLocations(undefined, regions))).toEqual([1, 1, 1]);
    expect(Array.from(compileLocations([], regions))).toEqual([0, 0, 0]);
    const rules = [
      { action: 'deny' as const, regions: ['b'] },
      { action: 'allow' as const, regions: ['a', 'b'] },
    ];
    expect(Array.from(compileLocations(rules, regions))).toEqual([1, 0, 0]);
  });

  it('TimeWindowACL: an absent list allows always, an empty one denies always', () => {
    expect([timelineAt(undefined, 0), timelineAt(undefined, 1e9)]).toEqual([true, true]);
    expect([timelineAt([], 0), timelineAt([], 1e9)]).toEqual([false, false]);
  });

  it('the compiled timeline agrees with the rules at every boundary and between them', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: -10, max: 200, noNaN: true }), { maxLength: 20 }),
        (rules, ts) => {
          const edges = rules.flatMap((r) => r.windows.flatMap((w) => [w.startS, w.endS, w.startS - 1e-9, w.endS - 1e-9]));
          for (const t of [...ts, ...edges]) expect(timelineAt(rules, t)).toBe(timeAllowed(rules, t));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
