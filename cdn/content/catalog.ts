// The content catalog: object sizes (drawn once per object from the catalog's own stream) and the
// Zipf popularity law requests follow. Objects are indices 0..n-1, index 0 the most popular.
// Must not depend on agents, policies or reports.
import type { DataPlaneSpec, SizeModel } from '../spec.js';
import type { RandomStream } from '../../core/random.js';
import { boundedPareto, deterministic, lognormal, ZipfSampler, type Sampler } from '../../core/distributions.js';

export class Catalog {
  /** all objects: the catalog's own, then those added by workloads (crowds' new objects, a log's objects) */
  readonly objects: number;
  /** the catalog's own objects (what the Zipf law ranks): indices 0 … baseObjects − 1 */
  readonly baseObjects: number;
  readonly zipf: number;
  /** size of each object in bytes */
  readonly sizeBytes: Float64Array;
  /** the popularity law's alias table, shared by every workload's sampler (see popularity()) */
  private readonly zipfTable: ZipfSampler;

  /**
   * `added`: objects that workloads add after the catalog's: `drawn` new objects whose sizes come
   * from the catalog's size law on `addedRng` (their own stream, so the catalog's sizes stay the
   * same), then objects of known sizes (a log's, in order).
   */
  constructor(
    spec: DataPlaneSpec['catalog'],
    rng: RandomStream,
    added: { drawn: number; rng: RandomStream | null; sized: readonly Float64Array[] } = { drawn: 0, rng: null, sized: [] },
  ) {
    this.baseObjects = spec.objects;
    this.objects = spec.objects + added.drawn + added.sized.reduce((n, s) => n + s.length, 0);
    this.zipf = spec.zipf;
    this.sizeBytes = new Float64Array(this.objects);
    const sampler = sizeSampler(spec.size, rng);
    for (let i = 0; i < spec.objects; i++) this.sizeBytes[i] = Math.max(1, Math.round(sampler.sample()));
    if (added.drawn > 0) {
      const addedSampler = sizeSampler(spec.size, added.rng ?? rng);
      for (let i = 0; i < added.drawn; i++) this.sizeBytes[spec.objects + i] = Math.max(1, Math.round(addedSampler.sample()));
    }
    let at = spec.objects + added.drawn;
    for (const sizes of added.sized) {
      for (let i = 0; i < sizes.length; i++) this.sizeBytes[at + i] = Math.max(1, Math.round(sizes[i]));
      at += sizes.length;
    }
    this.zipfTable = new ZipfSampler(rng, spec.objects, spec.zipf);
  }

  /** a Zipf sampler of object ranks (1 = most popular) drawing from `rng`, on the catalog's shared table */
  popularity(rng: RandomStream): ZipfSampler {
    return new ZipfSampler(rng, this.baseObjects, this.zipf, this.zipfTable);
  }

  private meanBytes = -1;

  /** mean size of the catalog's own objects as drawn (bytes; computed once) */
  meanSizeBytes(): number {
    if (this.meanBytes < 0) {
      let sum = 0;
      for (let i = 0; i < this.baseObjects; i++) sum += this.sizeBytes[i];
      this.meanBytes = sum / this.baseObjects;
    }
    return this.meanBytes;
  }
}

function sizeSampler(model: SizeModel, rng: RandomStream): Sampler {
  switch (model.kind) {
    case 'fixed':
      return deterministic(model.bytes);
    case 'lognormal':
      return lognormal(rng, model.medianBytes, model.sigma);
    case 'pareto':
      return boundedPareto(rng, model.alpha, model.minBytes, model.maxBytes);
  }
}
