// A columnar batch of the deliveries one peer (dCDN) logged for one arrangement in one time window:
// growable typed arrays the data plane fills without a per-request object, plus the converters to and
// from CDNI log file text (record-type cdni_http_request_v2, which carries the RFC 9246 URI-signing
// fields). Depends only on ./fields and ./log-file; never on the simulator, the wall clock or randomness.
//
// Convention for the redirect sequence number: the primary (uCDN) numbers the requests it redirects over
// an arrangement 0, 1, 2, … and puts that number in the redirected URI as the `rid` query parameter. The
// peer logs the URI rewritten for the uCDN (u-uri) as exactly `https://<host>/o/<object>?rid=<seq>`
// (decimal, no leading zeros). A u-uri of any other shape — another host, no `rid`, a `rid` that is not a
// canonical decimal — reads back as SEQ_UNPARSABLE.
import { RECORD_TYPE_V2, URI_SIGNING_CODES, code3, formatDateTime, formatSeconds, parseDate, parseTime } from './fields.js';
import { requireAccepted, writeLogFile } from './log-file.js';
import type { LogRecordGroup, ParsedGroup, ParsedLogFile } from './log-file.js';

export const SEQ_UNPARSABLE = -1;
export const OBJECT_UNKNOWN = 0xffffffff;
export const STATUS_UNKNOWN = 0;
export const CACHED_UNKNOWN = 255;
export const GROUP_UNKNOWN = 0xffff;
/** uriSigning holds the RFC 9246 verification code itself: 0 (none performed), 200 (verified), 400–411 (refused, with the reason), 500 */
export const SIGNING_UNKNOWN = 0xffff;

export interface BatchContext {
  /** the run's clock zero as whole UTC seconds since 1970-01-01 (times in the batch count from it) */
  epochUtcS: number;
  /** the host in u-uri for this arrangement */
  host: string;
  /** c-groupid per client region index; printable ASCII without tabs */
  groupNames: readonly string[];
}

/** The fields a batch writes, in order (all cdni_http_request_v1 mandatory fields plus s-cached and the RFC 9246 ones). */
export const BATCH_FIELDS: readonly string[] = [
  'date',
  'time',
  'time-taken',
  'c-groupid',
  'cs-method',
  'u-uri',
  'protocol',
  'sc-status',
  'sc-total-bytes',
  's-cached',
  's-uri-signing',
  's-uri-signing-deny-reason',
];

export class DeliveryBatch {
  length = 0;
  /** the primary's redirect sequence number, or SEQ_UNPARSABLE */
  seq = new Float64Array(0);
  object = new Uint32Array(0);
  /** end of delivery, seconds since the context's epoch (the RFC's `date`/`time`: when processing completed) */
  timeS = new Float64Array(0);
  timeTakenS = new Float64Array(0);
  /** HTTP status, or STATUS_UNKNOWN */
  status = new Uint16Array(0);
  /** sc-total-bytes, NaN when unknown */
  bytes = new Float64Array(0);
  /** 0 / 1, or CACHED_UNKNOWN */
  cached = new Uint8Array(0);
  /** client region index into context.groupNames, or GROUP_UNKNOWN */
  groupId = new Uint16Array(0);
  uriSigning = new Uint16Array(0);

  constructor(
    readonly context: BatchContext,
    capacity = 64,
  ) {
    context.groupNames.forEach((name, i) => {
      if (!/^[\x20-\x7e]+$/.test(name) || name === '-') throw new RangeError(`groupNames[${i}] ${JSON.stringify(name)} is not a valid c-groupid`);
    });
    this.resize(Math.max(1, capacity));
  }

  get capacity(): number {
    return this.seq.length;
  }

  /** Append one delivery; returns its index. */
  push(
    seq: number,
    object: number,
    timeS: number,
    timeTakenS: number,
    status: number,
    bytes: number,
    cached: number,
    groupId: number,
    uriSigning: number,
  ): number {
    if (this.length === this.seq.length) this.resize(this.seq.length * 2);
    const i = this.length++;
    this.seq[i] = seq;
    this.object[i] = object;
    this.timeS[i] = timeS;
    this.timeTakenS[i] = timeTakenS;
    this.status[i] = status;
    this.bytes[i] = bytes;
    this.cached[i] = cached;
    this.groupId[i] = groupId;
    this.uriSigning[i] = uriSigning;
    return i;
  }

  /** Empty the batch, keeping its storage for reuse. */
  clear(): void {
    this.length = 0;
  }

  private resize(capacity: number): void {
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.object = grow(this.object, (n) => new Uint32Array(n));
    this.timeS = grow(this.timeS, (n) => new Float64Array(n));
    this.timeTakenS = grow(this.timeTakenS, (n) => new Float64Array(n));
    this.status = grow(this.status, (n) => new Uint16Array(n));
    this.bytes = grow(this.bytes, (n) => new Float64Array(n));
    this.cached = grow(this.cached, (n) => new Uint8Array(n));
    this.groupId = grow(this.groupId, (n) => new Uint16Array(n));
    this.uriSigning = grow(this.uriSigning, (n) => new Uint16Array(n));
  }
}

/** The u-uri of a delivery under the rid convention; a negative seq leaves the rid out. */
export function deliveryUri(host: string, object: number, seq: number): string {
  return seq >= 0 ? `https://${host}/o/${object}?rid=${seq}` : `https://${host}/o/${object}`;
}

function recordValues(batch: DeliveryBatch, i: number): (string | null)[] {
  const { epochUtcS, host, groupNames } = batch.context;
  const end = batch.timeS[i];
  const { date, time } = Number.isNaN(end) ? { date: null, time: null } : formatDateTime(Math.round(epochUtcS * 1000 + end * 1000));
  const taken = batch.timeTakenS[i];
  const status = batch.status[i];
  const bytes = batch.bytes[i];
  const cached = batch.cached[i];
  const group = batch.groupId[i];
  const signing = batch.uriSigning[i];
  return [
    date,
    time,
    Number.isNaN(taken) ? null : formatSeconds(taken),
    group < groupNames.length ? groupNames[group] : null,
    'GET',
    deliveryUri(host, batch.object[i], batch.seq[i]),
    'HTTP/1.1',
    status === STATUS_UNKNOWN ? null : String(status),
    Number.isNaN(bytes) ? null : String(bytes),
    cached === CACHED_UNKNOWN ? null : String(cached),
    signing === SIGNING_UNKNOWN ? null : code3(signing),
    signing >= 400 && signing !== SIGNING_UNKNOWN ? (URI_SIGNING_CODES.get(signing) ?? null) : null,
  ];
}

/**
 * The batch as the text of a CDNI log file the peer publishes (one cdni_http_request_v2 group, hashed).
 * Every value is validated as it is written; `verify: false` skips writeLogFile's parse-back check (about
 * half the cost for a large batch).
 */
export function batchToLogFile(
  batch: DeliveryBatch,
  header: { uuid: string; claimedOrigin?: string; remarks?: readonly string[] },
  options: { verify?: boolean } = {},
): string {
  return writeLogFile({ ...header, groups: [batchGroup(batch)] }, options);
}

/** The batch as one record group (cdni_http_request_v2, BATCH_FIELDS), for a file of several batches. */
export function batchGroup(batch: DeliveryBatch): LogRecordGroup {
  const records: (string | null)[][] = new Array(batch.length);
  for (let i = 0; i < batch.length; i++) records[i] = recordValues(batch, i);
  return { recordType: RECORD_TYPE_V2, fields: BATCH_FIELDS, records };
}

const RID = /^(0|[1-9]\d{0,15})$/;

/** [seq, object] from a u-uri under the rid convention; SEQ_UNPARSABLE / OBJECT_UNKNOWN where it does not fit. */
export function parseDeliveryUri(uri: string | null, host: string): [number, number] {
  const prefix = `https://${host}/o/`;
  if (uri === null || !uri.startsWith(prefix)) return [SEQ_UNPARSABLE, OBJECT_UNKNOWN];
  const rest = uri.slice(prefix.length);
  const q = rest.indexOf('?');
  const objectText = q < 0 ? rest : rest.slice(0, q);
  const object = /^\d{1,10}$/.test(objectText) && Number(objectText) <= OBJECT_UNKNOWN ? Number(objectText) : OBJECT_UNKNOWN;
  const query = q < 0 ? '' : rest.slice(q + 1);
  const rid = query.startsWith('rid=') ? query.slice(4) : '';
  const seq = RID.test(rid) && Number(rid) <= Number.MAX_SAFE_INTEGER ? Number(rid) : SEQ_UNPARSABLE;
  return [seq, object];
}

/** column index of each batch field in a parsed group (-1 when the group does not list it) */
function columns(group: ParsedGroup): number[] {
  const lower = group.fields.map((f) => f.toLowerCase());
  return BATCH_FIELDS.map((f) => lower.indexOf(f));
}

const num = (v: string | null | undefined, unknown: number): number => (v === null || v === undefined ? unknown : Number(v));

function appendGroup(group: ParsedGroup, batch: DeliveryBatch, groupIndex: ReadonlyMap<string, number>): void {
  const [cDate, cTime, cTaken, cGroup, , cUri, , cStatus, cBytes, cCached, cSigning] = columns(group);
  const { epochUtcS, host } = batch.context;
  for (const { values } of group.records) {
    const [seq, object] = parseDeliveryUri(values[cUri], host);
    const days = values[cDate] === null ? null : parseDate(values[cDate] as string);
    const ms = values[cTime] === null ? null : parseTime(values[cTime] as string);
    const timeS = days === null || ms === null ? NaN : (days * 86_400_000 + ms - epochUtcS * 1000) / 1000;
    const group = values[cGroup] === null ? GROUP_UNKNOWN : (groupIndex.get(values[cGroup] as string) ?? GROUP_UNKNOWN);
    const cached = cCached < 0 ? CACHED_UNKNOWN : num(values[cCached], CACHED_UNKNOWN);
    const signing = cSigning < 0 ? SIGNING_UNKNOWN : num(values[cSigning], SIGNING_UNKNOWN);
    batch.push(seq, object, timeS, num(values[cTaken], NaN), num(values[cStatus], STATUS_UNKNOWN), num(values[cBytes], NaN), cached, group, signing);
  }
}

/**
 * The deliveries of an accepted log file appended to a batch (a new one by default). Throws a LogFileError
 * if the file was not accepted (RFC 7937 §3.3: the uCDN ignores such a file); skipped records are absent.
 * v1 groups have no s-uri-signing: their uriSigning is SIGNING_UNKNOWN. An unknown c-groupid is GROUP_UNKNOWN.
 */
export function batchFromLogFile(parsed: ParsedLogFile, context: BatchContext, into: DeliveryBatch = new DeliveryBatch(context)): DeliveryBatch {
  requireAccepted(parsed);
  const groupIndex = new Map(context.groupNames.map((name, i) => [name, i]));
  for (const group of parsed.groups) appendGroup(group, into, groupIndex);
  return into;
}
