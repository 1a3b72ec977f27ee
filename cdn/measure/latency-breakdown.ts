// Where a user's latency goes: network (round trip to the serving site), redirection (the
// redirection mode's round trips and lookups), queueing (waiting for a server), service, and
// acquisition (fetching the object on a cache miss), summed over the served requests that count
// (arrived after the warm-up), apart for those served by their primary and those redirected to a
// peer. A few additions per served request. Must not depend on agents, policies or reports.

export const BREAKDOWN_PARTS = ['networkMs', 'redirectionMs', 'queueingMs', 'serviceMs', 'acquisitionMs'] as const;
export type BreakdownPart = (typeof BREAKDOWN_PARTS)[number];

/** mean ms per part over a set of served requests, and how many */
export type BreakdownMeans = { requests: number } & Record<BreakdownPart, number>;

const OWN = 0;
const REDIRECTED = 1;

export class LatencyBreakdown {
  private readonly count = new Float64Array(2);
  /** per kind (own, redirected) × part, summed ms */
  private readonly sums = new Float64Array(2 * BREAKDOWN_PARTS.length);

  add(redirected: boolean, networkMs: number, redirectionMs: number, queueingMs: number, serviceMs: number, acquisitionMs: number): void {
    const k = redirected ? REDIRECTED : OWN;
    const at = k * BREAKDOWN_PARTS.length;
    this.count[k]++;
    this.sums[at] += networkMs;
    this.sums[at + 1] += redirectionMs;
    this.sums[at + 2] += queueingMs;
    this.sums[at + 3] += serviceMs;
    this.sums[at + 4] += acquisitionMs;
  }

  /** means for the primary's own deliveries, the redirected ones, and all of them */
  means(): { own: BreakdownMeans; redirected: BreakdownMeans; all: BreakdownMeans } {
    const of = (kinds: number[]): BreakdownMeans => {
      const n = kinds.reduce((s, k) => s + this.count[k], 0);
      const part = (i: number) => (n === 0 ? 0 : kinds.reduce((s, k) => s + this.sums[k * BREAKDOWN_PARTS.length + i], 0) / n);
      return { requests: n, networkMs: part(0), redirectionMs: part(1), queueingMs: part(2), serviceMs: part(3), acquisitionMs: part(4) };
    };
    return { own: of([OWN]), redirected: of([REDIRECTED]), all: of([OWN, REDIRECTED]) };
  }
}
