// The queue figures of a site, per window and over the run, on a hand-computed trace through the
// real data plane, clock and collector: time averages integrate the number in the site exactly,
// wait and time in the site are of the requests served, and Little's law holds exactly when no
// request is in the site at either edge of the measured time — and misses by exactly the edge terms
// when one is.
import { describe, it, expect } from 'vitest';
import { runTrace, traceScenario } from './trace-scenario.js';

// c = 1, one waiting place, one window of 10 s. Arrivals and service times (in start order 2, 2, 2):
//   A0 0    served 0 → 2                wait 0    in site 2
//   A1 1    waits 1..2, served 2 → 4    wait 1    in site 3
//   A2 2.5  waits 2.5..4, served 4 → 6  wait 1.5  in site 3.5
//   A3 3    rejected (A1 in service, A2 waiting)
// Number in the site: 1 on [0,1), 2 on [1,2), 1 on [2,2.5), 2 on [2.5,4), 1 on [4,6), 0 after:
// 1 + 2 + 0.5 + 3 + 2 = 8.5 request-seconds; waiting: 1 on [1,2) and on [2.5,4): 2.5.
const ARRIVALS = [0, 1, 2.5, 3];
const SERVICES = [2, 2, 2];

describe('a site window: time averages and the wait and time in the site of the requests it served', () => {
  const { result } = runTrace(traceScenario({ servers: 1, queueLimit: 1, durationS: 10, windowS: 10 }), ARRIVALS, SERVICES);
  const row = result.siteTimeline[0];

  it('meanInSystem is (busy + waiting) request-seconds ÷ window, beside meanQueue (waiting only)', () => {
    expect(result.siteTimeline).toHaveLength(1);
    expect(row.meanInSystem).toBeCloseTo(8.5 / 10, 12);
    expect(row.meanQueue).toBeCloseTo(2.5 / 10, 12);
  });

  it('meanWaitMs and meanSojournMs average the three served requests (the rejected one is in neither)', () => {
    expect(row.served).toBe(3);
    expect(row.meanWaitMs).toBeCloseTo(((0 + 1 + 1.5) / 3) * 1000, 9);
    expect(row.meanSojournMs).toBeCloseTo(((2 + 3 + 3.5) / 3) * 1000, 9);
  });

  it("the run's queueing block: L = λW exactly when the site is empty at both edges", () => {
    const q = result.sites[0].queueing;
    expect(q.meanInSystem).toBeCloseTo(0.85, 12);
    expect(q.meanInQueue).toBeCloseTo(0.25, 12);
    expect(q.throughputPerS).toBeCloseTo(0.3, 12);
    expect(q.meanSojournS).toBeCloseTo(8.5 / 3, 12);
    expect(q.meanWaitS).toBeCloseTo(2.5 / 3, 12);
    expect(q.littleL).toBeCloseTo(q.meanInSystem, 12);
  });

  it('the CDN of one site has the same mean wait, per window and over the run', () => {
    expect(result.cdnTimeline[0].meanWaitMs).toBeCloseTo(row.meanWaitMs, 9);
    expect(result.cdns[0].waitMs.mean).toBeCloseTo(result.sites[0].queueing.meanWaitS * 1000, 9);
    expect(result.cdns[0].waitMs.max).toBeCloseTo(1500, 0);
  });
});

describe('with a warm-up of 2.25 s: integrals over [2.25, 10], requests that arrived after it', () => {
  const { result } = runTrace(traceScenario({ servers: 1, queueLimit: 1, durationS: 10, windowS: 10, warmupS: 2.25 }), ARRIVALS, SERVICES);
  const q = result.sites[0].queueing;
  const tau = 10 - 2.25;

  it('averages the number in the site over the measured time only: 0.25 + 3 + 2 = 5.25 request-seconds', () => {
    expect(q.meanInSystem).toBeCloseTo(5.25 / tau, 12);
    expect(q.meanInQueue).toBeCloseTo(1.5 / tau, 12);
  });

  it('counts only A2 (A3, rejected, has no time in the site): λ = 1/τ, W = 3.5, Wq = 1.5', () => {
    expect(q.throughputPerS).toBeCloseTo(1 / tau, 12);
    expect(q.meanSojournS).toBeCloseTo(3.5, 12);
    expect(q.meanWaitS).toBeCloseTo(1.5, 12);
  });

  it('L − λW is exactly the warm-up edge: A1 in the site from 2.25 to 4, ÷ τ', () => {
    expect(q.meanInSystem - q.littleL).toBeCloseTo((4 - 2.25) / tau, 12);
  });
});

describe('in flight at the end: L − λW is exactly the end edge', () => {
  // the same trace cut at 5: A2 (in service since 4) is still in the site; it arrived at 2.5
  const { result } = runTrace(traceScenario({ servers: 1, queueLimit: 1, durationS: 5, windowS: 5 }), ARRIVALS, SERVICES);
  it('(5 − 2.5) ÷ 5', () => {
    const q = result.sites[0].queueing;
    expect(result.requests.inFlightAtEnd).toBe(1);
    expect(q.meanInSystem).toBeCloseTo((8.5 - 1) / 5, 12);
    expect(q.meanInSystem - q.littleL).toBeCloseTo((5 - 2.5) / 5, 12);
  });
});
