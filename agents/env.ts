// What an agent is given to work with: its CDN's identity, the clock, its port (sensors and
// actuators on its own data plane, nothing else of it), the facts of the world it may know, its
// policy, the message network and the shared ledger. Agents reach other CDNs only through the network.
import type { SimClock } from '../core/clock.js';
import type { XstateClock } from '../core/xstate-clock.js';
import type { CdnPort, CdnSample } from '../cdn/port/cdn-port.js';
import type { CompiledPolicy } from '../policies/policy.js';
import type { AgentParams } from './agent-params.js';
import type { MessageNetwork } from './network.js';
import type { Ledger } from './ledger.js';
import type { NegotiationIo } from './negotiation/negotiation.machine.js';
import type { CdnDirectory } from './directory.js';

/** what every agent may know of the world besides its own port: public facts, not other CDNs' internals */
export interface AgentWorld {
  /**
   * the bootstrap directory (out of band, RFC 7336): the CDNs this one is interconnected with and
   * where their users are — by default every CDN of the run. Advertisements go only to those of
   * them whose users the advertised footprint can serve.
   */
  directory: CdnDirectory;
  /** whether this CDN relays the advertisements it hears to the CDNs its own would go to (cascaded FCI) */
  relayAdvertisements: boolean;
  /** the measurement window (s): delivery logs go at most this far apart */
  windowS: number;
  /** where content is acquired from */
  originRegion: string;
  redirectionMode: 'iterative' | 'recursive';
  /** the agent's own CDN's economics */
  economics: { revenuePerGB: number; costPerServerHour: number };
}

export interface AgentEnv {
  id: string;
  index: number;
  clock: SimClock;
  xclock: XstateClock;
  port: CdnPort;
  world: AgentWorld;
  policy: CompiledPolicy;
  /** its policy's agent parameters, read once */
  params: AgentParams;
  network: MessageNetwork;
  ledger: Ledger;
  /** xstate inspection hook (tracing), if any */
  inspect?: (event: unknown) => void;
}

/** the network port machines send through, stamped with this agent as sender */
export function ioOf(env: AgentEnv): NegotiationIo {
  return {
    nextId: () => env.network.nextId(env.id),
    transmit: (message, id) => env.network.send(env.id, message, id),
  };
}

/** the variables every decision about the CDN's own state can read */
export function ownScope(env: AgentEnv, sample: CdnSample) {
  let capacity = 0;
  let busy = 0;
  let servers = 0;
  let arrivals = 0;
  let rejected = 0;
  let queue = 0;
  for (const s of sample.sites) {
    capacity += s.capacityRps;
    busy += s.utilization * s.servers;
    servers += s.servers;
    arrivals += s.arrivalsPerS;
    rejected += s.rejectedShare * s.arrivalsPerS;
    queue += s.queueNow;
  }
  let demand = 0;
  for (let r = 0; r < sample.demandPerS.length; r++) demand += sample.demandPerS[r];
  return {
    t: sample.tS,
    utilization: servers > 0 ? busy / servers : 0,
    arrivalRate: demand,
    siteArrivalRate: arrivals,
    capacity,
    rejectedShare: arrivals > 0 ? rejected / arrivals : 0,
    latencyP95: sample.latencyP95Ms,
    latencyMean: sample.latencyMeanMs,
    queueLength: queue,
  };
}
