// The composition root: wires one run (clock, named random streams, data plane) from a resolved
// scenario and a seed, runs it to the scenario's end, and collects the plain-data RunResult.
// No wall-clock time here: the CLI measures it.
import type { Scenario } from './types.js';
import { createClock } from '../core/clock.js';
import { createStreams } from '../core/random.js';
import { DataPlane, type DataPlaneOptions } from '../cdn/data-plane.js';
import { collectRunResult } from './collect.js';
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
  clock.runUntil(scenario.durationS);
  dataPlane.finish();
  controlPlane?.stop();
  const result = collectRunResult(dataPlane, controlPlane, { seed, hash: options.hash, version: options.version, events: clock.eventsFired, overrides: options.overrides ?? [] });
  return { result, dataPlane, controlPlane };
}

/** what the control plane is built from: each CDN's home and economics, contracts, faults, the control network */
export function controlPlaneSpec(scenario: Scenario, ports: readonly CdnPort[]): ControlPlaneSpec {
  return {
    cdns: scenario.cdns.map((c, i) => ({
      id: c.id, homeRegion: c.sites[0].region, economics: c.economics, userRegions: [...ports[i].userRegions],
    })),
    durationS: scenario.durationS,
    windowS: scenario.windowS,
    originRegion: scenario.origin.region,
    redirectionMode: scenario.network.redirection.mode,
    network: { lossRate: scenario.peering.control.lossRate, jitterMs: scenario.peering.control.jitterMs },
    contracts: scenario.contracts,
    faults: scenario.faults,
  };
}
