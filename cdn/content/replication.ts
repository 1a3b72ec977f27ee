// Content a peer holds for an arrangement: pre-positioning (CI/T preposition) and purging the
// objects in every cache of one CDN. Called by the CDN's port, never per request.
import type { Site } from '../site.js';

/** place objects in every cache of `cdn`; returns how many were placed */
export function preposition(sites: readonly Site[], cdn: number, objects: Iterable<number>): number {
  let placed = 0;
  for (const site of sites) {
    if (site.cdn !== cdn || site.cache === null) continue;
    for (const object of objects) {
      site.cache.insert(object);
      if (site.cache.has(object)) placed++;
    }
  }
  return placed;
}

/** remove objects from every cache of `cdn` */
export function purge(sites: readonly Site[], cdn: number, objects: Iterable<number>): void {
  for (const site of sites) {
    if (site.cdn !== cdn || site.cache === null) continue;
    for (const object of objects) site.cache.evict(object);
  }
}
