// A site's waiting room is first in, first out whatever its size: across the ring's wrap-around
// (its length a power of two, indexed by a mask) and while it grows beyond its first size.
import { describe, it, expect } from 'vitest';
import { Site } from '../../cdn/site.js';
import { createClock } from '../../core/clock.js';
import type { ServiceTime } from '../../cdn/service-time.js';

const fixed: ServiceTime = { seconds: () => 1, meanSeconds: () => 1 };
const site = (queueLimit: number) => new Site(createClock(), 0, 's', 0, 0, 1, queueLimit, fixed, null);

describe('site waiting room', () => {
  for (const queueLimit of [1, 20, 1000, Infinity]) {
    it(`queue limit ${queueLimit}: requests leave in the order they came, through wrap-arounds and growth`, () => {
      const s = site(queueLimit);
      const expected: number[] = [];
      const got: number[] = [];
      let next = 0;
      // a saw-tooth of fills and drains: up to 3000 waiting (beyond any first size), with partial drains between
      for (const [fill, drain] of [
        [7, 5],
        [40, 30],
        [3000, 2900],
        [50, 100],
        [500, 560],
      ]) {
        for (let i = 0; i < fill; i++) {
          s.enqueue(next);
          expected.push(next++);
        }
        for (let i = 0; i < drain; i++) got.push(s.dequeue());
        expect(s.queued).toBe(expected.length - got.length);
      }
      while (s.queued > 0) got.push(s.dequeue());
      expect(got).toEqual(expected);
      expect(s.dequeue()).toBe(-1);
    });
  }
});
