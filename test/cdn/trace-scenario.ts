// Shared by the hand-computed trace tests of the queue and request measurements: a scenario of one
// CDN with one site (c servers, a waiting room, no cache, all round trips 0) whose Poisson workload
// is too rare to ever fire, and a service time that hands out given values in order of service start.
import { createClock, callbackHandler } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { DataPlane, type DataPlaneOptions } from '../../cdn/data-plane.js';
import type { ServiceTime } from '../../cdn/service-time.js';
import type { Scenario } from '../../scenarios/types.js';
import { collectRunResult } from '../../scenarios/collect.js';

export function traceScenario(o: { servers: number; queueLimit: number | null; durationS: number; windowS: number; warmupS?: number }): Scenario {
  return {
    name: 'queue-trace',
    description: '',
    seed: 1,
    durationS: o.durationS,
    windowS: o.windowS,
    ...(o.warmupS === undefined ? {} : { warmupS: o.warmupS }),
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
        economics: { revenuePerGB: 0, costPerServerHour: 0 },
        sites: [{ id: 'r', region: 'r', servers: o.servers, queueLimit: o.queueLimit, cache: null, serviceTime: { kind: 'deterministic', ms: 1 } }],
      },
    ],
    workload: [{ region: 'r', cdn: 'alpha', base: { process: 'poisson', ratePerS: 1e-12 }, events: [], daily: null, clients: null }],
    routing: [],
    contracts: [],
    faults: [],
  };
}

/** service times handed out in order of service start */
export function replay(seconds: number[]): ServiceTime {
  let i = 0;
  return { seconds: () => seconds[i++], meanSeconds: () => 1 };
}

/** runs `scenario` with arrivals at the given times (object as given, or 0) and the given service times; returns the data plane and its RunResult */
export function runTrace(
  scenario: Scenario,
  arrivals: readonly (number | [number, number])[],
  services: number[],
  options: DataPlaneOptions & { setup?: (dp: DataPlane) => void } = {},
) {
  const clock = createClock();
  const { setup, ...dpOptions } = options;
  const dp = new DataPlane(scenario, clock, createStreams(1), { serviceTimes: [replay(services)], ...dpOptions });
  setup?.(dp);
  for (const a of arrivals) {
    const [t, object] = typeof a === 'number' ? [a, 0] : a;
    clock.scheduleAt(
      t,
      callbackHandler(() => dp.admit(0, 0, object)),
    );
  }
  dp.start();
  clock.runUntil(scenario.durationS);
  dp.finish();
  const result = collectRunResult(dp, null, { scenario, seed: 1, hash: 'h', version: 'test', events: clock.eventsFired, overrides: [] });
  return { dp, result };
}
