// Redirection rules: when a primary sends one of its users' requests over an arrangement's lane,
// after Pathan & Buyya's peering papers. A rule belongs to a lane (one arrangement, or one static
// routing entry of the scenario):
//   share           a fixed probability (the control plane sets it per region);
//   overflow        when every server of the primary's serving site is busy (no queueing at home);
//   threshold       when the serving site holds K requests or more (in service + waiting);
//   load-proximity  when the serving site holds K or more, to the lane with the best mix of measured
//                   load (requests in flight over the lane ÷ its slots) and round trip to the peer;
//   sla             a share that a controller moves to the smallest offload keeping the primary's
//                   own mean or p95 latency at a target (./sla-controller).
// Plain data and the codes the hot path compares. Must not depend on agents, policies or reports.

export type RedirectionRule =
  | { kind: 'share' }
  | { kind: 'overflow' }
  | { kind: 'threshold'; inSystem: number }
  | {
      kind: 'load-proximity';
      /** redirect when the serving site holds this many (null: as many as it has servers) */
      inSystem: number | null;
      /** weight of load against proximity, in [0, 1] (1: load only; 0: nearest only) */
      loadWeight: number;
    }
  | {
      kind: 'sla';
      statistic: 'mean' | 'p95';
      /** the latency target of the primary's own deliveries (ms) */
      targetMs: number;
      /** seconds between controller steps */
      intervalS: number;
      /** how far one step moves the share per unit of relative error */
      gain: number;
    };

export type RuleKind = RedirectionRule['kind'];

export const RULE_SHARE = 0;
export const RULE_OVERFLOW = 1;
export const RULE_THRESHOLD = 2;
export const RULE_LOAD_PROXIMITY = 3;
export const RULE_SLA = 4;

const CODES: Record<RuleKind, number> = {
  share: RULE_SHARE,
  overflow: RULE_OVERFLOW,
  threshold: RULE_THRESHOLD,
  'load-proximity': RULE_LOAD_PROXIMITY,
  sla: RULE_SLA,
};

/** the code the router compares for a rule */
export function ruleCode(rule: RedirectionRule): number {
  return CODES[rule.kind];
}

/** whether the rule redirects by a drawn share (share, sla) rather than by the serving site's state */
export function isShareRule(code: number): boolean {
  return code === RULE_SHARE || code === RULE_SLA;
}

/** the defaults of the SLA controller's step (a step every 5 s, 10% of the share per unit of error) */
export const SLA_INTERVAL_S = 5;
export const SLA_GAIN = 0.1;

/** refuses a rule that would crash or hang a run */
export function checkRule(rule: RedirectionRule): void {
  if (rule.kind === 'threshold' && !(Number.isInteger(rule.inSystem) && rule.inSystem >= 0)) {
    throw new RangeError(`threshold rule: inSystem must be an integer ≥ 0, got ${rule.inSystem}`);
  }
  if (rule.kind === 'load-proximity') {
    if (rule.inSystem !== null && !(Number.isInteger(rule.inSystem) && rule.inSystem >= 0)) {
      throw new RangeError(`load-proximity rule: inSystem must be an integer ≥ 0, got ${rule.inSystem}`);
    }
    if (!(rule.loadWeight >= 0 && rule.loadWeight <= 1)) throw new RangeError(`load-proximity rule: loadWeight must be in [0, 1], got ${rule.loadWeight}`);
  }
  if (rule.kind === 'sla') {
    if (!(rule.targetMs > 0 && Number.isFinite(rule.targetMs))) throw new RangeError(`sla rule: targetMs must be a positive number, got ${rule.targetMs}`);
    if (!(rule.intervalS > 0 && Number.isFinite(rule.intervalS))) throw new RangeError(`sla rule: intervalS must be positive, got ${rule.intervalS}`);
    if (!(rule.gain > 0 && rule.gain <= 1)) throw new RangeError(`sla rule: gain must be in (0, 1], got ${rule.gain}`);
  }
}
