// The data plane's side of CDNI metadata: built only for a scenario that declares metadata, tokens,
// a misbehaving peer or CDNI logs (otherwise the data plane holds null and pays nothing). At each
// arrival it draws the token state; at admission over a lane it numbers the redirected request for
// the ledger of every lane it crosses (a cascade's too), applies the serving peer's metadata (refusing
// with a 403-like outcome, or adding the on-the-fly fetch wait) and logs refusals; at departure or
// rejection it logs the delivery record on every lane it came over.
// Must not depend on agents, policies or reports.
import type { StreamFactory } from '../../core/random.js';
import type { BatchContext } from '../../cdni/logging/delivery-batch.js';
import type { DataPlaneSpec } from '../spec.js';
import type { RequestTable } from '../requests.js';
import type { PeeringLanes } from '../routing/peering-lanes.js';
import { LaneMetadata } from './lane-metadata.js';
import { TokenDraws } from './token-draws.js';
import { REFUSED_NONE } from './token-verdicts.js';
import { MAX_HOPS } from '../routing/cascade.js';

/** the epoch the records' times count from: 2026-01-01T00:00:00Z (the run's own clock start is added) */
export const LOG_EPOCH_UTC_S = 1_767_225_600;
export const STATUS_OK = 200;
export const STATUS_FORBIDDEN = 403;
export const STATUS_UNAVAILABLE = 503;

/** whether a scenario uses any of it (so that one that does not is not slowed down, nor its draws moved) */
export function usesMetadata(spec: DataPlaneSpec): boolean {
  return (
    spec.measure?.cdniLogs === true ||
    spec.cdns.some((c) => c.metadata !== undefined || c.misbehaviour !== undefined || c.metadataMode !== undefined) ||
    spec.workload.some((w) => w.tokens !== undefined)
  );
}

/** a lane's host in its log records' u-uri: the lane key with anything that is not a host character made "-" */
export function laneHost(key: string, primary: string): string {
  return `${key.replace(/[^A-Za-z0-9-]/g, '-')}.${primary.replace(/[^A-Za-z0-9-]/g, '-')}.example`.toLowerCase();
}

/** the data plane's enforcement, or null for a scenario that uses none of it (then nothing is drawn, numbered or kept) */
export function createEnforcement(
  spec: DataPlaneSpec,
  streams: StreamFactory,
  requests: RequestTable,
  lanes: PeeringLanes,
  cdnIds: readonly string[],
): MetadataEnforcement | null {
  if (!usesMetadata(spec)) return null;
  requests.enableCdniColumns();
  return new MetadataEnforcement(spec, streams, (lane) => ({
    epochUtcS: LOG_EPOCH_UTC_S,
    host: laneHost(lanes.keyOf(lane), cdnIds[lanes.primary[lane]]),
    groupNames: spec.regions,
  }));
}

export class MetadataEnforcement {
  readonly lanes: LaneMetadata;
  private readonly tokens: TokenDraws;
  /** the token state of the arrival being admitted */
  token = 0;
  /** the ms the request just admitted waits for on-the-fly metadata */
  waitMs = 0;
  /** the verdict on the request just admitted over a lane (REFUSED_NONE: serve it) */
  refusedCause = REFUSED_NONE;
  /** the request just admitted: its lanes (the cascade's chain), how many, and its seq on each */
  private chain: Int32Array = new Int32Array(0);
  private hops = 0;
  private readonly seqs = new Int32Array(MAX_HOPS);

  constructor(spec: DataPlaneSpec, streams: StreamFactory, context: (lane: number) => BatchContext) {
    this.tokens = new TokenDraws(spec.workload, streams);
    this.lanes = new LaneMetadata(true, context);
  }

  /** an arrival of this source: its token state */
  arriving(source: number): void {
    this.token = this.tokens.draw(source);
  }

  /**
   * A request routed over the lanes `chain[0..hops)` (its primary's lane first; more in a cascade):
   * numbered on every lane of it (each lane's primary keeps its own ledger, and each serving or
   * transit peer logs it on the lane it came over), then judged by the metadata the serving CDN
   * holds — the last hop's lane, which a transit gives its upstream's rules (agents/metadata-cascade).
   * Returns its seq on the first lane and leaves the verdict in `refusedCause` (REFUSED_NONE: serve
   * it, after `waitMs`); a refusal is logged on every lane.
   */
  admitOverLane(chain: Int32Array, hops: number, region: number, object: number, nowS: number): number {
    const lanes = this.lanes;
    this.hops = hops;
    this.chain = chain;
    for (let i = 0; i < hops; i++) this.seqs[i] = lanes.issue(chain[i], this.token);
    const servedOver = chain[hops - 1];
    this.waitMs = lanes.waitMs(servedOver, nowS);
    this.refusedCause = lanes.check(servedOver, region, this.token, nowS);
    if (this.refusedCause !== REFUSED_NONE) this.recordAll(object, nowS, STATUS_FORBIDDEN, region);
    return this.seqs[0];
  }

  /** the request was admitted: its seqs and verification code go into its record */
  keep(req: RequestTable, request: number, seq: number): void {
    (req.cdniSeq as Int32Array)[request] = seq;
    (req.cdniCode as Int32Array)[request] = this.lanes.lastCode;
    const base = request * req.hopWidth - 1;
    for (let i = 1; i < this.hops; i++) req.cdniLaterSeq[base + i] = this.seqs[i];
  }

  /** the request just admitted found no room at the serving site: logged on every lane it came over */
  rejected(object: number, region: number, nowS: number): void {
    this.recordAll(object, nowS, STATUS_UNAVAILABLE, region);
  }

  /** a redirected request delivered: logged on its first lane and on every later hop's lane (req.laterHops) */
  delivered(req: RequestTable, request: number, nowS: number, bytes: number): void {
    const takenS = nowS - req.arrivalS[request] + req.extraMs[request] / 1000;
    const code = (req.cdniCode as Int32Array)[request];
    const object = req.object[request];
    const region = req.region[request];
    this.lanes.record(req.lane[request], (req.cdniSeq as Int32Array)[request], object, nowS, takenS, STATUS_OK, bytes, region, code);
    const later = req.cascaded[request];
    const base = request * req.hopWidth;
    for (let i = 0; i < later; i++)
      this.lanes.record(req.laterHops[base + i], req.cdniLaterSeq[base + i], object, nowS, takenS, STATUS_OK, bytes, region, code);
  }

  /** the request just admitted, logged with `status` on every lane of its chain (a refusal or a rejection: no bytes) */
  private recordAll(object: number, nowS: number, status: number, region: number): void {
    const code = this.lanes.lastCode;
    for (let i = 0; i < this.hops; i++) this.lanes.record(this.chain[i], this.seqs[i], object, nowS, 0, status, 0, region, code);
  }
}
