// The control plane of a run: one agent per CDN on the message network, and at every window's end
// the SLA judging of each active arrangement (./sla), whose verdict its primary acts on. Faults that hit agents (crashes,
// partitions) are applied here. It holds each CDN's port, never the data plane itself.
// Must not depend on reports, scenarios or cdn/ internals.
import type { SimClock } from '../core/clock.js';
import { callbackHandler } from '../core/clock.js';
import type { StreamFactory } from '../core/random.js';
import { createXstateClock } from '../core/xstate-clock.js';
import type { CdnPort } from '../cdn/port/cdn-port.js';
import type { ControlPlaneSpec } from './control-spec.js';
import { readAgentParams } from './agent-params.js';
import type { CompiledPolicy } from '../policies/policy.js';
import { MessageNetwork, type MessageTrace } from './network.js';
import { Ledger } from './ledger.js';
import type { Sla } from './cdni/vocabulary.js';
import { CdnAgent } from './cdn-agent.js';
import { SlaJudge } from './sla.js';
import { CdnDirectory, type DirectoryEntry } from './directory.js';

export interface ControlPlaneOptions {
  /** control-plane message loss and jitter */
  lossRate?: number;
  jitterMs?: number;
  /** collect a trace of every message and state change */
  trace?: boolean;
  /**
   * per CDN, the CDNs in its bootstrap directory (whom it is interconnected with); a CDN not
   * listed, and every CDN when this is absent, has all the run's CDNs in it
   */
  interconnections?: Readonly<Record<string, readonly string[]>>;
  /** CDNs with a peer side relay the advertisements they hear (cascaded FCI); the scenario's `peering.control.relayAdvertisements` when absent */
  relayAdvertisements?: boolean;
}

/**
 * A CDN's seeded key for each peer: one draw of the named stream `agents/<cdn>/candidate-order/<peer>`
 * per pair (so it depends on the seed and the pair only, not on when the peer was first seen).
 */
function candidateOrder(streams: StreamFactory, cdn: string): (peer: string) => number {
  const keys = new Map<string, number>();
  return (peer) => {
    let key = keys.get(peer);
    if (key === undefined) keys.set(peer, (key = streams.stream(`agents/${cdn}/candidate-order/${peer}`).next()));
    return key;
  };
}

export interface TraceLine {
  tS: number;
  kind: 'message' | 'state';
  [key: string]: unknown;
}

export class ControlPlane {
  readonly network: MessageNetwork;
  readonly ledger = new Ledger();
  readonly agents: CdnAgent[] = [];
  readonly trace: TraceLine[] = [];
  private readonly judge: SlaJudge;

  private readonly cdnIds: string[];
  /** the agents in CDN-id order: everything that iterates them (start, SLA judging) is independent of the scenario's list order */
  private readonly byId: CdnAgent[];

  /**
   * `ports[i]` is CDN `spec.cdns[i]`'s port; `onWindow` subscribes to the end of every
   * measurement window (its length in s), when SLAs are judged.
   */
  constructor(
    private readonly spec: ControlPlaneSpec,
    private readonly ports: readonly CdnPort[],
    onWindow: (listener: (windowS: number) => void) => void,
    private readonly clock: SimClock,
    streams: StreamFactory,
    policies: Record<string, CompiledPolicy>,
    options: ControlPlaneOptions = {},
  ) {
    this.judge = new SlaJudge(this.ledger);
    this.cdnIds = spec.cdns.map((c) => c.id);
    const entries: DirectoryEntry[] = spec.cdns.map((c) => ({ id: c.id, userRegions: c.userRegions }));
    const everyone = new CdnDirectory(entries);
    const directoryOf = (id: string) => {
      const known = options.interconnections?.[id];
      return known ? new CdnDirectory(entries.filter((e) => known.includes(e.id))) : everyone;
    };
    const homes = new Map(spec.cdns.map((c) => [c.id, c.homeRegion]));
    const rtt = ports[0];
    this.network = new MessageNetwork(clock, {
      rttMs: (a, b) => rtt.rttMs(homes.get(a) as string, homes.get(b) as string),
      jitterMs: options.jitterMs ?? spec.network.jitterMs,
      lossRate: options.lossRate ?? spec.network.lossRate,
      linkRng: (from, to) => streams.stream(`control/link/${from}>${to}`),
    });
    const xclock = createXstateClock(clock);
    const inspect = options.trace ? (event: unknown) => this.traceState(event) : undefined;
    if (options.trace) this.network.observe((t) => this.traceMessage(t));
    spec.cdns.forEach((cdn, index) => {
      const policy = policies[cdn.id];
      if (!policy) throw new Error(`no policy for CDN "${cdn.id}"`);
      const world = {
        directory: directoryOf(cdn.id),
        relayAdvertisements: options.relayAdvertisements ?? spec.network.relayAdvertisements ?? false,
        windowS: spec.windowS,
        originRegion: spec.originRegion,
        redirectionMode: spec.redirectionMode,
        economics: cdn.economics,
      };
      this.agents.push(
        new CdnAgent(
          {
            id: cdn.id,
            index,
            clock,
            xclock,
            port: ports[index],
            world,
            policy,
            params: readAgentParams(policy),
            network: this.network,
            ledger: this.ledger,
            inspect,
          },
          candidateOrder(streams, cdn.id),
        ),
      );
    });
    this.byId = [...this.agents].sort((a, b) => (a.env.id < b.env.id ? -1 : 1));
    onWindow((windowS) => this.judgeWindow(windowS));
    this.scheduleFaults();
    this.scheduleContracts();
  }

  /** contracts signed before the run start at their time, the peer's side first */
  private scheduleContracts(): void {
    const spec = this.spec;
    spec.contracts.forEach((c, i) => {
      if (c.startS > spec.durationS) return;
      const regions = c.regions ?? spec.cdns.find((x) => x.id === c.primary)?.userRegions ?? [];
      const sla: Sla = {
        arrangementId: `contract-${i + 1}:${c.primary}>${c.peer}`,
        primary: c.primary,
        peer: c.peer,
        profileId: 'contract',
        term: 'long',
        regions,
        capacityRps: c.capacityRps,
        pricePerGB: c.pricePerGB,
        reservationPerRpsHour: c.reservationPerRpsHour,
        qos: { p95LatencyMs: c.p95LatencyMs, maxRejectedShare: c.maxRejectedShare },
        penaltyPerViolation: c.penaltyPerViolation,
        startS: c.startS,
        durationS: c.durationS,
        noticeS: c.noticeS,
      };
      const peer = this.agentOf(c.peer);
      const primary = this.agentOf(c.primary);
      this.clock.scheduleAt(
        c.startS,
        callbackHandler(() => peer.peer?.adoptContract(sla)),
      );
      this.clock.scheduleAt(
        c.startS,
        callbackHandler(() => primary.primary?.adoptContract(sla)),
      );
    });
  }

  /** agent crashes (alone, or with all the CDN's sites: cdn-down) and partitions from the scenario */
  private scheduleFaults(): void {
    for (const fault of this.spec.faults) {
      const untilS = fault.forS === null ? Infinity : fault.atS + fault.forS;
      if (fault.atS > this.spec.durationS) continue;
      if (fault.type === 'agent-crash' || fault.type === 'cdn-down') {
        this.clock.scheduleAt(
          fault.atS,
          callbackHandler(() => this.crashAgent(fault.cdn, untilS)),
        );
      } else if (fault.type === 'partition') {
        this.clock.scheduleAt(
          fault.atS,
          callbackHandler(() => this.partition(fault.a, fault.b, untilS)),
        );
      }
    }
  }

  private agentOf(cdn: string): CdnAgent {
    const i = this.cdnIds.indexOf(cdn);
    if (i < 0) throw new Error(`unknown CDN "${cdn}"`);
    return this.agents[i];
  }

  start(): void {
    for (const agent of this.byId) agent.start();
  }

  /** an agent crashes (stops its loop and drops its messages) until `untilS` */
  crashAgent(cdn: string, untilS: number): void {
    const agent = this.agentOf(cdn);
    agent.crash();
    this.network.crash(cdn, untilS);
    if (Number.isFinite(untilS))
      this.clock.scheduleAt(
        untilS,
        callbackHandler(() => agent.recover()),
      );
  }

  partition(a: string, b: string, untilS: number): void {
    this.network.partition(a, b, untilS);
  }

  activeArrangements(): number {
    return this.ledger.activeCount();
  }

  stop(): void {
    for (const agent of this.byId) agent.stop();
  }

  /** per window: delivered QoS of every active arrangement against its SLA, fees and penalties, each over its own lane */
  private judgeWindow(windowS: number): void {
    for (const agent of this.byId) {
      for (const live of agent.primary?.live() ?? []) {
        if (live.record.state !== 'active') continue;
        const verdict = this.judge.judge(agent.env.id, agent.knowledge, live, agent.env.port.readLane(live.lane), windowS);
        agent.primary?.judged(live.record.id, verdict.consecutiveViolations);
      }
    }
  }

  private traceMessage(t: MessageTrace): void {
    const { type, id, from, to, ...body } = t.message;
    this.trace.push({ tS: t.tS, kind: 'message', event: t.event, type, id, from, to, body });
  }

  private traceState(event: unknown): void {
    const e = event as { type: string; actorRef?: { id: string }; snapshot?: { value?: unknown; status?: string } };
    if (e.type !== '@xstate.snapshot' || !e.actorRef || !e.snapshot) return;
    this.trace.push({ tS: this.clock.now, kind: 'state', actor: e.actorRef.id, value: e.snapshot.value, status: e.snapshot.status });
  }
}
