// The top-k share against Zipf: with no crowd, every request picks object i (0-based) with
// probability (i + 1)^−α / H(N, α), so the run's top-k share estimates p = H(k, α) / H(N, α)
// (generalized harmonic numbers H(n, α) = Σ_{r=1..n} r^−α). Draws are independent, so the count of
// top-k requests among n is Binomial(n, p): we accept |share − p| ≤ 4·√(p(1 − p)/n) (a miss has
// probability < 10^−4 per check). Fixed seeds; through the real loader, `measure.topK` and --set.
import { describe, it, expect } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';

function harmonic(n: number, alpha: number): number {
  let h = 0;
  for (let r = n; r >= 1; r--) h += r ** -alpha; // small terms first
  return h;
}

const CASES = [
  { k: 10, alpha: 0.8, objects: 1000, seed: 4 },
  { k: 50, alpha: 1.2, objects: 5000, seed: 9 },
];

describe("the run's top-k share matches H(k, α) / H(N, α) within 4 binomial standard deviations", () => {
  for (const c of CASES) {
    it(`k = ${c.k}, α = ${c.alpha}, N = ${c.objects}`, () => {
      const sets = [
        'duration=60',
        'window=10',
        `catalog.objects=${c.objects}`,
        `catalog.popularity.zipf=${c.alpha}`,
        `measure.topK=${c.k}`,
        'workload.0.base.ratePerS=1500',
      ];
      const { scenario, hash } = loadScenario('mmc', { sets, seed: c.seed });
      const { result } = runScenario(scenario, { hash, version: 'test' });
      const n = result.requests.arrived;
      const p = harmonic(c.k, c.alpha) / harmonic(c.objects, c.alpha);
      const share = result.requests.topK.requests / n;
      expect(n).toBeGreaterThan(80_000);
      expect(result.requests.topK.k).toBe(c.k);
      expect(Math.abs(share - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
      // the windows add up to the run (no warm-up here)
      expect(result.timeline.reduce((s, t) => s + t.topKRequests, 0)).toBe(result.requests.topK.requests);
    });
  }
});
