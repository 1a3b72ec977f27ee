// Seeded, named random streams: each stream is an independent generator keyed by the run seed and its
// own name, so adding a component never shifts another component's draws (common random numbers).
// Knows nothing of CDNs; never touches Math.random or seedrandom's global mode.
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export interface RandomStream {
  readonly name: string;
  /** uniform in [0, 1), 32 bits of resolution (multiples of 2^-32) */
  next(): number;
}

/** Hands out the named streams of one run. */
export interface StreamFactory {
  readonly seed: number;
  /**
   * The stream called `name`. Its sequence depends only on (seed, name). Asking for the same name
   * twice returns a fresh stream that restarts the same sequence: callers who share a stream must
   * share the object, not the name.
   */
  stream(name: string): RandomStream;
}

/** One alea generator behind a monomorphic `next()`. */
class AleaStream implements RandomStream {
  readonly name: string;
  private readonly prng: () => number;

  constructor(name: string, key: string) {
    this.name = name;
    this.prng = seedrandom.alea(key);
  }

  next(): number {
    return this.prng();
  }
}

class AleaStreamFactory implements StreamFactory {
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  stream(name: string): RandomStream {
    if (typeof name !== 'string' || name.length === 0) {
      throw new RangeError(`random stream name must be a non-empty string (got ${JSON.stringify(name)})`);
    }
    return new AleaStream(name, streamKey(this.seed, name));
  }
}

/**
 * The key that seeds a stream: `${seed}/${name}`. A number never contains '/', so distinct
 * (seed, name) pairs always give distinct keys.
 */
export function streamKey(seed: number, name: string): string {
  return `${seed}/${name}`;
}

/** The stream factory of a run with this seed (any finite number; sweeps use integers). */
export function createStreams(seed: number): StreamFactory {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new RangeError(`random seed must be a finite number (got ${String(seed)})`);
  }
  return new AleaStreamFactory(seed);
}
