// The point of it all: during a flash crowd, a primary that peers (policy `balanced`) rejects far
// fewer requests and gives a lower p95 latency than the same primary under `isolated`, on every seed
// tried (common random numbers: the same arrivals in both runs of a seed).
import { describe, it, expect } from 'vitest';
import { runWithAgents, SMALL_CROWD, windowsBetween } from './run-helpers.js';

const SURGE = [13 * 60, 22 * 60] as const; // sustained part of the crowd (peak from 12m to 22m)

function surgeFigures(policy: string, seed: number) {
  const { result } = runWithAgents(SMALL_CROWD, seed, [`cdns.alpha.policy=${policy}`]);
  const windows = windowsBetween(result.timeline, ...SURGE);
  const arrived = windows.reduce((s, w) => s + w.arrived, 0);
  const rejected = windows.reduce((s, w) => s + w.rejected, 0);
  const p95 = Math.max(...windows.map((w) => w.latencyP95Ms));
  return { rejectedShare: rejected / arrived, p95, byPeers: windows.reduce((s, w) => s + w.servedByPeers, 0) };
}

describe('flash crowd: peering beats isolation', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: fewer rejections and a lower p95 during the surge`, () => {
      const peering = surgeFigures('balanced', seed);
      const isolated = surgeFigures('isolated', seed);
      expect(isolated.byPeers).toBe(0);
      expect(peering.byPeers).toBeGreaterThan(0);
      expect(isolated.rejectedShare).toBeGreaterThan(0.3); // 5x load on a site sized for 1.8x
      expect(peering.rejectedShare).toBeLessThan(isolated.rejectedShare / 10);
      expect(peering.p95).toBeLessThan(isolated.p95);
    });
  }
});
