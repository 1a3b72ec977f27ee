// The primary side of a CDN agent's MAPE-K loop: per demand group (an own site and the regions it
// serves) it monitors demand, forecasts it, asks its policy whether to seek capacity, ranks the
// advertised peers and runs negotiations; the arrangements they yield are held (routed, reviewed,
// ended) by ./held-arrangements.
import { createActor, type Actor } from 'xstate';
import type { MetadataCascade } from '../metadata-cascade.js';
import type { CdnSample } from '../../cdn/port/cdn-port.js';
import type { Sla, Term } from '../cdni/vocabulary.js';
import type { MessageOf } from '../messages.js';
import type { AgentSides } from '../dispatch.js';
import { cfpMessage, negotiationMachine, type NegotiationInput, type NegotiationOutput } from '../negotiation/negotiation.machine.js';
import { OpenCall } from './open-call.js';
import { ioOf, type AgentEnv } from '../env.js';
import { termDurationS } from '../agent-params.js';
import type { Knowledge } from '../knowledge.js';
import { candidateScope, predictorOf, rankCandidates, spreadNearEqual, type Candidate } from './candidates.js';
import type { ArrangementRecord, NegotiationRecord } from '../ledger.js';
import { demandGroups, groupScope, type DemandGroup, type GroupScope } from './demand.js';
import { HeldArrangements } from './held-arrangements.js';
import { bargainingProgress, FAILED_PEER_COOLDOWN_S, MAX_RETRIES, RANKING_TICKS, retryMs } from '../protocol.js';

interface LiveNegotiation {
  record: NegotiationRecord;
  group: DemandGroup;
  candidate: Candidate;
  /** the call for proposals, while no proposal has come (./open-call) */
  call: OpenCall;
  /** the actor that bargains from the peer's first proposal on */
  actor: Actor<typeof negotiationMachine> | null;
  input: NegotiationInput;
}

export class PrimaryRole {
  readonly groups: DemandGroup[];
  private readonly negotiations = new Map<string, LiveNegotiation>();
  private readonly held: HeldArrangements;
  private readonly cooldownUntil = new Map<string, number>();
  private counter = 0;

  /**
   * `orderKey(peer)`: this primary's seeded key for the peer (the same for a run's seed and the pair),
   * which orders near-equal candidates (spreadNearEqual); without it, they stay in peer-id order.
   */
  constructor(
    private readonly env: AgentEnv,
    private readonly knowledge: Knowledge,
    private readonly orderKey: ((peer: string) => number) | null = null,
    /** a transit's metadata from upstream, passed on with its arrangements */
    cascade?: MetadataCascade,
  ) {
    this.groups = demandGroups(env);
    this.held = new HeldArrangements(env, (peer) => this.cooldownUntil.set(peer, env.clock.now + FAILED_PEER_COOLDOWN_S), knowledge, cascade);
  }

  get hasDemand(): boolean {
    return this.groups.length > 0;
  }

  /** one pass of Monitor → Analyze → Plan → Execute over the demand groups */
  tick(sample: CdnSample): void {
    for (const group of this.groups) {
      const scope = groupScope(this.env, group, sample, this.held.peered(group));
      this.planCapacity(group, scope);
      this.held.review(group, scope);
      this.held.route(group);
    }
  }

  /** whether this role holds the arrangement (as its primary) */
  holds(arrangementId: string): boolean {
    return this.held.holds(arrangementId);
  }

  /** the messages the primary side handles (see ./dispatch) */
  handlers(): NonNullable<AgentSides['primary']> {
    const toNegotiation = (message: MessageOf<'negotiation.proposal' | 'negotiation.reject' | 'negotiation.confirm'>) =>
      this.negotiations.get(message.negotiationId)?.actor?.send(message);
    return {
      'negotiation.proposal': (m) => {
        const live = this.negotiations.get(m.negotiationId);
        if (live && !live.actor && live.call.waiting) this.startBargaining(live);
        toNegotiation(m);
      },
      'negotiation.reject': (m) => {
        const live = this.negotiations.get(m.negotiationId);
        if (live && !live.actor) live.call.rejected(m.cause);
        else toNegotiation(m);
      },
      'negotiation.confirm': toNegotiation,
      ...this.held.handlers(),
    };
  }

  private planCapacity(group: DemandGroup, scope: GroupScope): void {
    const env = this.env;
    const seek = env.policy.bool('primary', 'seek', scope);
    if (!seek) {
      group.overloadSinceS = null;
      return;
    }
    group.overloadSinceS ??= scope.t;
    const pending = [...this.negotiations.values()].filter((n) => n.group === group);
    const inFlight = pending.reduce((s, n) => s + n.record.capacityAskedRps, 0) + this.held.provisioning(group);
    const need = env.policy.num('primary', 'need', scope) - inFlight;
    const slots = env.params.maxCandidates - pending.length;
    if (need < Math.max(1, 0.01 * group.capacityRps) || slots <= 0) return;
    const term = env.policy.choice('primary', 'term', { overloadAge: scope.t - group.overloadSinceS, ...scope }) as Term;
    const engaged = new Set([...pending.map((n) => n.candidate.peer), ...this.held.peersOf(group)]);
    const candidates = this.ranking(group, term, need, scope).filter(
      (c) =>
        !engaged.has(c.peer) &&
        (this.cooldownUntil.get(c.peer) ?? -Infinity) <= scope.t &&
        this.knowledge.isValid(c.peer, scope.t) &&
        !this.knowledge.distrusts(c.peer),
    );
    let remaining = need;
    for (const candidate of candidates.slice(0, slots)) {
      if (remaining <= 0) break;
      const asked = Math.min(remaining, candidate.profile.capacityRps);
      this.startNegotiation(group, candidate, term, asked, scope);
      remaining -= asked;
    }
  }

  /**
   * The group's ranked candidates. Scoring every advertised profile is the costliest step of a
   * pass, so a ranking is reused for RANKING_TICKS monitor passes (while the term stays the same);
   * candidates already engaged, cooling down or distrusted (found not enforcing metadata) are filtered out at each use.
   */
  private ranking(group: DemandGroup, term: Term, need: number, scope: GroupScope): Candidate[] {
    const ttl = RANKING_TICKS * this.env.params.monitorIntervalS;
    const cached = group.ranking;
    if (cached && cached.term === term && scope.t - cached.atS < ttl) return cached.list;
    const ranked = rankCandidates(this.env, this.knowledge, group, term, need, scope);
    const list = this.orderKey ? spreadNearEqual(ranked, this.orderKey) : ranked;
    group.ranking = { term, atS: scope.t, list };
    return list;
  }

  private startNegotiation(group: DemandGroup, candidate: Candidate, term: Term, capacityRps: number, scope: GroupScope): void {
    const env = this.env;
    const now = env.clock.now;
    const id = `${env.id}>${candidate.peer}#${++this.counter}`;
    const cscope = candidateScope(scope, candidate, capacityRps);
    const opening = env.policy.num('primary', 'opening', cscope);
    const limit = env.policy.num('primary', 'limit', cscope);
    const tactic = env.policy.concession('primary');
    const deadlineS = env.params.negotiationDeadlineS;
    const record: NegotiationRecord = {
      id,
      primary: env.id,
      peer: candidate.peer,
      term,
      startedAtS: now,
      endedAtS: null,
      outcome: 'open',
      cause: null,
      rounds: 0,
      capacityAskedRps: capacityRps,
      agreedPricePerGB: null,
    };
    env.ledger.negotiations.push(record);
    const maxRounds = env.params.maxRounds;
    const bargain = (ctx: { round: number; theirOffers: number[]; myOffers: number[] }, proposed: number) => {
      const elapsed = bargainingProgress(env.clock.now - now, deadlineS, ctx.round, maxRounds);
      const myNextPrice = tactic.offer(opening, limit, elapsed, ctx.theirOffers, ctx.myOffers);
      return {
        elapsed,
        round: ctx.round,
        proposedPrice: proposed,
        myLastPrice: ctx.myOffers[ctx.myOffers.length - 1],
        capacityAsked: capacityRps,
        term,
        limit,
        myNextPrice,
      };
    };
    const input: NegotiationInput = {
      negotiationId: id,
      peer: candidate.peer,
      profileId: candidate.profile.id,
      term,
      regions: group.regionNames,
      capacityRps,
      durationS: termDurationS(env.params, term),
      qos: { p95LatencyMs: env.params.slaP95S * 1000, maxRejectedShare: env.params.slaMaxRejected },
      opening,
      limit,
      deadlineMs: deadlineS * 1000,
      retryMs: retryMs(env),
      maxRetries: MAX_RETRIES,
      maxRounds: env.params.maxRounds,
      startedAtS: now,
      io: ioOf(env),
      decide: {
        accept: (ctx, proposed) => proposed <= limit && env.policy.bool('primary', 'accept', bargain(ctx, proposed)),
        nextPrice: (ctx) => bargain(ctx, ctx.theirOffers[ctx.theirOffers.length - 1] ?? opening).myNextPrice,
      },
    };
    const call = new OpenCall(env.clock, input.io, cfpMessage(input), input, (end) => this.onNegotiationDone(live, { ...end, sla: null, rounds: 0 }));
    const live: LiveNegotiation = { record, group, candidate, call, actor: null, input };
    this.negotiations.set(id, live);
  }

  /** the peer's first proposal: the negotiation actor takes over from the call, within what is left of the deadline */
  private startBargaining(live: LiveNegotiation): void {
    const env = this.env;
    live.call.answered();
    const elapsedMs = (env.clock.now - live.record.startedAtS) * 1000;
    const actor = createActor(negotiationMachine, {
      id: `negotiation:${live.record.id}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: { ...live.input, cfpId: live.call.id, deadlineMs: live.input.deadlineMs - elapsedMs },
    });
    live.actor = actor;
    actor.subscribe((snapshot) => {
      if (snapshot.status === 'done') this.onNegotiationDone(live, snapshot.output as NegotiationOutput);
    });
    actor.start();
  }

  private onNegotiationDone(live: LiveNegotiation, output: NegotiationOutput): void {
    const env = this.env;
    this.negotiations.delete(live.record.id);
    Object.assign(live.record, { endedAtS: env.clock.now, outcome: output.outcome, cause: output.cause, rounds: output.rounds });
    if (output.outcome !== 'agreed' || output.sla === null) {
      this.cooldownUntil.set(live.candidate.peer, env.clock.now + env.params.negotiationDeadlineS * 2);
      return;
    }
    live.record.agreedPricePerGB = output.sla.pricePerGB;
    const replication = env.policy.choice('primary', 'replicate', live.group.scope as GroupScope) as 'push' | 'pull';
    this.held.start(live.group, output.sla, {
      requestedAtS: live.record.startedAtS,
      detectedAtS: live.group.overloadSinceS ?? live.record.startedAtS,
      predictor: live.candidate.predictor,
      predictedLatencyMs: live.candidate.predictedLatencyMs,
      replication,
      origin: 'negotiated',
      peerFootprint: live.candidate.profile.footprint,
    });
  }

  /**
   * A contract signed before the run (scenario `contracts`): no negotiation, it goes straight to
   * provisioning. It serves the site group of its first region that has this CDN's users.
   */
  adoptContract(sla: Sla): void {
    const env = this.env;
    const group = this.groups.find((g) => g.regionNames.some((r) => sla.regions.includes(r))) ?? this.groups[0];
    if (!group) return;
    const regions = group.regionNames.filter((r) => sla.regions.includes(r));
    const now = env.clock.now;
    this.held.start(
      group,
      { ...sla, regions: regions.length ? regions : group.regionNames },
      {
        requestedAtS: now,
        detectedAtS: now,
        predictor: predictorOf(env),
        predictedLatencyMs: null,
        replication: 'pull',
        origin: 'contract',
        peerFootprint: [],
      },
    );
  }

  /** a window's SLA verdict on an arrangement it holds: its policy decides whether it is a breach */
  judged(arrangementId: string, consecutiveViolations: number): void {
    this.held.judged(arrangementId, consecutiveViolations);
  }

  /** live arrangements, for the control plane's per-window SLA checks */
  live(): { record: ArrangementRecord; sla: Sla; lane: number; routed: boolean }[] {
    return this.held.live();
  }

  /** every live negotiation's actor (or its call, before a proposal) and arrangement's actor, for stopping at the end of a run */
  actors(): { stop(): void }[] {
    return [...[...this.negotiations.values()].map((n) => n.actor ?? n.call), ...this.held.actors()];
  }
}
