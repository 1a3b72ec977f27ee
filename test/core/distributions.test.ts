// Distributions against their closed forms. Statistical checks use n = 200 000 draws from fixed seeds
// and a tolerance of 5 standard errors computed from the closed form (σ/√n for a mean,
// √((μ4 − σ⁴)/n) for a variance): a correct sampler fails one with probability < 1e-6.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createStreams } from '../../core/random.js';
import {
  boundedPareto,
  deterministic,
  exponential,
  harmonic,
  lognormal,
  uniform,
  zipfTopShare,
  PoissonProcess,
  ThinnedPoissonProcess,
  ZipfSampler,
  type Sampler,
} from '../../core/distributions.js';

const N = 200_000;
const streams = createStreams(20240601);

/** Central moments from the raw moments E[X^k], k = 1..4. */
function centralMoments(raw: (k: number) => number) {
  const m = raw(1);
  const variance = raw(2) - m * m;
  const mu4 = raw(4) - 4 * m * raw(3) + 6 * m * m * raw(2) - 3 * m ** 4;
  return { mean: m, variance, mu4 };
}

/** Sample mean and variance of n draws are within 5 standard errors of the closed forms. */
function expectMoments(sampler: Sampler, raw: (k: number) => number): void {
  const { mean, variance, mu4 } = centralMoments(raw);
  expect(sampler.mean).toBeCloseTo(mean, 10);
  let sum = 0;
  let sumSq = 0;
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = sampler.sample();
  for (const x of xs) sum += x;
  const sampleMean = sum / N;
  for (const x of xs) sumSq += (x - sampleMean) ** 2;
  const sampleVariance = sumSq / (N - 1);
  expect(Math.abs(sampleMean - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
  expect(Math.abs(sampleVariance - variance)).toBeLessThan(5 * Math.sqrt((mu4 - variance ** 2) / N));
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

describe('continuous samplers match their closed-form mean and variance (n = 200 000, 5 SE)', () => {
  it('exponential(mean 3): E[X^k] = k!·3^k', () => {
    expectMoments(exponential(streams.stream('exp'), 3), (k) => factorial(k) * 3 ** k);
  });

  it('uniform(2, 10): E[X^k] = (b^(k+1) − a^(k+1)) / ((k+1)(b − a))', () => {
    expectMoments(uniform(streams.stream('uni'), 2, 10), (k) => (10 ** (k + 1) - 2 ** (k + 1)) / ((k + 1) * 8));
  });

  it('lognormal(median 20, σ 0.5): E[X^k] = e^(kμ + k²σ²/2)', () => {
    const mu = Math.log(20);
    expectMoments(lognormal(streams.stream('logn'), 20, 0.5), (k) => Math.exp(k * mu + (k * k * 0.25) / 2));
  });

  it('lognormal sample median is the median parameter within 5 SE (SE = m·σ·√(2π)/(2√n))', () => {
    const sampler = lognormal(streams.stream('logn-median'), 20, 0.5);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = sampler.sample();
    xs.sort();
    const median = (xs[N / 2 - 1] + xs[N / 2]) / 2;
    expect(Math.abs(median - 20)).toBeLessThan((5 * 20 * 0.5 * Math.sqrt(2 * Math.PI)) / (2 * Math.sqrt(N)));
  });

  it('lognormal consecutive draws are uncorrelated in log space (Box–Muller spare; |r| < 5/√n)', () => {
    const sampler = lognormal(streams.stream('logn-pairs'), 20, 0.5);
    const mu = Math.log(20);
    let previous = (Math.log(sampler.sample()) - mu) / 0.5;
    let sumProducts = 0;
    for (let i = 1; i < N; i++) {
      const z = (Math.log(sampler.sample()) - mu) / 0.5;
      sumProducts += previous * z;
      previous = z;
    }
    expect(Math.abs(sumProducts / (N - 1))).toBeLessThan(5 / Math.sqrt(N));
  });

  for (const alpha of [1, 1.5, 2]) {
    it(`bounded Pareto(α ${alpha}, 1, 1000) matches E[X^k] = C·∫ x^(k−α−1) dx`, () => {
      const [lo, hi] = [1, 1000];
      const c = (alpha * lo ** alpha) / (1 - (lo / hi) ** alpha);
      const raw = (k: number) => (k === alpha ? c * Math.log(hi / lo) : (c * (hi ** (k - alpha) - lo ** (k - alpha))) / (k - alpha));
      expectMoments(boundedPareto(streams.stream(`pareto-${alpha}`), alpha, lo, hi), raw);
    });
  }

  it('deterministic(value) always returns value and has mean value', () => {
    const d = deterministic(0.25);
    expect([d.sample(), d.sample(), d.mean]).toEqual([0.25, 0.25, 0.25]);
  });
});

describe('bounded Pareto', () => {
  it('mean at α = 1 is H·L·ln(H/L)/(H − L) and is continuous around α = 1', () => {
    const rng = streams.stream('pareto-mean');
    expect(boundedPareto(rng, 1, 2, 50).mean).toBeCloseTo((50 * 2 * Math.log(25)) / 48, 12);
    const at1 = boundedPareto(rng, 1, 2, 50).mean;
    expect(boundedPareto(rng, 1 + 1e-9, 2, 50).mean).toBeCloseTo(at1, 7);
    expect(boundedPareto(rng, 1 - 1e-9, 2, 50).mean).toBeCloseTo(at1, 7);
  });

  it('every draw lies in [min, max] for any α, min < max', () => {
    const rng = streams.stream('pareto-bounds');
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1.000001, max: 1e6, noNaN: true }),
        (alpha, lo, ratio) => {
          const p = boundedPareto(rng, alpha, lo, lo * ratio);
          for (let i = 0; i < 1000; i++) {
            const x = p.sample();
            if (x < lo || x > lo * ratio) return false;
          }
          return true;
        },
      ),
      { seed: 1, numRuns: 100 },
    );
  });
});

describe('argument validation throws RangeError', () => {
  const rng = streams.stream('validation');
  it.each([
    ['exponential mean 0', () => exponential(rng, 0)],
    ['uniform min ≥ max', () => uniform(rng, 3, 3)],
    ['lognormal median ≤ 0', () => lognormal(rng, -1, 1)],
    ['lognormal sigma < 0', () => lognormal(rng, 1, -0.1)],
    ['Pareto alpha 0', () => boundedPareto(rng, 0, 1, 2)],
    ['Pareto min ≥ max', () => boundedPareto(rng, 1, 2, 1)],
    ['Zipf n 0', () => new ZipfSampler(rng, 0, 1)],
    ['Zipf alpha < 0', () => new ZipfSampler(rng, 10, -1)],
    ['Poisson rate 0', () => new PoissonProcess(rng, 0)],
    ['thinned maxRate 0', () => new ThinnedPoissonProcess(rng, () => 0, 0)],
  ])('%s', (_name, make) => {
    expect(make).toThrow(RangeError);
  });
});

describe('Zipf', () => {
  it('harmonic(k, α) is Σ i^−α: H(3, 1) = 11/6, H(4, 0) = 4', () => {
    expect(harmonic(3, 1)).toBeCloseTo(11 / 6, 15);
    expect(harmonic(4, 0)).toBe(4);
    expect(zipfTopShare(10, 1, 10)).toBe(1);
  });

  // 200 000 draws per case; each top-k share within 5·√(p(1−p)/draws) of zipfTopShare.
  for (const n of [1000, 10_000]) {
    for (const alpha of [0.8, 1.0]) {
      it(`empirical top-1/10/100 shares match zipfTopShare (n ${n}, α ${alpha})`, () => {
        const zipf = new ZipfSampler(streams.stream(`zipf-${n}-${alpha}`), n, alpha);
        const hits = [0, 0, 0];
        let outOfRange = 0;
        for (let i = 0; i < N; i++) {
          const rank = zipf.sample();
          if (!(rank >= 1 && rank <= n && Number.isInteger(rank))) outOfRange++;
          if (rank <= 1) hits[0]++;
          if (rank <= 10) hits[1]++;
          if (rank <= 100) hits[2]++;
        }
        expect(outOfRange).toBe(0);
        [1, 10, 100].forEach((k, j) => {
          const p = zipfTopShare(n, alpha, k);
          expect(Math.abs(hits[j] / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
        });
      });
    }
  }

  it('probability() sums to 1 over all ranks and is 0 outside 1..n', () => {
    const zipf = new ZipfSampler(streams.stream('zipf-prob'), 10_000, 0.9);
    let total = 0;
    for (let r = 1; r <= 10_000; r++) total += zipf.probability(r);
    expect(total).toBeCloseTo(1, 12);
    expect(zipf.probability(1) / zipf.probability(2)).toBeCloseTo(2 ** 0.9, 12);
    expect([zipf.probability(0), zipf.probability(10_001)]).toEqual([0, 0]);
  });

  it('α = 0 is uniform: each of 10 ranks gets 1/10 of 200 000 draws within 5 SE', () => {
    const zipf = new ZipfSampler(streams.stream('zipf-uniform'), 10, 0);
    const counts = new Array<number>(11).fill(0);
    for (let i = 0; i < N; i++) counts[zipf.sample()]++;
    for (let r = 1; r <= 10; r++) {
      expect(Math.abs(counts[r] / N - 0.1)).toBeLessThan(5 * Math.sqrt((0.1 * 0.9) / N));
    }
  });

  it('builds the alias table for n = 10^6 and draws rank 1 with probability 1/H(n, α) (5 SE)', () => {
    const n = 1_000_000;
    const zipf = new ZipfSampler(streams.stream('zipf-million'), n, 1);
    const p1 = 1 / harmonic(n, 1);
    expect(zipf.probability(1)).toBeCloseTo(p1, 14);
    let ones = 0;
    for (let i = 0; i < N; i++) if (zipf.sample() === 1) ones++;
    expect(Math.abs(ones / N - p1)).toBeLessThan(5 * Math.sqrt((p1 * (1 - p1)) / N));
  });
});

describe('Poisson processes', () => {
  it('counts in windows of length T have mean ≈ variance ≈ λT (4000 windows, λT = 50, 5 SE)', () => {
    const [rate, window, windows] = [5, 10, 4000];
    const process = new PoissonProcess(streams.stream('poisson'), rate);
    const counts = new Array<number>(windows).fill(0);
    for (let t = process.next(0); t < window * windows; t = process.next(t)) counts[Math.floor(t / window)]++;
    const lt = rate * window;
    const mean = counts.reduce((a, b) => a + b, 0) / windows;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (windows - 1);
    expect(Math.abs(mean - lt)).toBeLessThan(5 * Math.sqrt(lt / windows));
    // Poisson: μ4 = λT(1 + 3λT), so Var(s²) ≈ (μ4 − (λT)²)/windows
    expect(Math.abs(variance - lt)).toBeLessThan(5 * Math.sqrt((lt * (1 + 3 * lt) - lt * lt) / windows));
  });

  it('thinning a step rate (10/s then 50/s) gives counts within 5√(λT) of λT per interval', () => {
    const rateAt = (t: number) => (t < 100 ? 10 : t < 200 ? 50 : 0);
    const process = new ThinnedPoissonProcess(streams.stream('thinning'), rateAt, 50);
    const counts = [0, 0];
    let t = process.next(0, 300);
    for (; t !== Infinity; t = process.next(t, 300)) {
      expect(t).toBeLessThan(200); // rate 0 after 200: no arrival there
      counts[t < 100 ? 0 : 1]++;
    }
    expect(Math.abs(counts[0] - 1000)).toBeLessThan(5 * Math.sqrt(1000));
    expect(Math.abs(counts[1] - 5000)).toBeLessThan(5 * Math.sqrt(5000));
  });

  it('thinning returns Infinity once candidates pass the horizon', () => {
    const process = new ThinnedPoissonProcess(streams.stream('thinning-zero'), () => 0, 10);
    expect(process.next(0, 1000)).toBe(Infinity);
  });

  it('thinning throws a RangeError when rateAt exceeds maxRate', () => {
    const process = new ThinnedPoissonProcess(streams.stream('thinning-over'), () => 60, 50);
    expect(() => process.next(0, 1000)).toThrow(RangeError);
  });
});
