// The CDNI-metadata part of a CDN's port (cdn-port.ts holds it as `port.metadata`): its own declared
// metadata configuration; as peer, the actuators that put an arrangement's metadata in place on its
// lane (with the upstream rules of a cascade, all enforced together) and the sensors of what the lane refused, delayed and logged; as primary, its redirect ledger
// per lane. Every lane is checked to be one the CDN is the right side of. Must not depend on agents,
// policies or reports.
import type { DataPlane } from '../data-plane.js';
import type { DeliveryBatch } from '../../cdni/logging/delivery-batch.js';
import { compileLocations, compileLocationsAll, compileTimesAll } from '../metadata/acl.js';
import { CAUSES } from '../metadata/lane-metadata.js';
import { REFUSAL_CAUSES } from '../metadata/token-verdicts.js';
import type { ContentMetadataSpec, LocationRuleSpec, MetadataMode, MisbehaviourSpec, TimeRuleSpec } from '../metadata/metadata-spec.js';

export type { ContentMetadataSpec, MetadataMode, MisbehaviourSpec } from '../metadata/metadata-spec.js';
export { TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_MISSING, TOKEN_VALID } from '../metadata/token-verdicts.js';

/** what an arrangement's metadata asks of the peer's lane */
export interface LaneMetadataInput {
  locations?: readonly LocationRuleSpec[];
  times?: readonly TimeRuleSpec[];
  cacheTtlS: number;
  uriSigning: boolean;
  /** on-the-fly: the MI fetch round trip (ms) the first requests wait for; absent: in place now (batch) */
  fetchMs?: number;
  /** the cascade's upstream content rules the lane enforces as well: every ACL must allow, any signing requirement holds, the shortest TTL */
  upstream?: readonly UpstreamRules[];
}

/** one upstream CDN's content rules, passed down a cascade by a transit */
export interface UpstreamRules {
  locations?: readonly LocationRuleSpec[];
  times?: readonly TimeRuleSpec[];
  cacheTtlS: number;
  uriSigning: boolean;
}

/** what a lane's metadata did so far (cumulative) */
export interface LaneMetadataReading {
  refused: { geo: number; time: number; tokenMissing: number; tokenExpired: number; tokenForged: number };
  delayedRequests: number;
  addedMs: number;
  /** MI.Cache TTL in force on the lane (null: none) */
  cacheTtlS: number | null;
}

export class MetadataPort {
  constructor(
    private readonly dp: DataPlane,
    private readonly index: number,
    private readonly side: (lane: number, role?: 'primary' | 'peer') => void,
  ) {}

  /** whether the data plane enforces metadata and keeps delivery records in this run */
  get active(): boolean {
    return this.dp.cdni !== null;
  }

  /** whether the scenario asked for CDNI log files */
  get logFilesWanted(): boolean {
    return this.dp.scenario.measure?.cdniLogs === true;
  }

  /** its own declared configuration: its content's metadata (as primary), its mode and misbehaviour (as peer) */
  get own(): { content?: ContentMetadataSpec; mode: MetadataMode; misbehaviour?: MisbehaviourSpec } {
    const spec = this.dp.scenario.cdns[this.index];
    return { content: spec.metadata, mode: spec.metadataMode ?? 'batch', misbehaviour: spec.misbehaviour };
  }

  /** the LocationACL as one allow flag per region (the scenario's region order) */
  regionAllowed(locations: readonly LocationRuleSpec[] | undefined): Uint8Array {
    return compileLocations(locations, this.dp.scenario.regions);
  }

  /** as peer: put the arrangement's metadata in place on its lane (or stage it to be fetched at the first request) */
  apply(lane: number, m: LaneMetadataInput): void {
    this.side(lane, 'peer');
    const cdni = this.need();
    const up = m.upstream ?? [];
    cdni.lanes.apply(lane, {
      regionAllowed: compileLocationsAll([m.locations, ...up.map((u) => u.locations)], this.dp.scenario.regions),
      times: compileTimesAll([m.times, ...up.map((u) => u.times)]),
      cacheTtlS: Math.min(m.cacheTtlS, ...up.map((u) => u.cacheTtlS)),
      uriSigning: m.uriSigning || up.some((u) => u.uriSigning),
      ...(m.fetchMs === undefined ? {} : { fetchMs: m.fetchMs }),
    });
  }

  /** as peer: keep delivery records of the lane from now on */
  startLog(lane: number): void {
    this.side(lane, 'peer');
    this.need().lanes.startLogging(lane);
  }

  /** as peer: the lane's delivery records since the last call */
  takeRecords(lane: number): DeliveryBatch {
    this.side(lane, 'peer');
    return this.need().lanes.take(lane);
  }

  /** what the lane's metadata refused and delayed so far */
  read(lane: number): LaneMetadataReading {
    this.side(lane);
    const lanes = this.need().lanes;
    const at = (cause: number) => (lane * CAUSES + cause < lanes.refused.length ? lanes.refused[lane * CAUSES + cause] : 0);
    const refused = Object.fromEntries(REFUSAL_CAUSES.slice(1).map((name, i) => [name, at(i + 1)])) as LaneMetadataReading['refused'];
    const inRange = lane < lanes.delayed.length;
    const ttl = lanes.cacheTtlS(lane);
    return {
      refused,
      delayedRequests: inRange ? lanes.delayed[lane] : 0,
      addedMs: inRange ? lanes.delayMs[lane] : 0,
      cacheTtlS: Number.isFinite(ttl) ? ttl : null,
    };
  }

  /** as primary: the requests it redirected over the lane so far, and the token state of each (by seq) */
  ledger(lane: number): { issued: number; tokenState(seq: number): number } {
    this.side(lane, 'primary');
    const lanes = this.need().lanes;
    return { issued: lane < lanes.issued.length ? lanes.issued[lane] : 0, tokenState: (seq) => lanes.tokenState(lane, seq) };
  }

  private need() {
    if (this.dp.cdni === null) throw new RangeError('this run enforces no CDNI metadata (the scenario declares none)');
    return this.dp.cdni;
  }
}
