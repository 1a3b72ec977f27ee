// The peer's lease on an arrangement (serving machine): it lapses exactly one lease after the peer
// last heard from the primary, however often it heard before; renewals only note the time
// (heardAtS), and the lease timer runs on to the renewed end instead of lapsing. The term ends it
// on time whatever the lease does, and a resize that extends the term moves that end.
import { describe, it, expect } from 'vitest';
import { createActor } from 'xstate';
import { SimClock } from '../../core/clock.js';
import { createXstateClock } from '../../core/xstate-clock.js';
import { servingMachine } from '../../agents/peer/serving.machine.js';
import type { PeerEndReason } from '../../agents/ledger.js';
import { sla } from './machine-helpers.js';

const LEASE_S = 60;

function serve(durationS = 1800) {
  const clock = new SimClock();
  let heardAtS = 0;
  const ended: { reason: PeerEndReason; tS: number }[] = [];
  const actor = createActor(servingMachine, {
    clock: createXstateClock(clock),
    input: {
      sla: sla({ durationS }),
      provisionMs: 10_000,
      leaseMs: LEASE_S * 1000,
      heardAtS: () => heardAtS,
      now: () => clock.now,
      hooks: { activate: () => {}, resized: () => {}, ended: (_s, reason) => ended.push({ reason, tS: clock.now }) },
    },
  }).start();
  actor.send({ type: 'metadata.accepted' });
  const heardAt = (tS: number) => {
    clock.runUntil(tS);
    heardAtS = tS;
  };
  return { clock, actor, ended, heardAt };
}

describe('the peer’s lease', () => {
  it('lapses one lease after activation when the primary never answers', () => {
    const { clock, ended } = serve();
    clock.runUntil(1000);
    expect(ended).toEqual([{ reason: 'lease-lapsed', tS: LEASE_S }]);
  });

  it('lapses exactly one lease after the last renewal, however many came before', () => {
    const { clock, ended, heardAt } = serve();
    for (const t of [10, 20, 55, 59.5, 100, 130.25]) heardAt(t);
    clock.runUntil(1000);
    expect(ended).toHaveLength(1);
    expect(ended[0].reason).toBe('lease-lapsed');
    expect(ended[0].tS).toBeCloseTo(130.25 + LEASE_S, 9);
  });

  it('renewed just in time, it runs on; a renewal after it lapsed changes nothing', () => {
    const { clock, ended, heardAt } = serve();
    heardAt(LEASE_S - 1e-3);
    clock.runUntil(2 * LEASE_S - 2e-3);
    expect(ended).toEqual([]);
    heardAt(2 * LEASE_S);
    clock.runUntil(1000);
    expect(ended).toHaveLength(1);
    expect(ended[0].tS).toBeCloseTo(2 * LEASE_S - 1e-3, 9);
  });

  it('the term ends it on time while the lease is renewed, and a resize that extends the term moves the end', () => {
    const kept = serve(300);
    for (let t = 10; t < 1000; t += 10) kept.heardAt(t);
    expect(kept.ended).toEqual([{ reason: 'term-ended', tS: 300 }]);
    const extended = serve(300);
    for (let t = 10; t <= 100; t += 10) extended.heardAt(t);
    extended.actor.send({ type: 'resized', sla: sla({ durationS: 400 }) });
    for (let t = 110; t < 1000; t += 10) extended.heardAt(t);
    expect(extended.ended).toEqual([{ reason: 'term-ended', tS: 400 }]);
  });
});
