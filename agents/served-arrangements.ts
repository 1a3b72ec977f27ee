// The arrangements a peer serves for primaries: what it has committed, where that traffic lands
// (its sites nearest the primaries' regions), metadata and resizes, delivery logs, and termination
// with notice when its own users need the capacity. Its limits come from the peer's policy.
import type { RejectCause, Sla } from './cdni/vocabulary.js';
import type { MessageOf } from './messages.js';
import type { AgentEnv } from './env.js';
import type { PeerScope } from './peer-role.js';
import { reportInterval, retryMs } from './timing.js';

export interface Serving {
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

/** what the peer's policy allows, asked afresh each time */
export interface ServingLimits {
  /** the most it may commit in all */
  allowed(): number;
  /** share of each site's capacity kept for its own users */
  reserve(): number;
  /** called after every commitment or resize, for the audit */
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
    for (const s of this.serving.values()) {
      const served = this.servedFor(s.sla.primary);
      s.loadRps = (served - s.lastTickServed) / dtS;
      s.lastTickServed = served;
    }
    this.review(scope);
    if (this.env.clock.now - this.lastReportS >= reportInterval(this.env)) this.report();
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
  room(regions: string[], excluding?: string): number {
    const env = this.env;
    const sites = this.servingSites(regions);
    const reserve = this.limits.reserve();
    let capacity = 0;
    for (const site of sites) capacity += env.dp.siteCapacity(site) * (1 - reserve);
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
    const served = this.servedFor(sla.primary);
    this.serving.set(sla.arrangementId, {
      sla, state: 'pending', pushed: [], lastReportedServed: served, provisionedBy: this.env.clock.now + (6 * retryMs(this.env)) / 1000,
      lastTickServed: served, loadRps: 0,
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
      if (meta.replication === 'push' && meta.prepositionObjects > 0) {
        s.pushed = Array.from({ length: Math.min(meta.prepositionObjects, env.dp.catalog.objects) }, (_, i) => i);
        env.dp.preposition(env.index, s.pushed);
      }
      s.state = 'active';
    }
    ack(true);
  }

  onResize(message: MessageOf<'arrangement.resize'>): void {
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
    this.limits.committedChanged();
    env.network.send(env.id, {
      type: 'arrangement.resized', to: message.from, arrangementId: message.arrangementId, capacityRps: capacity,
      durationS: s.sla.durationS, accepted: capacity === message.capacityRps,
    });
  }

  /** terminate arrangements its own users need the capacity of; drop ones never provisioned */
  private review(scope: PeerScope): void {
    const env = this.env;
    const now = env.clock.now;
    for (const s of [...this.serving.values()]) {
      if (s.state === 'pending' && now > s.provisionedBy) this.end(s.sla.arrangementId);
      if (s.state !== 'active') continue;
      const arrangement = {
        arrangedCapacity: s.sla.capacityRps, arrangementLoad: s.loadRps, arrangementAge: now - s.sla.startS,
        remainingTime: Math.max(0, s.sla.startS + s.sla.durationS - now), agreedPrice: s.sla.pricePerGB, slaViolations: 0,
      };
      if (env.policy.bool('peer', 'terminate', { ...scope, ...arrangement })) {
        s.state = 'ending';
        env.network.send(env.id, { type: 'arrangement.terminate', to: s.sla.primary, arrangementId: s.sla.arrangementId, reason: 'peer-needs-capacity', noticeS: s.sla.noticeS });
        env.clock.scheduleAfter(s.sla.noticeS, { fire: () => this.end(s.sla.arrangementId) });
      }
    }
  }

  /** the arrangement is over on this side: release capacity, purge pushed content */
  end(arrangementId: string): void {
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
