// CDNI vocabulary the agents speak, mirroring the IETF registries (RFC 8008 FCI capability values,
// RFC 7975 RI error codes, RFC 8007 CI/T error codes) where they exist; see shared/cdni.md.
// Plain data, no behaviour. Must not depend on cdn/, policies/ or xstate.

/** FCI.RedirectionMode values (RFC 8008) */
export const REDIRECTION_MODES = ['DNS-I', 'DNS-R', 'HTTP-I', 'HTTP-R'] as const;
export type RedirectionMode = (typeof REDIRECTION_MODES)[number];

/** FCI.DeliveryProtocol values used in the simulator */
export const DELIVERY_PROTOCOLS = ['http/1.1', 'https/1.1'] as const;
export type DeliveryProtocol = (typeof DELIVERY_PROTOCOLS)[number];

/**
 * Why a peer declines a call for proposals or a metadata push. RI codes (RFC 7975): 504 out of
 * capacity, 505 delivery protocol unsupported, 506 redirection mode unsupported; CI/T error codes
 * (RFC 8007): emeta (metadata unusable), ereject (refused by policy). `footprint` and `term` are
 * the simulator's own (commercial terms are out of CDNI's scope).
 */
export const REJECT_CAUSES = [
  '504-out-of-capacity',
  '505-delivery-protocol',
  '506-redirection-mode',
  'emeta',
  'ereject',
  'footprint',
  'term',
  'price',
] as const;
export type RejectCause = (typeof REJECT_CAUSES)[number];

export type Term = 'short' | 'long';

/** a service profile in a peer's advertisement (FCI footprint & capabilities plus commercial terms) */
export interface ServiceProfile {
  id: string;
  /** regions of the peer's sites (where it delivers from; the primary's latency predictions start here) */
  footprint: string[];
  /**
   * the user regions whose requests it accepts (the FCI footprint proper: what its sites are within
   * reach of); absent ⇒ every region (RFC 9241: no footprint means global coverage)
   */
  servedRegions?: string[];
  deliveryProtocols: DeliveryProtocol[];
  redirectionModes: RedirectionMode[];
  /** capacity on offer, requests per second (FCI.CapacityLimits "requests") */
  capacityRps: number;
  /** typical per-request service time at the peer's surrogates (ms): a capability hint for queueing predictors */
  serviceTimeMs: number;
  /** price per GB delivered (USD) */
  pricePerGB: number;
  /** long-term contracts: discount on the per-GB price (0–1) and reservation fee per requests/s and hour */
  longTermDiscount: number;
  reservationPerRpsHour: number;
  terms: Term[];
  /** binding: the peer commits to accept calls within these terms; advisory: it may decline */
  binding: boolean;
  /** FCI.Metadata: how it takes metadata (absent in a run without CDNI metadata) */
  metadataMode?: MetadataMode;
}

export interface Advertisement {
  peer: string;
  /** version, increasing with every advertisement the peer sends */
  version: number;
  issuedAtS: number;
  validForS: number;
  profiles: ServiceProfile[];
}

/** QoS targets of an SLA */
export interface QosTargets {
  p95LatencyMs: number;
  /** share of redirected requests the peer may reject (0–1) */
  maxRejectedShare: number;
}

/** the terms both sides agreed */
export interface Sla {
  arrangementId: string;
  primary: string;
  peer: string;
  profileId: string;
  term: Term;
  regions: string[];
  capacityRps: number;
  pricePerGB: number;
  reservationPerRpsHour: number;
  qos: QosTargets;
  /** penalty per window in which a QoS target is missed (USD) */
  penaltyPerViolation: number;
  startS: number;
  durationS: number;
  noticeS: number;
}

/** metadata pushed with an arrangement (RFC 8006 semantics, reduced to what the simulator enforces) */
export interface ArrangementMetadata {
  arrangementId: string;
  /**
   * where to acquire content (MI.SourceMetadata): the primary's nearest site that is up (the origin
   * as backup when it has none), or the origin; `region`: the primary's nearest site to the
   * arrangement's regions, or the origin's region
   */
  source: { kind: 'origin' | 'primary'; region: string };
  /** where delivery is allowed (MI.LocationACL); empty = everywhere */
  allowedRegions: string[];
  /** MI.CachePolicy */
  cacheTtlS: number;
  /** MI.UriSigning required */
  uriSigning: boolean;
  /** acquisition: push the hottest objects ahead (CI/T preposition) or pull on first miss */
  replication: 'push' | 'pull';
  /** the objects to pre-position (push): what the primary's users ask for most now */
  prepositionObjects: number[];
  /** MI.LocationACL over regions: the first rule naming the user's region decides, none denies (absent: allowed everywhere) */
  locations?: { action: 'allow' | 'deny'; regions: string[] }[];
  /** MI.TimeWindowACL in run seconds, windows [startS, endS) (absent: always allowed) */
  times?: { action: 'allow' | 'deny'; windows: { startS: number; endS: number }[] }[];
  /** the region of the primary's metadata server (the HostIndex a peer fetches on the fly); absent when metadata is not in play */
  metadataServerRegion?: string;
  /**
   * from a transit: the content metadata of the CDNs upstream of it in a cascade, whose requests it
   * may pass on over this arrangement; the peer enforces each besides this metadata's own rules
   * (absent: none, as from every CDN the origin tells)
   */
  upstream?: UpstreamMetadata[];
  /** sent by a transit: it has no content rules of its own (its own fields are defaults), only `upstream` (absent: a CDN the origin tells) */
  transit?: true;
  /** a transit's later metadata for the same arrangement (its upstream changed) counts up from 1; a peer applies only a newer one (absent: 0) */
  revision?: number;
}

/**
 * One upstream CDN's content metadata passed down a cascade (RFC 8006 metadata a transit
 * redistributes), with the cdn-path it travelled: its owner first, every transit that passed it on
 * after; a CDN that finds itself on the path ignores the entry (a loop avoided).
 */
export interface UpstreamMetadata {
  cdnPath: string[];
  locations?: { action: 'allow' | 'deny'; regions: string[] }[];
  times?: { action: 'allow' | 'deny'; windows: { startS: number; endS: number }[] }[];
  cacheTtlS: number;
  uriSigning: boolean;
}

/** FCI.Metadata: a peer takes metadata ahead of time (batch, at provisioning) or fetches it at the first request (on-the-fly) */
export type MetadataMode = 'batch' | 'on-the-fly';
/** CI/T trigger status values (RFC 8007 §5.2.2); a status only moves forward (cdni.md §4 rule 12) */
export const TRIGGER_STATUSES = ['pending', 'active', 'complete', 'processed', 'failed', 'cancelled'] as const;
export type TriggerStatus = (typeof TRIGGER_STATUSES)[number];

/** CI/T error codes the simulator gives (RFC 8007's Error Description codes): `ereject` a command refused (its own id on the cdn-path), `ecdn` a downstream CDN of the cascade failed */
export type TriggerError = 'ereject' | 'ecdn';

/** CI/T trigger types the simulator speaks (RFC 8007 `preposition` and `invalidate`) */
export type TriggerType = 'preposition' | 'invalidate';

/** whether a trigger status may follow another: forward only, and nothing after a final one */
export function triggerStatusFollows(from: TriggerStatus, to: TriggerStatus): boolean {
  const rank = (s: TriggerStatus) => (s === 'pending' ? 0 : s === 'active' ? 1 : 2);
  return rank(to) > rank(from);
}
