// The plain-data result of one simulation run: what the composition root hands to the report
// writers. No live objects, no wall-clock figures (those go to run-info.json).
// reports/ owns these row types: the collector in scenarios/ maps a run into them, so nothing here
// imports agents/ or scenarios/.
import type { ArrangementContentRow, ContentResult } from './content-rows.js';
import type { TimelineRow } from '../cdn/measure/sensors.js';
import type { CdniResult, ReconciliationRow } from './cdni-rows.js';
import type { SurgePeriod } from '../cdn/measure/surges.js';

export type { TimelineRow, SurgePeriod };

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface CdnWindowRow {
  tS: number;
  windowS: number;
  cdn: string;
  arrivalsPerS: number;
  servedPerS: number;
  servedForOthersPerS: number;
  rejectedPerS: number;
  utilization: number;
  meanQueue: number;
  /** mean wait for a server of the requests its sites served in the window (0 for none) */
  meanWaitMs: number;
  latencyP95Ms: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** latency of its own users' requests that finished in the window, served by its sites or by peers (0 for none) */
  ownLatencyP50Ms: number;
  ownLatencyP95Ms: number;
  /** the window lies inside the warm-up (see TimelineRow.warmup) */
  warmup: boolean;
  /** counts of the window: reached its sites, served by them, for other primaries, rejected, failed there */
  arrived: number;
  served: number;
  servedForOthers: number;
  rejected: number;
  failed: number;
  /** its own users' requests in the window, by outcome */
  own: { arrived: number; servedLocal: number; servedByPeers: number; rejected: number; failed: number };
}

/** one site, fixed for the run */
export interface SiteResult {
  cdn: string;
  site: string;
  region: string;
  servers: number;
  /** requests/s it can serve (servers ÷ mean service time of a mean-sized object) */
  capacityRps: number;
  queueing: SiteQueueing;
}

/**
 * A site's queue over the measured time [warm-up, end] (τ = durationS − warmupS), to check Little's
 * law L = λW. The time averages integrate the number in the site over [warm-up, end]; the request
 * figures are of the requests that count (arrived at or after the warm-up) and were served by the
 * end. So L − littleL = (B_warm + B_end − F) ÷ τ exactly, with B_warm the time after the warm-up
 * spent in the site by requests that arrived in it, B_end the time up to the end spent by those
 * still in the site at the end, and F the time spent by counted requests that failed (site down).
 * Both B terms are ≥ 0, each at most (requests in the site at that boundary) × (their longest stay),
 * so the gap shrinks like 1/τ.
 */
export interface SiteQueueing {
  /** time-average number in the site (in service + waiting), over [warm-up, end] */
  meanInSystem: number;
  /** time-average number waiting, over [warm-up, end] */
  meanInQueue: number;
  /** λ: counted requests served ÷ τ */
  throughputPerS: number;
  /** W: mean time in the site (departure − arrival, no network time) of the counted requests served; 0 for none */
  meanSojournS: number;
  /** Wq: their mean wait for a server */
  meanWaitS: number;
  /** λ × W (= the sum of their times in the site ÷ τ), to compare with meanInSystem */
  littleL: number;
}

/** one site's figures in one window: counts of requests in the window, shares and levels */
export interface SiteWindowRow {
  tS: number;
  windowS: number;
  cdn: string;
  site: string;
  region: string;
  /** whether it was up when the window closed (a fault at the boundary has already fired) */
  upAtEnd: boolean;
  /** the window lies inside the warm-up (see TimelineRow.warmup) */
  warmup: boolean;
  /** requests of the CDN's own users whose nearest up site this was, wherever they then went */
  offeredDemand: number;
  arrived: number;
  served: number;
  rejected: number;
  failed: number;
  utilization: number;
  /** time-average number waiting, and in the site (in service + waiting), over the window */
  meanQueue: number;
  meanInSystem: number;
  /** mean wait for a server and mean time in the site (departure − arrival, no network time) of the requests served in the window (0 for none) */
  meanWaitMs: number;
  meanSojournMs: number;
  queueAtEnd: number;
}

export interface CdnResult {
  id: string;
  role: 'primary' | 'peer';
  servers: number;
  /** requests/s its sites can serve (servers ÷ mean service time of a mean-sized object) */
  capacityRps: number;
  /** requests that reached this CDN's sites, served by them, on behalf of others, rejected, failed there */
  arrived: number;
  served: number;
  servedForOthers: number;
  rejected: number;
  failed: number;
  /** this CDN's own users' requests, wherever they went, and the latency of those served (by it or by peers) */
  own: { arrived: number; servedLocal: number; servedByPeers: number; rejected: number; failed: number; latencyMs: LatencySummary };
  /** mean: busy server time ÷ (servers × time) over [warm-up, end]; max: of the windows not inside the warm-up */
  utilization: { mean: number; max: number };
  latencyMs: LatencySummary;
  /** wait for a server of the requests its sites served (the mean exact, percentiles from its histogram) */
  waitMs: LatencySummary;
  bytesServed: number;
  ownBytesServed: number;
  /** bytes of its own users' traffic over the whole run, warm-up included (its content revenue is reckoned on it) */
  runOwnBytesServed: number;
  cache: { hits: number; misses: number };
}

/** what the reports say of the scenario itself */
export interface ReportScenario {
  name: string;
  description: string;
  windowS: number;
  regions: readonly string[];
  cdns: readonly { id: string; role: 'primary' | 'peer'; economics: { revenuePerGB: number; costPerServerHour: number } }[];
  /** contracts signed before the run (only their number is reported here) */
  contracts: readonly unknown[];
  /** each workload's flash crowds, from their start to the end of their ramp-down, cut to the run */
  surges: readonly SurgePeriod[];
}

/** one arrangement as the primary held it, with the peer's side joined in */
export interface ArrangementRow {
  id: string;
  primary: string;
  peer: string;
  term: 'short' | 'long';
  origin: 'negotiated' | 'contract';
  state: 'provisioning' | 'active' | 'disbanded' | 'expired' | 'terminated' | 'failed';
  endReason: string | null;
  detectedAtS: number;
  requestedAtS: number;
  agreedAtS: number;
  activeAtS: number | null;
  firstRedirectAtS: number | null;
  endedAtS: number | null;
  regions: string[];
  capacityRps: number;
  peakCapacityRps: number;
  finalCapacityRps: number;
  changes: { tS: number; capacityRps: number; endS: number }[];
  pricePerGB: number;
  reservationPerRpsHour: number;
  p95TargetMs: number;
  replication: 'push' | 'pull';
  servedRequests: number;
  bytes: number;
  slaViolations: number;
  fees: number;
  penalties: number;
  predictor: string;
  predictedLatencyMs: number | null;
  deliveredLatencyMs: number | null;
  reportedDeliveries: number;
  reportedBytes: number;
  peerSide: {
    state: 'pending' | 'active' | 'ending' | 'ended';
    committedAtS: number;
    activeAtS: number | null;
    endedAtS: number | null;
    endReason: string | null;
    capacityRps: number;
    servedRequests: number;
    bytes: number;
  } | null;
  resizes: number;
  extensions: number;
  /** what failover did on its lane; absent when nothing happened (no detection, failure or bounce) */
  failover?: FailoverRow;
  /** the primary's reconciliation of the peer's CDNI logs (absent when the run reconciles none) */
  cdni?: ReconciliationRow;
  /** replication and consistency (absent in rows built by hand) */
  content?: ArrangementContentRow;
}

/** failover on one arrangement's lane: the health checks' detections, and where its requests went */
export interface FailoverRow {
  /** each time the primary's health checks took the peer for down in a region, and saw it up again */
  detections: { region: string; failureAtS: number | null; detectedAtS: number; detectionS: number | null; recoveredAtS: number | null }[];
  /** requests sent to the peer while its site was down and still believed up: they failed */
  failedBeforeDetection: number;
  /** the time their users lost (s): a connect timeout each */
  lostS: number;
  /** requests the peer sent back to the primary, by cause */
  bounced: { siteFull: number; acquisition: number };
  /** requests meant for the lane (its peer believed down, or it bounced them) sent to another peer, or to the primary's own site */
  failedOverToPeer: number;
  sentHome: number;
}

export interface NegotiationRow {
  id: string;
  primary: string;
  peer: string;
  term: 'short' | 'long';
  startedAtS: number;
  endedAtS: number | null;
  outcome: 'agreed' | 'rejected' | 'failed' | 'open';
  cause: string | null;
  rounds: number;
  capacityAskedRps: number;
  agreedPricePerGB: number | null;
}

export interface MoneyRow {
  feesPaid: number;
  feesEarned: number;
  penaltiesPaid: number;
  penaltiesReceived: number;
}

/** one region in one window: the offered load (expected arrivals ÷ window), what arrived, what of its users' requests was served, its distinct clients */
export interface RegionWindowRow {
  tS: number;
  windowS: number;
  region: string;
  offeredPerS: number;
  arrivedPerS: number;
  servedPerS: number;
  distinctClients: number;
}

/** one workload over the run: its expected (the rate's integral) and generated arrivals, and its trace file if it replays one */
export interface WorkloadResult {
  region: string;
  cdn: string;
  process: string;
  expected: number;
  arrived: number;
  trace: { file: string; sha256: string; lines: number; malformed: number; malformedLines: number[] } | null;
  /** per window, for a count series: the trace's own counts (scaled) beside the simulated arrivals */
  windows: { tS: number; expected: number; arrived: number }[] | null;
}

/**
 * The per-request log (scenario `measure.requestLog`), as columns: row r is the (r + 1)-th request to
 * arrive. Times in simulated seconds; NaN where a time does not exist (never started, still in flight).
 */
export interface RequestLogColumns {
  arrivalS: Float64Array;
  startS: Float64Array;
  departureS: Float64Array;
  /** the primary, an index into `cdnIds` */
  primary: Int32Array;
  /** the site it went to, an index into `sites` (-1: none) */
  site: Int32Array;
  /** an index into `outcomeNames` */
  outcome: Uint8Array;
  cdnIds: readonly string[];
  sites: readonly { id: string; cdn: string }[];
  outcomeNames: readonly string[];
}

/**
 * Control messages that cascade, summed over the agents (present only when one was relayed or a loop
 * avoided): advertisements relayed by transit CDNs (FCI), CI/T invalidations originated and relayed
 * down cascades (RFC 8007 §4.6), and metadata passed on to the CDNs a transit redirects to.
 * `loopsAvoided`: messages not sent to a CDN already on their cdn-path plus those received with the
 * receiver on it (dropped, or rejected with `ereject`).
 */
export interface ControlCascadeRow {
  advertisements: { relayed: number; alreadyRelayed: number; loopsAvoided: number };
  invalidations: { originated: number; relayed: number; loopsAvoided: number; rejected: number; downstreamFailed: number };
  /** upstream metadata entries a transit passed on, metadata sent again when its upstream changed, entries held back from a CDN on their path (at each decision) or ignored by one on it */
  metadata: { relayed: number; updates: number; updatesFailed: number; loopsAvoided: number };
}

export interface RunResult {
  scenario: ReportScenario;
  hash: string;
  seed: number;
  version: string;
  /** the `--set PATH=VALUE` overrides the scenario was run with, in order */
  overrides: string[];
  durationS: number;
  /**
   * The warm-up (0: none). A request counts in the run's figures (requests, latencyMs, waitMs, every
   * CDN's counts, latency and cache lookups, surges) only if it arrived at or after it; utilization
   * means are over [warmupS, end]. Timelines keep every window whole and mark those inside it.
   */
  warmupS: number;
  events: number;
  /** the offered load per region and window, and each workload's expected vs generated arrivals */
  load: { regions: RegionWindowRow[]; workloads: WorkloadResult[] };
  requests: {
    arrived: number;
    served: number;
    servedLocal: number;
    servedByPeers: number;
    rejected: number;
    failed: number;
    inFlightAtEnd: number;
    waited: number;
    /** of the arrived: those for one of the top-k objects (index < k), and for an object in some event's hot set */
    topK: { k: number; requests: number };
    hotSet: number;
  };
  /** what the scenario asked to measure (DataPlaneSpec.measure, with its defaults) */
  measure: { topK: number; requestLog: boolean };
  /** one row per request when `measure.requestLog` is on; null otherwise */
  requestLog: RequestLogColumns | null;
  latencyMs: LatencySummary;
  waitMs: LatencySummary;
  /** where latency goes (mean ms per served request that counts: network, redirection, queueing, service, acquisition), own and redirected */
  latencyBreakdown: { own: LatencyParts; redirected: LatencyParts; all: LatencyParts };
  /** requests passed on from peer to peer: served by hops taken (index 0: by their primary), lanes passed over to avoid a loop, forwards the hop limit stopped */
  cascades: { servedByHops: number[]; loopsAvoided: number; hopLimited: number; control?: ControlCascadeRow };
  /** latency of the requests that arrived during a surge period and of those that arrived outside every one (null: none served) */
  surges: { latencyMs: { during: LatencySummary | null; outside: LatencySummary | null }; served: { during: number; outside: number } };
  cdns: CdnResult[];
  timeline: TimelineRow[];
  cdnTimeline: CdnWindowRow[];
  /** every site, in the data plane's order (by CDN, then as listed) */
  sites: SiteResult[];
  /** one row per window × site, windows in order, sites in the order of `sites` */
  siteTimeline: SiteWindowRow[];
  /**
   * every CDN's policy by CDN id: the name of the policy its agent ran, or with peering disabled the
   * scenario's choice (a name or a file path) or the default (`isolated` / `peer-default`)
   */
  policies: Record<string, string>;
  /** CDNI metadata enforcement and log reconciliation; absent when the scenario uses none of it */
  cdni?: CdniResult;
  /** the control plane's record (empty with peering disabled) */
  control: {
    enabled: boolean;
    arrangements: ArrangementRow[];
    negotiations: NegotiationRow[];
    money: Record<string, MoneyRow>;
    messages: { sent: number; delivered: number; lost: number; dropped: number };
    policies: Record<string, string>;
    /**
     * the primaries whose policy can never seek a peer (its `primary.seek` is the constant false,
     * as in `isolated`), in CDN order; with every primary here, peering is effectively off
     */
    neverSeek: string[];
  };
  /** replication and consistency totals: absent when the run had no arrangement and no content change */
  content?: ContentResult;
}

/** mean ms per part of the served requests of one kind, and how many there were */
export interface LatencyParts {
  requests: number;
  networkMs: number;
  redirectionMs: number;
  queueingMs: number;
  serviceMs: number;
  acquisitionMs: number;
}
