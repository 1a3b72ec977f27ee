// Content versions: each object's version at the origin, the version each cache's copy holds, and
// the stale deliveries of redirected requests. A content change bumps an object's version; the
// primaries' own caches drop their copies at once (the origin tells its contracted CDN), a peer's
// copies stay until the primary's invalidation reaches it (objects below the change's in-line size
// get the new version with the signal, no re-acquisition) or, under `expiry`, until the cache TTL
// after the change has passed (the worst case: a copy fetched just before the change). Only built
// when the scenario has content changes. Per request: a few array reads. Must not depend on agents,
// policies or reports.
import type { Site } from '../site.js';
import { grown } from '../typed-arrays.js';

export class ContentVersions {
  /** each object's version at the origin (0 until its first change) */
  readonly current: Int32Array;
  /** under `expiry`: the time from which a stale copy must be revalidated (Infinity: never) */
  readonly revalidateFromS: Float64Array;
  /** per site: the version its copy of each object holds (null: a site without cache) */
  private readonly held: (Int32Array | null)[];
  /** per lane: stale deliveries, and the first and last time one was served (NaN: none) */
  stale = new Float64Array(8);
  firstStaleS = new Float64Array(8).fill(NaN);
  lastStaleS = new Float64Array(8).fill(NaN);
  /** copies updated in-line by an invalidation, and copies invalidated (dropped) */
  inlineUpdates = 0;
  invalidated = 0;
  /** copies revalidated after their TTL (a miss) */
  revalidations = 0;

  constructor(objects: number, sites: readonly Site[]) {
    this.current = new Int32Array(objects);
    this.revalidateFromS = new Float64Array(objects).fill(Infinity);
    this.held = sites.map((s) => (s.cache === null ? null : new Int32Array(objects)));
  }

  /** the site's cache took a fresh copy of the object */
  fetched(site: number, object: number): void {
    const held = this.held[site];
    if (held !== null) held[object] = this.current[object];
  }

  /** whether the site's copy of the object is older than the origin's */
  isStale(site: number, object: number): boolean {
    const held = this.held[site];
    return held !== null && held[object] < this.current[object];
  }

  /**
   * A lookup at `site` found the object (`hit`) or not, for a request over `lane` (-1: not
   * redirected): whether it is served from the copy. A miss takes a fresh copy; a stale copy past its
   * revalidation time is a miss (re-acquired); a stale copy before it is delivered, and counted.
   */
  served(hit: boolean, site: Site, object: number, lane: number, nowS: number): boolean {
    if (!hit) {
      this.fetched(site.index, object);
      return false;
    }
    if (lane < 0 || !this.isStale(site.index, object)) return true;
    if (nowS >= this.revalidateFromS[object]) {
      this.revalidations++;
      this.fetched(site.index, object);
      if (site.cache !== null) site.cache.recountAsMiss();
      return false;
    }
    this.countStale(lane, nowS);
    return true;
  }

  /** a stale copy delivered over `lane` at `nowS` */
  countStale(lane: number, nowS: number): void {
    if (lane >= this.stale.length) this.grow(lane);
    this.stale[lane]++;
    if (!(this.firstStaleS[lane] <= nowS)) this.firstStaleS[lane] = nowS;
    this.lastStaleS[lane] = nowS;
  }

  /**
   * An invalidation reached `cdn`: each of its cached copies older than the signalled version is
   * updated in-line (objects below `inlineBelowBytes`) or dropped.
   */
  invalidate(
    sites: readonly Site[],
    cdn: number,
    objects: readonly number[],
    versions: readonly number[],
    inlineBelowBytes: number,
    sizeBytes: Float64Array,
  ): void {
    for (const site of sites) {
      const held = this.held[site.index];
      if (site.cdn !== cdn || site.cache === null || held === null) continue;
      objects.forEach((object, i) => {
        if (!site.cache?.has(object) || held[object] >= versions[i]) return;
        if (sizeBytes[object] < inlineBelowBytes) {
          held[object] = versions[i];
          this.inlineUpdates++;
        } else {
          site.cache.evict(object);
          this.invalidated++;
        }
      });
    }
  }

  private grow(lane: number): void {
    let n = this.stale.length;
    while (n <= lane) n *= 2;
    const first = new Float64Array(n).fill(NaN);
    const last = new Float64Array(n).fill(NaN);
    first.set(this.firstStaleS);
    last.set(this.lastStaleS);
    this.stale = grown(this.stale, n);
    this.firstStaleS = first;
    this.lastStaleS = last;
  }
}
