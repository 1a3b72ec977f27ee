// Pre-positioning that takes time and bandwidth (a CI/T preposition trigger being processed): every
// cache of the peer fetches the objects from the lane's source (./acquisition: the primary's
// nearest site that is up, else the origin) at that source's bandwidth, the caches in parallel;
// the fetch takes the round trip plus the bytes ÷ bandwidth, and the objects land in the caches when
// it completes (not before: a request meanwhile misses and pulls). Counted per lane: bytes, objects
// placed, the fetch's duration. A fetch can be cancelled (the arrangement ended first). Not per
// request. Must not depend on agents, policies or reports.
import { callbackHandler, type SimClock } from '../../core/clock.js';
import type { Site } from '../site.js';
import type { Acquisitions } from './acquisition.js';
import type { ContentVersions } from './versions.js';

export interface PrepositionFetch {
  /** when the fetch completes (s) */
  readonly doneAtS: number;
  cancel(): void;
}

export interface FetchContext {
  clock: SimClock;
  sites: readonly Site[];
  sizeBytes: Float64Array;
  acquisitions: Acquisitions;
  versions: ContentVersions | null;
}

/** start fetching `objects` into every cache of `cdn` over `lane` of `primary`; `done` is called when they are in place */
export function startPrepositionFetch(
  ctx: FetchContext,
  cdn: number,
  lane: number,
  primary: number,
  objects: readonly number[],
  done: () => void,
): PrepositionFetch {
  const caches = ctx.sites.filter((s) => s.cdn === cdn && s.cache !== null);
  let bytes = 0;
  for (const o of objects) bytes += ctx.sizeBytes[o];
  let durationS = 0;
  for (const site of caches) {
    const fix = ctx.acquisitions.locate(site.region, lane, primary);
    durationS = Math.max(durationS, fix.rttMs / 1000 + bytes / fix.bytesPerS);
  }
  let cancelled = false;
  const doneAtS = ctx.clock.now + durationS;
  ctx.clock.scheduleAt(
    doneAtS,
    callbackHandler(() => {
      if (cancelled) return;
      place(ctx, caches, lane, objects);
      ctx.acquisitions.pushS[lane] += durationS;
      done();
    }),
  );
  return {
    doneAtS,
    cancel: () => {
      cancelled = true;
    },
  };
}

function place(ctx: FetchContext, caches: readonly Site[], lane: number, objects: readonly number[]): void {
  const a = ctx.acquisitions;
  a.reserve(lane);
  for (const site of caches) {
    const cache = site.cache;
    if (cache === null) continue;
    for (const o of objects) {
      cache.insert(o);
      if (!cache.has(o)) continue;
      ctx.versions?.fetched(site.index, o);
      a.pushedObjects[lane]++;
      a.pushedBytes[lane] += ctx.sizeBytes[o];
    }
  }
}
