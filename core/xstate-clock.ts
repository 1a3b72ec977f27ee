// Adapts the simulation clock to xstate v5's `Clock` interface, so `after` transitions and delayed
// sends of actors created with `createActor(machine, { clock })` run in simulated time.
// Delays arrive in milliseconds (xstate's unit); the clock counts seconds. No real timers.
import type { EventHandler, SimClock } from './clock.js';

class TimerHandler implements EventHandler {
  constructor(private readonly callback: () => void) {}
  fire(): void {
    this.callback();
  }
}

/** The shape of xstate v5's `Clock` (not exported by the package's entry point). */
export interface XstateClock {
  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): number;
  clearTimeout(handle: number): void;
}

/** An xstate Clock whose timers are events on `clock`; cancelling a timer cancels the event. */
export function createXstateClock(clock: SimClock): XstateClock {
  return {
    setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): number {
      const delayS = Math.max(0, Number(timeoutMs) || 0) / 1000;
      return clock.scheduleAfter(delayS, new TimerHandler(() => fn()));
    },
    clearTimeout(handle: number): void {
      if (typeof handle === 'number') clock.cancel(handle);
    },
  };
}
