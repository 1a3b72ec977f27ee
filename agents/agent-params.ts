// The agent-level parameters of a CDN's policy as one typed object, read once when the agent is
// made (durations in seconds), so no code looks a parameter up by string at run time. The names,
// defaults and bounds are policies/params.ts's AGENT_PARAMS; a policy always has all of them.
import type { CompiledPolicy } from '../policies/policy.js';
import { PREDICTORS, type PredictorName } from './predictors.js';
import { SLA_GAIN, SLA_INTERVAL_S, type RedirectionRule } from '../cdn/port/cdn-port.js';

export interface AgentParams {
  monitorIntervalS: number;
  negotiationDeadlineS: number;
  maxRounds: number;
  maxCandidates: number;
  predictor: PredictorName;
  targetUtilization: number;
  shortTermDurationS: number;
  longTermDurationS: number;
  noticePeriodS: number;
  disbandHoldS: number;
  resizeThreshold: number;
  pushTopObjects: number;
  slaP95S: number;
  slaMaxRejected: number;
  maxViolations: number;
  advertiseIntervalS: number;
  footprintRttS: number;
  binding: boolean;
  longTermDiscount: number;
  reservationPerRpsHour: number;
  penaltyPerViolation: number;
  /** how the primary redirects over its arrangements (see cdn/routing/redirection-rule via the port) */
  redirection: RedirectionRule;
}

export function readAgentParams(policy: CompiledPolicy): AgentParams {
  const num = (name: string): number => {
    const value = policy.param(name);
    if (typeof value !== 'number') throw new Error(`policy "${policy.name}": parameter ${name} must be a number, found ${JSON.stringify(value)}`);
    return value;
  };
  const predictor = policy.param('predictor');
  if (!(PREDICTORS as readonly unknown[]).includes(predictor)) {
    throw new Error(`policy "${policy.name}": predictor must be one of ${PREDICTORS.join(', ')}, found ${JSON.stringify(predictor)}`);
  }
  return {
    monitorIntervalS: num('monitorInterval'),
    negotiationDeadlineS: num('negotiationDeadline'),
    maxRounds: num('maxRounds'),
    maxCandidates: num('maxCandidates'),
    predictor: predictor as PredictorName,
    targetUtilization: num('targetUtilization'),
    shortTermDurationS: num('shortTermDuration'),
    longTermDurationS: num('longTermDuration'),
    noticePeriodS: num('noticePeriod'),
    disbandHoldS: num('disbandHold'),
    resizeThreshold: num('resizeThreshold'),
    pushTopObjects: num('pushTopObjects'),
    slaP95S: num('slaP95'),
    slaMaxRejected: num('slaMaxRejected'),
    maxViolations: num('maxViolations'),
    advertiseIntervalS: num('advertiseInterval'),
    footprintRttS: num('footprintRtt'),
    binding: policy.param('binding') === true,
    longTermDiscount: num('longTermDiscount'),
    reservationPerRpsHour: num('reservationPerRpsHour'),
    penaltyPerViolation: num('penaltyPerViolation'),
    redirection: readRedirection(policy, num),
  };
}

/** the redirection rule the policy's `redirection*` parameters describe */
function readRedirection(policy: CompiledPolicy, num: (name: string) => number): RedirectionRule {
  const kind = policy.param('redirection');
  const k = num('redirectionThreshold');
  switch (kind) {
    case 'share':
    case 'overflow':
      return { kind };
    case 'threshold':
      return k > 0 ? { kind, inSystem: k } : { kind: 'overflow' };
    case 'load-proximity':
      return { kind, inSystem: k > 0 ? k : null, loadWeight: num('redirectionLoadWeight') };
    case 'sla':
      return {
        kind,
        statistic: policy.param('redirectionStatistic') === 'mean' ? 'mean' : 'p95',
        targetMs: num('redirectionTarget') * 1000,
        intervalS: SLA_INTERVAL_S,
        gain: SLA_GAIN,
      };
    default:
      throw new Error(`policy "${policy.name}": redirection must be share, overflow, threshold, load-proximity or sla, found ${JSON.stringify(kind)}`);
  }
}

/** the time frame of an arrangement of this term (s) */
export function termDurationS(params: AgentParams, term: 'short' | 'long'): number {
  return term === 'long' ? params.longTermDurationS : params.shortTermDurationS;
}
