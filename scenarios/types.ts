// The resolved scenario: what the loader hands to the composition root after validation, defaults
// and unit parsing — the data plane's spec (cdn/spec.ts) plus what only a run as a whole has: its
// name, seed, peering settings and contracts. Plain data. Must not depend on agents/ or reports/.
import type { DataPlaneSpec } from '../cdn/spec.js';

export type {
  ServiceTimeModel,
  SizeModel,
  CacheSpec,
  SiteSpec,
  EconomicsSpec,
  CdnSpec,
  FlashCrowdEvent,
  WorkloadSpec,
  SiteDownFault,
  CdnDownFault,
  AgentCrashFault,
  PartitionFault,
  FaultSpec,
  RoutingShareSpec,
  DataPlaneSpec,
} from '../cdn/spec.js';

/** a long-term arrangement that exists before the run (a contract signed ahead) */
export interface ContractSpec {
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

export interface Scenario extends DataPlaneSpec {
  name: string;
  description: string;
  seed: number;
  peering: {
    enabled: boolean;
    /** the control-plane network between agents: message loss and extra random delay */
    control: { lossRate: number; jitterMs: number };
  };
  contracts: ContractSpec[];
}
