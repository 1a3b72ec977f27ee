// The peer side of a CDN agent: it advertises what capacity it offers and at what price (from its
// policy), answers calls for proposals through one negotiation actor each, commits capacity only
// within its policy's limits, accepts metadata (pre-positioning pushed content), reports its
// deliveries, and terminates arrangements with notice when its own users need the capacity.
import { createActor, type Actor } from 'xstate';
import type { CdnSample } from '../../cdn/port/cdn-port.js';
import type { Advertisement, RejectCause, ServiceProfile, Sla } from '../cdni/vocabulary.js';
import type { MessageOf } from '../messages.js';
import type { AgentSides } from '../dispatch.js';
import { peerNegotiationMachine, type PeerNegotiationContext } from '../negotiation/peer-negotiation.machine.js';
import { ioOf, type AgentEnv } from '../env.js';
import { ADVERT_CHANGE, ADVERT_SHRINK, ADVERT_VALIDITY, bargainingProgress, smallestOffer } from '../protocol.js';
import { ServedArrangements } from './served-arrangements.js';
import { OfferHolds } from './offer-holds.js';
import { DeclinedCalls } from '../negotiation/declined-calls.js';
import { peerScope, type PeerScope } from './peer-scope.js';
import type { bargaining as bargainingVariables, VariablesOf } from '../../policies/decisions.js';
import { advertisementTargets, servedRegions, servesRegion } from '../footprint.js';
import type { MetadataCascade } from '../metadata-cascade.js';

/** what a peer's decisions can read about itself */
export type { PeerScope } from './peer-scope.js';

type Bargaining = PeerScope & VariablesOf<typeof bargainingVariables> & { askPrice: number; spareCapacity: number };

export class PeerRole {
  private readonly negotiations = new Map<string, Actor<typeof peerNegotiationMachine>>();
  private readonly seen = new Set<string>();
  private readonly served: ServedArrangements;
  /** capacity proposed and not yet committed or lapsed: not offered twice */
  private readonly holds: OfferHolds;
  /** calls declined at once, answered without an actor */
  private readonly declined: DeclinedCalls;
  private version = 0;
  private lastAdvertS = -Infinity;
  private lastSentS = -Infinity;
  /** the capacity its last advertisement offered */
  private lastSentCapacityRps = 0;
  private scope: PeerScope | null = null;
  private readonly startTimes = new Map<string, number>();
  private profile: ServiceProfile | null = null;
  /** the user regions its sites serve and the CDNs with users there: fixed for a run, worked out once */
  private servedCache: string[] | null = null;
  private targets: string[] | null = null;

  constructor(
    private readonly env: AgentEnv,
    /** where a transit keeps the metadata it accepted, to pass it on (../metadata-cascade) */
    cascade: MetadataCascade,
  ) {
    this.holds = new OfferHolds(env.port);
    this.declined = new DeclinedCalls(ioOf(env), this.lingerS());
    this.served = new ServedArrangements(
      env,
      {
        allowed: () => this.allowed(),
        reserve: () => (this.scope ? env.policy.num('peer', 'reserve', this.scope) : 1),
        committedChanged: () => this.audit(),
      },
      cascade,
    );
  }

  /** arrangements this CDN serves for others */
  servingCount(): number {
    return this.served.count();
  }

  /** every live negotiation actor, for stopping at the end of a run */
  actors(): { stop(): void }[] {
    return [...this.negotiations.values(), ...this.served.actors()];
  }

  /** capacity committed to primaries (pending or active) */
  committed(): number {
    return this.served.committed();
  }

  tick(sample: CdnSample): void {
    const env = this.env;
    const now = sample.tS;
    this.scope = this.selfScope(sample);
    this.served.tick(sample.dtS, this.scope);
    if (now - this.lastAdvertS >= env.params.advertiseIntervalS || this.offerShrank(this.scope)) this.advertise();
  }

  /** the messages the peer side handles (see ./dispatch) */
  handlers(): NonNullable<AgentSides['peer']> {
    const env = this.env;
    const toNegotiation = (message: MessageOf<'negotiation.counter' | 'negotiation.accept' | 'negotiation.withdraw'>) => {
      const actor = this.negotiations.get(message.negotiationId);
      if (!actor) return this.declined.answer(message, env.clock.now);
      if (this.seen.has(message.id)) actor.send({ type: 'duplicate' });
      else actor.send(message);
      this.seen.add(message.id);
    };
    return {
      'negotiation.cfp': (m) => this.onCfp(m),
      'negotiation.counter': toNegotiation,
      'negotiation.accept': toNegotiation,
      'negotiation.withdraw': toNegotiation,
      'metadata.push': (m) => this.served.onMetadata(m),
      'arrangement.resize': (m) => this.served.onResize(m),
      'arrangement.terminate': (m) => this.served.onTerminate(m),
      'log.ack': (m) => this.served.onLogAck(m),
    };
  }

  selfScope(sample: CdnSample): PeerScope {
    return peerScope(this.env, sample, this.committed(), this.served.committedLoad());
  }

  /** the most its policy lets it commit now: what it advertises, and no more than its capacity less the reserve */
  private allowed(): number {
    const env = this.env;
    const scope = this.scope;
    if (!scope) return 0;
    const reserve = env.policy.num('peer', 'reserve', scope);
    const offered = env.policy.num('peer', 'advertise', scope);
    return Math.max(0, Math.min(offered, scope.capacity * (1 - reserve)));
  }

  /**
   * What it can still offer or commit for users of these regions: its room (./served-arrangements)
   * less what its other open offers hold, overall and at the same sites (./offer-holds).
   */
  private room(regions: string[], negotiationId?: string): number {
    const held = this.holds.heldBesides(regions, this.env.clock.now, negotiationId);
    const room = this.served.room(regions);
    if (held.all === 0) return room;
    return Math.max(0, Math.min(room - held.there, this.allowed() - this.committed() - held.all));
  }

  private spare(): number {
    return Math.max(0, this.allowed() - this.committed());
  }

  private audit(): void {
    this.env.ledger.commitments.push({ peer: this.env.id, tS: this.env.clock.now, committedRps: this.committed(), allowedRps: this.allowed() });
  }

  /**
   * Every advertiseInterval: work out the current profile, and send it to the CDNs of its directory
   * whose users its footprint serves (../footprint; no one else hears of it) if it changed
   * noticeably (capacity or price by more than ADVERT_CHANGE) or the last one sent is halfway to
   * expiring. Advertisements are valid for ADVERT_VALIDITY intervals, so quiet peers
   * cost little traffic and knowledge never lapses.
   */
  private advertise(): void {
    const env = this.env;
    const scope = this.scope;
    if (!scope) return;
    this.lastAdvertS = scope.t;
    const interval = env.params.advertiseIntervalS;
    const profile = this.currentProfile(scope);
    const last = this.profile;
    const changed = (a: number, b: number) => Math.abs(a - b) > ADVERT_CHANGE * Math.max(Math.abs(a), Math.abs(b), 1e-12);
    const stale = scope.t - this.lastSentS >= (ADVERT_VALIDITY / 2) * interval;
    this.profile = profile;
    if (last && !stale && !changed(last.capacityRps, profile.capacityRps) && !changed(last.pricePerGB, profile.pricePerGB)) return;
    this.send(profile, scope.t);
  }

  private send(profile: ServiceProfile, now: number): void {
    const env = this.env;
    this.lastSentS = now;
    this.lastSentCapacityRps = profile.capacityRps;
    const ad: Advertisement = {
      peer: env.id,
      version: ++this.version,
      issuedAtS: now,
      validForS: ADVERT_VALIDITY * env.params.advertiseIntervalS,
      profiles: [profile],
    };
    this.targets ??= advertisementTargets(env, ad);
    const cdnPath = [env.id]; // one path for all: a message is never changed after it is sent
    for (const to of this.targets) env.network.send(env.id, { type: 'advertisement', to, advertisement: ad, cdnPath });
  }

  /** the user regions this peer accepts calls for (what it advertises as servedRegions) */
  servedRegions(): string[] {
    this.servedCache ??= servedRegions(this.env);
    return this.servedCache;
  }

  private currentProfile(scope: PeerScope): ServiceProfile {
    const env = this.env;
    const sites = env.port.sites;
    return {
      id: `${env.id}-standard`,
      footprint: [...new Set(sites.map((s) => s.region))],
      servedRegions: this.servedRegions(),
      deliveryProtocols: ['http/1.1', 'https/1.1'],
      redirectionModes: [...(env.port.ownRedirectionModes() ?? (env.world.redirectionMode === 'iterative' ? ['HTTP-I', 'DNS-I'] : ['HTTP-R', 'DNS-R']))],
      capacityRps: this.offeredCapacity(scope),
      serviceTimeMs: (sites.reduce((sum, s) => sum + s.meanServiceS, 0) / Math.max(1, sites.length)) * 1000,
      pricePerGB: env.policy.num('peer', 'price', scope),
      longTermDiscount: env.params.longTermDiscount,
      reservationPerRpsHour: env.params.reservationPerRpsHour,
      terms: ['short', 'long'],
      binding: env.params.binding,
      ...(env.port.metadata.active ? { metadataMode: env.port.metadata.own.mode } : {}),
    };
  }

  /** what it offers now: its policy's `advertise`, within its spare capacity */
  private offeredCapacity(scope: PeerScope): number {
    return Math.max(0, Math.min(this.env.policy.num('peer', 'advertise', scope), this.spare()));
  }

  /**
   * Whether what it offers fell by more than ADVERT_SHRINK since its last advertisement: then it
   * advertises at once, not at the next interval, since calls for capacity it no longer has would fail.
   * (More capacity waits for the interval.)
   */
  private offerShrank(scope: PeerScope): boolean {
    return this.lastSentCapacityRps > 0 && this.offeredCapacity(scope) < (1 - ADVERT_SHRINK) * this.lastSentCapacityRps;
  }

  private onCfp(cfp: MessageOf<'negotiation.cfp'>): void {
    const env = this.env;
    const existing = this.negotiations.get(cfp.negotiationId);
    if (existing) {
      existing.send({ type: 'duplicate' });
      return;
    }
    if (this.declined.has(cfp.negotiationId, env.clock.now)) return this.declined.answer(cfp, env.clock.now);
    const first = this.propose(cfp);
    if ('cause' in first) return this.declined.decline(cfp, first.cause, env.clock.now);
    // the accept guard and the counter of one counter-offer read the same variables: worked out once
    let last: { ctx: PeerNegotiationContext; price: number; now: number; vars: Bargaining } | null = null;
    const bargaining = (ctx: PeerNegotiationContext, price: number): Bargaining => {
      const now = env.clock.now;
      if (last && last.ctx === ctx && last.price === price && last.now === now) return last.vars;
      last = { ctx, price, now, vars: this.bargainingVariables(cfp, ctx, price) };
      return last.vars;
    };
    const actor = createActor(peerNegotiationMachine, {
      id: `peer:${cfp.negotiationId}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: {
        cfp,
        lingerMs: this.lingerS() * 1000,
        maxRounds: env.params.maxRounds,
        io: ioOf(env),
        decide: {
          propose: () => first,
          accept: (ctx, price) => env.policy.bool('peer', 'accept', bargaining(ctx, price)),
          counter: (ctx, price) => env.policy.num('peer', 'counter', bargaining(ctx, price)),
          commit: (ctx, price, capacity) => this.commit(ctx.cfp, price, capacity),
        },
      },
    });
    this.negotiations.set(cfp.negotiationId, actor);
    this.startTimes.set(cfp.negotiationId, env.clock.now);
    actor.subscribe((snapshot) => {
      if (snapshot.value !== 'proposing') this.holds.release(cfp.negotiationId);
      if (snapshot.status === 'done') {
        this.negotiations.delete(cfp.negotiationId);
        this.startTimes.delete(cfp.negotiationId);
      }
    });
    actor.start();
  }

  /** the variables of the peer's `accept` and `counter` for a counter-offer at `price` (written out, not spread: see ../arrangement-scope) */
  private bargainingVariables(cfp: MessageOf<'negotiation.cfp'>, ctx: PeerNegotiationContext, price: number): Bargaining {
    const env = this.env;
    const scope = this.scope as PeerScope;
    return {
      t: scope.t,
      utilization: scope.utilization,
      arrivalRate: scope.arrivalRate,
      capacity: scope.capacity,
      latencyP95: scope.latencyP95,
      committedCapacity: scope.committedCapacity,
      committedLoad: scope.committedLoad,
      costPerRequest: scope.costPerRequest,
      elapsed: bargainingProgress(env.clock.now - this.startedAt(cfp), env.params.negotiationDeadlineS, ctx.round, env.params.maxRounds),
      round: ctx.round,
      proposedPrice: price,
      myLastPrice: ctx.myPrices[ctx.myPrices.length - 1] ?? price,
      capacityAsked: cfp.capacityRps,
      term: cfp.term,
      askPrice: env.policy.num('peer', 'price', scope),
      spareCapacity: this.room(cfp.regions, cfp.negotiationId),
    };
  }

  /** how long a negotiation's last answer is kept for retries: twice the negotiation deadline (s) */
  private lingerS(): number {
    return 2 * this.env.params.negotiationDeadlineS;
  }

  private startedAt(cfp: MessageOf<'negotiation.cfp'>): number {
    return this.startTimes.get(cfp.negotiationId) ?? this.env.clock.now;
  }

  private propose(cfp: MessageOf<'negotiation.cfp'>): { price: number; capacityRps: number } | { cause: RejectCause } {
    const env = this.env;
    const profile = this.profile;
    if (!this.scope || !profile) return { cause: '504-out-of-capacity' };
    if (!profile.terms.includes(cfp.term)) return { cause: 'term' };
    if (!cfp.regions.some((r) => servesRegion(env, r))) return { cause: 'footprint' };
    const spare = this.room(cfp.regions);
    if (spare < smallestOffer(cfp.capacityRps)) return { cause: '504-out-of-capacity' };
    const ask = env.policy.num('peer', 'price', this.scope);
    const price = cfp.term === 'long' ? ask * (1 - profile.longTermDiscount) : ask;
    const capacityRps = Math.min(cfp.capacityRps, spare);
    this.holds.hold(cfp.negotiationId, cfp.regions, capacityRps, env.clock.now + env.params.negotiationDeadlineS);
    return { price, capacityRps };
  }

  private commit(cfp: MessageOf<'negotiation.cfp'>, price: number, capacityRps: number): Sla | { cause: RejectCause } {
    const env = this.env;
    const capacity = Math.min(capacityRps, this.room(cfp.regions, cfp.negotiationId));
    this.holds.release(cfp.negotiationId);
    if (capacity < smallestOffer(capacityRps)) return { cause: '504-out-of-capacity' };
    const profile = this.profile as ServiceProfile;
    const sla: Sla = {
      arrangementId: cfp.negotiationId,
      primary: cfp.from,
      peer: env.id,
      profileId: profile.id,
      term: cfp.term,
      regions: cfp.regions,
      capacityRps: capacity,
      pricePerGB: price,
      reservationPerRpsHour: cfp.term === 'long' ? profile.reservationPerRpsHour : 0,
      qos: cfp.qos,
      penaltyPerViolation: env.params.penaltyPerViolation,
      startS: env.clock.now,
      durationS: cfp.durationS,
      noticeS: env.params.noticePeriodS,
    };
    this.served.add(sla);
    this.audit();
    return sla;
  }

  /** a contract signed before the run: committed as agreed, waiting for the primary's metadata */
  adoptContract(sla: Sla): void {
    this.served.add(sla);
  }
}
