// The data plane's content mechanisms beyond the caches, built together from the spec: where misses
// acquire from (./acquisition), the objects' versions and the changes at the origin (./versions,
// ./content-changes: only when the scenario has changes), and timed pre-positioning
// (./preposition-fetch). Must not depend on agents, policies or reports.
import type { SimClock } from '../../core/clock.js';
import type { StreamFactory } from '../../core/random.js';
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import type { DataPlaneSpec } from '../spec.js';
import { Acquisitions } from './acquisition.js';
import { ContentChanges } from './content-changes.js';
import { DEFAULT_CACHE_TTL_S } from './content-spec.js';
import { startPrepositionFetch, type PrepositionFetch } from './preposition-fetch.js';
import { ContentVersions } from './versions.js';

export interface ContentPlaneParts {
  clock: SimClock;
  streams: StreamFactory;
  rtt: RttMatrix;
  sites: readonly Site[];
  sizeBytes: Float64Array;
  baseObjects: number;
  nearestUpSite: (cdn: number, region: number) => number;
}

export class ContentPlane {
  readonly acquisitions: Acquisitions;
  readonly versions: ContentVersions | null;
  readonly changes: ContentChanges | null;

  constructor(
    private readonly spec: DataPlaneSpec,
    private readonly parts: ContentPlaneParts,
  ) {
    const origin = spec.origin;
    const content = spec.content;
    const originRegion = parts.rtt.indexOf(origin.region);
    const primaryBps = content?.acquisitionBytesPerS ?? origin.bytesPerS;
    this.acquisitions = new Acquisitions(parts.rtt, parts.sites, parts.nearestUpSite, originRegion, origin.bytesPerS, primaryBps);
    const changes = content?.changes ?? [];
    if (changes.length === 0) {
      this.versions = null;
      this.changes = null;
      return;
    }
    this.versions = new ContentVersions(parts.sizeBytes.length, parts.sites);
    const isPrimary = spec.cdns.map((c) => c.role === 'primary');
    const rng = parts.streams.stream('content/changes');
    this.changes = new ContentChanges(parts.clock, this.versions, parts.sites, isPrimary, parts.baseObjects, rng, content?.cacheTtlS ?? DEFAULT_CACHE_TTL_S);
  }

  /** schedule the content changes of the run */
  start(horizonS: number): void {
    this.changes?.schedule(this.spec.content?.changes ?? [], horizonS);
  }

  /** timed pre-positioning of `objects` into `cdn`'s caches over `lane` (see ./preposition-fetch) */
  prefetch(cdn: number, lane: number, primary: number, objects: readonly number[], done: () => void): PrepositionFetch {
    const p = this.parts;
    return startPrepositionFetch(
      { clock: p.clock, sites: p.sites, sizeBytes: p.sizeBytes, acquisitions: this.acquisitions, versions: this.versions },
      cdn,
      lane,
      primary,
      objects,
      done,
    );
  }

  /** an invalidation reached `cdn` (see ContentVersions.invalidate) */
  invalidate(cdn: number, objects: readonly number[], versions: readonly number[], inlineBelowBytes: number): void {
    this.versions?.invalidate(this.parts.sites, cdn, objects, versions, inlineBelowBytes, this.parts.sizeBytes);
  }
}
