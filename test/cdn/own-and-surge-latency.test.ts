// Two latency views of hand-computed traces through the real data plane and collector: each CDN's
// own users' latency wherever they were served (by its sites or a peer's), per window and per run;
// and the run's latency of requests that arrived during the surge periods (flash crowds, start to
// end of ramp-down, merged across workloads) apart from those that arrived outside them.
import { describe, it, expect } from 'vitest';
import { createClock, callbackHandler } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane } from '../../cdn/data-plane.js';
import { surgePeriods } from '../../cdn/measure/surges.js';
import { ArrivalClasses, DURING_SURGE, IN_WARMUP, mergePeriods, OUTSIDE_SURGE } from '../../cdn/measure/arrival-class.js';
import type { ServiceTime } from '../../cdn/service-time.js';
import type { FlashCrowdEvent, Scenario } from '../../scenarios/types.js';
import { collectRunResult } from '../../scenarios/collect.js';
import { buildReport } from '../../reports/report.js';
import { renderCdnTimelineCsv } from '../../reports/csv.js';

const site = (id: string, region: string, servers: number) => ({
  id,
  region,
  servers,
  queueLimit: null,
  cache: null,
  serviceTime: { kind: 'deterministic' as const, ms: 1 },
});
const cdn = (id: string, role: 'primary' | 'peer', sites: ReturnType<typeof site>[]) => ({
  id,
  role,
  policy: null,
  economics: { revenuePerGB: 0, costPerServerHour: 0 },
  sites,
});
const crowd = (startS: number, rampUpS: number, sustainS: number, rampDownS: number): FlashCrowdEvent => ({
  type: 'flash-crowd',
  startS,
  rampUpS,
  sustainS,
  rampDownS,
  peak: 2,
  ramp: 'linear',
  hotSet: null,
});

/** alpha (users in r, a site in r) and beta (users in s, a site in s); r–s 50 ms; windows of 10 s over 30 s */
function twoCdns(): Scenario {
  return {
    name: 'latency-views',
    description: '',
    seed: 1,
    durationS: 30,
    windowS: 10,
    peering: { enabled: false, control: { lossRate: 0, jitterMs: 0 } },
    regions: ['r', 's'],
    network: { rttMs: { default: 50, sameRegion: 0, pairs: [] }, redirection: { mode: 'iterative', recursiveLookupMs: 0 } },
    origin: { region: 'r', bytesPerS: 1e9 },
    catalog: { objects: 10, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } },
    cdns: [cdn('alpha', 'primary', [site('r', 'r', 4)]), cdn('beta', 'peer', [site('s', 's', 4)])],
    // base rates too low for any Poisson arrival: the trace's arrivals are scheduled by hand
    workload: [
      { region: 'r', cdn: 'alpha', base: { process: 'poisson', ratePerS: 1e-12 }, events: [], daily: null, clients: null },
      { region: 's', cdn: 'beta', base: { process: 'poisson', ratePerS: 1e-12 }, events: [], daily: null, clients: null },
    ],
    routing: [],
    contracts: [],
    faults: [],
  };
}

function replay(seconds: number[]): ServiceTime {
  let i = 0;
  return { seconds: () => seconds[i++], meanSeconds: () => 1 };
}

/** runs `s` with arrivals [time, region, primary] and service times per site in start order */
function run(s: Scenario, arrivals: [number, number, number][], services: number[][]) {
  const clock = createClock();
  const dp = new DataPlane(s, clock, createStreams(1), { serviceTimes: services.map(replay) });
  for (const [t, region, primary] of arrivals)
    clock.scheduleAt(
      t,
      callbackHandler(() => dp.admit(region, primary, 0)),
    );
  dp.start();
  clock.runUntil(s.durationS);
  dp.finish();
  const result = collectRunResult(dp, null, { scenario: s, seed: 1, hash: 'h', version: 'test', events: clock.eventsFired, overrides: [] });
  return { result, report: buildReport(result) };
}

describe('each CDN’s own users’ latency, wherever they were served', () => {
  // all of alpha's users' traffic goes to beta (a static routing share of 1): an iterative
  // redirection costs the round trip twice, 2 × 50 ms. Alpha's users arrive at 1 s (service 1 s)
  // and 12 s (service 3 s); beta's at 2 s (service 2 s). Every request is served by beta's site.
  const s = twoCdns();
  s.routing = [{ cdn: 'alpha', to: 'beta', region: null, share: 1 }];
  const { result, report } = run(
    s,
    [
      [1, 0, 0],
      [2, 1, 1],
      [12, 0, 0],
    ],
    [[], [1, 2, 3]],
  );
  const rows = (id: string) => result.cdnTimeline.filter((c) => c.cdn === id);

  it('alpha’s own latency is its users’ at beta: 1.1 s and 3.1 s; alpha’s sites served nothing', () => {
    expect(report.cdns.alpha.own.latencyMs).toEqual({ mean: 2100, p50: expect.closeTo(1100, 0), p95: 3100, p99: 3100, max: 3100 });
    expect(report.cdns.alpha.latencyMs).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    expect(report.cdns.alpha.own).toMatchObject({ servedLocal: 0, servedByPeers: 2 });
  });

  it('beta’s own latency is its own user’s (2 s); its sites’ latency mixes both CDNs’ users', () => {
    expect(report.cdns.beta.own.latencyMs).toEqual({ mean: 2000, p50: 2000, p95: 2000, p99: 2000, max: 2000 });
    expect(report.cdns.beta.latencyMs.mean).toBeCloseTo((1100 + 2000 + 3100) / 3, 5); // report.json rounds to 6 decimals
    expect(report.cdns.beta.latencyMs.max).toBe(3100);
  });

  it('per window: the own users’ requests that finished in it, 0 where none did', () => {
    expect(rows('alpha').map((c) => [c.tS, c.ownLatencyP50Ms, c.ownLatencyP95Ms, c.latencyP95Ms])).toEqual([
      [0, 1100, 1100, 0],
      [10, 3100, 3100, 0],
      [20, 0, 0, 0],
    ]);
    expect(rows('beta').map((c) => [c.tS, c.ownLatencyP50Ms, c.ownLatencyP95Ms])).toEqual([
      [0, 2000, 2000],
      [10, 0, 0],
      [20, 0, 0],
    ]);
  });

  it('timeline-cdn.csv has the ownLatencyP50Ms and ownLatencyP95Ms columns', () => {
    const [header, ...lines] = renderCdnTimelineCsv(result).trim().split('\n');
    const cols = header.split(',');
    const cell = (line: string, name: string) => line.split(',')[cols.indexOf(name)];
    expect(lines.map((l) => [cell(l, 'cdn'), cell(l, 'ownLatencyP50Ms'), cell(l, 'ownLatencyP95Ms')])).toEqual([
      ['alpha', '1100', '1100'],
      ['beta', '2000', '2000'],
      ['alpha', '3100', '3100'],
      ['beta', '0', '0'],
      ['alpha', '0', '0'],
      ['beta', '0', '0'],
    ]);
  });

  it('a CDN without users of its own reports zeros', () => {
    const t = twoCdns();
    t.workload = [t.workload[0]];
    const { report: r } = run(t, [[1, 0, 0]], [[1], []]);
    expect(r.cdns.beta.own.latencyMs).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    expect(r.cdns.alpha.own.latencyMs.max).toBe(1000);
  });
});

describe('surge periods', () => {
  it('are each workload’s crowds from start to end of ramp-down, cut at the end of the run, in workload order', () => {
    const s = twoCdns();
    s.workload[0].events = [crowd(5, 2, 3, 4), crowd(40, 1, 1, 1)]; // 5 → 14; the second starts after the end
    s.workload[1].events = [crowd(25, 2, 10, 0)]; // 25 → 37, cut to 30
    expect(surgePeriods(s)).toEqual([
      { region: 'r', cdn: 'alpha', startS: 5, endS: 14 },
      { region: 's', cdn: 'beta', startS: 25, endS: 30 },
    ]);
  });

  const periods = [
    { startS: 50, endS: 60 },
    { startS: 15, endS: 30 },
    { startS: 10, endS: 20 },
    { startS: 30, endS: 40 },
    { startS: 70, endS: 70 },
  ];

  it('merge into their union: overlapping and touching periods joined, empty ones dropped, in time order', () => {
    expect(mergePeriods(periods)).toEqual([
      { startS: 10, endS: 40 },
      { startS: 50, endS: 60 },
    ]);
  });

  it('class each arrival by its time: during a period (half-open) or outside every one', () => {
    const classes = new ArrivalClasses(0, periods);
    const times = [0, 9.99, 10, 25, 39.99, 40, 49, 50, 59.99, 60, 70, 1e9];
    const [O, D] = [OUTSIDE_SURGE, DURING_SURGE];
    expect(times.map((t) => classes.at(t))).toEqual([O, O, D, D, D, O, O, D, D, O, O, O]);
  });

  it('class every arrival before the warm-up’s end as warm-up, surge or not', () => {
    const classes = new ArrivalClasses(55, periods);
    expect(classes.pieces).toEqual([
      { startS: 0, endS: 55, cls: IN_WARMUP },
      { startS: 55, endS: 60, cls: DURING_SURGE },
      { startS: 60, endS: Infinity, cls: OUTSIDE_SURGE },
    ]);
    expect([0, 12, 54.99, 55, 59, 60].map((t) => classes.at(t))).toEqual([IN_WARMUP, IN_WARMUP, IN_WARMUP, DURING_SURGE, DURING_SURGE, OUTSIDE_SURGE]);
    expect(new ArrivalClasses(0, []).pieces).toEqual([{ startS: 0, endS: Infinity, cls: OUTSIDE_SURGE }]);
  });
});

describe('latency during and outside the surges, by arrival time', () => {
  // crowds of alpha's users over [10, 20) and of beta's over [15, 25): the union is [10, 25).
  // Arrivals (all of alpha's users, served at alpha's site) and their service times:
  //   5 s → 1 s (outside), 10 s → 2 s (during), 24.9 s → 3 s (during; it finishes after the crowds,
  //   and counts by arrival), 25 s → 4 s (outside: the period is half-open), 26 s → 3 s (outside)
  const s = twoCdns();
  s.workload[0].events = [crowd(10, 5, 0, 5)];
  s.workload[1].events = [crowd(15, 0, 10, 0)];
  const arrivals: [number, number, number][] = [5, 10, 24.9, 25, 26].map((t) => [t, 0, 0]);
  const services = [[1, 2, 3, 4, 3], []];

  it('splits the served requests by their arrival time: 2 during (2 s, 3 s), 3 outside (1 s, 4 s, 3 s)', () => {
    const { report } = run(s, arrivals, services);
    expect(report.surges.periods).toEqual([
      { region: 'r', cdn: 'alpha', startS: 10, endS: 20 },
      { region: 's', cdn: 'beta', startS: 15, endS: 25 },
    ]);
    expect(report.surges.served).toEqual({ during: 2, outside: 3 });
    expect(report.surges.latencyMs.during).toMatchObject({ mean: 2500, p50: 2000, max: 3000 });
    expect(report.surges.latencyMs.outside).toMatchObject({ mean: expect.closeTo(8000 / 3, 5), p50: expect.closeTo(3000, 0), max: 4000 }); // p50: a histogram bucket
    expect(report.surges.served.during + report.surges.served.outside).toBe(report.requests.served);
  });

  it('leaves out the warm-up: with a 6 s warm-up the arrival at 5 s counts nowhere', () => {
    const { report } = run({ ...s, warmupS: 6 }, arrivals, services);
    expect(report.surges.served).toEqual({ during: 2, outside: 2 });
    expect(report.surges.latencyMs.outside).toMatchObject({ mean: 3500, max: 4000 });
  });

  it('is null for a part no request falls in: no surges, or every request during one', () => {
    const plain = run(twoCdns(), arrivals, services).report.surges;
    expect(plain.periods).toEqual([]);
    expect(plain.latencyMs.during).toBeNull();
    expect(plain.latencyMs.outside).toMatchObject({ mean: 2600, max: 4000 });
    const all = twoCdns();
    all.workload[0].events = [crowd(0, 0, 30, 0)];
    const during = run(all, arrivals, services).report.surges;
    expect(during.latencyMs.outside).toBeNull();
    expect(during.served).toEqual({ during: 5, outside: 0 });
  });
});
