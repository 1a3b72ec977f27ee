// An arrangement's lifecycle: provisioning → active → ending (drain) → ended, with each reason:
// expiry, disband, termination by the peer after its notice, SLA breach, peer failure, metadata
// rejected, and silence during provisioning. It never stays half-provisioned.
import { describe, it, expect } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { arrangementMachine, type EndReason } from '../../agents/primary/arrangement.machine.js';
import { actionTypes, sla, stubIo, timer } from './machine-helpers.js';

const peer = { id: 'beta#9', from: 'beta', to: 'alpha' };
const ack = (accepted: boolean) => ({
  ...peer,
  type: 'metadata.ack' as const,
  arrangementId: 'alpha>beta#1',
  accepted,
  ...(accepted ? {} : { cause: 'emeta' as const }),
});

function start(replication: 'push' | 'pull' = 'pull') {
  const { io } = stubIo();
  const ended: EndReason[] = [];
  const [s, actions] = initialTransition(arrangementMachine, {
    sla: sla(),
    retryMs: 3000,
    maxRetries: 2,
    drainMs: 2000,
    prepositionDeadlineMs: 60_000,
    now: () => 0,
    io,
    metadata: {
      arrangementId: 'alpha>beta#1',
      source: { kind: 'origin', region: 'na-east' },
      allowedRegions: ['eu-west'],
      cacheTtlS: 3600,
      uriSigning: false,
      replication,
      prepositionObjects: replication === 'push' ? [0, 1, 2] : [],
    },
    hooks: { activate: () => {}, deactivate: () => {}, tellPeer: () => {}, ended: (_s, reason) => ended.push(reason) },
  });
  return { s, actions, ended };
}

function activeArrangement() {
  const t = start();
  const [s, actions] = transition(arrangementMachine, t.s, ack(true));
  return { s, actions };
}

describe('arrangement machine', () => {
  it('provisions by pushing metadata; an accepted ack makes it active and turns routing on', () => {
    const t = start();
    expect(t.s.value).toEqual({ provisioning: 'waiting' });
    expect(t.s.context.outbox).toMatchObject({ type: 'metadata.push', to: 'beta' });
    const { s, actions } = activeArrangement();
    expect(s.value).toBe('active');
    expect(actionTypes(actions)).toEqual(['activate']);
  });

  it('push: an accepted ack waits in prepositioning (no routing) until the trigger is complete', () => {
    const [waiting, actions] = transition(arrangementMachine, start('push').s, ack(true));
    expect(waiting.value).toBe('prepositioning');
    expect(actionTypes(actions)).toEqual([]);
    const [s, next] = transition(arrangementMachine, waiting, { type: 'trigger.complete' });
    expect(s.value).toBe('active');
    expect(actionTypes(next)).toEqual(['activate']);
  });

  it('push: the trigger not complete by its deadline ⇒ active anyway (misses pull); a failed peer meanwhile ⇒ ended', () => {
    const [waiting, actions] = transition(arrangementMachine, start('push').s, ack(true));
    const [s] = transition(arrangementMachine, waiting, timer(actions, 'prepositionDeadline'));
    expect(s.value).toBe('active');
    const [failed] = transition(arrangementMachine, waiting, { type: 'peer.failed' });
    expect(failed.output?.reason).toBe('failed');
  });

  it('metadata rejected ⇒ ended, failed, with the cause', () => {
    const [s] = transition(arrangementMachine, start().s, ack(false));
    expect(s.status).toBe('done');
    expect(s.output?.reason).toBe('rejected-metadata');
    expect(s.context.cause).toBe('emeta');
  });

  it('a silent peer during provisioning ⇒ retries with the same id, then ended as failed', () => {
    let { s, actions } = start();
    const id = s.context.outboxId;
    for (let i = 0; i < 2; i++) {
      [s, actions] = transition(arrangementMachine, s, timer(actions, 'retry'));
      expect(s.context.outboxId).toBe(id);
    }
    [s] = transition(arrangementMachine, s, timer(actions, 'retry'));
    expect(s.output?.reason).toBe('failed');
  });

  it('time frame expiry ⇒ ending (routing off, peer told) ⇒ ended after the drain', () => {
    let { s, actions } = activeArrangement();
    [s, actions] = transition(arrangementMachine, s, timer(actions, 'expiry'));
    expect(s.value).toBe('ending');
    expect(actionTypes(actions)).toEqual(['deactivate', 'tellPeer']);
    [s, actions] = transition(arrangementMachine, s, timer(actions, 'drain'));
    expect(s.output?.reason).toBe('expired');
    expect(actionTypes(actions)).toEqual(['notifyEnded']);
  });

  it('disband ⇒ ending ⇒ ended "disbanded"', () => {
    let { s, actions } = activeArrangement();
    [s, actions] = transition(arrangementMachine, s, { type: 'disband' });
    [s] = transition(arrangementMachine, s, timer(actions, 'drain'));
    expect(s.output?.reason).toBe('disbanded');
  });

  it('termination by the peer keeps serving through the notice, then drains', () => {
    let { s, actions } = activeArrangement();
    [s, actions] = transition(arrangementMachine, s, {
      ...peer,
      type: 'arrangement.terminate',
      arrangementId: 'alpha>beta#1',
      by: 'peer',
      reason: 'peer-needs-capacity',
      noticeS: 60,
    });
    expect(s.value).toBe('noticed');
    expect(s.context.noticeMs).toBe(60_000);
    [s, actions] = transition(arrangementMachine, s, timer(actions, 'notice'));
    expect(s.value).toBe('ending');
    expect(actionTypes(actions)).toEqual(['deactivate', 'tellPeer']);
    [s] = transition(arrangementMachine, s, timer(actions, 'drain'));
    expect(s.output?.reason).toBe('terminated');
  });

  it('peer failure while active ⇒ routing off at once and ended "failed" (failover to the primary)', () => {
    const { s: active } = activeArrangement();
    const [s, actions] = transition(arrangementMachine, active, { type: 'peer.failed' });
    expect(s.output?.reason).toBe('failed');
    expect(actionTypes(actions)).toEqual(['deactivate', 'notifyEnded']);
  });

  it('an SLA breach ⇒ ended "sla-violation"', () => {
    let { s, actions } = activeArrangement();
    [s, actions] = transition(arrangementMachine, s, { type: 'sla.breach' });
    [s] = transition(arrangementMachine, s, timer(actions, 'drain'));
    expect(s.output?.reason).toBe('sla-violation');
  });

  it('renegotiation to a larger capacity: resize request, then the peer’s answer updates the SLA and routing', () => {
    let { s, actions } = activeArrangement();
    [s, actions] = transition(arrangementMachine, s, { type: 'resize', capacityRps: 900 });
    expect(actionTypes(actions)).toEqual(['requestResize']);
    [s, actions] = transition(arrangementMachine, s, {
      ...peer,
      type: 'arrangement.resized',
      arrangementId: 'alpha>beta#1',
      capacityRps: 900,
      durationS: 1800,
      accepted: true,
    });
    expect(s.value).toBe('active');
    expect(s.context.sla.capacityRps).toBe(900);
    expect(actionTypes(actions)).toEqual(['activate']);
  });

  it('an extension lengthens the time frame and restarts the expiry timer on it', () => {
    let { s, actions } = activeArrangement();
    [s, actions] = transition(arrangementMachine, s, { type: 'extend', byS: 1800 });
    expect(actionTypes(actions)).toEqual(['requestExtend']);
    [s, actions] = transition(arrangementMachine, s, {
      ...peer,
      type: 'arrangement.resized',
      arrangementId: 'alpha>beta#1',
      capacityRps: 500,
      durationS: 3600,
      accepted: true,
    });
    expect(s.context.sla.durationS).toBe(3600);
    const expiry = actions.find((a) => a.type === 'xstate.raise' && String((a.params as { id?: string }).id).includes('expiry'));
    expect((expiry?.params as { delay: number }).delay).toBe(3_600_000);
  });
});
