// The report's row types of replication and consistency (what scenarios/collect-content.ts fills in
// from the data plane's lanes and the primaries' records). Plain data. Must not depend on cdn/ or
// agents/.

export type TriggerStatusName = 'pending' | 'active' | 'complete' | 'processed' | 'failed' | 'cancelled';

/** one arrangement's replication and consistency */
export interface ArrangementContentRow {
  /** the acquisition source its metadata named */
  source: 'origin' | 'primary';
  /** misses on its lane that acquired (pull), those from the backup source, bytes, summed acquisition time */
  pulled: { acquisitions: number; backupAcquisitions: number; bytes: number; timeMs: number };
  /** what its pre-positioning placed in the peer's caches, and how long the fetch took */
  pushed: { objects: number; bytes: number; fetchS: number };
  /** (pulled + pushed bytes) ÷ 1e9 × the content block's egress price: what the primary pays for it */
  costUSD: number;
  /** the push's CI/T preposition trigger (null: pull) */
  trigger: { status: TriggerStatusName; history: { status: TriggerStatusName; tS: number }[]; redirectedBeforeComplete: boolean } | null;
  /** deliveries of a stale version over its lane, and the first and last (null: none) */
  staleDeliveries: number;
  firstStaleS: number | null;
  lastStaleS: number | null;
  invalidations: { sent: number; resent: number; acked: number; failed: number };
}

/** the run's replication and consistency totals */
export interface ContentResult {
  egressPerGB: number;
  pulledBytes: number;
  pushedBytes: number;
  acquisitions: number;
  backupAcquisitions: number;
  acquisitionTimeMs: number;
  costUSD: number;
  staleDeliveries: number;
  /** content changes at the origin, and what they did to the peers' copies */
  changes: { atS: number; objects: number; signal: 'invalidate' | 'expiry' }[];
  invalidatedCopies: number;
  inlineUpdates: number;
  revalidations: number;
  invalidations: { sent: number; resent: number; acked: number; failed: number };
}
