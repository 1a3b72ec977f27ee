// Log reconciliation: the primary (uCDN) checks the batch a peer (dCDN) reported for one arrangement and
// window against its own ledger — which requests it redirected, which tokens it signed, which regions its
// metadata allows, what was reported before — and judges whether the peer enforces that metadata. One
// pass over the columns, no per-record objects. Depends only on ./delivery-batch (types); never on the
// simulator, the wall clock or randomness.
import type { DeliveryBatch } from './delivery-batch.js';

/** What the user presented to the peer for a redirected request (the primary knows which tokens it signed). */
export const TOKEN_VALID = 0;
export const TOKEN_MISSING = 1;
export const TOKEN_EXPIRED = 2;
export const TOKEN_FORGED = 3;

/** A growable set of non-negative integer sequence numbers, one bit each. */
export class SeqBitset {
  private words = new Uint32Array(64);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(seq: number): boolean {
    const w = Math.floor(seq / 32);
    return seq >= 0 && w < this.words.length && (this.words[w] & (1 << seq % 32)) !== 0;
  }

  /** Add seq (a non-negative integer); true if it was not there yet. */
  add(seq: number): boolean {
    const w = Math.floor(seq / 32);
    if (w >= this.words.length) {
      const next = new Uint32Array(Math.max(w + 1, this.words.length * 2));
      next.set(this.words);
      this.words = next;
    }
    const bit = 1 << seq % 32;
    if ((this.words[w] & bit) !== 0) return false;
    this.words[w] |= bit;
    this.count++;
    return true;
  }

  clear(): void {
    this.words.fill(0);
    this.count = 0;
  }
}

export interface Ledger {
  /** requests redirected over the arrangement so far: seqs 0 … issued−1 exist */
  issued: number;
  /** TOKEN_VALID / TOKEN_MISSING / TOKEN_EXPIRED / TOKEN_FORGED for an issued seq */
  tokenState(seq: number): number;
  /** whether the geo-blocking metadata sent to the peer allows this client region (GROUP_UNKNOWN included) */
  regionAllowed(groupId: number): boolean;
  /** seqs reported in earlier windows; reconcile adds this window's issued seqs to it */
  reported: SeqBitset;
}

export interface ReconcileResult {
  /** records in the batch */
  reported: number;
  /** issued and reported for the first time */
  matched: number;
  /** seq never issued, or not parsable */
  spoofed: number;
  /** reported twice, in this window or an earlier one */
  duplicated: number;
  /** matched, 2xx, although the token was missing, expired or forged: the peer does not enforce URI signing */
  deliveredWithBadToken: number;
  /** matched, 2xx, into a region the metadata denies: the peer does not enforce geo-blocking */
  deliveredIntoBlockedRegion: number;
  /** matched, not 2xx (refusals, errors): not billable */
  notServed: number;
  /** matched, legitimate 2xx deliveries: what the primary accepts */
  reconciledServed: number;
  /** sc-total-bytes of those (an unknown byte count adds 0 and is counted in unknownBytes) */
  reconciledBytes: number;
  unknownBytes: number;
  /** the first few offending seqs of each kind, in batch order (SEQ_UNPARSABLE shows as -1) */
  offenders: { spoofed: number[]; duplicated: number[]; badToken: number[]; blockedRegion: number[] };
}

/** every log of one arrangement reconciled so far, summed, with the enforcement verdict (judgeEnforcement) */
export interface ReconciliationSummary extends Omit<ReconcileResult, 'unknownBytes'> {
  logs: number;
  /** whether (and when first) the peer was found not enforcing the metadata */
  notEnforcing: boolean;
  detectedAtS: number | null;
  explanation: string;
}

/** an arrangement's summary before any log: the counts of an empty batch, nothing found */
export function emptySummary(): ReconciliationSummary {
  const { unknownBytes: _unknownBytes, offenders, ...counts } = emptyResult(0);
  return { logs: 0, ...counts, notEnforcing: false, detectedAtS: null, explanation: '', offenders };
}

function emptyResult(reported: number): ReconcileResult {
  const offenders = { spoofed: [], duplicated: [], badToken: [], blockedRegion: [] };
  return {
    reported,
    matched: 0,
    spoofed: 0,
    duplicated: 0,
    deliveredWithBadToken: 0,
    deliveredIntoBlockedRegion: 0,
    notServed: 0,
    reconciledServed: 0,
    reconciledBytes: 0,
    unknownBytes: 0,
    offenders,
  };
}

/** Judge one matched record; returns nothing, counts into r. */
function judgeMatched(batch: DeliveryBatch, i: number, seq: number, ledger: Ledger, r: ReconcileResult, keep: number): void {
  const status = batch.status[i];
  if (status < 200 || status > 299) {
    r.notServed++;
    return;
  }
  const badToken = ledger.tokenState(seq) !== TOKEN_VALID;
  const blocked = !ledger.regionAllowed(batch.groupId[i]);
  if (badToken && r.deliveredWithBadToken++ < keep) r.offenders.badToken.push(seq);
  if (blocked && r.deliveredIntoBlockedRegion++ < keep) r.offenders.blockedRegion.push(seq);
  if (badToken || blocked) return;
  r.reconciledServed++;
  const bytes = batch.bytes[i];
  if (Number.isNaN(bytes)) r.unknownBytes++;
  else r.reconciledBytes += bytes;
}

/**
 * Reconcile a peer's batch for one arrangement and window against the primary's ledger, in one pass.
 * Each record is exactly one of spoofed, duplicated or matched; a matched 2xx is legitimate only if its
 * token was valid and its region allowed (a record can break both rules and is then counted under both).
 * Deterministic; its one effect is adding the window's issued seqs to `ledger.reported` (pass a copy to dry-run).
 */
export function reconcile(batch: DeliveryBatch, ledger: Ledger, options: { maxOffenders?: number } = {}): ReconcileResult {
  const keep = options.maxOffenders ?? 8;
  const r = emptyResult(batch.length);
  const seqs = batch.seq;
  for (let i = 0; i < batch.length; i++) {
    const seq = seqs[i];
    if (!(Number.isInteger(seq) && seq >= 0 && seq < ledger.issued)) {
      if (r.spoofed++ < keep) r.offenders.spoofed.push(seq);
    } else if (!ledger.reported.add(seq)) {
      if (r.duplicated++ < keep) r.offenders.duplicated.push(seq);
    } else {
      r.matched++;
      judgeMatched(batch, i, seq, ledger, r, keep);
    }
  }
  return r;
}

export interface EnforcementVerdict {
  /** the peer delivers against the metadata: more 2xx with a bad token, or into a blocked region, than the tolerance */
  notEnforcing: boolean;
  signing: boolean;
  geo: boolean;
  explanation: string;
}

/**
 * Whether a peer is "not enforcing metadata", from one window's result or counts summed over windows.
 *
 * False positives: a peer that enforces URI signing answers a missing, expired or forged token with 403,
 * never 2xx, and one that enforces geo-blocking never delivers into a denied region — so for a correct
 * peer both counts are 0 and any count above 0 is evidence. The tolerance (default 0: the first such
 * delivery flags the peer) is there for the imperfections of real deployments: a token that expires while
 * the request is in flight, clock skew between the CDNs judging `exp`, and geolocation databases that
 * disagree on where a client is. Each rule is flagged when its count exceeds the tolerance.
 */
export function judgeEnforcement(counts: Pick<ReconcileResult, 'deliveredWithBadToken' | 'deliveredIntoBlockedRegion'>, tolerance = 0): EnforcementVerdict {
  const signing = counts.deliveredWithBadToken > tolerance;
  const geo = counts.deliveredIntoBlockedRegion > tolerance;
  const parts = [
    `${counts.deliveredWithBadToken} 2xx deliveries with a missing, expired or forged token`,
    `${counts.deliveredIntoBlockedRegion} 2xx deliveries into regions the metadata denies`,
  ];
  const rules = [signing ? 'URI signing' : '', geo ? 'geo-blocking' : ''].filter((s) => s !== '');
  const verdict = rules.length > 0 ? `not enforcing ${rules.join(' and ')}` : 'no evidence of non-enforcement';
  return { notEnforcing: signing || geo, signing, geo, explanation: `${parts.join('; ')} (tolerance ${tolerance}): ${verdict}` };
}
