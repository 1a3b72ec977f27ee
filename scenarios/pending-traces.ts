// The trace bases of a workload between the schema and the trace scan: the schema cannot read
// files, so it leaves a trace's fields unresolved (NaN, empty) and keeps what the file said here,
// keyed by the base object, for ./traces to scan and resolve. Depends on nothing but types.
import type { BaseProcess } from './types.js';

/** what the scenario file said of a trace base */
export type RawTraceBase =
  | {
      process: 'series';
      file: string;
      maxMalformed: number;
      period?: number | null;
      from?: number | string | null;
      to?: number | string | null;
      speedup: number;
      scale?: number;
      peakRatePerS?: number;
    }
  | { process: 'log'; file: string; maxMalformed: number; format: 'clf' | 'combined' | 'csv'; speedup: number; prefixes: { prefix: string; region: string }[] }
  | { process: 'replay'; file: string; maxMalformed: number };

const pending = new WeakMap<object, RawTraceBase>();

const unscanned = (file: string) => ({ path: file, sha256: '', maxMalformed: 0, lines: 0, malformed: 0, malformedLines: [] as number[] });

/** the base with its trace still to scan (see ./traces) */
export function pendingTrace(raw: RawTraceBase): BaseProcess {
  let base: BaseProcess;
  if (raw.process === 'series') {
    base = { process: 'series', ratePerS: NaN, trace: unscanned(raw.file), periodS: NaN, fromS: 0, toS: null, speedup: raw.speedup, scale: NaN };
  } else if (raw.process === 'log') {
    base = { process: 'log', ratePerS: NaN, trace: unscanned(raw.file), format: raw.format, speedup: raw.speedup, prefixes: raw.prefixes };
  } else base = { process: 'replay', ratePerS: NaN, trace: unscanned(raw.file) };
  pending.set(base, raw);
  return base;
}

/** what the file said of a base still to scan, or undefined (a poisson or mmpp base, or one already resolved) */
export function rawTraceOf(base: BaseProcess): RawTraceBase | undefined {
  return pending.get(base);
}
