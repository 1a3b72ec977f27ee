// A CDN agent's sensor probe: what its own data plane shows since the previous reading — per site
// arrivals, utilization, rejections and queue, per region its own users' demand, and recent latency.
// Read every monitor interval (seconds), never per request. Only the CDN's own figures: an agent
// never sees another CDN's internals. Must not depend on agents, policies or reports.
import type { DataPlane } from '../data-plane.js';

export interface SiteSample {
  siteIndex: number;
  region: string;
  servers: number;
  /** requests/s the site can serve (servers ÷ mean service time of a mean-sized object) */
  capacityRps: number;
  arrivalsPerS: number;
  utilization: number;
  rejectedShare: number;
  queueNow: number;
  up: boolean;
}

export interface CdnSample {
  tS: number;
  dtS: number;
  sites: SiteSample[];
  /** own users' requests/s per region (index = region index) */
  demandPerS: Float64Array;
  /** requests/s other CDNs redirected to it per user region (index = region index): what it was sent */
  inboundPerS: Float64Array;
  /** p95 and mean latency of requests its sites served recently (current window, or the last one) */
  latencyP95Ms: number;
  latencyMeanMs: number;
}

export class CdnProbe {
  private lastS: number;
  private readonly lastArrived: Float64Array;
  private readonly lastRejected: Float64Array;
  private readonly lastBusy: Float64Array;
  private readonly lastDemand: Float64Array;
  private readonly lastInbound: Float64Array;
  private readonly siteIndices: number[];
  private readonly sourceIndices: number[];

  constructor(
    private readonly dp: DataPlane,
    readonly cdn: number,
  ) {
    this.siteIndices = dp.sites.filter((s) => s.cdn === cdn).map((s) => s.index);
    this.sourceIndices = dp.sources.filter((s) => s.cdn === cdn).map((s) => s.index);
    this.lastArrived = new Float64Array(this.siteIndices.length);
    this.lastRejected = new Float64Array(this.siteIndices.length);
    this.lastBusy = new Float64Array(this.siteIndices.length);
    this.lastDemand = new Float64Array(dp.scenario.regions.length);
    this.lastInbound = new Float64Array(dp.scenario.regions.length);
    this.lastS = dp.clock.now;
  }

  sample(): CdnSample {
    const now = this.dp.clock.now;
    const dt = Math.max(1e-9, now - this.lastS);
    const sites = this.siteIndices.map((index, k) => {
      const site = this.dp.sites[index];
      const arrived = site.cumulativeArrived();
      const rejected = site.cumulativeRejected();
      const busy = site.cumulativeBusyArea();
      const dArrived = arrived - this.lastArrived[k];
      const sample: SiteSample = {
        siteIndex: index,
        region: this.dp.scenario.regions[site.region],
        servers: site.servers,
        capacityRps: this.dp.siteCapacity(index),
        arrivalsPerS: dArrived / dt,
        utilization: (busy - this.lastBusy[k]) / (site.servers * dt),
        rejectedShare: dArrived > 0 ? (rejected - this.lastRejected[k]) / dArrived : 0,
        queueNow: site.queued,
        up: site.up,
      };
      this.lastArrived[k] = arrived;
      this.lastRejected[k] = rejected;
      this.lastBusy[k] = busy;
      return sample;
    });
    const demandPerS = new Float64Array(this.lastDemand.length);
    const totals = new Float64Array(this.lastDemand.length);
    for (const i of this.sourceIndices) totals[this.dp.sources[i].region] += this.dp.sources[i].arrivals;
    for (let r = 0; r < totals.length; r++) {
      demandPerS[r] = (totals[r] - this.lastDemand[r]) / dt;
      this.lastDemand[r] = totals[r];
    }
    const inboundPerS = new Float64Array(this.lastInbound.length);
    const into = this.dp.cascade.arrivedInto;
    for (let r = 0; r < inboundPerS.length; r++) {
      const total = into[this.cdn * inboundPerS.length + r];
      inboundPerS[r] = (total - this.lastInbound[r]) / dt;
      this.lastInbound[r] = total;
    }
    this.lastS = now;
    const current = this.dp.metrics.windowServedLatency(this.cdn);
    const last = this.dp.windows.at(-1)?.cdns[this.cdn];
    const useCurrent = current.count >= 100 || last === undefined;
    return {
      tS: now,
      dtS: dt,
      sites,
      demandPerS,
      inboundPerS,
      latencyP95Ms: useCurrent ? current.percentile(95) : last.latencyP95Ms,
      latencyMeanMs: useCurrent ? current.mean() : last.latencyMeanMs,
    };
  }
}
