// Where a cache miss acquires its object from, what it costs in time, and what each peering lane's
// acquisitions add up to. A miss at a peer's site on a redirected request acquires from the source
// the lane's metadata named: the primary (its nearest site that is up, at the primary's acquisition
// bandwidth) or the origin (at the origin's bandwidth); when the primary has no site up, the origin
// is the backup source. Any other miss acquires from the origin. The time is the round trip to the
// source plus size ÷ the source's bandwidth. Counted per lane: acquisitions, backups, bytes, time.
// Per request: a few array reads, no allocation. Must not depend on agents, policies or reports.
import type { RttMatrix } from '../network.js';
import type { Site } from '../site.js';
import { grown } from '../typed-arrays.js';

export const SOURCE_ORIGIN = 0;
export const SOURCE_PRIMARY = 1;

/** the round trip to a source and its bandwidth (the last one `locate` found) */
interface SourceFix {
  rttMs: number;
  bytesPerS: number;
  backup: boolean;
}

export class Acquisitions {
  /** per lane: the metadata's source (SOURCE_ORIGIN or SOURCE_PRIMARY) */
  source = new Uint8Array(8);
  /** per lane: acquisitions, those from the backup source, bytes and time acquired (ms) */
  count = new Float64Array(8);
  backups = new Float64Array(8);
  bytes = new Float64Array(8);
  timeMs = new Float64Array(8);
  /** per lane: what pre-positioning fetched (bytes, objects placed, time the fetch took in s) */
  pushedBytes = new Float64Array(8);
  pushedObjects = new Float64Array(8);
  pushS = new Float64Array(8);
  private readonly fix: SourceFix = { rttMs: 0, bytesPerS: 1, backup: false };

  constructor(
    private readonly rtt: RttMatrix,
    private readonly sites: readonly Site[],
    private readonly nearestUpSite: (cdn: number, region: number) => number,
    private readonly originRegion: number,
    private readonly originBytesPerS: number,
    private readonly primaryBytesPerS: number,
  ) {}

  /** the lane's metadata names its source */
  setSource(lane: number, source: number): void {
    this.ensure(lane);
    this.source[lane] = source;
  }

  /** where a site of the lane's peer acquires from now (see the header); the result is valid until the next call */
  locate(siteRegion: number, lane: number, primary: number): Readonly<SourceFix> {
    const fix = this.fix;
    fix.backup = false;
    if (lane >= 0 && lane < this.source.length && this.source[lane] === SOURCE_PRIMARY) {
      const from = this.nearestUpSite(primary, siteRegion);
      if (from >= 0) {
        fix.rttMs = this.rtt.rtt(siteRegion, this.sites[from].region);
        fix.bytesPerS = this.primaryBytesPerS;
        return fix;
      }
      fix.backup = true;
    }
    fix.rttMs = this.rtt.rtt(siteRegion, this.originRegion);
    fix.bytesPerS = this.originBytesPerS;
    return fix;
  }

  /** a miss at `site` for `bytes` on `lane` (-1: not redirected) of `primary`'s users: the acquisition's time (ms), counted */
  acquire(site: Site, bytes: number, lane: number, primary: number): number {
    const fix = this.locate(site.region, lane, primary);
    const ms = fix.rttMs + (bytes / fix.bytesPerS) * 1000;
    if (lane >= 0) {
      this.ensure(lane);
      this.count[lane]++;
      this.bytes[lane] += bytes;
      this.timeMs[lane] += ms;
      if (fix.backup) this.backups[lane]++;
    }
    return ms;
  }

  private ensure(lane: number): void {
    if (lane < this.source.length) return;
    let n = this.source.length;
    while (n <= lane) n *= 2;
    this.source = grown(this.source, n);
    this.count = grown(this.count, n);
    this.backups = grown(this.backups, n);
    this.bytes = grown(this.bytes, n);
    this.timeMs = grown(this.timeMs, n);
    this.pushedBytes = grown(this.pushedBytes, n);
    this.pushedObjects = grown(this.pushedObjects, n);
    this.pushS = grown(this.pushS, n);
  }

  /** make room for a lane's counters (pre-positioning writes them) */
  reserve(lane: number): void {
    this.ensure(lane);
  }
}
