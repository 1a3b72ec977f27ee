// The composition root: wires one run (clock, named random streams, data plane) from a resolved
// scenario and a seed, runs it to the scenario's end, and collects the plain-data RunResult.
// No wall-clock time here: the CLI measures it.
import type { Scenario } from './types.js';
import { createClock, type SimClock } from '../core/clock.js';
import { createStreams } from '../core/random.js';
import { DataPlane, type DataPlaneOptions } from '../cdn/data-plane.js';
import { collectRunResult } from './collect.js';
import { openLines } from './traces/line-reader.js';
import type { RunResult } from '../reports/run-result.js';
import { ControlPlane, type ControlPlaneOptions } from '../agents/control-plane.js';
import type { ControlPlaneSpec } from '../agents/control-spec.js';
import { CdnPort } from '../cdn/port/cdn-port.js';
import type { CompiledPolicy } from '../policies/policy.js';

export interface RunOptions {
  /** run seed; defaults to the scenario's */
  seed?: number;
  /** the scenario's content hash (see scenarios/hash.ts), carried into every output */
  hash: string;
  version: string;
  /** the `--set` overrides the scenario was loaded with (recorded in the result) */
  overrides?: readonly string[];
  /** each CDN's compiled policy (by CDN id); with peering enabled, agents run on them */
  policies?: Record<string, CompiledPolicy>;
  control?: ControlPlaneOptions;
  dataPlane?: DataPlaneOptions;
  /** called between clock slices (progress); observing changes nothing the run computes */
  observe?: SliceObserver;
}

/** where a run is at the end of one clock slice */
export interface SliceProgress {
  tS: number;
  durationS: number;
  /** requests generated so far */
  requests: number;
  events: number;
}

export interface SliceObserver {
  /** the run is cut into this many equal slices of simulated time */
  slices: number;
  onSlice(at: SliceProgress): void;
}

export interface SimulationRun {
  result: RunResult;
  dataPlane: DataPlane;
  controlPlane: ControlPlane | null;
}

export function runScenario(scenario: Scenario, options: RunOptions): SimulationRun {
  const seed = options.seed ?? scenario.seed;
  const clock = createClock();
  const streams = createStreams(seed);
  let controlPlane: ControlPlane | null = null;
  const dataPlane = new DataPlane(scenario, clock, streams, {
    openTrace: (path) => openLines(path),
    ...options.dataPlane,
    activeArrangements: () => controlPlane?.activeArrangements() ?? 0,
  });
  if (scenario.peering.enabled && options.policies) {
    const ports = scenario.cdns.map((_, i) => new CdnPort(dataPlane, i));
    const onWindow = (listener: (windowS: number) => void) => dataPlane.onWindow((w) => listener(w.cdns[0]?.windowS ?? scenario.windowS));
    controlPlane = new ControlPlane(controlPlaneSpec(scenario, ports), ports, onWindow, clock, streams, options.policies, options.control);
  }
  dataPlane.start();
  controlPlane?.start();
  runClock(clock, scenario.durationS, options.observe, () => dataPlane.sources.reduce((n, source) => n + source.arrivals, 0));
  dataPlane.finish();
  controlPlane?.stop();
  const result = collectRunResult(dataPlane, controlPlane, {
    scenario,
    seed,
    hash: options.hash,
    version: options.version,
    events: clock.eventsFired,
    overrides: options.overrides ?? [],
  });
  return { result, dataPlane, controlPlane };
}

/**
 * Runs the clock to `endS`; with an observer, in slices `runUntil(endS·k/n)`, k = 1…n, calling it
 * between them. The same events fire in the same order either way: runUntil fires every event due
 * at or before t (those it schedules at t included) and then sets now = t, which only events
 * scheduled between slices could see, and the observer schedules none (it gets no clock).
 */
export function runClock(clock: SimClock, endS: number, observer?: SliceObserver, requests: () => number = () => 0): void {
  const slices = observer === undefined ? 1 : Math.min(1e6, Math.max(1, Math.floor(observer.slices) || 1));
  for (let k = 1; k <= slices; k++) {
    const tS = k === slices ? endS : (endS * k) / slices;
    clock.runUntil(tS);
    observer?.onSlice({ tS, durationS: endS, requests: requests(), events: clock.eventsFired });
  }
}

/** what the control plane is built from: each CDN's home and economics, contracts, faults, the control network */
export function controlPlaneSpec(scenario: Scenario, ports: readonly CdnPort[]): ControlPlaneSpec {
  return {
    cdns: scenario.cdns.map((c, i) => ({
      id: c.id,
      homeRegion: c.sites[0].region,
      economics: c.economics,
      userRegions: [...ports[i].userRegions],
    })),
    durationS: scenario.durationS,
    windowS: scenario.windowS,
    originRegion: scenario.origin.region,
    redirectionMode: scenario.network.redirection.mode,
    network: {
      lossRate: scenario.peering.control.lossRate,
      jitterMs: scenario.peering.control.jitterMs,
      relayAdvertisements: scenario.peering.control.relayAdvertisements === true,
    },
    contracts: scenario.contracts,
    faults: scenario.faults,
  };
}
