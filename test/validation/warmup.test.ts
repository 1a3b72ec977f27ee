// The warm-up against queueing theory: an M/M/c queue (the ready `mmc` scenario, c = 2, ρ = 0.9)
// starts empty, so the first requests wait less than in steady state (initialization bias). With
// the warm-up excluded, the mean wait matches Erlang C; the ensemble mean of the first window over
// many replications (Welch's method) shows the bias the warm-up removes.
//
// Design: R = 200 independent replications (seeds 1…200) of a 20 s run with a 10 s warm-up, 2 s
// windows. The queue relaxes with time constant ≈ 1/(cμ(1 − √ρ)²) ≈ 1.9 s, so 10 s is over five
// of them. Each replication gives one post-warm-up mean wait (report waitMs.mean) and one mean
// wait of the first window; replications are independent, so the standard error of their average
// is SD/√R. We accept |average − theory| ≤ 4·SE (two-sided p < 10⁻⁴ for a normal average of 200),
// assert SE/theory ≤ 5% so that band constrains, and require the first window's average to lie
// more than 4 of its own SEs below theory. (The whole-run estimate without a warm-up is biased by
// only a few percent at this run length, about its noise over 200 replications, so no claim on it.)
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { mmc } from '../../core/queueing-theory.js';

const R = 200;
const SERVERS = 2;
const MU = 100; // per server: exponential service with mean 10 ms
const LAMBDA = 0.9 * SERVERS * MU;

function meanAndSe(xs: number[]) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, se: sd / Math.sqrt(xs.length) };
}

describe('M/M/c from an empty start: the warm-up removes the initialization bias', () => {
  const sets = [
    'duration=20s',
    'window=2s',
    'warmup=10s',
    `workload.0.base.ratePerS=${LAMBDA}`,
    `cdns.alpha.sites.0.servers=${SERVERS}`,
    'catalog.objects=1', // no cache: the catalog only costs set-up time here
  ];
  const { scenario, hash } = loadScenario('mmc', { sets });
  const postWarmup: number[] = [];
  const firstWindow: number[] = [];
  for (let seed = 1; seed <= R; seed++) {
    const { result } = runScenario(scenario, { hash, version: 'test', seed });
    postWarmup.push(result.waitMs.mean);
    firstWindow.push(result.timeline[0].waitMeanMs);
  }
  const theory = mmc(LAMBDA, MU, SERVERS).wq * 1000; // Erlang C: 42.63 ms

  it('the mean wait of requests arriving after the warm-up matches Erlang C within 4 standard errors', () => {
    const post = meanAndSe(postWarmup);
    expect(post.se / theory).toBeLessThan(0.05);
    expect(Math.abs(post.mean - theory)).toBeLessThanOrEqual(4 * post.se);
  });

  it('the first window of an initially empty system waits less than Erlang C by more than 4 standard errors', () => {
    const first = meanAndSe(firstWindow);
    expect(theory - first.mean).toBeGreaterThan(4 * first.se);
  });
});
