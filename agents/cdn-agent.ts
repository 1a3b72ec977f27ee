// One CDN's agent: a control loop on the simulation clock (./control-loop) that runs the MAPE-K pass
// every monitor interval (crashed agents do nothing until they recover); incoming messages go through
// its one dispatch table (./dispatch) to its primary side, its peer side, its CI/T invalidations
// (./invalidations: originated, applied, relayed down a cascade) or — advertisements, and their
// relaying when it relays (./advert-relay) — its knowledge. A transit passes its upstream metadata
// on with its own arrangements (./metadata-cascade).
import type { Message } from './messages.js';
import { dispatch, dispatchTable, type DispatchTable } from './dispatch.js';
import { Knowledge } from './knowledge.js';
import { PrimaryRole } from './primary/primary-role.js';
import { PeerRole } from './peer/peer-role.js';
import { AdvertRelay } from './advert-relay.js';
import { Invalidations } from './invalidations.js';
import { MetadataCascade } from './metadata-cascade.js';
import { ControlLoop } from './control-loop.js';
import type { AgentEnv } from './env.js';
import { LATENCY_VARIABLES, policyReads } from './policy-reads.js';

export class CdnAgent {
  readonly knowledge = new Knowledge();
  readonly primary: PrimaryRole | null;
  readonly peer: PeerRole | null;
  readonly relay: AdvertRelay;
  readonly invalidations: Invalidations;
  /** a transit's metadata from upstream, passed on down a cascade (./metadata-cascade) */
  readonly metadata: MetadataCascade;
  private readonly loop: ControlLoop;
  private readonly table: DispatchTable;

  /** `orderKey`: its seeded key per peer, which spreads its calls among near-equal candidates (see PrimaryRole) */
  constructor(
    readonly env: AgentEnv,
    orderKey: ((peer: string) => number) | null = null,
  ) {
    const roles = env.policy.roles;
    const contracted = env.port.content.contracted;
    this.metadata = new MetadataCascade(env, !contracted && env.port.metadata.active);
    const primary = roles.includes('primary') ? new PrimaryRole(env, this.knowledge, orderKey, this.metadata) : null;
    this.primary = primary?.hasDemand ? primary : null;
    this.peer = roles.includes('peer') ? new PeerRole(env, this.metadata) : null;
    this.relay = new AdvertRelay(env, this.knowledge, env.world.relayAdvertisements && this.peer !== null);
    this.invalidations = new Invalidations(env, contracted);
    this.loop = new ControlLoop(env.id, env.clock, env.params.monitorIntervalS, () => this.tick(), env.inspect);
    this.table = dispatchTable({
      learn: (m) => this.relay.receive(m),
      primary: this.primary?.handlers() ?? null,
      peer: this.peer?.handlers() ?? null,
      invalidations: this.invalidations,
    });
    env.network.register(env.id, (message) => this.receive(message));
    env.port.sampleLatency(policyReads(env.policy, LATENCY_VARIABLES));
  }

  start(): void {
    this.loop.start();
  }

  crash(): void {
    this.loop.crash();
  }

  recover(): void {
    this.loop.recover();
  }

  /** Monitor → Analyze → Plan → Execute, for both roles */
  tick(): void {
    const sample = this.env.port.sample();
    this.peer?.tick(sample);
    this.primary?.tick(sample);
  }

  receive(message: Message): void {
    dispatch(this.table, message);
  }

  /** stop every actor (end of run) */
  stop(): void {
    for (const actor of [...(this.primary?.actors() ?? []), ...(this.peer?.actors() ?? [])]) actor.stop();
    this.loop.stop();
  }
}
