// The arrangements a peer serves for primaries: what it has committed, where that traffic lands
// (its sites nearest the primaries' regions), the admission it opens on each arrangement's lane,
// metadata and resizes, delivery logs, and termination with notice when its own users need the
// capacity. Its hold on each arrangement is a lease: renewed by the primary's answers to its
// delivery logs, and released on its own when the primary stays silent or the term ends, so no
// lost message, crash or partition keeps capacity committed. Its limits come from the peer's policy.
import type { RejectCause, Sla } from './cdni/vocabulary.js';
import type { MessageOf } from './messages.js';
import type { AgentEnv } from './env.js';
import type { PeerEndReason, PeerSideRecord } from './ledger.js';
import type { PeerScope } from './peer-role.js';
import { arrangementScope } from './arrangement-scope.js';
import { leaseS, PROVISIONING_RETRY_WAITS, reportInterval, retryMs } from './protocol.js';

export interface Serving {
  sla: Sla;
  state: 'pending' | 'active' | 'ending';
  /** its peering lane in the data plane */
  lane: number;
  /** pre-positioned objects, purged when the arrangement ends */
  pushed: number[];
  provisionedBy: number;
  /** the capacity is held until then unless the primary answers a delivery log */
  leaseUntilS: number;
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

  constructor(private readonly env: AgentEnv, private readonly limits: ServingLimits) {}

  /** arrangements it serves (pending, active or ending) */
  count(): number {
    return this.serving.size;
  }

  /** capacity committed to primaries (pending or active) */
  committed(): number {
    let sum = 0;
    for (const s of this.serving.values()) if (s.state !== 'ending') sum += s.sla.capacityRps;
    return sum;
  }

  /** requests/s it served for primaries since the last pass */
  committedLoad(): number {
    return [...this.serving.values()].reduce((sum, s) => sum + s.loadRps, 0);
  }

  /** at each monitor pass: the load under each arrangement, end or terminate what must, report deliveries */
  tick(dtS: number, scope: PeerScope): void {
    const port = this.env.port;
    for (const s of this.serving.values()) {
      const served = port.laneServed(s.lane);
      s.loadRps = (served - s.lastTickServed) / dtS;
      s.lastTickServed = served;
    }
    this.expire();
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
      if (s.state === 'ending' || s.sla.arrangementId === excluding) continue;
      if ([...this.servingSites(s.sla.regions)].some((site) => sites.has(site))) there += s.sla.capacityRps;
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
      state: 'pending', committedAtS: now, activeAtS: null, endedAtS: null, endReason: null, capacityRps: sla.capacityRps, servedRequests: 0, bytes: 0,
    };
    env.ledger.peerSides.set(sla.arrangementId, record);
    const provisionedBy = now + (PROVISIONING_RETRY_WAITS * retryMs(env)) / 1000;
    this.serving.set(sla.arrangementId, {
      sla, state: 'pending', lane, pushed: [], provisionedBy, leaseUntilS: Math.max(provisionedBy, now + leaseS(env)),
      lastReportedServed: 0, lastReportedBytes: 0, lastReportedLatencyMs: 0, reportSeq: 0, lastTickServed: 0, loadRps: 0, record,
    });
  }

  onMetadata(message: MessageOf<'metadata.push'>): void {
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
      if (meta.replication === 'push' && meta.prepositionObjects.length > 0) {
        s.pushed = meta.prepositionObjects.filter((o) => Number.isInteger(o) && o >= 0 && o < env.port.catalogObjects);
        env.port.preposition(s.pushed);
      }
      s.state = 'active';
      s.record.state = 'active';
      s.record.activeAtS = env.clock.now;
      this.renewLease(s);
      env.port.setAdmission(s.lane, s.sla.capacityRps);
    }
    ack(true);
  }

  onResize(message: MessageOf<'arrangement.resize'>): void {
    const env = this.env;
    const s = this.serving.get(message.arrangementId);
    if (!s || s.state !== 'active') return;
    this.renewLease(s);
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
    s.record.capacityRps = capacity;
    env.port.setAdmission(s.lane, capacity);
    this.limits.committedChanged();
    env.network.send(env.id, {
      type: 'arrangement.resized', to: message.from, arrangementId: message.arrangementId, capacityRps: capacity,
      durationS: s.sla.durationS, accepted: capacity === message.capacityRps,
    });
  }

  /** the primary ends it (or asks about one long gone): release, and always confirm so its notices stop */
  onTerminate(message: MessageOf<'arrangement.terminate'>): void {
    this.end(message.arrangementId, 'told-by-primary');
    this.env.network.send(this.env.id, { type: 'arrangement.ended', to: message.from, arrangementId: message.arrangementId });
  }

  /** the primary answered a delivery log: the lease runs on, unless it no longer holds the arrangement */
  onLogAck(message: MessageOf<'log.ack'>): void {
    const s = this.serving.get(message.arrangementId);
    if (!s || s.sla.primary !== message.from) return;
    if (message.held) this.renewLease(s);
    else this.end(message.arrangementId, 'primary-no-longer-holds');
  }

  private renewLease(s: Serving): void {
    s.leaseUntilS = Math.max(s.leaseUntilS, this.env.clock.now + leaseS(this.env));
  }

  /** release what was never provisioned, what outlived its term, and what its primary went silent on */
  private expire(): void {
    const env = this.env;
    const now = env.clock.now;
    for (const s of [...this.serving.values()]) {
      const id = s.sla.arrangementId;
      if (s.state === 'pending' && now > s.provisionedBy) this.end(id, 'never-provisioned');
      else if (now >= s.sla.startS + s.sla.durationS) this.end(id, 'term-ended');
      else if (now > s.leaseUntilS) {
        this.end(id, 'lease-lapsed');
        // a primary that is alive but lost our logs' answers learns it can no longer redirect here
        env.network.send(env.id, { type: 'arrangement.terminate', to: s.sla.primary, arrangementId: id, by: 'peer', reason: 'lease-lapsed', noticeS: 0 });
      }
    }
  }

  /** terminate arrangements its own users need the capacity of */
  private review(scope: PeerScope): void {
    const env = this.env;
    const now = env.clock.now;
    for (const s of this.serving.values()) {
      if (s.state !== 'active') continue;
      // the windows it paid a penalty for: the peer knows what it was charged
      const violations = env.ledger.arrangement(s.sla.arrangementId)?.slaViolations ?? 0;
      const arrangement = arrangementScope(s.sla, s.loadRps, s.record.activeAtS, violations, now);
      if (env.policy.bool('peer', 'terminate', { ...scope, ...arrangement })) {
        s.state = 'ending';
        s.record.state = 'ending';
        this.limits.committedChanged();
        const id = s.sla.arrangementId;
        env.network.send(env.id, { type: 'arrangement.terminate', to: s.sla.primary, arrangementId: id, by: 'peer', reason: 'peer-needs-capacity', noticeS: s.sla.noticeS });
        env.clock.scheduleAfter(s.sla.noticeS, { fire: () => this.end(id, 'peer-needs-capacity') });
      }
    }
  }

  /** the arrangement is over on this side: admission closed, capacity released, pushed content purged */
  end(arrangementId: string, reason: PeerEndReason): void {
    const env = this.env;
    const s = this.serving.get(arrangementId);
    if (!s) return;
    this.serving.delete(arrangementId);
    env.port.setAdmission(s.lane, 0);
    if (s.pushed.length > 0) env.port.purge(s.pushed);
    const carried = env.port.readLane(s.lane);
    Object.assign(s.record, { state: 'ended', endedAtS: env.clock.now, endReason: reason, servedRequests: carried.served, bytes: carried.bytes });
    this.limits.committedChanged();
  }

  /** one delivery log per active arrangement: what its lane carried since the last one */
  private report(): void {
    const env = this.env;
    const from = this.lastReportS;
    this.lastReportS = env.clock.now;
    for (const s of this.serving.values()) {
      if (s.state === 'pending') continue;
      const { served, bytes, latencySumMs: latency } = env.port.readLane(s.lane);
      env.network.send(env.id, {
        type: 'log.report', to: s.sla.primary, arrangementId: s.sla.arrangementId, seq: ++s.reportSeq,
        windowStartS: Math.max(from, s.record.activeAtS ?? from), windowEndS: this.lastReportS,
        deliveries: served - s.lastReportedServed, bytes: bytes - s.lastReportedBytes, latencySumMs: latency - s.lastReportedLatencyMs,
      });
      [s.lastReportedServed, s.lastReportedBytes, s.lastReportedLatencyMs] = [served, bytes, latency];
      s.record.servedRequests = served;
      s.record.bytes = bytes;
    }
  }
}
