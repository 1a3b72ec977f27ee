// The latency histogram against exact sorted-array percentiles and against hdr-histogram-js: bounded
// relative error (≤ 0.1 %), exact count/mean/min/max, reset, and merging.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { LatencyHistogram, rankAt } from '../../core/histogram.js';
import { createStreams } from '../../core/random.js';
import { lognormal } from '../../core/distributions.js';

const N = 100_000;
/** 10^5 lognormal latencies, median 50 ms, σ 0.8 (about 2 ms to 2 s). */
function latencies(name: string): Float64Array {
  const sampler = lognormal(createStreams(7).stream(name), 50, 0.8);
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = sampler.sample();
  return xs;
}

function fill(xs: Float64Array): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const x of xs) h.record(x);
  return h;
}

const PERCENTILES = [50, 90, 95, 99, 99.9];
const relative = (a: number, b: number) => Math.abs(a - b) / b;

describe('LatencyHistogram', () => {
  const data = latencies('latency');
  const sorted = Float64Array.from(data).sort();
  const h = fill(data);

  it('percentile rank is ceil(p/100·count): p99.9 of 10^5 is the 99 900th value, p0 the 1st', () => {
    expect(PERCENTILES.map((p) => rankAt(p, N))).toEqual([50_000, 90_000, 95_000, 99_000, 99_900]);
    expect([rankAt(0, N), rankAt(100, N)]).toEqual([1, N]);
  });

  it('p50, p90, p95, p99, p99.9 are within 0.1 % of the exact sorted-array percentiles; max is exact', () => {
    for (const p of PERCENTILES) {
      const exact = sorted[rankAt(p, N) - 1];
      expect(relative(h.percentile(p), exact)).toBeLessThan(1e-3);
    }
    expect(h.max()).toBe(sorted[N - 1]);
    expect(h.percentile(100)).toBe(sorted[N - 1]);
    expect(h.min()).toBe(sorted[0]);
    expect(h.percentile(0)).toBe(sorted[0]);
    expect(h.count).toBe(N);
  });

  it('agrees with hdr-histogram-js (3 significant digits, integer µs) within 0.2 % (both ≤ 0.1 % off)', () => {
    const reference = hdr.build({ numberOfSignificantValueDigits: 3 });
    for (const x of data) reference.recordValue(Math.round(x * 1000));
    for (const p of PERCENTILES) {
      const theirs = reference.getValueAtPercentile(p) / 1000;
      expect(relative(theirs, sorted[rankAt(p, N) - 1])).toBeLessThan(1e-3);
      expect(relative(h.percentile(p), theirs)).toBeLessThan(2e-3);
    }
    expect(reference.totalCount).toBe(h.count);
  });

  it('mean is exact to 1e-9 relative', () => {
    let sum = 0;
    for (const x of data) sum += x;
    expect(relative(h.mean(), sum / N)).toBeLessThan(1e-9);
  });

  it('is within 0.1 % for any single value from 0.7 ms to 4·10^6 ms (all bucket octaves)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.7, max: 4e6, noNaN: true }), (x) => {
        const one = new LatencyHistogram();
        one.record(0);
        one.record(x);
        one.record(1e9);
        return relative(one.percentile(50), x) <= 1e-3;
      }),
      { seed: 1, numRuns: 1000 },
    );
  });

  it('values below 4.096 ms are kept to the microsecond', () => {
    const small = new LatencyHistogram();
    for (const x of [1, 2.5, 4]) small.record(x);
    expect([small.percentile(0), small.percentile(50), small.percentile(100)]).toEqual([1, 2.5, 4]);
  });

  it('negative values count as 0; huge values land in the top bucket with exact max and mean', () => {
    const edge = new LatencyHistogram();
    edge.record(-5);
    edge.record(1e10);
    expect([edge.count, edge.min(), edge.max(), edge.mean()]).toEqual([2, 0, 1e10, 5e9]);
    expect([edge.percentile(50), edge.percentile(100)]).toEqual([0, 1e10]);
  });

  it('recordZero leaves it exactly as record(0) does, alone and among other values (count, sum, min, max, percentiles)', () => {
    const xs = latencies('zeros');
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.recordZero();
    b.record(0);
    for (let i = 0; i < 2000; i++) {
      if (i % 3 === 0) {
        a.recordZero();
        b.record(0);
      } else {
        a.record(xs[i]);
        b.record(xs[i]);
      }
    }
    for (const p of [0, 10, 33, 34, 50, 90, 99, 100]) expect(a.percentile(p)).toBe(b.percentile(p));
    expect([a.count, a.mean(), a.min(), a.max()]).toEqual([b.count, b.mean(), b.min(), b.max()]);
    const c = new LatencyHistogram();
    c.recordZero();
    expect([c.count, c.mean(), c.min(), c.max(), c.percentile(50)]).toEqual([1, 0, 0, 0, 0]);
  });

  it('an empty histogram reports 0 everywhere', () => {
    const empty = new LatencyHistogram();
    expect([empty.count, empty.mean(), empty.min(), empty.max(), empty.percentile(99)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('reset empties it, and it then behaves like a new histogram', () => {
    const reused = fill(data);
    reused.reset();
    expect([reused.count, reused.mean(), reused.max(), reused.percentile(50)]).toEqual([0, 0, 0, 0]);
    const other = latencies('after-reset');
    for (const x of other) reused.record(x);
    const fresh = fill(other);
    for (const p of [0, ...PERCENTILES, 100]) expect(reused.percentile(p)).toBe(fresh.percentile(p));
    expect([reused.count, reused.mean(), reused.min(), reused.max()]).toEqual([fresh.count, fresh.mean(), fresh.min(), fresh.max()]);
  });

  it('addFrom equals recording both data sets into one histogram', () => {
    const other = latencies('merge');
    const merged = fill(data);
    merged.addFrom(fill(other));
    const both = fill(data);
    for (const x of other) both.record(x);
    for (const p of [0, 1, ...PERCENTILES, 99.99, 100]) expect(merged.percentile(p)).toBe(both.percentile(p));
    expect([merged.count, merged.min(), merged.max()]).toEqual([both.count, both.min(), both.max()]);
    expect(relative(merged.mean(), both.mean())).toBeLessThan(1e-12);
  });

  it('rejects a percentile outside [0, 100] with a RangeError', () => {
    expect(() => h.percentile(101)).toThrow(RangeError);
    expect(() => h.percentile(Number.NaN)).toThrow(RangeError);
  });
});
