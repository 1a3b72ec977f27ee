// The peer's answers to calls it declines at once (out of capacity, wrong term, not its footprint):
// the same answer as a peer negotiation actor that rejects in its first step (./peer-negotiation
// .machine), without an actor. The rejection keeps one message id and lingers as long as an
// actor would, so a retried call (or a counter or accept sent meanwhile) hears the very same
// answer again; a withdrawal needs none. Most calls a crowded peer hears are of this kind.
// Must not depend on cdn/ or policies/.
import type { MessageOf, Outgoing } from '../messages.js';
import type { RejectCause } from '../cdni/vocabulary.js';
import type { MachineIo } from './outbox.js';

interface Declined {
  reply: Outgoing;
  id: string;
  untilS: number;
}

export class DeclinedCalls {
  /** by negotiation id, in the order declined (so also by when each lapses) */
  private readonly answers = new Map<string, Declined>();

  constructor(
    private readonly io: MachineIo,
    private readonly lingerS: number,
  ) {}

  /** reject the call with `cause`, and keep the answer for its retries */
  decline(cfp: MessageOf<'negotiation.cfp'>, cause: RejectCause, now: number): void {
    this.prune(now);
    const reply: Outgoing = { type: 'negotiation.reject', to: cfp.from, negotiationId: cfp.negotiationId, cause };
    const answer = { reply, id: this.io.nextId(), untilS: now + this.lingerS };
    this.answers.set(cfp.negotiationId, answer);
    this.io.transmit(reply, answer.id);
  }

  /** whether the negotiation was declined and still lingers */
  has(negotiationId: string, now: number): boolean {
    const answer = this.answers.get(negotiationId);
    return answer !== undefined && answer.untilS > now;
  }

  /** a message of a declined negotiation: anything but a withdrawal hears the same rejection again */
  answer(message: { type: string; negotiationId: string }, now: number): void {
    const answer = this.answers.get(message.negotiationId);
    if (!answer || answer.untilS <= now || message.type === 'negotiation.withdraw') return;
    this.io.transmit(answer.reply, answer.id);
  }

  private prune(now: number): void {
    for (const [id, answer] of this.answers) {
      if (answer.untilS > now) break;
      this.answers.delete(id);
    }
  }
}
