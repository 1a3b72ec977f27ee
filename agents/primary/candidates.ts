// Peer selection: the candidate profiles that serve one of a demand group's regions (read from the
// knowledge's region index) and whose terms fit, each with its predicted latency (the policy's chosen predictor) and the policy's
// score; ranked best first, ties by peer id. Score ≤ 0 excludes a candidate.
import type { Advertisement, ServiceProfile, Term } from '../cdni/vocabulary.js';
import { predictLatencyMs, type PredictorName } from '../predictors.js';
import type { AgentEnv } from '../env.js';
import type { candidate, VariablesOf } from '../../policies/decisions.js';
import type { Knowledge } from '../knowledge.js';
import { profileServes } from '../footprint.js';
import { MIN_OFFER_RPS } from '../protocol.js';
import { redirectsOver } from './redirection-mode.js';

export interface Candidate {
  peer: string;
  profile: ServiceProfile;
  /** per-GB price for this term (long-term discount applied) */
  price: number;
  rttMs: number;
  predictor: PredictorName;
  predictedLatencyMs: number;
  observedLatencyMs: number;
  compliance: number;
  score: number;
}

interface GroupLike {
  regionNames: string[];
}

export function predictorOf(env: AgentEnv): PredictorName {
  return env.params.predictor;
}

/**
 * The variables of `score`, `opening` and `limit` for one candidate: the candidate's, then the
 * group's spread after them (no name is in both). Fields written after a spread make a literal an
 * order of magnitude slower to build, and this runs for every candidate a ranking scores.
 */
export function candidateScope<S extends object>(scope: S, c: Candidate, need: number): S & VariablesOf<typeof candidate> {
  return {
    advertisedPrice: c.price,
    advertisedCapacity: c.profile.capacityRps,
    predictedLatency: c.predictedLatencyMs,
    observedLatency: c.observedLatencyMs,
    slaCompliance: c.compliance,
    rtt: c.rttMs,
    binding: c.profile.binding ? 1 : 0,
    need,
    ...scope,
  };
}

/**
 * The group's candidates, ranked. Only the advertisements indexed under the group's regions are
 * read (Knowledge.validAdsServing), and of those only the profiles serving one of them: the same
 * list, in the same order, as scoring every valid profile that serves the group (a peer declines a
 * call for regions it does not serve anyway) — test/agents/candidate-index.test.ts checks it.
 */
export function rankCandidates<S extends object>(env: AgentEnv, knowledge: Knowledge, group: GroupLike, term: Term, need: number, scope: S): Candidate[] {
  const candidates: Candidate[] = [];
  for (const ad of knowledge.validAdsServing(group.regionNames, env.clock.now)) {
    for (const profile of ad.profiles) {
      const c = candidateOf(env, knowledge, ad, profile, group, term, need, scope);
      if (c) candidates.push(c);
    }
  }
  return sortCandidates(candidates);
}

/** best score first, ties by peer id, then in the order found (a stable sort) */
export function sortCandidates(candidates: Candidate[]): Candidate[] {
  return candidates.sort((a, b) => b.score - a.score || (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
}

/** scores within this share of a band's best count as near-equal (./candidates spreadNearEqual) */
export const NEAR_EQUAL_SCORE = 0.05;

/**
 * Spread the calls of primaries that rank alike: walk the ranked list in bands of near-equal score
 * (within NEAR_EQUAL_SCORE of the band's first, best one) and order each band by `orderKey(peer)`,
 * a per-primary seeded key, instead of by peer id. Primaries with the same knowledge then call
 * different ones of the near-equal peers, not all the same top few. Returns a new list.
 */
export function spreadNearEqual(ranked: readonly Candidate[], orderKey: (peer: string) => number): Candidate[] {
  const out: Candidate[] = [];
  for (let start = 0; start < ranked.length; ) {
    const floor = ranked[start].score * (1 - NEAR_EQUAL_SCORE);
    let end = start + 1;
    while (end < ranked.length && ranked[end].score >= floor) end++;
    const band = ranked.slice(start, end);
    if (band.length > 1) band.sort((a, b) => orderKey(a.peer) - orderKey(b.peer) || (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
    out.push(...band);
    start = end;
  }
  return out;
}

/** one profile as a candidate for the group, or null if it does not fit (own, wrong term, less capacity than a peer offers (MIN_OFFER_RPS), regions not served, no redirection mode over the primary's routing, score ≤ 0) */
export function candidateOf<S extends object>(
  env: AgentEnv,
  knowledge: Knowledge,
  ad: Advertisement,
  profile: ServiceProfile,
  group: GroupLike,
  term: Term,
  need: number,
  scope: S,
): Candidate | null {
  if (
    ad.peer === env.id ||
    knowledge.distrusts(ad.peer) ||
    !profile.terms.includes(term) ||
    profile.capacityRps < MIN_OFFER_RPS ||
    !profileServes(profile, group.regionNames) ||
    !redirectsOver(profile.redirectionModes, env.port.routesByDns)
  )
    return null;
  const predictor = predictorOf(env);
  const history = knowledge.history(ad.peer);
  const rttMs = nearestRtt(env, group.regionNames, profile.footprint);
  const load = Math.min(need, profile.capacityRps);
  const predicted = predictLatencyMs(predictor, profile, load, rttMs, history);
  const price = term === 'long' ? profile.pricePerGB * (1 - profile.longTermDiscount) : profile.pricePerGB;
  const c: Candidate = {
    peer: ad.peer,
    profile,
    price,
    rttMs,
    predictor,
    predictedLatencyMs: predicted,
    observedLatencyMs: history.latencyMs ?? predicted,
    compliance: history.compliance,
    score: 0,
  };
  c.score = env.policy.num('primary', 'score', candidateScope(scope, c, need));
  return c.score > 0 ? c : null;
}

/** round trip from the nearest of the group's regions to the nearest region of the footprint */
function nearestRtt(env: AgentEnv, regions: string[], footprint: string[]): number {
  let best = Infinity;
  for (const r of regions) {
    for (const f of footprint) best = Math.min(best, env.port.rttMs(r, f));
  }
  return best;
}
