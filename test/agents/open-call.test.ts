// A call for proposals made without an actor (agents/primary/open-call) keeps the negotiation
// machine's calling rules: the call goes out at once and is resent under the same id after each
// retry wait, up to maxRetries resends, then fails with a timeout; a deadline shorter than that
// withdraws it (a new message id) and fails; a rejection ends it with the peer's cause; a proposal
// ends the call quietly (the actor takes over) — and after any end nothing more is sent.
import { describe, it, expect } from 'vitest';
import { createClock } from '../../core/clock.js';
import { OpenCall, type CallEnd } from '../../agents/primary/open-call.js';
import { stubIo } from './machine-helpers.js';

const cfp = {
  type: 'negotiation.cfp' as const,
  to: 'beta',
  negotiationId: 'alpha>beta#1',
  profileId: 'beta-standard',
  term: 'short' as const,
  regions: ['eu-west'],
  capacityRps: 100,
  durationS: 1800,
  price: 0.01,
  qos: { p95LatencyMs: 250, maxRejectedShare: 0.05 },
};

function call(timing = { retryMs: 3000, maxRetries: 3, deadlineMs: 30_000 }) {
  const clock = createClock();
  const { io, sent } = stubIo();
  const ends: { end: CallEnd; tS: number }[] = [];
  const open = new OpenCall(clock, io, cfp, timing, (end) => ends.push({ end, tS: clock.now }));
  const sends = () => sent.map((s) => ({ type: (s.message as { type: string }).type, id: s.id }));
  return { clock, open, ends, sends };
}

describe('a call for proposals without an actor', () => {
  it('resends the same message under the same id after each retry wait, then times out', () => {
    const { clock, open, ends, sends } = call();
    expect(sends()).toEqual([{ type: 'negotiation.cfp', id: 'm1' }]);
    clock.runUntil(100);
    expect(sends()).toEqual(Array(4).fill({ type: 'negotiation.cfp', id: 'm1' }));
    expect(ends).toEqual([{ end: { outcome: 'failed', cause: 'timeout' }, tS: 12 }]);
    expect(open.waiting).toBe(false);
  });

  it('a deadline before the retries run out withdraws the call under a new id', () => {
    const { clock, ends, sends } = call({ retryMs: 50, maxRetries: 3, deadlineMs: 120 });
    clock.runUntil(10);
    expect(sends()).toEqual([
      { type: 'negotiation.cfp', id: 'm1' },
      { type: 'negotiation.cfp', id: 'm1' },
      { type: 'negotiation.cfp', id: 'm1' },
      { type: 'negotiation.withdraw', id: 'm2' },
    ]);
    expect(ends).toEqual([{ end: { outcome: 'failed', cause: 'deadline' }, tS: 0.12 }]);
  });

  it('a rejection ends it with the peer’s cause, once; nothing is resent after', () => {
    const { clock, open, ends, sends } = call();
    clock.runUntil(4);
    open.rejected('504-out-of-capacity');
    open.rejected('footprint');
    clock.runUntil(100);
    expect(sends()).toHaveLength(2);
    expect(ends).toEqual([{ end: { outcome: 'rejected', cause: '504-out-of-capacity' }, tS: 4 }]);
  });

  it('a proposal ends the call quietly: no end reported, nothing resent, a late rejection ignored', () => {
    const { clock, open, ends, sends } = call();
    clock.runUntil(1);
    open.answered();
    open.rejected('504-out-of-capacity');
    clock.runUntil(100);
    expect(sends()).toHaveLength(1);
    expect(ends).toEqual([]);
    expect(open.waiting).toBe(false);
  });
});
