// The one interface every arrival source of the workload room implements (rate profiles, count
// series, access logs, exact request lists): the data plane asks it for the time of the next
// arrival and the object that arrival asks for, and reads its count of arrivals for the sensors.
// Time and result live in fields, not arguments or return values, so the hot path boxes nothing.
// Must not depend on agents, policies or reports.

export interface ArrivalSource {
  /** its place in the data plane's list of sources */
  readonly index: number;
  /** the region of the arrival at `nextS` (a log's requests come from several), and the CDN its users are of (indices) */
  region: number;
  readonly cdn: number;
  /** time of the last accepted arrival; after `advance`, of the next one (Infinity past the horizon) */
  nextS: number;
  /** arrivals generated so far (its users' demand, wherever they are served) */
  arrivals: number;
  /** the service time (s) the arrival at `nextS` brings with it; NaN: the site's model draws one */
  serviceS: number;
  /** the client of the arrival picked last (an index within this source; -1: no client model) */
  client: number;
  /** move `nextS` to the next arrival; false when it is past the horizon */
  advance(horizon: number): boolean;
  /** the object the arrival at `nextS` asks for (call once per arrival, before advancing); sets `client` */
  pickObject(): number;
  /**
   * The expected arrivals from the previous call (or 0) to t: the rate's integral, for a replayed
   * request list the requests themselves. Called once per window, t increasing.
   */
  expectedUntil(t: number): number;
}
