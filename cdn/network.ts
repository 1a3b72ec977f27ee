// Regions and the round-trip-time model between them: a dense matrix built once from the scenario,
// read on the hot path by index. Must not depend on agents, policies or reports.
import type { DataPlaneSpec } from './spec.js';

export class RttMatrix {
  readonly regions: readonly string[];
  private readonly ms: Float64Array;
  private readonly n: number;
  /** region name → index (read at every control-plane lookup by name) */
  private readonly byName: ReadonlyMap<string, number>;

  constructor(network: DataPlaneSpec['network'], regions: readonly string[]) {
    this.regions = regions;
    this.n = regions.length;
    const byName = new Map<string, number>();
    regions.forEach((r, i) => byName.has(r) || byName.set(r, i)); // the first, as indexOf finds it
    this.byName = byName;
    this.ms = new Float64Array(this.n * this.n);
    const { rttMs } = network;
    for (let a = 0; a < this.n; a++) {
      for (let b = 0; b < this.n; b++) this.ms[a * this.n + b] = a === b ? rttMs.sameRegion : rttMs.default;
    }
    for (const pair of rttMs.pairs) {
      const a = this.indexOf(pair.a);
      const b = this.indexOf(pair.b);
      this.ms[a * this.n + b] = pair.ms;
      this.ms[b * this.n + a] = pair.ms;
    }
  }

  /** index of a region name; throws for an unknown name (the scenario loader has checked references) */
  indexOf(region: string): number {
    const i = this.byName.get(region) ?? -1;
    if (i < 0) throw new Error(`unknown region "${region}" (known: ${this.regions.join(', ')})`);
    return i;
  }

  /** round-trip time in ms between two regions, by index */
  rtt(a: number, b: number): number {
    return this.ms[a * this.n + b];
  }
}
