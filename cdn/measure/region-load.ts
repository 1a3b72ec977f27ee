// Load per region and window: the offered load (the expected arrivals: the integral of the
// workloads' rates, for replayed requests the requests themselves), the arrivals generated, the
// requests of the region's users served (wherever), and the distinct clients seen; and per
// workload its expected vs generated arrivals (a count series' own counts beside the simulated
// arrivals). A counter increment per request; distinct clients by a stamp per client (no set, no
// allocation once the table has grown). Must not depend on agents, policies or reports.
import type { ArrivalSource } from '../workload/source.js';
import { LogSource } from '../workload/log-source.js';
import { grown } from '../typed-arrays.js';

export interface RegionWindow {
  tS: number;
  windowS: number;
  /** by region index */
  expected: Float64Array;
  arrived: Float64Array;
  served: Float64Array;
  clients: Float64Array;
  /** by workload (source) index */
  workloadExpected: Float64Array;
  workloadArrived: Float64Array;
}

export class RegionLoad {
  /** the open window's arrivals and served requests by region (the data plane increments them) */
  readonly arrived: Float64Array;
  readonly served: Float64Array;
  readonly windows: RegionWindow[] = [];
  private readonly clients: Float64Array;
  private readonly loggedArrivals: Float64Array;
  private readonly sourceArrivals: Float64Array;
  private readonly isLog: Uint8Array;
  /** by source: the window stamp (window number + 1) each client was last seen in */
  private readonly seen: Int32Array[];
  private stamp = 1;

  constructor(
    private readonly regions: number,
    private readonly sources: readonly ArrivalSource[],
  ) {
    this.arrived = new Float64Array(regions);
    this.served = new Float64Array(regions);
    this.clients = new Float64Array(regions);
    this.loggedArrivals = new Float64Array(regions);
    this.sourceArrivals = new Float64Array(sources.length);
    this.isLog = Uint8Array.from(sources, (s) => (s instanceof LogSource ? 1 : 0));
    this.seen = sources.map(() => new Int32Array(16));
  }

  /** an arrival of source `source` from `region`, by client `client` (-1: no client model) */
  sourceArrival(source: number, region: number, client: number): void {
    this.sourceArrivals[source]++;
    if (this.isLog[source] === 1) this.loggedArrivals[region]++;
    if (client < 0) return;
    let seen = this.seen[source];
    if (client >= seen.length) seen = this.grow(source, client);
    if (seen[client] !== this.stamp) {
      seen[client] = this.stamp;
      this.clients[region]++;
    }
  }

  private grow(source: number, client: number): Int32Array {
    let size = this.seen[source].length;
    while (size <= client) size *= 2;
    this.seen[source] = grown(this.seen[source], size);
    return this.seen[source];
  }

  /** at the close of the window [startS, endS): record it and open the next */
  closeWindow(startS: number, endS: number): void {
    const expected = new Float64Array(this.regions);
    const workloadExpected = new Float64Array(this.sources.length);
    this.sources.forEach((source, i) => {
      const e = source.expectedUntil(endS);
      workloadExpected[i] = e;
      if (this.isLog[i] === 0) expected[source.region] += e;
    });
    for (let r = 0; r < this.regions; r++) expected[r] += this.loggedArrivals[r];
    this.windows.push({
      tS: startS,
      windowS: endS - startS,
      expected,
      arrived: Float64Array.from(this.arrived),
      served: Float64Array.from(this.served),
      clients: Float64Array.from(this.clients),
      workloadExpected,
      workloadArrived: Float64Array.from(this.sourceArrivals),
    });
    this.arrived.fill(0);
    this.served.fill(0);
    this.clients.fill(0);
    this.loggedArrivals.fill(0);
    this.sourceArrivals.fill(0);
    this.stamp++;
  }
}
