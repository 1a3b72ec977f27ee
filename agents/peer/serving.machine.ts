// One arrangement on the peer's side, as a machine like the primary's: pending (capacity committed,
// waiting for the primary's metadata) → active (admission open; a lease that each answered delivery
// log renews — the peer notes when it last heard from the primary (`heardAtS`), and the lease timer,
// when it fires, runs on to that time plus the lease instead of lapsing — and the term) → ending (its own users need the capacity: notice given) → ended with
// the reason the capacity was released. Every wait has a timer on the engine clock, so a silent
// primary, a lost message or the end of the term always releases the capacity.
import { assign, setup } from 'xstate';
import type { Sla } from '../cdni/vocabulary.js';
import type { PeerEndReason } from '../ledger.js';

export interface ServingHooks {
  /** metadata accepted: open admission at the agreed capacity */
  activate(sla: Sla): void;
  /** the agreed capacity or term changed: admission follows */
  resized(sla: Sla): void;
  /** the capacity is released (admission closed, pushed content purged); `reason` says why */
  ended(sla: Sla, reason: PeerEndReason): void;
}

export interface ServingInput {
  sla: Sla;
  /** how long it waits for the primary's metadata */
  provisionMs: number;
  /** how long the capacity is held without hearing from the primary */
  leaseMs: number;
  /** when the peer last heard from the primary about it (s): renewals only move this */
  heardAtS: () => number;
  /** the current simulated time (s), to time the end of the term */
  now: () => number;
  hooks: ServingHooks;
}

interface ServingContext extends ServingInput {
  reason: PeerEndReason | null;
  noticeMs: number;
}

export type ServingEvent =
  | { type: 'metadata.accepted' }
  | { type: 'resized'; sla: Sla }
  | { type: 'told'; reason: 'told-by-primary' | 'primary-no-longer-holds' }
  | { type: 'needed'; noticeS: number };

/** a lease with no more than this left (s) has lapsed: the timer never re-arms for a rounding error */
const LEASE_EPSILON_S = 1e-6;

const leaseEndS = (context: ServingInput) => context.heardAtS() + context.leaseMs / 1000;

export const servingMachine = setup({
  types: { context: {} as ServingContext, events: {} as ServingEvent, input: {} as ServingInput },
  delays: {
    provision: ({ context }) => context.provisionMs,
    lease: ({ context }) => Math.max(0, (leaseEndS(context) - context.now()) * 1000),
    term: ({ context }) => Math.max(0, (context.sla.startS + context.sla.durationS - context.now()) * 1000),
    notice: ({ context }) => context.noticeMs,
  },
  guards: {
    /** heard from the primary since the lease timer was set: the lease runs on */
    renewed: ({ context }) => leaseEndS(context) > context.now() + LEASE_EPSILON_S,
  },
  actions: {
    activate: ({ context }) => context.hooks.activate(context.sla),
    resized: ({ context }) => context.hooks.resized(context.sla),
    ended: ({ context }) => context.hooks.ended(context.sla, context.reason ?? 'lease-lapsed'),
    applyResize: assign({ sla: ({ event }) => (event as { sla: Sla }).sla }),
    told: assign({ reason: ({ event }) => (event as { reason: PeerEndReason }).reason }),
    noticed: assign({ noticeMs: ({ event }) => (event as { noticeS: number }).noticeS * 1000 }),
  },
}).createMachine({
  id: 'serving',
  context: ({ input }) => ({ reason: null, noticeMs: 0, ...input }),
  initial: 'pending',
  states: {
    pending: {
      after: {
        provision: { target: 'ended', actions: assign({ reason: 'never-provisioned' as const }) },
        term: { target: 'ended', actions: assign({ reason: 'term-ended' as const }) },
      },
      on: {
        'metadata.accepted': { target: 'active', actions: 'activate' },
        told: { target: 'ended', actions: 'told' },
      },
    },
    active: {
      after: {
        lease: [
          // re-entering sets the lease timer for the rest of the renewed lease (and the term timer again)
          { guard: 'renewed', target: 'active', reenter: true },
          { target: 'ended', actions: assign({ reason: 'lease-lapsed' as const }) },
        ],
        term: { target: 'ended', actions: assign({ reason: 'term-ended' as const }) },
      },
      on: {
        // re-entering sets the term timer on the (possibly extended) term
        resized: { target: 'active', reenter: true, actions: ['applyResize', 'resized'] },
        told: { target: 'ended', actions: 'told' },
        needed: { target: 'ending', actions: 'noticed' },
      },
    },
    ending: {
      after: { notice: { target: 'ended', actions: assign({ reason: 'peer-needs-capacity' as const }) } },
      on: { told: { target: 'ended', actions: 'told' } },
    },
    ended: { type: 'final', entry: 'ended' },
  },
});
