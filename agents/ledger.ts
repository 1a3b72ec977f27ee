// The control plane's record of what happened, for the report: every arrangement (terms, timing,
// outcome, delivered QoS, prediction vs delivery), every negotiation, and each CDN's peering money.
// Plain data, filled by the agents. Must not depend on cdn/ or xstate.
import type { Term, TriggerStatus } from './cdni/vocabulary.js';
import type { PredictorName } from './predictors.js';
import type { DeliveryBatch } from '../cdni/logging/delivery-batch.js';
import type { ReconciliationSummary } from '../cdni/logging/reconcile.js';

export type ArrangementState = 'provisioning' | 'active' | 'disbanded' | 'expired' | 'terminated' | 'failed';

/** how the peer saw an arrangement it served */
export interface PeerSideRecord {
  state: 'pending' | 'active' | 'ending' | 'ended';
  /** when it committed the capacity, began serving (metadata accepted) and released it */
  committedAtS: number;
  activeAtS: number | null;
  endedAtS: number | null;
  endReason: PeerEndReason | null;
  /** capacity it held committed when it ended (or holds now) */
  capacityRps: number;
  /** deliveries and bytes it served under the arrangement, as its logs reported them */
  servedRequests: number;
  bytes: number;
}

/** why a peer released an arrangement's capacity */
export type PeerEndReason = 'told-by-primary' | 'primary-no-longer-holds' | 'lease-lapsed' | 'term-ended' | 'peer-needs-capacity' | 'never-provisioned';

/** one change of an arrangement's agreed capacity or time frame, as the primary applied it */
export interface CapacityChange {
  tS: number;
  capacityRps: number;
  /** end of the time frame after the change (s) */
  endS: number;
}

/** an arrangement's replication and consistency as the primary saw it (the invalidations: ./invalidations.ts) */
export interface ArrangementContentRecord {
  /** the source its metadata named (MI.SourceMetadata) */
  source: 'origin' | 'primary';
  /** the push's CI/T preposition trigger: its status and every status it took, in order (null: pull) */
  trigger: { status: TriggerStatus; history: { status: TriggerStatus; tS: number }[]; redirectedBeforeComplete: boolean } | null;
  /** CI/T invalidations sent to the peer (originated, or relayed down a cascade): commands, resends, complete, failed or given up */
  invalidations: { sent: number; resent: number; acked: number; failed: number };
}

export interface ArrangementRecord {
  id: string;
  primary: string;
  peer: string;
  term: Term;
  /** negotiated during the run, or a contract declared in the scenario */
  origin: 'negotiated' | 'contract';
  state: ArrangementState;
  endReason: string | null;
  /** when the primary detected the overload that led to it, asked for it, agreed, went active, first redirected, ended */
  detectedAtS: number;
  requestedAtS: number;
  agreedAtS: number;
  activeAtS: number | null;
  firstRedirectAtS: number | null;
  endedAtS: number | null;
  regions: string[];
  /** agreed capacity: at agreement, the largest it had, and the last */
  capacityRps: number;
  peakCapacityRps: number;
  finalCapacityRps: number;
  /** every resize or extension the peer granted, in order */
  changes: CapacityChange[];
  pricePerGB: number;
  reservationPerRpsHour: number;
  p95TargetMs: number;
  replication: 'push' | 'pull';
  servedRequests: number;
  bytes: number;
  slaViolations: number;
  fees: number;
  penalties: number;
  predictor: PredictorName;
  /** null for a contract signed before the run (no selection, no prediction) */
  predictedLatencyMs: number | null;
  /** mean latency of the requests the peer served under it */
  deliveredLatencyMs: number | null;
  /** deliveries and bytes the peer reported in its logs, against what the primary observed */
  reportedDeliveries: number;
  reportedBytes: number;
  /** the arrangement as the peer saw it (null: the peer never committed to it) */
  peerSide: PeerSideRecord | null;
  resizes: number;
  extensions: number;
  /** replication and consistency (absent only in records built by hand) */
  content?: ArrangementContentRecord;
  /** CDNI log reconciliation (agents/primary/log-reconciliation.ts); absent when the run reconciles no logs */
  cdni?: ArrangementReconciliation;
}

/** what the primary made of the peer's CDNI delivery records for one arrangement, over every log so far */
export type ArrangementReconciliation = ReconciliationSummary;

/** a peer's CDNI log as the primary received and reconciled it (kept only when the run writes log files) */
export interface SentLog {
  peer: string;
  primary: string;
  arrangementId: string;
  records: DeliveryBatch;
}

export interface NegotiationRecord {
  id: string;
  primary: string;
  peer: string;
  term: Term;
  startedAtS: number;
  endedAtS: number | null;
  outcome: 'agreed' | 'rejected' | 'failed' | 'open';
  cause: string | null;
  rounds: number;
  capacityAskedRps: number;
  agreedPricePerGB: number | null;
}

export interface CdnMoney {
  feesPaid: number;
  feesEarned: number;
  penaltiesPaid: number;
  penaltiesReceived: number;
}

/** a peer's commitment check: what it had committed after a commit or resize, against what its policy allowed */
export interface CommitmentAudit {
  peer: string;
  tS: number;
  committedRps: number;
  allowedRps: number;
}

export class Ledger {
  readonly arrangements: ArrangementRecord[] = [];
  /** the peers' side of each arrangement, by id (kept apart: a peer may commit to one its primary never holds) */
  readonly peerSides = new Map<string, PeerSideRecord>();
  readonly commitments: CommitmentAudit[] = [];
  readonly negotiations: NegotiationRecord[] = [];
  readonly money = new Map<string, CdnMoney>();
  /** every CDNI log the primaries received from their peers and reconciled, in order (only when the scenario asks for log files) */
  readonly sentLogs: SentLog[] = [];

  moneyOf(cdn: string): CdnMoney {
    let m = this.money.get(cdn);
    if (!m) {
      m = { feesPaid: 0, feesEarned: 0, penaltiesPaid: 0, penaltiesReceived: 0 };
      this.money.set(cdn, m);
    }
    return m;
  }

  private readonly byId = new Map<string, ArrangementRecord>();

  /** record a new arrangement (as its primary holds it) */
  add(record: ArrangementRecord): void {
    this.arrangements.push(record);
    this.byId.set(record.id, record);
  }

  arrangement(id: string): ArrangementRecord | undefined {
    return this.byId.get(id);
  }

  /** every arrangement with the peer's view joined in */
  joined(): ArrangementRecord[] {
    return this.arrangements.map((a) => ({ ...a, peerSide: this.peerSides.get(a.id) ?? null }));
  }

  activeCount(): number {
    return this.arrangements.filter((a) => a.state === 'active').length;
  }
}
