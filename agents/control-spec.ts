// What the control plane of a run is built from: plain data the composition root (scenarios/)
// derives from the scenario — the CDNs and what each agent may know of the world, the contracts
// signed before the run, the faults that hit agents and the control network. Defined here so the
// control plane depends on no scenario types. Must not depend on cdn/ internals or scenarios/.

export interface ControlCdnSpec {
  id: string;
  /** region of its first site: where its control plane sits */
  homeRegion: string;
  economics: { revenuePerGB: number; costPerServerHour: number };
  /** regions its own users come from (a contract without regions covers these) */
  userRegions: string[];
}

/** a long-term arrangement signed before the run */
export interface ControlContractSpec {
  primary: string;
  peer: string;
  /** regions of the primary's users it covers; null: all the primary's workload regions */
  regions: string[] | null;
  capacityRps: number;
  pricePerGB: number;
  reservationPerRpsHour: number;
  startS: number;
  durationS: number;
  p95LatencyMs: number;
  maxRejectedShare: number;
  penaltyPerViolation: number;
  noticeS: number;
}

/** a fault of the control plane: an agent that stops (alone, or with its CDN's sites), or a cut link */
export type ControlFaultSpec =
  | { type: 'agent-crash' | 'cdn-down'; atS: number; cdn: string; forS: number | null }
  | { type: 'partition'; atS: number; a: string; b: string; forS: number | null }
  | { type: 'site-down'; atS: number; cdn: string; region: string; forS: number | null };

export interface ControlPlaneSpec {
  cdns: ControlCdnSpec[];
  durationS: number;
  windowS: number;
  originRegion: string;
  redirectionMode: 'iterative' | 'recursive';
  /** the agents' message network; `relayAdvertisements`: transit CDNs relay the advertisements they hear (cascaded FCI) */
  network: { lossRate: number; jitterMs: number; relayAdvertisements?: boolean };
  contracts: ControlContractSpec[];
  faults: ControlFaultSpec[];
}
