// What the data plane is built from: its own spec types (sites, CDNs, catalog, network, workload,
// routing shares, faults), which the scenario loader builds from a scenario file. Plain data; all
// times in simulated seconds unless the name says Ms, sizes in bytes, bandwidths in bytes per
// second. Must not depend on anything outside core/.

/** How long one request occupies a server (before any cache acquisition). */
export type ServiceTimeModel =
  | { kind: 'exponential'; meanMs: number }
  | { kind: 'deterministic'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; medianMs: number; sigma: number }
  | { kind: 'pareto'; alpha: number; minMs: number; maxMs: number }
  /** object size ÷ per-server bandwidth + a fixed overhead */
  | { kind: 'bySize'; bytesPerS: number; overheadMs: number };

/** Distribution of object sizes in the catalog (bytes). */
export type SizeModel =
  | { kind: 'fixed'; bytes: number }
  | { kind: 'lognormal'; medianBytes: number; sigma: number }
  | { kind: 'pareto'; alpha: number; minBytes: number; maxBytes: number };

export interface CacheSpec {
  capacityBytes: number;
}

export interface SiteSpec {
  /** unique within its CDN; defaults to the region name, then `<region>-2`, `<region>-3` … */
  id: string;
  region: string;
  servers: number;
  serviceTime: ServiceTimeModel;
  /** requests that may wait beyond those in service; null = unlimited */
  queueLimit: number | null;
  cache: CacheSpec | null;
}

export interface EconomicsSpec {
  /** what the CDN's content providers pay it per GB delivered of their traffic */
  revenuePerGB: number;
  /** what one server costs per hour, busy or idle */
  costPerServerHour: number;
}

export interface CdnSpec {
  id: string;
  role: 'primary' | 'peer';
  /** a ready policy name or a file path; interpreted by the policies layer */
  policy: string | null;
  sites: SiteSpec[];
  economics: EconomicsSpec;
}

export interface FlashCrowdEvent {
  type: 'flash-crowd';
  startS: number;
  rampUpS: number;
  sustainS: number;
  rampDownS: number;
  /** peak rate as a multiple of the base rate (10x ⇒ 10) */
  peak: number;
  /** the surge's extra requests go to this many hot objects (0 = same popularity as the base) */
  hotObjects: number;
}

export interface WorkloadSpec {
  region: string;
  /** the CDN the content provider contracted: the primary for this traffic */
  cdn: string;
  base: { process: 'poisson'; ratePerS: number };
  events: FlashCrowdEvent[];
}

export interface SiteDownFault {
  type: 'site-down';
  atS: number;
  cdn: string;
  region: string;
  /** null: down until the end of the run */
  forS: number | null;
}
/** all sites of a CDN and its agent go down (a peer crash) */
export interface CdnDownFault {
  type: 'cdn-down';
  atS: number;
  cdn: string;
  forS: number | null;
}

/** a CDN's agent stops (its data plane keeps serving) */
export interface AgentCrashFault {
  type: 'agent-crash';
  atS: number;
  cdn: string;
  forS: number | null;
}

/** no control messages pass between two CDNs */
export interface PartitionFault {
  type: 'partition';
  atS: number;
  a: string;
  b: string;
  forS: number | null;
}

export type FaultSpec = SiteDownFault | CdnDownFault | AgentCrashFault | PartitionFault;

export interface RoutingShareSpec {
  /** the primary whose traffic is shared */
  cdn: string;
  /** the CDN that receives the share */
  to: string;
  /** null: all regions */
  region: string | null;
  share: number;
}

/** the top-k objects counted per window when a scenario does not say (at most the catalog's size) */
export const DEFAULT_TOP_K = 10;

/** measurements a scenario asks for beyond the defaults */
export interface MeasureSpec {
  /** count the requests for objects 0 … topK − 1 (the most popular) per window; 1 ≤ topK ≤ catalog objects */
  topK: number;
  /** record one row per request (requests.csv); for small runs only (scenarios/budget.ts) */
  requestLog: boolean;
}

/** everything the data plane needs of a run */
export interface DataPlaneSpec {
  durationS: number;
  /**
   * The warm-up (s, 0 ≤ warmupS < durationS): a request counts in the run's statistics only if it
   * arrives at or after it. Absent when there is none, so a scenario without a warm-up keeps the
   * content hash it had before the field existed.
   */
  warmupS?: number;
  /** length of one sensor / timeline window */
  windowS: number;
  regions: string[];
  network: {
    rttMs: { default: number; sameRegion: number; pairs: { a: string; b: string; ms: number }[] };
    redirection: { mode: 'iterative' | 'recursive'; recursiveLookupMs: number };
  };
  origin: { region: string; bytesPerS: number };
  catalog: { objects: number; zipf: number; size: SizeModel };
  cdns: CdnSpec[];
  workload: WorkloadSpec[];
  routing: RoutingShareSpec[];
  faults: FaultSpec[];
  /**
   * Absent when every field is its default (topK = min(DEFAULT_TOP_K, catalog objects), no request
   * log), so a scenario that does not ask keeps the content hash it had before the field existed.
   */
  measure?: MeasureSpec;
}
