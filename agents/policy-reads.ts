// Which of its sensors an agent's policy reads: a variable none of its decisions names need not be
// measured (the probe skips latency, a histogram scan, when no decision reads latencyP95 or
// latencyMean). Worked out once per agent from the resolved policy's decision text.
// Must not depend on cdn/ internals or scenarios.
import type { CompiledPolicy } from '../policies/policy.js';

/** the own-sensor variables that come from the latency histograms */
export const LATENCY_VARIABLES = ['latencyP95', 'latencyMean'] as const;

/**
 * Whether any decision of the policy (either role, defaults included) names one of `variables`.
 * Conservative: a name anywhere in a decision's text (even in a string) counts as read.
 */
export function policyReads(policy: CompiledPolicy, variables: readonly string[]): boolean {
  const text = JSON.stringify([policy.definition.primary ?? {}, policy.definition.peer ?? {}]);
  return variables.some((v) => new RegExp(`(^|[^A-Za-z0-9_])${v}([^A-Za-z0-9_]|$)`).test(text));
}
