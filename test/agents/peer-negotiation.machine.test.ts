// The peer's negotiation machine: propose or decline with a cause; accept or counter; commit only
// through `decide.commit`; answer retried messages with the very same message (idempotent), so a
// lost confirmation never yields a second agreement.
import { describe, it, expect } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { peerNegotiationMachine, type PeerDecide } from '../../agents/negotiation/peer-negotiation.machine.js';
import { actionTypes, sla, stubIo, timer } from './machine-helpers.js';

const cfp = {
  id: 'alpha#1',
  from: 'alpha',
  to: 'beta',
  type: 'negotiation.cfp' as const,
  negotiationId: 'n1',
  profileId: 'beta-standard',
  term: 'short' as const,
  regions: ['eu-west'],
  capacityRps: 500,
  durationS: 1800,
  price: 0.01,
  qos: { p95LatencyMs: 300, maxRejectedShare: 0.05 },
};
const from = { id: 'alpha#2', from: 'alpha', to: 'beta' };

function start(decide: Partial<PeerDecide>, maxRounds = 4) {
  const { io } = stubIo();
  let commits = 0;
  const full: PeerDecide = {
    propose: () => ({ price: 0.015, capacityRps: 400 }),
    accept: () => false,
    counter: () => 0.014,
    commit: (_c, price, capacity) => {
      commits++;
      return sla({ pricePerGB: price, capacityRps: capacity });
    },
    ...decide,
  };
  const [s, actions] = initialTransition(peerNegotiationMachine, { cfp, lingerMs: 60_000, maxRounds, io, decide: full });
  return { s, actions, commits: () => commits };
}

describe('peer negotiation machine', () => {
  it('answers a call it can serve with a proposal', () => {
    const { s, actions } = start({});
    expect(s.value).toBe('proposing');
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.proposal', to: 'alpha', round: 0, price: 0.015, capacityRps: 400 });
    expect(actionTypes(actions)).toEqual(['transmit']);
  });

  it('declines a call it cannot serve, with the cause', () => {
    const { s } = start({ propose: () => ({ cause: '504-out-of-capacity' }) });
    expect(s.value).toBe('declined');
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.reject', cause: '504-out-of-capacity' });
  });

  it('an accept commits the capacity once and confirms with the SLA', () => {
    const t = start({});
    let s = t.s;
    [s] = transition(peerNegotiationMachine, s, { ...from, type: 'negotiation.accept', negotiationId: 'n1', round: 0, price: 0.015, capacityRps: 400 });
    expect(s.value).toBe('agreed');
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.confirm', sla: { capacityRps: 400, pricePerGB: 0.015 } });
    expect(t.commits()).toBe(1);
  });

  it('a retried accept after agreement resends the same confirmation and commits nothing more', () => {
    const t = start({});
    let s = t.s;
    const accept = { ...from, type: 'negotiation.accept' as const, negotiationId: 'n1', round: 0, price: 0.015, capacityRps: 400 };
    [s] = transition(peerNegotiationMachine, s, accept);
    const id = s.context.outboxId;
    const [again, actions] = transition(peerNegotiationMachine, s, accept);
    expect(again.context.outboxId).toBe(id);
    expect(actionTypes(actions)).toEqual(['transmit']);
    expect(t.commits()).toBe(1);
  });

  it('counters until its policy accepts the price, then confirms', () => {
    const t = start({ accept: (_c, price) => price >= 0.013 });
    let s = t.s;
    [s] = transition(peerNegotiationMachine, s, { ...from, type: 'negotiation.counter', negotiationId: 'n1', round: 1, price: 0.011 });
    expect(s.value).toBe('proposing');
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.proposal', round: 1, price: 0.014 });
    [s] = transition(peerNegotiationMachine, s, { ...from, type: 'negotiation.counter', negotiationId: 'n1', round: 2, price: 0.013 });
    expect(s.value).toBe('agreed');
    expect(s.context.sla?.pricePerGB).toBe(0.013);
  });

  it('out of rounds (maxRounds proposals made) ⇒ declines on price', () => {
    const t = start({}, 2);
    let s = t.s;
    [s] = transition(peerNegotiationMachine, s, { ...from, type: 'negotiation.counter', negotiationId: 'n1', round: 1, price: 0.011 });
    expect(s.value).toBe('proposing');
    [s] = transition(peerNegotiationMachine, s, { ...from, type: 'negotiation.counter', negotiationId: 'n1', round: 2, price: 0.011 });
    expect(s.value).toBe('declined');
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.reject', cause: 'price' });
  });

  it('a commit that finds the capacity gone declines with 504', () => {
    const t = start({ commit: () => ({ cause: '504-out-of-capacity' }) });
    let s = t.s;
    [s] = transition(peerNegotiationMachine, s, { ...from, type: 'negotiation.accept', negotiationId: 'n1', round: 0, price: 0.015, capacityRps: 400 });
    expect(s.value).toBe('declined');
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.reject', cause: '504-out-of-capacity' });
  });

  it('ends after lingering, and on withdraw', () => {
    const t = start({});
    const [lingered] = transition(peerNegotiationMachine, t.s, timer(t.actions, 'linger'));
    expect(lingered.status).toBe('done');
    const [withdrawn] = transition(peerNegotiationMachine, t.s, { ...from, type: 'negotiation.withdraw', negotiationId: 'n1' });
    expect(withdrawn.status).toBe('done');
  });
});
