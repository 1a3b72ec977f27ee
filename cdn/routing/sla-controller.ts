// The SLA-targeting redirection controller: for a lane with an `sla` rule it finds the smallest
// offload that keeps the primary's own deliveries at a latency target, by stochastic approximation
// (Robbins–Monro with a constant gain): every step it measures its own deliveries since the last
// step, and moves the lane's share by gain × the relative error — for a mean target
// (mean − target) ÷ target; for a p95 target (share slower than target − 5%) ÷ (5% · ln 20), which
// is (p95 − target) ÷ p95 to first order for an exponential-like tail (share above t = e^(−θt), so
// p95 = ln 20 / θ), and is linear in the measured share, so noise does not bias it. The error is
// bounded below by −1 by construction and above only far out (MAX_ERROR), since clipping it
// where it is often reached would bias the rest point; at rest the expected error is 0, i.e. the
// mean (or the 95th percentile) of its own deliveries is at the target. A request its own site
// turned away (waiting room full) missed any target: it counts as slow for p95, and as a delivery
// at (1 + MAX_ERROR) × the target for the mean — so a site that rejects never looks fast.
// Runs on the engine clock, a few events per minute per lane. Must not depend on agents or policies.
import type { EventHandler, SimClock } from '../../core/clock.js';
import type { OwnService } from '../measure/own-service.js';
import type { RequestRouter } from './router.js';
import type { RedirectionRule } from './redirection-rule.js';

type SlaRule = Extract<RedirectionRule, { kind: 'sla' }>;

/** a controller's step: when, the share it set, and the error it saw */
export interface SlaStep {
  tS: number;
  share: number;
  error: number;
}

interface Controlled {
  lane: number;
  primary: number;
  rule: SlaRule;
  regions: number[];
  share: number;
  lastServed: number;
  lastLatencySumMs: number;
  lastSlow: number;
  lastRejected: number;
  steps: SlaStep[];
  active: boolean;
}

const P95_TAIL = 0.05;
/** a step's error is clipped here: rarely reached at rest (a mean 20× the target), it only keeps a start-up jump finite */
const MAX_ERROR = 19;

export class SlaControllers {
  private readonly controlled: Controlled[] = [];
  private readonly stepHandler: EventHandler = { fire: (i) => this.step(i) };

  constructor(
    private readonly clock: SimClock,
    private readonly router: RequestRouter,
    private readonly own: OwnService,
    private readonly horizonS: number,
  ) {}

  /** start controlling `lane` in `regions`, from `initialShare` */
  start(lane: number, rule: SlaRule, regions: number[], initialShare: number): void {
    const primary = this.router.lanes.primary[lane];
    if (rule.statistic === 'p95') this.own.slowAboveMs[primary] = rule.targetMs;
    const c: Controlled = {
      lane,
      primary,
      rule,
      regions,
      share: initialShare,
      lastServed: this.own.served[primary],
      lastLatencySumMs: this.own.latencySumMs[primary],
      lastSlow: this.own.slow[primary],
      lastRejected: this.own.rejected[primary],
      steps: [],
      active: true,
    };
    this.controlled.push(c);
    this.apply(c);
    this.schedule(this.controlled.length - 1);
  }

  /** stop the lane's running controller, if any: its shares go to 0 */
  stop(lane: number): void {
    for (const c of this.controlled) {
      if (c.lane !== lane || !c.active) continue;
      c.active = false;
      for (const region of c.regions) this.router.setShare(lane, region, 0);
    }
  }

  /** whether a controller runs on the lane */
  running(lane: number): boolean {
    return this.controlled.some((c) => c.lane === lane && c.active);
  }

  /** every controller's steps so far, by lane */
  history(): { lane: number; steps: readonly SlaStep[] }[] {
    return this.controlled.map((c) => ({ lane: c.lane, steps: c.steps }));
  }

  private schedule(i: number): void {
    const at = this.clock.now + this.controlled[i].rule.intervalS;
    if (at <= this.horizonS) this.clock.scheduleAt(at, this.stepHandler, i);
  }

  private step(i: number): void {
    const c = this.controlled[i];
    if (!c.active) return;
    const own = this.own;
    const p = c.primary;
    const rejected = own.rejected[p] - c.lastRejected;
    const served = own.served[p] - c.lastServed + rejected;
    const target = c.rule.targetMs;
    const latencySumMs = own.latencySumMs[p] - c.lastLatencySumMs + rejected * (1 + MAX_ERROR) * target;
    const slow = own.slow[p] - c.lastSlow + rejected;
    c.lastServed = own.served[p];
    c.lastLatencySumMs = own.latencySumMs[p];
    c.lastSlow = own.slow[p];
    c.lastRejected = own.rejected[p];
    // nothing delivered at home in the step: the offload is too high (or nothing arrived): back off
    const raw =
      served === 0
        ? -1
        : c.rule.statistic === 'mean'
          ? (latencySumMs / served - target) / target
          : (slow / served - P95_TAIL) / (P95_TAIL * Math.log(1 / P95_TAIL));
    const error = Math.min(MAX_ERROR, raw);
    c.share = Math.max(0, Math.min(1, c.share + c.rule.gain * error));
    this.apply(c);
    c.steps.push({ tS: this.clock.now, share: c.share, error });
    this.schedule(i);
  }

  /** set the share in every region, within what the other share lanes there leave */
  private apply(c: Controlled): void {
    for (const region of c.regions) {
      const room = this.router.shareRoom(c.lane, region);
      this.router.setShare(c.lane, region, Math.min(c.share, room));
    }
  }
}
