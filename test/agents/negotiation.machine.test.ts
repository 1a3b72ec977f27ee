// The primary's negotiation machine, stepped with xstate's pure transition(): every path ends in
// agreed, rejected or failed, retries resend the same message id, and the deadline always wins.
import { describe, it, expect } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { createClock } from '../../core/clock.js';
import { createXstateClock } from '../../core/xstate-clock.js';
import { negotiationMachine, type NegotiationInput } from '../../agents/negotiation/negotiation.machine.js';
import { actionTypes, envelope, sla, stubIo, timer } from './machine-helpers.js';

function start(decide: NegotiationInput['decide'], overrides: Partial<NegotiationInput> = {}) {
  const { io } = stubIo();
  const input: NegotiationInput = {
    negotiationId: 'n1',
    peer: 'beta',
    profileId: 'beta-standard',
    term: 'short',
    regions: ['eu-west'],
    capacityRps: 500,
    durationS: 1800,
    qos: { p95LatencyMs: 300, maxRejectedShare: 0.05 },
    opening: 0.01,
    limit: 0.02,
    deadlineMs: 30_000,
    retryMs: 3000,
    maxRetries: 2,
    maxRounds: 4,
    startedAtS: 0,
    io,
    decide,
    ...overrides,
  };
  return initialTransition(negotiationMachine, input);
}

const proposal = (round: number, price: number) => ({
  ...envelope,
  type: 'negotiation.proposal' as const,
  negotiationId: 'n1',
  round,
  price,
  capacityRps: 400,
});
const confirm = { ...envelope, type: 'negotiation.confirm' as const, negotiationId: 'n1', sla: sla({ pricePerGB: 0.015, capacityRps: 400 }) };

describe('negotiation machine (primary side)', () => {
  it('starts by sending a call for proposals at the opening price', () => {
    const [s, actions] = start({ accept: () => true, nextPrice: () => 0 });
    expect(s.value).toEqual({ calling: 'waiting' });
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.cfp', to: 'beta', price: 0.01, capacityRps: 500, term: 'short' });
    expect(actionTypes(actions)).toEqual(['transmitCfp']);
  });

  it('told that the call already went out (cfpId: made without an actor), it sends nothing and bargains from the first proposal', () => {
    const { io, sent } = stubIo();
    const clock = createClock();
    const actor = createActor(negotiationMachine, {
      clock: createXstateClock(clock),
      input: { ...start({ accept: () => false, nextPrice: () => 0.012 })[0].context.input, io, cfpId: 'beta#call' },
    }).start();
    expect(sent).toEqual([]);
    expect(actor.getSnapshot().context.outboxId).toBe('beta#call');
    actor.send(proposal(0, 0.02));
    expect(sent.map((m) => (m.message as { type: string }).type)).toEqual(['negotiation.counter']);
    expect(actor.getSnapshot().value).toEqual({ countering: 'waiting' });
    actor.stop();
  });

  it('accepted at once: proposal → accept → confirm ⇒ agreed with the SLA', () => {
    let [s] = start({ accept: (_c, price) => price <= 0.015, nextPrice: () => 0 });
    [s] = transition(negotiationMachine, s, proposal(0, 0.015));
    expect(s.value).toEqual({ accepting: 'waiting' });
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.accept', price: 0.015, capacityRps: 400 });
    [s] = transition(negotiationMachine, s, confirm);
    expect(s.status).toBe('done');
    expect(s.output).toEqual({ outcome: 'agreed', sla: confirm.sla, cause: null, rounds: 0 });
  });

  it('counter-offers converge: each counter follows the tactic until the proposal is acceptable', () => {
    const tactic = [0.012, 0.014];
    let [s] = start({ accept: (_c, price) => price <= 0.016, nextPrice: (c) => tactic[c.myOffers.length - 1] });
    [s] = transition(negotiationMachine, s, proposal(0, 0.02));
    expect(s.value).toEqual({ countering: 'waiting' });
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.counter', round: 1, price: 0.012 });
    [s] = transition(negotiationMachine, s, proposal(1, 0.018));
    expect(s.context.outbox).toMatchObject({ type: 'negotiation.counter', round: 2, price: 0.014 });
    expect(s.context.myOffers).toEqual([0.01, 0.012, 0.014]);
    [s] = transition(negotiationMachine, s, proposal(2, 0.016));
    expect(s.value).toEqual({ accepting: 'waiting' });
    [s] = transition(negotiationMachine, s, confirm);
    expect(s.output?.outcome).toBe('agreed');
    expect(s.context.theirOffers).toEqual([0.02, 0.018, 0.016]);
  });

  it('a stale proposal (a retry of an answered round) changes nothing', () => {
    let [s] = start({ accept: () => false, nextPrice: () => 0.012 });
    [s] = transition(negotiationMachine, s, proposal(0, 0.02));
    const before = s.context;
    const [after, actions] = transition(negotiationMachine, s, proposal(0, 0.02));
    expect(after.context.round).toBe(before.round);
    expect(after.context.outboxId).toBe(before.outboxId);
    expect(actionTypes(actions)).toEqual([]);
  });

  it('rejection with a cause ⇒ rejected, carrying the cause', () => {
    let [s] = start({ accept: () => true, nextPrice: () => 0 });
    [s] = transition(negotiationMachine, s, { ...envelope, type: 'negotiation.reject', negotiationId: 'n1', cause: '504-out-of-capacity' });
    expect(s.output).toEqual({ outcome: 'rejected', sla: null, cause: '504-out-of-capacity', rounds: 0 });
  });

  it('out of rounds ⇒ failed with cause "rounds", and the peer is told (withdraw)', () => {
    let [s] = start({ accept: () => false, nextPrice: () => 0.011 }, { maxRounds: 2 });
    [s] = transition(negotiationMachine, s, proposal(0, 0.03));
    const [failed, actions] = transition(negotiationMachine, s, proposal(1, 0.03));
    expect(failed.output).toMatchObject({ outcome: 'failed', cause: 'rounds' });
    expect(actionTypes(actions)).toContain('withdraw');
  });

  it('silent peer ⇒ the same message is resent maxRetries times, then failed with cause "timeout"', () => {
    let [s, actions] = start({ accept: () => true, nextPrice: () => 0 });
    const id = s.context.outboxId;
    for (let i = 0; i < 2; i++) {
      [s, actions] = transition(negotiationMachine, s, timer(actions, 'retry'));
      expect(actionTypes(actions)).toEqual(['transmit']);
      expect(s.context.outboxId).toBe(id);
      expect(s.context.retries).toBe(i + 1);
    }
    [s] = transition(negotiationMachine, s, timer(actions, 'retry'));
    expect(s.output).toMatchObject({ outcome: 'failed', cause: 'timeout' });
  });

  it('deadline ⇒ failed with cause "deadline" from any waiting state, withdrawing', () => {
    let [s, actions] = start({ accept: () => false, nextPrice: () => 0.012 });
    const deadline = timer(actions, 'deadline');
    [s] = transition(negotiationMachine, s, proposal(0, 0.02));
    [s, actions] = transition(negotiationMachine, s, deadline);
    expect(s.output).toMatchObject({ outcome: 'failed', cause: 'deadline' });
    expect(actionTypes(actions)).toContain('withdraw');
  });
});
