// Content changes at the origin, on the clock: at each change of the scenario's `content.changes`
// the touched objects (a range of indices, or `random` ones drawn without replacement from the
// catalog's own objects on the stream `content/changes`) get a new version, the primaries' own
// caches drop their copies, under `expiry` a stale copy must be revalidated from the cache TTL
// after the change on, and every listener (the primaries' ports) hears of it. Not per request.
// Must not depend on agents, policies or reports.
import { callbackHandler, type SimClock } from '../../core/clock.js';
import type { RandomStream } from '../../core/random.js';
import type { Site } from '../site.js';
import type { ContentChangeSpec } from './content-spec.js';
import type { ContentVersions } from './versions.js';

/** what a change did, as the primaries hear it */
export interface ContentChange {
  atS: number;
  objects: number[];
  /** the new version of each object */
  versions: number[];
  signal: ContentChangeSpec['signal'];
  inlineBelowBytes: number;
}

export class ContentChanges {
  private readonly listeners: ((change: ContentChange) => void)[] = [];
  /** every change as it happened, in order */
  readonly applied: ContentChange[] = [];

  constructor(
    private readonly clock: SimClock,
    private readonly versions: ContentVersions,
    private readonly sites: readonly Site[],
    /** whether each CDN is a primary (its caches are told at once) */
    private readonly isPrimary: readonly boolean[],
    private readonly baseObjects: number,
    private readonly rng: RandomStream,
    private readonly cacheTtlS: number,
  ) {}

  onChange(listener: (change: ContentChange) => void): void {
    this.listeners.push(listener);
  }

  schedule(changes: readonly ContentChangeSpec[], horizonS: number): void {
    for (const change of changes) {
      if (change.atS <= horizonS)
        this.clock.scheduleAt(
          change.atS,
          callbackHandler(() => this.apply(change)),
        );
    }
  }

  private apply(spec: ContentChangeSpec): void {
    const now = this.clock.now;
    const objects = this.pick(spec);
    const v = this.versions;
    const versions = objects.map((o) => ++v.current[o]);
    for (const o of objects) v.revalidateFromS[o] = spec.signal === 'expiry' ? Math.min(v.revalidateFromS[o], now + this.cacheTtlS) : Infinity;
    for (const site of this.sites) {
      if (site.cache === null || !this.isPrimary[site.cdn]) continue;
      for (const o of objects) site.cache.evict(o);
    }
    const change: ContentChange = { atS: now, objects, versions, signal: spec.signal, inlineBelowBytes: spec.inlineBelowBytes };
    this.applied.push(change);
    for (const listener of this.listeners) listener(change);
  }

  private pick(spec: ContentChangeSpec): number[] {
    const o = spec.objects;
    if (o.kind === 'ranks') {
      const to = Math.min(o.to, this.baseObjects - 1);
      return Array.from({ length: Math.max(0, to - o.from + 1) }, (_, i) => o.from + i);
    }
    // a partial Fisher–Yates over a sparse map: `count` distinct objects, O(count)
    const n = this.baseObjects;
    const count = Math.min(o.count, n);
    const swapped = new Map<number, number>();
    const picked: number[] = [];
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.rng.next() * (n - i));
      picked.push(swapped.get(j) ?? j);
      swapped.set(j, swapped.get(i) ?? i);
    }
    return picked.sort((a, b) => a - b);
  }
}
