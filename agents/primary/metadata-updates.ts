// A transit's arrangements get their metadata again when what it holds from upstream changes
// (../metadata-cascade): for each arrangement whose upstream entries differ from those it last sent,
// the same metadata with the new entries and the next `revision`, resent under one message id
// every retry interval until the peer acknowledges that revision (MAX_RETRIES, then given up and
// counted in the cascade's `updatesFailed`; the peer keeps the rules it had). An ended arrangement gets nothing more.
import { callbackHandler } from '../../core/clock.js';
import type { ArrangementMetadata, UpstreamMetadata } from '../cdni/vocabulary.js';
import type { AgentEnv } from '../env.js';
import type { MessageOf } from '../messages.js';
import type { MetadataCascade } from '../metadata-cascade.js';
import { MAX_RETRIES, retryMs } from '../protocol.js';

interface Tracked {
  peer: string;
  metadata: ArrangementMetadata;
  /** the upstream entries last sent, as JSON */
  sent: string;
  /** the update awaiting the peer's acknowledgement (null: none) */
  pending: { messageId: string; tries: number } | null;
}

export class MetadataUpdates {
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly env: AgentEnv,
    private readonly cascade: MetadataCascade,
  ) {
    cascade.onChange(() => this.refresh());
  }

  /** an arrangement started with this metadata (its upstream entries included) */
  track(arrangementId: string, peer: string, metadata: ArrangementMetadata): void {
    this.tracked.set(arrangementId, { peer, metadata, sent: signature(metadata.upstream), pending: null });
  }

  /** the arrangement ended */
  drop(arrangementId: string): void {
    this.tracked.delete(arrangementId);
  }

  /** the peer acknowledged a metadata: an update of this revision is done */
  acked(message: MessageOf<'metadata.ack'>): void {
    const t = this.tracked.get(message.arrangementId);
    if (t?.pending && message.from === t.peer && message.revision === t.metadata.revision) t.pending = null;
  }

  /** what it holds from upstream changed: send the new entries where they differ */
  private refresh(): void {
    for (const [arrangementId, t] of this.tracked) {
      const upstream = this.cascade.upstreamFor(t.peer);
      this.cascade.heldBack(t.peer);
      const now = signature(upstream);
      if (now === t.sent) continue;
      const { upstream: _old, ...rest } = t.metadata;
      t.metadata = { ...rest, ...(upstream ? { upstream } : {}), revision: (t.metadata.revision ?? 0) + 1 };
      t.sent = now;
      this.cascade.sent(upstream, true);
      t.pending = { messageId: this.env.network.nextId(this.env.id), tries: 0 };
      this.transmit(arrangementId, t, t.metadata.revision as number);
    }
  }

  private transmit(arrangementId: string, t: Tracked, revision: number): void {
    const env = this.env;
    const pending = t.pending;
    if (pending === null || this.tracked.get(arrangementId) !== t || t.metadata.revision !== revision) return;
    if (pending.tries++ > MAX_RETRIES) {
      this.cascade.counts.updatesFailed++;
      t.pending = null;
      return;
    }
    env.network.send(env.id, { type: 'metadata.push', to: t.peer, arrangementId, metadata: t.metadata }, pending.messageId);
    env.clock.scheduleAfter(
      retryMs(env) / 1000,
      callbackHandler(() => this.transmit(arrangementId, t, revision)),
    );
  }
}

function signature(upstream: readonly UpstreamMetadata[] | undefined): string {
  return JSON.stringify(upstream ?? []);
}
