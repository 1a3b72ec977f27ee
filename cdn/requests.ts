// In-flight requests as a pool of typed-array records: a request is a small integer, its fields
// live in parallel arrays, and a finished request's slot is reused. Memory is bounded by the number
// of requests in flight, never by the total. Must not depend on agents, policies or reports.
import { grown } from './typed-arrays.js';

export class RequestTable {
  private capacity: number;
  arrivalS: Float64Array;
  /** network, redirection and acquisition latency the user sees on top of wait + service (ms) */
  extraMs: Float64Array;
  /** of extraMs: what redirecting it cost (ms) */
  redirectionMs: Float64Array;
  /** of extraMs: what acquiring its object on a cache miss cost (ms; 0: a hit or no cache) */
  acquisitionMs: Float64Array;
  serviceStartS: Float64Array;
  departureHandle: Float64Array;
  object: Int32Array;
  /** CDN responsible for the request (the content provider's contracted CDN) */
  primary: Int32Array;
  site: Int32Array;
  /** the region of the user who asked */
  region: Int32Array;
  /** the service time it brought (exact request replay), NaN: the site's model draws one */
  serviceS: Float64Array;
  /** the peering lane it was redirected over (-1: served by its primary) */
  lane: Int32Array;
  /** how it counts, fixed at its arrival: OUTSIDE_SURGE, DURING_SURGE or IN_WARMUP (measure/arrival-class.ts) */
  tag: Uint8Array;
  /** 1 while the slot holds a request in flight */
  alive: Uint8Array;
  /** hops beyond the first of a cascaded request (0 unless it was passed on) */
  cascaded: Uint8Array;
  /** the lanes of its hops after the first, `hopWidth` per request (routing/cascade.ts); empty when no cascade can happen */
  laterHops: Int32Array = new Int32Array(0);
  /** hops kept per request in laterHops (the cascade's hop limit − 1) */
  hopWidth = 0;
  /** its row in the request log (measure/request-log.ts); null unless the run keeps one (enableLogRows) */
  logRow: Int32Array | null = null;
  /** CDNI metadata runs (cdn/metadata/): the redirect sequence number over its lane, and its token's verification code; null otherwise */
  cdniSeq: Int32Array | null = null;
  cdniCode: Int32Array | null = null;
  /** CDNI runs with cascades: its seq over each later hop's lane, `hopWidth` per request (as laterHops) */
  cdniLaterSeq: Int32Array = new Int32Array(0);
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  /** requests currently allocated */
  inFlight = 0;

  constructor(initialCapacity = 4096) {
    this.capacity = initialCapacity;
    this.arrivalS = new Float64Array(initialCapacity);
    this.extraMs = new Float64Array(initialCapacity);
    this.redirectionMs = new Float64Array(initialCapacity);
    this.acquisitionMs = new Float64Array(initialCapacity);
    this.serviceStartS = new Float64Array(initialCapacity);
    this.departureHandle = new Float64Array(initialCapacity);
    this.object = new Int32Array(initialCapacity);
    this.primary = new Int32Array(initialCapacity);
    this.site = new Int32Array(initialCapacity);
    this.lane = new Int32Array(initialCapacity);
    this.region = new Int32Array(initialCapacity);
    this.serviceS = new Float64Array(initialCapacity);
    this.tag = new Uint8Array(initialCapacity);
    this.alive = new Uint8Array(initialCapacity);
    this.cascaded = new Uint8Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  /** keep up to `width` later hops per request (a run whose CDNs can pass requests on) */
  enableHops(width: number): void {
    this.hopWidth = width;
    this.laterHops = new Int32Array(this.capacity * width);
    if (this.cdniSeq !== null) this.cdniLaterSeq = new Int32Array(this.capacity * width);
  }

  /** add the logRow column (a run with a request log) */
  enableLogRows(): void {
    this.logRow ??= new Int32Array(this.capacity);
  }

  /** add the cdniSeq and cdniCode columns (a run that enforces metadata or reconciles logs) */
  enableCdniColumns(): void {
    this.cdniSeq ??= new Int32Array(this.capacity);
    this.cdniCode ??= new Int32Array(this.capacity);
    if (this.hopWidth > 0 && this.cdniLaterSeq.length === 0) this.cdniLaterSeq = new Int32Array(this.capacity * this.hopWidth);
  }

  allocate(): number {
    this.inFlight++;
    let request: number;
    if (this.freeCount > 0) request = this.free[--this.freeCount];
    else {
      if (this.used === this.capacity) this.grow();
      request = this.used++;
    }
    this.alive[request] = 1;
    return request;
  }

  release(request: number): void {
    this.inFlight--;
    this.alive[request] = 0;
    this.free[this.freeCount++] = request;
  }

  /** requests in flight now whose tag is not `tag` (a scan of the slots: for the end of a run, not the hot path) */
  inFlightExcept(tag: number): number {
    let n = 0;
    for (let r = 0; r < this.used; r++) if (this.alive[r] === 1 && this.tag[r] !== tag) n++;
    return n;
  }

  /** slots ever allocated (high-water mark of requests in flight) */
  get highWater(): number {
    return this.used;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.arrivalS = grown(this.arrivalS, capacity);
    this.extraMs = grown(this.extraMs, capacity);
    this.redirectionMs = grown(this.redirectionMs, capacity);
    this.acquisitionMs = grown(this.acquisitionMs, capacity);
    this.serviceStartS = grown(this.serviceStartS, capacity);
    this.departureHandle = grown(this.departureHandle, capacity);
    this.object = grown(this.object, capacity);
    this.primary = grown(this.primary, capacity);
    this.site = grown(this.site, capacity);
    this.lane = grown(this.lane, capacity);
    this.region = grown(this.region, capacity);
    this.serviceS = grown(this.serviceS, capacity);
    this.free = grown(this.free, capacity);
    if (this.logRow !== null) this.logRow = grown(this.logRow, capacity);
    if (this.cdniSeq !== null) this.cdniSeq = grown(this.cdniSeq, capacity);
    if (this.cdniCode !== null) this.cdniCode = grown(this.cdniCode, capacity);
    this.tag = grown(this.tag, capacity);
    this.alive = grown(this.alive, capacity);
    this.cascaded = grown(this.cascaded, capacity);
    if (this.hopWidth > 0) this.laterHops = grown(this.laterHops, capacity * this.hopWidth);
    if (this.cdniLaterSeq.length > 0) this.cdniLaterSeq = grown(this.cdniLaterSeq, capacity * this.hopWidth);
    this.capacity = capacity;
  }
}
