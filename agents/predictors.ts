// Performance prediction for peer selection, pluggable and comparable: (a) from the advertisement
// alone, (b) a queueing-model (M/M/c) estimate for the load asked, (c) observed history (EWMA of
// delivered latency), falling back to (b) without history. Must not depend on cdn/ or policies/.
import { mmc } from '../core/queueing-theory.js';
import type { ServiceProfile } from './cdni/vocabulary.js';

export const PREDICTORS = ['advertisement', 'queueing', 'history'] as const;
export type PredictorName = (typeof PREDICTORS)[number];

export interface PeerHistory {
  /** EWMA of the mean latency users saw from this peer, per window (null: never used) */
  latencyMs: number | null;
  /** EWMA of the share of windows the peer met its SLA */
  compliance: number;
  windows: number;
}

export const EWMA_WEIGHT = 0.3;

export function emptyHistory(): PeerHistory {
  return { latencyMs: null, compliance: 1, windows: 0 };
}

/** fold one window's observation into a peer's history */
export function observe(history: PeerHistory, latencyMs: number, met: boolean): void {
  history.latencyMs = history.latencyMs === null ? latencyMs : EWMA_WEIGHT * latencyMs + (1 - EWMA_WEIGHT) * history.latencyMs;
  history.compliance = EWMA_WEIGHT * (met ? 1 : 0) + (1 - EWMA_WEIGHT) * history.compliance;
  history.windows++;
}

/** the utilization at which a peer is assumed to offer its advertised capacity (its servers run at most this busy for it) */
export const NOMINAL_UTILIZATION = 0.8;

/**
 * M/M/c response time (ms) of the load asked, on the servers the advertised capacity implies
 * (capacity ÷ (nominal utilization × per-server rate)); 10× the service time if they cannot keep up.
 */
export function queueingLatencyMs(profile: ServiceProfile, loadRps: number): number {
  const mu = 1000 / profile.serviceTimeMs;
  const servers = Math.max(1, Math.round(profile.capacityRps / (NOMINAL_UTILIZATION * mu)));
  const lambda = Math.max(1e-9, Math.min(loadRps, profile.capacityRps));
  if (lambda >= servers * mu) return 10 * profile.serviceTimeMs;
  return mmc(lambda, mu, servers).w * 1000;
}

/** the latency (ms) users would see from this peer: round trip to its nearest site plus the predicted response time */
export function predictLatencyMs(name: PredictorName, profile: ServiceProfile, loadRps: number, rttMs: number, history: PeerHistory): number {
  switch (name) {
    case 'advertisement':
      return rttMs + profile.serviceTimeMs;
    case 'queueing':
      return rttMs + queueingLatencyMs(profile, loadRps);
    case 'history':
      return history.latencyMs ?? rttMs + queueingLatencyMs(profile, loadRps);
  }
}
