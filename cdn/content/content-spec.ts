// The spec of replication and consistency (the scenario's `content` block, resolved): which
// replication every primary uses and where its peers acquire from (when the scenario fixes them),
// the acquisition bandwidth of a primary's site and of a peer's pre-positioning, the cache TTL the
// metadata carries, and the content changes at the origin. Plain data. Must not depend on anything
// outside core/.

/** which objects a change touches: object indices from … to (inclusive; 0 is the most popular), or `count` drawn at random */
export type ChangedObjects = { kind: 'ranks'; from: number; to: number } | { kind: 'random'; count: number };

/** how peers learn of a change: a CI/T invalidate from the primary, or their copies' expiry after the cache TTL */
export type ChangeSignal = 'invalidate' | 'expiry';

export interface ContentChangeSpec {
  atS: number;
  objects: ChangedObjects;
  signal: ChangeSignal;
  /** objects smaller than this travel in-line with the invalidation (0: none) */
  inlineBelowBytes: number;
}

export interface ContentSpec {
  /** every primary's arrangements use this replication (absent: its policy's `replicate` decides) */
  replication?: 'push' | 'pull';
  /** the source the primaries' metadata names (absent: each primary chooses the nearer of its sites and the origin) */
  source?: 'primary' | 'origin';
  /** bytes/s a primary's site serves an acquisition at (absent: the origin's bandwidth) */
  acquisitionBytesPerS?: number;
  /** MI.CachePolicy TTL (s) the metadata carries: under `expiry`, a peer's copy is revalidated after it (absent: 3600) */
  cacheTtlS?: number;
  /** USD per GB a primary pays for what its peers acquire for its arrangements (pulled or pushed; absent: DEFAULT_EGRESS_PER_GB) */
  egressPerGB?: number;
  changes: ContentChangeSpec[];
}

/** the replication traffic's price when the scenario names none: a typical CDN/origin egress price (USD/GB) */
export const DEFAULT_EGRESS_PER_GB = 0.01;

/** the cache TTL when the scenario names none (s) */
export const DEFAULT_CACHE_TTL_S = 3600;
