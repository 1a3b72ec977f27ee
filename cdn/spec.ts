// What the data plane is built from: its own spec types (sites, CDNs, catalog, network, workload,
// routing shares, faults), which the scenario loader builds from a scenario file. Plain data; all
// times in simulated seconds unless the name says Ms, sizes in bytes, bandwidths in bytes per
// second. Must not depend on anything outside core/.
import type { ContentMetadataSpec, MetadataMode, MisbehaviourSpec, TokenMixSpec } from './metadata/metadata-spec.js';
export type * from './metadata/metadata-spec.js';

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
  /** as primary: the metadata of its content, sent to its peers (absent: none) */
  metadata?: ContentMetadataSpec;
  /** as peer: whether it takes metadata at provisioning or at the first request (absent: batch) */
  metadataMode?: MetadataMode;
  /** as peer: how it breaks the rules (absent: it keeps them) */
  misbehaviour?: MisbehaviourSpec;
  /** as peer: the redirection modes it supports (FCI.RedirectionMode; absent: the network's mode, over HTTP and DNS) */
  redirectionModes?: RedirectionModeName[];
}

/** FCI.RedirectionMode values (RFC 8008) */
export type RedirectionModeName = 'HTTP-I' | 'HTTP-R' | 'DNS-I' | 'DNS-R';

/** How a crowd's rate climbs and falls: linearly, or exponentially (equal ratios in equal times). */
export type RampShape = 'linear' | 'exponential';

/**
 * The objects a crowd or spike concentrates on, with its own popularity law. `new`: objects that did
 * not exist before (appended after the catalog's); `ranks`: the catalog's ranks fromRank … fromRank +
 * objects − 1; `random`: that many catalog objects drawn uniformly (distinct).
 */
export interface HotSetSpec {
  kind: 'new' | 'ranks' | 'random';
  objects: number;
  /** `ranks`: the first rank (1 = the most popular); 1 otherwise */
  fromRank: number;
  /** Zipf exponent within the hot set (0 = uniform) */
  zipf: number;
  /**
   * share of the workload's requests that go to the hot set at the event's peak, rising and falling
   * with the event; null: the event's extra requests go there (at a crowd's peak (S − 1)/S)
   */
  share: number | null;
}

/**
 * A flash crowd in the three phases of Ari et al. (MASCOTS 2003): ramp-up, sustained peak,
 * ramp-down; the rate rises from the base to `peak` × base (the shock level S) and falls back.
 */
export interface FlashCrowdEvent {
  type: 'flash-crowd';
  startS: number;
  rampUpS: number;
  sustainS: number;
  rampDownS: number;
  /** peak rate as a multiple of the base rate (the shock level S: 10x ⇒ 10) */
  peak: number;
  ramp: RampShape;
  hotSet: HotSetSpec | null;
}

/** the base rate times `factor` from startS (until endS; null: to the end of the run) */
export interface StepEvent {
  type: 'step';
  startS: number;
  endS: number | null;
  factor: number;
}

/** `requests` extra requests, spread evenly over [startS, startS + forS) */
export interface SpikeEvent {
  type: 'spike';
  startS: number;
  forS: number;
  requests: number;
  hotSet: HotSetSpec | null;
}

export type WorkloadEvent = FlashCrowdEvent | StepEvent | SpikeEvent;

/**
 * A daily cycle in the region's local time (t + localStartS is the local time of day at run time t), as a factor of the base rate with
 * mean 1 over a day: a sinusoid 1 + amplitude · cos(2π (h − peakHour) / 24), or 24 hourly factors
 * (normalized to mean 1, constant within each local hour).
 */
export type DailyProfile =
  | { kind: 'sinusoid'; amplitude: number; peakHour: number; localStartS: number }
  | { kind: 'hourly'; factors: number[]; localStartS: number };

/** one state of a Markov-modulated Poisson process: its rate, and the mean (exponential) time it lasts */
export interface MmppState {
  ratePerS: number;
  meanHoldingS: number;
}

/**
 * A trace file: `path` is where it is read from (absolute); its content is identified by `sha256`
 * (what the scenario's hash covers, never the path).
 */
export interface TraceFileRef {
  path: string;
  sha256: string;
  /** malformed lines allowed before the file is refused (what the scenario said) */
  maxMalformed: number;
  /** lines read (the header included) */
  lines: number;
  /** malformed lines skipped (counted and reported, never dropped in silence), with the first ones' numbers */
  malformed: number;
  malformedLines: number[];
}

/** client address prefix (CIDR, IPv4 or IPv6) ⇒ region, longest prefix first */
export interface PrefixRegionSpec {
  prefix: string;
  region: string;
}

/**
 * What generates a workload's arrivals.
 * - `poisson`: a Poisson process at ratePerS, shaped by the daily profile and the events;
 * - `mmpp`: a Markov-modulated Poisson process (ratePerS: its stationary mean, what events multiply);
 * - `series`: a per-interval count series (`period,count`) replayed as a piecewise-constant Poisson
 *   rate: the rows from `fromS` to `toS` of the series' own time (seconds since its first period),
 *   time compressed by `speedup` (rates × speedup), counts × `scale`; ratePerS: the slice's mean rate;
 * - `log`: an access log (CLF, Combined or CSV) replayed request by request (times ÷ speedup from
 *   its first request), client addresses mapped to regions by `prefixes` (unmatched: the workload's region);
 * - `replay`: exact arrivals (seconds from the start), each with its service time if the file has one.
 */
export type BaseProcess =
  | { process: 'poisson'; ratePerS: number }
  | { process: 'mmpp'; ratePerS: number; states: MmppState[]; initial: number }
  | { process: 'series'; ratePerS: number; trace: TraceFileRef; periodS: number; fromS: number; toS: number | null; speedup: number; scale: number }
  | {
      process: 'log';
      ratePerS: number;
      trace: TraceFileRef;
      format: 'clf' | 'combined' | 'csv';
      speedup: number;
      prefixes: PrefixRegionSpec[];
    }
  | { process: 'replay'; ratePerS: number; trace: TraceFileRef };

/** The users behind a workload: each client asks at about `ratePerClientPerS`, so a crowd is mostly more clients (Jung et al., WWW 2002). */
export interface ClientsSpec {
  ratePerClientPerS: number;
}

export interface WorkloadSpec {
  region: string;
  /** the CDN the content provider contracted: the primary for this traffic */
  cdn: string;
  base: BaseProcess;
  daily: DailyProfile | null;
  events: WorkloadEvent[];
  clients: ClientsSpec | null;
  /** shares of its requests with a missing, expired or forged URI-signing token (absent: all valid, nothing drawn) */
  tokens?: TokenMixSpec;
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

export type { RedirectionRule } from './routing/redirection-rule.js';
export { SLA_GAIN, SLA_INTERVAL_S } from './routing/redirection-rule.js';
import type { ContentSpec } from './content/content-spec.js';
import type { RedirectionRule } from './routing/redirection-rule.js';

export interface RoutingShareSpec {
  /** the primary whose traffic is shared */
  cdn: string;
  /** the CDN that receives the share */
  to: string;
  /** null: all regions */
  region: string | null;
  /** share rule: the share redirected; sla: the share it starts from; conditional rules: the probability of redirecting when triggered */
  share: number;
  /** the redirection rule (absent: share, and the content hash stays what it was before rules existed) */
  rule?: RedirectionRule;
  /** load-proximity: requests in flight over the lane that count as full load (absent: the peer's nearest site's servers) */
  slots?: number;
  /** iterative or recursive redirection over this entry's lane (absent: network.redirection.mode) */
  mode?: 'iterative' | 'recursive';
}

/** the top-k objects counted per window when a scenario does not say (at most the catalog's size) */
export const DEFAULT_TOP_K = 10;

/** measurements a scenario asks for beyond the defaults */
export interface MeasureSpec {
  /** count the requests for objects 0 … topK − 1 (the most popular) per window; 1 ≤ topK ≤ catalog objects */
  topK: number;
  /** record one row per request (requests.csv); for small runs only (scenarios/budget.ts) */
  requestLog: boolean;
  /** write the peers' CDNI log files (logs/<peer>.log); absent: no */
  cdniLogs?: boolean;
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
    redirection: {
      /** a lane's default: the user asks the peer's router itself, or the primary asks it (RI) */
      mode: 'iterative' | 'recursive';
      /** processing time of an RI lookup at the peer's router (ms) */
      recursiveLookupMs: number;
      /** HTTP (a decision per request; absent) or DNS (per resolver, cached for dns.ttlS) request routing */
      via?: 'http' | 'dns';
      dns?: { ttlS: number; resolvers: number };
      /** recursive modes: how long the primary reuses an RI answer per lane and region (s; absent: never) */
      answerTtlS?: number;
      /** RI max-hops: a CDN passes a request on only while its path has fewer hops (absent: up to routing/cascade MAX_HOPS) */
      maxHops?: number;
    };
    /**
     * How primaries probe their peers (routing/health-checks): every intervalS, down after `misses`
     * consecutive misses. Absent when the scenario does not say (arrangements then use the protocol's
     * defaults, static routing shares no health checks), so the content hash stays what it was.
     */
    healthChecks?: { intervalS: number; misses: number };
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
  /** replication and consistency (./content/content-spec.ts); absent when the scenario has no `content` block */
  content?: ContentSpec;
}
