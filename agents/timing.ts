// The control plane's timing rules, shared by the primary and peer sides: how far a negotiation has
// gone, how long to wait before resending, how often peers report deliveries.
import { numParam, type AgentEnv } from './env.js';

/**
 * How far a negotiation has gone (0–1): the larger of the deadline's used share and the rounds'.
 * Control messages take milliseconds, so time alone would leave time-dependent tactics unmoved.
 */
export function bargainingProgress(elapsedS: number, deadlineS: number, round: number, maxRounds: number): number {
  return Math.min(1, Math.max(elapsedS / deadlineS, round / maxRounds));
}

/** wait before resending an unanswered message: a tenth of the negotiation deadline (at least 50 ms) */
export function retryMs(env: AgentEnv): number {
  return Math.max(50, (numParam(env, 'negotiationDeadline') * 1000) / 10);
}

/** how often a peer reports its deliveries (s); three silent intervals mark it failed */
export function reportInterval(env: AgentEnv): number {
  return Math.min(env.world.windowS, 10);
}

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

/** how often an end notice is resent before the other side's lease is left to settle it */
export const NOTICE_RETRIES = 5;
