// Rules checked: a peer that has an arrangement's metadata refuses (403, counted as failed, never as a
// capacity rejection) requests from regions the LocationACL denies, outside the TimeWindowACL's windows
// (a window holds from its start, included, to its end, excluded) and with a missing, expired or forged
// token when URI signing is required, counting each per lane and cause; on-the-fly metadata delays
// exactly the requests that arrive before the first request's MI fetch round trip ends, by what is left
// of it; every request is still accounted for (arrived = served + rejected + failed + in flight); the
// ledger numbers redirected requests 0, 1, 2, … and the peer's records carry those numbers.
import { describe, expect, it } from 'vitest';
import { createClock, callbackHandler } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane } from '../../cdn/data-plane.js';
import { CdnPort } from '../../cdn/port/cdn-port.js';
import type { LaneMetadataInput } from '../../cdn/port/metadata-port.js';
import { TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_MISSING, TOKEN_VALID } from '../../cdn/metadata/token-verdicts.js';
import { collectRunResult } from '../../scenarios/collect.js';
import type { Scenario } from '../../scenarios/types.js';
import { replay } from './trace-scenario.js';

/** alpha's users in `a` and `b`, all redirected over one static lane to beta's site in `b`; round trips a–b 20 ms, within a region 0 */
function scenario(): Scenario {
  const site = (region: string) => ({
    id: region,
    region,
    servers: 100,
    queueLimit: null,
    cache: null,
    serviceTime: { kind: 'deterministic' as const, ms: 1 },
  });
  return {
    name: 'metadata-trace',
    description: '',
    seed: 1,
    durationS: 100,
    windowS: 100,
    peering: { enabled: false, control: { lossRate: 0, jitterMs: 0 } },
    regions: ['a', 'b'],
    network: { rttMs: { default: 20, sameRegion: 0, pairs: [] }, redirection: { mode: 'recursive', recursiveLookupMs: 0 } },
    origin: { region: 'a', bytesPerS: 1e18 },
    catalog: { objects: 10, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } },
    cdns: [
      { id: 'alpha', role: 'primary', policy: null, economics: { revenuePerGB: 0, costPerServerHour: 0 }, sites: [site('a')] },
      { id: 'beta', role: 'peer', policy: null, economics: { revenuePerGB: 0, costPerServerHour: 0 }, sites: [site('b')], metadataMode: 'on-the-fly' },
    ],
    workload: [{ region: 'a', cdn: 'alpha', base: { process: 'poisson', ratePerS: 1e-12 }, events: [], daily: null, clients: null }],
    routing: [{ cdn: 'alpha', to: 'beta', region: null, share: 1 }],
    contracts: [],
    faults: [],
  };
}

interface Arrival {
  t: number;
  region: 'a' | 'b';
  token?: number;
}

function run(meta: LaneMetadataInput | null, arrivals: Arrival[]) {
  const s = scenario();
  const clock = createClock();
  const dp = new DataPlane(s, clock, createStreams(1), { serviceTimes: [replay([]), replay(arrivals.map(() => 0.001))] });
  const beta = new CdnPort(dp, 1);
  beta.metadata.startLog(0);
  if (meta !== null) beta.metadata.apply(0, meta);
  for (const a of arrivals) {
    clock.scheduleAt(
      a.t,
      callbackHandler(() => {
        (dp.cdni as NonNullable<typeof dp.cdni>).token = a.token ?? TOKEN_VALID;
        dp.admit(a.region === 'a' ? 0 : 1, 0, 0);
      }),
    );
  }
  dp.start();
  clock.runUntil(s.durationS);
  dp.finish();
  const result = collectRunResult(dp, null, { scenario: s, seed: 1, hash: 'h', version: 'test', events: clock.eventsFired, overrides: [] });
  return { dp, beta, result };
}

const open: LaneMetadataInput = { cacheTtlS: 600, uriSigning: false };

describe('metadata enforcement at the peer (RFC 8006 ACLs, RFC 9246 tokens)', () => {
  it('refuses requests from a region the LocationACL denies, and serves the allowed one', () => {
    const { beta, result } = run({ ...open, locations: [{ action: 'allow', regions: ['a'] }] }, [
      { t: 1, region: 'a' },
      { t: 2, region: 'b' },
      { t: 3, region: 'b' },
    ]);
    expect(beta.metadata.read(0).refused).toEqual({ geo: 2, time: 0, tokenMissing: 0, tokenExpired: 0, tokenForged: 0 });
    expect(result.requests).toMatchObject({ arrived: 3, served: 1, failed: 2, rejected: 0 });
  });

  it('a deny rule first wins over a later allow, and a region no rule names is denied', () => {
    const { beta } = run(
      {
        ...open,
        locations: [
          { action: 'deny', regions: ['b'] },
          { action: 'allow', regions: ['b'] },
        ],
      },
      [
        { t: 1, region: 'a' },
        { t: 2, region: 'b' },
      ],
    );
    expect(beta.metadata.read(0).refused.geo).toBe(2);
  });

  it('respects time windows exactly: the start is inside, the end outside, a request before every window is denied', () => {
    const times = [{ action: 'allow' as const, windows: [{ startS: 10, endS: 20 }] }];
    const ts = [9.999, 10, 15, 19.999, 20, 30];
    const { beta, result } = run(
      { ...open, times },
      ts.map((t) => ({ t, region: 'a' as const })),
    );
    expect(beta.metadata.read(0).refused.time).toBe(3);
    expect(result.requests.served).toBe(3);
  });

  it('a deny window inside an allow-all rule: refused only from its start to its end', () => {
    const times = [
      { action: 'deny' as const, windows: [{ startS: 40, endS: 50 }] },
      { action: 'allow' as const, windows: [{ startS: 0, endS: 100 }] },
    ];
    const ts = [39.999, 40, 49.999, 50];
    const { beta } = run(
      { ...open, times },
      ts.map((t) => ({ t, region: 'a' as const })),
    );
    expect(beta.metadata.read(0).refused.time).toBe(2);
  });

  it('with URI signing, missing, expired and forged tokens are refused and counted per cause; valid ones served', () => {
    const tokens = [TOKEN_VALID, TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_FORGED, TOKEN_FORGED, TOKEN_VALID];
    const { beta, result } = run(
      { ...open, uriSigning: true },
      tokens.map((token, i) => ({ t: 1 + i, region: 'a', token })),
    );
    expect(beta.metadata.read(0).refused).toEqual({ geo: 0, time: 0, tokenMissing: 1, tokenExpired: 2, tokenForged: 3 });
    expect(result.requests).toMatchObject({ arrived: 8, served: 2, failed: 6, rejected: 0 });
  });

  it('without URI signing required, bad tokens are served (the peer verifies nothing)', () => {
    const { result } = run(open, [
      { t: 1, region: 'a', token: TOKEN_FORGED },
      { t: 2, region: 'a', token: TOKEN_MISSING },
    ]);
    expect(result.requests.served).toBe(2);
  });

  it('a lane without metadata applied enforces nothing (a peer that ignores metadata)', () => {
    const { dp, result } = run(null, [
      { t: 1, region: 'b', token: TOKEN_FORGED },
      { t: 2, region: 'b', token: TOKEN_EXPIRED },
    ]);
    expect(result.requests.served).toBe(2);
    expect(dp.cdni?.lanes.enforces(0)).toBe(false);
  });

  it('on-the-fly: the first request starts a 20 ms fetch; requests before it ends wait what is left of it, later ones nothing', () => {
    const ts = [1, 1.005, 1.0199, 1.02, 1.5];
    const { beta, dp } = run(
      { ...open, fetchMs: 20 },
      ts.map((t) => ({ t, region: 'a' as const })),
    );
    const reading = beta.metadata.read(0);
    expect(reading.delayedRequests).toBe(3);
    // 20 + 15 + 0.1 ms
    expect(reading.addedMs).toBeCloseTo(35.1, 9);
    // the latencies: network 20 ms (a→b) + the recursive RI query alpha (a) → beta (b) 20 ms + 1 ms service + the wait
    const batch = beta.metadata.takeRecords(0);
    const taken = Array.from(batch.timeTakenS.subarray(0, batch.length)).map((s) => Math.round(s * 1e7) / 1e4);
    expect(taken).toEqual([61, 56, 41.1, 41, 41]);
    expect(dp.cdni?.lanes.readyAtS[0]).toBeCloseTo(1.02, 12);
  });

  it('the MI.Cache TTL is in force on the lane once applied (the hook content consistency reads); none before', () => {
    const { beta } = run({ ...open, cacheTtlS: 90 }, []);
    expect(beta.metadata.read(0).cacheTtlS).toBe(90);
    expect(run(null, []).beta.metadata.read(0).cacheTtlS).toBeNull();
  });

  it('batch metadata delays nothing', () => {
    const { beta } = run(open, [
      { t: 1, region: 'a' },
      { t: 1.001, region: 'a' },
    ]);
    expect(beta.metadata.read(0)).toMatchObject({ delayedRequests: 0, addedMs: 0 });
  });

  it('numbers redirected requests 0, 1, 2, … with their token states, and logs 200s and 403s with those numbers', () => {
    const { dp, beta } = run({ ...open, uriSigning: true, locations: [{ action: 'allow', regions: ['a'] }] }, [
      { t: 1, region: 'a', token: TOKEN_VALID },
      { t: 2, region: 'b', token: TOKEN_VALID },
      { t: 3, region: 'a', token: TOKEN_FORGED },
    ]);
    const alpha = new CdnPort(dp, 0);
    const ledger = alpha.metadata.ledger(0);
    expect(ledger.issued).toBe(3);
    expect([0, 1, 2].map((s) => ledger.tokenState(s))).toEqual([TOKEN_VALID, TOKEN_VALID, TOKEN_FORGED]);
    const batch = beta.metadata.takeRecords(0);
    const rows = Array.from({ length: batch.length }, (_, i) => [batch.seq[i], batch.status[i], batch.groupId[i], batch.uriSigning[i]]);
    expect(rows.sort((x, y) => x[0] - y[0])).toEqual([
      [0, 200, 0, 200],
      [1, 403, 1, 0],
      [2, 403, 0, 400],
    ]);
    expect(beta.metadata.takeRecords(0).length).toBe(0);
  });

  it("the port refuses metadata actuators to a CDN that is not the lane's peer", () => {
    const { dp } = run(open, []);
    expect(() => new CdnPort(dp, 0).metadata.apply(0, open)).toThrow(/not the peer/);
    expect(() => new CdnPort(dp, 1).metadata.ledger(0)).toThrow(/not the primary/);
  });
});
