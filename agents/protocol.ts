// The control plane's protocol rules and constants, named in one place and shared by the primary
// and peer sides: how far a negotiation has gone, how long to wait before resending and how often,
// how often peers report deliveries and how long their leases run, what metadata says by default,
// and the thresholds of SLA judging. What a policy may tune is a policy parameter instead.
import type { AgentEnv } from './env.js';

/**
 * How far a negotiation has gone (0–1): the larger of the deadline's used share and the rounds'.
 * Control messages take milliseconds, so time alone would leave time-dependent tactics unmoved.
 */
export function bargainingProgress(elapsedS: number, deadlineS: number, round: number, maxRounds: number): number {
  return Math.min(1, Math.max(elapsedS / deadlineS, round / maxRounds));
}

/** wait before resending an unanswered message: a tenth of the negotiation deadline (at least 50 ms) */
export function retryMs(env: AgentEnv): number {
  return Math.max(50, (env.params.negotiationDeadlineS * 1000) / 10);
}

/** how often a peer reports its deliveries (s); three silent intervals mark it failed */
export function reportInterval(env: AgentEnv): number {
  return Math.min(env.world.windowS, 10);
}

/**
 * How a primary probes the peers it redirects to (the data plane's health checks), unless the
 * scenario says (network.healthChecks): every 5 s, down after 3 consecutive misses — a failure is
 * detected 15–20 s after it happens, before the silent-peer detection (SILENT_INTERVALS) would.
 */
export const HEALTH_CHECKS = { intervalS: 5, misses: 3 } as const;

/** after an arrangement ended with its peer taken for failed, the primary asks that peer for nothing this long (s) */
export const FAILED_PEER_COOLDOWN_S = 60;

/** silent report intervals after which a primary takes its peer for failed */
export const SILENT_INTERVALS = 3;

/**
 * How long a peer holds an arrangement's capacity without hearing from its primary (s): twice the
 * primary's failure detection, so a primary that is alive notices a silent peer first, and no lost
 * message, crash or partition keeps capacity committed for longer than this.
 */
export function leaseS(env: AgentEnv): number {
  return 2 * SILENT_INTERVALS * reportInterval(env);
}

/**
 * How long a primary waits for its push's CI/T preposition trigger to complete before it redirects
 * anyway (s): objects not in place by then are pulled on their first miss.
 */
export const PREPOSITION_DEADLINE_S = 60;

/** resends of an unacknowledged CI/T invalidate before it is given up (counted as failed) */
export const INVALIDATION_RETRIES = 10;

/** how often an end notice is resent before the other side's lease is left to settle it */
export const NOTICE_RETRIES = 5;

/** resends of an unanswered negotiation message or metadata push before giving up */
export const MAX_RETRIES = 3;

/** how long an ending arrangement drains (no new redirections, in-flight requests finish), ms */
export const DRAIN_MS = 2000;

/** a committed but never provisioned arrangement is dropped by the peer after this many retry waits */
export const PROVISIONING_RETRY_WAITS = 6;

/** the cache TTL the metadata of an arrangement asks for (MI.CachePolicy), s */
export const METADATA_CACHE_TTL_S = 3600;

/** relative change of capacity or price that is worth a new advertisement before the refresh is due */
export const ADVERT_CHANGE = 0.05;

/** relative fall of the capacity a peer offers that is advertised at once, not at the next interval */
export const ADVERT_SHRINK = 0.25;

/** advertisements are valid this many advertise intervals */
export const ADVERT_VALIDITY = 4;

/** monitor passes a ranking of candidates is reused for */
export const RANKING_TICKS = 3;

/** a peer offers or commits nothing smaller than this share of what was asked (nor below MIN_OFFER_RPS) */
export const MIN_OFFER_SHARE = 0.05;

/** the least capacity a peer offers or commits (requests/s); a primary calls no peer that advertises less */
export const MIN_OFFER_RPS = 1;

/** the least capacity a peer offers or commits for a call that asked `askedRps` */
export function smallestOffer(askedRps: number): number {
  return Math.max(MIN_OFFER_RPS, MIN_OFFER_SHARE * askedRps);
}

/** routing shares stop just short of 1, so the primary's own site always keeps a trickle of its users */
export const MAX_ROUTED_SHARE = 0.999999;
