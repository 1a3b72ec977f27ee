// The primary's side of one negotiation: call for proposals → alternating offers under the policy's
// concession tactic → accept → the peer's confirmation (an SLA). Every wait has a retry timer that
// resends the same message id, and the whole negotiation a deadline: it always ends agreed,
// rejected or failed. Decisions come from the policy through `decide`; messages leave through `io`.
import { assign, setup } from 'xstate';
import type { Outgoing, MessageOf } from '../messages.js';
import type { QosTargets, RejectCause, Sla, Term } from '../cdni/vocabulary.js';
import { transmitOutbox, type MachineIo } from './outbox.js';

/** how a negotiation sends (see ./outbox) */
export type NegotiationIo = MachineIo;

export interface NegotiationDecide {
  /** take the peer's proposal at this price? */
  accept(context: NegotiationContext, proposedPrice: number): boolean;
  /** my next offer (concession tactic between opening and limit) */
  nextPrice(context: NegotiationContext): number;
}

export interface NegotiationInput {
  negotiationId: string;
  peer: string;
  profileId: string;
  term: Term;
  regions: string[];
  capacityRps: number;
  durationS: number;
  qos: QosTargets;
  opening: number;
  limit: number;
  deadlineMs: number;
  retryMs: number;
  maxRetries: number;
  maxRounds: number;
  startedAtS: number;
  io: NegotiationIo;
  decide: NegotiationDecide;
  /**
   * the id the call for proposals already went out under (../primary/open-call: the call is made
   * without an actor, which starts at the peer's first proposal): the machine then does not send it again
   */
  cfpId?: string;
}

/**
 * The negotiation's state, with its fixed terms apart under `input`: xstate copies the whole context
 * at every assign, and an object of more than about twenty fields falls into V8's slow dictionary
 * mode there (an assign then costs microseconds, not a tenth of one).
 */
export interface NegotiationContext {
  input: NegotiationInput;
  io: NegotiationIo;
  round: number;
  myOffers: number[];
  theirOffers: number[];
  offeredCapacity: number;
  retries: number;
  outbox: Outgoing | null;
  outboxId: string;
  sla: Sla | null;
  cause: RejectCause | 'timeout' | 'deadline' | 'rounds' | null;
  outcome: NegotiationOutput['outcome'] | null;
}

export type NegotiationEvent = MessageOf<'negotiation.proposal'> | MessageOf<'negotiation.reject'> | MessageOf<'negotiation.confirm'>;

export interface NegotiationOutput {
  outcome: 'agreed' | 'rejected' | 'failed';
  sla: Sla | null;
  cause: NegotiationContext['cause'];
  rounds: number;
}

type Proposal = MessageOf<'negotiation.proposal'>;

/** the call for proposals of a negotiation, at its opening price */
export function cfpMessage(input: NegotiationInput): Extract<Outgoing, { type: 'negotiation.cfp' }> {
  return {
    type: 'negotiation.cfp',
    to: input.peer,
    negotiationId: input.negotiationId,
    profileId: input.profileId,
    term: input.term,
    regions: input.regions,
    capacityRps: input.capacityRps,
    durationS: input.durationS,
    price: input.opening,
    qos: input.qos,
  };
}

/** a fresh message to send, under a new id, with its retries reset (fields written out: this runs every round) */
const fresh = (context: NegotiationContext, message: Outgoing) => ({ outbox: message, outboxId: context.io.nextId(), retries: 0 });

/** resend the same message (same id) while retries last, then give up */
const retryOrFail = [
  { guard: 'canRetry' as const, target: 'waiting', reenter: true, actions: ['countRetry' as const, 'transmit' as const] },
  { target: '#negotiation.failed', actions: 'causeTimeout' as const },
];

/** a new proposal: accept it, counter it, or give up when out of rounds */
const answerProposal = [
  { guard: 'acceptable' as const, target: '#negotiation.accepting', actions: ['recordProposal' as const, 'prepareAccept' as const] },
  { guard: 'roundsLeft' as const, target: '#negotiation.countering', reenter: true, actions: ['recordProposal' as const, 'prepareCounter' as const] },
  { target: '#negotiation.failed', actions: ['recordProposal' as const, 'causeRounds' as const, 'withdraw' as const] },
];

export const negotiationMachine = setup({
  types: {
    context: {} as NegotiationContext,
    events: {} as NegotiationEvent,
    input: {} as NegotiationInput,
    output: {} as NegotiationOutput,
  },
  delays: {
    retry: ({ context }) => context.input.retryMs,
    deadline: ({ context }) => context.input.deadlineMs,
  },
  guards: {
    canRetry: ({ context }) => context.retries < context.input.maxRetries,
    /** a proposal for a round already answered (a retry of the peer's): nothing to do */
    isStale: ({ context, event }) => (event as Proposal).round < context.round,
    acceptable: ({ context, event }) => context.input.decide.accept(context, (event as Proposal).price),
    roundsLeft: ({ context }) => context.round + 1 < context.input.maxRounds,
  },
  actions: {
    transmit: transmitOutbox,
    countRetry: assign({ retries: ({ context }) => context.retries + 1 }),
    causeTimeout: assign({ cause: 'timeout' as const }),
    causeRounds: assign({ cause: 'rounds' as const }),
    causeDeadline: assign({ cause: 'deadline' as const }),
    prepareCfp: assign(({ context }) =>
      context.input.cfpId === undefined
        ? fresh(context, cfpMessage(context.input))
        : { outbox: cfpMessage(context.input), outboxId: context.input.cfpId, retries: 0 },
    ),
    transmitCfp: (args) => {
      if (args.context.input.cfpId === undefined) transmitOutbox(args);
    },
    recordProposal: assign(({ context, event }) => {
      const p = event as Proposal;
      return { theirOffers: [...context.theirOffers, p.price], offeredCapacity: p.capacityRps, round: p.round };
    }),
    prepareCounter: assign(({ context }) => {
      const price = context.input.decide.nextPrice(context);
      const round = context.round + 1;
      const { outbox, outboxId, retries } = fresh(context, {
        type: 'negotiation.counter',
        to: context.input.peer,
        negotiationId: context.input.negotiationId,
        round,
        price,
      });
      return { round, myOffers: [...context.myOffers, price], outbox, outboxId, retries };
    }),
    prepareAccept: assign(({ context }) =>
      fresh(context, {
        type: 'negotiation.accept',
        to: context.input.peer,
        negotiationId: context.input.negotiationId,
        round: context.round,
        price: context.theirOffers[context.theirOffers.length - 1],
        capacityRps: context.offeredCapacity,
      }),
    ),
    withdraw: ({ context }) =>
      context.io.transmit({ type: 'negotiation.withdraw', to: context.input.peer, negotiationId: context.input.negotiationId }, context.io.nextId()),
    recordReject: assign({ cause: ({ event }) => (event as MessageOf<'negotiation.reject'>).cause }),
    recordConfirm: assign({ sla: ({ event }) => (event as MessageOf<'negotiation.confirm'>).sla }),
  },
}).createMachine({
  id: 'negotiation',
  context: ({ input }) => ({
    input,
    io: input.io,
    round: 0,
    myOffers: [input.opening],
    theirOffers: [],
    offeredCapacity: 0,
    retries: 0,
    outbox: null,
    outboxId: '',
    sla: null,
    cause: null,
    outcome: null,
  }),
  initial: 'calling',
  after: { deadline: { target: '.failed', actions: ['causeDeadline', 'withdraw'] } },
  states: {
    calling: {
      entry: ['prepareCfp', 'transmitCfp'],
      initial: 'waiting',
      states: { waiting: { after: { retry: retryOrFail } } },
      on: {
        'negotiation.proposal': answerProposal,
        'negotiation.reject': { target: 'rejected', actions: 'recordReject' },
      },
    },
    countering: {
      entry: 'transmit',
      initial: 'waiting',
      states: { waiting: { after: { retry: retryOrFail } } },
      on: {
        'negotiation.proposal': [{ guard: 'isStale', actions: [] }, ...answerProposal],
        'negotiation.confirm': { target: 'agreed', actions: 'recordConfirm' },
        'negotiation.reject': { target: 'rejected', actions: 'recordReject' },
      },
    },
    accepting: {
      entry: 'transmit',
      initial: 'waiting',
      states: { waiting: { after: { retry: retryOrFail } } },
      on: {
        'negotiation.confirm': { target: 'agreed', actions: 'recordConfirm' },
        'negotiation.reject': { target: 'rejected', actions: 'recordReject' },
      },
    },
    agreed: { type: 'final', entry: assign({ outcome: 'agreed' as const }) },
    rejected: { type: 'final', entry: assign({ outcome: 'rejected' as const }) },
    failed: { type: 'final', entry: assign({ outcome: 'failed' as const }) },
  },
  output: ({ context }) => ({ outcome: context.outcome ?? 'failed', sla: context.sla, cause: context.cause, rounds: context.round }),
});
