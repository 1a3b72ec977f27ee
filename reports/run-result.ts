// The plain-data result of one simulation run: what the composition root hands to the report
// writers. No live objects, no wall-clock figures (those go to run-info.json).
import type { Scenario } from '../scenarios/types.js';
import type { TimelineRow } from '../cdn/sensors.js';
import type { ArrangementRecord, CdnMoney, NegotiationRecord } from '../agents/ledger.js';

export type { TimelineRow };

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}


export interface CdnWindowRow {
  tS: number;
  cdn: string;
  arrivalsPerS: number;
  servedPerS: number;
  servedForOthersPerS: number;
  rejectedPerS: number;
  utilization: number;
  meanQueue: number;
  latencyP95Ms: number;
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
  /** this CDN's own users' requests, wherever they went */
  own: { arrived: number; servedLocal: number; servedByPeers: number; rejected: number; failed: number };
  utilization: { mean: number; max: number };
  latencyMs: LatencySummary;
  bytesServed: number;
  ownBytesServed: number;
  cache: { hits: number; misses: number };
}

export interface RunResult {
  scenario: Scenario;
  hash: string;
  seed: number;
  version: string;
  /** the `--set PATH=VALUE` overrides the scenario was run with, in order */
  overrides: string[];
  durationS: number;
  events: number;
  requests: {
    arrived: number;
    served: number;
    servedLocal: number;
    servedByPeers: number;
    rejected: number;
    failed: number;
    inFlightAtEnd: number;
    waited: number;
  };
  latencyMs: LatencySummary;
  waitMs: LatencySummary;
  cdns: CdnResult[];
  timeline: TimelineRow[];
  cdnTimeline: CdnWindowRow[];
  /** the control plane's record (empty with peering disabled) */
  control: {
    enabled: boolean;
    arrangements: ArrangementRecord[];
    negotiations: NegotiationRecord[];
    money: Record<string, CdnMoney>;
    messages: { sent: number; delivered: number; lost: number; dropped: number };
    policies: Record<string, string>;
  };
}
