// A CDN agent's sensor probe: what its own data plane shows since the previous reading — per site
// arrivals, utilization, rejections and queue, per region its own users' demand, and recent latency.
// Read every monitor interval (seconds), never per request; one sample object is refilled each time. Only the CDN's own figures: an agent
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

/**
 * The probe reuses one sample (its site entries and demand array) from reading to reading: a
 * reading is valid until the next one, and whoever needs a figure later copies it. Latency (a
 * percentile scan over the CDN's open histogram cells) is worked out only for a probe that reads it.
 */
export class CdnProbe {
  private lastS: number;
  private readonly lastArrived: Float64Array;
  private readonly lastRejected: Float64Array;
  private readonly lastBusy: Float64Array;
  private readonly lastDemand: Float64Array;
  private readonly totals: Float64Array;
  private readonly lastInbound: Float64Array;
  private readonly siteIndices: number[];
  private readonly sourceIndices: number[];
  private readonly current: CdnSample;
  /** whether readings include latency (else NaN: a decision reading it fails loudly) */
  readsLatency = true;

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
    this.totals = new Float64Array(dp.scenario.regions.length);
    this.lastInbound = new Float64Array(dp.scenario.regions.length);
    this.lastS = dp.clock.now;
    const sites = this.siteIndices.map(
      (index): SiteSample => ({
        siteIndex: index,
        region: dp.scenario.regions[dp.sites[index].region],
        servers: 0,
        capacityRps: 0,
        arrivalsPerS: 0,
        utilization: 0,
        rejectedShare: 0,
        queueNow: 0,
        up: true,
      }),
    );
    this.current = {
      tS: 0,
      dtS: 0,
      sites,
      demandPerS: new Float64Array(this.lastDemand.length),
      inboundPerS: new Float64Array(this.lastDemand.length),
      latencyP95Ms: NaN,
      latencyMeanMs: NaN,
    };
  }

  /** the CDN's figures since the previous reading (the same object each time, refilled) */
  sample(): CdnSample {
    const now = this.dp.clock.now;
    const dt = Math.max(1e-9, now - this.lastS);
    const out = this.current;
    for (let k = 0; k < this.siteIndices.length; k++) this.readSite(out.sites[k], k, dt);
    this.readDemand(out.demandPerS, dt);
    this.readInbound(out.inboundPerS, dt);
    this.lastS = now;
    out.tS = now;
    out.dtS = dt;
    if (this.readsLatency) this.readLatency(out);
    return out;
  }

  private readSite(sample: SiteSample, k: number, dt: number): void {
    const index = this.siteIndices[k];
    const site = this.dp.sites[index];
    const arrived = site.cumulativeArrived();
    const rejected = site.cumulativeRejected();
    const busy = site.cumulativeBusyArea();
    const dArrived = arrived - this.lastArrived[k];
    sample.servers = site.servers;
    sample.capacityRps = this.dp.siteCapacity(index);
    sample.arrivalsPerS = dArrived / dt;
    sample.utilization = (busy - this.lastBusy[k]) / (site.servers * dt);
    sample.rejectedShare = dArrived > 0 ? (rejected - this.lastRejected[k]) / dArrived : 0;
    sample.queueNow = site.queued;
    sample.up = site.up;
    this.lastArrived[k] = arrived;
    this.lastRejected[k] = rejected;
    this.lastBusy[k] = busy;
  }

  private readDemand(demandPerS: Float64Array, dt: number): void {
    const totals = this.totals;
    totals.fill(0);
    for (const i of this.sourceIndices) totals[this.dp.sources[i].region] += this.dp.sources[i].arrivals;
    for (let r = 0; r < totals.length; r++) {
      demandPerS[r] = (totals[r] - this.lastDemand[r]) / dt;
      this.lastDemand[r] = totals[r];
    }
  }

  private readInbound(inboundPerS: Float64Array, dt: number): void {
    const into = this.dp.cascade.arrivedInto;
    for (let r = 0; r < inboundPerS.length; r++) {
      const total = into[this.cdn * inboundPerS.length + r];
      inboundPerS[r] = (total - this.lastInbound[r]) / dt;
      this.lastInbound[r] = total;
    }
  }

  private readLatency(out: CdnSample): void {
    const current = this.dp.metrics.windowServedLatency(this.cdn);
    const last = this.dp.windows.at(-1)?.cdns[this.cdn];
    const useCurrent = current.count >= 100 || last === undefined;
    out.latencyP95Ms = useCurrent ? current.percentile(95) : last.latencyP95Ms;
    out.latencyMeanMs = useCurrent ? current.mean() : last.latencyMeanMs;
  }
}
