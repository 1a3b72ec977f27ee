// Health checks: what a primary knows of a peer's health, per lane and region, from probes on the
// engine clock — never from the peer's internals. Every `intervalS` the primary probes the peer's
// serving site for each probed region of the lane (one event per lane per interval, never per
// request). A probe sent while that site is up is answered one round trip later; one sent while it
// is down (or the peer is) is a miss, known when the next probe goes out (a probe's timeout is the
// interval). `misses` consecutive misses mark the (lane, region) down; the first answer after that
// marks it up again. So a failure at t is detected within [misses·interval, (misses+1)·interval]
// of t. A lane starts unconfirmed (taken for down until its first probe is answered, one round trip
// after the checks start): no request goes to a peer the primary has not seen up. A lane without health checks keeps the idealized view (the router sees the peer's sites).
// Must not depend on agents, policies or reports.
import type { EventHandler, SimClock } from '../../core/clock.js';
import { grown } from '../typed-arrays.js';

/** how often a lane is probed, and after how many consecutive misses it is taken for down */
export interface HealthCheckSettings {
  intervalS: number;
  misses: number;
}

/** one change of a belief: a failure detected (down) or a recovery seen (up) */
export interface HealthChange {
  lane: number;
  region: number;
  tS: number;
  down: boolean;
}

/** the site of `peer` that serves `region`, or -1 when it is down (the router answers) */
export type ServingSiteOf = (peer: number, region: number) => number;

const INITIAL_LANES = 16;

export class HealthChecks {
  private capacity = INITIAL_LANES;
  /** 1: the lane is probed (its belief routes); 0: no health checks (the router sees the peer's sites) */
  checked = new Uint8Array(INITIAL_LANES);
  /** per lane × region: 1 when the primary believes the peer's serving site there is down */
  down: Uint8Array;
  /** per lane × region: 1 when that region is probed */
  private probed: Uint8Array;
  /** per lane × region: consecutive misses so far, and whether the probe in flight is a miss */
  private missCount: Int32Array;
  private pendingMiss: Uint8Array;
  /** per lane × region: 1 until its first probe is answered (down, but no failure detected) */
  private unconfirmed: Uint8Array;
  private intervalS = new Float64Array(INITIAL_LANES);
  private misses = new Int32Array(INITIAL_LANES);
  /** the time of the lane's next probe (a tick at another time is stale: the checks were restarted) */
  private nextProbeS = new Float64Array(INITIAL_LANES);
  /** every change of a belief, in time order */
  readonly changes: HealthChange[] = [];
  private readonly tick: EventHandler = { fire: (lane) => this.probe(lane) };
  private readonly answer: EventHandler = { fire: (code) => this.answered(code) };

  constructor(
    private readonly clock: SimClock,
    private readonly regions: number,
    private readonly servingSite: ServingSiteOf,
    private readonly rttMs: (region: number, site: number) => number,
    private readonly peerOf: (lane: number) => number,
  ) {
    this.down = new Uint8Array(INITIAL_LANES * regions);
    this.probed = new Uint8Array(INITIAL_LANES * regions);
    this.missCount = new Int32Array(INITIAL_LANES * regions);
    this.pendingMiss = new Uint8Array(INITIAL_LANES * regions);
    this.unconfirmed = new Uint8Array(INITIAL_LANES * regions);
  }

  /** start probing `lane` in `regions` (restarting its checks from now: unconfirmed until the first answer) */
  start(lane: number, regions: readonly number[], settings: HealthCheckSettings): void {
    checkSettings(settings);
    while (lane >= this.capacity) this.grow();
    this.checked[lane] = 1;
    this.intervalS[lane] = settings.intervalS;
    this.misses[lane] = settings.misses;
    const base = lane * this.regions;
    for (let r = 0; r < this.regions; r++) {
      this.probed[base + r] = 0;
      this.down[base + r] = 0;
      this.missCount[base + r] = 0;
      this.pendingMiss[base + r] = 0;
      this.unconfirmed[base + r] = 0;
    }
    for (const r of regions) {
      this.probed[base + r] = 1;
      this.down[base + r] = 1;
      this.unconfirmed[base + r] = 1;
    }
    this.nextProbeS[lane] = this.clock.now;
    this.clock.scheduleAt(this.clock.now, this.tick, lane);
  }

  /** stop probing `lane` (its arrangement ended): no belief of it routes any more */
  stop(lane: number): void {
    if (lane >= this.capacity) return;
    this.checked[lane] = 0;
    this.nextProbeS[lane] = -1;
  }

  /** whether the primary believes the peer's serving site for `region` over `lane` is down */
  believedDown(lane: number, region: number): boolean {
    return lane < this.capacity && this.down[lane * this.regions + region] === 1;
  }

  private probe(lane: number): void {
    const now = this.clock.now;
    if (this.checked[lane] !== 1 || this.nextProbeS[lane] !== now) return;
    const base = lane * this.regions;
    const peer = this.peerOf(lane);
    for (let r = 0; r < this.regions; r++) {
      const i = base + r;
      if (this.probed[i] !== 1) continue;
      if (this.pendingMiss[i] === 1 && ++this.missCount[i] >= this.misses[lane] && this.down[i] === 0) this.mark(lane, r, true);
      const site = this.servingSite(peer, r);
      this.pendingMiss[i] = site < 0 ? 1 : 0;
      if (site < 0) continue;
      this.missCount[i] = 0;
      if (this.down[i] === 1) this.clock.scheduleAt(now + this.rttMs(r, site) / 1000, this.answer, i);
    }
    const next = now + this.intervalS[lane];
    this.nextProbeS[lane] = next;
    this.clock.scheduleAt(next, this.tick, lane);
  }

  /** an answer to a probe of a (lane, region) believed down: it is up again */
  private answered(index: number): void {
    const lane = Math.floor(index / this.regions);
    if (this.checked[lane] !== 1 || this.down[index] !== 1 || this.pendingMiss[index] === 1) return;
    if (this.unconfirmed[index] === 1) {
      this.unconfirmed[index] = 0;
      this.down[index] = 0;
    } else this.mark(lane, index - lane * this.regions, false);
  }

  private mark(lane: number, region: number, down: boolean): void {
    this.down[lane * this.regions + region] = down ? 1 : 0;
    this.changes.push({ lane, region, tS: this.clock.now, down });
  }

  private grow(): void {
    const n = this.capacity * 2;
    const m = n * this.regions;
    this.checked = grown(this.checked, n);
    this.intervalS = grown(this.intervalS, n);
    this.misses = grown(this.misses, n);
    this.nextProbeS = grown(this.nextProbeS, n);
    this.down = grown(this.down, m);
    this.probed = grown(this.probed, m);
    this.missCount = grown(this.missCount, m);
    this.pendingMiss = grown(this.pendingMiss, m);
    this.unconfirmed = grown(this.unconfirmed, m);
    this.capacity = n;
  }
}

/** settings that would hang a run (probes too often) or never detect anything are refused */
export function checkSettings(s: HealthCheckSettings): void {
  if (!(s.intervalS >= 0.1 && Number.isFinite(s.intervalS))) throw new RangeError(`health-check interval must be a finite number ≥ 0.1 s, got ${s.intervalS}`);
  if (!(Number.isInteger(s.misses) && s.misses >= 1)) throw new RangeError(`health-check misses must be an integer ≥ 1, got ${s.misses}`);
}
