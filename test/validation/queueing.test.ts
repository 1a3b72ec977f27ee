// The simulator against queueing theory, through the real scenario loader and engine: the ready
// `mmc` scenario (one site, Poisson arrivals, exponential service, all RTTs 0) reshaped with --set.
//
// Tolerance: each run is cut into B = 20 equal windows used as batches (a window is ≥ 100 s while
// the slowest queue here relaxes in ~4 s, so batch means are close to independent). The standard
// error of the run's mean is SD(batch means)/√B, and we accept |simulated − theory| ≤ 4·SE
// (two-sided p < 0.001 for a t distribution with 19 degrees of freedom). Every test also asserts
// SE/theory is small (≤ 5%), so the 4·SE band is a real constraint, never a vacuous one.
import { describe, it, expect } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { erlangB, mmc, mmck } from '../../core/queueing-theory.js';
import type { TimelineRow } from '../../cdn/measure/sensors.js';
import { BATCHES, batchMeans, expectWithin } from './batch-means.js';

interface Queue {
  lambda: number;
  meanServiceMs: number;
  servers: number;
  queueLimit?: number;
  requests: number;
  seed: number;
}

function simulate(q: Queue) {
  const durationS = Math.ceil(q.requests / q.lambda / BATCHES) * BATCHES;
  const sets = [
    `duration=${durationS}`,
    `window=${durationS / BATCHES}`,
    `workload.0.base.ratePerS=${q.lambda}`,
    `cdns.alpha.sites.0.servers=${q.servers}`,
    `cdns.alpha.sites.0.serviceTime={exponential: {meanMs: ${q.meanServiceMs}}}`,
    `cdns.alpha.sites.0.queueLimit=${q.queueLimit ?? 'null'}`,
  ];
  const { scenario, hash } = loadScenario('mmc', { sets, seed: q.seed });
  const { result } = runScenario(scenario, { hash, version: 'test' });
  expect(result.timeline.length).toBe(BATCHES);
  return result;
}

const served = (r: TimelineRow) => r.servedLocal;
const meanWait = (rows: TimelineRow[]) => batchMeans(rows, (r) => r.waitMeanMs * r.servedLocal, served);
const meanLatency = (rows: TimelineRow[]) => batchMeans(rows, (r) => r.latencyMeanMs * r.servedLocal, served);
const waitedShare = (rows: TimelineRow[]) => batchMeans(rows, (r) => r.waitedShare * r.servedLocal, served);
const blockedShare = (rows: TimelineRow[]) =>
  batchMeans(
    rows,
    (r) => r.rejected,
    (r) => r.arrived,
  );

describe('M/M/1 matches W = 1/(μ−λ) and Wq = ρ/(μ−λ)', () => {
  for (const rho of [0.5, 0.9]) {
    it(`ρ = ${rho}`, () => {
      const q: Queue = { lambda: rho * 100, meanServiceMs: 10, servers: 1, requests: rho > 0.8 ? 800_000 : 200_000, seed: 11 };
      const result = simulate(q);
      const theory = mmc(q.lambda, 100, 1);
      expectWithin(meanLatency(result.timeline), theory.w * 1000);
      expectWithin(meanWait(result.timeline), theory.wq * 1000);
      expect(result.requests.rejected).toBe(0);
    });
  }
});

describe('M/M/c matches Erlang C (probability of waiting and mean wait)', () => {
  const cases = [
    { servers: 16, rho: 0.9, requests: 800_000 },
    { servers: 4, rho: 0.95, requests: 800_000 },
    { servers: 8, rho: 0.7, requests: 300_000 },
  ];
  for (const c of cases) {
    it(`c = ${c.servers}, ρ = ${c.rho}`, () => {
      const lambda = (c.rho * c.servers) / 0.01;
      const result = simulate({ lambda, meanServiceMs: 10, servers: c.servers, requests: c.requests, seed: 7 });
      const theory = mmc(lambda, 100, c.servers);
      expectWithin(waitedShare(result.timeline), theory.pWait);
      expectWithin(meanWait(result.timeline), theory.wq * 1000);
      expectWithin(meanLatency(result.timeline), theory.w * 1000);
    });
  }
});

describe('Erlang B: with no waiting room the blocked share is B(c, a) and nobody waits', () => {
  for (const [servers, a] of [
    [10, 8],
    [5, 5],
  ] as const) {
    it(`c = ${servers}, a = ${a}`, () => {
      const lambda = a * 100;
      const result = simulate({ lambda, meanServiceMs: 10, servers, queueLimit: 0, requests: 400_000, seed: 3 });
      expectWithin(blockedShare(result.timeline), erlangB(servers, a));
      expect(result.waitMs.max).toBe(0);
      expect(result.requests.waited).toBe(0);
    });
  }
});

describe('M/M/c/K matches its closed form (blocking, mean wait, time in system)', () => {
  for (const rho of [0.9, 1.2]) {
    it(`c = 2, K = 10, ρ = ${rho}`, () => {
      const lambda = rho * 200;
      const result = simulate({ lambda, meanServiceMs: 10, servers: 2, queueLimit: 8, requests: 400_000, seed: 5 });
      const theory = mmck(lambda, 100, 2, 10);
      expectWithin(blockedShare(result.timeline), theory.pBlock);
      expectWithin(meanWait(result.timeline), theory.wq * 1000);
      expectWithin(meanLatency(result.timeline), theory.w * 1000);
    });
  }
});

describe('accounting', () => {
  it('arrived = served + rejected + failed + in flight at the end', () => {
    const r = simulate({ lambda: 240, meanServiceMs: 10, servers: 2, queueLimit: 3, requests: 50_000, seed: 9 }).requests;
    expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
    expect(r.rejected).toBeGreaterThan(0);
  });
});
