// A CDN's port to its content mechanisms (part of its CdnPort): as peer, the acquisition source an
// arrangement's metadata names, timed pre-positioning (a CI/T preposition being processed) and
// invalidations reaching its caches; as primary, the content changes at the origin it hears of;
// per lane, what replication and consistency came to. Never per request. Must not depend on agents,
// policies or reports.
import type { DataPlane } from '../data-plane.js';
import { SOURCE_ORIGIN, SOURCE_PRIMARY } from '../content/acquisition.js';
import type { ContentChange } from '../content/content-changes.js';
import type { PrepositionFetch } from '../content/preposition-fetch.js';

export type { ContentChange } from '../content/content-changes.js';
export type { PrepositionFetch } from '../content/preposition-fetch.js';

/** what a lane's replication and consistency came to so far (cumulative) */
export interface LaneContentReading {
  acquisitions: number;
  /** of them, from the backup source (the origin, the primary having no site up) */
  backupAcquisitions: number;
  bytesAcquired: number;
  acquisitionMs: number;
  pushedObjects: number;
  pushedBytes: number;
  /** time the lane's pre-positioning fetches took (s) */
  pushS: number;
  staleDeliveries: number;
  /** first and last stale delivery (null: none) */
  firstStaleS: number | null;
  lastStaleS: number | null;
}

export class ContentPort {
  constructor(
    private readonly dp: DataPlane,
    private readonly index: number,
    private readonly side: (lane: number, role?: 'primary' | 'peer') => void,
  ) {}

  /** the replication the scenario fixes for every primary (undefined: the policy decides) */
  get fixedReplication(): 'push' | 'pull' | undefined {
    return this.dp.scenario.content?.replication;
  }

  /** the source the scenario fixes for the metadata (undefined: the primary chooses) */
  get fixedSource(): 'primary' | 'origin' | undefined {
    return this.dp.scenario.content?.source;
  }

  /** the MI.CachePolicy TTL the scenario gives (undefined: the protocol's default) */
  get cacheTtlS(): number | undefined {
    return this.dp.scenario.content?.cacheTtlS;
  }

  /** as peer: the lane's metadata names where its misses acquire from */
  setSource(lane: number, source: 'primary' | 'origin'): void {
    this.side(lane, 'peer');
    this.dp.content.acquisitions.setSource(lane, source === 'primary' ? SOURCE_PRIMARY : SOURCE_ORIGIN);
  }

  /** as peer: fetch objects into every cache of its own from the lane's source; `done` when they are in place */
  prefetch(lane: number, objects: readonly number[], done: () => void): PrepositionFetch {
    this.side(lane, 'peer');
    const primary = this.dp.router.lanes.primary[lane];
    return this.dp.content.prefetch(this.index, lane, primary, objects, done);
  }

  /** as peer: an invalidation reached it (copies older than `versions` updated in-line below `inlineBelowBytes`, else dropped) */
  invalidate(objects: readonly number[], versions: readonly number[], inlineBelowBytes: number): void {
    this.dp.content.invalidate(this.index, objects, versions, inlineBelowBytes);
  }

  /** whether the origin tells this CDN of its content changes itself (the content provider contracted it: its role is primary) */
  get contracted(): boolean {
    return this.dp.scenario.cdns[this.index].role === 'primary';
  }

  /** as primary: hear of every content change at the origin */
  onChange(listener: (change: ContentChange) => void): void {
    this.dp.content.changes?.onChange(listener);
  }

  /** what the lane's replication and consistency came to so far */
  readLane(lane: number): LaneContentReading {
    this.side(lane);
    return readLaneContent(this.dp, lane);
  }
}

/** a lane's replication and consistency counters (also for the collector, which needs no port) */
export function readLaneContent(dp: DataPlane, lane: number): LaneContentReading {
  const a = dp.content.acquisitions;
  const v = dp.content.versions;
  const at = (column: Float64Array) => (lane < column.length ? column[lane] : 0);
  const time = (column: Float64Array | undefined) => (column !== undefined && lane < column.length && column[lane] === column[lane] ? column[lane] : null);
  return {
    acquisitions: at(a.count),
    backupAcquisitions: at(a.backups),
    bytesAcquired: at(a.bytes),
    acquisitionMs: at(a.timeMs),
    pushedObjects: at(a.pushedObjects),
    pushedBytes: at(a.pushedBytes),
    pushS: at(a.pushS),
    staleDeliveries: v === null ? 0 : at(v.stale),
    firstStaleS: time(v?.firstStaleS),
    lastStaleS: time(v?.lastStaleS),
  };
}
