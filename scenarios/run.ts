// The composition root: wires one run (clock, named random streams, data plane) from a resolved
// scenario and a seed, runs it to the scenario's end, and collects the plain-data RunResult.
// No wall-clock time here: the CLI measures it.
import type { Scenario } from './types.js';
import { createClock } from '../core/clock.js';
import { createStreams } from '../core/random.js';
import { DataPlane, type DataPlaneOptions } from '../cdn/data-plane.js';
import { collectRunResult } from './collect.js';
import type { RunResult } from '../reports/run-result.js';

export interface RunOptions {
  /** run seed; defaults to the scenario's */
  seed?: number;
  /** the scenario's content hash (see scenarios/hash.ts), carried into every output */
  hash: string;
  version: string;
  dataPlane?: DataPlaneOptions;
}

export interface SimulationRun {
  result: RunResult;
  dataPlane: DataPlane;
}

export function runScenario(scenario: Scenario, options: RunOptions): SimulationRun {
  const seed = options.seed ?? scenario.seed;
  const clock = createClock();
  const streams = createStreams(seed);
  const dataPlane = new DataPlane(scenario, clock, streams, options.dataPlane);
  dataPlane.start();
  clock.runUntil(scenario.durationS);
  dataPlane.finish();
  const result = collectRunResult(dataPlane, { seed, hash: options.hash, version: options.version, events: clock.eventsFired });
  return { result, dataPlane };
}
