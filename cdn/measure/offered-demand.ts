// Offered demand per site and window, without per-request work: read once per window from the
// arrival sources' cumulative counts and the router's nearest up sites. Must not depend on agents,
// policies or reports.
import type { ArrivalSource } from '../workload/source.js';
import type { RequestRouter } from '../routing/router.js';

export class OfferedDemand {
  /** each source's cumulative arrivals when the current window opened (by source index) */
  private readonly arrivalsAtWindowStart: number[] = [];
  /** each source's first site (its CDN's nearest up site to its region) when the window opened; null before the first */
  private siteAtWindowStart: Int32Array | null = null;

  constructor(
    private readonly sources: readonly ArrivalSource[],
    private readonly router: RequestRouter,
    private readonly siteCount: number,
  ) {}

  /**
   * Offered demand per site this window: each (region, CDN) source's new arrivals go to that CDN's
   * site nearest the region that was up when the window opened (where the router sends them before
   * any redirection; a fault at a window boundary fires before the window closes, so it counts from
   * the next window on). With none of its sites up, they are no site's. Call once per window, at its close.
   */
  closeWindow(): Float64Array {
    const offered = new Float64Array(this.siteCount);
    const nearestNow = Int32Array.from(this.sources, (s) => this.router.nearestUpSite(s.cdn, s.region));
    const first = this.siteAtWindowStart ?? nearestNow;
    this.sources.forEach((source, i) => {
      const arrivals = source.arrivals - (this.arrivalsAtWindowStart[i] ?? 0);
      this.arrivalsAtWindowStart[i] = source.arrivals;
      if (first[i] >= 0) offered[first[i]] += arrivals;
    });
    this.siteAtWindowStart = nearestNow;
    return offered;
  }
}
