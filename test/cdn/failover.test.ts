// Failover across CDNs in the data plane (cdn/routing/health-checks, cdn/routing/failover), on
// static routing lanes with health checks (network.healthChecks): requests a lane sends to a failed
// peer site fail only until the health checks detect it — within [misses·interval, (misses+1)·interval]
// of the failure, for a fixed RTT and probe interval — and are served elsewhere after; a recovered
// site is used again after one answered probe; a peer whose site is full bounces a redirected request
// back at the cost of exactly one more user round trip, never to a CDN that bounced it (no loop);
// and arrived = served + rejected + failed + in flight wherever a failure falls.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { createClock, callbackHandler } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane } from '../../cdn/data-plane.js';
import { OUTCOME_FAILED, OUTCOME_SERVED } from '../../cdn/measure/request-log.js';
import { inputErrorOf } from '../input/errors.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const F = 'failover.yaml';
const INTERVAL_S = 2;
const MISSES = 3;
const site = (region: string, servers: number, ms = 10, queueLimit: number | null = null) => ({
  region,
  servers,
  serviceTime: { deterministic: { ms } },
  queueLimit,
});

/** alpha's users in east, all sent to beta (a static share of 1) whose east site fails at `atS` for `forS` */
function failingPeer(atS: number, forS: number | null, durationS = 120): Doc {
  return {
    name: 'failover',
    seed: 3,
    duration: `${durationS}s`,
    window: '10s',
    peering: { enabled: false },
    regions: ['east', 'west'],
    network: { rttMs: { default: 80, sameRegion: 10 }, healthChecks: { interval: `${INTERVAL_S}s`, misses: MISSES } },
    cdns: [
      { id: 'alpha', role: 'primary', sites: [site('east', 50)] },
      { id: 'beta', role: 'peer', sites: [site('east', 50)] },
    ],
    workload: [{ region: 'east', cdn: 'alpha', base: { ratePerS: 50 } }],
    routing: [{ cdn: 'alpha', to: 'beta', share: 1 }],
    faults: [{ at: `${atS}s`, type: 'site-down', cdn: 'beta', region: 'east', ...(forS === null ? {} : { for: `${forS}s` }) }],
    measure: { requestLog: true },
  };
}

function run(doc: Doc) {
  const scenario = validateScenarioDocument(doc, F);
  const { result, dataPlane } = runScenario(scenario, { hash: 'h', version: 'test' });
  return { result, dp: dataPlane, log: result.requestLog! };
}

describe('requests to a failed peer site fail only until the health checks detect it', () => {
  for (const atS of [0, 10, 31, 47.3]) {
    it(`site down at ${atS} s: detected within [misses·interval, (misses+1)·interval]; failed before, served at home after`, () => {
      const { dp, log } = run(failingPeer(atS, null));
      const downs = dp.router.health.changes.filter((c) => c.down && c.region === 0);
      expect(downs).toHaveLength(1);
      const detectedS = downs[0].tS;
      expect(detectedS - atS).toBeGreaterThanOrEqual(MISSES * INTERVAL_S);
      expect(detectedS - atS).toBeLessThanOrEqual((MISSES + 1) * INTERVAL_S);
      const alphaSite = dp.sites.findIndex((s) => s.cdn === 0);
      let failedBefore = 0;
      for (let r = 0; r < log.arrivalS.length; r++) {
        const t = log.arrivalS[r];
        if (log.outcome[r] === OUTCOME_FAILED) {
          // only requests sent between the failure and its detection (and those in the site at the failure) fail
          expect(t).toBeGreaterThanOrEqual(atS - 0.011);
          expect(t).toBeLessThan(detectedS);
          if (log.site[r] < 0) failedBefore++;
        }
        if (t > detectedS && log.outcome[r] === OUTCOME_SERVED) expect(log.site[r]).toBe(alphaSite);
      }
      const lane = dp.failover.read(0);
      expect(lane.failedBeforeDetection).toBe(failedBefore);
      expect(failedBefore).toBeGreaterThan(0);
      expect(lane.lostMs).toBe(failedBefore * 3000);
      expect(lane.sentHome).toBeGreaterThan(0);
    });
  }

  it('a recovered site is used again one answered probe after it is back (first probe at or after the recovery, plus the RTT)', () => {
    const { dp, log } = run(failingPeer(20, 30));
    const [down, up] = dp.router.health.changes.filter((c) => c.region === 0);
    expect(down.down).toBe(true);
    expect(up.down).toBe(false);
    const firstProbe = Math.ceil(50 / INTERVAL_S) * INTERVAL_S;
    expect(up.tS).toBeCloseTo(firstProbe + 0.01, 9);
    const betaSite = dp.sites.findIndex((s) => s.cdn === 1);
    const served = [...log.arrivalS.keys()].filter((r) => log.outcome[r] === OUTCOME_SERVED);
    expect(served.some((r) => log.arrivalS[r] > up.tS && log.site[r] === betaSite)).toBe(true);
    expect(served.every((r) => log.arrivalS[r] <= down.tS || log.arrivalS[r] >= up.tS || log.site[r] !== betaSite)).toBe(true);
    expect(served.every((r) => !(log.arrivalS[r] > up.tS) || log.site[r] === betaSite)).toBe(true);
  });

  it('a new lane sends nothing to its peer before the first probe is answered (one RTT after the checks start)', () => {
    const { dp, log } = run(failingPeer(100, null));
    const betaSite = dp.sites.findIndex((s) => s.cdn === 1);
    for (let r = 0; r < log.arrivalS.length; r++) if (log.arrivalS[r] < 0.01) expect(log.site[r]).not.toBe(betaSite);
  });
});

describe('arrived = served + rejected + failed + in flight, wherever the failure falls', () => {
  it('for failures at any instant (t = 0, window boundaries, a probe instant, any time), of any length', () => {
    const atS = fc.oneof(fc.constant(0), fc.constant(10), fc.constant(2), fc.double({ min: 0, max: 59, noNaN: true }));
    const forS = fc.option(fc.double({ min: 0.5, max: 40, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(atS, forS, (at, length) => {
        const { result } = run({ ...failingPeer(Math.round(at * 1000) / 1000, length === null ? null : Math.round(length * 1000) / 1000, 60), measure: {} });
        const r = result.requests;
        expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
      }),
      { numRuns: 12, seed: 11 },
    );
  });
});

/** a data plane with no workload of its own: requests are admitted by hand at chosen times */
function handDriven(peers: { id: string; region: string }[], shares: number[]) {
  const doc: Doc = {
    name: 'bounce',
    seed: 1,
    duration: '20s',
    window: '10s',
    peering: { enabled: false },
    regions: ['east', 'west', 'north'],
    network: {
      rttMs: { default: 80, sameRegion: 10, pairs: [{ a: 'east', b: 'north', ms: 40 }] },
      redirection: { mode: 'iterative' },
      healthChecks: { interval: '2s', misses: 3 },
    },
    cdns: [{ id: 'alpha', role: 'primary', sites: [site('east', 4)] }, ...peers.map((p) => ({ id: p.id, role: 'peer', sites: [site(p.region, 1, 1000, 0)] }))],
    workload: [{ region: 'east', cdn: 'alpha', base: { ratePerS: 1e-12 } }],
    routing: peers.map((p, i) => ({ cdn: 'alpha', to: p.id, share: shares[i] })),
    faults: [],
  };
  const scenario = validateScenarioDocument(doc, F);
  const clock = createClock();
  const latencies: { siteIndex: number; latencyMs: number }[] = [];
  const dp: DataPlane = new DataPlane(scenario, clock, createStreams(1), {
    onDeparture: (d) => latencies.push({ siteIndex: d.siteIndex, latencyMs: dp.metrics.latencyMs }),
  });
  const at = (t: number, region: number, primary: number) =>
    clock.scheduleAt(
      t,
      callbackHandler(() => dp.admit(region, primary, 0)),
    );
  return { dp, clock, at, latencies };
}

describe('a peer whose site is full bounces a redirected request back to the primary', () => {
  it('served at home, it pays exactly one more round trip (region ↔ the peer site) than a request served at home', () => {
    // beta (one server, no queue, 1 s service) in west, 80 ms from alpha's east users; beta's own request fills it at 1 s
    const { dp, clock, at, latencies } = handDriven([{ id: 'beta', region: 'west' }], [1]);
    at(1, 1, 1);
    at(1.5, 0, 0);
    dp.start();
    clock.runUntil(20);
    const home = latencies.find((l) => dp.sites[l.siteIndex].cdn === 0)!;
    // 10 ms service + 10 ms to alpha's east site + 80 ms for the trip to beta's west site and back
    expect(home.latencyMs).toBeCloseTo(10 + 10 + 80, 9);
    expect(dp.failover.read(0)).toMatchObject({ bouncedSiteFull: 1, sentHome: 1, failedOverToPeer: 0 });
    // the peer's SLA sees it as it saw a rejection: one request over the lane it did not serve
    expect(dp.router.lanes.rejected[0]).toBe(1);
  });

  it('three CDNs: bounced by beta it goes to gamma (one more round trip on the redirected cost), never back to beta', () => {
    // gamma in north (40 ms): a redirected request pays alpha's 302 (10) + gamma's router (40) + the trip
    // to its site (40) (iterative), plus the 80 ms trip to beta
    const { dp, clock, at, latencies } = handDriven(
      [
        { id: 'beta', region: 'west' },
        { id: 'gamma', region: 'north' },
      ],
      [0.999999, 0],
    );
    dp.router.setShare(1, 0, 0.000001);
    at(1, 1, 1);
    at(1.5, 0, 0);
    dp.start();
    clock.runUntil(20);
    const atGamma = latencies.find((l) => dp.sites[l.siteIndex].cdn === 2)!;
    expect(atGamma.latencyMs).toBeCloseTo(1000 + 10 + 2 * 40 + 80, 9);
    expect(dp.failover.read(0)).toMatchObject({ bouncedSiteFull: 1, failedOverToPeer: 1, sentHome: 0 });
    expect(dp.failover.read(1).bouncedSiteFull).toBe(0);
  });

  it('three CDNs, both peers full: one bounce each, then home; no loop', () => {
    const { dp, clock, at, latencies } = handDriven(
      [
        { id: 'beta', region: 'west' },
        { id: 'gamma', region: 'north' },
      ],
      [0.5, 0.5],
    );
    at(1, 1, 1);
    at(1, 2, 2);
    for (let k = 0; k < 4; k++) at(1.2 + k * 0.01, 0, 0);
    dp.start();
    clock.runUntil(20);
    const home = latencies.filter((l) => dp.sites[l.siteIndex].cdn === 0);
    expect(home).toHaveLength(4);
    // each: 10 ms service + 10 ms to alpha's site + 80 (beta, west) + 40 (gamma, north)
    for (const h of home) expect(h.latencyMs).toBeCloseTo(10 + 10 + 80 + 40, 9);
    const beta = dp.failover.read(0);
    const gamma = dp.failover.read(1);
    expect(beta.bouncedSiteFull + gamma.bouncedSiteFull).toBe(8);
    expect(beta.bouncedSiteFull).toBe(4);
    expect(gamma.bouncedSiteFull).toBe(4);
    expect(beta.sentHome + gamma.sentHome).toBe(4);
    expect(dp.router.tried.every((t) => t === 0)).toBe(true);
  });

  it('a peer’s own users are still rejected at its full site (no bounce: they have no other CDN)', () => {
    const { dp, clock, at } = handDriven([{ id: 'beta', region: 'west' }], [1]);
    at(1, 1, 1);
    at(1.5, 1, 1);
    dp.start();
    clock.runUntil(20);
    dp.finish();
    expect(dp.failover.read(0).bouncedSiteFull).toBe(0);
    expect(dp.metrics.cdnTotal.ownRejected[1]).toBe(1);
  });
});

describe('network.healthChecks in a scenario file', () => {
  it('reads interval and misses; absent, the resolved scenario has no such key (its content hash stays)', () => {
    expect(validateScenarioDocument(failingPeer(10, null), F).network.healthChecks).toEqual({ intervalS: 2, misses: 3 });
    const without = failingPeer(10, null);
    delete without.network.healthChecks;
    expect('healthChecks' in validateScenarioDocument(without, F).network).toBe(false);
  });

  it('refuses an interval under 100 ms or over an hour, misses that are not an integer from 1 to 100, unknown keys', () => {
    const cases: [Doc, string][] = [
      [{ interval: '50ms', misses: 3 }, 'network.healthChecks.interval'],
      [{ interval: '2h', misses: 3 }, 'network.healthChecks.interval'],
      [{ interval: '5s', misses: 0 }, 'network.healthChecks.misses'],
      [{ interval: '5s', misses: 2.5 }, 'network.healthChecks.misses'],
      [{ interval: '5s', misses: 101 }, 'network.healthChecks.misses'],
      [{ interval: '5s', misses: 3, timeout: '1s' }, 'network.healthChecks.timeout'],
    ];
    for (const [checks, path] of cases) {
      const doc = failingPeer(10, null);
      doc.network.healthChecks = checks;
      const paths = inputErrorOf(() => validateScenarioDocument(doc, F)).issues.map((i) => i.path);
      expect(paths, JSON.stringify(checks)).toContain(path);
    }
  });
});
