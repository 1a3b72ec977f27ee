// One peering arrangement's lifecycle, on the primary's side: provisioning (metadata pushed, the
// peer accepts or rejects with a cause) → prepositioning (push only: no redirection until the
// peer's CI/T preposition trigger is complete, or its deadline passed) → active (routing shares on; may be resized; a peer's
// termination notice is honoured) → ending (drain: no new redirections, in-flight requests finish)
// → ended with a reason. Every wait has a timer; it never stays half-provisioned.
import { and, assign, setup } from 'xstate';
import type { MessageOf, Outgoing } from '../messages.js';
import type { ArrangementMetadata, RejectCause, Sla } from '../cdni/vocabulary.js';
import type { NegotiationIo } from '../negotiation/negotiation.machine.js';
import { newOutbox, transmitOutbox } from '../negotiation/outbox.js';

export type EndReason = 'expired' | 'disbanded' | 'terminated' | 'sla-violation' | 'failed' | 'rejected-metadata';

export interface ArrangementHooks {
  /** routing shares and admission on (or updated after a resize) */
  activate(sla: Sla): void;
  /** no new redirections */
  deactivate(sla: Sla): void;
  /** tell the peer the arrangement ends (the hook retries until the peer confirms) */
  tellPeer(sla: Sla, reason: EndReason): void;
  /** the arrangement ended: purge replicated content, record the outcome; `peerInformed` false: the peer must still be told */
  ended(sla: Sla, reason: EndReason, peerInformed: boolean): void;
}

export interface ArrangementInput {
  sla: Sla;
  metadata: ArrangementMetadata;
  retryMs: number;
  maxRetries: number;
  drainMs: number;
  /** push: how long it waits for the preposition trigger to complete before it redirects anyway */
  prepositionDeadlineMs: number;
  /** the current simulated time (s), to time the end of the time frame after an extension */
  now: () => number;
  io: NegotiationIo;
  hooks: ArrangementHooks;
}

export interface ArrangementContext extends ArrangementInput {
  retries: number;
  outbox: Outgoing | null;
  outboxId: string;
  reason: EndReason | null;
  noticeMs: number;
  cause: RejectCause | null;
  /** set once the peer was told (by us or by itself) that the arrangement ends */
  peerInformed: boolean;
}

export type ArrangementEvent =
  | MessageOf<'metadata.ack'>
  | MessageOf<'arrangement.terminate'>
  | MessageOf<'arrangement.resized'>
  | { type: 'disband' }
  | { type: 'sla.breach' }
  | { type: 'peer.failed' }
  | { type: 'trigger.complete' }
  | { type: 'resize'; capacityRps: number }
  | { type: 'extend'; byS: number };

const send = (context: ArrangementContext, message: Outgoing) => ({ ...newOutbox(context, message), retries: 0 });

export const arrangementMachine = setup({
  types: {
    context: {} as ArrangementContext,
    events: {} as ArrangementEvent,
    input: {} as ArrangementInput,
    output: {} as { reason: EndReason; sla: Sla },
  },
  delays: {
    retry: ({ context }) => context.retryMs,
    expiry: ({ context }) => Math.max(0, (context.sla.startS + context.sla.durationS - context.now()) * 1000),
    notice: ({ context }) => context.noticeMs,
    drain: ({ context }) => context.drainMs,
    prepositionDeadline: ({ context }) => context.prepositionDeadlineMs,
  },
  guards: {
    canRetry: ({ context }) => context.retries < context.maxRetries,
    accepted: ({ event }) => (event as MessageOf<'metadata.ack'>).accepted,
    pushes: ({ context }) => context.metadata.replication === 'push' && context.metadata.prepositionObjects.length > 0,
  },
  actions: {
    transmit: transmitOutbox,
    countRetry: assign({ retries: ({ context }) => context.retries + 1 }),
    preparePush: assign(({ context }) =>
      send(context, { type: 'metadata.push', to: context.sla.peer, arrangementId: context.sla.arrangementId, metadata: context.metadata }),
    ),
    activate: ({ context }) => context.hooks.activate(context.sla),
    deactivate: ({ context }) => context.hooks.deactivate(context.sla),
    notifyEnded: ({ context }) => context.hooks.ended(context.sla, context.reason ?? 'failed', context.peerInformed),
    tellPeer: ({ context }) => {
      if (!context.peerInformed) context.hooks.tellPeer(context.sla, context.reason ?? 'disbanded');
    },
    peerTold: assign({ peerInformed: true }),
    requestResize: ({ context, event }) =>
      context.io.transmit(
        {
          type: 'arrangement.resize',
          to: context.sla.peer,
          arrangementId: context.sla.arrangementId,
          capacityRps: (event as { capacityRps: number }).capacityRps,
          extendS: 0,
        },
        context.io.nextId(),
      ),
    requestExtend: ({ context, event }) =>
      context.io.transmit(
        {
          type: 'arrangement.resize',
          to: context.sla.peer,
          arrangementId: context.sla.arrangementId,
          capacityRps: context.sla.capacityRps,
          extendS: (event as { byS: number }).byS,
        },
        context.io.nextId(),
      ),
    applyResize: assign({
      sla: ({ context, event }) => {
        const e = event as MessageOf<'arrangement.resized'>;
        return { ...context.sla, capacityRps: e.capacityRps, durationS: e.durationS };
      },
    }),
    rejectedMetadata: assign({
      reason: 'rejected-metadata' as const,
      cause: ({ event }) => (event as MessageOf<'metadata.ack'>).cause ?? 'emeta',
      peerInformed: true,
    }),
    noted: assign({ noticeMs: ({ event }) => (event as MessageOf<'arrangement.terminate'>).noticeS * 1000, peerInformed: true }),
    // a peer that seems to have failed may only be cut off (a partition, lost logs): it is still told
    reasonFailed: assign({ reason: 'failed' as const }),
    reasonExpired: assign({ reason: 'expired' as const }),
    reasonDisbanded: assign({ reason: 'disbanded' as const }),
    reasonSla: assign({ reason: 'sla-violation' as const }),
    reasonTerminated: assign({ reason: 'terminated' as const }),
  },
}).createMachine({
  id: 'arrangement',
  context: ({ input }) => ({ retries: 0, outbox: null, outboxId: '', reason: null, noticeMs: 0, cause: null, peerInformed: false, ...input }),
  initial: 'provisioning',
  states: {
    provisioning: {
      entry: ['preparePush', 'transmit'],
      initial: 'waiting',
      states: {
        waiting: {
          after: {
            retry: [
              { guard: 'canRetry', target: 'waiting', reenter: true, actions: ['countRetry', 'transmit'] },
              { target: '#arrangement.ended', actions: 'reasonFailed' },
            ],
          },
        },
      },
      on: {
        'metadata.ack': [
          { guard: and(['accepted', 'pushes']), target: 'prepositioning' },
          { guard: 'accepted', target: 'active' },
          { target: 'ended', actions: 'rejectedMetadata' },
        ],
        'peer.failed': { target: 'ended', actions: 'reasonFailed' },
      },
    },
    // the peer fetches the pushed objects; redirecting starts when they are in place (or at the deadline)
    prepositioning: {
      after: { prepositionDeadline: 'active' },
      on: {
        'trigger.complete': 'active',
        'peer.failed': { target: 'ended', actions: 'reasonFailed' },
        'arrangement.terminate': { target: 'noticed', actions: 'noted' },
      },
    },
    active: {
      entry: 'activate',
      after: { expiry: { target: 'ending', actions: 'reasonExpired' } },
      on: {
        disband: { target: 'ending', actions: 'reasonDisbanded' },
        'sla.breach': { target: 'ending', actions: 'reasonSla' },
        'peer.failed': { target: 'ended', actions: ['reasonFailed', 'deactivate'] },
        'arrangement.terminate': { target: 'noticed', actions: 'noted' },
        resize: { actions: 'requestResize' },
        extend: { actions: 'requestExtend' },
        // re-entering restarts the expiry timer on the (possibly extended) time frame
        'arrangement.resized': { target: 'active', reenter: true, actions: 'applyResize' },
      },
    },
    noticed: {
      after: { notice: { target: 'ending', actions: 'reasonTerminated' } },
      on: {
        'peer.failed': { target: 'ended', actions: ['reasonFailed', 'deactivate'] },
        disband: { target: 'ending', actions: 'reasonDisbanded' },
      },
    },
    ending: {
      entry: ['deactivate', 'tellPeer', 'peerTold'],
      after: { drain: 'ended' },
      on: { 'peer.failed': { target: 'ended', actions: 'reasonFailed' } },
    },
    ended: { type: 'final', entry: 'notifyEnded' },
  },
  output: ({ context }) => ({ reason: context.reason ?? 'failed', sla: context.sla }),
});
