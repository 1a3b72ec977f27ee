// The primary side of a CDN agent's MAPE-K loop: per demand group (an own site and the regions it
// serves) it monitors demand, forecasts it, asks its policy whether to seek capacity, ranks the
// advertised peers, runs negotiations, and drives the arrangements it holds (routing shares,
// resize, disband with a hold time, failover when a peer goes silent).
import { createActor, type Actor } from 'xstate';
import type { CdnSample } from '../cdn/probe.js';
import type { ServiceProfile, Sla, Term } from './cdni/vocabulary.js';
import type { Message, MessageOf } from './messages.js';
import { negotiationMachine, type NegotiationOutput } from './negotiation.machine.js';
import { arrangementMachine, type EndReason } from './arrangement.machine.js';
import { HoltForecaster } from './forecast.js';
import { HoldTimer } from './hold.js';
import { ioOf, numParam, ownScope, type AgentEnv } from './env.js';
import type { Knowledge } from './knowledge.js';
import { candidateScope, predictorOf, rankCandidates, type Candidate } from './candidates.js';
import type { PredictorName } from './predictors.js';
import type { ArrangementRecord, NegotiationRecord } from './ledger.js';

export interface DemandGroup {
  siteIndex: number;
  regions: number[];
  regionNames: string[];
  forecaster: HoltForecaster;
  overloadSinceS: number | null;
  /** latest figures of the group, for routing shares */
  demandPerS: number;
  capacityRps: number;
  /** the variables of the last tick, for decisions taken between ticks */
  scope: GroupScope | null;
  /** peers that hold a routing share of this group's traffic */
  routedPeers: Set<string>;
  /** the last ranking of candidates (see PrimaryRole.ranking) */
  ranking: { term: Term; atS: number; list: Candidate[] } | null;
}

/** monitor passes a ranking of candidates is reused for */
const RANKING_TICKS = 3;

export type GroupScope = ReturnType<PrimaryRole['groupScope']>;

/** how an arrangement came about: a negotiation the primary started, or a contract */
interface ArrangementOrigin {
  requestedAtS: number;
  detectedAtS: number;
  predictor: PredictorName;
  predictedLatencyMs: number | null;
  replication: 'push' | 'pull';
}

interface LiveNegotiation {
  record: NegotiationRecord;
  group: DemandGroup;
  candidate: Candidate;
  actor: Actor<typeof negotiationMachine>;
}

interface LiveArrangement {
  record: ArrangementRecord;
  sla: Sla;
  group: DemandGroup;
  actor: Actor<typeof arrangementMachine>;
  routed: boolean;
  disbandHold: HoldTimer;
  lastResizeS: number;
  lastReportS: number;
  /** redirected requests the peer had served at the last tick, and when */
  lastServed: number;
  lastTickS: number;
  loadRps: number;
  /** an extension of the time frame was asked for and not answered yet; the peer refused one */
  extending: boolean;
  extensionRefused: boolean;
}

const END_STATE: Record<EndReason, ArrangementRecord['state']> = {
  expired: 'expired',
  disbanded: 'disbanded',
  terminated: 'terminated',
  'sla-violation': 'terminated',
  failed: 'failed',
  'rejected-metadata': 'failed',
};

export class PrimaryRole {
  readonly groups: DemandGroup[];
  private readonly negotiations = new Map<string, LiveNegotiation>();
  private readonly arrangements = new Map<string, LiveArrangement>();
  private readonly cooldownUntil = new Map<string, number>();
  private counter = 0;

  constructor(private readonly env: AgentEnv, private readonly knowledge: Knowledge) {
    this.groups = demandGroups(env);
  }

  get hasDemand(): boolean {
    return this.groups.length > 0;
  }

  /** one pass of Monitor → Analyze → Plan → Execute over the demand groups */
  tick(sample: CdnSample): void {
    for (const group of this.groups) {
      const scope = this.groupScope(group, sample);
      this.planCapacity(group, scope);
      this.reviewArrangements(group, scope);
      this.route(group);
    }
  }

  /** whether this role holds the arrangement (as its primary) */
  holds(arrangementId: string): boolean {
    return this.arrangements.has(arrangementId);
  }

  receive(message: Message): void {
    switch (message.type) {
      case 'negotiation.proposal':
      case 'negotiation.reject':
      case 'negotiation.confirm':
        this.negotiations.get(message.negotiationId)?.actor.send(message);
        break;
      case 'metadata.ack':
      case 'arrangement.terminate':
      case 'arrangement.resized':
        this.arrangements.get(message.arrangementId)?.actor.send(message);
        break;
      case 'log.report':
        this.onLogReport(message);
        break;
      default:
        break;
    }
  }

  groupScope(group: DemandGroup, sample: CdnSample) {
    const env = this.env;
    const site = sample.sites.find((s) => s.siteIndex === group.siteIndex);
    let demand = 0;
    for (const r of group.regions) demand += sample.demandPerS[r];
    // the very first reading (at the start of the run) covers no time: it says nothing of demand
    if (sample.dtS > 1e-6) group.forecaster.observe(demand, sample.tS);
    group.demandPerS = demand;
    group.capacityRps = site?.capacityRps ?? 0;
    const horizon = numParam(env, 'negotiationDeadline') + numParam(env, 'monitorInterval');
    const live = [...this.arrangements.values()].filter((a) => a.group === group && a.routed && !this.expiringSoon(a));
    const scope = {
      ...ownScope(env, sample),
      utilization: site?.utilization ?? 0,
      arrivalRate: demand,
      capacity: group.capacityRps,
      rejectedShare: site?.rejectedShare ?? 0,
      queueLength: site?.queueNow ?? 0,
      forecastRate: group.forecaster.forecast(horizon),
      trend: group.forecaster.trend,
      peeredCapacity: live.reduce((sum, a) => sum + a.sla.capacityRps, 0),
      activeArrangements: live.length,
      revenuePerGB: env.dp.scenario.cdns[env.index].economics.revenuePerGB,
    };
    group.scope = scope;
    return scope;
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
    const provisioning = [...this.arrangements.values()].filter((a) => a.group === group && a.record.state === 'provisioning');
    const inFlight = pending.reduce((s, n) => s + n.record.capacityAskedRps, 0) + provisioning.reduce((s, a) => s + a.sla.capacityRps, 0);
    const need = env.policy.num('primary', 'need', scope) - inFlight;
    const slots = numParam(env, 'maxCandidates') - pending.length;
    if (need < Math.max(1, 0.01 * group.capacityRps) || slots <= 0) return;
    const term = env.policy.choice('primary', 'term', { ...scope, overloadAge: scope.t - group.overloadSinceS }) as Term;
    const engaged = new Set([...pending.map((n) => n.candidate.peer), ...this.peersOf(group)]);
    const candidates = this.ranking(group, term, need, scope).filter(
      (c) => !engaged.has(c.peer) && (this.cooldownUntil.get(c.peer) ?? -Infinity) <= scope.t && this.knowledge.isValid(c.peer, scope.t),
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
   * candidates already engaged or cooling down are filtered out at each use.
   */
  private ranking(group: DemandGroup, term: Term, need: number, scope: GroupScope): Candidate[] {
    const ttl = RANKING_TICKS * numParam(this.env, 'monitorInterval');
    const cached = group.ranking;
    if (cached && cached.term === term && scope.t - cached.atS < ttl) return cached.list;
    const list = rankCandidates(this.env, this.knowledge, group, term, need, scope);
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
    const deadlineS = numParam(env, 'negotiationDeadline');
    const record: NegotiationRecord = {
      id, primary: env.id, peer: candidate.peer, term, startedAtS: now, endedAtS: null, outcome: 'open', cause: null,
      rounds: 0, capacityAskedRps: capacityRps, agreedPricePerGB: null,
    };
    env.ledger.negotiations.push(record);
    const maxRounds = numParam(env, 'maxRounds');
    const bargain = (ctx: { startedAtS: number; round: number; theirOffers: number[]; myOffers: number[] }, proposed: number) => {
      const elapsed = bargainingProgress(env.clock.now - ctx.startedAtS, deadlineS, ctx.round, maxRounds);
      const myNextPrice = tactic.offer(opening, limit, elapsed, ctx.theirOffers, ctx.myOffers);
      return { elapsed, round: ctx.round, proposedPrice: proposed, myLastPrice: ctx.myOffers[ctx.myOffers.length - 1], capacityAsked: capacityRps, term, limit, myNextPrice };
    };
    const actor = createActor(negotiationMachine, {
      id: `negotiation:${id}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: {
        negotiationId: id, peer: candidate.peer, profileId: candidate.profile.id, term, regions: group.regionNames, capacityRps,
        durationS: numParam(env, term === 'long' ? 'longTermDuration' : 'shortTermDuration'),
        qos: { p95LatencyMs: numParam(env, 'slaP95') * 1000, maxRejectedShare: numParam(env, 'slaMaxRejected') },
        opening, limit, deadlineMs: deadlineS * 1000, retryMs: retryMs(env), maxRetries: 3, maxRounds: numParam(env, 'maxRounds'),
        startedAtS: now, io: ioOf(env),
        decide: {
          accept: (ctx, proposed) => proposed <= limit && env.policy.bool('primary', 'accept', bargain(ctx, proposed)),
          nextPrice: (ctx) => bargain(ctx, ctx.theirOffers[ctx.theirOffers.length - 1] ?? opening).myNextPrice,
        },
      },
    });
    const live: LiveNegotiation = { record, group, candidate, actor };
    this.negotiations.set(id, live);
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
      this.cooldownUntil.set(live.candidate.peer, env.clock.now + numParam(env, 'negotiationDeadline') * 2);
      return;
    }
    live.record.agreedPricePerGB = output.sla.pricePerGB;
    const replication = env.policy.choice('primary', 'replicate', live.group.scope as GroupScope) as 'push' | 'pull';
    this.startArrangement(live.group, output.sla, {
      requestedAtS: live.record.startedAtS, detectedAtS: live.group.overloadSinceS ?? live.record.startedAtS,
      predictor: live.candidate.predictor, predictedLatencyMs: live.candidate.predictedLatencyMs, replication,
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
    this.startArrangement(group, { ...sla, regions: regions.length ? regions : group.regionNames }, {
      requestedAtS: now, detectedAtS: now, predictor: predictorOf(env), predictedLatencyMs: null, replication: 'pull',
    });
  }

  private startArrangement(group: DemandGroup, sla: Sla, origin: ArrangementOrigin): void {
    const env = this.env;
    const now = env.clock.now;
    const replication = origin.replication;
    const record: ArrangementRecord = {
      id: sla.arrangementId, primary: env.id, peer: sla.peer, term: sla.term, state: 'provisioning', endReason: null,
      detectedAtS: origin.detectedAtS, requestedAtS: origin.requestedAtS, agreedAtS: now,
      activeAtS: null, firstRedirectAtS: null, endedAtS: null, regions: sla.regions, capacityRps: sla.capacityRps,
      pricePerGB: sla.pricePerGB, reservationPerRpsHour: sla.reservationPerRpsHour, p95TargetMs: sla.qos.p95LatencyMs, replication,
      servedRequests: 0, bytes: 0, slaViolations: 0, fees: 0, penalties: 0, predictor: origin.predictor,
      predictedLatencyMs: origin.predictedLatencyMs, deliveredLatencyMs: null, reportedDeliveries: 0, resizes: 0, extensions: 0,
    };
    env.ledger.arrangements.push(record);
    const arrangement: Partial<LiveArrangement> = {
      record, sla, group, routed: false, disbandHold: new HoldTimer(numParam(env, 'disbandHold')), lastResizeS: -Infinity, lastReportS: now, lastServed: 0, lastTickS: now, loadRps: 0, extending: false, extensionRefused: false,
    };
    const actor = createActor(arrangementMachine, {
      id: `arrangement:${sla.arrangementId}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: {
        sla,
        metadata: {
          arrangementId: sla.arrangementId, source: { kind: 'origin', region: env.dp.scenario.origin.region }, allowedRegions: sla.regions,
          cacheTtlS: 3600, uriSigning: false, replication, prepositionObjects: replication === 'push' ? numParam(env, 'pushTopObjects') : 0,
        },
        retryMs: retryMs(env), maxRetries: 3, drainMs: 2000, now: () => env.clock.now, io: ioOf(env),
        hooks: {
          activate: (s) => this.onActivate(arrangement as LiveArrangement, s),
          deactivate: () => this.onDeactivate(arrangement as LiveArrangement),
          ended: (_s, reason) => this.onEnded(arrangement as LiveArrangement, reason),
        },
      },
    });
    arrangement.actor = actor;
    this.arrangements.set(sla.arrangementId, arrangement as LiveArrangement);
    actor.start();
  }

  private onActivate(a: LiveArrangement, sla: Sla): void {
    const now = this.env.clock.now;
    if (a.record.activeAtS === null) a.record.activeAtS = now;
    if (sla.capacityRps !== a.sla.capacityRps) a.record.resizes++;
    if (sla.durationS !== a.sla.durationS) a.record.extensions++;
    else if (a.extending) a.extensionRefused = true;
    a.extending = false;
    a.sla = sla;
    a.record.capacityRps = sla.capacityRps;
    a.record.state = 'active';
    a.routed = true;
    a.lastReportS = now;
    this.route(a.group);
  }

  private onDeactivate(a: LiveArrangement): void {
    a.routed = false;
    this.route(a.group);
  }

  private onEnded(a: LiveArrangement, reason: EndReason): void {
    a.routed = false;
    a.record.state = END_STATE[reason];
    a.record.endReason = reason;
    a.record.endedAtS = this.env.clock.now;
    this.arrangements.delete(a.sla.arrangementId);
    this.route(a.group);
  }

  /** disband (with hold), resize, and detect silent peers */
  private reviewArrangements(group: DemandGroup, scope: GroupScope): void {
    const env = this.env;
    const now = scope.t;
    const silentAfter = 3 * reportInterval(env);
    for (const a of [...this.arrangements.values()]) {
      if (a.group !== group || !a.routed) continue;
      if (now - a.lastReportS > silentAfter) {
        a.actor.send({ type: 'peer.failed' });
        continue;
      }
      const served = this.servedFor(a);
      a.loadRps = now > a.lastTickS ? (served - a.lastServed) / (now - a.lastTickS) : a.loadRps;
      a.lastServed = served;
      a.lastTickS = now;
      const ascope = { ...scope, ...arrangementScope(a, now) };
      // a long-term arrangement is a commitment: it runs its time frame (or ends by termination)
      const disband = a.sla.term === 'short' && env.policy.bool('primary', 'disband', ascope);
      if (a.disbandHold.update(disband, now)) a.actor.send({ type: 'disband' });
      if (disband) continue;
      if (this.expiringSoon(a) && !a.extending && !a.extensionRefused) {
        a.extending = true;
        a.actor.send({ type: 'extend', byS: numParam(env, a.sla.term === 'long' ? 'longTermDuration' : 'shortTermDuration') });
      }
      const wanted = env.policy.num('primary', 'rearrange', ascope);
      const change = Math.abs(wanted - a.sla.capacityRps) / a.sla.capacityRps;
      if (change > numParam(env, 'resizeThreshold') && now - a.lastResizeS >= numParam(env, 'negotiationDeadline') && wanted >= 1) {
        a.lastResizeS = now;
        a.actor.send({ type: 'resize', capacityRps: wanted });
      }
    }
  }

  /** routing shares: the group's demand above what its own site takes at the target utilization goes to its active arrangements, cheapest first */
  route(group: DemandGroup): void {
    const env = this.env;
    const target = numParam(env, 'targetUtilization');
    const live = [...this.arrangements.values()]
      .filter((a) => a.group === group && a.routed)
      .sort((x, y) => x.sla.pricePerGB - y.sla.pricePerGB || (x.sla.arrangementId < y.sla.arrangementId ? -1 : 1));
    let excess = Math.max(0, group.demandPerS - target * group.capacityRps);
    const alloc = new Map<string, number>([...group.routedPeers].map((peer) => [peer, 0]));
    for (const a of live) {
      const take = Math.min(excess, a.sla.capacityRps);
      excess -= take;
      alloc.set(a.sla.peer, (alloc.get(a.sla.peer) ?? 0) + take);
    }
    for (const [peer, rate] of alloc) {
      const share = group.demandPerS > 0 ? Math.min(1, rate / group.demandPerS) * 0.999999 : 0;
      for (const region of group.regions) env.dp.router.setShare(env.index, region, env.dp.cdnIndex(peer), share);
      this.updateAdmission(peer);
    }
    group.routedPeers = new Set(live.map((a) => a.sla.peer));
  }

  /** the peer admits up to the sum of the capacities of this primary's routed arrangements with it */
  private updateAdmission(peer: string): void {
    const env = this.env;
    const peering = env.dp.router.peering;
    const peerIndex = env.dp.cdnIndex(peer);
    const mine = [...this.arrangements.values()].filter((a) => a.routed && a.sla.peer === peer);
    peering.setAdmission(env.index, peerIndex, mine.reduce((sum, a) => sum + a.sla.capacityRps, 0), env.clock.now);
    peering.slowAboveMs[peering.pair(env.index, peerIndex)] = mine.length ? Math.min(...mine.map((a) => a.sla.qos.p95LatencyMs)) : Infinity;
  }

  private servedFor(a: LiveArrangement): number {
    const peering = this.env.dp.router.peering;
    return peering.served[peering.pair(this.env.index, this.env.dp.cdnIndex(a.sla.peer))];
  }

  private onLogReport(message: MessageOf<'log.report'>): void {
    const a = this.arrangements.get(message.arrangementId);
    const record = a?.record ?? this.env.ledger.arrangement(message.arrangementId);
    if (record) record.reportedDeliveries += message.deliveries;
    if (a) a.lastReportS = this.env.clock.now;
  }

  /** an SLA breach the control plane found in a window */
  breach(arrangementId: string): void {
    this.arrangements.get(arrangementId)?.actor.send({ type: 'sla.breach' });
  }

  /** the peers this group has live arrangements with (not counting ones about to expire: those may be renewed) */
  private peersOf(group: DemandGroup): string[] {
    return [...this.arrangements.values()].filter((a) => a.group === group && !this.expiringSoon(a)).map((a) => a.sla.peer);
  }

  /** an arrangement whose time frame ends before a new one could be negotiated and provisioned */
  private expiringSoon(a: LiveArrangement): boolean {
    const lead = 2 * (numParam(this.env, 'negotiationDeadline') + numParam(this.env, 'monitorInterval'));
    return a.sla.startS + a.sla.durationS - this.env.clock.now < lead;
  }

  /** live arrangements, for the control plane's per-window SLA checks */
  live(): { record: ArrangementRecord; sla: Sla; routed: boolean }[] {
    return [...this.arrangements.values()];
  }

  /** every live negotiation's and arrangement's actor, for stopping at the end of a run */
  actors(): { stop(): void }[] {
    return [...this.negotiations.values(), ...this.arrangements.values()].map((x) => x.actor);
  }
}

export function arrangementScope(a: { sla: Sla; record: ArrangementRecord; loadRps: number }, now: number) {
  return {
    arrangedCapacity: a.sla.capacityRps,
    arrangementLoad: a.loadRps,
    arrangementAge: a.record.activeAtS === null ? 0 : now - a.record.activeAtS,
    remainingTime: Math.max(0, a.sla.startS + a.sla.durationS - now),
    agreedPrice: a.sla.pricePerGB,
    slaViolations: a.record.slaViolations,
  };
}

/**
 * How far a negotiation has gone (0–1): the larger of the deadline's used share and the rounds'.
 * Control messages take milliseconds, so time alone would leave time-dependent tactics unmoved.
 */
export function bargainingProgress(elapsedS: number, deadlineS: number, round: number, maxRounds: number): number {
  return Math.min(1, Math.max(elapsedS / deadlineS, round / maxRounds));
}

export function retryMs(env: AgentEnv): number {
  return Math.max(50, (numParam(env, 'negotiationDeadline') * 1000) / 10);
}

export function reportInterval(env: AgentEnv): number {
  return Math.min(env.dp.scenario.windowS, 10);
}

/** own sites with the regions of its own users that each is nearest to */
function demandGroups(env: AgentEnv): DemandGroup[] {
  const regions = [...new Set(env.dp.sources.filter((s) => s.cdn === env.index).map((s) => s.region))].sort((a, b) => a - b);
  const bySite = new Map<number, number[]>();
  for (const region of regions) {
    const site = env.dp.router.nearestUpSite(env.index, region);
    if (site < 0) continue;
    bySite.set(site, [...(bySite.get(site) ?? []), region]);
  }
  return [...bySite].map(([siteIndex, rs]) => ({
    siteIndex, regions: rs, regionNames: rs.map((r) => env.dp.scenario.regions[r]), forecaster: new HoltForecaster(),
    overloadSinceS: null, demandPerS: 0, capacityRps: env.probe.siteCapacity(siteIndex), scope: null, routedPeers: new Set<string>(), ranking: null,
  }));
}

export type { ServiceProfile };
