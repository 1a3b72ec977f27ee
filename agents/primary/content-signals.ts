// The primary's consistency signals: at a content change at the origin signalled by `invalidate`,
// a CI/T invalidate to every peer it has had an arrangement with (their caches may hold copies it
// pulled or pushed), over the control network, resent under the same message id every retry
// interval until the peer answers with the trigger's status `complete` (INVALIDATION_RETRIES, then
// given up). A change signalled by `expiry` sends nothing: the peers' copies are revalidated after
// the metadata's cache TTL. Counted per arrangement (its record's `content.invalidations`).
import { callbackHandler } from '../../core/clock.js';
import type { ContentChange } from '../../cdn/port/cdn-port.js';
import type { AgentEnv } from '../env.js';
import type { ArrangementRecord } from '../ledger.js';
import type { MessageOf } from '../messages.js';
import { INVALIDATION_RETRIES, retryMs } from '../protocol.js';

interface PendingInvalidation {
  triggerId: string;
  messageId: string;
  record: ArrangementRecord;
  change: ContentChange;
  tries: number;
}

export class ContentSignals {
  private readonly pending = new Map<string, PendingInvalidation>();
  private changes = 0;

  constructor(private readonly env: AgentEnv) {
    env.port.content.onChange((change) => this.onChange(change));
  }

  /** the peer's status of an invalidation: complete stops the resends */
  onStatus(message: MessageOf<'trigger.status'>): void {
    const p = this.pending.get(message.triggerId);
    if (!p || message.from !== p.record.peer || message.status !== 'complete') return;
    this.pending.delete(message.triggerId);
    if (p.record.content) p.record.content.invalidations.acked++;
  }

  private onChange(change: ContentChange): void {
    this.changes++;
    if (change.signal !== 'invalidate') return;
    // one invalidate per peer, under its latest arrangement with this primary
    const latest = new Map<string, ArrangementRecord>();
    for (const a of this.env.ledger.arrangements) if (a.primary === this.env.id && a.activeAtS !== null) latest.set(a.peer, a);
    for (const record of latest.values()) {
      const p: PendingInvalidation = {
        triggerId: `${record.id}/invalidate-${this.changes}`,
        messageId: this.env.network.nextId(this.env.id),
        record,
        change,
        tries: 0,
      };
      if (record.content) record.content.invalidations.sent++;
      this.pending.set(p.triggerId, p);
      this.transmit(p);
    }
  }

  private transmit(p: PendingInvalidation): void {
    const env = this.env;
    env.network.send(
      env.id,
      {
        type: 'trigger.invalidate',
        to: p.record.peer,
        arrangementId: p.record.id,
        triggerId: p.triggerId,
        objects: p.change.objects,
        versions: p.change.versions,
        inlineBelowBytes: p.change.inlineBelowBytes,
      },
      p.messageId,
    );
    env.clock.scheduleAfter(
      retryMs(env) / 1000,
      callbackHandler(() => this.retry(p)),
    );
  }

  private retry(p: PendingInvalidation): void {
    if (this.pending.get(p.triggerId) !== p) return;
    const counts = p.record.content?.invalidations;
    if (++p.tries > INVALIDATION_RETRIES) {
      this.pending.delete(p.triggerId);
      if (counts) counts.failed++;
      return;
    }
    if (counts) counts.resent++;
    this.transmit(p);
  }
}
