// Top-k and hot-set counts through the real data plane: every arrival (served, rejected or
// unrouted) counts once at its arrival if its object's index is < topK and if its object is marked
// in hotSetMember; per window with the warm-up's, over the run without.
import { describe, it, expect } from 'vitest';
import { runTrace, traceScenario } from './trace-scenario.js';

// c = 1, no waiting room, windows of 5 s over 10 s, warm-up 2 s, topK 3, objects 4 and 7 in a hot set.
// (time, object): the one at 1 is in the warm-up; the one at 3.2 finds the server busy (rejected).
const ARRIVALS: [number, number][] = [
  [1, 0], // warm-up, top-k
  [3, 2], // top-k
  [3.2, 4], // rejected, hot
  [6, 7], // hot
  [7, 3], // neither
  [8, 1], // top-k
  [9, 4], // hot
];

describe('top-k and hot-set counts per window and over the run', () => {
  const scenario = { ...traceScenario({ servers: 1, queueLimit: 0, durationS: 10, windowS: 5, warmupS: 2 }), measure: { topK: 3, requestLog: false } };
  const { result } = runTrace(scenario, ARRIVALS, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], {
    setup: (dp) => {
      dp.hotSetMember[4] = 1;
      dp.hotSetMember[7] = 1;
    },
  });
  const [w1, w2] = result.timeline;

  it('the rejected request counts like the served ones (counted at arrival)', () => {
    expect(result.requests.rejected).toBe(1);
    expect(w1.arrived).toBe(3);
    expect(w1.topKRequests).toBe(2);
    expect(w1.hotSetRequests).toBe(1);
    expect(w1.topKShare).toBeCloseTo(2 / 3, 12);
    expect(w1.hotSetShare).toBeCloseTo(1 / 3, 12);
  });

  it('the second window: 1 of 4 top-k, 2 of 4 hot', () => {
    expect([w2.arrived, w2.topKRequests, w2.hotSetRequests]).toEqual([4, 1, 2]);
    expect(w2.topKShare).toBe(0.25);
    expect(w2.hotSetShare).toBe(0.5);
  });

  it('over the run the warm-up arrival is left out: 2 top-k and 3 hot of 6', () => {
    expect(result.requests.arrived).toBe(6);
    expect(result.requests.topK).toEqual({ k: 3, requests: 2 });
    expect(result.requests.hotSet).toBe(3);
    expect(result.measure).toEqual({ topK: 3, requestLog: false });
  });
});

describe('defaults', () => {
  it('without measure, k = min(10, catalog objects) and no object is in a hot set', () => {
    const { result } = runTrace(traceScenario({ servers: 1, queueLimit: 0, durationS: 10, windowS: 10 }), ARRIVALS, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(result.requests.topK).toEqual({ k: 10, requests: 7 });
    expect(result.requests.hotSet).toBe(0);
    expect(result.timeline[0].hotSetShare).toBe(0);
  });

  it('a window without arrivals has shares 0', () => {
    const { result } = runTrace(traceScenario({ servers: 1, queueLimit: 0, durationS: 20, windowS: 10 }), [1], [0.1]);
    expect(result.timeline[1].arrived).toBe(0);
    expect([result.timeline[1].topKShare, result.timeline[1].hotSetShare]).toEqual([0, 0]);
  });
});
