// Units of the input files: durations ("90s", "10m"), sizes ("500kB", "1GiB"), bandwidths
// ("1Gbit/s", "10MB/s") and multipliers ("10x"), written as text or plain numbers. Pure parsing
// functions returning seconds, bytes, bytes per second; no knowledge of scenarios or CDNs.
import { formatFound } from './input-error.js';

/** A parsed value, or what was expected and what was found (ready for an input error). */
export type UnitResult = { ok: true; value: number } | { ok: false; expected: string; found: string };

/** A unit as the exact fraction `mul / div` of the base unit (keeps `300ms` = 0.3 exact). */
type Scale = readonly [mul: number, div: number];

interface UnitKind {
  expected: string;
  units: Readonly<Record<string, Scale>>;
}

export const DURATION_EXPECTED = 'a duration like 90s, 10m or 2h';
export const SIZE_EXPECTED = 'a size like 500kB, 1MB or 1GiB';
export const BANDWIDTH_EXPECTED = 'a bandwidth like 1Gbit/s, 100 Mbit/s or 10MB/s';
export const MULTIPLIER_EXPECTED = 'a multiplier like 10x or 10';

const KI = 1024;
const bits = (perSecond: number): Scale => [perSecond, 8];

const DURATION: UnitKind = {
  expected: DURATION_EXPECTED,
  units: { ms: [1, 1000], s: [1, 1], sec: [1, 1], m: [60, 1], min: [60, 1], h: [3600, 1], d: [86400, 1] },
};

const SIZE: UnitKind = {
  expected: SIZE_EXPECTED,
  units: {
    B: [1, 1],
    kB: [1e3, 1],
    KB: [1e3, 1],
    MB: [1e6, 1],
    GB: [1e9, 1],
    TB: [1e12, 1],
    KiB: [KI, 1],
    MiB: [KI ** 2, 1],
    GiB: [KI ** 3, 1],
    TiB: [KI ** 4, 1],
  },
};

const BANDWIDTH: UnitKind = {
  expected: BANDWIDTH_EXPECTED,
  units: {
    'bit/s': bits(1),
    'kbit/s': bits(1e3),
    'Kbit/s': bits(1e3),
    'Mbit/s': bits(1e6),
    'Gbit/s': bits(1e9),
    'Tbit/s': bits(1e12),
    bps: bits(1),
    kbps: bits(1e3),
    Mbps: bits(1e6),
    Gbps: bits(1e9),
    'B/s': [1, 1],
    'kB/s': [1e3, 1],
    'KB/s': [1e3, 1],
    'MB/s': [1e6, 1],
    'GB/s': [1e9, 1],
    'KiB/s': [KI, 1],
    'MiB/s': [KI ** 2, 1],
    'GiB/s': [KI ** 3, 1],
  },
};

const MULTIPLIER: UnitKind = { expected: MULTIPLIER_EXPECTED, units: { x: [1, 1], X: [1, 1], '×': [1, 1] } };

/** A number (with optional sign, decimals, exponent), optional spaces, then an optional unit. */
const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S*?)\s*$/;

function readQuantity(kind: UnitKind, input: unknown): UnitResult {
  const fail: UnitResult = { ok: false, expected: kind.expected, found: formatFound(input) };
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : fail;
  if (typeof input !== 'string') return fail;
  const match = QUANTITY.exec(input);
  if (match === null) return fail;
  const scale: Scale | undefined = match[2] === '' ? [1, 1] : kind.units[match[2]];
  if (scale === undefined) return fail;
  const value = (Number(match[1]) * scale[0]) / scale[1];
  return Number.isFinite(value) ? { ok: true, value } : fail;
}

/** Seconds; plain numbers are seconds. */
export const readDuration = (input: unknown): UnitResult => readQuantity(DURATION, input);
/** Bytes (kB = 1000, KiB = 1024); plain numbers are bytes. */
export const readSize = (input: unknown): UnitResult => readQuantity(SIZE, input);
/** Bytes per second (bits are divided by 8); plain numbers are bytes per second. */
export const readBandwidth = (input: unknown): UnitResult => readQuantity(BANDWIDTH, input);
/** A factor: `10x` or a plain number. */
export const readMultiplier = (input: unknown): UnitResult => readQuantity(MULTIPLIER, input);

/** Thrown by the parse* functions; its message is `expected …, found …`. */
export class UnitError extends Error {
  override readonly name = 'UnitError';
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(`expected ${expected}, found ${found}`);
  }
}

function orThrow(result: UnitResult): number {
  if (!result.ok) throw new UnitError(result.expected, result.found);
  return result.value;
}

export const parseDuration = (input: string | number): number => orThrow(readDuration(input));
export const parseSize = (input: string | number): number => orThrow(readSize(input));
export const parseBandwidth = (input: string | number): number => orThrow(readBandwidth(input));
export const parseMultiplier = (input: string | number): number => orThrow(readMultiplier(input));
