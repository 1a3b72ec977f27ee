// Reproducibility: the same scenario and seed give a byte-identical report.json — with the agents
// negotiating — another seed gives another one; the scenario hash does not depend on the seed.
import { describe, it, expect } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { renderReportJson } from '../../reports/report.js';

function report(name: string, seed: number, sets: string[] = []) {
  const { scenario, hash, policies } = loadScenario(name, { seed, sets });
  return renderReportJson(runScenario(scenario, { hash, version: 'test', policies }).result);
}

describe('determinism', () => {
  for (const name of ['flash-crowd', 'steady']) {
    it(`${name}: the same seed gives a byte-identical report.json`, () => {
      const sets = ['duration=30m'];
      const a = report(name, 7, sets);
      const b = report(name, 7, sets);
      expect(a).toBe(b);
      if (name === 'flash-crowd') expect(JSON.parse(a).arrangements.length).toBeGreaterThan(0);
      const c = report(name, 8, sets);
      expect(c).not.toBe(a);
      expect(JSON.parse(c).scenario.hash).toBe(JSON.parse(a).scenario.hash);
    });
  }
});
