// Content metadata passed down a cascade (RFC 8006 metadata a transit CDN redistributes; loop-free by
// cdn-path, as RFC 8007 §4.6 has it for triggers). A transit — a CDN the origin does not tell, so
// with no content rules of its own — keeps the metadata it accepted as peer from each upstream
// primary, and gives every arrangement it makes as primary those rules as `upstream` entries, each
// with the path it travelled (its owner first, then every transit, itself last). Entries that would
// go back to a CDN on their path are left out, and a CDN that finds itself on an entry's path
// ignores it: loops avoided. When what it holds from upstream changes, its arrangements' metadata
// is sent again (./primary/metadata-updates). A CDN the origin tells passes nothing on.
import type { ArrangementMetadata, UpstreamMetadata } from './cdni/vocabulary.js';
import type { AgentEnv } from './env.js';

export interface MetadataCascadeCounts {
  /** upstream entries sent with arrangements' metadata */
  relayed: number;
  /** metadata sent again because what the transit held from upstream changed */
  updates: number;
  /** of them, given up unacknowledged (the peer keeps the rules it had) */
  updatesFailed: number;
  /** entries not passed on because the peer was on their path, or received with this CDN on it */
  loopsAvoided: number;
}

export class MetadataCascade {
  readonly counts: MetadataCascadeCounts = { relayed: 0, updates: 0, updatesFailed: 0, loopsAvoided: 0 };
  /** per arrangement it serves as peer (in order of acceptance): its primary and the metadata it accepted */
  private readonly accepted = new Map<string, { primary: string; metadata: ArrangementMetadata }>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly env: AgentEnv,
    /** whether this CDN passes upstream metadata on (it is not told by the origin) */
    readonly transit: boolean,
  ) {}

  /** as peer: an upstream primary's metadata is in place on one of its arrangements */
  accept(arrangementId: string, primary: string, metadata: ArrangementMetadata): void {
    if (!this.transit) return;
    this.accepted.set(arrangementId, { primary, metadata });
    for (const listener of this.listeners) listener();
  }

  /** as peer: that arrangement ended */
  release(arrangementId: string): void {
    if (!this.transit || !this.accepted.delete(arrangementId)) return;
    for (const listener of this.listeners) listener();
  }

  /** as primary: told whenever what it holds from upstream changed */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * as primary: the upstream entries for an arrangement with `peer` (absent: none) — one per owner
   * (the shortest path), never one whose path holds the peer
   */
  upstreamFor(peer: string): UpstreamMetadata[] | undefined {
    if (!this.transit) return undefined;
    const byOwner = new Map<string, UpstreamMetadata>();
    for (const entry of this.held()) {
      if (entry.cdnPath.includes(peer)) continue;
      const known = byOwner.get(entry.cdnPath[0]);
      if (!known || entry.cdnPath.length < known.cdnPath.length) byOwner.set(entry.cdnPath[0], entry);
    }
    const entries = [...byOwner.values()];
    return entries.length > 0 ? entries : undefined;
  }

  /** `entries` went to a peer with an arrangement's metadata (`update`: sent again) */
  sent(entries: readonly UpstreamMetadata[] | undefined, update: boolean): void {
    this.counts.relayed += entries?.length ?? 0;
    if (update) this.counts.updates++;
  }

  /** at each decision of what to give `peer`: the entries held back for having it on their path */
  heldBack(peer: string): void {
    for (const entry of this.held()) if (entry.cdnPath.includes(peer)) this.counts.loopsAvoided++;
  }

  /** as peer: the upstream entries of a received metadata it enforces — those without itself on their path */
  enforced(metadata: ArrangementMetadata): UpstreamMetadata[] {
    const id = this.env.id;
    const kept: UpstreamMetadata[] = [];
    for (const entry of metadata.upstream ?? []) {
      if (entry.cdnPath.includes(id)) this.counts.loopsAvoided++;
      else kept.push(entry);
    }
    return kept;
  }

  /** every entry it holds from upstream, with itself appended to the path: each owner's own rules (a transit has none), then what they passed on */
  private held(): UpstreamMetadata[] {
    const id = this.env.id;
    const entries: UpstreamMetadata[] = [];
    for (const { primary, metadata: m } of this.accepted.values()) {
      if (m.transit !== true)
        entries.push({
          cdnPath: [primary, id],
          ...(m.locations === undefined ? {} : { locations: m.locations }),
          ...(m.times === undefined ? {} : { times: m.times }),
          cacheTtlS: m.cacheTtlS,
          uriSigning: m.uriSigning,
        });
      for (const u of m.upstream ?? []) if (!u.cdnPath.includes(id)) entries.push({ ...u, cdnPath: [...u.cdnPath, id] });
    }
    return entries;
  }
}
