// The field helpers every part of the scenario file schema is built from: strict mappings that list
// their known fields, numbers with their sign, ids, unit fields ("90s", "1Gbit/s", "10x"), and the
// refinements across fields of one mapping (exactly one of, ordered); plus the hard bounds the
// schema holds every value to. Each helper carries its human "expected" text as its error message.
// Must not depend on cdn/ (or anything of the simulator): zod and ../input/units only.
import { z } from 'zod';
import {
  BANDWIDTH_EXPECTED,
  DURATION_EXPECTED,
  MULTIPLIER_EXPECTED,
  SIZE_EXPECTED,
  readBandwidth,
  readDuration,
  readMultiplier,
  readSize,
  type UnitResult,
} from '../input/units.js';

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Hard bounds: beyond them a value is absurd or cannot be held in memory, whatever the run limits. */
export const SCHEMA_LIMITS = {
  /** characters of the scenario name (it becomes the default output folder's name) */
  nameLength: 100,
  /** characters of a region, CDN or site id */
  idLength: 64,
  /** the shortest positive duration (1 ms) */
  minDurationS: 0.001,
  /** the longest run (365 days) */
  maxRunS: 365 * 86400,
  /** catalog objects (each costs memory in the catalog and in every site's cache index) */
  catalogObjects: 1e8,
  /** regions (the round-trip matrix is regions²) and CDNs (peering counters are CDNs²) */
  regions: 1000,
  cdns: 1000,
  /** σ of a lognormal (beyond it sizes and service times overflow) */
  sigma: 10,
  /** content changes of a scenario (each walks its objects in every cache of the peers it reaches) */
  contentChanges: 1000,
} as const;

/** A strict object whose unknown-field issues carry the list of known fields. */
export function obj<S extends z.ZodRawShape>(shape: S) {
  const known = `known: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? known : 'a mapping') });
}
export const positive = (what = 'a positive number') => z.number({ error: what }).positive({ error: what });
export const nonNegative = (what = 'a number ≥ 0') => z.number({ error: what }).nonnegative({ error: what });
export const positiveInt = (what = 'a positive integer') => z.int({ error: what }).positive({ error: what });
export const nonNegativeInt = (what = 'a non-negative integer') => z.int({ error: what }).nonnegative({ error: what });
export const fraction = (what = 'a number from 0 to 1') => z.number({ error: what }).min(0, { error: what }).max(1, { error: what });
export const id = (what: string) =>
  z
    .string({ error: what })
    .max(SCHEMA_LIMITS.idLength, { error: `${what}, at most ${SCHEMA_LIMITS.idLength} characters` })
    .regex(ID, { error: what });
export const sigma = () =>
  nonNegative(`a number from 0 to ${SCHEMA_LIMITS.sigma}`).max(SCHEMA_LIMITS.sigma, { error: `a number from 0 to ${SCHEMA_LIMITS.sigma}` });
export const region = () => id('a region name (letters, digits, "_" or "-", starting with a letter)');
export const cdnId = () => id('a CDN id (letters, digits, "_" or "-", starting with a letter)');
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.join(', ')}` });
export const literal = <const T extends string>(value: T) => z.literal(value, { error: `"${value}"` });

type Sign = 'positive' | 'non-negative';

/** A number or a unit string (e.g. "90s"), parsed by `read` and checked for sign. */
function unitField(read: (input: unknown) => UnitResult, expected: string, noun: string, sign: Sign) {
  return z
    .union([z.number(), z.string()], { error: expected })
    .describe(expected)
    .transform((input, ctx) => {
      const result = read(input);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: expected });
      else if (sign === 'positive' ? result.value <= 0 : result.value < 0) {
        ctx.addIssue({ code: 'custom', message: `a ${sign} ${noun} (like ${expected.split(' like ')[1]})` });
      } else if (noun === 'duration' && sign === 'positive' && result.value < SCHEMA_LIMITS.minDurationS) {
        ctx.addIssue({ code: 'custom', message: `a duration of at least 1ms (like ${expected.split(' like ')[1]})` });
      } else return result.value;
      return z.NEVER;
    });
}
export const duration = (sign: Sign = 'positive') => unitField(readDuration, DURATION_EXPECTED, 'duration', sign);
export const size = () => unitField(readSize, SIZE_EXPECTED, 'size', 'positive');
export const bandwidth = () => unitField(readBandwidth, BANDWIDTH_EXPECTED, 'bandwidth', 'positive');
export const multiplier = () =>
  z
    .union([z.number(), z.string()], { error: MULTIPLIER_EXPECTED })
    .describe(MULTIPLIER_EXPECTED)
    .transform((input, ctx) => {
      const result = readMultiplier(input);
      if (result.ok && result.value >= 1) return result.value;
      ctx.addIssue({ code: 'custom', message: result.ok ? 'a multiplier ≥ 1 (like 10x)' : MULTIPLIER_EXPECTED });
      return z.NEVER;
    });

/** Refinement: exactly one of the (optional) `keys` is present. */
export function exactlyOne<T extends object>(keys: readonly string[]) {
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const present = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    if (present.length !== 1) ctx.addIssue({ code: 'custom', message: `exactly one of ${keys.join(', ')}` });
  };
}

/** Refinement: `value[low] < value[high]` (or ≤ when `orEqual`). */
export function ordered<T extends object>(low: keyof T & string, high: keyof T & string, orEqual = false) {
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const [a, b] = [value[low] as number, value[high] as number];
    if (orEqual ? a > b : a >= b) {
      ctx.addIssue({ code: 'custom', path: [high], message: `a number ${orEqual ? '≥' : '>'} ${low} (${a})` });
    }
  };
}

export const list = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: `a list of ${what}` });
