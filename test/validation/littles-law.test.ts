// Little's law per site, through the real loader and engine on the ready `mmc` scenario reshaped
// with --set, with a warm-up of one window.
//
// 1. L = λW from the outputs. The site's queueing block integrates the number in the site N(t) over
//    [w, T] (τ = T − w) and averages the stays of the requests that arrived in [w, T] and were served
//    by T. Since every request's stay is an interval, τ·(L − λW) = B_w + B_T exactly (no site fails
//    here): B_w, the time after w spent by requests that arrived before it; B_T, the time up to T
//    spent by those still in the site at T. Both are ≥ 0 and at most (requests in the site at that
//    edge) × (the longest stay A). The number in the site at an edge is ≤ c + queueAtEnd of the
//    window closing there. A = 0.5 s is a safe bound here: a stay is a wait plus an exponential
//    service of mean 10 ms, P(service > 0.5 s) = e^−50, and P(wait > 0.5 s) ≤ e^−(cμ−λ)·0.5 ≤ e^−50
//    for the queues below, over < 10^6 requests. So 0 ≤ L − λW ≤ (N_w + N_T)·A/τ, checked with a
//    1e−9 relative slack for rounding.
// 2. L against theory: batch means over the windows after the warm-up (20 batches of 30 s, the
//    queues relax in well under a second), |L̂ − L| ≤ 4·SE as in queueing.test.ts, with SE/L ≤ 5 %.
import { describe, it, expect } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { mmc, mmck, type QueueFigures } from '../../core/queueing-theory.js';

const WINDOW_S = 30;
const BATCHES = 20;
const MAX_STAY_S = 0.5;

function simulate(q: { lambda: number; servers: number; queueLimit: number | null; seed: number }) {
  const durationS = WINDOW_S * (BATCHES + 1);
  const sets = [
    `duration=${durationS}`,
    `window=${WINDOW_S}`,
    `warmup=${WINDOW_S}`,
    `workload.0.base.ratePerS=${q.lambda}`,
    `cdns.alpha.sites.0.servers=${q.servers}`,
    `cdns.alpha.sites.0.queueLimit=${q.queueLimit ?? 'null'}`,
  ];
  const { scenario, hash } = loadScenario('mmc', { sets, seed: q.seed });
  return runScenario(scenario, { hash, version: 'test' }).result;
}

const CASES: { name: string; lambda: number; servers: number; queueLimit: number | null; seed: number; theory: () => QueueFigures }[] = [
  { name: 'M/M/16, ρ = 0.9', lambda: 1440, servers: 16, queueLimit: null, seed: 21, theory: () => mmc(1440, 100, 16) },
  { name: 'M/M/2/10, ρ = 1.2', lambda: 240, servers: 2, queueLimit: 8, seed: 22, theory: () => mmck(240, 100, 2, 10) },
];

describe("Little's law per site: L (time average) against λW (from the requests) and against theory", () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const result = simulate(c);
      const q = result.sites[0].queueing;
      const rows = result.siteTimeline;
      const tau = result.durationS - result.warmupS;

      it('0 ≤ L − λW ≤ (requests in the site at the two edges) × the longest stay ÷ τ', () => {
        const atWarmupEnd = c.servers + rows[0].queueAtEnd;
        const atEnd = c.servers + rows[rows.length - 1].queueAtEnd;
        const bound = ((atWarmupEnd + atEnd) * MAX_STAY_S) / tau;
        const gap = q.meanInSystem - q.littleL;
        expect(gap).toBeGreaterThanOrEqual(-1e-9 * q.meanInSystem);
        expect(gap).toBeLessThanOrEqual(bound);
        expect(bound / q.meanInSystem).toBeLessThan(0.02); // a real constraint
        expect(q.littleL).toBeCloseTo(q.throughputPerS * q.meanSojournS, 9);
        expect(q.meanInQueue).toBeLessThan(q.meanInSystem);
      });

      it('L matches the closed form within 4 batch-means standard errors', () => {
        const measured = rows.filter((r) => !r.warmup);
        expect(measured).toHaveLength(BATCHES);
        const means = measured.map((r) => r.meanInSystem);
        const avg = means.reduce((a, b) => a + b, 0) / means.length;
        const se = Math.sqrt(means.reduce((s, m) => s + (m - avg) ** 2, 0) / (means.length - 1)) / Math.sqrt(means.length);
        const theory = c.theory();
        expect(se / theory.l).toBeLessThan(0.05);
        expect(Math.abs(q.meanInSystem - theory.l)).toBeLessThanOrEqual(4 * se);
        // Lq too, from the same windows
        const lq = measured.map((r) => r.meanQueue);
        const lqAvg = lq.reduce((a, b) => a + b, 0) / lq.length;
        const lqSe = Math.sqrt(lq.reduce((s, m) => s + (m - lqAvg) ** 2, 0) / (lq.length - 1)) / Math.sqrt(lq.length);
        expect(Math.abs(q.meanInQueue - theory.lq)).toBeLessThanOrEqual(4 * lqSe);
      });
    });
  }
});
