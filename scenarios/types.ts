// The resolved scenario: what the loader hands to the composition root after validation, defaults
// and unit parsing — the data plane's spec (cdn/spec.ts) plus what only a run as a whole has: its
// name, seed, peering settings and contracts (the control plane's contract type). Plain data; types
// only, and the data plane's defaults a scenario file can leave out (DEFAULT_TOP_K, the SLA controller's step).
import type { DataPlaneSpec } from '../cdn/spec.js';
import type { ControlContractSpec as ContractSpec } from '../agents/control-spec.js';

export type {
  ServiceTimeModel,
  SizeModel,
  CacheSpec,
  SiteSpec,
  EconomicsSpec,
  CdnSpec,
  FlashCrowdEvent,
  StepEvent,
  SpikeEvent,
  WorkloadEvent,
  HotSetSpec,
  DailyProfile,
  MmppState,
  BaseProcess,
  TraceFileRef,
  WorkloadSpec,
  SiteDownFault,
  CdnDownFault,
  AgentCrashFault,
  PartitionFault,
  FaultSpec,
  RoutingShareSpec,
  RedirectionRule,
  DataPlaneSpec,
  MeasureSpec,
} from '../cdn/spec.js';
export { DEFAULT_TOP_K, SLA_GAIN, SLA_INTERVAL_S } from '../cdn/spec.js';
export type { ContentSpec, ContentChangeSpec } from '../cdn/content/content-spec.js';

/** a long-term arrangement that exists before the run (a contract signed ahead): the control plane's own type */
export type { ControlContractSpec as ContractSpec } from '../agents/control-spec.js';
export interface Scenario extends DataPlaneSpec {
  name: string;
  description: string;
  seed: number;
  /** the UTC time of day (s) at the start of the run (absent: midnight) */
  clockStartS?: number;
  /** each region's offset from UTC (s); absent regions: 0 */
  timezones?: Record<string, number>;
  peering: {
    enabled: boolean;
    /** the control-plane network between agents: message loss and extra random delay; whether transit CDNs relay advertisements (cascaded FCI; absent: no) */
    control: { lossRate: number; jitterMs: number; relayAdvertisements?: boolean };
  };
  contracts: ContractSpec[];
}
