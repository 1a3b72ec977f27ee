// Access-log replay: a log in Common/Combined Log Format or a simple CSV replayed request by
// request, in its own timing (÷ speed-up, from its first request), each client address mapped to a
// region by longest-prefix match (unmatched: the workload's region). The log's objects become
// catalog objects of their logged sizes (a first pass over the file learns them, in order of first
// appearance); its clients are numbered in the same way as they appear. Malformed and
// out-of-order lines are skipped (the scenario loader counted and reported them).
// Must not depend on agents, policies or reports.
import type { WorkloadSpec } from '../spec.js';
import type { ArrivalSource } from './source.js';
import type { LineSource } from './formats/line-source.js';
import { parseClfLine, parseCombinedLine, parseCsvLogLine, type LogRecord } from './formats/access-log.js';
import { PrefixTable } from './formats/prefix-table.js';

type LogBase = Extract<WorkloadSpec['base'], { process: 'log' }>;

function parserOf(format: LogBase['format']): (line: string, out: LogRecord) => boolean {
  return format === 'csv' ? parseCsvLogLine : format === 'combined' ? parseCombinedLine : parseClfLine;
}

/** a log's objects in order of first appearance, with their sizes (the largest logged response) */
export class LogObjects {
  readonly index = new Map<string, number>();
  readonly sizes: Float64Array;

  constructor(lines: LineSource, format: LogBase['format']) {
    const parse = parserOf(format);
    const record: LogRecord = { timeS: 0, object: '', bytes: 0, client: '', status: 0 };
    const sizes: number[] = [];
    let last = -Infinity;
    for (let line = lines.next(); line !== null; line = lines.next()) {
      if (!parse(line, record) || record.timeS < last) continue;
      last = record.timeS;
      let at = this.index.get(record.object);
      if (at === undefined) {
        at = sizes.length;
        this.index.set(record.object, at);
        sizes.push(0);
      }
      if (record.bytes > sizes[at]) sizes[at] = record.bytes;
    }
    lines.close();
    this.sizes = Float64Array.from(sizes);
  }
}

export class LogSource implements ArrivalSource {
  nextS = 0;
  arrivals = 0;
  readonly serviceS = NaN;
  client = -1;
  region: number;
  private readonly parse: (line: string, out: LogRecord) => boolean;
  private readonly record: LogRecord = { timeS: 0, object: '', bytes: 0, client: '', status: 0 };
  private readonly prefixes: PrefixTable;
  private readonly clients = new Map<string, number>();
  private firstS = NaN;
  private lastS = -Infinity;
  private object = 0;
  private pendingClient = -1;
  private countedUntil = 0;
  private done = false;

  /** `firstObject`: where the log's objects start in the catalog; `regionOf(name)`: a region's index */
  constructor(
    readonly index: number,
    private readonly base: LogBase,
    private readonly defaultRegion: number,
    readonly cdn: number,
    private readonly lines: LineSource,
    private readonly objects: LogObjects,
    private readonly firstObject: number,
    regionOf: (name: string) => number,
  ) {
    this.region = defaultRegion;
    this.parse = parserOf(base.format);
    this.prefixes = new PrefixTable(base.prefixes.map((p) => ({ prefix: p.prefix, region: regionOf(p.region) })));
  }

  advance(horizon: number): boolean {
    while (!this.done) {
      const line = this.lines.next();
      if (line === null) break;
      const r = this.record;
      if (!this.parse(line, r)) continue; // a header or a malformed line, reported by the loader
      if (r.timeS < this.lastS) continue; // out of order: reported by the loader
      this.lastS = r.timeS;
      if (Number.isNaN(this.firstS)) this.firstS = r.timeS;
      const t = (r.timeS - this.firstS) / this.base.speedup;
      if (t > horizon) break;
      this.nextS = t;
      const region = this.prefixes.lookup(r.client);
      this.region = region < 0 ? this.defaultRegion : region;
      this.object = this.firstObject + (this.objects.index.get(r.object) as number);
      let client = this.clients.get(r.client);
      if (client === undefined) {
        client = this.clients.size;
        this.clients.set(r.client, client);
      }
      this.pendingClient = client;
      return true;
    }
    if (!this.done) this.lines.close();
    this.done = true;
    this.nextS = Infinity;
    return false;
  }

  pickObject(): number {
    this.arrivals++;
    this.client = this.pendingClient;
    return this.object;
  }

  expectedUntil(): number {
    const n = this.arrivals - this.countedUntil;
    this.countedUntil = this.arrivals;
    return n;
  }
}
