// A small world for the content tests, by hand: regions a (the primary's site), b (the peer's site)
// and o (the origin); round trips a–b 20 ms, b–o 40 ms, within a region 10 ms; objects of 100 kB;
// the origin serves at 1 MB/s, the primary's site at 2 MB/s; every request of the primary's users
// in b is redirected over one lane to the peer's site in b; service takes 1 ms.
import { createClock, callbackHandler, type SimClock } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane } from '../../cdn/data-plane.js';
import { CdnPort } from '../../cdn/port/cdn-port.js';
import type { ServiceTime } from '../../cdn/service-time.js';
import type { ContentSpec, Scenario } from '../../scenarios/types.js';

export const KB100 = 100_000;

function scenario(content?: ContentSpec): Scenario {
  const site = (id: string, region: string) => ({
    id,
    region,
    servers: 4,
    queueLimit: null,
    cache: { capacityBytes: 1e9 },
    serviceTime: { kind: 'deterministic' as const, ms: 1 },
  });
  return {
    name: 'acquisition',
    description: '',
    seed: 1,
    durationS: 100,
    windowS: 100,
    peering: { enabled: false, control: { lossRate: 0, jitterMs: 0 } },
    regions: ['a', 'b', 'o'],
    network: { rttMs: { default: 40, sameRegion: 10, pairs: [{ a: 'a', b: 'b', ms: 20 }] }, redirection: { mode: 'iterative', recursiveLookupMs: 0 } },
    origin: { region: 'o', bytesPerS: 1e6 },
    catalog: { objects: 10, zipf: 0.8, size: { kind: 'fixed', bytes: KB100 } },
    cdns: [
      { id: 'alpha', role: 'primary', policy: null, economics: { revenuePerGB: 0, costPerServerHour: 0 }, sites: [site('a', 'a')] },
      { id: 'beta', role: 'peer', policy: null, economics: { revenuePerGB: 0, costPerServerHour: 0 }, sites: [site('b', 'b')] },
    ],
    workload: [{ region: 'b', cdn: 'alpha', base: { process: 'poisson', ratePerS: 1e-12 }, events: [], daily: null, clients: null }],
    routing: [],
    contracts: [],
    faults: [],
    content: { acquisitionBytesPerS: 2e6, changes: [], ...content },
  };
}

const oneMs: ServiceTime = { seconds: () => 0.001, meanSeconds: () => 0.001 };

/** the world: the data plane, both ports, the lane (source as given), and a way to send requests */
export function world(o: { source?: 'primary' | 'origin'; content?: ContentSpec } = {}) {
  const clock: SimClock = createClock();
  const dp = new DataPlane(scenario(o.content), clock, createStreams(1), { serviceTimes: [oneMs, oneMs] });
  const primary = new CdnPort(dp, 0);
  const peer = new CdnPort(dp, 1);
  const lane = primary.lane('alpha>beta#1', 'alpha', 'beta');
  primary.setRouting(lane, 'b', 1);
  peer.setAdmission(lane, 1e6);
  if (o.source) peer.content.setSource(lane, o.source);
  const latencies: number[] = [];
  let lastLatency = 0;
  const at = (t: number, object: number, then?: () => void) =>
    clock.scheduleAt(
      t,
      callbackHandler(() => {
        dp.admit(1, 0, object);
        then?.();
      }),
    );
  const run = () => {
    dp.start();
    clock.runUntil(100);
    dp.finish();
  };
  const laneLatency = () => {
    const total = dp.router.lanes.latencySumMs[lane];
    latencies.push(total - lastLatency);
    lastLatency = total;
  };
  return { clock, dp, primary, peer, lane, at, run, latencies, laneLatency };
}
