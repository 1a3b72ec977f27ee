// The run result's rows of CDNI metadata enforcement and log reconciliation (what scenarios/collect
// maps a run into when the scenario uses metadata, tokens, a misbehaving peer or CDNI logs). Types
// only. Must not depend on cdn/, agents/ or scenarios/.
import type { DeliveryBatch } from '../cdni/logging/delivery-batch.js';
import type { ReconciliationSummary } from '../cdni/logging/reconcile.js';

/** the primary's reconciliation of one arrangement's CDNI logs, as the report shows it */
export type ReconciliationRow = ReconciliationSummary;

/** one arrangement's metadata at the peer and the primary's reconciliation of its logs */
export interface CdniArrangementRow {
  id: string;
  primary: string;
  peer: string;
  /** the peer's FCI.Metadata mode */
  metadataMode: 'batch' | 'on-the-fly';
  /** requests the primary redirected over the lane (its ledger's `issued`) */
  redirected: number;
  /** requests that waited for on-the-fly metadata, and the ms added in all */
  delayedRequests: number;
  addedMs: number;
  /** requests the peer refused by the metadata (a 403), per cause */
  refused: { geo: number; time: number; tokenMissing: number; tokenExpired: number; tokenForged: number };
  /** null: the primary never reconciled a log of it */
  reconciliation: ReconciliationRow | null;
}

/** a peer's CDNI log as its primary received and reconciled it, one per delivery log */
export interface SentLogRow {
  peer: string;
  primary: string;
  arrangementId: string;
  records: DeliveryBatch;
}

export interface CdniResult {
  /** whether the scenario asked for the log files (logs/<peer>.log) */
  logFiles: boolean;
  arrangements: CdniArrangementRow[];
  /** every log the primaries received and reconciled, in order (empty unless logFiles) */
  sentLogs: SentLogRow[];
}
