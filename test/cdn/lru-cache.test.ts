// The byte-sized LRU cache: hits and misses counted, the least recently used objects evicted until
// the new one fits, objects larger than the cache never kept, purge and pre-positioning.
import { describe, it, expect } from 'vitest';
import { LruCache } from '../../cdn/content/lru-cache.js';

const sizes = Float64Array.from([40, 30, 20, 10, 100, 50]);

describe('LruCache', () => {
  it('counts a miss then a hit for the same object', () => {
    const cache = new LruCache(100, sizes.length, sizes);
    expect(cache.access(0)).toBe(false);
    expect(cache.access(0)).toBe(true);
    expect([cache.hits, cache.misses, cache.usedBytes]).toEqual([1, 1, 40]);
  });

  it('evicts the least recently used objects until the new one fits', () => {
    const cache = new LruCache(100, sizes.length, sizes);
    cache.access(0); // 40
    cache.access(1); // 30 → 70
    cache.access(2); // 20 → 90
    cache.access(0); // 0 is now the most recent: order 0, 2, 1
    cache.access(5); // 50 needs room: evict 1 (30) → 60, then 2 (20) → 40; 40 + 50 = 90
    expect([0, 1, 2, 5].map((o) => cache.has(o))).toEqual([true, false, false, true]);
    expect(cache.usedBytes).toBe(90);
  });

  it('a hit on the most recent object keeps the order (no relinking needed)', () => {
    const cache = new LruCache(60, sizes.length, sizes);
    cache.access(1); // 30
    cache.access(2); // 20 → 50
    cache.access(2); // hit at the head
    cache.access(3); // 10 → 60
    cache.access(0); // 40: evict 1 (30) then 2 (20): 3 + 0 = 50
    expect([0, 1, 2, 3].map((o) => cache.has(o))).toEqual([true, false, false, true]);
  });

  it('never keeps an object larger than the cache', () => {
    const cache = new LruCache(60, sizes.length, sizes);
    cache.access(0);
    expect(cache.access(4)).toBe(false);
    expect(cache.has(4)).toBe(false);
    expect(cache.has(0)).toBe(true);
  });

  it('purge removes an object and frees its bytes; insert pre-positions without counting a lookup', () => {
    const cache = new LruCache(100, sizes.length, sizes);
    cache.insert(2);
    expect([cache.hits, cache.misses, cache.usedBytes]).toEqual([0, 0, 20]);
    cache.evict(2);
    expect(cache.has(2)).toBe(false);
    expect(cache.usedBytes).toBe(0);
    expect(cache.access(2)).toBe(false);
  });
});
