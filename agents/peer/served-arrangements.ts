// The arrangements a peer serves for primaries: what it has committed, where that traffic lands
// (its sites nearest the primaries' regions), the admission it opens on each arrangement's lane,
// metadata and resizes, delivery logs, and termination with notice when its own users need the
// capacity. Each is a serving machine (./serving.machine): its hold is a lease renewed by the
// primary's answers to its delivery logs, released on its own when the primary stays silent or the
// term ends, so no lost message, crash or partition keeps capacity committed. Its limits come from
// the peer's policy.
import { createActor, type Actor } from 'xstate';
import type { RejectCause, Sla } from '../cdni/vocabulary.js';
import { servingMachine } from './serving.machine.js';
import type { MessageOf } from '../messages.js';
import type { AgentEnv } from '../env.js';
import type { PeerEndReason, PeerSideRecord } from '../ledger.js';
import type { PeerScope } from './peer-scope.js';
import { arrangementScope, peerArrangementScope } from '../arrangement-scope.js';
import { leaseS, PROVISIONING_RETRY_WAITS, reportInterval, retryMs } from '../protocol.js';
import { PeerLogs } from './log-reports.js';
import { PeerContentTriggers, type ServedContent } from './content-triggers.js';
import type { MetadataCascade } from '../metadata-cascade.js';

export interface Serving extends ServedContent {
  /** the agreed terms as they stand (the machine's copy) */
  sla: Sla;
  actor: Actor<typeof servingMachine>;
  /** lane counters at the last delivery log */
  lastReportedServed: number;
  lastReportedBytes: number;
  lastReportedLatencyMs: number;
  reportSeq: number;
  /** requests served under it at the last tick, and the rate since */
  lastTickServed: number;
  loadRps: number;
  /** the peer's side of it, in the ledger */
  record: PeerSideRecord;
  /** when it last heard from the primary about it (s): the lease runs from here (./serving.machine) */
  heardAtS: number;
  /** the sites its users land on (its regions do not change over its life) */
  sites: Set<number>;
  /** the revision of the metadata in place (-1: none yet); a transit's later metadata counts up */
  metadataRevision: number;
}

/** what the peer's policy allows, asked afresh each time */
export interface ServingLimits {
  /** the most it may commit in all */
  allowed(): number;
  /** share of each site's capacity kept for its own users */
  reserve(): number;
  /** called after every commitment, resize or release, for the audit */
  committedChanged(): void;
}

export class ServedArrangements {
  private readonly serving = new Map<string, Serving>();
  private lastReportS = 0;
  /** metadata put in place on the lanes, and the CDNI records its logs carry */
  private readonly logs: PeerLogs;
  /** CI/T preposition triggers (invalidations are the agent's: ../invalidations) */
  readonly content: PeerContentTriggers;

  constructor(
    private readonly env: AgentEnv,
    private readonly limits: ServingLimits,
    /** a transit keeps what it accepted here, to pass it on */
    private readonly cascade: MetadataCascade,
  ) {
    this.logs = new PeerLogs(env, cascade);
    this.content = new PeerContentTriggers(env);
  }

  /** arrangements it serves (pending, active or ending) */
  count(): number {
    return this.serving.size;
  }

  /** capacity committed to primaries (pending or active) */
  committed(): number {
    let sum = 0;
    for (const s of this.serving.values()) if (stateOf(s) !== 'ending') sum += s.sla.capacityRps;
    return sum;
  }

  /** every serving machine, for stopping at the end of a run */
  actors(): { stop(): void }[] {
    return [...this.serving.values()].map((s) => s.actor);
  }

  /** requests/s it served for primaries since the last pass */
  committedLoad(): number {
    let sum = 0;
    for (const s of this.serving.values()) sum += s.loadRps;
    return sum;
  }

  /** at each monitor pass: the load under each arrangement, end or terminate what must, report deliveries */
  tick(dtS: number, scope: PeerScope): void {
    const port = this.env.port;
    for (const s of this.serving.values()) {
      const served = port.laneServed(s.lane);
      s.loadRps = (served - s.lastTickServed) / dtS;
      s.lastTickServed = served;
    }
    this.review(scope);
    if (this.env.clock.now - this.lastReportS >= reportInterval(this.env)) this.report();
  }

  /** the sites that would serve users of these regions (the router sends each to its nearest site) */
  private servingSites(regions: string[]): Set<number> {
    const port = this.env.port;
    return new Set(regions.map((r) => port.servingSite(r)).filter((s) => s >= 0));
  }

  /**
   * What it can still commit for users of these regions: its overall spare, and no more than the
   * serving sites' capacity less the reserve and less what other arrangements already send there.
   */
  room(regions: string[], excluding?: string): number {
    const env = this.env;
    const sites = this.servingSites(regions);
    const reserve = this.limits.reserve();
    let capacity = 0;
    for (const site of sites) capacity += env.port.siteCapacity(site) * (1 - reserve);
    let there = 0;
    for (const s of this.serving.values()) {
      if (stateOf(s) === 'ending' || s.sla.arrangementId === excluding) continue;
      for (const site of s.sites) {
        if (!sites.has(site)) continue;
        there += s.sla.capacityRps;
        break;
      }
    }
    const own = excluding ? (this.serving.get(excluding)?.sla.capacityRps ?? 0) : 0;
    return Math.max(0, Math.min(this.limits.allowed() - (this.committed() - own), capacity - there));
  }

  /** a new arrangement to serve, awaiting the primary's metadata (dropped if none comes in time) */
  add(sla: Sla): void {
    const env = this.env;
    const now = env.clock.now;
    const lane = env.port.lane(sla.arrangementId, sla.primary, env.id);
    const record: PeerSideRecord = {
      state: 'pending',
      committedAtS: now,
      activeAtS: null,
      endedAtS: null,
      endReason: null,
      capacityRps: sla.capacityRps,
      servedRequests: 0,
      bytes: 0,
    };
    env.ledger.peerSides.set(sla.arrangementId, record);
    const serving: Partial<Serving> = {
      sla,
      lane,
      primary: sla.primary,
      arrangementId: sla.arrangementId,
      pushed: [],
      fetch: null,
      lastReportedServed: 0,
      lastReportedBytes: 0,
      lastReportedLatencyMs: 0,
      reportSeq: 0,
      lastTickServed: 0,
      loadRps: 0,
      record,
      heardAtS: now,
      sites: this.servingSites(sla.regions),
      metadataRevision: -1,
    };
    const actor = createActor(servingMachine, {
      id: `serving:${sla.arrangementId}`,
      clock: env.xclock,
      inspect: env.inspect,
      input: {
        sla,
        provisionMs: PROVISIONING_RETRY_WAITS * retryMs(env),
        leaseMs: leaseS(env) * 1000,
        heardAtS: () => serving.heardAtS as number,
        now: () => env.clock.now,
        hooks: {
          activate: (agreed) => {
            record.state = 'active';
            record.activeAtS = env.clock.now;
            env.port.setAdmission(lane, agreed.capacityRps);
          },
          resized: (agreed) => {
            serving.sla = agreed;
            record.capacityRps = agreed.capacityRps;
            env.port.setAdmission(lane, agreed.capacityRps);
          },
          ended: (_sla, reason) => this.released(serving as Serving, reason),
        },
      },
    });
    serving.actor = actor;
    this.serving.set(sla.arrangementId, serving as Serving);
    actor.start();
  }

  onMetadata(message: MessageOf<'metadata.push'>): void {
    const env = this.env;
    const s = this.serving.get(message.arrangementId);
    const revision = message.metadata.revision;
    const ack = (accepted: boolean, cause?: RejectCause) => {
      env.network.send(env.id, {
        type: 'metadata.ack',
        to: message.from,
        arrangementId: message.arrangementId,
        accepted,
        ...(cause ? { cause } : {}),
        ...(revision === undefined ? {} : { revision }),
      });
    };
    const state = s ? stateOf(s) : 'ended';
    if (!s || state === 'ending' || state === 'ended' || s.sla.primary !== message.from) {
      ack(false, 'ereject');
      return;
    }
    s.heardAtS = env.clock.now;
    const newer = (revision ?? 0) > s.metadataRevision;
    if (newer) {
      // the first metadata, or a transit's later one (its upstream changed): put in place
      s.metadataRevision = revision ?? 0;
      this.logs.applyMetadata(s.lane, s.sla, message.metadata);
      this.cascade.accept(s.arrangementId, s.primary, message.metadata);
    }
    if (state !== 'pending') return ack(true);
    s.actor.send({ type: 'metadata.accepted' });
    ack(true);
    this.content.provision(s, message.metadata);
  }

  onResize(message: MessageOf<'arrangement.resize'>): void {
    const env = this.env;
    const s = this.serving.get(message.arrangementId);
    if (!s || stateOf(s) !== 'active') return;
    s.heardAtS = env.clock.now;
    const room = this.room(s.sla.regions, s.sla.arrangementId);
    if (room < 1) {
      // its policy no longer allows even this arrangement's capacity: no resize, no extension
      env.network.send(env.id, {
        type: 'arrangement.resized',
        to: message.from,
        arrangementId: message.arrangementId,
        capacityRps: s.sla.capacityRps,
        durationS: s.sla.durationS,
        accepted: false,
      });
      return;
    }
    const capacity = Math.min(message.capacityRps, room);
    s.actor.send({ type: 'resized', sla: { ...s.sla, capacityRps: capacity, durationS: s.sla.durationS + message.extendS } });
    this.limits.committedChanged();
    env.network.send(env.id, {
      type: 'arrangement.resized',
      to: message.from,
      arrangementId: message.arrangementId,
      capacityRps: capacity,
      durationS: s.sla.durationS,
      accepted: capacity === message.capacityRps,
    });
  }

  /** the primary ends it (or asks about one long gone): release, and always confirm so its notices stop */
  onTerminate(message: MessageOf<'arrangement.terminate'>): void {
    const s = this.serving.get(message.arrangementId);
    if (s && s.sla.primary === message.from) s.actor.send({ type: 'told', reason: 'told-by-primary' });
    this.env.network.send(this.env.id, { type: 'arrangement.ended', to: message.from, arrangementId: message.arrangementId });
  }

  /** the primary answered a delivery log: the lease runs on, unless it no longer holds the arrangement */
  onLogAck(message: MessageOf<'log.ack'>): void {
    const s = this.serving.get(message.arrangementId);
    if (!s || s.sla.primary !== message.from) return;
    if (message.held) s.heardAtS = this.env.clock.now;
    else s.actor.send({ type: 'told', reason: 'primary-no-longer-holds' });
  }

  /** terminate arrangements its own users need the capacity of */
  private review(scope: PeerScope): void {
    const env = this.env;
    const now = env.clock.now;
    for (const s of this.serving.values()) {
      if (stateOf(s) !== 'active') continue;
      // the windows it paid a penalty for: the peer knows what it was charged
      const violations = env.ledger.arrangement(s.sla.arrangementId)?.slaViolations ?? 0;
      const arrangement = arrangementScope(s.sla, s.loadRps, s.record.activeAtS, violations, now);
      if (env.policy.bool('peer', 'terminate', peerArrangementScope(scope, arrangement))) {
        s.actor.send({ type: 'needed', noticeS: s.sla.noticeS });
        s.record.state = 'ending';
        this.limits.committedChanged();
        const id = s.sla.arrangementId;
        env.network.send(env.id, {
          type: 'arrangement.terminate',
          to: s.sla.primary,
          arrangementId: id,
          by: 'peer',
          reason: 'peer-needs-capacity',
          noticeS: s.sla.noticeS,
        });
      }
    }
  }

  /** the serving machine ended: admission closed, capacity released, pushed content purged */
  private released(s: Serving, reason: PeerEndReason): void {
    const env = this.env;
    const id = s.sla.arrangementId;
    this.serving.delete(id);
    env.port.setAdmission(s.lane, 0);
    this.content.release(s);
    this.cascade.release(id);
    const carried = env.port.readLane(s.lane);
    Object.assign(s.record, { state: 'ended', endedAtS: env.clock.now, endReason: reason, servedRequests: carried.served, bytes: carried.bytes });
    // a primary that is alive but lost our logs' answers learns it can no longer redirect here
    if (reason === 'lease-lapsed') {
      env.network.send(env.id, { type: 'arrangement.terminate', to: s.sla.primary, arrangementId: id, by: 'peer', reason: 'lease-lapsed', noticeS: 0 });
    }
    this.limits.committedChanged();
  }

  /** one delivery log per active arrangement: what its lane carried since the last one */
  private report(): void {
    const env = this.env;
    const from = this.lastReportS;
    this.lastReportS = env.clock.now;
    for (const s of this.serving.values()) {
      if (stateOf(s) === 'pending') continue;
      const { served, bytes, latencySumMs: latency } = env.port.readLane(s.lane);
      const cdni = this.logs.take(s.lane);
      env.network.send(env.id, {
        type: 'log.report',
        to: s.sla.primary,
        arrangementId: s.sla.arrangementId,
        seq: ++s.reportSeq,
        windowStartS: Math.max(from, s.record.activeAtS ?? from),
        windowEndS: this.lastReportS,
        deliveries: served - s.lastReportedServed + (cdni?.extraDeliveries ?? 0),
        bytes: bytes - s.lastReportedBytes + (cdni?.extraBytes ?? 0),
        latencySumMs: latency - s.lastReportedLatencyMs,
        ...(cdni === null ? {} : { records: cdni.records }),
      });
      [s.lastReportedServed, s.lastReportedBytes, s.lastReportedLatencyMs] = [served, bytes, latency];
      s.record.servedRequests = served;
      s.record.bytes = bytes;
    }
  }
}

/** where a serving machine is: pending, active, ending or ended */
function stateOf(s: Serving): string {
  return String(s.actor.getSnapshot().value);
}
