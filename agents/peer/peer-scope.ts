// What a peer's decisions can read about itself (advertise, price, reserve, accept, counter,
// terminate): its own sensors, what it has committed and what its primaries' traffic costs it.
import type { CdnSample } from '../../cdn/port/cdn-port.js';
import { ownScope, type AgentEnv } from '../env.js';
import type { peerSelf, VariablesOf } from '../../policies/decisions.js';

export function peerScope(env: AgentEnv, sample: CdnSample, committedCapacity: number, committedLoad: number): VariablesOf<typeof peerSelf> {
  const own = ownScope(env, sample);
  const servers = sample.sites.reduce((n, s) => n + s.servers, 0);
  return {
    t: own.t,
    utilization: own.utilization,
    arrivalRate: own.arrivalRate,
    capacity: own.capacity,
    latencyP95: own.latencyP95,
    committedCapacity,
    committedLoad,
    costPerRequest: own.capacity > 0 ? (env.world.economics.costPerServerHour * servers) / 3600 / own.capacity : 0,
  };
}

export type PeerScope = VariablesOf<typeof peerSelf>;
