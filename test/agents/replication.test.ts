// Replication and consistency with the agents, on the small crowd: a push is a CI/T preposition
// trigger whose status only moves forward (pending → active → complete) and the primary redirects
// nothing before it is complete; pre-positioned objects hit on first request (no acquisition for
// them); pull acquires from the primary's site, the source its metadata names; pushed content is
// purged when the arrangement ends; a content change is invalidated over the control network, the
// stale deliveries bounded by the invalidation's delivery — exactly the one-way delay with no loss,
// longer but bounded when invalidations are lost and resent.
import { describe, it, expect } from 'vitest';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';
import { INVALIDATION_RETRIES } from '../../agents/protocol.js';
import { triggerStatusFollows, TRIGGER_STATUSES } from '../../agents/cdni/vocabulary.js';

const CHANGE_AT_S = 900;
const change = (signal = 'invalidate') => `content.changes=[{ at: ${CHANGE_AT_S}s, objects: { ranks: [0, 1999] }, signal: ${signal} }]`;

describe('push: a CI/T preposition trigger the primary follows', () => {
  const { result, dataPlane } = runWithAgents(SMALL_CROWD, 1, ['content.replication=push']);
  const arrangements = result.control.arrangements.filter((a) => a.activeAtS !== null);

  it('every arrangement pushes, its trigger went pending → active → complete, and it redirected nothing before complete', () => {
    expect(arrangements.length).toBeGreaterThan(0);
    for (const a of arrangements) {
      const t = a.content?.trigger;
      expect(a.replication).toBe('push');
      expect(t?.history.map((h) => h.status)).toEqual(['pending', 'active', 'complete']);
      expect(t?.redirectedBeforeComplete).toBe(false);
      const completeAt = t?.history[2].tS ?? Infinity;
      expect(a.activeAtS).toBeGreaterThanOrEqual(completeAt);
      if (a.firstRedirectAtS !== null) expect(a.firstRedirectAtS).toBeGreaterThanOrEqual(completeAt);
    }
  });

  it('the pre-positioned objects are placed, and the peer pulls less than under pull with the same arrivals', () => {
    const pull = runWithAgents(SMALL_CROWD, 1, ['content.replication=pull']).result;
    const pushed = arrangements.reduce((n, a) => n + (a.content?.pushed.objects ?? 0), 0);
    expect(pushed).toBeGreaterThan(0);
    const acquired = (r: typeof result) => r.control.arrangements.reduce((n, a) => n + (a.content?.pulled.acquisitions ?? 0), 0);
    expect(acquired(result)).toBeLessThan(acquired(pull));
    for (const a of pull.control.arrangements) expect(a.content?.trigger).toBeNull();
    expect(dataPlane.metrics.total.arrived).toBe(result.requests.arrived);
  });

  it('conservation: arrived = served + rejected + failed + in flight', () => {
    const r = result.requests;
    expect(r.served + r.rejected + r.failed + r.inFlightAtEnd).toBe(r.arrived);
  });
});

describe('the trigger status vocabulary (RFC 8007): a status only moves forward', () => {
  it('pending → active → complete, never back, nothing after a final status', () => {
    expect(triggerStatusFollows('pending', 'active')).toBe(true);
    expect(triggerStatusFollows('active', 'complete')).toBe(true);
    expect(triggerStatusFollows('pending', 'complete')).toBe(true);
    expect(triggerStatusFollows('active', 'pending')).toBe(false);
    expect(triggerStatusFollows('complete', 'active')).toBe(false);
    for (const final of ['complete', 'processed', 'failed', 'cancelled'] as const) {
      for (const next of TRIGGER_STATUSES) expect(triggerStatusFollows(final, next)).toBe(false);
    }
  });
});

describe('pull: acquisition from the primary’s site the metadata names', () => {
  it('misses on the lane acquire from the primary (its site in west is nearer than the origin in east), none from the backup', () => {
    const { result } = runWithAgents(SMALL_CROWD, 1, ['content.replication=pull']);
    const active = result.control.arrangements.filter((a) => a.activeAtS !== null);
    expect(active.length).toBeGreaterThan(0);
    for (const a of active) {
      expect(a.content?.source).toBe('primary');
      expect(a.content?.pulled.backupAcquisitions).toBe(0);
    }
    expect(active.some((a) => (a.content?.pulled.acquisitions ?? 0) > 0)).toBe(true);
  });
});

describe('consistency: invalidation over the control network', () => {
  /** when the invalidation first reached each peer */
  function deliveries(trace: { tS: number; kind: string; [k: string]: unknown }[]) {
    const at = new Map<string, number>();
    for (const t of trace)
      if (t.kind === 'message' && t.type === 'trigger.invalidate' && t.event === 'delivered' && !at.has(t.to as string)) at.set(t.to as string, t.tS);
    return at;
  }

  it('no loss: each peer gets the invalidation after exactly the one-way delay, and stale deliveries fall in [change, that delivery]', () => {
    const { result, controlPlane } = runWithAgents(SMALL_CROWD, 1, ['content.replication=pull', change()], { trace: true });
    const at = deliveries(controlPlane?.trace ?? []);
    expect(at.size).toBeGreaterThan(0);
    // the link's fixed one-way delay, as its metadata push took it (sent and delivered)
    const trace = controlPlane?.trace ?? [];
    const oneWay = (to: string) => {
      const push = (event: string) => trace.find((t) => t.type === 'metadata.push' && t.to === to && t.event === event)?.tS ?? NaN;
      return push('delivered') - push('sent');
    };
    for (const [peer, t] of at) {
      expect(oneWay(peer)).toBeGreaterThan(0);
      expect(t - CHANGE_AT_S).toBeCloseTo(oneWay(peer), 9);
    }
    for (const a of result.control.arrangements) {
      const c = a.content;
      if (!c || c.staleDeliveries === 0) continue;
      expect(c.firstStaleS ?? -1).toBeGreaterThanOrEqual(CHANGE_AT_S);
      expect(c.lastStaleS ?? Infinity).toBeLessThanOrEqual(at.get(a.peer) ?? -1);
    }
    expect(result.content?.invalidations.acked).toBe(result.content?.invalidations.sent);
  });

  it('loss: lost invalidations are resent; the stale window is longer but ends with the first delivered resend', () => {
    // seeds where the first invalidation is lost (loss 0.5): look for one with resends
    let checked = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { result, controlPlane } = runWithAgents(SMALL_CROWD, seed, ['content.replication=pull', change()], { lossRate: 0.5, trace: true });
      const inv = result.content?.invalidations;
      if (!inv || inv.resent === 0) continue;
      const at = deliveries(controlPlane?.trace ?? []);
      for (const a of result.control.arrangements) {
        const c = a.content;
        if (!c || c.invalidations.sent === 0) continue;
        const delivered = at.get(a.peer);
        if (delivered === undefined) {
          expect(c.invalidations.failed).toBe(1); // every resend lost: given up after INVALIDATION_RETRIES
          continue;
        }
        expect(c.lastStaleS ?? CHANGE_AT_S).toBeLessThanOrEqual(delivered);
        expect(delivered - CHANGE_AT_S).toBeLessThanOrEqual((INVALIDATION_RETRIES + 1) * 3 + 1);
        if (c.invalidations.resent > 0 && c.staleDeliveries > 0) checked++;
      }
      if (checked > 0) break;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('expiry: no invalidation is sent; stale deliveries end by the change + the cache TTL', () => {
    const { result } = runWithAgents(SMALL_CROWD, 1, ['content.replication=pull', 'content.cacheTtl=60s', change('expiry')]);
    expect(result.content?.invalidations.sent).toBe(0);
    const stale = result.control.arrangements.filter((a) => (a.content?.staleDeliveries ?? 0) > 0);
    expect(stale.length).toBeGreaterThan(0);
    for (const a of stale) expect(a.content?.lastStaleS ?? Infinity).toBeLessThan(CHANGE_AT_S + 60);
  });

  it('in-line: objects below inlineBelow are updated with the signal and not re-acquired', () => {
    const sets = ['content.replication=pull', `content.changes=[{ at: ${CHANGE_AT_S}s, objects: { ranks: [0, 1999] }, signal: invalidate, inlineBelow: 1GB }]`];
    const inline = runWithAgents(SMALL_CROWD, 1, sets).result;
    const dropped = runWithAgents(SMALL_CROWD, 1, ['content.replication=pull', change()]).result;
    expect(inline.content?.inlineUpdates).toBeGreaterThan(0);
    expect(inline.content?.invalidatedCopies).toBe(0);
    expect(dropped.content?.invalidatedCopies).toBeGreaterThan(0);
    expect(inline.content?.acquisitions ?? 0).toBeLessThan(dropped.content?.acquisitions ?? 0);
  });
});
