// The one message dispatch table of a CDN's agent: for every message type, which part of the agent
// handles it (its knowledge, its primary side, its peer side). A termination goes to the side the
// sender is not (`by`). A message for a role the CDN does not have is ignored.
import type { Message, MessageOf, MessageType } from './messages.js';

export type Handler<T extends MessageType> = (message: MessageOf<T>) => void;
export type DispatchTable = { [T in MessageType]: Handler<T> };

/** what each side of an agent handles, by message type */
export interface AgentSides {
  learn: Handler<'advertisement'>;
  primary: { [T in PrimaryMessage]: Handler<T> } | null;
  peer: { [T in PeerMessage]: Handler<T> } | null;
  /** CI/T invalidations, both ways (./invalidations): a peer side takes commands, a primary side statuses */
  invalidations: { onInvalidate: Handler<'trigger.invalidate'>; onStatus: Handler<'trigger.status'> };
}

export type PrimaryMessage =
  | 'negotiation.proposal'
  | 'negotiation.reject'
  | 'negotiation.confirm'
  | 'metadata.ack'
  | 'arrangement.resized'
  | 'arrangement.ended'
  | 'log.report'
  | 'trigger.status'
  | 'arrangement.terminate';
export type PeerMessage =
  | 'negotiation.cfp'
  | 'negotiation.counter'
  | 'negotiation.accept'
  | 'negotiation.withdraw'
  | 'metadata.push'
  | 'arrangement.resize'
  | 'log.ack'
  | 'arrangement.terminate';

const ignore = () => {};

export function dispatchTable(sides: AgentSides): DispatchTable {
  const p = sides.primary;
  const q = sides.peer;
  return {
    advertisement: sides.learn,
    'negotiation.proposal': p?.['negotiation.proposal'] ?? ignore,
    'negotiation.reject': p?.['negotiation.reject'] ?? ignore,
    'negotiation.confirm': p?.['negotiation.confirm'] ?? ignore,
    'metadata.ack': p?.['metadata.ack'] ?? ignore,
    'arrangement.resized': p?.['arrangement.resized'] ?? ignore,
    'arrangement.ended': p?.['arrangement.ended'] ?? ignore,
    'log.report': p?.['log.report'] ?? ignore,
    'trigger.status': p ? (m) => (m.trigger === 'invalidate' ? sides.invalidations.onStatus(m) : p['trigger.status'](m)) : ignore,
    'negotiation.cfp': q?.['negotiation.cfp'] ?? ignore,
    'negotiation.counter': q?.['negotiation.counter'] ?? ignore,
    'negotiation.accept': q?.['negotiation.accept'] ?? ignore,
    'negotiation.withdraw': q?.['negotiation.withdraw'] ?? ignore,
    'metadata.push': q?.['metadata.push'] ?? ignore,
    'arrangement.resize': q?.['arrangement.resize'] ?? ignore,
    'log.ack': q?.['log.ack'] ?? ignore,
    'trigger.invalidate': q ? (m) => sides.invalidations.onInvalidate(m) : ignore,
    // the peer ends it: the primary side hears; the primary ends it: the peer side hears
    'arrangement.terminate': (m) => (m.by === 'peer' ? p?.['arrangement.terminate'](m) : q?.['arrangement.terminate'](m)),
  };
}

/** hand a message to its handler */
export function dispatch(table: DispatchTable, message: Message): void {
  (table[message.type] as (m: Message) => void)(message);
}
