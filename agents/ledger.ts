// The control plane's record of what happened, for the report: every arrangement (terms, timing,
// outcome, delivered QoS, prediction vs delivery), every negotiation, and each CDN's peering money.
// Plain data, filled by the agents. Must not depend on cdn/ or xstate.
import type { Term } from './cdni/vocabulary.js';
import type { PredictorName } from './predictors.js';

export type ArrangementState = 'provisioning' | 'active' | 'disbanded' | 'expired' | 'terminated' | 'failed';

export interface ArrangementRecord {
  id: string;
  primary: string;
  peer: string;
  term: Term;
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
  capacityRps: number;
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
  /** deliveries the peer reported in its logs, against what the primary observed */
  reportedDeliveries: number;
  resizes: number;
  extensions: number;
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
  readonly commitments: CommitmentAudit[] = [];
  readonly negotiations: NegotiationRecord[] = [];
  readonly money = new Map<string, CdnMoney>();

  moneyOf(cdn: string): CdnMoney {
    let m = this.money.get(cdn);
    if (!m) {
      m = { feesPaid: 0, feesEarned: 0, penaltiesPaid: 0, penaltiesReceived: 0 };
      this.money.set(cdn, m);
    }
    return m;
  }

  arrangement(id: string): ArrangementRecord | undefined {
    return this.arrangements.find((a) => a.id === id);
  }

  activeCount(): number {
    return this.arrangements.filter((a) => a.state === 'active').length;
  }
}
