// Named random streams: a stream's draws depend only on (seed, name), never on which other streams
// exist or how much they were used; draws are uniform on [0, 1).
import { describe, it, expect } from 'vitest';
import { createStreams, streamKey } from '../../core/random.js';

function draws(seed: number, name: string, n: number): number[] {
  const rng = createStreams(seed).stream(name);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rng.next());
  return out;
}

describe('createStreams', () => {
  it('same seed and name give identical first 1000 draws', () => {
    expect(draws(42, 'arrivals/eu-west', 1000)).toEqual(draws(42, 'arrivals/eu-west', 1000));
  });

  it('asking for the same name twice restarts the same sequence', () => {
    const streams = createStreams(7);
    const a = streams.stream('agent/beta');
    const first = [a.next(), a.next(), a.next()];
    const b = streams.stream('agent/beta');
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(b.name).toBe('agent/beta');
  });

  it('different names give different sequences', () => {
    const a = draws(42, 'arrivals/eu-west', 1000);
    const b = draws(42, 'arrivals/us-east', 1000);
    expect(a.filter((x, i) => x === b[i]).length).toBe(0);
  });

  it('a different seed gives different draws for the same name', () => {
    const a = draws(1, 'arrivals/eu-west', 1000);
    const b = draws(2, 'arrivals/eu-west', 1000);
    expect(a.filter((x, i) => x === b[i]).length).toBe(0);
  });

  it("drawing 100 000 values from stream A does not change stream B's draws", () => {
    const alone = draws(42, 'B', 1000);
    const streams = createStreams(42);
    const a = streams.stream('A');
    for (let i = 0; i < 100_000; i++) a.next();
    const b = streams.stream('B');
    const after: number[] = [];
    for (let i = 0; i < 1000; i++) after.push(b.next());
    expect(after).toEqual(alone);
  });

  it('the key of a stream is `${seed}/${name}`', () => {
    expect(streamKey(42, 'agent/beta')).toBe('42/agent/beta');
  });

  it('rejects a non-finite seed and an empty name with a RangeError', () => {
    expect(() => createStreams(Number.NaN)).toThrow(RangeError);
    expect(() => createStreams(1).stream('')).toThrow(RangeError);
  });
});

describe('uniformity of a stream', () => {
  const n = 100_000;
  const values = draws(20240601, 'uniformity', n);

  it('every draw is in [0, 1)', () => {
    expect(values.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('passes a chi-square test on 100 equal bins (critical value 148.23 = χ²(99) at 0.999)', () => {
    const bins = new Array<number>(100).fill(0);
    for (const x of values) bins[Math.floor(x * 100)]++;
    const expected = n / 100;
    const chi2 = bins.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(148.23);
  });

  it('passes a Kolmogorov–Smirnov test (critical value 1.95/√n at 0.001)', () => {
    const sorted = [...values].sort((a, b) => a - b);
    let d = 0;
    for (let i = 0; i < n; i++) {
      d = Math.max(d, (i + 1) / n - sorted[i], sorted[i] - i / n);
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
  });
});
