// Popularity shifts: the objects a crowd or spike concentrates on (new objects appended after the
// catalog's, given catalog ranks, or catalog objects drawn at random) and the popularity law within
// them. Must not depend on agents, policies or reports.
import type { HotSetSpec, WorkloadSpec } from '../spec.js';
import type { RandomStream } from '../../core/random.js';
import { ZipfSampler } from '../../core/distributions.js';

export interface HotSet {
  readonly objects: Int32Array;
  /** ranks within the hot set (1 = its most popular) */
  readonly popularity: ZipfSampler;
  /** the hot set's share of the requests at the event's peak; null: the event's extra requests */
  readonly share: number | null;
}

/** the hot set spec of an event, if it has one */
export function hotSetOf(event: WorkloadSpec['events'][number]): HotSetSpec | null {
  return event.type === 'step' ? null : event.hotSet;
}

/** the objects every workload's `new` hot sets add after the catalog's, in workload then event order */
export function newObjectCount(workload: readonly WorkloadSpec[]): number {
  let n = 0;
  for (const w of workload) for (const e of w.events) if (hotSetOf(e)?.kind === 'new') n += (hotSetOf(e) as HotSetSpec).objects;
  return n;
}

/**
 * The hot set of one event. `firstNew`: the index its new objects start at (when kind is `new`);
 * `picker` draws the random kind's objects; `rng` is the stream of its popularity law.
 */
export function buildHotSet(spec: HotSetSpec, firstNew: number, catalogObjects: number, picker: RandomStream, rng: RandomStream): HotSet {
  const count = spec.kind === 'random' ? Math.min(spec.objects, catalogObjects) : spec.objects;
  let objects: Int32Array;
  if (spec.kind === 'new') objects = Int32Array.from({ length: count }, (_, i) => firstNew + i);
  else if (spec.kind === 'ranks') objects = Int32Array.from({ length: count }, (_, i) => spec.fromRank - 1 + i);
  else objects = pickDistinct(picker, catalogObjects, count);
  return { objects, popularity: new ZipfSampler(rng, Math.max(1, objects.length), spec.zipf), share: spec.share };
}

/** k distinct object indices drawn uniformly (the crowd's content is not the catalog's head) */
function pickDistinct(rng: RandomStream, n: number, k: number): Int32Array {
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(Math.floor(rng.next() * n));
  return Int32Array.from(chosen);
}
