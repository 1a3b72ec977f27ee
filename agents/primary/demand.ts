// Demand groups: each of a primary's own sites with the regions of its users it serves (the
// nearest) — and, for a CDN that is also a peer, the regions it serves for others, since what it
// was sent is demand too (it may pass it on under its own arrangements: a cascade) — and the
// decision variables of one group at a monitor pass. Must not depend on reports.
import type { CdnSample } from '../../cdn/port/cdn-port.js';
import type { Term } from '../cdni/vocabulary.js';
import type { ownSensors, VariablesOf } from '../../policies/decisions.js';
import { HoltForecaster } from './forecast.js';
import { ownScope, type AgentEnv } from '../env.js';
import type { Candidate } from './candidates.js';
import { servedRegions } from '../footprint.js';

export interface DemandGroup {
  siteIndex: number;
  regions: number[];
  regionNames: string[];
  forecaster: HoltForecaster;
  overloadSinceS: number | null;
  /** latest figures of the group, for routing shares */
  demandPerS: number;
  capacityRps: number;
  /** the variables of the last tick, for decisions taken between ticks */
  scope: GroupScope | null;
  /** the lanes its routing shares currently point at */
  routedLanes: Set<number>;
  /** the last ranking of candidates (see PrimaryRole) */
  ranking: { term: Term; atS: number; list: Candidate[] } | null;
}

/** the primary's own sensors for one group, as policies/decisions.ts declares them */
export type GroupScope = VariablesOf<typeof ownSensors>;

/**
 * The variables of the primary's decisions for one group: its own sensors, narrowed to the group's
 * site and users, with the demand forecast and what its routed arrangements give (`peered`).
 */
export function groupScope(env: AgentEnv, group: DemandGroup, sample: CdnSample, peered: { capacity: number; count: number }): GroupScope {
  const site = sample.sites.find((s) => s.siteIndex === group.siteIndex);
  let demand = 0;
  for (const r of group.regions) demand += sample.demandPerS[r] + sample.inboundPerS[r];
  // the very first reading (at the start of the run) covers no time: it says nothing of demand
  if (sample.dtS > 1e-6) group.forecaster.observe(demand, sample.tS);
  group.demandPerS = demand;
  group.capacityRps = site?.capacityRps ?? 0;
  const horizon = env.params.negotiationDeadlineS + env.params.monitorIntervalS;
  const own = ownScope(env, sample);
  // written out, not spread from `own`: built per group at every monitor pass (see ../arrangement-scope)
  const scope: GroupScope = {
    t: own.t,
    latencyP95: own.latencyP95,
    latencyMean: own.latencyMean,
    utilization: site?.utilization ?? 0,
    arrivalRate: demand,
    capacity: group.capacityRps,
    rejectedShare: site?.rejectedShare ?? 0,
    queueLength: site?.queueNow ?? 0,
    forecastRate: group.forecaster.forecast(horizon),
    trend: group.forecaster.trend,
    peeredCapacity: peered.capacity,
    activeArrangements: peered.count,
    revenuePerGB: env.world.economics.revenuePerGB,
  };
  group.scope = scope;
  return scope;
}

/** own sites with the regions of its own users (and, as a peer too, those it serves for others) that each is nearest to */
export function demandGroups(env: AgentEnv): DemandGroup[] {
  const port = env.port;
  const bySite = new Map<number, string[]>();
  const served = env.policy.roles.includes('peer') ? servedRegions(env) : [];
  const regions = port.regions.filter((r) => port.userRegions.includes(r) || served.includes(r));
  for (const region of regions) {
    const site = port.servingSite(region);
    if (site < 0) continue;
    bySite.set(site, [...(bySite.get(site) ?? []), region]);
  }
  return [...bySite].map(([siteIndex, names]) => ({
    siteIndex,
    regions: names.map((r) => port.regions.indexOf(r)),
    regionNames: names,
    forecaster: new HoltForecaster(),
    overloadSinceS: null,
    demandPerS: 0,
    capacityRps: port.siteCapacity(siteIndex),
    scope: null,
    routedLanes: new Set<number>(),
    ranking: null,
  }));
}
