import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';

describe('collecting a run result', () => {
  it('a run of 130,000 windows collects its maximum utilization without a stack overflow', () => {
    const { scenario, hash } = loadScenario('mmc', { sets: ['window=1ms', 'duration=130s', 'workload.0.base.ratePerS=10'] });
    const { result } = runScenario(scenario, { hash, version: 'test' });
    expect(result.timeline.length).toBeGreaterThanOrEqual(130_000);
    const rows = result.cdnTimeline.map((r) => r.utilization);
    let max = 0;
    for (const u of rows) max = Math.max(max, u);
    expect(result.cdns[0].utilization.max).toBe(max);
  }, 60_000);
});
