// End notices from a primary to its peers: when an arrangement ends on the primary's side for any
// reason the peer does not know of (disbanded, expired, an SLA breach, the peer taken for failed),
// the peer is told with an `arrangement.terminate`, resent under the same message id until the
// peer answers `arrangement.ended` (the peer answers every notice, known or not: idempotent). After
// NOTICE_RETRIES the peer's lease settles it. Must not depend on cdn/.
import { callbackHandler } from '../../core/clock.js';
import type { Sla } from '../cdni/vocabulary.js';
import type { EndReason } from './arrangement.machine.js';
import type { TerminateReason } from '../messages.js';
import type { AgentEnv } from '../env.js';
import { NOTICE_RETRIES, retryMs } from '../protocol.js';

const NOTICE_REASON: Record<EndReason, TerminateReason> = {
  expired: 'expired',
  disbanded: 'disbanded',
  terminated: 'disbanded',
  'sla-violation': 'sla-violation',
  failed: 'failed',
  'rejected-metadata': 'failed',
};

interface Pending {
  messageId: string;
  sla: Sla;
  reason: TerminateReason;
  tries: number;
}

export class EndNotices {
  private readonly pending = new Map<string, Pending>();
  /** notices given up on (no answer after every retry), for the report */
  unanswered = 0;

  constructor(private readonly env: AgentEnv) {}

  /** tell the peer that `sla` ends, until it confirms */
  send(sla: Sla, reason: EndReason): void {
    if (this.pending.has(sla.arrangementId)) return;
    const notice: Pending = { messageId: this.env.network.nextId(this.env.id), sla, reason: NOTICE_REASON[reason], tries: 0 };
    this.pending.set(sla.arrangementId, notice);
    this.transmit(notice);
  }

  /** the peer confirmed: stop resending */
  confirmed(arrangementId: string): void {
    this.pending.delete(arrangementId);
  }

  isPending(arrangementId: string): boolean {
    return this.pending.has(arrangementId);
  }

  private transmit(notice: Pending): void {
    const env = this.env;
    const { sla } = notice;
    env.network.send(
      env.id,
      { type: 'arrangement.terminate', to: sla.peer, arrangementId: sla.arrangementId, by: 'primary', reason: notice.reason, noticeS: 0 },
      notice.messageId,
    );
    env.clock.scheduleAfter(
      retryMs(env) / 1000,
      callbackHandler(() => this.retry(notice)),
    );
  }

  private retry(notice: Pending): void {
    if (this.pending.get(notice.sla.arrangementId) !== notice) return;
    if (++notice.tries > NOTICE_RETRIES) {
      this.pending.delete(notice.sla.arrangementId);
      this.unanswered++;
      return;
    }
    this.transmit(notice);
  }
}
