// A CDN agent's control loop on the simulation clock: every monitor interval it runs the MAPE-K
// pass (as its own clock event at the same instant, so the actors a pass starts never begin inside
// another event's handler), and while its agent is crashed it does nothing until it recovers.
// Two states (running, crashed) and one timer, kept as plain clock events rather than an xstate
// actor: it fires for every agent every interval, and a state machine's transition per pass was a
// noticeable share of the control plane's time at hundreds of CDNs. It reports its state changes to
// the xstate inspection hook (as `agent:<id>` snapshots), so traces still show it.
// Must not depend on cdn/, policies or scenarios.
import type { EventHandler, SimClock } from '../core/clock.js';

export type LoopState = 'running' | 'crashed' | 'stopped';

export class ControlLoop implements EventHandler {
  private state: LoopState | 'idle' = 'idle';
  private timer = -1;
  private readonly delayS: number;
  private readonly pass: EventHandler;

  /** `intervalS`: the monitor interval; `tick`: the pass; `inspect`: the tracing hook, if any */
  constructor(
    private readonly id: string,
    private readonly clock: SimClock,
    intervalS: number,
    tick: () => void,
    private readonly inspect?: (event: unknown) => void,
  ) {
    // the same delay in seconds as a timer of `intervalS * 1000` ms (the xstate clock's conversion)
    this.delayS = Math.max(0, intervalS * 1000) / 1000;
    this.pass = { fire: tick };
  }

  get current(): LoopState | 'idle' {
    return this.state;
  }

  start(): void {
    if (this.state === 'idle') this.enterRunning();
  }

  crash(): void {
    if (this.state !== 'running') return;
    this.clock.cancel(this.timer);
    this.enter('crashed');
  }

  recover(): void {
    if (this.state === 'crashed') this.enterRunning();
  }

  stop(): void {
    if (this.state === 'running') this.clock.cancel(this.timer);
    this.enter('stopped');
  }

  /** the interval's timer: the next pass */
  fire(): void {
    if (this.state === 'running') this.enterRunning();
  }

  /** a pass now (its own event at this instant), then the timer for the next */
  private enterRunning(): void {
    this.enter('running');
    this.clock.scheduleAfter(0, this.pass);
    this.timer = this.clock.scheduleAfter(this.delayS, this);
  }

  private enter(state: LoopState): void {
    this.state = state;
    const snapshot = { value: state === 'stopped' ? 'running' : state, status: state === 'stopped' ? 'stopped' : 'active' };
    this.inspect?.({ type: '@xstate.snapshot', actorRef: { id: `agent:${this.id}` }, snapshot });
  }
}
