// One CDN's agent: an xstate control loop on the simulation clock that runs the MAPE-K pass every
// monitor interval (crashed agents do nothing until they recover), and a dispatcher that hands
// each incoming message to the CDN's primary role, its peer role, or its knowledge.
import { createActor, setup, type Actor } from 'xstate';
import type { Message } from './messages.js';
import { Knowledge } from './knowledge.js';
import { PrimaryRole } from './primary-role.js';
import { PeerRole } from './peer-role.js';
import type { AgentEnv } from './env.js';

export const controlLoopMachine = setup({
  types: {
    context: {} as { intervalMs: number; tick: () => void },
    events: {} as { type: 'crash' } | { type: 'recover' },
    input: {} as { intervalMs: number; tick: () => void },
  },
  delays: { interval: ({ context }) => context.intervalMs },
  actions: { tick: ({ context }) => context.tick() },
}).createMachine({
  id: 'controlLoop',
  context: ({ input }) => input,
  initial: 'running',
  states: {
    running: {
      entry: 'tick',
      after: { interval: { target: 'running', reenter: true } },
      on: { crash: 'crashed' },
    },
    crashed: { on: { recover: 'running' } },
  },
});

export class CdnAgent {
  readonly knowledge = new Knowledge();
  readonly primary: PrimaryRole | null;
  readonly peer: PeerRole | null;
  private readonly loop: Actor<typeof controlLoopMachine>;
  private readonly tickHandler = { fire: () => this.tick() };

  constructor(readonly env: AgentEnv) {
    const roles = env.policy.roles;
    const primary = roles.includes('primary') ? new PrimaryRole(env, this.knowledge) : null;
    this.primary = primary?.hasDemand ? primary : null;
    this.peer = roles.includes('peer') ? new PeerRole(env) : null;
    this.loop = createActor(controlLoopMachine, {
      id: `agent:${env.id}`,
      clock: env.xclock,
      inspect: env.inspect,
      // the pass runs as its own clock event at the same instant, outside the loop's action, so the
      // actors it starts (negotiations) do not begin inside another actor's action
      input: { intervalMs: env.params.monitorIntervalS * 1000, tick: () => env.clock.scheduleAfter(0, this.tickHandler) },
    });
    env.network.register(env.id, (message) => this.receive(message));
  }

  start(): void {
    this.loop.start();
  }

  crash(): void {
    this.loop.send({ type: 'crash' });
  }

  recover(): void {
    this.loop.send({ type: 'recover' });
  }

  /** Monitor → Analyze → Plan → Execute, for both roles */
  tick(): void {
    const sample = this.env.port.sample();
    this.peer?.tick(sample);
    this.primary?.tick(sample);
  }

  receive(message: Message): void {
    if (message.type === 'advertisement') {
      this.knowledge.learn(message.advertisement);
      return;
    }
    const toPrimary =
      message.type === 'negotiation.proposal' || message.type === 'negotiation.reject' || message.type === 'negotiation.confirm' ||
      message.type === 'metadata.ack' || message.type === 'arrangement.resized' || message.type === 'log.report' ||
      message.type === 'arrangement.ended' || (message.type === 'arrangement.terminate' && message.by === 'peer');
    if (toPrimary) this.primary?.receive(message);
    else this.peer?.receive(message);
  }

  /** stop every actor (end of run) */
  stop(): void {
    for (const actor of [...(this.primary?.actors() ?? []), ...(this.peer?.actors() ?? [])]) actor.stop();
    this.loop.stop();
  }
}
