// The sweep's statistics against hand computations: mean, sample sd, Student's t intervals and
// Welch's test, their degenerate cases (n < 2, zero variance), huge and tiny values, and the
// output rounding. Quantiles and p-values quoted below are table values (t tables; checked with
// scipy.stats 1.17); tolerances are 1e-6 relative, far below any printed digit and above jstat's
// own error (≈ 3e-9 relative at t(0.975, 4)).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { confidenceInterval, mean, roundOutput, sampleSd, tQuantile, twoSidedP, welchTest } from '../../experiments/stats.js';

const close = (actual: number | null, expected: number, rel = 1e-6) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

describe('mean and sample standard deviation', () => {
  it('[1, 2, 3, 4, 5]: mean 15/5 = 3, sd √((4+1+0+1+4)/4) = √2.5 = 1.58113883', () => {
    expect(mean([1, 2, 3, 4, 5])).toBe(3);
    close(sampleSd([1, 2, 3, 4, 5]), 1.58113883);
  });

  it('divides by n − 1: [2, 4, 4, 4, 5, 5, 7, 9] has squares 32, sd √(32/7) = 2.13808994 (not the population 2)', () => {
    close(sampleSd([2, 4, 4, 4, 5, 5, 7, 9]), 2.13808994);
  });

  it('n = 0 → NaN mean; n < 2 → NaN sd; n = 1 → the value itself', () => {
    expect(mean([])).toBeNaN();
    expect(sampleSd([])).toBeNaN();
    expect(sampleSd([7])).toBeNaN();
    expect(mean([7])).toBe(7);
  });

  it('equal values: the mean is exactly the value and the sd exactly 0 (0.1 + 0.1 + 0.1 would not divide back to 0.1)', () => {
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
    expect(sampleSd([0.1, 0.1, 0.1])).toBe(0);
  });

  it('huge values do not overflow: [1e308, 1.5e308] has mean 1.25e308 and sd √2·0.25e308 = 3.5355339e307', () => {
    close(mean([1e308, 1.5e308]) / 1e308, 1.25);
    close(sampleSd([1e308, 1.5e308]) / 1e307, 3.5355339);
    // deviations of 1e200 square beyond the double range: [−1e200, 1e200] has sd √(2e400/1) = 1.41421356e200
    close(sampleSd([-1e200, 1e200]) / 1e200, 1.41421356);
  });

  it('tiny values keep their precision: [1e-300, 3e-300] has mean 2e-300 and sd √2e-300', () => {
    close(mean([1e-300, 3e-300]) / 1e-300, 2);
    close(sampleSd([1e-300, 3e-300]) / 1e-300, Math.SQRT2);
  });
});

describe('Student t quantiles and p-values', () => {
  it('match the t table: t(0.975, 1) = 12.706205, t(0.975, 4) = 2.776445, t(0.975, 7) = 2.364624, t(0.995, 1) = 63.656741', () => {
    close(tQuantile(0.975, 1), 12.706205);
    close(tQuantile(0.975, 4), 2.776445);
    close(tQuantile(0.975, 7), 2.364624);
    close(tQuantile(0.995, 1), 63.656741);
  });

  it('take fractional degrees of freedom (t(0.975, 1.5) = 6.016663) and tend to the normal (z(0.975) = 1.959964) for df ≥ 1e7', () => {
    close(tQuantile(0.975, 1.5), 6.016663);
    close(tQuantile(0.975, 1e9), 1.959964);
    close(tQuantile(0.975, 1e6), 1.959966);
    expect(tQuantile(0.5, 3)).toBe(0);
  });

  it('refuse p outside (0, 1) and df ≤ 0', () => {
    for (const p of [0, 1, -0.1, NaN]) expect(() => tQuantile(p, 3)).toThrow(RangeError);
    for (const df of [0, -1, NaN]) expect(() => tQuantile(0.975, df)).toThrow(RangeError);
  });

  it('two-sided p: P(|T| ≥ 2) with 3 df = 0.139326; t = 0 → exactly 1; |t| beyond 1e154 or infinite → 0', () => {
    close(twoSidedP(2, 3), 0.139326);
    close(twoSidedP(-2, 3), 0.139326);
    expect(twoSidedP(0, 3)).toBe(1);
    expect(twoSidedP(1e300, 3)).toBe(0);
    expect(twoSidedP(-Infinity, 3)).toBe(0);
  });

  it('p is always in [0, 1] and falls as |t| grows (property, fixed seed)', () => {
    // near t = 0 jstat's t distribution function is off by up to 1e-7 and not monotone (t = 5e-324 at
    // df 29.8 gave 0.9999999989, t = 4.4e-16 gave 1): twoSidedP uses the incomplete beta's complement there
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 0.5, max: 1e4, noNaN: true }),
        (t, dt, df) => {
          const [p1, p2] = [twoSidedP(t, df), twoSidedP(t + dt, df)];
          return p1 >= 0 && p1 <= 1 && p2 <= p1 + 1e-12;
        },
      ),
      { seed: 20261201, numRuns: 5000 },
    );
    expect(twoSidedP(5e-324, 29.835072544179692)).toBe(1);
    // small t: 1 − p ≈ 2·t·φ(0) for large df (2 · 1e-6 · 0.3989423 = 7.978846e-7)
    expect(1 - twoSidedP(1e-6, 1e7)).toBeCloseTo(7.978846e-7, 12);
  });
});

describe('confidenceInterval', () => {
  it('[1, 2, 3, 4, 5]: 3 ± t(0.975, 4)·√2.5/√5 = 3 ± 2.776445·0.70710678 = 3 ± 1.963243 → [1.036757, 4.963243]', () => {
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    close(ci.sd, 1.58113883);
    close(ci.halfWidth, 1.963243);
    close(ci.low, 1.036757);
    close(ci.high, 4.963243);
  });

  it('at 90%: 3 ± t(0.95, 4)·0.70710678 = 3 ± 2.131847·0.70710678 = 3 ± 1.507443', () => {
    close(confidenceInterval([1, 2, 3, 4, 5], 0.9).halfWidth, 1.507443);
  });

  it('n = 0: no mean, no sd, no interval; n = 1: the mean only', () => {
    expect(confidenceInterval([])).toEqual({ n: 0, mean: null, sd: null, halfWidth: null, low: null, high: null });
    expect(confidenceInterval([4.5])).toEqual({ n: 1, mean: 4.5, sd: null, halfWidth: null, low: null, high: null });
  });

  it('zero variance: the interval is the point [m, m] with half-width 0', () => {
    expect(confidenceInterval([2.5, 2.5, 2.5])).toEqual({ n: 3, mean: 2.5, sd: 0, halfWidth: 0, low: 2.5, high: 2.5 });
  });

  it('refuses a level outside (0, 1)', () => {
    for (const level of [0, 1, 95, NaN]) expect(() => confidenceInterval([1, 2], level)).toThrow(RangeError);
  });

  it('contains the mean and narrows as the level falls (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }), (xs) => {
        const [wide, narrow] = [confidenceInterval(xs, 0.99), confidenceInterval(xs, 0.8)];
        return (
          (wide.low as number) <= (wide.mean as number) &&
          (wide.mean as number) <= (wide.high as number) &&
          (narrow.halfWidth as number) <= (wide.halfWidth as number)
        );
      }),
    );
  });
});

describe('welchTest', () => {
  // a = [1, 2, 3, 4, 5]: mean 3, variance 2.5, na = 5 → sa²/na = 0.5
  // b = [4, 6, 8, 10]:   mean 7, variance (9+1+1+9)/3 = 20/3, nb = 4 → sb²/nb = 5/3
  // d = 7 − 3 = 4; se = √(0.5 + 5/3) = √(13/6) = 1.47196014; t = 4/1.47196014 = 2.71746488
  // df = (13/6)² / (0.5²/4 + (5/3)²/3) = 4.69444444 / (0.0625 + 0.92592593) = 4.74941452
  // t(0.975, 4.749415) = 2.611916 → interval 4 ± 2.611916·1.47196014 = 4 ± 3.84463638 → [0.15536362, 7.84463638]
  // p = 2·P(T > 2.71746488 | df 4.749415) = 0.04422480 < 0.05: significant
  it('a = [1..5] vs b = [4, 6, 8, 10]: d = 4, df = 4.749415, t = 2.717465, p = 0.044225, interval [0.155364, 7.844636], significant', () => {
    const r = welchTest([1, 2, 3, 4, 5], [4, 6, 8, 10]);
    expect(r).not.toBeNull();
    expect(r?.difference).toBe(4);
    close(r?.sdError ?? null, 1.47196014);
    close(r?.df ?? null, 4.74941452);
    close(r?.t ?? null, 2.71746488);
    close(r?.p ?? null, 0.0442248);
    close(r?.low ?? null, 0.15536362);
    close(r?.high ?? null, 7.84463638);
    expect(r?.significant).toBe(true);
  });

  it('is antisymmetric: swapping the samples negates the difference, t and the interval, and keeps df and p', () => {
    const [ab, ba] = [welchTest([1, 2, 3, 4, 5], [4, 6, 8, 10]), welchTest([4, 6, 8, 10], [1, 2, 3, 4, 5])];
    expect(ba?.difference).toBe(-4);
    close(ba?.t ?? null, -(ab?.t as number));
    close(ba?.low ?? null, -(ab?.high as number));
    close(ba?.df ?? null, ab?.df as number);
    close(ba?.p ?? null, ab?.p as number);
  });

  // a = [1..5], b = [2..6]: d = 1, both variances 2.5, se = √(0.5 + 0.5) = 1, t = 1
  // df = 1² / (0.25/4 + 0.25/4) = 8; t(0.975, 8) = 2.306004 → [−1.306004, 3.306004]; p = 2·P(T > 1 | 8) = 0.346594
  it('a = [1..5] vs b = [2..6]: d = 1, se = 1, df = 8, p = 0.346594, interval [−1.306004, 3.306004], not significant', () => {
    const r = welchTest([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]);
    expect(r?.difference).toBe(1);
    close(r?.sdError ?? null, 1);
    close(r?.df ?? null, 8);
    close(r?.t ?? null, 1);
    close(r?.p ?? null, 0.346594);
    close(r?.low ?? null, -1.306004);
    close(r?.high ?? null, 3.306004);
    expect(r?.significant).toBe(false);
  });

  // a = [1..5] (sa²/na = 0.5), b = [3, 3, 3] (variance 0): se = √0.5, df = 0.5²/(0.5²/4) = na − 1 = 4, t = 0, p = 1
  // interval 0 ± t(0.975, 4)·√0.5 = ± 2.776445·0.70710678 = ± 1.963243
  it('one sample with zero variance: df is the other sample’s n − 1 (4); equal means give t = 0, p = 1, interval ± 1.963243', () => {
    const r = welchTest([1, 2, 3, 4, 5], [3, 3, 3]);
    expect(r?.difference).toBe(0);
    close(r?.df ?? null, 4);
    expect(r?.t).toBe(0);
    expect(r?.p).toBe(1);
    close(r?.high ?? null, 1.963243);
    expect(r?.significant).toBe(false);
  });

  it('both variances 0 and equal means: p = 1, not significant, interval [0, 0], t = 0, df undefined (null)', () => {
    expect(welchTest([2, 2], [2, 2, 2])).toEqual({ difference: 0, sdError: 0, df: null, t: 0, p: 1, low: 0, high: 0, significant: false });
  });

  it('both variances 0 and different means: p = 0, significant, interval [d, d], t infinite (null)', () => {
    expect(welchTest([2, 2], [3.5, 3.5, 3.5])).toEqual({ difference: 1.5, sdError: 0, df: null, t: null, p: 0, low: 1.5, high: 1.5, significant: true });
  });

  it('fewer than 2 values on either side: no test (null)', () => {
    expect(welchTest([1], [1, 2, 3])).toBeNull();
    expect(welchTest([1, 2, 3], [])).toBeNull();
    expect(welchTest([], [])).toBeNull();
  });

  it('is scale-free: multiplying both samples by 1e300 or 1e-300 scales d, se and the interval and keeps df, t and p', () => {
    const base = welchTest([1, 2, 3, 4, 5], [4, 6, 8, 10]) as NonNullable<ReturnType<typeof welchTest>>;
    for (const k of [1e300, 1e-300]) {
      const r = welchTest(
        [1, 2, 3, 4, 5].map((x) => x * k),
        [4, 6, 8, 10].map((x) => x * k),
      );
      close((r?.difference ?? NaN) / k, 4);
      close((r?.high ?? NaN) / k, base.high);
      close(r?.df ?? null, base.df as number);
      close(r?.p ?? null, base.p);
    }
  });

  it('a stricter level widens the interval: at 99% the first example is not significant (p = 0.044 > 0.01)', () => {
    const r = welchTest([1, 2, 3, 4, 5], [4, 6, 8, 10], 0.99);
    expect(r?.significant).toBe(false);
    expect(r?.low).toBeLessThan(0);
  });
});

describe('roundOutput', () => {
  it('keeps 12 significant digits, turns −0 into 0 and passes non-finite values through', () => {
    expect(roundOutput(0.1 + 0.2)).toBe(0.3);
    expect(roundOutput(123456.7890123456)).toBe(123456.789012);
    expect(roundOutput(1.23456789012345e-20)).toBe(1.23456789012e-20);
    expect(Object.is(roundOutput(-0), 0)).toBe(true);
    expect(Object.is(roundOutput(-1e-400), 0)).toBe(true);
    expect(roundOutput(Infinity)).toBe(Infinity);
    expect(roundOutput(NaN)).toBeNaN();
  });

  it('is idempotent, so values read back from runs.csv round to themselves (property)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(roundOutput(roundOutput(x)), roundOutput(x))));
  });
});
