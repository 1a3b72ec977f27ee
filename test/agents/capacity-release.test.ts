// A peer always gets an arrangement's capacity back, whatever ends it: the primary's notice
// (retried until confirmed), the peer's lease when the primary goes silent (a crash, a partition,
// lost delivery-log answers), or the end of the term. Found by attack: a peer that went down kept a
// failed arrangement's capacity for good, and a primary that crashed never told its peers.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';
import type { RunResult } from '../../reports/run-result.js';

/** lease (60 s with 10 s delivery logs) plus one monitor pass of slack */
const LEASE_S = 60;
const PASS_S = 5;

/**
 * Every arrangement the primary ended, the peer ended too, no later than its lease after (or, when
 * the peer's agent was down then, right when it came back; or the run ended first).
 */
function expectBothSidesReleased(result: RunResult, peerDown: { cdn: string; fromS: number; toS: number } | null = null) {
  for (const a of result.control.arrangements) {
    if (a.peerSide === null) continue;
    const primaryEnd = a.endedAtS ?? Infinity;
    let deadline = primaryEnd + LEASE_S + PASS_S;
    if (peerDown && peerDown.cdn === a.peer && peerDown.fromS <= deadline && peerDown.toS >= primaryEnd) deadline = Math.max(deadline, peerDown.toS + PASS_S);
    if (deadline >= result.durationS) continue;
    expect(a.peerSide.state, `${a.id}: the peer still holds it`).toBe('ended');
    expect(a.peerSide.endedAtS as number, a.id).toBeLessThanOrEqual(deadline);
  }
}

describe('a peer gets its capacity back', () => {
  it('after the peer itself was down: its failed arrangement lapses on recovery and it agrees again', () => {
    const { result, controlPlane } = runWithAgents(SMALL_CROWD, 1, ['faults=[{at: 13m, type: cdn-down, cdn: beta, for: 3m}]']);
    const failed = result.control.arrangements.find((a) => a.peer === 'beta' && a.state === 'failed');
    expect(failed).toBeDefined();
    expect(failed!.peerSide?.state).toBe('ended');
    expect(['lease-lapsed', 'told-by-primary']).toContain(failed!.peerSide?.endReason);
    expect(failed!.peerSide!.endedAtS as number).toBeLessThanOrEqual(16 * 60 + PASS_S);
    const later = result.control.arrangements.filter((a) => a.peer === 'beta' && a.agreedAtS >= 16 * 60);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((a) => a.servedRequests > 0)).toBe(true);
    const beta = controlPlane!.agents.find((a) => a.env.id === 'beta')!;
    // what beta still commits is exactly what its arrangements active at the end hold: nothing leaked
    const held = result.control.arrangements
      .filter((a) => a.peer === 'beta' && a.peerSide?.state === 'active')
      .reduce((n, a) => n + a.peerSide!.capacityRps, 0);
    expect(beta.peer!.committed()).toBeCloseTo(held, 9);
    expectBothSidesReleased(result, { cdn: 'beta', fromS: 13 * 60, toS: 16 * 60 });
  });

  it('after the primary crashed: each peer releases on its lease, and the primary tells it when it comes back', () => {
    const { result, controlPlane } = runWithAgents(SMALL_CROWD, 1, ['faults=[{at: 13m, type: agent-crash, cdn: alpha, for: 2m}]'], { trace: true });
    const cut = result.control.arrangements.filter((a) => a.agreedAtS < 13 * 60);
    expect(cut.length).toBeGreaterThan(0);
    const told = controlPlane!.trace.filter((l) => l.type === 'arrangement.terminate' && l.event === 'delivered' && l.from === 'alpha' && l.tS >= 15 * 60);
    for (const a of cut) {
      expect(
        told.some((l) => (l.body as { arrangementId: string; reason: string }).arrangementId === a.id && (l.body as { reason: string }).reason === 'failed'),
      ).toBe(true);
      expect(a.state).toBe('failed');
      expect(a.peerSide?.endReason).toBe('lease-lapsed');
      expect(a.peerSide!.endedAtS as number).toBeLessThanOrEqual(13 * 60 + LEASE_S + PASS_S);
    }
    // the peers still serve alpha after it recovered
    expect(result.control.arrangements.some((a) => a.agreedAtS > 15 * 60 && a.servedRequests > 0)).toBe(true);
    expectBothSidesReleased(result);
  });

  it('the primary notices every end to the peer and resends the notice until the peer confirms', () => {
    const { controlPlane } = runWithAgents(SMALL_CROWD, 2, ['duration=20m'], { trace: true, lossRate: 0.3 });
    const trace = controlPlane!.trace.filter((l) => l.kind === 'message');
    const notices = trace.filter((l) => l.type === 'arrangement.terminate' && l.from === 'alpha' && l.event === 'sent');
    const confirmations = trace.filter((l) => l.type === 'arrangement.ended' && l.event === 'delivered');
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) {
      const id = (notice.body as { arrangementId: string }).arrangementId;
      const resent = notices.filter((n) => n.id === notice.id).length;
      const confirmed = confirmations.some((c) => (c.body as { arrangementId: string }).arrangementId === id && c.tS >= notice.tS);
      // resent under the same id until confirmed, or until its retries ran out (the peer's lease then settles it)
      expect(confirmed || resent === 6).toBe(true);
    }
  });

  it('for any seed, loss rate and fault, no arrangement is held by its peer after its primary let go (property)', () => {
    const beta = { cdn: 'beta', fromS: 12 * 60, toS: 14 * 60 };
    const faults: [string, typeof beta | null][] = [
      ['[]', null],
      ['[{at: 12m, type: agent-crash, cdn: alpha, for: 90s}]', null],
      ['[{at: 12m, type: cdn-down, cdn: beta, for: 2m}]', beta],
      ['[{at: 12m, type: partition, a: alpha, b: beta, for: 2m}]', null],
      ['[{at: 12m, type: agent-crash, cdn: beta, for: 2m}]', beta],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, 0.1, 0.3), fc.constantFrom(...faults), (seed, loss, [fault, down]) => {
        const { result, controlPlane } = runWithAgents(SMALL_CROWD, seed, [`faults=${fault}`], { lossRate: loss });
        expectBothSidesReleased(result, down);
        // a peer's books agree with the peer sides it has not ended
        const open = [...controlPlane!.ledger.peerSides.values()].filter((p) => p.state !== 'ended').length;
        const serving = controlPlane!.agents.reduce((n, a) => n + (a.peer?.servingCount() ?? 0), 0);
        expect(serving).toBe(open);
      }),
      { numRuns: 6, seed: 20261201 },
    );
  });
});
