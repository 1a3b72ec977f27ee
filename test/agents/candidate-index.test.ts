// The region index of what a primary knows gives the same ranking as a brute-force scan: on
// randomized knowledge (fixed seeds) — peers with several profiles, some serving every region, some
// re-advertised with other regions, older versions arriving late, expired ones, scores with ties —
// rankCandidates (indexed) equals scoring every valid profile that serves the group, in the same
// order with the same tie-breaks.
import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import { Knowledge } from '../../agents/knowledge.js';
import { candidateOf, rankCandidates, type Candidate } from '../../agents/primary/candidates.js';
import type { AgentEnv } from '../../agents/env.js';
import type { Advertisement, ServiceProfile, Term } from '../../agents/cdni/vocabulary.js';
import { MIN_OFFER_RPS } from '../../agents/protocol.js';

const REGIONS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];

function fakeEnv(now: number, predictor: 'advertisement' | 'queueing'): AgentEnv {
  const rtt = (a: string, b: string) => (a === b ? 8 : 20 + 10 * Math.abs(REGIONS.indexOf(a) - REGIONS.indexOf(b)));
  return {
    id: 'p05',
    clock: { now },
    port: { rttMs: rtt },
    params: { predictor },
    // coarse scores so that many tie (then peer id, then the order found decide); some ≤ 0
    policy: {
      num: (_side: string, _name: string, s: { advertisedPrice: number; predictedLatency: number }) =>
        Math.round(4 * (1 - s.advertisedPrice / 0.01)) / 4 + (s.predictedLatency < 60 ? 0.25 : 0),
    },
  } as unknown as AgentEnv;
}

function randomProfile(rng: () => number, peer: string, k: number): ServiceProfile {
  const pick = () => REGIONS.filter(() => rng() < 0.25);
  const global = rng() < 0.1;
  return {
    id: `${peer}-${k}`,
    footprint: [REGIONS[Math.floor(rng() * REGIONS.length)]],
    ...(global ? {} : { servedRegions: pick() }),
    deliveryProtocols: ['http/1.1'],
    redirectionModes: ['HTTP-I'],
    capacityRps: rng() < 0.1 ? 0 : Math.round(rng() * 200),
    serviceTimeMs: 20 + Math.round(rng() * 20),
    pricePerGB: Math.round(rng() * 12) / 1000,
    longTermDiscount: rng() < 0.5 ? 0.2 : 0,
    reservationPerRpsHour: 0,
    terms: rng() < 0.8 ? ['short', 'long'] : ['long'],
    binding: rng() < 0.5,
  };
}

/** a knowledge of 60 peers fed a few hundred advertisements in random order */
function randomKnowledge(seed: number): Knowledge {
  const rng = seedrandom(`candidate-index/${seed}`);
  const knowledge = new Knowledge();
  const peers = Array.from({ length: 60 }, (_, i) => `p${String(i).padStart(2, '0')}`);
  const ads: Advertisement[] = [];
  for (const peer of peers) {
    const versions = 1 + Math.floor(rng() * 4);
    for (let v = 1; v <= versions; v++) {
      const n = 1 + Math.floor(rng() * 3);
      ads.push({
        peer,
        version: v,
        issuedAtS: Math.round(rng() * 600),
        validForS: 240,
        profiles: Array.from({ length: n }, (_, k) => randomProfile(rng, peer, k)),
      });
    }
  }
  // shuffle, so that older versions sometimes arrive after newer ones
  for (let i = ads.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [ads[i], ads[j]] = [ads[j], ads[i]];
  }
  for (const ad of ads) knowledge.learn(ad);
  return knowledge;
}

/** the reference: every valid advertisement, every profile, scored; sorted by score, then peer id, then order found */
function fullScan(env: AgentEnv, knowledge: Knowledge, regionNames: string[], term: Term, need: number): Candidate[] {
  const all: { c: Candidate; i: number }[] = [];
  for (const ad of knowledge.validAds(env.clock.now))
    for (const profile of ad.profiles) {
      const c = candidateOf(env, knowledge, ad, profile, { regionNames }, term, need, {});
      if (c) all.push({ c, i: all.length });
    }
  all.sort((a, b) => b.c.score - a.c.score || a.c.peer.localeCompare(b.c.peer) || a.i - b.i);
  return all.map((x) => x.c);
}

const summary = (cs: Candidate[]) => cs.map((c) => `${c.profile.id}:${c.score}:${c.price}:${c.predictedLatencyMs}`);

describe('the candidate region index', () => {
  it('ranks exactly as a brute-force scan of every profile, on randomized knowledge', () => {
    let compared = 0;
    let nonEmpty = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const knowledge = randomKnowledge(seed);
      const rng = seedrandom(`groups/${seed}`);
      for (let q = 0; q < 10; q++) {
        const now = 300 + Math.round(rng() * 500);
        const env = fakeEnv(now, rng() < 0.5 ? 'advertisement' : 'queueing');
        const regionNames = REGIONS.filter(() => rng() < 0.2);
        if (regionNames.length === 0) regionNames.push(REGIONS[q % REGIONS.length]);
        const term: Term = rng() < 0.7 ? 'short' : 'long';
        const need = 10 + Math.round(rng() * 150);
        const indexed = rankCandidates(env, knowledge, { regionNames }, term, need, {});
        const reference = fullScan(env, knowledge, regionNames, term, need);
        expect(summary(indexed)).toEqual(summary(reference));
        compared++;
        if (indexed.length > 0) nonEmpty++;
      }
    }
    expect(compared).toBe(200);
    // the comparison is not vacuous: most groups have candidates, and ties occur
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('reads only the advertisements serving the group: a re-advertisement moves a peer in the index', () => {
    const knowledge = new Knowledge();
    const profile = (servedRegions?: string[]): ServiceProfile => ({ ...randomProfile(seedrandom('x'), 'a', 0), servedRegions });
    const ad = (peer: string, version: number, servedRegions?: string[]): Advertisement => ({
      peer,
      version,
      issuedAtS: 0,
      validForS: 100,
      profiles: [profile(servedRegions)],
    });
    knowledge.learn(ad('a', 1, ['r0']));
    knowledge.learn(ad('b', 1, ['r1']));
    knowledge.learn(ad('c', 1));
    const peers = (regions: string[]) => knowledge.validAdsServing(regions, 10).map((x) => x.peer);
    expect(peers(['r0'])).toEqual(['a', 'c']);
    expect(peers(['r1'])).toEqual(['b', 'c']);
    knowledge.learn(ad('a', 2, ['r1']));
    knowledge.learn(ad('a', 1, ['r0'])); // late, older: ignored
    expect(peers(['r0'])).toEqual(['c']);
    expect(peers(['r1', 'r0'])).toEqual(['a', 'b', 'c']);
    expect(knowledge.validAdsServing(['r1'], 101)).toEqual([]);
    // a re-advertisement serving the same regions (a new array) keeps its place, and is the one read
    knowledge.learn(ad('a', 3, ['r1']));
    expect(peers(['r1'])).toEqual(['a', 'b', 'c']);
    expect(knowledge.validAdsServing(['r1'], 10)[0].version).toBe(3);
    // one serving every region after all, then a single region again
    knowledge.learn(ad('a', 4));
    expect(peers(['r5'])).toEqual(['a', 'c']);
    knowledge.learn(ad('a', 5, ['r2']));
    expect(peers(['r5'])).toEqual(['c']);
    expect(peers(['r2'])).toEqual(['a', 'c']);
  });
});

describe('a candidate', () => {
  it('needs at least the least a peer offers (MIN_OFFER_RPS): a call for less would be declined', () => {
    const env = fakeEnv(0, 'advertisement');
    const knowledge = new Knowledge();
    const at = (capacityRps: number) => {
      const profile: ServiceProfile = { ...randomProfile(seedrandom('y'), 'a', 0), servedRegions: ['r0'], terms: ['short'], pricePerGB: 0.001, capacityRps };
      const ad: Advertisement = { peer: 'a', version: 1, issuedAtS: 0, validForS: 100, profiles: [profile] };
      return candidateOf(env, knowledge, ad, profile, { regionNames: ['r0'] }, 'short', 10, {});
    };
    expect(at(MIN_OFFER_RPS - 0.01)).toBeNull();
    expect(at(MIN_OFFER_RPS)?.peer).toBe('a');
  });
});
