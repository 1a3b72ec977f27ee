// Service-time models of a site's servers, as seconds per request: a sampler-backed model, or
// object size ÷ per-server bandwidth + overhead. Must not depend on agents, policies or reports.
import type { ServiceTimeModel } from './spec.js';
import type { RandomStream } from '../core/random.js';
import { boundedPareto, deterministic, exponential, lognormal, uniform, type Sampler } from '../core/distributions.js';

export interface ServiceTime {
  /** seconds one server needs for an object of this size (cache acquisition not included) */
  seconds(objectBytes: number): number;
  /** mean seconds for an object of the given mean size */
  meanSeconds(meanObjectBytes: number): number;
}

class SampledServiceTime implements ServiceTime {
  constructor(private readonly sampler: Sampler) {}
  seconds(_objectBytes: number): number {
    return this.sampler.sample() / 1000;
  }
  meanSeconds(): number {
    return this.sampler.mean / 1000;
  }
}

class SizeProportionalServiceTime implements ServiceTime {
  constructor(
    private readonly bytesPerS: number,
    private readonly overheadS: number,
  ) {}
  seconds(objectBytes: number): number {
    return objectBytes / this.bytesPerS + this.overheadS;
  }
  meanSeconds(meanObjectBytes: number): number {
    return meanObjectBytes / this.bytesPerS + this.overheadS;
  }
}

export function createServiceTime(model: ServiceTimeModel, rng: RandomStream): ServiceTime {
  switch (model.kind) {
    case 'exponential':
      return new SampledServiceTime(exponential(rng, model.meanMs));
    case 'deterministic':
      return new SampledServiceTime(deterministic(model.ms));
    case 'uniform':
      return new SampledServiceTime(uniform(rng, model.minMs, model.maxMs));
    case 'lognormal':
      return new SampledServiceTime(lognormal(rng, model.medianMs, model.sigma));
    case 'pareto':
      return new SampledServiceTime(boundedPareto(rng, model.alpha, model.minMs, model.maxMs));
    case 'bySize':
      return new SizeProportionalServiceTime(model.bytesPerS, model.overheadMs / 1000);
  }
}
