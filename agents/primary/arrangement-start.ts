// What a primary writes down when an arrangement is agreed: its ledger record (every count at zero,
// the agreed terms, how it came about) and the metadata it pushes to the peer (RFC 8006 semantics as
// agents/cdni/vocabulary.ts reduces them: the acquisition source, the cache TTL, replication, its
// content's rules, and — from a transit — the upstream rules of a cascade). Pure; must not depend on
// cdn/ internals.
import type { ArrangementMetadata, Sla, UpstreamMetadata } from '../cdni/vocabulary.js';
import type { AgentEnv } from '../env.js';
import type { ArrangementRecord } from '../ledger.js';
import { METADATA_CACHE_TTL_S } from '../protocol.js';
import type { PredictorName } from '../predictors.js';
import { contentMetadata, newReconciliation } from './log-reconciliation.js';

/** how an arrangement came about: a negotiation the primary started, or a contract */
export interface ArrangementOrigin {
  requestedAtS: number;
  detectedAtS: number;
  predictor: PredictorName;
  predictedLatencyMs: number | null;
  replication: 'push' | 'pull';
  origin: ArrangementRecord['origin'];
  /** regions of the peer's sites, as its advertised profile says (empty: unknown) */
  peerFootprint: readonly string[];
}

/** the arrangement's record in the ledger, as the primary starts it */
export function newArrangementRecord(
  env: AgentEnv,
  sla: Sla,
  origin: ArrangementOrigin,
  replication: 'push' | 'pull',
  source: 'origin' | 'primary',
  pushes: boolean,
): ArrangementRecord {
  return {
    id: sla.arrangementId,
    primary: env.id,
    peer: sla.peer,
    term: sla.term,
    origin: origin.origin,
    state: 'provisioning',
    endReason: null,
    detectedAtS: origin.detectedAtS,
    requestedAtS: origin.requestedAtS,
    agreedAtS: env.clock.now,
    activeAtS: null,
    firstRedirectAtS: null,
    endedAtS: null,
    regions: sla.regions,
    capacityRps: sla.capacityRps,
    peakCapacityRps: sla.capacityRps,
    finalCapacityRps: sla.capacityRps,
    changes: [],
    pricePerGB: sla.pricePerGB,
    reservationPerRpsHour: sla.reservationPerRpsHour,
    p95TargetMs: sla.qos.p95LatencyMs,
    replication,
    servedRequests: 0,
    bytes: 0,
    slaViolations: 0,
    fees: 0,
    penalties: 0,
    predictor: origin.predictor,
    predictedLatencyMs: origin.predictedLatencyMs,
    deliveredLatencyMs: null,
    reportedDeliveries: 0,
    reportedBytes: 0,
    peerSide: null,
    resizes: 0,
    extensions: 0,
    ...(env.port.metadata.active ? { cdni: newReconciliation() } : {}),
    content: {
      source,
      trigger: pushes ? { status: 'pending', history: [], redirectedBeforeComplete: false } : null,
      invalidations: { sent: 0, resent: 0, acked: 0, failed: 0 },
    },
  };
}

/** what goes with the arrangement's metadata besides the primary's own content rules */
export interface MetadataParts {
  source: ArrangementMetadata['source'];
  replication: 'push' | 'pull';
  prepositionObjects: number[];
  /** sent by a transit (no content rules of its own) */
  transit: boolean;
  upstream: UpstreamMetadata[] | undefined;
}

/** the metadata the primary pushes to the peer */
export function arrangementMetadata(env: AgentEnv, sla: Sla, parts: MetadataParts): ArrangementMetadata {
  return {
    arrangementId: sla.arrangementId,
    source: parts.source,
    allowedRegions: sla.regions,
    cacheTtlS: env.port.content.cacheTtlS ?? METADATA_CACHE_TTL_S,
    uriSigning: false,
    replication: parts.replication,
    prepositionObjects: parts.prepositionObjects,
    ...contentMetadata(env, sla),
    ...(parts.transit ? { transit: true as const } : {}),
    ...(parts.upstream ? { upstream: parts.upstream } : {}),
  };
}
