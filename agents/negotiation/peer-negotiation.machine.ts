// The peer's side of one negotiation: answer a call for proposals with a proposal or a rejection
// with a cause, then answer counters (accept ⇒ commit capacity and confirm an SLA; or counter; or
// decline when out of rounds). It lingers after its last answer so a retried message gets the same
// answer again (idempotent), then ends. Decisions come from the peer's policy through `decide`.
import { assign, setup } from 'xstate';
import type { MessageOf, Outgoing } from '../messages.js';
import type { RejectCause, Sla } from '../cdni/vocabulary.js';
import type { NegotiationIo } from './negotiation.machine.js';
import { newOutbox, transmitOutbox } from './outbox.js';

type Cfp = MessageOf<'negotiation.cfp'>;

export interface PeerOffer {
  price: number;
  capacityRps: number;
}

export interface PeerDecide {
  /** a first proposal for the call, or why it is declined */
  propose(cfp: Cfp): PeerOffer | { cause: RejectCause };
  /** accept the primary's price? */
  accept(context: PeerNegotiationContext, price: number): boolean;
  /** my counter-offer price */
  counter(context: PeerNegotiationContext, price: number): number;
  /** commit capacity at this price: the SLA, or why not (capacity went to someone else meanwhile) */
  commit(context: PeerNegotiationContext, price: number, capacityRps: number): Sla | { cause: RejectCause };
}

export interface PeerNegotiationInput {
  cfp: Cfp;
  lingerMs: number;
  maxRounds: number;
  io: NegotiationIo;
  decide: PeerDecide;
}

export interface PeerNegotiationContext extends PeerNegotiationInput {
  round: number;
  offer: PeerOffer | null;
  theirPrices: number[];
  myPrices: number[];
  outbox: Outgoing | null;
  outboxId: string;
  sla: Sla | null;
  cause: RejectCause | null;
}

export type PeerNegotiationEvent =
  | MessageOf<'negotiation.counter'>
  | MessageOf<'negotiation.accept'>
  | MessageOf<'negotiation.withdraw'>
  | { type: 'duplicate' };

const reply = newOutbox;

/** after the last answer (a confirmation or a rejection): any retry gets that same answer, until it lingers out */
const answered = {
  entry: 'transmit' as const,
  after: { linger: 'done' },
  on: {
    duplicate: { actions: 'transmit' as const },
    'negotiation.accept': { actions: 'transmit' as const },
    'negotiation.counter': { actions: 'transmit' as const },
  },
};

export const peerNegotiationMachine = setup({
  types: {
    context: {} as PeerNegotiationContext,
    events: {} as PeerNegotiationEvent,
    input: {} as PeerNegotiationInput,
    output: {} as { sla: Sla | null; cause: RejectCause | null },
  },
  delays: { linger: ({ context }) => context.lingerMs },
  guards: {
    canServe: ({ context }) => context.offer !== null,
    acceptsCounter: ({ context, event }) => context.decide.accept(context, (event as MessageOf<'negotiation.counter'>).price),
    roundsLeft: ({ context }) => context.round + 1 < context.maxRounds,
    committed: ({ context }) => context.sla !== null,
    isStale: ({ context, event }) => (event as MessageOf<'negotiation.counter'>).round <= context.round - 1,
  },
  actions: {
    transmit: transmitOutbox,
    evaluateCfp: assign(({ context }) => {
      const answer = context.decide.propose(context.cfp);
      return 'cause' in answer ? { cause: answer.cause, offer: null } : { offer: answer, myPrices: [answer.price] };
    }),
    prepareProposal: assign(({ context }) =>
      reply(context, {
        type: 'negotiation.proposal',
        to: context.cfp.from,
        negotiationId: context.cfp.negotiationId,
        round: context.round,
        price: (context.offer as PeerOffer).price,
        capacityRps: (context.offer as PeerOffer).capacityRps,
      }),
    ),
    prepareReject: assign(({ context }) =>
      reply(context, { type: 'negotiation.reject', to: context.cfp.from, negotiationId: context.cfp.negotiationId, cause: context.cause ?? 'ereject' }),
    ),
    counterOffer: assign(({ context, event }) => {
      const theirs = (event as MessageOf<'negotiation.counter'>).price;
      const price = context.decide.counter(context, theirs);
      return {
        round: context.round + 1,
        theirPrices: [...context.theirPrices, theirs],
        myPrices: [...context.myPrices, price],
        offer: { price, capacityRps: (context.offer as PeerOffer).capacityRps },
      };
    }),
    commitAt: assign(({ context, event }) => {
      const e = event as MessageOf<'negotiation.counter'> | MessageOf<'negotiation.accept'>;
      const capacity = e.type === 'negotiation.accept' ? e.capacityRps : (context.offer as PeerOffer).capacityRps;
      const result = context.decide.commit(context, e.price, capacity);
      return 'cause' in result ? { cause: result.cause, sla: null } : { sla: result };
    }),
    prepareConfirm: assign(({ context }) =>
      reply(context, { type: 'negotiation.confirm', to: context.cfp.from, negotiationId: context.cfp.negotiationId, sla: context.sla as Sla }),
    ),
    causePrice: assign({ cause: 'price' as const }),
  },
}).createMachine({
  id: 'peerNegotiation',
  context: ({ input }) => ({
    round: 0,
    offer: null,
    theirPrices: [input.cfp.price],
    myPrices: [],
    outbox: null,
    outboxId: '',
    sla: null,
    cause: null,
    ...input,
  }),
  initial: 'evaluating',
  states: {
    evaluating: {
      entry: 'evaluateCfp',
      always: [
        { guard: 'canServe', target: 'proposing', actions: 'prepareProposal' },
        { target: 'declined', actions: 'prepareReject' },
      ],
    },
    proposing: {
      entry: 'transmit',
      after: { linger: 'done' },
      on: {
        duplicate: { actions: 'transmit' },
        'negotiation.counter': [
          { guard: 'isStale', actions: 'transmit' },
          { guard: 'acceptsCounter', target: 'committing', actions: 'commitAt' },
          { guard: 'roundsLeft', target: 'proposing', reenter: true, actions: ['counterOffer', 'prepareProposal'] },
          { target: 'declined', actions: ['causePrice', 'prepareReject'] },
        ],
        'negotiation.accept': { target: 'committing', actions: 'commitAt' },
        'negotiation.withdraw': 'done',
      },
    },
    committing: {
      always: [
        { guard: 'committed', target: 'agreed', actions: 'prepareConfirm' },
        { target: 'declined', actions: 'prepareReject' },
      ],
    },
    agreed: answered,
    declined: answered,
    done: { type: 'final' },
  },
  output: ({ context }) => ({ sla: context.sla, cause: context.cause }),
});
