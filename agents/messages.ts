// Control-plane messages between CDN agents: a discriminated union with dotted lower-case types.
// Every message carries a unique id (retries resend the same id, so receivers can be idempotent)
// and the sender/receiver CDN ids. Must not depend on cdn/ or xstate.
import type { Advertisement, ArrangementMetadata, QosTargets, RejectCause, Sla, Term, TriggerError, TriggerStatus, TriggerType } from './cdni/vocabulary.js';
import type { DeliveryBatch } from '../cdni/logging/delivery-batch.js';

interface Envelope {
  id: string;
  from: string;
  to: string;
}

export type Message = Envelope &
  // cdnPath: the CDNs the advertisement has passed, its origin first (CDNI cdn-path); relays append themselves
  (| { type: 'advertisement'; advertisement: Advertisement; cdnPath: string[] }
    | {
        type: 'negotiation.cfp';
        negotiationId: string;
        profileId: string;
        term: Term;
        regions: string[];
        capacityRps: number;
        durationS: number;
        price: number;
        qos: QosTargets;
      }
    | { type: 'negotiation.proposal'; negotiationId: string; round: number; price: number; capacityRps: number }
    | { type: 'negotiation.counter'; negotiationId: string; round: number; price: number }
    | { type: 'negotiation.accept'; negotiationId: string; round: number; price: number; capacityRps: number }
    | { type: 'negotiation.confirm'; negotiationId: string; sla: Sla }
    | { type: 'negotiation.reject'; negotiationId: string; cause: RejectCause }
    | { type: 'negotiation.withdraw'; negotiationId: string }
    | { type: 'metadata.push'; arrangementId: string; metadata: ArrangementMetadata }
    // revision: echoed from a transit's later metadata (absent for the first)
    | { type: 'metadata.ack'; arrangementId: string; accepted: boolean; cause?: RejectCause; revision?: number }
    | { type: 'arrangement.resize'; arrangementId: string; capacityRps: number; extendS: number }
    | { type: 'arrangement.resized'; arrangementId: string; capacityRps: number; durationS: number; accepted: boolean }
    // `by`: the side that ends it; the other side answers a primary's notice with arrangement.ended
    | { type: 'arrangement.terminate'; arrangementId: string; by: 'primary' | 'peer'; reason: TerminateReason; noticeS: number }
    | { type: 'arrangement.ended'; arrangementId: string }
    | {
        type: 'log.report';
        arrangementId: string;
        seq: number;
        windowStartS: number;
        windowEndS: number;
        deliveries: number;
        bytes: number;
        latencySumMs: number;
        /** the window's CDNI delivery records (RFC 7937 cdni_http_request_v2, columnar), when the run reconciles logs */
        records?: DeliveryBatch;
      }
    // the primary's answer to a delivery log: renews the peer's lease; held=false ends it on the peer's side
    | { type: 'log.ack'; arrangementId: string; seq: number; held: boolean }
    // CI/T (RFC 8007): the peer's status of a trigger (a push's preposition, or an invalidate it applied or relays); `errors` with `failed`
    | { type: 'trigger.status'; arrangementId: string; triggerId: string; trigger: TriggerType; status: TriggerStatus; errors?: TriggerError[] }
    // CI/T invalidate: copies older than `versions` go stale; objects below `inlineBelowBytes` come in-line (new version with the signal);
    // cdnPath: the CDNs the command has passed, its originator first (RFC 8007 §4.6); a transit appends itself when it relays
    | {
        type: 'trigger.invalidate';
        arrangementId: string;
        triggerId: string;
        objects: number[];
        versions: number[];
        inlineBelowBytes: number;
        cdnPath: string[];
      }
  );

/** why a side ends an arrangement: the primary's reasons, then the peer's */
export type TerminateReason = 'disbanded' | 'sla-violation' | 'expired' | 'failed' | 'peer-needs-capacity' | 'lease-lapsed' | 'term-ended';

export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** Messages without the envelope, as agents write them before the network stamps an id. */
export type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'id' | 'from'> : never) : never;
