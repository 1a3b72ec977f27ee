// The control plane at scale (issue 11): what keeps it cheap without changing what it decides.
// - An offer is a commitment for its validity: a peer holds what it proposed, so the offers it has
//   open plus what it committed never exceed what it may commit (herd of callers, curve scenario).
// - Near-equal candidates are ordered by a per-primary seeded key: deterministic for a key, bands
//   of near-equal score only, never across bands.
// - A call declined at once is answered without an actor, the same answer to every retry.
// - The probe works out latency only for a policy that reads it.
import { describe, expect, it } from 'vitest';
import { OfferHolds } from '../../agents/peer/offer-holds.js';
import { NEAR_EQUAL_SCORE, spreadNearEqual, type Candidate } from '../../agents/primary/candidates.js';
import { DeclinedCalls } from '../../agents/negotiation/declined-calls.js';
import { LATENCY_VARIABLES, policyReads } from '../../agents/policy-reads.js';
import { loadPolicy } from '../../policies/load.js';
import { createStreams } from '../../core/random.js';
import type { CdnPort } from '../../cdn/port/cdn-port.js';
import type { Outgoing } from '../../agents/messages.js';
import type { TraceLine } from '../../agents/control-plane.js';
import { writeCurveScenario } from '../../bench/large-scenario.js';
import { runWithAgents } from './run-helpers.js';

/** a port whose users of region `rN` go to site N (regions a and b share site 0) */
const port = { servingSite: (r: string) => (r === 'a' || r === 'b' ? 0 : Number(r.slice(1))) } as unknown as CdnPort;

describe('offer holds: an offer is a commitment for its validity', () => {
  it('other negotiations’ holds count overall, and at the sites they share; its own does not', () => {
    const holds = new OfferHolds(port);
    holds.hold('n1', ['a'], 30, 100);
    holds.hold('n2', ['r5'], 20, 100);
    expect(holds.heldBesides(['b'], 10)).toEqual({ all: 50, there: 30 });
    expect(holds.heldBesides(['b'], 10, 'n1')).toEqual({ all: 20, there: 0 });
    expect(holds.heldBesides(['r5'], 10)).toEqual({ all: 50, there: 20 });
  });

  it('a hold lapses after its validity and goes on release', () => {
    const holds = new OfferHolds(port);
    holds.hold('n1', ['a'], 30, 100);
    holds.hold('n2', ['a'], 20, 50);
    expect(holds.total(50)).toBe(50);
    expect(holds.total(50.001)).toBe(30);
    holds.release('n1');
    expect(holds.total(0)).toBe(0);
  });

  it('a herd of callers: no peer has offers open plus commitments beyond what it may commit (30 CDNs, 10 a region)', () => {
    const { result, controlPlane } = runWithAgents(writeCurveScenario(30), 1, ['duration=4m'], { trace: true });
    const cp = controlPlane!;
    // reciprocal: 4 servers of 25 ms = 160 requests/s, of which keep = 30% is never sold
    const allowance = 160 * (1 - 0.3);
    const deadlineS = 30;
    const open = new Map<string, Map<string, { capacity: number; untilS: number }>>();
    const committed = new Map<string, number>();
    const audits = [...cp.ledger.commitments];
    let checked = 0;
    let concurrent = 0;
    for (const line of cp.trace as (TraceLine & { event?: string; type?: string; from?: string; to?: string; body?: Record<string, unknown> })[]) {
      if (line.kind !== 'message' || line.event !== 'sent') continue;
      while (audits.length > 0 && audits[0].tS <= line.tS) {
        const a = audits.shift()!;
        committed.set(a.peer, a.committedRps);
      }
      const id = line.body?.negotiationId as string | undefined;
      if (line.type === 'negotiation.proposal') {
        const offers = open.get(line.from!) ?? new Map();
        open.set(line.from!, offers);
        const untilS = offers.get(id!)?.untilS ?? line.tS + deadlineS;
        offers.set(id!, { capacity: line.body!.capacityRps as number, untilS });
        let sum = 0;
        for (const [, o] of offers) if (o.untilS >= line.tS) sum += o.capacity;
        if (offers.size > 1) concurrent++;
        expect(sum + (committed.get(line.from!) ?? 0)).toBeLessThanOrEqual(allowance + 1e-6);
        checked++;
      } else if (line.type === 'negotiation.confirm' || line.type === 'negotiation.reject') {
        open.get(line.from!)?.delete(id!);
      } else if (line.type === 'negotiation.withdraw') {
        open.get(line.to!)?.delete(id!);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(concurrent).toBeGreaterThan(0); // the herd did happen
    expect(result.control.arrangements.length).toBeGreaterThan(0);
  });
});

const candidate = (peer: string, score: number) => ({ peer, score }) as Candidate;

describe('seeded spread of near-equal candidates', () => {
  const ranked = [candidate('p1', 1), candidate('p2', 0.99), candidate('p3', 1 - NEAR_EQUAL_SCORE), candidate('p4', 0.5), candidate('p5', 0.499)];
  const keyOf = (seed: number, cdn: string) => (peer: string) => createStreams(seed).stream(`agents/${cdn}/candidate-order/${peer}`).next();

  it('the same seed and CDN give the same order; bands never mix', () => {
    const a = spreadNearEqual(ranked, keyOf(1, 'cdn000')).map((c) => c.peer);
    expect(spreadNearEqual(ranked, keyOf(1, 'cdn000')).map((c) => c.peer)).toEqual(a);
    expect(new Set(a.slice(0, 3))).toEqual(new Set(['p1', 'p2', 'p3']));
    expect(new Set(a.slice(3))).toEqual(new Set(['p4', 'p5']));
  });

  it('different CDNs of one run put different peers first (the herd spreads)', () => {
    const many = Array.from({ length: 20 }, (_, i) => candidate(`p${String(i).padStart(2, '0')}`, 1 - i * 0.001));
    const firsts = new Set(Array.from({ length: 10 }, (_, k) => spreadNearEqual(many, keyOf(1, `cdn${k}`))[0].peer));
    expect(firsts.size).toBeGreaterThan(3);
  });

  it('a key that is the same for every peer leaves the peer-id order', () => {
    expect(spreadNearEqual(ranked, () => 0.5).map((c) => c.peer)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });
});

describe('calls declined at once', () => {
  const cfp = { type: 'negotiation.cfp', from: 'alpha', to: 'beta', id: 'alpha#1', negotiationId: 'alpha>beta#1' } as never;
  const setup = () => {
    const sent: [Outgoing, string][] = [];
    let n = 0;
    const calls = new DeclinedCalls({ nextId: () => `beta#${++n}`, transmit: (m, id) => sent.push([m, id]) }, 60);
    return { sent, calls };
  };

  it('a retried call, a counter or an accept hear the same rejection (same id); a withdrawal nothing', () => {
    const { sent, calls } = setup();
    calls.decline(cfp, '504-out-of-capacity', 10);
    expect(calls.has('alpha>beta#1', 10)).toBe(true);
    calls.answer({ type: 'negotiation.cfp', negotiationId: 'alpha>beta#1' }, 11);
    calls.answer({ type: 'negotiation.accept', negotiationId: 'alpha>beta#1' }, 12);
    calls.answer({ type: 'negotiation.withdraw', negotiationId: 'alpha>beta#1' }, 13);
    expect(sent).toHaveLength(3);
    expect(sent.every(([m, id]) => id === 'beta#1' && m.type === 'negotiation.reject' && (m as { cause: string }).cause === '504-out-of-capacity')).toBe(true);
  });

  it('after lingering as long as an actor would, it is forgotten', () => {
    const { sent, calls } = setup();
    calls.decline(cfp, 'term', 10);
    calls.answer({ type: 'negotiation.cfp', negotiationId: 'alpha>beta#1' }, 70);
    expect(calls.has('alpha>beta#1', 70)).toBe(false);
    expect(sent).toHaveLength(1);
  });
});

describe('the probe works out only what the policy reads', () => {
  it('latency is read by qos-first and not by reciprocal, balanced or peer-default', () => {
    expect(policyReads(loadPolicy('qos-first'), LATENCY_VARIABLES)).toBe(true);
    for (const name of ['reciprocal', 'balanced', 'peer-default']) expect(policyReads(loadPolicy(name), LATENCY_VARIABLES)).toBe(false);
  });

  it('a name inside another does not count as read', () => {
    const fake = { definition: { primary: { seek: 'latencyP95x > 1' }, peer: {} } } as never;
    expect(policyReads(fake, LATENCY_VARIABLES)).toBe(false);
  });
});
