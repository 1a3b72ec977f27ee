// The peer's side of replication and consistency: an accepted metadata names the lane's
// acquisition source (MI.SourceMetadata) in its data plane; a push is a CI/T preposition trigger
// it processes — status `active` as it starts fetching the objects from that source, `complete`
// once they are in place (both sent to the primary, which redirects only after `complete`); the
// fetch is cancelled if the arrangement ends first. CI/T invalidates are ../invalidations'.
import type { ArrangementMetadata, TriggerStatus } from '../cdni/vocabulary.js';
import type { PrepositionFetch } from '../../cdn/port/cdn-port.js';
import type { AgentEnv } from '../env.js';

/** what the peer keeps of an arrangement's content */
export interface ServedContent {
  lane: number;
  primary: string;
  arrangementId: string;
  /** objects it pre-positions (purged when the arrangement ends) */
  pushed: number[];
  /** the pre-positioning fetch under way (null: none, or done) */
  fetch: PrepositionFetch | null;
}

export class PeerContentTriggers {
  constructor(private readonly env: AgentEnv) {}

  /** the primary's metadata was accepted: its source, and a push's preposition trigger */
  provision(c: ServedContent, meta: ArrangementMetadata): void {
    const port = this.env.port;
    port.content.setSource(c.lane, meta.source.kind);
    if (meta.replication !== 'push') return;
    c.pushed = meta.prepositionObjects.filter((o) => Number.isInteger(o) && o >= 0 && o < port.catalogObjects);
    if (c.pushed.length === 0) return;
    this.status(c, 'active');
    c.fetch = port.content.prefetch(c.lane, c.pushed, () => {
      c.fetch = null;
      this.status(c, 'complete');
    });
  }

  /** the arrangement ended: a fetch under way stops, pre-positioned objects are purged */
  release(c: ServedContent): void {
    c.fetch?.cancel();
    c.fetch = null;
    if (c.pushed.length > 0) this.env.port.purge(c.pushed);
  }

  private status(c: ServedContent, status: TriggerStatus): void {
    const env = this.env;
    env.network.send(env.id, {
      type: 'trigger.status',
      to: c.primary,
      arrangementId: c.arrangementId,
      triggerId: `${c.arrangementId}/preposition`,
      trigger: 'preposition',
      status,
    });
  }
}
