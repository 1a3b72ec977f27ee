// The peer's CI/T triggers on a real data plane (test/cdn/content-world): a push's preposition
// reports `active` as it starts and `complete` once the objects are in place (they then hit on
// first request); the arrangement's end purges them (and cancels a fetch under way, placing
// nothing). Invalidations are tested in ./invalidations.test.ts.
import { describe, it, expect } from 'vitest';
import { callbackHandler } from '../../core/clock.js';
import { PeerContentTriggers, type ServedContent } from '../../agents/peer/content-triggers.js';
import type { AgentEnv } from '../../agents/env.js';
import type { ArrangementMetadata } from '../../agents/cdni/vocabulary.js';
import type { Outgoing } from '../../agents/messages.js';
import { world } from '../cdn/content-world.js';

const meta = (replication: 'push' | 'pull', objects: number[]): ArrangementMetadata => ({
  arrangementId: 'alpha>beta#1',
  source: { kind: 'primary', region: 'a' },
  allowedRegions: [],
  cacheTtlS: 3600,
  uriSigning: false,
  replication,
  prepositionObjects: objects,
});

function setup() {
  const w = world();
  const sent: Outgoing[] = [];
  const env = { id: 'beta', port: w.peer, network: { send: (_from: string, m: Outgoing) => sent.push(m) } } as unknown as AgentEnv;
  const triggers = new PeerContentTriggers(env);
  const served: ServedContent = { lane: w.lane, primary: 'alpha', arrangementId: 'alpha>beta#1', pushed: [], fetch: null };
  const statuses = () => sent.flatMap((m) => (m.type === 'trigger.status' ? [m.status] : []));
  return { w, sent, triggers, served, statuses };
}

describe('the peer processes a push as a CI/T preposition trigger', () => {
  it('active at the start, complete when placed; the objects then hit on first request; the end purges them', () => {
    const t = setup();
    const cache = t.w.dp.sites[1].cache;
    t.w.clock.scheduleAt(
      0,
      callbackHandler(() => t.triggers.provision(t.served, meta('push', [1, 2, -5, 99.5, 1e9]))),
    );
    t.w.at(1, 1);
    t.w.clock.scheduleAt(
      2,
      callbackHandler(() => t.triggers.release(t.served)),
    );
    t.w.run();
    expect(t.statuses()).toEqual(['active', 'complete']);
    expect(t.served.pushed).toEqual([1, 2]); // hostile ids dropped
    expect(cache?.hits).toBe(1);
    expect(cache?.misses).toBe(0);
    expect(cache?.has(1)).toBe(false);
    expect(cache?.has(2)).toBe(false);
  });

  it('the arrangement ends before the fetch completes: cancelled, nothing placed, no complete', () => {
    const t = setup();
    t.w.clock.scheduleAt(
      0,
      callbackHandler(() => t.triggers.provision(t.served, meta('push', [1, 2]))),
    );
    t.w.clock.scheduleAt(
      0.01,
      callbackHandler(() => t.triggers.release(t.served)),
    );
    t.w.run();
    expect(t.statuses()).toEqual(['active']);
    expect(t.w.dp.sites[1].cache?.has(1)).toBe(false);
  });

  it('pull: no trigger, only the source is set', () => {
    const t = setup();
    t.triggers.provision(t.served, meta('pull', [1, 2]));
    expect(t.sent).toEqual([]);
    expect(t.served.fetch).toBeNull();
  });
});
