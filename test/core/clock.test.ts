// The clock's rules: events fire in (time, scheduling order); cancel by handle; run-until stops at
// the boundary and advances now; stale handles cancel nothing.
import { describe, it, expect } from 'vitest';
import { createClock, callbackHandler, type EventHandler } from '../../core/clock.js';

function recorder(clock: ReturnType<typeof createClock>) {
  const trace: [number, number][] = [];
  const handler: EventHandler = { fire: (payload) => trace.push([clock.now, payload]) };
  return { trace, handler };
}

describe('SimClock', () => {
  it('fires events in time order with exact times', () => {
    const clock = createClock();
    const { trace, handler } = recorder(clock);
    clock.scheduleAt(3, handler, 3);
    clock.scheduleAt(1, handler, 1);
    clock.scheduleAt(2, handler, 2);
    clock.run();
    expect(trace).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(clock.eventsFired).toBe(3);
  });

  it('fires simultaneous events in scheduling order', () => {
    const clock = createClock();
    const { trace, handler } = recorder(clock);
    for (let i = 0; i < 50; i++) clock.scheduleAt(5, handler, i);
    clock.scheduleAt(4, handler, -1);
    clock.run();
    expect(trace.map(([, p]) => p)).toEqual([-1, ...Array.from({ length: 50 }, (_, i) => i)]);
  });

  it('an event scheduled during a firing at the same instant runs after those already due', () => {
    const clock = createClock();
    const order: string[] = [];
    clock.scheduleAt(
      1,
      callbackHandler(() => {
        order.push('a');
        clock.scheduleAfter(
          0,
          callbackHandler(() => order.push('c')),
        );
      }),
    );
    clock.scheduleAt(
      1,
      callbackHandler(() => order.push('b')),
    );
    clock.run();
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('cancel removes a pending event and reports whether it did', () => {
    const clock = createClock();
    const { trace, handler } = recorder(clock);
    clock.scheduleAt(1, handler, 1);
    const h2 = clock.scheduleAt(2, handler, 2);
    clock.scheduleAt(3, handler, 3);
    expect(clock.cancel(h2)).toBe(true);
    expect(clock.cancel(h2)).toBe(false);
    clock.run();
    expect(trace).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });

  it('a stale handle does not cancel the event that reuses its slot', () => {
    const clock = createClock(2);
    const { trace, handler } = recorder(clock);
    const old = clock.scheduleAt(1, handler, 1);
    clock.run();
    clock.scheduleAt(2, handler, 2); // reuses the freed slot
    expect(clock.cancel(old)).toBe(false);
    clock.run();
    expect(trace).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('runUntil fires events due at or before the bound and sets now to it', () => {
    const clock = createClock();
    const { trace, handler } = recorder(clock);
    clock.scheduleAt(1, handler, 1);
    clock.scheduleAt(2, handler, 2);
    clock.scheduleAt(2.5, handler, 25);
    clock.runUntil(2);
    expect(trace).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(clock.now).toBe(2);
    expect(clock.pending).toBe(1);
    expect(clock.peekTime()).toBe(2.5);
  });

  it('refuses to schedule in the past', () => {
    const clock = createClock();
    clock.runUntil(10);
    expect(() => clock.scheduleAt(9, { fire() {} })).toThrow(RangeError);
  });

  it('keeps heap order under many random inserts and cancels (grows past its initial capacity)', () => {
    const clock = createClock(4);
    const { trace, handler } = recorder(clock);
    let x = 12345;
    const handles: number[] = [];
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      handles.push(clock.scheduleAt(x % 1000, handler, i));
    }
    const cancelled = new Set<number>();
    for (let i = 0; i < 5000; i += 3) {
      clock.cancel(handles[i]);
      cancelled.add(i);
    }
    clock.run();
    expect(trace.length).toBe(5000 - cancelled.size);
    for (let i = 1; i < trace.length; i++) {
      const [t0, p0] = trace[i - 1];
      const [t1, p1] = trace[i];
      expect(t0 < t1 || (t0 === t1 && p0 < p1)).toBe(true);
    }
    expect(trace.some(([, p]) => cancelled.has(p))).toBe(false);
  });
});
