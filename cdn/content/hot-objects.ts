// Which objects a CDN's own users ask for most, as its data plane observes them: a count per slot
// of a bounded table (an object's slot is its index modulo the table size, so a catalog larger
// than the table shares slots; the slot remembers its latest object), halved at every window so
// the counts follow what is hot now. One increment per request; the top is read only when an
// agent pre-positions content. Must not depend on agents, policies or reports.

/** table size cap: 2^20 slots (4 MiB of counts per primary CDN) */
const MAX_SLOTS = 1 << 20;

export class HotObjects {
  private readonly counts: (Float32Array | null)[];
  private readonly owners: (Int32Array | null)[];
  /** the sum of each CDN's counts: a table whose counts all decayed away is not swept again */
  private readonly mass: Float64Array;
  private readonly size: number;

  /** `tracked[cdn]`: whether that CDN has users of its own (only primaries need a table) */
  constructor(catalogObjects: number, tracked: readonly boolean[]) {
    this.size = Math.max(1, Math.min(catalogObjects, MAX_SLOTS));
    this.counts = tracked.map((t) => (t ? new Float32Array(this.size) : null));
    this.owners = tracked.map((t) => (t ? new Int32Array(this.size).fill(-1) : null));
    this.mass = new Float64Array(tracked.length);
  }

  /** a request of `cdn`'s users for `object` */
  record(cdn: number, object: number): void {
    const counts = this.counts[cdn];
    if (counts === null) return;
    const slot = object % this.size;
    counts[slot]++;
    (this.owners[cdn] as Int32Array)[slot] = object;
    this.mass[cdn]++;
  }

  /** at a window's end: older requests count half */
  decay(): void {
    for (let cdn = 0; cdn < this.counts.length; cdn++) {
      const counts = this.counts[cdn];
      if (counts === null || this.mass[cdn] === 0) continue;
      // below one request in all, what is left is forgotten
      const factor = this.mass[cdn] < 2 ? 0 : 0.5;
      for (let i = 0; i < counts.length; i++) counts[i] *= factor;
      this.mass[cdn] *= factor;
    }
  }

  /** the `n` objects `cdn`'s users asked for most recently, hottest first (ties: lower object first) */
  top(cdn: number, n: number): number[] {
    const counts = this.counts[cdn];
    const owners = this.owners[cdn];
    if (counts === null || owners === null || n <= 0) return [];
    const best: number[] = [];
    const better = (a: number, b: number) => counts[a] > counts[b] || (counts[a] === counts[b] && owners[a] < owners[b]);
    for (let slot = 0; slot < counts.length; slot++) {
      if (owners[slot] < 0 || counts[slot] <= 0) continue;
      if (best.length === n && !better(slot, best[n - 1])) continue;
      let at = best.length === n ? n - 1 : best.length;
      if (best.length < n) best.push(slot);
      while (at > 0 && better(slot, best[at - 1])) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = slot;
    }
    return best.map((slot) => owners[slot]);
  }
}
