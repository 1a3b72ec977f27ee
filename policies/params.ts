// A policy's named parameters: the agent-level ones (with defaults, kinds and meanings) and any
// the author adds for use in expressions. Durations read like the scenario files (`90s`, `10 min`,
// `2h`; plain numbers are seconds). Depends on core/ and ./math only; no policy files here.
import type { Unit } from 'mathjs';
import { formatFound, type InputIssue } from '../input/input-error.js';
import { readDuration } from '../input/units.js';
import { DECISIONS } from './decisions.js';
import { ALLOWED_FUNCTIONS, CONSTANTS, isUnitName, parseQuantity, quantityMaker } from './math.js';
import { nearestName } from './suggest.js';

/** Kinds with their bounds (durations in seconds): every value is finite and within them. */
export type ParamKind =
  | { kind: 'duration'; min: number; max: number; minExclusive?: boolean }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'number'; min: number; max?: number; minExclusive?: boolean }
  | { kind: 'choice'; values: readonly string[] }
  | { kind: 'boolean' };

export interface ParamSpec {
  kind: ParamKind;
  /** as a policy file would write it */
  default: number | string | boolean;
  description: string;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
/** a duration in seconds within [min, max] (min excluded when `minExclusive`) */
const duration = (min: number, max: number, minExclusive = false): ParamKind => ({ kind: 'duration', min, max, minExclusive });
const positiveDuration = (max: number): ParamKind => duration(0, max, true);
const integer = (min: number, max: number): ParamKind => ({ kind: 'integer', min, max });
const share = (minExclusive = false): ParamKind => ({ kind: 'number', min: 0, max: 1, minExclusive });

// Bounds: a loop period (monitorInterval, advertiseInterval) of at least 0.1 s keeps a run's control
// passes countable (1e-9 s would be 10^9 passes per simulated second); the upper bounds are far
// beyond any sensible value and only keep numbers finite and meaningful.
/** The parameters agents read, with their defaults (a policy file may set any of them). */
export const AGENT_PARAMS: Readonly<Record<string, ParamSpec>> = {
  monitorInterval: { kind: duration(0.1, DAY), default: '5 s', description: 'how often the agent samples its sensors (the MAPE-K loop period)' },
  negotiationDeadline: { kind: positiveDuration(DAY), default: '30 s', description: 'time a negotiation may take; `elapsed` is its used share' },
  maxRounds: { kind: integer(1, 1000), default: 8, description: 'most offers a negotiation exchanges before it fails' },
  maxCandidates: { kind: integer(1, 1000), default: 3, description: 'best-scored peers negotiated with at once' },
  predictor: {
    kind: { kind: 'choice', values: ['advertisement', 'queueing', 'history'] },
    default: 'queueing',
    description: 'how `predictedLatency` is computed: the latency a peer advertises, an M/M/c estimate from its advertised capacity, or its observed history',
  },
  targetUtilization: { kind: share(true), default: 0.8, description: 'utilization the primary aims for when it sizes what it asks' },
  shortTermDuration: { kind: duration(1, 365 * DAY), default: '30 min', description: 'time frame of a short-term arrangement' },
  longTermDuration: { kind: duration(1, 365 * DAY), default: '24 h', description: 'time frame of a long-term arrangement' },
  noticePeriod: { kind: duration(0, DAY), default: '1 min', description: 'notice a side gives before an arrangement it ends stops taking traffic' },
  disbandHold: { kind: duration(0, 30 * DAY), default: '5 min', description: '`disband` must hold this long before the arrangement is let go (no flapping)' },
  resizeThreshold: {
    kind: { kind: 'number', min: 0, minExclusive: true },
    default: 0.25,
    description: 'relative change between `rearrange` and the arranged capacity that triggers a renegotiation',
  },
  pushTopObjects: { kind: integer(0, 1_000_000), default: 100, description: 'hot objects pre-positioned at a peer when `replicate` is push' },
  slaP95: { kind: positiveDuration(HOUR), default: '250 ms', description: 'p95 latency target the primary writes into an SLA (`param` gives seconds)' },
  slaMaxRejected: { kind: share(), default: 0.01, description: 'largest share of redirected requests a peer may reject in a window under the SLA' },
  maxViolations: {
    kind: integer(1, 10_000),
    default: 3,
    description: 'consecutive windows in which a peer misses the SLA before the primary ends the arrangement for breach',
  },
  advertiseInterval: { kind: duration(0.1, DAY), default: '1 min', description: 'how often a peer re-advertises its capacity and price' },
  footprintRtt: {
    kind: positiveDuration(MINUTE),
    default: '100 ms',
    description: "a peer serves a primary's region if one of its sites is within this round trip of it (`param` gives seconds)",
  },
  binding: {
    kind: { kind: 'boolean' },
    default: true,
    description: "a peer's advertisement is binding (it commits to accept calls within its terms) or advisory",
  },
  longTermDiscount: {
    kind: { kind: 'number', min: 0, max: 1 },
    default: 0.3,
    description: 'discount a peer gives on its per-GB price for a long-term arrangement (0–1)',
  },
  reservationPerRpsHour: {
    kind: { kind: 'number', min: 0 },
    default: 0.0005,
    description: 'reservation fee of a long-term arrangement, USD per request/s of capacity and hour',
  },
  penaltyPerViolation: { kind: { kind: 'number', min: 0 }, default: 0.5, description: 'what a peer refunds per window in which it misses the SLA, USD' },
  redirection: {
    kind: { kind: 'choice', values: ['share', 'overflow', 'threshold', 'load-proximity', 'sla'] },
    default: 'share',
    description:
      "how the primary redirects over its arrangements: a share of the demand above its target, when its site's servers are all busy, when it holds `redirectionThreshold` requests, to the best mix of load and proximity, or the smallest share keeping its own latency at `redirectionTarget`",
  },
  redirectionThreshold: {
    kind: integer(0, 1_000_000),
    default: 0,
    description: 'threshold and load-proximity redirection: requests in the serving site that trigger it (0: as many as it has servers)',
  },
  redirectionLoadWeight: { kind: share(), default: 0.5, description: "load-proximity redirection: weight of a peer's load against its round trip (0–1)" },
  redirectionTarget: { kind: positiveDuration(HOUR), default: '100 ms', description: 'sla redirection: the latency its own deliveries are kept at' },
  redirectionStatistic: {
    kind: { kind: 'choice', values: ['mean', 'p95'] },
    default: 'p95',
    description: 'sla redirection: which latency `redirectionTarget` bounds',
  },
};

/** A resolved parameter. */
export interface ParamValue {
  /** what `CompiledPolicy.param` returns: durations in seconds, other quantities in the unit written */
  readonly value: number | string | boolean;
  /** what expressions see: durations and other quantities as mathjs Units */
  readonly expr: number | string | boolean | Unit;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const secondsOf = quantityMaker('s');

/** Why a name cannot be an author's parameter (it would shadow or be shadowed), or undefined. */
function reservedBecause(name: string): string | undefined {
  const words = new Set<string>([...ALLOWED_FUNCTIONS, ...CONSTANTS, 'true', 'false', 'and', 'or', 'not', 'xor', 'to', 'in', 'mod', 'i']);
  if (words.has(name)) return `"${name}" is a function, constant or operator`;
  const decision = DECISIONS.find((d) => Object.hasOwn(d.variables, name));
  if (decision !== undefined) return `"${name}" is a variable of ${decision.role}.${decision.name}`;
  if (isUnitName(name)) return `"${name}" is a mathjs unit`;
  return undefined;
}

export interface ResolvedParams {
  params: Map<string, ParamValue>;
  /** an author's params whose value is invalid (reported in issues): expressions using them are not compiled */
  unresolved: Set<string>;
  issues: InputIssue[];
}

/** The agent parameters (file values over defaults) followed by the author's own. */
export function resolveParams(raw: Readonly<Record<string, unknown>>, file: string): ResolvedParams {
  const params = new Map<string, ParamValue>();
  const unresolved = new Set<string>();
  const issues: InputIssue[] = [];
  const issue = (name: string, expected: string, found: unknown) => issues.push({ file, path: `params.${name}`, expected, found: formatFound(found) });
  for (const [name, spec] of Object.entries(AGENT_PARAMS)) {
    const input = Object.hasOwn(raw, name) ? raw[name] : spec.default;
    const result = readKnown(spec.kind, input);
    if (typeof result === 'string') issue(name, result, input);
    // an invalid value is reported; expressions are still checked against the default
    params.set(name, typeof result === 'string' ? (readKnown(spec.kind, spec.default) as ParamValue) : result);
  }
  for (const [name, input] of Object.entries(raw)) {
    if (Object.hasOwn(AGENT_PARAMS, name)) continue;
    const near = nearestName(name, Object.keys(AGENT_PARAMS));
    if (!NAME.test(name)) issue(name, 'a parameter name of letters, digits and "_", starting with a letter', name);
    else if (near !== undefined) issue(name, `the agent parameter "${near}" (did you mean it?) or a name of your own less like one`, name);
    else if (reservedBecause(name) !== undefined) issue(name, `a parameter name of its own (${reservedBecause(name)})`, name);
    else {
      const result = readFree(input);
      if (typeof result === 'string') {
        issue(name, result, input);
        unresolved.add(name);
      } else params.set(name, result);
    }
  }
  return { params, unresolved, issues };
}

/** A known parameter's value, or the expected text. */
function readKnown(kind: ParamKind, input: unknown): ParamValue | string {
  switch (kind.kind) {
    case 'duration': {
      const r = readDuration(input);
      const low = kind.minExclusive ? r.ok && r.value > kind.min : r.ok && r.value >= kind.min;
      if (!r.ok || !low || r.value > kind.max) return `a duration ${durationBounds(kind)}, like 90s, 10 min or 2h`;
      return { value: r.value, expr: secondsOf(r.value) };
    }
    case 'integer': {
      const ok = typeof input === 'number' && Number.isSafeInteger(input) && input >= kind.min && input <= kind.max;
      return ok ? { value: input, expr: input } : `an integer ≥ ${kind.min} and ≤ ${kind.max}`;
    }
    case 'number':
      return readBounded(kind, input);
    case 'choice':
      return typeof input === 'string' && kind.values.includes(input) ? { value: input, expr: input } : `one of ${kind.values.join(', ')}`;
    case 'boolean':
      return typeof input === 'boolean' ? { value: input, expr: input } : 'true or false';
  }
}

/** `≥ 0.1 s and ≤ 1 d`, `> 0 and ≤ 1 h` */
export function durationBounds(kind: Extract<ParamKind, { kind: 'duration' }>): string {
  return `${kind.minExclusive ? '>' : '≥'} ${formatSeconds(kind.min)} and ≤ ${formatSeconds(kind.max)}`;
}

/** 0.1 ⇒ `0.1 s`, 3600 ⇒ `1 h`, 31536000 ⇒ `365 d`, 0 ⇒ `0` */
function formatSeconds(seconds: number): string {
  if (seconds === 0) return '0';
  for (const [unit, size] of [
    ['d', DAY],
    ['h', HOUR],
    ['min', MINUTE],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${unit}`;
  }
  return seconds < 1 && (seconds * 1000) % 1 === 0 && seconds < 0.1 ? `${seconds * 1000} ms` : `${seconds} s`;
}

function readBounded(kind: { min: number; max?: number; minExclusive?: boolean }, input: unknown): ParamValue | string {
  const low = kind.minExclusive ? `> ${kind.min}` : `≥ ${kind.min}`;
  const expected = kind.max === undefined ? `a number ${low}` : `a number ${low} and ≤ ${kind.max}`;
  if (typeof input !== 'number' || !Number.isFinite(input)) return expected;
  if (kind.minExclusive ? input <= kind.min : input < kind.min) return expected;
  if (kind.max !== undefined && input > kind.max) return expected;
  return { value: input, expr: input };
}

/** An author's parameter: a number, boolean, duration, other quantity (`5 Gbit/s`) or word. */
function readFree(input: unknown): ParamValue | string {
  if (typeof input === 'boolean') return { value: input, expr: input };
  if (typeof input === 'number') return Number.isFinite(input) ? { value: input, expr: input } : 'a finite number';
  if (typeof input !== 'string') return 'a number, true/false, a quantity like 10 min or 200 ms, or a word';
  const asDuration = readDuration(input);
  if (asDuration.ok && /[A-Za-z]/.test(input)) return { value: asDuration.value, expr: secondsOf(asDuration.value) };
  const quantity = parseQuantity(input);
  if (quantity !== undefined) {
    const value = quantity.toNumber();
    return Number.isFinite(value) ? { value, expr: quantity } : 'a finite quantity (like 200 ms or 5 Gbit/s)';
  }
  return /^\s*[+-]?[\d.]/.test(input) ? 'a number, or a quantity with a known unit (like 200 ms or 5 Gbit/s)' : { value: input, expr: input };
}
