// Site faults of the scenario (site-down: a CDN's sites in a region; cdn-down: all its sites), on
// the engine clock: a site that goes down fails every request in it (in service or waiting), and
// the router sends it no new ones until it is back up. Control-plane faults (agent crashes,
// partitions) are the agents' (agents/control-plane). Must not depend on agents, policies or reports.
import type { EventHandler, SimClock } from '../core/clock.js';
import type { Site } from './site.js';
import type { FaultSpec } from './spec.js';
import type { RttMatrix } from './network.js';
import type { RequestTable } from './requests.js';
import type { PeeringLanes } from './routing/peering-lanes.js';
import type { Metrics } from './measure/metrics.js';
import { IN_WARMUP } from './measure/arrival-class.js';
import { OUTCOME_FAILED, type RequestLog } from './measure/request-log.js';

/** what of the data plane a fault touches */
export interface FaultTarget {
  readonly scenario: { readonly faults: readonly FaultSpec[] };
  readonly clock: SimClock;
  readonly sites: readonly Site[];
  readonly rtt: RttMatrix;
  readonly requests: RequestTable;
  readonly router: { readonly lanes: PeeringLanes };
  readonly metrics: Metrics;
  readonly requestLog: RequestLog | null;
  cdnIndex(id: string): number;
}

export class SiteFaults {
  private readonly handler: EventHandler = { fire: (code) => this.onFault(code) };

  constructor(private readonly dp: FaultTarget) {}

  /** schedule every site fault's start and end within the horizon (even codes start a fault, odd ones end it) */
  schedule(horizonS: number): void {
    this.dp.scenario.faults.forEach((f, i) => {
      if (f.type !== 'site-down' && f.type !== 'cdn-down') return;
      if (f.atS <= horizonS) this.dp.clock.scheduleAt(f.atS, this.handler, 2 * i);
      if (f.forS !== null && f.atS + f.forS <= horizonS) this.dp.clock.scheduleAt(f.atS + f.forS, this.handler, 2 * i + 1);
    });
  }

  private onFault(code: number): void {
    const dp = this.dp;
    const fault = dp.scenario.faults[code >> 1];
    if (fault.type !== 'site-down' && fault.type !== 'cdn-down') return;
    const cdn = dp.cdnIndex(fault.cdn);
    const region = fault.type === 'site-down' ? dp.rtt.indexOf(fault.region) : -1;
    for (const site of dp.sites) {
      if (site.cdn !== cdn || (region >= 0 && site.region !== region)) continue;
      if (code % 2 === 0) this.takeDown(site);
      else this.bringUp(site);
    }
  }

  /** bring a site back up (end of a site-down fault) */
  bringUp(site: Site): void {
    site.accrue();
    site.up = true;
  }

  /** a site goes down: every request in it fails; the router stops sending it new ones */
  takeDown(site: Site): void {
    const dp = this.dp;
    const req = dp.requests;
    site.accrue();
    site.up = false;
    for (let r = 0; r < req.highWater; r++) {
      if (req.alive[r] !== 1 || req.site[r] !== site.index) continue;
      if (req.departureHandle[r] >= 0) dp.clock.cancel(req.departureHandle[r]);
      if (req.lane[r] >= 0) {
        dp.router.lanes.inFlight[req.lane[r]]--;
        for (let i = 0; i < req.cascaded[r]; i++) dp.router.lanes.inFlight[req.laterHops[r * req.hopWidth + i]]--;
      }
      const warm = req.tag[r] === IN_WARMUP;
      site.winFailed++;
      if (warm) site.warmupFailed++;
      dp.metrics.failure(req.primary[r], warm);
      if (dp.requestLog !== null) dp.requestLog.end((req.logRow as Int32Array)[r], OUTCOME_FAILED, dp.clock.now);
      req.release(r);
    }
    while (site.dequeue() >= 0);
    site.busy = 0;
  }
}
