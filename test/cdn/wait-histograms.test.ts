// The run's wait histograms (Metrics.totalWait and per serving CDN cdnTotalWait): a CDN's holds the
// waits of the requests its sites served, the run's those of every request, waits of 0 included and
// warm-up requests left out — also when only one CDN has sites and its histogram is the run's one.
import { describe, it, expect } from 'vitest';
import { Metrics } from '../../cdn/measure/metrics.js';
import { IN_WARMUP, OUTSIDE_SURGE } from '../../cdn/measure/arrival-class.js';
import type { LatencyHistogram } from '../../core/histogram.js';

function serve(m: Metrics, server: number, waitMs: number, cls = OUTSIDE_SURGE): void {
  m.latencyMs = waitMs + 10;
  m.waitMs = waitMs;
  m.bytes = 1000;
  m.served(0, server, cls);
}

const figures = (h: LatencyHistogram) => [h.count, h.mean(), h.min(), h.max(), h.percentile(50), h.percentile(99)];

describe('wait histograms', () => {
  it('one CDN with sites: its wait histogram has exactly the run-wide waits (zeros counted, warm-up left out)', () => {
    const m = new Metrics(2, { ownUsers: [true, false], hasSites: [true, false] });
    const waits = [0, 3.5, 0, 12.25, 0.001, 0, 7];
    for (const w of waits) serve(m, 0, w);
    serve(m, 0, 99, IN_WARMUP);
    expect(figures(m.cdnTotalWait[0])).toEqual(figures(m.totalWait));
    expect(m.totalWait.count).toBe(waits.length);
    expect(m.totalWait.min()).toBe(0);
    expect(m.totalWait.max()).toBe(12.25);
    expect(m.cdnTotalWait[1].count).toBe(0);
  });

  it('two CDNs with sites: each has its own waits, the run the waits of both', () => {
    const m = new Metrics(2, { ownUsers: [true, false], hasSites: [true, true] });
    for (const w of [0, 4, 0, 9]) serve(m, 0, w);
    for (const w of [2, 0, 30]) serve(m, 1, w);
    serve(m, 1, 50, IN_WARMUP);
    expect(m.cdnTotalWait[0]).not.toBe(m.cdnTotalWait[1]);
    expect([m.cdnTotalWait[0].count, m.cdnTotalWait[0].max(), m.cdnTotalWait[0].mean()]).toEqual([4, 9, 13 / 4]);
    expect([m.cdnTotalWait[1].count, m.cdnTotalWait[1].max(), m.cdnTotalWait[1].mean()]).toEqual([3, 30, 32 / 3]);
    expect([m.totalWait.count, m.totalWait.min(), m.totalWait.max(), m.totalWait.mean()]).toEqual([7, 0, 30, 45 / 7]);
    expect(m.window.waited).toBe(4);
  });
});
