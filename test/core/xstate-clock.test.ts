// xstate actors on the simulation clock: `after` delays fire at the exact simulated instant, and two
// delays due at the same instant fire in the order they were scheduled.
import { describe, it, expect } from 'vitest';
import { createActor, setup, sendTo } from 'xstate';
import { createClock } from '../../core/clock.js';
import { createXstateClock } from '../../core/xstate-clock.js';

describe('xstate Clock adapter', () => {
  it('an after(5000) transition fires at exactly t = 5 s of simulated time', () => {
    const clock = createClock();
    const machine = setup({}).createMachine({
      initial: 'waiting',
      states: { waiting: { after: { 5000: 'done' } }, done: {} },
    });
    const actor = createActor(machine, { clock: createXstateClock(clock) }).start();
    const seenAt: number[] = [];
    actor.subscribe((s) => {
      if (s.value === 'done') seenAt.push(clock.now);
    });
    clock.runUntil(4.999);
    expect(actor.getSnapshot().value).toBe('waiting');
    clock.runUntil(100);
    expect(seenAt).toEqual([5]);
  });

  it('two delays due at the same instant fire in scheduling order', () => {
    const clock = createClock();
    const log: string[] = [];
    const receiver = setup({ types: { events: {} as { type: 'first' } | { type: 'second' } } }).createMachine({
      on: {
        first: { actions: () => log.push(`first@${clock.now}`) },
        second: { actions: () => log.push(`second@${clock.now}`) },
      },
    });
    const sender = setup({ actors: { receiver } }).createMachine({
      invoke: { src: 'receiver', id: 'rx' },
      entry: [sendTo('rx', { type: 'first' }, { delay: 2000, id: 'send-first' }), sendTo('rx', { type: 'second' }, { delay: 2000, id: 'send-second' })],
    });
    createActor(sender, { clock: createXstateClock(clock) }).start();
    clock.run();
    expect(log).toEqual(['first@2', 'second@2']);
  });

  it('leaving a state cancels its pending after() timer on the simulation clock', () => {
    const clock = createClock();
    const machine = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
      initial: 'a',
      states: { a: { after: { 1000: 'timedOut' }, on: { go: 'b' } }, b: {}, timedOut: {} },
    });
    const actor = createActor(machine, { clock: createXstateClock(clock) }).start();
    expect(clock.pending).toBe(1);
    actor.send({ type: 'go' });
    expect(clock.pending).toBe(0);
    clock.run();
    expect(actor.getSnapshot().value).toBe('b');
  });
});
