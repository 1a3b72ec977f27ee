// Redirection rules against queueing theory, through the real loader and engine. A primary (alpha)
// with c exponential servers (μ = 100/s each) and Poisson arrivals, a peer (beta) with servers to
// spare, all RTTs 0. Overflow from c servers with no waiting room offloads exactly the Erlang B
// fraction B(c, a); a threshold at K turns the primary into M/M/c/K, offloading its blocking
// probability P_K; the SLA controller settles at the smallest offload whose own-delivery mean (or
// p95) latency is the target. Tolerances: batch means over 20 windows, |simulated − theory| ≤ 4·SE
// (./batch-means); the controller's share by batch means over the 20 batches of the steps of its
// second half, |mean share − exact| ≤ 4·SE + 0.005, the allowance being the controller's residual
// bias from its own fluctuation (latency is convex in the share; measured ≤ 0.004 here).
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { erlangB, mmc, mmck } from '../../core/queueing-theory.js';
import { tempDir } from '../cli/helpers.js';
import { BATCHES, batchMeans, expectWithin } from './batch-means.js';
import type { TimelineRow } from '../../cdn/measure/sensors.js';

interface Case {
  lambda: number;
  servers: number;
  queueLimit: number | null;
  rule: unknown;
  share?: number;
  requests: number;
  seed: number;
}

function simulate(c: Case) {
  const durationS = Math.ceil(c.requests / c.lambda / BATCHES) * BATCHES;
  const doc = {
    name: 'redirection-rule',
    seed: c.seed,
    duration: durationS,
    window: durationS / BATCHES,
    peering: { enabled: false },
    regions: ['local'],
    network: { rttMs: { default: 0, sameRegion: 0 } },
    cdns: [
      {
        id: 'alpha',
        role: 'primary',
        sites: [{ region: 'local', servers: c.servers, queueLimit: c.queueLimit, serviceTime: { exponential: { meanMs: 10 } } }],
      },
      { id: 'beta', role: 'peer', sites: [{ region: 'local', servers: 1000, serviceTime: { exponential: { meanMs: 10 } } }] },
    ],
    workload: [{ region: 'local', cdn: 'alpha', base: { process: 'poisson', ratePerS: c.lambda } }],
    routing: [{ cdn: 'alpha', to: 'beta', rule: c.rule, ...(c.share === undefined ? {} : { share: c.share }) }],
  };
  const file = join(tempDir(), 'rule.yaml');
  writeFileSync(file, YAML.stringify(doc));
  const { scenario, hash } = loadScenario(file, {});
  return runScenario(scenario, { hash, version: 'test' });
}

const offloaded = (rows: TimelineRow[]) =>
  batchMeans(
    rows,
    (r) => r.servedByPeers,
    (r) => r.arrived,
  );

describe('overflow redirection offloads the Erlang B fraction', () => {
  for (const [servers, a] of [
    [10, 8],
    [5, 5],
  ] as const) {
    it(`c = ${servers}, a = ${a}: offloaded share = B(c, a), nothing rejected, nobody waits`, () => {
      const { result } = simulate({ lambda: a * 100, servers, queueLimit: 0, rule: 'overflow', requests: 400_000, seed: 3 });
      expectWithin(offloaded(result.timeline), erlangB(servers, a));
      expect(result.requests.rejected).toBe(0);
      expect(result.requests.waited).toBe(0);
    });
  }
});

describe('threshold redirection at K offloads the M/M/c/K blocking probability', () => {
  for (const rho of [0.9, 1.2]) {
    it(`c = 2, K = 10, ρ = ${rho}: offloaded share = P_K, the primary's wait is M/M/c/K's`, () => {
      const lambda = rho * 200;
      const { result } = simulate({ lambda, servers: 2, queueLimit: null, rule: { threshold: 10 }, requests: 400_000, seed: 5 });
      const theory = mmck(lambda, 100, 2, 10);
      expectWithin(offloaded(result.timeline), theory.pBlock);
      expect(result.requests.rejected).toBe(0);
    });
  }

  it('a threshold share below 1 redirects that fraction of the triggered requests', () => {
    const lambda = 240;
    const { result } = simulate({ lambda, servers: 2, queueLimit: 0, rule: { threshold: 2 }, share: 0.5, requests: 200_000, seed: 8 });
    // with no waiting room a triggered request that stays is rejected: offload = rejections
    const rows = result.timeline;
    const offload = rows.reduce((s, r) => s + r.servedByPeers, 0);
    const rejected = rows.reduce((s, r) => s + r.rejected, 0);
    expect(Math.abs(offload - rejected)).toBeLessThan(4 * Math.sqrt(offload + rejected));
  });
});

/** the smallest offload p with W(λ(1 − p)) ≤ target for M/M/c (bisection on p) */
function smallestOffload(lambda: number, mu: number, c: number, targetS: number, statistic: (l: number) => number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const p = (lo + hi) / 2;
    const l = lambda * (1 - p);
    if (l < c * mu && statistic(l) <= targetS) hi = p;
    else lo = p;
  }
  return hi;
}

describe('the SLA controller lands on the smallest offload that meets the target', () => {
  const cases = [
    { what: 'M/M/1 mean 50 ms', lambda: 90, servers: 1, sla: { meanMs: 50 }, statistic: (l: number) => mmc(l, 100, 1).w },
    { what: 'M/M/4 mean 15 ms', lambda: 380, servers: 4, sla: { meanMs: 15 }, statistic: (l: number) => mmc(l, 100, 4).w },
    // M/M/1 sojourn is exponential with rate μ − λ: p95 = ln 20 / (μ − λ)
    { what: 'M/M/1 p95 150 ms', lambda: 90, servers: 1, sla: { p95Ms: 150 }, statistic: (l: number) => Math.log(20) / (100 - l) },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const targetMs = c.sla.meanMs ?? c.sla.p95Ms;
      const exact = smallestOffload(c.lambda, 100, c.servers, (targetMs as number) / 1000, c.statistic);
      const { dataPlane } = simulate({
        lambda: c.lambda,
        servers: c.servers,
        queueLimit: null,
        rule: { sla: { ...c.sla, interval: 5, gain: 0.02 } },
        requests: 3_000_000,
        seed: 13,
      });
      const [controller] = dataPlane.slaControllers.history();
      const steps = controller.steps.slice(controller.steps.length / 2);
      const batch = steps.length / BATCHES;
      const means = Array.from({ length: BATCHES }, (_, b) => steps.slice(b * batch, (b + 1) * batch).reduce((s, x) => s + x.share, 0) / batch);
      const mean = means.reduce((a, b) => a + b, 0) / BATCHES;
      const se = Math.sqrt(means.reduce((s, m) => s + (m - mean) ** 2, 0) / (BATCHES - 1) / BATCHES);
      expect(se).toBeLessThan(0.005);
      expect(Math.abs(mean - exact)).toBeLessThanOrEqual(4 * se + 0.005);
    });
  }
});
