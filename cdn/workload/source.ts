// The one interface every arrival source of the workload room implements (rate profiles today;
// trace and log replay later): the data plane asks it for the time of the next arrival and the
// object that arrival asks for, and reads its count of arrivals for the sensors. Time and result
// live in fields, not arguments or return values, so the hot path boxes nothing.
// Must not depend on agents, policies or reports.

export interface ArrivalSource {
  /** its place in the data plane's list of sources */
  readonly index: number;
  /** the region its users are in, and the CDN they are the users of (indices) */
  readonly region: number;
  readonly cdn: number;
  /** time of the last accepted arrival; after `advance`, of the next one (Infinity past the horizon) */
  nextS: number;
  /** arrivals generated so far (its users' demand, wherever they are served) */
  arrivals: number;
  /** move `nextS` to the next arrival; false when it is past the horizon */
  advance(horizon: number): boolean;
  /** the object the arrival at `nextS` asks for (call once per arrival, before advancing) */
  pickObject(): number;
}
