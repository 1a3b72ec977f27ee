// The primary's reconciliation of its peers' CDNI delivery logs (RFC 7937 records carried by each
// log.report): every window's records checked against its own redirect ledger with cdni/logging's
// reconcile() — which seqs it redirected over the arrangement's lane, which tokens it signed, which
// regions its metadata allows, what was reported before — summed per arrangement into its record,
// fees charged on the reconciled bytes (not the peer's claim), and judgeEnforcement() over the sums:
// a peer found delivering against the metadata is reported and its arrangement ended (the breach
// path). Must not depend on cdn/ other than through the port.
import { emptySummary, reconcile, judgeEnforcement, SeqBitset, TOKEN_VALID, type ReconcileResult } from '../../cdni/logging/reconcile.js';
import { GROUP_UNKNOWN, type DeliveryBatch } from '../../cdni/logging/delivery-batch.js';
import type { ArrangementMetadata, Sla } from '../cdni/vocabulary.js';
import type { AgentEnv } from '../env.js';
import type { ArrangementReconciliation, ArrangementRecord } from '../ledger.js';

/** 2xx deliveries against the metadata tolerated before a peer is judged not enforcing it (0: the first one counts) */
export const ENFORCEMENT_TOLERANCE = 0;

interface Reconciling {
  reported: SeqBitset;
  regionAllowed: Uint8Array;
  /** whether its metadata requires signed URIs: if not, no token is bad (the peer was not asked to verify) */
  signing: boolean;
}

const ALWAYS_VALID = () => TOKEN_VALID;

/** the content metadata the primary sends with an arrangement (absent fields keep the message as before) */
export function contentMetadata(env: AgentEnv, sla: Sla): Partial<ArrangementMetadata> {
  const port = env.port.metadata;
  if (!port.active) return {};
  const content = port.own.content ?? {};
  const site = env.port.servingSite(sla.regions[0]);
  const serverRegion = env.port.sites.find((s) => s.siteIndex === site)?.region ?? env.world.originRegion;
  return {
    ...(content.locations === undefined ? {} : { locations: content.locations }),
    ...(content.times === undefined ? {} : { times: content.times }),
    ...(content.cacheTtlS === undefined ? {} : { cacheTtlS: content.cacheTtlS }),
    uriSigning: content.uriSigning ?? false,
    metadataServerRegion: serverRegion,
  };
}

/** the record's reconciliation before any log (set at the start, so fees are billed on reconciled bytes from the first window) */
export function newReconciliation(): ArrangementReconciliation {
  return emptySummary();
}

const SUMMED = [
  'reported',
  'matched',
  'spoofed',
  'duplicated',
  'deliveredWithBadToken',
  'deliveredIntoBlockedRegion',
  'notServed',
  'reconciledServed',
  'reconciledBytes',
] as const;
const KEEP_OFFENDERS = 8;

export class LogReconciliation {
  private readonly state = new Map<string, Reconciling>();

  constructor(private readonly env: AgentEnv) {}

  /**
   * One log's records for an arrangement it holds: reconciled into the record, its reconciled bytes
   * billed; true when the peer is found not enforcing the metadata for the first time.
   */
  onRecords(record: ArrangementRecord, sla: Sla, lane: number, records: DeliveryBatch): boolean {
    const env = this.env;
    let st = this.state.get(record.id);
    if (st === undefined) {
      const content = env.port.metadata.own.content;
      st = { reported: new SeqBitset(), regionAllowed: env.port.metadata.regionAllowed(content?.locations), signing: content?.uriSigning === true };
      this.state.set(record.id, st);
    }
    const ledger = env.port.metadata.ledger(lane);
    const allowed = st.regionAllowed;
    const result = reconcile(records, {
      issued: ledger.issued,
      tokenState: st.signing ? ledger.tokenState : ALWAYS_VALID,
      regionAllowed: (g) => g !== GROUP_UNKNOWN && allowed[g] === 1,
      reported: st.reported,
    });
    if (env.port.metadata.logFilesWanted) env.ledger.sentLogs.push({ peer: sla.peer, primary: env.id, arrangementId: record.id, records });
    const totals = (record.cdni ??= newReconciliation());
    this.add(totals, result);
    this.bill(record, sla, result.reconciledBytes);
    const verdict = judgeEnforcement(totals, ENFORCEMENT_TOLERANCE);
    totals.explanation = verdict.explanation;
    if (!verdict.notEnforcing || totals.notEnforcing) return false;
    totals.notEnforcing = true;
    totals.detectedAtS = env.clock.now;
    return true;
  }

  private add(totals: ArrangementReconciliation, r: ReconcileResult): void {
    totals.logs++;
    for (const k of SUMMED) totals[k] += r[k];
    for (const kind of ['spoofed', 'duplicated', 'badToken', 'blockedRegion'] as const) {
      const kept = totals.offenders[kind];
      for (const seq of r.offenders[kind]) if (kept.length < KEEP_OFFENDERS) kept.push(seq);
    }
  }

  /** the per-GB fee on what reconciled (the SLA judge bills only the reservation for such an arrangement) */
  private bill(record: ArrangementRecord, sla: Sla, bytes: number): void {
    const fee = (bytes * sla.pricePerGB) / 1e9;
    record.fees += fee;
    this.env.ledger.moneyOf(this.env.id).feesPaid += fee;
    this.env.ledger.moneyOf(sla.peer).feesEarned += fee;
  }
}
