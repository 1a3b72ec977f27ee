// What a scenario declares about CDNI metadata (RFC 8006) and URI signing (RFC 9246): a primary's
// content rules, a peer's metadata mode and misbehaviour, a workload's token mix. Plain data, all
// optional: a scenario that declares none of it keeps its resolved spec and content hash. Must not
// depend on anything outside core/.

export type AclAction = 'allow' | 'deny';

/** MI.LocationRule over the simulator's regions (the footprint is a region name) */
export interface LocationRuleSpec {
  action: AclAction;
  regions: string[];
}

/** MI.TimeWindow in run seconds: [startS, endS) — the start included, the end not */
export interface TimeWindowSpec {
  startS: number;
  endS: number;
}

/** MI.TimeWindowRule */
export interface TimeRuleSpec {
  action: AclAction;
  windows: TimeWindowSpec[];
}

/**
 * A primary's content metadata, sent to every peer it redirects to. An ACL that is absent allows
 * everything; when present the first matching rule decides and no match denies (RFC 8006 §4.2.2).
 */
export interface ContentMetadataSpec {
  /** MI.LocationACL */
  locations?: LocationRuleSpec[];
  /** MI.TimeWindowACL */
  times?: TimeRuleSpec[];
  /** MI.Cache: a cached copy older than this is re-acquired (a per-lane value the data plane keeps) */
  cacheTtlS?: number;
  /** MI.UriSigning: the peer must verify the request's signed token */
  uriSigning?: boolean;
}

/** FCI.Metadata: whether a peer takes metadata ahead of time or fetches it at the first request */
export type MetadataMode = 'batch' | 'on-the-fly';

/** A peer that does not keep the rules (to test detection): absent for an honest peer. */
export interface MisbehaviourSpec {
  /** it never applies the metadata: it serves blocked regions, bad tokens, outside the time windows */
  ignoreMetadata: boolean;
  /** share of its served deliveries it reports twice */
  overReportShare: number;
  /** records it makes up per delivery log, for requests that were never redirected */
  spoofRecords: number;
}

/** Shares of a workload's requests whose URI-signing token is missing, expired or forged (the rest are valid). */
export interface TokenMixSpec {
  missing: number;
  expired: number;
  forged: number;
}
