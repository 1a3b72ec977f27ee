// Closed forms of classic queues (Erlang B and C, M/M/1, M/M/c, M/M/c/K), used to validate the
// simulator and to estimate a site's response time. Rates per second, times in seconds.
// Knows nothing of CDNs.

/** Erlang B: probability that an arrival finds all c servers busy with no waiting room (offered load a = λ/μ). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= c; n++) b = (a * b) / (n + a * b);
  return b;
}

/** Erlang C: probability that an arrival must wait in M/M/c (requires a < c). */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

export interface QueueFigures {
  /** probability an arrival waits (M/M/c) or is blocked (M/M/c/K) */
  pWait: number;
  pBlock: number;
  /** mean wait in queue and mean time in system, seconds (of admitted requests) */
  wq: number;
  w: number;
  /** mean number waiting and in system */
  lq: number;
  l: number;
  utilization: number;
}

/** M/M/c with an unlimited queue (λ < cμ). */
export function mmc(lambda: number, mu: number, c: number): QueueFigures {
  const a = lambda / mu;
  if (a >= c) throw new RangeError(`M/M/c is unstable: λ/μ = ${a} ≥ c = ${c}`);
  const pWait = erlangC(c, a);
  const wq = pWait / (c * mu - lambda);
  return { pWait, pBlock: 0, wq, w: wq + 1 / mu, lq: lambda * wq, l: lambda * (wq + 1 / mu), utilization: a / c };
}

/** M/M/1 (λ < μ). */
export function mm1(lambda: number, mu: number): QueueFigures {
  return mmc(lambda, mu, 1);
}

/** M/M/c/K: c servers, at most K requests in the system (K ≥ c); arrivals finding K are blocked. */
export function mmck(lambda: number, mu: number, c: number, k: number): QueueFigures {
  if (k < c) throw new RangeError(`M/M/c/K needs K ≥ c (K = ${k}, c = ${c})`);
  const a = lambda / mu;
  const p = new Float64Array(k + 1);
  p[0] = 1;
  let norm = 1;
  for (let n = 1; n <= k; n++) {
    p[n] = (p[n - 1] * a) / Math.min(n, c);
    norm += p[n];
  }
  let l = 0;
  let lq = 0;
  let busy = 0;
  let pWait = 0;
  for (let n = 0; n <= k; n++) {
    p[n] /= norm;
    l += n * p[n];
    lq += Math.max(0, n - c) * p[n];
    busy += Math.min(n, c) * p[n];
    if (n >= c && n < k) pWait += p[n];
  }
  const pBlock = p[k];
  const lambdaEff = lambda * (1 - pBlock);
  return {
    pWait: pWait / (1 - pBlock), // of admitted arrivals, the share that waits
    pBlock,
    wq: lq / lambdaEff,
    w: l / lambdaEff,
    lq,
    l,
    utilization: busy / c,
  };
}
