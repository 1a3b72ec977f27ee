// The metadata a peer enforces per peering lane (RFC 8006 LocationACL and TimeWindowACL, MI.Cache's
// TTL, RFC 9246 URI signing), what it refused and why, the on-the-fly fetch delay, and — when a run
// reconciles logs — the primary's redirect ledger (a sequence number and token state per redirected
// request) and the peer's per-lane delivery records (cdni/logging DeliveryBatch columns). The per
// request check is a few typed-array reads; nothing here allocates per request. Must not depend on
// agents, policies or reports.
import { DeliveryBatch, CACHED_UNKNOWN, type BatchContext } from '../../cdni/logging/delivery-batch.js';
import { grown } from '../typed-arrays.js';
import type { TimeTimeline } from './acl.js';
import { buildVerdictTable, NOT_VERIFIED_CODE, REFUSED_GEO, REFUSED_NONE, REFUSED_TIME, type VerdictTable } from './token-verdicts.js';

const INITIAL_LANES = 16;
/** the refusal causes counted per lane (REFUSED_GEO … REFUSED_TOKEN_FORGED) */
export const CAUSES = 6;
const STATE_NONE = 0;
const STATE_APPLIED = 1;
const STATE_FETCH_ON_FIRST = 2;

/** what the peer's agent applies to a lane: the compiled ACLs, the TTL, whether tokens are verified */
export interface LaneRules {
  regionAllowed: Uint8Array;
  times: TimeTimeline;
  cacheTtlS: number;
  uriSigning: boolean;
  /** on-the-fly: the MI fetch round trip (ms) the first request waits for; absent: batch (in place now) */
  fetchMs?: number;
}

export class LaneMetadata {
  private capacity = INITIAL_LANES;
  private state = new Uint8Array(INITIAL_LANES);
  private readonly regionAllowed: (Uint8Array | null)[] = [];
  private readonly bounds: (Float64Array | null)[] = [];
  private readonly timeAllowed: (Uint8Array | null)[] = [];
  private cursor = new Int32Array(INITIAL_LANES);
  private signing = new Uint8Array(INITIAL_LANES);
  /** MI.Cache TTL per lane (s; Infinity: none) — the hook content consistency reads */
  ttlS: Float64Array = new Float64Array(INITIAL_LANES).fill(Infinity);
  private fetchMs = new Float64Array(INITIAL_LANES);
  /** on-the-fly: when the metadata is in place (NaN: not fetched yet) */
  readyAtS: Float64Array = new Float64Array(INITIAL_LANES).fill(NaN);
  /** requests refused per lane and cause: [lane * CAUSES + cause] */
  refused = new Float64Array(INITIAL_LANES * CAUSES);
  /** requests that waited for the on-the-fly fetch, and the ms they waited in all */
  delayed = new Float64Array(INITIAL_LANES);
  delayMs = new Float64Array(INITIAL_LANES);
  /** the primary's ledger: requests redirected over each lane (the next seq) and each one's token state */
  issued = new Float64Array(INITIAL_LANES);
  private readonly tokens: Uint8Array[] = [];
  /** the peer's delivery records per lane, since its last log (null: the run keeps none) */
  private readonly records: (DeliveryBatch | null)[] = [];
  /** 1 for a lane whose peer keeps delivery records (an arrangement it serves) */
  private logging = new Uint8Array(INITIAL_LANES);
  /** the log code of the last check (RFC 9246 §6.4) */
  lastCode = NOT_VERIFIED_CODE;
  readonly verdicts: VerdictTable = buildVerdictTable();

  constructor(
    /** whether redirected requests are numbered and delivery records kept (reconciliation or CDNI logs asked for) */
    readonly recording: boolean,
    private readonly context: (lane: number) => BatchContext,
  ) {}

  /** the peer's agent puts the lane's metadata in place (batch), or stages it to be fetched at the first request */
  apply(lane: number, rules: LaneRules): void {
    this.ensure(lane);
    this.regionAllowed[lane] = rules.regionAllowed;
    this.bounds[lane] = rules.times.bounds;
    this.timeAllowed[lane] = rules.times.allowed;
    this.cursor[lane] = 0;
    this.signing[lane] = rules.uriSigning ? 1 : 0;
    this.ttlS[lane] = rules.cacheTtlS;
    const onTheFly = rules.fetchMs !== undefined && Number.isNaN(this.readyAtS[lane]);
    this.fetchMs[lane] = rules.fetchMs ?? 0;
    this.state[lane] = onTheFly ? STATE_FETCH_ON_FIRST : STATE_APPLIED;
  }

  /**
   * The hook for content consistency (cdn/content/): a copy cached for the lane's primary longer ago
   * than this is stale and re-acquired (MI.Cache; Infinity: no TTL, or no metadata on the lane).
   */
  cacheTtlS(lane: number): number {
    return lane < this.capacity ? this.ttlS[lane] : Infinity;
  }

  /** whether the lane has metadata applied (or staged) */
  enforces(lane: number): boolean {
    return lane < this.capacity && this.state[lane] !== STATE_NONE;
  }

  /**
   * The ms a request arriving now over the lane waits for the metadata (on-the-fly: the first request
   * starts the fetch; every request before it completes waits for it). 0 once it is in place.
   */
  waitMs(lane: number, nowS: number): number {
    if (lane >= this.capacity) return 0;
    if (this.state[lane] === STATE_FETCH_ON_FIRST) {
      this.readyAtS[lane] = nowS + this.fetchMs[lane] / 1000;
      this.state[lane] = STATE_APPLIED;
    }
    const ready = this.readyAtS[lane];
    if (!(nowS < ready)) return 0;
    const ms = (ready - nowS) * 1000;
    this.delayed[lane]++;
    this.delayMs[lane] += ms;
    return ms;
  }

  /** The refusal cause for a request from `region` with token state `token` over the lane now (REFUSED_NONE: serve); counts it. */
  check(lane: number, region: number, token: number, nowS: number): number {
    this.lastCode = NOT_VERIFIED_CODE;
    if (lane >= this.capacity || this.state[lane] === STATE_NONE) return REFUSED_NONE;
    let cause = REFUSED_NONE;
    if ((this.regionAllowed[lane] as Uint8Array)[region] !== 1) cause = REFUSED_GEO;
    else if (!this.inTime(lane, nowS)) cause = REFUSED_TIME;
    else if (this.signing[lane] === 1) {
      cause = this.verdicts.refused[token];
      this.lastCode = this.verdicts.code[token];
    }
    if (cause !== REFUSED_NONE) this.refused[lane * CAUSES + cause]++;
    return cause;
  }

  /** the TimeWindowACL's decision now: the lane's cursor moves forward with the clock */
  private inTime(lane: number, nowS: number): boolean {
    const bounds = this.bounds[lane] as Float64Array;
    let k = this.cursor[lane];
    while (k < bounds.length && nowS >= bounds[k]) k++;
    while (k > 0 && nowS < bounds[k - 1]) k--;
    this.cursor[lane] = k;
    return (this.timeAllowed[lane] as Uint8Array)[k] === 1;
  }

  /** the primary numbers a redirected request and notes its token state; returns its seq */
  issue(lane: number, token: number): number {
    this.ensure(lane);
    const seq = this.issued[lane]++;
    let states = this.tokens[lane];
    if (seq >= states.length) states = this.tokens[lane] = grown(states, states.length * 2);
    states[seq] = token;
    return seq;
  }

  /** the token state of a seq the primary issued over the lane */
  tokenState(lane: number, seq: number): number {
    return this.tokens[lane][seq];
  }

  /** the peer keeps delivery records for the lane from now on */
  startLogging(lane: number): void {
    this.ensure(lane);
    this.logging[lane] = 1;
  }

  /** the peer logs a delivery (or a refusal) over the lane (nothing for a lane it keeps no log of) */
  record(lane: number, seq: number, object: number, endS: number, takenS: number, status: number, bytes: number, region: number, code: number): void {
    if (lane >= this.capacity || this.logging[lane] === 0) return;
    const batch = (this.records[lane] ??= new DeliveryBatch(this.context(lane)));
    batch.push(seq, object, endS, takenS, status, bytes, CACHED_UNKNOWN, region, code);
  }

  /** the lane's records since the last call (an empty batch when none), handed over to the peer's log */
  take(lane: number): DeliveryBatch {
    this.ensure(lane);
    const batch = this.records[lane] ?? new DeliveryBatch(this.context(lane));
    this.records[lane] = null;
    return batch;
  }

  private ensure(lane: number): void {
    while (lane >= this.capacity) this.grow();
    this.tokens[lane] ??= new Uint8Array(64);
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.state = grown(this.state, n);
    this.logging = grown(this.logging, n);
    this.cursor = grown(this.cursor, n);
    this.signing = grown(this.signing, n);
    this.ttlS = grownFilled(this.ttlS, n, Infinity);
    this.fetchMs = grown(this.fetchMs, n);
    this.readyAtS = grownFilled(this.readyAtS, n, NaN);
    this.refused = grown(this.refused, n * CAUSES);
    this.delayed = grown(this.delayed, n);
    this.delayMs = grown(this.delayMs, n);
    this.issued = grown(this.issued, n);
    this.capacity = n;
  }
}

function grownFilled(old: Float64Array, n: number, fill: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(n).fill(fill);
  next.set(old);
  return next;
}
