// The library policies: every one loads and is listed, and every decision of every policy gives
// the hand-computed value on flash-crowd-like scopes (alpha's eu-west site: 1600 requests/s of
// capacity, 900/s normally, 5400/s in the crowd; revenue 0.02 USD/GB; peers at 7.5% utilization).
import { describe, expect, it } from 'vitest';
import { listPolicies, loadPolicy } from '../../policies/load.js';

const LIBRARY = ['aggressive', 'balanced', 'cost-saver', 'isolated', 'peer-conservative', 'peer-default', 'peer-greedy', 'qos-first', 'reciprocal'];
const PRIMARIES = ['isolated', 'balanced', 'cost-saver', 'qos-first', 'aggressive'] as const;
const PEERS = ['peer-default', 'peer-greedy', 'peer-conservative'] as const;

// ── primary scopes (one site group) ──
const base = { t: 600, revenuePerGB: 0.02, capacity: 1600, latencyMean: 60, activeArrangements: 0, peeredCapacity: 0 };
const normal = { ...base, utilization: 0.5625, arrivalRate: 900, forecastRate: 900, rejectedShare: 0, latencyP95: 128, queueLength: 0, trend: 0 };
const rising = { ...base, utilization: 0.7, arrivalRate: 1100, forecastRate: 1200, rejectedShare: 0, latencyP95: 140, queueLength: 3, trend: 8 };
const crowd = { ...base, utilization: 1, arrivalRate: 5400, forecastRate: 5400, rejectedShare: 0.64, latencyP95: 225, queueLength: 200, trend: 0 };
const rampDown = { ...normal, arrivalRate: 1200, forecastRate: 1200, utilization: 0.75 };
/** candidates: A like beta (cheap, near), B dear but fastest, C cheapest but far and less reliable */
const A = { advertisedPrice: 0.00814, advertisedCapacity: 2440, predictedLatency: 40, observedLatency: 40, slaCompliance: 1, rtt: 10, binding: 1 };
const B = { advertisedPrice: 0.0123, advertisedCapacity: 3000, predictedLatency: 30, observedLatency: 30, slaCompliance: 1, rtt: 10, binding: 0 };
const C = { advertisedPrice: 0.006, advertisedCapacity: 1500, predictedLatency: 120, observedLatency: 150, slaCompliance: 0.8, rtt: 75, binding: 1 };
const arrangement = { arrangedCapacity: 2000, arrangementLoad: 1800, arrangementAge: 900, remainingTime: 900, agreedPrice: 0.012, slaViolations: 0 };

const num = (name: string, decision: string, scope: Record<string, number | string>) => loadPolicy(name).num('primary', decision, scope);
const bool = (name: string, decision: string, scope: Record<string, number | string>) => loadPolicy(name).bool('primary', decision, scope);
const choice = (name: string, decision: string, scope: Record<string, number | string>) => loadPolicy(name).choice('primary', decision, scope);
const byPolicy = <T>(names: readonly string[], f: (name: string) => T) => Object.fromEntries(names.map((n) => [n, f(n)]));

describe('the library', () => {
  it('lists every policy, each with a description and the roles of its kind', () => {
    const list = listPolicies();
    expect(list.map((p) => p.name)).toEqual(LIBRARY);
    for (const p of list) {
      expect(p.description).not.toBe('');
      expect(p.roles).toEqual(p.name === 'reciprocal' ? ['primary', 'peer'] : p.name.startsWith('peer-') ? ['peer'] : ['primary']);
    }
  });

  it.each(LIBRARY)('%s loads, and its name is its file name', (name) => {
    const policy = loadPolicy(name);
    expect(policy.name).toBe(name);
    expect(policy.file.endsWith(`${name}.yaml`)).toBe(true);
  });

  it('loading the same file again returns the same compiled policy (compiled once)', () => {
    expect(loadPolicy('balanced')).toBe(loadPolicy('balanced'));
  });
});

describe('primary policies', () => {
  it('seek: only aggressive and qos-first act on a rising load; all but isolated act on the crowd; none normally', () => {
    expect(byPolicy(PRIMARIES, (p) => [bool(p, 'seek', normal), bool(p, 'seek', rising), bool(p, 'seek', crowd)])).toEqual({
      isolated: [false, false, false],
      balanced: [false, false, true],
      'cost-saver': [false, false, true],
      'qos-first': [false, true, true],
      aggressive: [false, true, true],
    });
    expect(bool('qos-first', 'seek', { ...normal, latencyP95: 171 })).toBe(true);
    expect(bool('balanced', 'seek', { ...normal, rejectedShare: 0.011 })).toBe(true);
  });

  it('need in the crowd: balanced 1.1·5400 − 0.8·1600, cost-saver 5400 − 0.95·1600, qos-first 1.3·5400 − 0.65·1600, aggressive 1.5·5400 − 0.75·1600', () => {
    const need = byPolicy(PRIMARIES, (p) => num(p, 'need', crowd));
    expect(need.isolated).toBe(0);
    expect(need.balanced).toBeCloseTo(4660, 9);
    expect(need['cost-saver']).toBeCloseTo(3880, 9);
    expect(need['qos-first']).toBeCloseTo(5980, 9);
    expect(need.aggressive).toBeCloseTo(6900, 9);
    expect(num('balanced', 'need', { ...crowd, peeredCapacity: 5000 })).toBe(0);
  });

  it('term: long after 1 h (balanced), 20 min (cost-saver), 5 min (aggressive); qos-first always short', () => {
    const terms = (p: string) => [240, 360, 1500, 7200].map((overloadAge) => choice(p, 'term', { ...crowd, overloadAge }));
    expect(byPolicy(['balanced', 'cost-saver', 'qos-first', 'aggressive'], terms)).toEqual({
      balanced: ['short', 'short', 'short', 'long'],
      'cost-saver': ['short', 'short', 'long', 'long'],
      'qos-first': ['short', 'short', 'short', 'short'],
      aggressive: ['short', 'long', 'long', 'long'],
    });
  });

  it('score: balanced prefers A (price and latency), cost-saver C (cheapest), qos-first and aggressive B', () => {
    const score = (p: string, c: object) => num(p, 'score', { ...crowd, ...c, need: p === 'aggressive' ? 6900 : 4660 });
    // 0.5·(1 − 0.00814/0.02) + 0.5/(1 + 40/100)
    expect(score('balanced', A)).toBeCloseTo(0.2965 + 0.5 / 1.4, 12);
    expect(score('balanced', B)).toBeCloseTo(0.1925 + 0.5 / 1.3, 12);
    expect(score('balanced', C)).toBeCloseTo(0.8 * (0.35 + 0.5 / 2.2), 12);
    expect(score('balanced', { ...A, advertisedPrice: 0.016 })).toBe(0);
    // 1 − price / (0.6·0.02), 0 at or above 0.012
    expect(score('cost-saver', A)).toBeCloseTo(1 - 0.00814 / 0.012, 12);
    expect(score('cost-saver', B)).toBe(0);
    expect(score('cost-saver', C)).toBeCloseTo(0.8 * 0.5, 12);
    // compliance² · 100 ms / (predicted + observed); 0 beyond 200 ms predicted
    expect(score('qos-first', A)).toBeCloseTo(1.25, 12);
    expect(score('qos-first', B)).toBeCloseTo(100 / 60, 12);
    expect(score('qos-first', C)).toBeCloseTo((0.64 * 100) / 270, 12);
    expect(score('qos-first', { ...B, predictedLatency: 201 })).toBe(0);
    // compliance · share of the need it can take · (1 − price / (2·revenue))
    expect(score('aggressive', A)).toBeCloseTo((2440 / 6900) * (1 - 0.00814 / 0.04), 12);
    expect(score('aggressive', B)).toBeCloseTo((3000 / 6900) * (1 - 0.0123 / 0.04), 12);
    expect(score('aggressive', C)).toBeCloseTo(0.8 * (1500 / 6900) * (1 - 0.006 / 0.04), 12);
    expect(score('isolated', A)).toBeCloseTo((1 - 0.00814 / 0.02) / 1.4, 12); // the default
  });

  it('opening and limit against candidate A (0.00814 USD/GB asked; revenue 0.02)', () => {
    const at = (p: string) => [num(p, 'opening', { ...crowd, ...A, need: 4660 }), num(p, 'limit', { ...crowd, ...A, need: 4660 })];
    expect(at('balanced')[0]).toBeCloseTo(0.75 * 0.00814, 15);
    expect(at('balanced')[1]).toBeCloseTo(0.016, 15);
    expect(at('cost-saver')[0]).toBeCloseTo(0.00407, 15);
    expect(at('cost-saver')[1]).toBeCloseTo(0.011, 15);
    expect(at('qos-first')).toEqual([0.00814, 0.025]);
    expect(at('aggressive')).toEqual([0.00407, 0.02]);
    expect(num('balanced', 'opening', { ...crowd, ...B, advertisedPrice: 0.03, need: 1 })).toBeCloseTo(0.012, 15); // capped by the limit
  });

  it('concession: linear, Boulware β 0.2, Conceder β 5, tit-for-tat', () => {
    expect(byPolicy(PRIMARIES, (p) => loadPolicy(p).concession('primary').tactic)).toEqual({
      isolated: 'linear',
      balanced: 'linear',
      'cost-saver': 'boulware',
      'qos-first': 'conceder',
      aggressive: 'titForTat',
    });
    expect(loadPolicy('cost-saver').concession('primary').offer(0.004, 0.011, 0.5, [], [])).toBeCloseTo(0.004 + 0.007 * 0.03125, 15);
    expect(loadPolicy('qos-first').concession('primary').offer(0.008, 0.025, 0.5, [], [])).toBeCloseTo(0.008 + 0.017 * Math.pow(0.5, 0.2), 15);
  });

  it('accept: on 0.012 proposed, 0.011 next, limit 0.016', () => {
    const bargain = { elapsed: 0.5, round: 2, proposedPrice: 0.012, myLastPrice: 0.01, capacityAsked: 2000, term: 'short', limit: 0.016, myNextPrice: 0.011 };
    expect(byPolicy(PRIMARIES, (p) => bool(p, 'accept', bargain))).toEqual({
      isolated: false,
      balanced: false,
      'cost-saver': false,
      'qos-first': true,
      aggressive: false,
    });
    expect(bool('balanced', 'accept', { ...bargain, myNextPrice: 0.0125 })).toBe(true);
    // in the last two of its 8 rounds, balanced takes anything under its limit; cost-saver only under 60% of it
    expect(bool('balanced', 'accept', { ...bargain, round: 6 })).toBe(true);
    expect(bool('cost-saver', 'accept', { ...bargain, round: 6, limit: 0.011 })).toBe(false);
    expect(bool('cost-saver', 'accept', { ...bargain, round: 6, limit: 0.011, proposedPrice: 0.0066 })).toBe(true);
    expect(bool('aggressive', 'accept', { ...bargain, elapsed: 0.1, round: 3 })).toBe(true); // 3 of its 4 rounds used
    expect(bool('aggressive', 'accept', { ...bargain, elapsed: 0.9 })).toBe(true);
    expect(bool('qos-first', 'accept', { ...bargain, proposedPrice: 0.017 })).toBe(false);
  });

  it('replicate: balanced pushes only on a rising crowd; cost-saver pulls; qos-first and aggressive push', () => {
    expect(byPolicy(PRIMARIES, (p) => [choice(p, 'replicate', rising), choice(p, 'replicate', crowd)])).toEqual({
      isolated: ['pull', 'pull'],
      balanced: ['push', 'pull'],
      'cost-saver': ['pull', 'pull'],
      'qos-first': ['push', 'push'],
      aggressive: ['push', 'push'],
    });
  });

  it('rearrange: the excess still wanted from a 2000/s arrangement when peers give 4000/s in all', () => {
    const wanted = (p: string, scope: object) => num(p, 'rearrange', { ...scope, ...arrangement, peeredCapacity: 4000 } as Record<string, number>);
    expect(wanted('balanced', crowd)).toBeCloseTo(5940 - 1280 - 2000, 9);
    expect(wanted('cost-saver', crowd)).toBeCloseTo(5400 - 1520 - 2000, 9);
    expect(wanted('qos-first', crowd)).toBeCloseTo(7020 - 1040 - 2000, 9);
    expect(wanted('aggressive', crowd)).toBeCloseTo(8100 - 1200 - 2000, 9);
    expect(wanted('balanced', normal)).toBe(0);
    expect(wanted('aggressive', normal)).toBe(2000); // never shrinks
  });

  it('disband: all let go once demand is back to normal; cost-saver already on the ramp down', () => {
    const scope = (s: object) => ({ ...s, ...arrangement }) as Record<string, number>;
    expect(byPolicy(PRIMARIES, (p) => [bool(p, 'disband', scope(normal)), bool(p, 'disband', scope(rampDown)), bool(p, 'disband', scope(crowd))])).toEqual({
      isolated: [true, false, false],
      balanced: [true, false, false],
      'cost-saver': [true, true, false],
      'qos-first': [true, false, false],
      aggressive: [true, false, false],
    });
  });

  it('parameters differ where the header says they do', () => {
    const params = (name: string) => ['targetUtilization', 'maxCandidates', 'disbandHold', 'predictor', 'slaP95'].map((k) => loadPolicy(name).param(k));
    expect(byPolicy(PRIMARIES, params)).toEqual({
      isolated: [0.8, 3, 300, 'queueing', 0.25],
      balanced: [0.8, 3, 300, 'queueing', 0.25],
      'cost-saver': [0.95, 2, 120, 'advertisement', 0.4],
      'qos-first': [0.65, 4, 900, 'history', 0.15],
      aggressive: [0.75, 5, 600, 'advertisement', 0.25],
    });
  });
});

describe('peer policies', () => {
  const idle = {
    t: 1500,
    utilization: 0.075,
    arrivalRate: 300,
    capacity: 4000,
    latencyP95: 160,
    committedCapacity: 0,
    committedLoad: 0,
    costPerRequest: 3.5e-7,
  };
  const busy = { ...idle, utilization: 0.5, committedCapacity: 2000, committedLoad: 1700 };
  const peerNum = (p: string, d: string, s: object) => loadPolicy(p).num('peer', d, s as Record<string, number>);
  const peerBool = (p: string, d: string, s: object) => loadPolicy(p).bool('peer', d, s as Record<string, number | string>);

  it('advertise: (1 − keep)·capacity less its own load with headroom', () => {
    expect(byPolicy(PEERS, (p) => peerNum(p, 'advertise', idle))).toEqual({
      'peer-default': 2440,
      'peer-greedy': 3100,
      'peer-conservative': 1550,
    });
    expect(peerNum('peer-conservative', 'advertise', { ...idle, arrivalRate: 2000 })).toBe(0);
  });

  it('price rises with utilization: base · (1 + k·u²), greedy adds a premium on what it has committed', () => {
    expect(peerNum('peer-default', 'price', idle)).toBeCloseTo(0.008 * 1.016875, 15);
    expect(peerNum('peer-greedy', 'price', idle)).toBeCloseTo(0.012 * 1.0225, 15);
    expect(peerNum('peer-conservative', 'price', idle)).toBeCloseTo(0.006 * 1.045, 15);
    expect(peerNum('peer-default', 'price', busy)).toBeCloseTo(0.014, 15);
    expect(peerNum('peer-greedy', 'price', busy)).toBeCloseTo(0.024 + 0.002, 15);
    expect(peerNum('peer-conservative', 'price', busy)).toBeCloseTo(0.018, 15);
  });

  it('reserve: 30%, 15%, 50%', () => {
    expect(byPolicy(PEERS, (p) => peerNum(p, 'reserve', idle))).toEqual({ 'peer-default': 0.3, 'peer-greedy': 0.15, 'peer-conservative': 0.5 });
  });

  it('accept 0.0075 against an ask of 0.00814 half-way through: default and conservative yes, greedy no', () => {
    const offer = {
      ...idle,
      elapsed: 0.5,
      round: 2,
      proposedPrice: 0.0075,
      myLastPrice: 0.00814,
      capacityAsked: 1500,
      term: 'short',
      askPrice: 0.00814,
      spareCapacity: 2440,
    };
    expect(byPolicy(PEERS, (p) => peerBool(p, 'accept', offer))).toEqual({ 'peer-default': true, 'peer-greedy': false, 'peer-conservative': true });
    expect(peerBool('peer-default', 'accept', { ...offer, capacityAsked: 3000 })).toBe(false);
    expect(peerBool('peer-conservative', 'accept', { ...offer, utilization: 0.6 })).toBe(false);
    expect(peerBool('peer-greedy', 'accept', { ...offer, proposedPrice: 0.00813 })).toBe(true);
  });

  it('counter half-way between 0.006 offered and 0.01 asked: linear, Boulware-like, Conceder-like (progress = max(elapsed, round / maxRounds))', () => {
    const offer = {
      ...idle,
      elapsed: 0.5,
      round: 2,
      proposedPrice: 0.006,
      myLastPrice: 0.01,
      capacityAsked: 1500,
      term: 'long',
      askPrice: 0.01,
      spareCapacity: 2440,
    };
    expect(peerNum('peer-default', 'counter', offer)).toBeCloseTo(0.008, 15);
    expect(peerNum('peer-greedy', 'counter', offer)).toBeCloseTo(0.01 - 0.004 * 0.03125, 15);
    expect(peerNum('peer-conservative', 'counter', offer)).toBeCloseTo(0.01 - 0.004 * Math.SQRT1_2, 15);
    expect(peerNum('peer-default', 'counter', { ...offer, elapsed: 1 })).toBeCloseTo(0.006, 15);
    expect(peerNum('peer-default', 'counter', { ...offer, elapsed: 0.01, round: 6 })).toBeCloseTo(0.01 - 0.004 * 0.75, 15); // rounds run out first
  });

  it('terminate: default when its own users need the kept share and it runs above 90%; greedy only at 95%; conservative at 70%', () => {
    const ownRush = { ...idle, ...arrangement, utilization: 0.8, arrivalRate: 2600, committedLoad: 1200 };
    const calm = { ...idle, ...arrangement, utilization: 0.3, committedLoad: 900 };
    expect(byPolicy(PEERS, (p) => [peerBool(p, 'terminate', ownRush), peerBool(p, 'terminate', calm)])).toEqual({
      'peer-default': [true, false],
      'peer-greedy': [false, false],
      'peer-conservative': [true, false],
    });
    expect(peerBool('peer-greedy', 'terminate', { ...ownRush, utilization: 0.96 })).toBe(true);
  });

  it('parameters differ where the header says they do', () => {
    const params = (name: string) =>
      ['binding', 'longTermDiscount', 'footprintRtt', 'penaltyPerViolation', 'keep', 'basePrice'].map((k) => loadPolicy(name).param(k));
    expect(byPolicy(PEERS, params)).toEqual({
      'peer-default': [true, 0.3, 0.1, 0.5, 0.3, 0.008],
      'peer-greedy': [false, 0.1, 0.15, 0.2, 0.15, 0.012],
      'peer-conservative': [true, 0.4, 0.05, 1, 0.5, 0.006],
    });
  });
});
