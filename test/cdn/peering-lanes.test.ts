// Peering lanes: one per arrangement, so two arrangements of the same pair are admitted and counted
// apart; a lane the peer closed admits nothing; a static routing lane admits everything.
import { describe, it, expect } from 'vitest';
import { ADMISSION_BURST_S, PeeringLanes } from '../../cdn/routing/peering-lanes.js';
import { createStreams } from '../../core/random.js';
import { HotObjects } from '../../cdn/content/hot-objects.js';

describe('peering lanes', () => {
  it('two arrangements between the same CDNs get two lanes with their own admission and counters', () => {
    const lanes = new PeeringLanes();
    const a = lanes.laneFor('alpha>beta#1', 0, 1);
    const b = lanes.laneFor('alpha>beta#2', 0, 1);
    expect(a).not.toBe(b);
    expect(lanes.laneFor('alpha>beta#1', 0, 1)).toBe(a);
    lanes.setAdmission(a, 10, 0);
    lanes.setAdmission(b, 2, 0);
    // one second later: a has 10 tokens, b 2
    let admittedA = 0;
    let admittedB = 0;
    for (let i = 0; i < 20; i++) {
      if (lanes.admit(a, 1)) admittedA++;
      if (lanes.admit(b, 1)) admittedB++;
    }
    expect([admittedA, admittedB]).toEqual([10, 2]);
    lanes.recordServed(a, 50, 1000, 1);
    expect([lanes.served[a], lanes.served[b], lanes.bytes[a]]).toEqual([1, 0, 1000]);
  });

  it('a lane the peer closed (admission 0) or never opened admits nothing', () => {
    const lanes = new PeeringLanes();
    const lane = lanes.laneFor('x', 0, 1);
    expect(lanes.admit(lane, 5)).toBe(false);
    lanes.setAdmission(lane, 100, 0);
    expect(lanes.admit(lane, 1)).toBe(true);
    lanes.setAdmission(lane, 0, 1);
    expect(lanes.admit(lane, 10)).toBe(false);
  });

  it('a static routing lane admits everything; a lane key never joins two other CDNs', () => {
    const lanes = new PeeringLanes();
    const lane = lanes.openStatic('routing-1:alpha>beta', 0, 1);
    for (let i = 0; i < 1000; i++) expect(lanes.admit(lane, 0)).toBe(true);
    expect(() => lanes.laneFor('routing-1:alpha>beta', 0, 2)).toThrow(RangeError);
    expect(() => lanes.setAdmission(lane, Infinity, 0)).toThrow(RangeError);
  });

  it('grows past its initial size and keeps every lane’s counters', () => {
    const lanes = new PeeringLanes();
    const ids = Array.from({ length: 100 }, (_, i) => lanes.laneFor(`a#${i}`, 0, 1));
    ids.forEach((lane, i) => lanes.recordServed(lane, 1, i, 0));
    expect(ids.map((lane) => lanes.bytes[lane])).toEqual(ids.map((_, i) => i));
  });
});

describe("a lane's admission bucket", () => {
  const poissonRefused = (rate: number, rho: number, n: number) => {
    const rng = createStreams(5).stream('arrivals');
    const lanes = new PeeringLanes();
    const lane = lanes.laneFor('a', 0, 1);
    lanes.setAdmission(lane, rate, 0);
    let t = ADMISSION_BURST_S; // from a full bucket
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - rng.next()) / (rho * rate);
      lanes.admit(lane, t);
    }
    return lanes.refused[lane] / n;
  };

  it('refuses under 0.5% of a Poisson stream at 95% of the agreed rate, down to 20 requests/s (one second of depth refused 0.8%–8%)', () => {
    // 200,000 arrivals: a refused share of 0.5% would be 1,000 refusals; the standard error of a count that size is ~32
    for (const rate of [20, 200, 2000]) expect(poissonRefused(rate, 0.95, 200_000)).toBeLessThan(0.005);
  });

  it('keeps its credit over a renewal at the same rate and a resize upward; never holds more than its depth', () => {
    const lanes = new PeeringLanes();
    const lane = lanes.laneFor('a', 0, 1);
    lanes.setAdmission(lane, 10, 0);
    lanes.setAdmission(lane, 10, 2); // renewal at 2 s: 20 tokens built up, kept
    lanes.setAdmission(lane, 100, 2); // resize up: still 20 (credit is not made up)
    let admitted = 0;
    while (lanes.admit(lane, 2)) admitted++;
    expect(admitted).toBe(20);
    lanes.setAdmission(lane, 4, 2);
    // a long idle fills the bucket to its depth and no further, and a resize up then does not carry the old rate's refill
    lanes.setAdmission(lane, 400, 1000);
    admitted = 0;
    while (lanes.admit(lane, 1000)) admitted++;
    expect(admitted).toBe(4 * ADMISSION_BURST_S);
  });
});

describe('hot objects', () => {
  it('the top is what the CDN’s own users asked for most, hottest first; halving keeps the order; other CDNs are not tracked', () => {
    const hot = new HotObjects(1000, [true, false]);
    for (let i = 0; i < 50; i++) hot.record(0, 700);
    for (let i = 0; i < 30; i++) hot.record(0, 3);
    for (let i = 0; i < 10; i++) hot.record(0, 999);
    hot.record(1, 5);
    expect(hot.top(0, 2)).toEqual([700, 3]);
    hot.decay();
    expect(hot.top(0, 5)).toEqual([700, 3, 999]);
    expect(hot.top(1, 5)).toEqual([]);
  });

  it('recent demand outweighs old demand after a few windows', () => {
    const hot = new HotObjects(100, [true]);
    for (let i = 0; i < 100; i++) hot.record(0, 1);
    for (let w = 0; w < 4; w++) hot.decay();
    for (let i = 0; i < 10; i++) hot.record(0, 2);
    expect(hot.top(0, 1)).toEqual([2]);
  });
});
