// Acquisition, pre-positioning and consistency through the real data plane and clock, by hand, in
// ./content-world: the origin serves an object in 100 ms (+ 40 ms round trip from b), the primary's
// site in 50 ms (+ 20 ms); the user's network time is 2 × 10 ms (iterative redirection).
// Rules: a pulled object misses once, then hits, and its acquisition time is exactly the round trip
// to the source + size ÷ the source's bandwidth; the backup (origin) serves when the primary's sites
// are down; a pre-positioned object hits on first request only once the fetch completed; stale
// deliveries happen only between a change and its invalidation; in-line objects are never
// re-acquired; `expiry` revalidates after the TTL; every request is counted once.
import { describe, it, expect } from 'vitest';
import { callbackHandler } from '../../core/clock.js';
import type { ContentSpec } from '../../scenarios/types.js';
import { KB100, world } from './content-world.js';

describe('acquisition: pull from the source the metadata names', () => {
  it('a pulled object misses once, then hits; its acquisition is exactly RTT + size ÷ bandwidth of the primary (20 + 50 ms)', () => {
    const w = world({ source: 'primary' });
    const marks: number[] = [];
    w.at(1, 3);
    w.clock.scheduleAt(
      1.5,
      callbackHandler(() => marks.push(w.dp.router.lanes.latencySumMs[w.lane])),
    );
    w.at(2, 3);
    w.run();
    const [first] = marks;
    // network 10 + iterative redirection (the primary's 302: 20, the peer's router: 10), service 1 ms,
    // acquisition 20 + 100 kB ÷ 2 MB/s = 70 ms
    expect(first).toBeCloseTo(10 + 30 + 1 + 70, 9);
    expect(w.dp.router.lanes.latencySumMs[w.lane] - first).toBeCloseTo(10 + 30 + 1, 9);
    const r = w.peer.content.readLane(w.lane);
    expect(r).toMatchObject({ acquisitions: 1, backupAcquisitions: 0, bytesAcquired: KB100 });
    expect(r.acquisitionMs).toBeCloseTo(70, 9);
    expect(w.dp.sites[1].cache?.misses).toBe(1);
    expect(w.dp.sites[1].cache?.hits).toBe(1);
  });

  it('source origin: RTT b–o + size ÷ origin bandwidth (40 + 100 ms)', () => {
    const w = world({ source: 'origin' });
    w.at(1, 3);
    w.run();
    expect(w.peer.content.readLane(w.lane).acquisitionMs).toBeCloseTo(140, 9);
  });

  it('the primary’s sites all down ⇒ the backup source (the origin) serves, counted as a backup', () => {
    const w = world({ source: 'primary' });
    w.clock.scheduleAt(
      0.5,
      callbackHandler(() => w.dp.takeDown(w.dp.sites[0])),
    );
    w.at(1, 3);
    w.run();
    const r = w.peer.content.readLane(w.lane);
    expect(r).toMatchObject({ acquisitions: 1, backupAcquisitions: 1 });
    expect(r.acquisitionMs).toBeCloseTo(140, 9);
  });

  it('the acquisition time of each request is in its RequestTable column (0 on a hit)', () => {
    const w = world({ source: 'primary' });
    const seen: number[] = [];
    const grab = () => {
      // the request just admitted started service at once (free servers): its slot is the last allocated
      const req = w.dp.requests;
      for (let r = 0; r < req.highWater; r++) if (req.alive[r] === 1) seen.push(req.acquisitionMs[r]);
    };
    w.at(1, 3, grab);
    w.at(2, 3, grab);
    w.run();
    expect(seen).toEqual([70, 0]);
  });

  it('conservation: every request arrives once and is served once (served = arrived, nothing in flight)', () => {
    const w = world({ source: 'primary' });
    for (let i = 0; i < 50; i++) w.at(1 + i * 0.01, i % 10);
    w.run();
    const t = w.dp.metrics.total;
    expect(t.arrived).toBe(50);
    expect(t.servedByPeers + t.servedLocal + t.rejected + t.failed).toBe(50);
    expect(w.peer.content.readLane(w.lane).acquisitions).toBe(10);
  });
});

describe('pre-positioning takes time: objects land when the fetch completes', () => {
  it('a fetch of 2 objects takes RTT 20 ms + 200 kB ÷ 2 MB/s = 0.12 s; before, a request misses (pull); after, the first request hits', () => {
    const w = world({ source: 'primary' });
    let doneAt = -1;
    w.clock.scheduleAt(
      0,
      callbackHandler(() => {
        const f = w.peer.content.prefetch(w.lane, [1, 2], () => (doneAt = w.clock.now));
        expect(f.doneAtS).toBeCloseTo(0.12, 12);
      }),
    );
    w.at(0.05, 1); // before completion: a miss, pulled
    w.at(1, 2); // after: a hit on first request
    w.run();
    expect(doneAt).toBeCloseTo(0.12, 12);
    const r = w.peer.content.readLane(w.lane);
    expect(r.acquisitions).toBe(1);
    expect(r.pushedObjects).toBe(2);
    expect(r.pushedBytes).toBe(2 * KB100);
    expect(r.pushS).toBeCloseTo(0.12, 12);
    expect(w.dp.sites[1].cache?.hits).toBe(1);
  });

  it('a cancelled fetch places nothing', () => {
    const w = world({ source: 'primary' });
    w.clock.scheduleAt(
      0,
      callbackHandler(() => w.peer.content.prefetch(w.lane, [1, 2], () => {}).cancel()),
    );
    w.run();
    expect(w.dp.sites[1].cache?.has(1)).toBe(false);
    expect(w.peer.content.readLane(w.lane).pushedObjects).toBe(0);
  });
});

describe('consistency: versions, invalidation, in-line objects, expiry', () => {
  const change = (signal: 'invalidate' | 'expiry', inlineBelowBytes = 0): ContentSpec => ({
    cacheTtlS: 10,
    changes: [{ atS: 5, objects: { kind: 'ranks', from: 3, to: 3 }, signal, inlineBelowBytes }],
  });

  it('stale deliveries only in [change, invalidation]: served stale at 6 s, invalidated at 7 s, re-acquired fresh at 8 s', () => {
    const w = world({ source: 'primary', content: change('invalidate') });
    const heard: number[] = [];
    w.primary.content.onChange((c) => heard.push(c.atS, ...c.objects, ...c.versions));
    w.at(1, 3);
    w.at(4.9, 3); // before the change: fresh
    w.at(6, 3); // after it, before the signal: stale
    w.at(6.5, 3); // stale
    w.clock.scheduleAt(
      7,
      callbackHandler(() => w.peer.content.invalidate([3], [1], 0)),
    );
    w.at(8, 3); // a miss: re-acquired, fresh
    w.at(9, 3); // a fresh hit
    w.run();
    expect(heard).toEqual([5, 3, 1]);
    const r = w.peer.content.readLane(w.lane);
    expect(r.staleDeliveries).toBe(2);
    expect(r.firstStaleS).toBe(6);
    expect(r.lastStaleS).toBe(6.5);
    expect(r.acquisitions).toBe(2);
    // the primary's own cache dropped its copy at the change
    expect(w.dp.content.versions?.current[3]).toBe(1);
  });

  it('an object below inlineBelow comes in-line with the invalidation: fresh without re-acquisition', () => {
    const w = world({ source: 'primary', content: change('invalidate', 200_000) });
    w.at(1, 3);
    w.clock.scheduleAt(
      7,
      callbackHandler(() => w.peer.content.invalidate([3], [1], 200_000)),
    );
    w.at(8, 3);
    w.at(9, 3);
    w.run();
    const r = w.peer.content.readLane(w.lane);
    expect(r.acquisitions).toBe(1);
    expect(r.staleDeliveries).toBe(0);
    expect(w.dp.content.versions?.inlineUpdates).toBe(1);
  });

  it('a resent invalidation changes nothing (idempotent)', () => {
    const w = world({ source: 'primary', content: change('invalidate') });
    w.at(1, 3);
    w.clock.scheduleAt(
      7,
      callbackHandler(() => w.peer.content.invalidate([3], [1], 0)),
    );
    w.at(8, 3);
    w.clock.scheduleAt(
      8.5,
      callbackHandler(() => w.peer.content.invalidate([3], [1], 0)),
    );
    w.at(9, 3);
    w.run();
    expect(w.peer.content.readLane(w.lane).acquisitions).toBe(2);
    expect(w.dp.content.versions?.invalidated).toBe(1);
  });

  it('expiry: stale copies are delivered until change + TTL (5 + 10 s), then revalidated (a miss)', () => {
    const w = world({ source: 'primary', content: change('expiry') });
    w.at(1, 3);
    w.at(6, 3); // stale, within the TTL
    w.at(14.9, 3); // stale
    w.at(15, 3); // revalidated: a miss, re-acquired
    w.at(16, 3); // fresh
    w.run();
    const r = w.peer.content.readLane(w.lane);
    expect(r.staleDeliveries).toBe(2);
    expect(r.lastStaleS).toBe(14.9);
    expect(r.acquisitions).toBe(2);
    expect(w.dp.content.versions?.revalidations).toBe(1);
  });
});
