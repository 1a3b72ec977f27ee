// The warm-up through the real data plane, clock and collector, on a hand-computed trace: a request
// counts in the run's statistics iff it arrives at or after the warm-up; the windows stay whole and
// those inside the warm-up are marked; utilization is averaged over [warm-up, end].
import { describe, it, expect } from 'vitest';
import { createClock, callbackHandler } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane } from '../../cdn/data-plane.js';
import type { ServiceTime } from '../../cdn/service-time.js';
import type { Scenario } from '../../scenarios/types.js';
import { collectRunResult } from '../../scenarios/collect.js';
import { buildReport } from '../../reports/report.js';
import { renderCdnTimelineCsv, renderTimelineCsv } from '../../reports/csv.js';

/** one site, c = 1, one waiting place, a cache; windows of 8 s over 40 s; Poisson arrivals too rare to ever happen */
function scenario(warmupS: number | undefined): Scenario {
  return {
    name: 'warmup-trace',
    description: '',
    seed: 1,
    durationS: 40,
    windowS: 8,
    ...(warmupS === undefined ? {} : { warmupS }),
    peering: { enabled: false, control: { lossRate: 0, jitterMs: 0 } },
    regions: ['r'],
    network: { rttMs: { default: 0, sameRegion: 0, pairs: [] }, redirection: { mode: 'iterative', recursiveLookupMs: 0 } },
    origin: { region: 'r', bytesPerS: 1e18 },
    catalog: { objects: 10, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } },
    cdns: [
      {
        id: 'alpha',
        role: 'primary',
        policy: null,
        economics: { revenuePerGB: 1e6, costPerServerHour: 0 },
        sites: [{ id: 'r', region: 'r', servers: 1, queueLimit: 1, cache: { capacityBytes: 1e6 }, serviceTime: { kind: 'deterministic', ms: 1 } }],
      },
    ],
    workload: [{ region: 'r', cdn: 'alpha', base: { process: 'poisson', ratePerS: 1e-12 }, events: [], daily: null, clients: null }],
    routing: [],
    contracts: [],
    faults: [],
  };
}

/** service times handed out in order of service start */
function replay(seconds: number[]): ServiceTime {
  let i = 0;
  return { seconds: () => seconds[i++], meanSeconds: () => 1 };
}

// Warm-up 10 s. Arrivals (time, object) and what becomes of them (c = 1, one waiting place):
//   A  0    obj 0  served 0 → 5        warm-up   cache miss
//   B  7.5  obj 0  served 7.5 → 11.5   warm-up   hit (in flight when the warm-up ends)
//   C  9.5  obj 1  waits, 11.5 → 12.5  warm-up   miss
//   D  9.8  obj 1  rejected (B in service, C waiting)          warm-up
//   E 10    obj 1  rejected (B in service, C waiting)          counts: it arrives at the warm-up's end
//   F 12    obj 1  waits 0.5 s, 12.5 → 14.5, latency 2.5 s     counts   hit
//   G 20    obj 2  served 20 → 23, latency 3 s                 counts   miss
//   H 38    obj 0  served from 38, in flight at the end (40)   counts   hit
const ARRIVALS: [number, number][] = [
  [0, 0],
  [7.5, 0],
  [9.5, 1],
  [9.8, 1],
  [10, 1],
  [12, 1],
  [20, 2],
  [38, 0],
];
const SERVICES = [5, 4, 1, 2, 3, 5]; // A, B, C, F, G, H

function run(warmupS: number | undefined) {
  const s = scenario(warmupS);
  const clock = createClock();
  const dp = new DataPlane(s, clock, createStreams(1), { serviceTimes: [replay(SERVICES)] });
  for (const [t, object] of ARRIVALS)
    clock.scheduleAt(
      t,
      callbackHandler(() => dp.admit(0, 0, object)),
    );
  dp.start();
  clock.runUntil(s.durationS);
  dp.finish();
  const result = collectRunResult(dp, null, { scenario: s, seed: 1, hash: 'h', version: 'test', events: clock.eventsFired, overrides: [] });
  return { dp, result, report: buildReport(result) };
}

describe('a request counts iff it arrives at or after the warm-up (hand-computed trace, warm-up 10 s)', () => {
  const { result, report } = run(10);

  it('counts E, F, G and H only: 4 arrived = 2 served + 1 rejected + 0 failed + 1 in flight', () => {
    expect(report.warmupS).toBe(10);
    expect(report.requests).toMatchObject({ arrived: 4, served: 2, servedLocal: 2, rejected: 1, failed: 0, inFlightAtEnd: 1 });
    const r = report.requests;
    expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
    expect(report.cdns.alpha).toMatchObject({ arrived: 4, served: 2, rejected: 1, failed: 0 });
    expect(report.cdns.alpha.own).toMatchObject({ arrived: 4, servedLocal: 2, servedByPeers: 0, rejected: 1, failed: 0 });
  });

  it('latency and wait are F’s and G’s: latency 2.5 s and 3 s, wait 0.5 s and 0', () => {
    expect(result.latencyMs.mean).toBeCloseTo(2750, 6);
    expect(result.latencyMs.max).toBeCloseTo(3000, 6);
    expect(result.latencyMs.p50).toBeCloseTo(2500, 0); // a histogram bucket: within 0.025 %
    expect(result.waitMs.mean).toBeCloseTo(250, 9);
    expect(result.waitMs.max).toBeCloseTo(500, 9);
    expect(result.requests.waited).toBe(1);
    expect(result.cdns[0].own.latencyMs.mean).toBeCloseTo(2750, 6);
  });

  it('cache lookups are those of F, G and H (hit, miss, hit): hit ratio 2/3', () => {
    expect(result.cdns[0].cache).toEqual({ hits: 2, misses: 1 });
    expect(report.cdns.alpha.cacheHitRatio).toBeCloseTo(2 / 3, 6);
  });

  it('utilization is averaged over [10, 40]: B 1.5 + C 1 + F 2 + G 3 + H 2 = 9.5 server-seconds of 30', () => {
    expect(result.cdns[0].utilization.mean).toBeCloseTo(9.5 / 30, 12);
    // max over the windows not inside the warm-up: [8, 16) had B 3.5 + C 1 + F 2 = 6.5 s of 8
    expect(result.cdns[0].utilization.max).toBeCloseTo(6.5 / 8, 12);
  });

  it('keeps every window whole and marks only [0, 8) as inside the warm-up', () => {
    expect(result.timeline.map((t) => [t.tS, t.arrived, t.servedLocal, t.rejected, t.warmup])).toEqual([
      [0, 2, 1, 0, true],
      [8, 4, 3, 2, false],
      [16, 1, 1, 0, false],
      [24, 0, 0, 0, false],
      [32, 1, 0, 0, false],
    ]);
    expect(result.cdnTimeline.map((c) => c.warmup)).toEqual([true, false, false, false, false]);
    expect(result.siteTimeline.map((c) => c.warmup)).toEqual([true, false, false, false, false]);
    expect(report.timeline.map((t) => t.warmup)).toEqual([true, false, false, false, false]);
  });

  it('marks the warm-up windows in both timeline CSVs', () => {
    const column = (csv: string) => {
      const [header, ...rows] = csv.trim().split('\n');
      const at = header.split(',').indexOf('warmup');
      return rows.map((r) => r.split(',')[at]);
    };
    expect(column(renderTimelineCsv(result))).toEqual(['1', '0', '0', '0', '0']);
    expect(column(renderCdnTimelineCsv(result))).toEqual(['1', '0', '0', '0', '0']);
  });

  it('reckons economics over the whole run: content revenue on all 5 served requests’ bytes (A, B, C, F, G)', () => {
    expect(result.cdns[0].ownBytesServed).toBe(2 * 1000);
    expect(result.cdns[0].runOwnBytesServed).toBe(5 * 1000);
    expect(report.cdns.alpha.economics.contentRevenue).toBeCloseTo((5000 / 1e9) * 1e6, 9);
  });
});

describe('without a warm-up every request counts', () => {
  const { result, report } = run(undefined);

  it('8 arrived = 5 served + 2 rejected + 1 in flight, and utilization is over the whole run (17 of 40 server-seconds)', () => {
    expect(report.warmupS).toBe(0);
    expect(report.requests).toMatchObject({ arrived: 8, served: 5, rejected: 2, failed: 0, inFlightAtEnd: 1 });
    expect(result.cdns[0].utilization.mean).toBeCloseTo(17 / 40, 12);
    expect(result.cdns[0].cache).toEqual({ hits: 3, misses: 3 });
    expect(result.timeline.every((t) => !t.warmup)).toBe(true);
  });

  it('the warm-up changes no window: the same rows with and without it, but for the mark', () => {
    const warm = run(10).result;
    const strip = <T extends { warmup: boolean }>(rows: T[]) => rows.map(({ warmup: _w, ...rest }) => rest);
    expect(strip(warm.timeline)).toEqual(strip(result.timeline));
    expect(strip(warm.cdnTimeline)).toEqual(strip(result.cdnTimeline));
    expect(strip(warm.siteTimeline)).toEqual(strip(result.siteTimeline));
  });
});

describe('a request of the warm-up that fails after it does not count', () => {
  it('a site going down at 11 s fails B (warm-up) and C (warm-up): the run counts no failure', () => {
    const s = scenario(10);
    s.faults = [{ type: 'site-down', atS: 11, cdn: 'alpha', region: 'r', forS: 1 }];
    const clock = createClock();
    const dp = new DataPlane(s, clock, createStreams(1), { serviceTimes: [replay([5, 4, 2, 3])] });
    for (const [t, object] of ARRIVALS)
      clock.scheduleAt(
        t,
        callbackHandler(() => dp.admit(0, 0, object)),
      );
    dp.start();
    clock.runUntil(s.durationS);
    dp.finish();
    const result = collectRunResult(dp, null, { scenario: s, seed: 1, hash: 'h', version: 'test', events: clock.eventsFired, overrides: [] });
    // E at 10 rejected (B serving, C waiting); at 11 B and C fail; F at 12: the site is down, no other: fails (counts)
    expect(result.timeline[1]).toMatchObject({ arrived: 4, failed: 3, rejected: 2 });
    expect(result.requests).toMatchObject({ arrived: 4, rejected: 1, failed: 1, served: 1, inFlightAtEnd: 1 });
    expect(result.cdns[0]).toMatchObject({ arrived: 3, failed: 0, rejected: 1 }); // F failed at no site
  });
});

describe('the data plane refuses a warm-up it cannot honour', () => {
  it.each([-1, 40, 41, Number.NaN])('warm-up %s s of a 40 s run', (warmupS) => {
    expect(() => new DataPlane(scenario(warmupS), createClock(), createStreams(1))).toThrow(RangeError);
  });
});
