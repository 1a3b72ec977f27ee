// A call for proposals in flight, made without a negotiation actor. Most calls a crowded peer hears
// are declined at once (../negotiation/declined-calls answers them without an actor on its side), so
// the primary makes the call just as the negotiation machine's `calling` state would — the same
// message, resent under the same id after every retry wait, given up after `maxRetries` resends
// (timeout), withdrawn at the negotiation's deadline — and only the peer's first proposal starts
// the negotiation actor (../negotiation/negotiation.machine, told the call's id), which answers it.
// A rejection ends the negotiation without an actor ever being made.
// Must not depend on cdn/ or policies/.
import type { EventHandler, SimClock } from '../../core/clock.js';
import type { RejectCause } from '../cdni/vocabulary.js';
import type { Outgoing } from '../messages.js';
import type { MachineIo } from '../negotiation/outbox.js';

type CallMessage = Extract<Outgoing, { type: 'negotiation.cfp' }>;

/** how a call ended without a proposal */
export type CallEnd = { outcome: 'rejected'; cause: RejectCause } | { outcome: 'failed'; cause: 'timeout' | 'deadline' };

export interface CallTiming {
  retryMs: number;
  maxRetries: number;
  deadlineMs: number;
}

const RETRY = 0;
const DEADLINE = 1;

/** a timer of `ms` as the xstate clock sets one (../../core/xstate-clock): the same instant */
const delayS = (ms: number) => Math.max(0, ms) / 1000;

export class OpenCall implements EventHandler {
  /** the id the call goes (and is resent) under */
  readonly id: string;
  private retries = 0;
  private retryTimer: number;
  private readonly deadlineTimer: number;
  private open = true;

  constructor(
    private readonly clock: SimClock,
    private readonly io: MachineIo,
    private readonly cfp: CallMessage,
    private readonly timing: CallTiming,
    private readonly ended: (end: CallEnd) => void,
  ) {
    this.id = io.nextId();
    io.transmit(cfp, this.id);
    this.deadlineTimer = clock.scheduleAfter(delayS(timing.deadlineMs), this, DEADLINE);
    this.retryTimer = clock.scheduleAfter(delayS(timing.retryMs), this, RETRY);
  }

  /** whether it still waits for the peer's first answer */
  get waiting(): boolean {
    return this.open;
  }

  /** the peer answered with a proposal: the call is over (its timers cancelled); the negotiation goes on in an actor */
  answered(): void {
    this.close();
  }

  /** the peer declined the call */
  rejected(cause: RejectCause): void {
    if (!this.open) return;
    this.close();
    this.ended({ outcome: 'rejected', cause });
  }

  /** the end of the run: nothing more is sent */
  stop(): void {
    this.close();
  }

  fire(timer: number): void {
    if (!this.open) return;
    if (timer === DEADLINE) {
      this.close();
      this.io.transmit({ type: 'negotiation.withdraw', to: this.cfp.to, negotiationId: this.cfp.negotiationId }, this.io.nextId());
      this.ended({ outcome: 'failed', cause: 'deadline' });
    } else if (this.retries < this.timing.maxRetries) {
      this.retries++;
      this.io.transmit(this.cfp, this.id);
      this.retryTimer = this.clock.scheduleAfter(delayS(this.timing.retryMs), this, RETRY);
    } else {
      this.close();
      this.ended({ outcome: 'failed', cause: 'timeout' });
    }
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    this.clock.cancel(this.retryTimer);
    this.clock.cancel(this.deadlineTimer);
  }
}
