// The content catalog: object sizes (drawn once per object from the catalog's own stream) and the
// Zipf popularity law requests follow. Objects are indices 0..n-1, index 0 the most popular.
// Must not depend on agents, policies or reports.
import type { DataPlaneSpec, SizeModel } from '../spec.js';
import type { RandomStream } from '../../core/random.js';
import { boundedPareto, deterministic, lognormal, ZipfSampler, type Sampler } from '../../core/distributions.js';

export class Catalog {
  readonly objects: number;
  readonly zipf: number;
  /** size of each object in bytes */
  readonly sizeBytes: Float64Array;
  /** the popularity law's alias table, shared by every workload's sampler (see popularity()) */
  private readonly zipfTable: ZipfSampler;

  constructor(spec: DataPlaneSpec['catalog'], rng: RandomStream) {
    this.objects = spec.objects;
    this.zipf = spec.zipf;
    this.sizeBytes = new Float64Array(spec.objects);
    const sampler = sizeSampler(spec.size, rng);
    for (let i = 0; i < spec.objects; i++) this.sizeBytes[i] = Math.max(1, Math.round(sampler.sample()));
    this.zipfTable = new ZipfSampler(rng, spec.objects, spec.zipf);
  }

  /** a Zipf sampler of object ranks (1 = most popular) drawing from `rng`, on the catalog's shared table */
  popularity(rng: RandomStream): ZipfSampler {
    return new ZipfSampler(rng, this.objects, this.zipf, this.zipfTable);
  }

  private meanBytes = -1;

  /** mean object size actually drawn (bytes; computed once) */
  meanSizeBytes(): number {
    if (this.meanBytes < 0) {
      let sum = 0;
      for (let i = 0; i < this.objects; i++) sum += this.sizeBytes[i];
      this.meanBytes = sum / this.objects;
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
