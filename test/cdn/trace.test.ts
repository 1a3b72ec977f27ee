// Exact, hand-computed traces through the real data plane and clock: explicit arrival times and
// service times, expected waits, departures and rejections worked out by hand.
import { describe, it, expect } from 'vitest';
import { createClock, callbackHandler } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane } from '../../cdn/data-plane.js';
import type { ServiceTime } from '../../cdn/service-time.js';
import type { Scenario } from '../../scenarios/types.js';

function oneSiteScenario(servers: number, queueLimit: number | null): Scenario {
  return {
    name: 'trace',
    description: '',
    seed: 1,
    durationS: 100,
    windowS: 100,
    peering: { enabled: false, control: { lossRate: 0, jitterMs: 0 } },
    regions: ['r'],
    network: { rttMs: { default: 0, sameRegion: 0, pairs: [] }, redirection: { mode: 'iterative', recursiveLookupMs: 0 } },
    origin: { region: 'r', bytesPerS: 1e9 },
    catalog: { objects: 10, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } },
    cdns: [
      {
        id: 'alpha',
        role: 'primary',
        policy: null,
        economics: { revenuePerGB: 0, costPerServerHour: 0 },
        sites: [{ id: 'r', region: 'r', servers, queueLimit, cache: null, serviceTime: { kind: 'deterministic', ms: 1 } }],
      },
    ],
    workload: [{ region: 'r', cdn: 'alpha', base: { process: 'poisson', ratePerS: 1 }, events: [], daily: null, clients: null }],
    routing: [],
    contracts: [],
    faults: [],
  };
}

/** service times handed out in order of service start */
function replay(seconds: number[]): ServiceTime {
  let i = 0;
  return { seconds: () => seconds[i++], meanSeconds: () => 0 };
}

function runTrace(servers: number, queueLimit: number | null, arrivals: number[], services: number[]) {
  const clock = createClock();
  const departures: [number, number, number][] = [];
  const dp = new DataPlane(oneSiteScenario(servers, queueLimit), clock, createStreams(1), {
    serviceTimes: [replay(services)],
    onDeparture: (d) => departures.push([d.arrivalS, d.startS, d.departureS]),
  });
  for (const t of arrivals)
    clock.scheduleAt(
      t,
      callbackHandler(() => dp.admit(0, 0, 0)),
    );
  clock.runUntil(100);
  dp.finish();
  return { departures, dp };
}

describe('hand-computed trace, c = 2, one waiting place', () => {
  // arrivals 0, 1, 2, 3, 4.5, 10; service times in start order 5, 3, 4, 2, 1.
  // A0 0→5; A1 1→4; A2 waits 2..4, served 4→8; A3 at 3 finds 2 busy + 1 waiting ⇒ rejected;
  // A4 waits 4.5..5 (A0 leaves), served 5→7; A5 10→11.
  const { departures, dp } = runTrace(2, 1, [0, 1, 2, 3, 4.5, 10], [5, 3, 4, 2, 1]);

  it('departs in the hand-computed order at the hand-computed times', () => {
    expect(departures).toEqual([
      [1, 1, 4],
      [0, 0, 5],
      [4.5, 5, 7],
      [2, 4, 8],
      [10, 10, 11],
    ]);
  });

  it('rejects exactly the arrival that found the waiting room full', () => {
    const r = dp.metrics.total;
    expect(r.arrived).toBe(6);
    expect(r.rejected).toBe(1);
    expect(r.servedLocal).toBe(5);
  });

  it('mean wait is (0 + 0 + 2 + 0.5 + 0)/5 s and mean latency (5 + 3 + 6 + 2.5 + 1)/5 s', () => {
    const r = dp.metrics.total;
    expect(r.waitSumMs / r.servedLocal).toBeCloseTo(500, 9);
    expect(r.latencySumMs / r.servedLocal).toBeCloseTo(3500, 9);
    expect(r.waited).toBe(2);
  });

  it('utilization integrates busy servers exactly: 5 + 3 + 4 + 2 + 1 = 15 server-seconds over 100 s × 2', () => {
    expect(dp.windows).toHaveLength(1);
    expect(dp.windows[0].cdns[0].utilization).toBeCloseTo(15 / 200, 12);
    expect(dp.windows[0].cdns[0].meanQueue).toBeCloseTo((2 + 0.5) / 100, 12);
  });
});

describe('ties: events at the same instant run in scheduling order', () => {
  it('an arrival scheduled before a departure due at the same instant finds the server still busy', () => {
    // c = 1, no waiting room: A0 at 0 with service 4 departs at 4. A1's arrival at 4 was scheduled at
    // set-up, before A0's departure was (at t = 0), so it runs first, finds the server busy: rejected.
    const { departures, dp } = runTrace(1, 0, [0, 4], [4, 1]);
    expect(departures).toEqual([[0, 0, 4]]);
    expect(dp.metrics.total.rejected).toBe(1);
  });
});

describe('unbounded FIFO', () => {
  it('c = 1: each request starts when the previous one leaves (Lindley recursion)', () => {
    const arrivals = [0, 0.5, 0.6, 5, 5.1];
    const services = [1, 2, 0.5, 0.2, 0.3];
    const { departures } = runTrace(1, null, arrivals, services);
    // starts: 0, 1, 3, 5, 5.2 ; departures: 1, 3, 3.5, 5.2, 5.5
    expect(departures.map(([a, s, d]) => [a, s, Number(d.toFixed(9))])).toEqual([
      [0, 0, 1],
      [0.5, 1, 3],
      [0.6, 3, 3.5],
      [5, 5, 5.2],
      [5.1, 5.2, 5.5],
    ]);
  });
});

describe('a site going down', () => {
  it('fails the requests in it and the router sends new ones to the next nearest site', () => {
    const scenario = oneSiteScenario(1, null);
    scenario.regions = ['r', 's'];
    scenario.network.rttMs = { default: 50, sameRegion: 0, pairs: [] };
    scenario.cdns[0].sites.push({ ...scenario.cdns[0].sites[0], id: 's', region: 's' });
    const clock = createClock();
    const served: [number, number][] = [];
    const dp = new DataPlane(scenario, clock, createStreams(1), {
      serviceTimes: [replay([10, 10]), replay([1])],
      onDeparture: (d) => served.push([d.siteIndex, d.departureS]),
    });
    const arrive = callbackHandler(() => dp.admit(0, 0, 0));
    clock.scheduleAt(0, arrive); // served by site r from 0, would leave at 10
    clock.scheduleAt(1, arrive); // waits at site r
    clock.scheduleAt(
      2,
      callbackHandler(() => dp.takeDown(dp.sites[0])),
    );
    clock.scheduleAt(3, arrive); // site r is down: goes to site s, 50 ms away, leaves at 4
    clock.runUntil(100);
    dp.finish();
    expect(served).toEqual([[1, 4]]);
    const t = dp.metrics.total;
    expect([t.arrived, t.failed, t.servedLocal, t.rejected]).toEqual([3, 2, 1, 0]);
    expect(t.latencySumMs).toBeCloseTo(1050, 9); // 1 s of service + the 50 ms round trip to region s
    expect(dp.requests.inFlight).toBe(0);
    expect(clock.pending).toBe(0); // the failed request's departure was cancelled
  });
});
