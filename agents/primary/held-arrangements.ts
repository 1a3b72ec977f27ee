// The arrangements a primary holds: each one's lifecycle actor, the routing shares that send its
// users' excess demand over their lanes (cheapest first), and the review at every monitor pass —
// disband after its hold, resize, extend before expiry, fail over from a silent peer. Every end the
// peer does not know of is notified (./end-notices); every delivery log is answered, renewing the
// peer's lease on the arrangement's capacity. A push waits for the peer's CI/T preposition trigger
// (its status followed forward only); content changes are signalled by ../invalidations.
import { createActor, type Actor } from 'xstate';
import { triggerStatusFollows, type Sla } from '../cdni/vocabulary.js';
import type { MetadataCascade } from '../metadata-cascade.js';
import { MetadataUpdates } from './metadata-updates.js';
import type { MessageOf } from '../messages.js';
import { arrangementMachine, type EndReason } from './arrangement.machine.js';
import { HoldTimer } from './hold.js';
import { ioOf, type AgentEnv } from '../env.js';
import { termDurationS } from '../agent-params.js';
import type { ArrangementRecord } from '../ledger.js';
import type { Knowledge } from '../knowledge.js';
import { chooseRedirectionMode } from './redirection-mode.js';
import type { DemandGroup, GroupScope } from './demand.js';
import { DRAIN_MS, HEALTH_CHECKS, MAX_RETRIES, MAX_ROUTED_SHARE, PREPOSITION_DEADLINE_S, reportInterval, retryMs, SILENT_INTERVALS } from '../protocol.js';
import { chooseSource } from './content-source.js';
import { EndNotices } from './end-notices.js';
import { arrangementScope, primaryArrangementScope } from '../arrangement-scope.js';
import { LogReconciliation } from './log-reconciliation.js';
import { arrangementMetadata, newArrangementRecord, type ArrangementOrigin } from './arrangement-start.js';

interface LiveArrangement {
  record: ArrangementRecord;
  sla: Sla;
  /** its peering lane in the data plane */
  lane: number;
  group: DemandGroup;
  actor: Actor<typeof arrangementMachine>;
  routed: boolean;
  disbandHold: HoldTimer;
  lastResizeS: number;
  lastReportS: number;
  /** since when its health checks take the peer for down in every region of it (Infinity: not now) */
  believedDownSinceS: number;
  /** redirected requests the peer had served at the last tick, and when */
  lastServed: number;
  lastTickS: number;
  loadRps: number;
  /** the capacity of a resize asked for and not answered yet (0: none); routing counts on it already, the peer's admission still holds it to the agreed */
  askedCapacityRps: number;
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

export class HeldArrangements {
  private readonly arrangements = new Map<string, LiveArrangement>();
  private readonly notices: EndNotices;
  private readonly reconciliation: LogReconciliation;
  private readonly updates: MetadataUpdates | null;

  constructor(
    private readonly env: AgentEnv,
    /** told when an arrangement ends with its peer taken for failed */
    private readonly peerFailed: (peer: string) => void = () => {},
    /** where a peer found not enforcing the metadata is remembered (never selected again) */
    private readonly knowledge?: Knowledge,
    /** a transit's metadata from upstream, passed on with its arrangements (../metadata-cascade) */
    private readonly cascade?: MetadataCascade,
  ) {
    this.notices = new EndNotices(env);
    this.reconciliation = new LogReconciliation(env);
    this.updates = cascade?.transit ? new MetadataUpdates(env, cascade) : null;
  }

  /** whether it holds the arrangement */
  holds(arrangementId: string): boolean {
    return this.arrangements.has(arrangementId);
  }

  /** lifecycle messages from the peer (see ./dispatch) */
  handlers() {
    const toArrangement = (message: MessageOf<'metadata.ack' | 'arrangement.terminate' | 'arrangement.resized'>) =>
      this.arrangements.get(message.arrangementId)?.actor.send(message);
    return {
      'log.report': (m: MessageOf<'log.report'>) => this.onLogReport(m),
      'arrangement.ended': (m: MessageOf<'arrangement.ended'>) => this.notices.confirmed(m.arrangementId),
      'metadata.ack': (m: MessageOf<'metadata.ack'>) => {
        this.updates?.acked(m);
        if (m.accepted) this.triggerStatus(m.arrangementId, 'pending');
        toArrangement(m);
        // the trigger's completion may have overtaken the ack
        const a = this.arrangements.get(m.arrangementId);
        if (m.accepted && a?.record.content?.trigger?.status === 'complete') a.actor.send({ type: 'trigger.complete' });
      },
      'trigger.status': (m: MessageOf<'trigger.status'>) => this.onPrepositionStatus(m),
      'arrangement.terminate': toArrangement,
      'arrangement.resized': toArrangement,
    };
  }

  /** capacity routed to the group's arrangements (not counting ones about to expire), and how many */
  peered(group: DemandGroup): { capacity: number; count: number } {
    const live = [...this.arrangements.values()].filter((a) => a.group === group && a.routed && !this.expiringSoon(a));
    return { capacity: live.reduce((sum, a) => sum + a.sla.capacityRps, 0), count: live.length };
  }

  /** capacity agreed for the group but not provisioned yet */
  provisioning(group: DemandGroup): number {
    return [...this.arrangements.values()].filter((a) => a.group === group && a.record.state === 'provisioning').reduce((s, a) => s + a.sla.capacityRps, 0);
  }

  start(group: DemandGroup, sla: Sla, origin: ArrangementOrigin): void {
    const env = this.env;
    const now = env.clock.now;
    const replication = env.port.content.fixedReplication ?? origin.replication;
    const prepositionObjects = replication === 'push' ? env.port.hotObjects(env.params.pushTopObjects) : [];
    const source = chooseSource(env, sla.regions, origin.peerFootprint);
    const record = newArrangementRecord(env, sla, origin, replication, source.kind, prepositionObjects.length > 0);
    env.ledger.add(record);
    const lane = env.port.lane(sla.arrangementId, env.id, sla.peer);
    env.port.setSlowThreshold(lane, sla.qos.p95LatencyMs);
    env.port.setRedirection(lane, env.params.redirection, laneSlots(sla));
    const advertised = this.knowledge?.profile(sla.peer, sla.profileId)?.redirectionModes ?? null;
    env.port.setRedirectionMode(lane, chooseRedirectionMode(env.world.redirectionMode, env.port.routesByDns, advertised));
    env.port.startHealthChecks(lane, sla.regions, HEALTH_CHECKS);
    const arrangement: Partial<LiveArrangement> = {
      record,
      sla,
      lane,
      group,
      routed: false,
      disbandHold: new HoldTimer(env.params.disbandHoldS),
      lastResizeS: -Infinity,
      lastReportS: now,
      believedDownSinceS: Infinity,
      lastServed: 0,
      lastTickS: now,
      loadRps: 0,
      askedCapacityRps: 0,
      extending: false,
      extensionRefused: false,
    };
    const upstream = this.cascade?.upstreamFor(sla.peer);
    const metadata = arrangementMetadata(env, sla, { source, replication, prepositionObjects, transit: this.updates !== null, upstream });
    if (this.updates) {
      this.cascade?.sent(upstream, false);
      this.cascade?.heldBack(sla.peer);
      this.updates.track(sla.arrangementId, sla.peer, metadata);
    }
    const actor = createActor(arrangementMachine, {
      id: `arrangement:${sla.arrangementId}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: {
        sla,
        metadata,
        retryMs: retryMs(env),
        maxRetries: MAX_RETRIES,
        drainMs: DRAIN_MS,
        prepositionDeadlineMs: PREPOSITION_DEADLINE_S * 1000,
        now: () => env.clock.now,
        io: ioOf(env),
        hooks: {
          activate: (s) => this.onActivate(arrangement as LiveArrangement, s),
          deactivate: () => this.onDeactivate(arrangement as LiveArrangement),
          tellPeer: (s, reason) => this.notices.send(s, reason),
          ended: (s, reason, peerInformed) => {
            if (!peerInformed) this.notices.send(s, reason);
            this.onEnded(arrangement as LiveArrangement, reason);
          },
        },
      },
    });
    arrangement.actor = actor;
    this.arrangements.set(sla.arrangementId, arrangement as LiveArrangement);
    actor.start();
  }

  private onActivate(a: LiveArrangement, sla: Sla): void {
    const now = this.env.clock.now;
    const trigger = a.record.content?.trigger;
    if (a.record.activeAtS === null && trigger && trigger.status !== 'complete') trigger.redirectedBeforeComplete = true;
    if (a.record.activeAtS === null) a.record.activeAtS = now;
    const resized = sla.capacityRps !== a.sla.capacityRps;
    const extended = sla.durationS !== a.sla.durationS;
    if (resized) a.record.resizes++;
    if (extended) a.record.extensions++;
    else if (a.extending) a.extensionRefused = true;
    if (resized || extended) a.record.changes.push({ tS: now, capacityRps: sla.capacityRps, endS: sla.startS + sla.durationS });
    a.extending = false;
    a.askedCapacityRps = 0;
    a.sla = sla;
    if (resized) this.env.port.setRedirection(a.lane, this.env.params.redirection, laneSlots(sla));
    a.record.finalCapacityRps = sla.capacityRps;
    a.record.peakCapacityRps = Math.max(a.record.peakCapacityRps, sla.capacityRps);
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
    this.env.port.stopHealthChecks(a.lane);
    this.updates?.drop(a.sla.arrangementId);
    if (reason === 'failed') this.peerFailed(a.sla.peer);
    this.arrangements.delete(a.sla.arrangementId);
    this.route(a.group);
  }

  /** disband (with hold), resize, and detect silent peers */
  review(group: DemandGroup, scope: GroupScope): void {
    const env = this.env;
    const now = scope.t;
    const silentAfter = SILENT_INTERVALS * reportInterval(env);
    for (const a of [...this.arrangements.values()]) {
      if (a.group !== group || !a.routed) continue;
      if (now - a.lastReportS > silentAfter || this.believedDownFor(a, now) > silentAfter) {
        a.actor.send({ type: 'peer.failed' });
        continue;
      }
      const served = this.servedFor(a);
      a.loadRps = now > a.lastTickS ? (served - a.lastServed) / (now - a.lastTickS) : a.loadRps;
      a.lastServed = served;
      a.lastTickS = now;
      const ascope = primaryArrangementScope(scope, arrangementScope(a.sla, a.loadRps, a.record.activeAtS, a.record.slaViolations, now));
      // a long-term arrangement is a commitment: it runs its time frame (or ends by termination)
      const disband = a.sla.term === 'short' && env.policy.bool('primary', 'disband', ascope);
      if (a.disbandHold.update(disband, now)) a.actor.send({ type: 'disband' });
      if (disband) continue;
      if (this.expiringSoon(a) && !a.extending && !a.extensionRefused) {
        a.extending = true;
        a.actor.send({ type: 'extend', byS: termDurationS(env.params, a.sla.term) });
      }
      const wanted = env.policy.num('primary', 'rearrange', ascope);
      const change = Math.abs(wanted - a.sla.capacityRps) / a.sla.capacityRps;
      if (change > env.params.resizeThreshold && now - a.lastResizeS >= env.params.negotiationDeadlineS && wanted >= 1) {
        a.lastResizeS = now;
        a.askedCapacityRps = wanted;
        a.actor.send({ type: 'resize', capacityRps: wanted });
        this.route(group);
      }
    }
  }

  /**
   * Routing over the group's active arrangements, by the policy's redirection rule. share: the
   * group's demand above what its own site takes at the target utilization goes over their lanes,
   * cheapest first. sla: each lane's controller sets its share. overflow, threshold and
   * load-proximity: every active lane is open (share 1) and the rule decides per request.
   */
  route(group: DemandGroup): void {
    const env = this.env;
    const live = [...this.arrangements.values()]
      .filter((a) => a.group === group && a.routed)
      .sort((x, y) => x.sla.pricePerGB - y.sla.pricePerGB || (x.sla.arrangementId < y.sla.arrangementId ? -1 : 1));
    // nothing routed before and nothing to route now: no shares to set (most groups at most passes)
    if (live.length === 0 && group.routedLanes.size === 0) return;
    const kind = env.params.redirection.kind;
    if (kind === 'share') this.routeShares(group, live);
    else {
      const open = new Set(live.map((a) => a.lane));
      for (const lane of new Set([...group.routedLanes, ...open])) {
        if (kind === 'sla') {
          if (!open.has(lane)) env.port.stopSlaController(lane);
          else if (!env.port.slaControllerRunning(lane)) env.port.startSlaController(lane, group.regionNames);
        } else for (const region of group.regionNames) env.port.setRouting(lane, region, open.has(lane) ? 1 : 0);
      }
    }
    group.routedLanes = new Set(live.map((a) => a.lane));
  }

  private routeShares(group: DemandGroup, live: LiveArrangement[]): void {
    const env = this.env;
    const target = env.params.targetUtilization;
    let excess = Math.max(0, group.demandPerS - target * group.capacityRps);
    const alloc = new Map<number, number>([...group.routedLanes].map((lane) => [lane, 0]));
    for (const a of live) {
      // a resize upward counts at once: routed beyond the agreed rate, the peer's admission turns the rest back (to the next lane, else home)
      const take = Math.min(excess, Math.max(a.sla.capacityRps, a.askedCapacityRps));
      excess -= take;
      alloc.set(a.lane, take);
    }
    const shares = [...alloc].map(([lane, rate]) => ({ lane, share: group.demandPerS > 0 ? Math.min(1, rate / group.demandPerS) * MAX_ROUTED_SHARE : 0 }));
    // all at once: one lane's share may grow by what another's shrinks
    for (const region of group.regionNames) env.port.setRoutingShares(region, shares);
  }

  /** how long its health checks have taken the peer for down in every region of the arrangement (0: they do not now) */
  private believedDownFor(a: LiveArrangement, now: number): number {
    const down = a.sla.regions.length > 0 && a.sla.regions.every((r) => this.env.port.laneBelievedDown(a.lane, r));
    a.believedDownSinceS = down ? Math.min(a.believedDownSinceS, now) : Infinity;
    return down ? now - a.believedDownSinceS : 0;
  }

  private servedFor(a: LiveArrangement): number {
    return this.env.port.laneServed(a.lane);
  }

  /** the push's preposition trigger moves forward only: a late or reordered status is ignored; complete lets redirection start */
  private triggerStatus(arrangementId: string, status: MessageOf<'trigger.status'>['status']): boolean {
    const trigger = this.arrangements.get(arrangementId)?.record.content?.trigger;
    if (!trigger || (trigger.history.length > 0 && !triggerStatusFollows(trigger.status, status))) return false;
    trigger.status = status;
    trigger.history.push({ status, tS: this.env.clock.now });
    return true;
  }

  private onPrepositionStatus(message: MessageOf<'trigger.status'>): void {
    const a = this.arrangements.get(message.arrangementId);
    if (!a || a.sla.peer !== message.from) return;
    if (this.triggerStatus(message.arrangementId, message.status) && message.status === 'complete') a.actor.send({ type: 'trigger.complete' });
  }

  /** a delivery log: counted, answered (renewing the peer's lease; held=false tells it the arrangement is over here) */
  private onLogReport(message: MessageOf<'log.report'>): void {
    const env = this.env;
    const a = this.arrangements.get(message.arrangementId);
    const record = a?.record ?? env.ledger.arrangement(message.arrangementId);
    if (record) {
      record.reportedDeliveries += message.deliveries;
      record.reportedBytes += message.bytes;
    }
    // a peer found delivering against the metadata breaches the arrangement: it ends
    if (a && message.records && this.reconciliation.onRecords(a.record, a.sla, a.lane, message.records)) {
      this.knowledge?.distrust(a.sla.peer);
      a.actor.send({ type: 'sla.breach' });
    }
    if (a) a.lastReportS = env.clock.now;
    env.network.send(env.id, { type: 'log.ack', to: message.from, arrangementId: message.arrangementId, seq: message.seq, held: a !== undefined });
  }

  /** a window's SLA verdict: the policy's `breach` decides whether the arrangement ends for it */
  judged(arrangementId: string, consecutiveViolations: number): void {
    const a = this.arrangements.get(arrangementId);
    const scope = a?.group.scope;
    if (!a || !scope || consecutiveViolations === 0) return;
    const vars = {
      ...primaryArrangementScope(scope, arrangementScope(a.sla, a.loadRps, a.record.activeAtS, a.record.slaViolations, this.env.clock.now)),
      consecutiveViolations,
    };
    if (this.env.policy.bool('primary', 'breach', vars)) a.actor.send({ type: 'sla.breach' });
  }

  /** the peers this group has live arrangements with (not counting ones about to expire: those may be renewed) */
  peersOf(group: DemandGroup): string[] {
    return [...this.arrangements.values()].filter((a) => a.group === group && !this.expiringSoon(a)).map((a) => a.sla.peer);
  }

  /** an arrangement whose time frame ends before a new one could be negotiated and provisioned */
  private expiringSoon(a: LiveArrangement): boolean {
    const lead = 2 * (this.env.params.negotiationDeadlineS + this.env.params.monitorIntervalS);
    return a.sla.startS + a.sla.durationS - this.env.clock.now < lead;
  }

  /** whether an end notice for the arrangement still awaits the peer's answer */
  noticePending(arrangementId: string): boolean {
    return this.notices.isPending(arrangementId);
  }

  /** live arrangements, for the control plane's per-window SLA checks */
  live(): { record: ArrangementRecord; sla: Sla; lane: number; routed: boolean }[] {
    return [...this.arrangements.values()];
  }

  /** every arrangement actor, for stopping at the end of a run */
  actors(): { stop(): void }[] {
    return [...this.arrangements.values()].map((x) => x.actor);
  }
}

/** the in-flight requests at which a lane runs at its agreed rate with its SLA's latency (Little's law, L = λW) */
function laneSlots(sla: Sla): number {
  return Math.max(1, sla.capacityRps * (sla.qos.p95LatencyMs / 1000));
}
