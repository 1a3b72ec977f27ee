// Exact request replay: arrivals (and, if the file has them, service times) read line by line from
// a request list, for validation against hand-computed traces. Objects follow the catalog's Zipf
// law (they change no timing). Malformed and out-of-order lines are skipped here: the scenario
// loader counted and reported them. Must not depend on agents, policies or reports.
import type { StreamFactory, RandomStream } from '../../core/random.js';
import type { ZipfSampler } from '../../core/distributions.js';
import type { Catalog } from '../content/catalog.js';
import type { ArrivalSource } from './source.js';
import type { LineSource } from './formats/line-source.js';
import { parseReplayLine, type ReplayRecord } from './formats/replay.js';

export class ReplaySource implements ArrivalSource {
  nextS = 0;
  arrivals = 0;
  serviceS = NaN;
  readonly client = -1;
  private readonly record: ReplayRecord = { arrivalS: 0, serviceS: NaN };
  private readonly popularity: ZipfSampler;
  private countedUntil = 0;
  private done = false;

  constructor(
    readonly index: number,
    streamName: string,
    public region: number,
    readonly cdn: number,
    private readonly lines: LineSource,
    catalog: Catalog,
    streams: StreamFactory,
  ) {
    const rng: RandomStream = streams.stream(`${streamName}/popularity`);
    this.popularity = catalog.popularity(rng);
  }

  advance(horizon: number): boolean {
    const previous = this.nextS;
    while (!this.done) {
      const line = this.lines.next();
      if (line === null) break;
      if (!parseReplayLine(line, this.record)) continue; // a header, or a malformed line the loader reported
      if (this.record.arrivalS < previous) continue; // out of order: reported by the loader
      if (this.record.arrivalS > horizon) break;
      this.nextS = this.record.arrivalS;
      this.serviceS = this.record.serviceS;
      return true;
    }
    this.finish();
    return false;
  }

  private finish(): void {
    if (!this.done) this.lines.close();
    this.done = true;
    this.nextS = Infinity;
    this.serviceS = NaN;
  }

  pickObject(): number {
    this.arrivals++;
    return this.popularity.sample() - 1;
  }

  expectedUntil(): number {
    const n = this.arrivals - this.countedUntil;
    this.countedUntil = this.arrivals;
    return n;
  }
}
