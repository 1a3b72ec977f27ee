// Runs a scenario with its agents for the agent integration tests.
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import type { ControlPlaneOptions } from '../../agents/control-plane.js';

export const SMALL_CROWD = join(import.meta.dirname, '../fixtures/small-crowd.yaml');

export function runWithAgents(ref: string, seed: number, sets: string[] = [], control: ControlPlaneOptions = {}) {
  const { scenario, hash, policies } = loadScenario(ref, { seed, sets });
  return runScenario(scenario, { hash, version: 'test', policies, control });
}

/** the windows of the timeline that fall inside [fromS, toS) */
export function windowsBetween<T extends { tS: number }>(rows: T[], fromS: number, toS: number): T[] {
  return rows.filter((r) => r.tS >= fromS && r.tS < toS);
}
