// A peer's CDNI metadata and logging duties per arrangement it serves: putting the primary's metadata
// in place on the lane (at provisioning for a batch peer, staged to be fetched at the first request for
// an on-the-fly one), and, with each delivery log, the lane's delivery records (RFC 7937 records in a
// cdni/logging DeliveryBatch). A peer the scenario declares misbehaving never applies the metadata, and
// pads its log with duplicates and made-up records (counted into the log's totals too). Deterministic:
// no random stream. Must not depend on cdn/ other than through the port.
import { DeliveryBatch } from '../../cdni/logging/delivery-batch.js';
import type { ArrangementMetadata, Sla } from '../cdni/vocabulary.js';
import type { AgentEnv } from '../env.js';
import type { MetadataCascade } from '../metadata-cascade.js';

/** spoofed records carry seqs from here on: far beyond anything a primary issues in a run */
export const SPOOFED_SEQ_BASE = 1e12;

/** what a delivery log adds for the records: the batch, and what misbehaviour adds to the totals */
export interface LogRecords {
  records: DeliveryBatch;
  extraDeliveries: number;
  extraBytes: number;
}

export class PeerLogs {
  private spoofed = 0;

  constructor(
    private readonly env: AgentEnv,
    /** a cascade's upstream entries a received metadata asks it to enforce (those without it on their path) */
    private readonly cascade: MetadataCascade,
  ) {}

  /** the metadata arrived while provisioning: apply it to the lane (unless it ignores metadata) */
  applyMetadata(lane: number, sla: Sla, meta: ArrangementMetadata): void {
    const port = this.env.port.metadata;
    if (!port.active) return;
    port.startLog(lane);
    const own = port.own;
    if (own.misbehaviour?.ignoreMetadata === true) return;
    const fetchMs = own.mode === 'on-the-fly' ? this.fetchMs(sla, meta) : undefined;
    const upstream = meta.upstream === undefined ? [] : this.cascade.enforced(meta);
    port.apply(lane, {
      ...(meta.locations === undefined ? {} : { locations: meta.locations }),
      ...(meta.times === undefined ? {} : { times: meta.times }),
      cacheTtlS: meta.cacheTtlS,
      uriSigning: meta.uriSigning,
      ...(fetchMs === undefined ? {} : { fetchMs }),
      ...(upstream.length === 0 ? {} : { upstream }),
    });
  }

  /** one MI fetch: the round trip from its site serving the arrangement's first region to the primary's metadata server */
  private fetchMs(sla: Sla, meta: ArrangementMetadata): number {
    const port = this.env.port;
    const site = port.servingSite(sla.regions[0]);
    const from = port.sites.find((s) => s.siteIndex === site)?.region ?? sla.regions[0];
    return port.rttMs(from, meta.metadataServerRegion ?? this.env.world.originRegion);
  }

  /** the lane's records since the last log, as it reports them (null: the run keeps no records) */
  take(lane: number): LogRecords | null {
    const port = this.env.port.metadata;
    if (!port.active) return null;
    const honest = port.takeRecords(lane);
    const bad = port.own.misbehaviour;
    return bad === undefined ? { records: honest, extraDeliveries: 0, extraBytes: 0 } : this.pad(honest, bad);
  }

  /** a misbehaving peer's log: its real records, the first overReportShare of its deliveries again, and spoofRecords made up */
  private pad(real: DeliveryBatch, bad: { overReportShare: number; spoofRecords: number }): LogRecords {
    const out = new DeliveryBatch(real.context, real.length + 1);
    const copy = (i: number, seq: number) =>
      out.push(seq, real.object[i], real.timeS[i], real.timeTakenS[i], real.status[i], real.bytes[i], real.cached[i], real.groupId[i], real.uriSigning[i]);
    for (let i = 0; i < real.length; i++) copy(i, real.seq[i]);
    const served: number[] = [];
    for (let i = 0; i < real.length; i++) if (real.status[i] === 200) served.push(i);
    let extraDeliveries = 0;
    let extraBytes = 0;
    const twice = Math.floor(bad.overReportShare * served.length);
    for (let k = 0; k < twice; k++) {
      copy(served[k], real.seq[served[k]]);
      extraDeliveries++;
      extraBytes += real.bytes[served[k]];
    }
    if (served.length > 0) {
      for (let k = 0; k < bad.spoofRecords; k++) {
        copy(served[k % served.length], SPOOFED_SEQ_BASE + this.spoofed++);
        extraDeliveries++;
        extraBytes += real.bytes[served[k % served.length]];
      }
    }
    return { records: out, extraDeliveries, extraBytes };
  }
}
