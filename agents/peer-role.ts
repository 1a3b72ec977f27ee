// The peer side of a CDN agent: it advertises what capacity it offers and at what price (from its
// policy), answers calls for proposals through one negotiation actor each, commits capacity only
// within its policy's limits, accepts metadata (pre-positioning pushed content), reports its
// deliveries, and terminates arrangements with notice when its own users need the capacity.
import { createActor, type Actor } from 'xstate';
import type { CdnSample } from '../cdn/probe.js';
import type { Advertisement, RejectCause, ServiceProfile, Sla } from './cdni/vocabulary.js';
import type { Message, MessageOf } from './messages.js';
import { peerNegotiationMachine, type PeerNegotiationContext } from './peer-negotiation.machine.js';
import { ioOf, numParam, ownScope, type AgentEnv } from './env.js';
import { bargainingProgress, reportInterval, retryMs } from './timing.js';

/** relative change of capacity or price that is worth a new advertisement before the refresh is due */
const ADVERT_CHANGE = 0.05;
/** advertisements are valid this many advertise intervals */
const ADVERT_VALIDITY = 4;

interface Serving {
  sla: Sla;
  state: 'pending' | 'active' | 'ending';
  /** pre-positioned objects, purged when the arrangement ends */
  pushed: number[];
  lastReportedServed: number;
  provisionedBy: number;
  /** requests served under it at the last tick, and the rate since */
  lastTickServed: number;
  loadRps: number;
}

export class PeerRole {
  private readonly negotiations = new Map<string, Actor<typeof peerNegotiationMachine>>();
  private readonly seen = new Set<string>();
  private readonly serving = new Map<string, Serving>();
  private version = 0;
  private lastAdvertS = -Infinity;
  private lastSentS = -Infinity;
  private lastReportS = 0;
  private scope: ReturnType<PeerRole['selfScope']> | null = null;
  private readonly startTimes = new Map<string, number>();
  private profile: ServiceProfile | null = null;

  constructor(private readonly env: AgentEnv) {}

  /** capacity committed to primaries (pending or active) */
  /** arrangements this CDN serves for others, for the end-of-run check */
  servingCount(): number {
    return this.serving.size;
  }

  /** every live negotiation actor, for stopping at the end of a run */
  actors(): { stop(): void }[] {
    return [...this.negotiations.values()];
  }

  committed(): number {
    let sum = 0;
    for (const s of this.serving.values()) if (s.state !== 'ending') sum += s.sla.capacityRps;
    return sum;
  }

  tick(sample: CdnSample): void {
    const env = this.env;
    const now = sample.tS;
    for (const s of this.serving.values()) {
      const served = this.servedFor(s.sla.primary);
      s.loadRps = (served - s.lastTickServed) / sample.dtS;
      s.lastTickServed = served;
    }
    this.scope = this.selfScope(sample);
    if (now - this.lastAdvertS >= numParam(env, 'advertiseInterval')) this.advertise();
    this.reviewServing();
    if (now - this.lastReportS >= reportInterval(env)) this.report();
  }

  receive(message: Message): void {
    switch (message.type) {
      case 'negotiation.cfp':
        this.onCfp(message);
        break;
      case 'negotiation.counter':
      case 'negotiation.accept':
      case 'negotiation.withdraw': {
        const actor = this.negotiations.get(message.negotiationId);
        if (!actor) break;
        if (this.seen.has(message.id)) actor.send({ type: 'duplicate' });
        else actor.send(message);
        this.seen.add(message.id);
        break;
      }
      case 'metadata.push':
        this.onMetadata(message);
        break;
      case 'arrangement.resize':
        this.onResize(message);
        break;
      case 'arrangement.terminate':
        this.end(message.arrangementId);
        break;
      default:
        break;
    }
  }

  selfScope(sample: CdnSample) {
    const env = this.env;
    const own = ownScope(env, sample);
    const committedLoad = [...this.serving.values()].reduce((sum, s) => sum + s.loadRps, 0);
    const economics = env.dp.scenario.cdns[env.index].economics;
    const servers = sample.sites.reduce((n, s) => n + s.servers, 0);
    return {
      t: own.t,
      utilization: own.utilization,
      arrivalRate: own.arrivalRate,
      capacity: own.capacity,
      latencyP95: own.latencyP95,
      committedCapacity: this.committed(),
      committedLoad,
      costPerRequest: own.capacity > 0 ? (economics.costPerServerHour * servers) / 3600 / own.capacity : 0,
    };
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

  private spare(): number {
    return Math.max(0, this.allowed() - this.committed());
  }

  /** the sites that would serve users of these regions (the router sends each to its nearest site) */
  private servingSites(regions: string[]): Set<number> {
    const dp = this.env.dp;
    return new Set(regions.map((r) => dp.router.nearestUpSite(this.env.index, dp.rtt.indexOf(r))).filter((s) => s >= 0));
  }

  /**
   * What it can still commit for users of these regions: its overall spare, and no more than the
   * serving sites' capacity less the reserve and less what other arrangements already send there.
   */
  private room(regions: string[], excluding?: string): number {
    const env = this.env;
    if (!this.scope) return 0;
    const sites = this.servingSites(regions);
    const reserve = env.policy.num('peer', 'reserve', this.scope);
    let capacity = 0;
    for (const site of sites) capacity += env.probe.siteCapacity(site) * (1 - reserve);
    let there = 0;
    for (const s of this.serving.values()) {
      if (s.state === 'ending' || s.sla.arrangementId === excluding) continue;
      if ([...this.servingSites(s.sla.regions)].some((site) => sites.has(site))) there += s.sla.capacityRps;
    }
    const own = excluding ? (this.serving.get(excluding)?.sla.capacityRps ?? 0) : 0;
    return Math.max(0, Math.min(this.allowed() - (this.committed() - own), capacity - there));
  }

  private audit(): void {
    this.env.ledger.commitments.push({ peer: this.env.id, tS: this.env.clock.now, committedRps: this.committed(), allowedRps: this.allowed() });
  }

  /**
   * Every advertiseInterval: work out the current profile, and send it to every other CDN if it
   * changed noticeably (capacity or price by more than ADVERT_CHANGE) or the last one sent is
   * halfway to expiring. Advertisements are valid for ADVERT_VALIDITY intervals, so quiet peers
   * cost little traffic and knowledge never lapses.
   */
  private advertise(): void {
    const env = this.env;
    const scope = this.scope;
    if (!scope) return;
    this.lastAdvertS = scope.t;
    const interval = numParam(env, 'advertiseInterval');
    const profile = this.currentProfile(scope);
    const last = this.profile;
    const changed = (a: number, b: number) => Math.abs(a - b) > ADVERT_CHANGE * Math.max(Math.abs(a), Math.abs(b), 1e-12);
    const stale = scope.t - this.lastSentS >= (ADVERT_VALIDITY / 2) * interval;
    this.profile = profile;
    if (last && !stale && !changed(last.capacityRps, profile.capacityRps) && !changed(last.pricePerGB, profile.pricePerGB)) return;
    this.lastSentS = scope.t;
    const ad: Advertisement = { peer: env.id, version: ++this.version, issuedAtS: scope.t, validForS: ADVERT_VALIDITY * interval, profiles: [profile] };
    for (const other of env.dp.cdnIds) if (other !== env.id) env.network.send(env.id, { type: 'advertisement', to: other, advertisement: ad });
  }

  private currentProfile(scope: ReturnType<PeerRole['selfScope']>): ServiceProfile {
    const env = this.env;
    const sites = env.dp.sites.filter((s) => s.cdn === env.index);
    const meanBytes = env.dp.catalog.meanSizeBytes();
    return {
      id: `${env.id}-standard`,
      footprint: [...new Set(sites.map((s) => env.dp.scenario.regions[s.region]))],
      deliveryProtocols: ['http/1.1', 'https/1.1'],
      redirectionModes: env.dp.scenario.network.redirection.mode === 'iterative' ? ['HTTP-I', 'DNS-I'] : ['HTTP-R', 'DNS-R'],
      capacityRps: Math.max(0, Math.min(env.policy.num('peer', 'advertise', scope), this.spare())),
      serviceTimeMs: (sites.reduce((sum, s) => sum + s.serviceTime.meanSeconds(meanBytes), 0) / Math.max(1, sites.length)) * 1000,
      pricePerGB: env.policy.num('peer', 'price', scope),
      longTermDiscount: numParam(env, 'longTermDiscount'),
      reservationPerRpsHour: numParam(env, 'reservationPerRpsHour'),
      terms: ['short', 'long'],
      binding: env.policy.param('binding') === true,
    };
  }

  private onCfp(cfp: MessageOf<'negotiation.cfp'>): void {
    const env = this.env;
    const existing = this.negotiations.get(cfp.negotiationId);
    if (existing) {
      existing.send({ type: 'duplicate' });
      return;
    }
    const bargaining = (ctx: PeerNegotiationContext, price: number) => {
      const scope = this.scope as ReturnType<PeerRole['selfScope']>;
      return {
        ...scope,
        elapsed: bargainingProgress(env.clock.now - this.startedAt(cfp), numParam(env, 'negotiationDeadline'), ctx.round, numParam(env, 'maxRounds')),
        round: ctx.round, proposedPrice: price, myLastPrice: ctx.myPrices[ctx.myPrices.length - 1] ?? price,
        capacityAsked: cfp.capacityRps, term: cfp.term, askPrice: env.policy.num('peer', 'price', scope), spareCapacity: this.room(cfp.regions),
      };
    };
    const actor = createActor(peerNegotiationMachine, {
      id: `peer:${cfp.negotiationId}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: {
        cfp, lingerMs: 2 * numParam(env, 'negotiationDeadline') * 1000, maxRounds: numParam(env, 'maxRounds'), io: ioOf(env),
        decide: {
          propose: (c) => this.propose(c),
          accept: (ctx, price) => env.policy.bool('peer', 'accept', bargaining(ctx, price)),
          counter: (ctx, price) => env.policy.num('peer', 'counter', bargaining(ctx, price)),
          commit: (ctx, price, capacity) => this.commit(ctx.cfp, price, capacity),
        },
      },
    });
    this.negotiations.set(cfp.negotiationId, actor);
    this.startTimes.set(cfp.negotiationId, env.clock.now);
    actor.subscribe((snapshot) => {
      if (snapshot.status === 'done') {
        this.negotiations.delete(cfp.negotiationId);
        this.startTimes.delete(cfp.negotiationId);
      }
    });
    actor.start();
  }

  private startedAt(cfp: MessageOf<'negotiation.cfp'>): number {
    return this.startTimes.get(cfp.negotiationId) ?? this.env.clock.now;
  }

  private propose(cfp: MessageOf<'negotiation.cfp'>): { price: number; capacityRps: number } | { cause: RejectCause } {
    const env = this.env;
    const profile = this.profile;
    if (!this.scope || !profile) return { cause: '504-out-of-capacity' };
    if (!profile.terms.includes(cfp.term)) return { cause: 'term' };
    const reach = numParam(env, 'footprintRtt') * 1000;
    const sites = env.dp.sites.filter((s) => s.cdn === env.index);
    const reachable = cfp.regions.some((r) => sites.some((s) => env.dp.rtt.rtt(env.dp.rtt.indexOf(r), s.region) <= reach));
    if (!reachable) return { cause: 'footprint' };
    const spare = this.room(cfp.regions);
    if (spare < Math.max(1, 0.05 * cfp.capacityRps)) return { cause: '504-out-of-capacity' };
    const ask = env.policy.num('peer', 'price', this.scope);
    const price = cfp.term === 'long' ? ask * (1 - profile.longTermDiscount) : ask;
    return { price, capacityRps: Math.min(cfp.capacityRps, spare) };
  }

  private commit(cfp: MessageOf<'negotiation.cfp'>, price: number, capacityRps: number): Sla | { cause: RejectCause } {
    const env = this.env;
    const capacity = Math.min(capacityRps, this.room(cfp.regions));
    if (capacity < Math.max(1, 0.05 * capacityRps)) return { cause: '504-out-of-capacity' };
    const profile = this.profile as ServiceProfile;
    const sla: Sla = {
      arrangementId: cfp.negotiationId, primary: cfp.from, peer: env.id, profileId: profile.id, term: cfp.term, regions: cfp.regions,
      capacityRps: capacity, pricePerGB: price, reservationPerRpsHour: cfp.term === 'long' ? profile.reservationPerRpsHour : 0,
      qos: cfp.qos, penaltyPerViolation: numParam(env, 'penaltyPerViolation'), startS: env.clock.now, durationS: cfp.durationS,
      noticeS: numParam(env, 'noticePeriod'),
    };
    this.addServing(sla);
    this.audit();
    return sla;
  }

  /** a contract signed before the run: committed as agreed, waiting for the primary's metadata */
  adoptContract(sla: Sla): void {
    this.addServing(sla);
  }

  /** a new arrangement to serve, awaiting the primary's metadata (dropped if none comes in time) */
  private addServing(sla: Sla): void {
    const served = this.servedFor(sla.primary);
    this.serving.set(sla.arrangementId, {
      sla, state: 'pending', pushed: [], lastReportedServed: served, provisionedBy: this.env.clock.now + (6 * retryMs(this.env)) / 1000,
      lastTickServed: served, loadRps: 0,
    });
  }

  private onMetadata(message: MessageOf<'metadata.push'>): void {
    const env = this.env;
    const s = this.serving.get(message.arrangementId);
    const ack = (accepted: boolean, cause?: RejectCause) => {
      env.network.send(env.id, { type: 'metadata.ack', to: message.from, arrangementId: message.arrangementId, accepted, ...(cause ? { cause } : {}) });
    };
    if (!s || s.state === 'ending') {
      ack(false, 'ereject');
      return;
    }
    if (s.state === 'pending') {
      const meta = message.metadata;
      if (meta.replication === 'push' && meta.prepositionObjects > 0) {
        s.pushed = Array.from({ length: Math.min(meta.prepositionObjects, env.dp.catalog.objects) }, (_, i) => i);
        env.dp.preposition(env.index, s.pushed);
      }
      s.state = 'active';
    }
    ack(true);
  }

  private onResize(message: MessageOf<'arrangement.resize'>): void {
    const env = this.env;
    const s = this.serving.get(message.arrangementId);
    if (!s || s.state !== 'active') return;
    const room = this.room(s.sla.regions, s.sla.arrangementId);
    if (room < 1) {
      // its policy no longer allows even this arrangement's capacity: no resize, no extension
      env.network.send(env.id, {
        type: 'arrangement.resized', to: message.from, arrangementId: message.arrangementId, capacityRps: s.sla.capacityRps,
        durationS: s.sla.durationS, accepted: false,
      });
      return;
    }
    const capacity = Math.min(message.capacityRps, room);
    s.sla = { ...s.sla, capacityRps: capacity, durationS: s.sla.durationS + message.extendS };
    this.audit();
    env.network.send(env.id, {
      type: 'arrangement.resized', to: message.from, arrangementId: message.arrangementId, capacityRps: capacity,
      durationS: s.sla.durationS, accepted: capacity === message.capacityRps,
    });
  }

  /** terminate arrangements its own users need the capacity of; drop ones never provisioned */
  private reviewServing(): void {
    const env = this.env;
    const now = env.clock.now;
    for (const s of [...this.serving.values()]) {
      if (s.state === 'pending' && now > s.provisionedBy) this.end(s.sla.arrangementId);
      if (s.state !== 'active' || !this.scope) continue;
      const arrangement = {
        arrangedCapacity: s.sla.capacityRps, arrangementLoad: s.loadRps, arrangementAge: now - s.sla.startS,
        remainingTime: Math.max(0, s.sla.startS + s.sla.durationS - now), agreedPrice: s.sla.pricePerGB, slaViolations: 0,
      };
      if (env.policy.bool('peer', 'terminate', { ...this.scope, ...arrangement })) {
        s.state = 'ending';
        env.network.send(env.id, { type: 'arrangement.terminate', to: s.sla.primary, arrangementId: s.sla.arrangementId, reason: 'peer-needs-capacity', noticeS: s.sla.noticeS });
        env.clock.scheduleAfter(s.sla.noticeS, { fire: () => this.end(s.sla.arrangementId) });
      }
    }
  }

  /** the arrangement is over on this side: release capacity, purge pushed content */
  private end(arrangementId: string): void {
    const s = this.serving.get(arrangementId);
    if (!s) return;
    this.serving.delete(arrangementId);
    if (s.pushed.length > 0) this.env.dp.purge(this.env.index, s.pushed);
  }

  private report(): void {
    const env = this.env;
    this.lastReportS = env.clock.now;
    for (const s of this.serving.values()) {
      if (s.state === 'pending') continue;
      const served = this.servedFor(s.sla.primary);
      env.network.send(env.id, {
        type: 'log.report', to: s.sla.primary, arrangementId: s.sla.arrangementId, windowStartS: this.lastReportS,
        deliveries: served - s.lastReportedServed, bytes: 0,
      });
      s.lastReportedServed = served;
    }
  }

  private servedFor(primary: string): number {
    const peering = this.env.dp.router.peering;
    return peering.served[peering.pair(this.env.dp.cdnIndex(primary), this.env.index)];
  }
}
