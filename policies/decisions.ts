// The decision points agents consult and the variables each may read: the contract between the
// agents (who fill the scope with plain numbers in the units below) and policy files (whose
// expressions see those variables, with units where one is given). Data only; no mathjs here.

export type Role = 'primary' | 'peer';

/** what a decision returns */
export type ResultKind =
  | { kind: 'boolean' }
  | { kind: 'number'; unit?: string; min?: number; max?: number }
  | { kind: 'choice'; values: readonly string[] }
  /** a named built-in strategy with parameters (concession tactics) */
  | { kind: 'strategy'; tactics: readonly string[] };

export interface VariableSpec {
  /** mathjs unit the value carries inside expressions (agents pass a plain number in this unit) */
  unit?: string;
  /** 'string' variables hold one of a few words (compare with ==) */
  type?: 'number' | 'string';
  description: string;
  /** a representative value, used to check expressions (dimensions, result type) at load */
  example: number | string;
}

export interface DecisionSpec {
  role: Role;
  name: string;
  description: string;
  result: ResultKind;
  variables: Record<string, VariableSpec>;
}

/** what a CDN's agent knows of its own data plane (from its sensors, per window) */
export const ownSensors = {
  t: { unit: 's', description: 'simulated time since the start', example: 1800 },
  utilization: { description: 'busy share of its own servers in the last window (0–1)', example: 0.85 },
  arrivalRate: { description: "its own users' requests per second in the last window", example: 1400 },
  capacity: { description: 'requests per second its own sites can serve (servers ÷ mean service time)', example: 1600 },
  rejectedShare: { description: "share of its own users' requests rejected in the last window (0–1)", example: 0.02 },
  latencyP95: { unit: 'ms', description: 'p95 latency of requests served by its sites in the last window', example: 180 },
  latencyMean: { unit: 'ms', description: 'mean latency of requests served by its sites in the last window', example: 90 },
  queueLength: { description: 'requests waiting at its sites at the end of the last window', example: 40 },
  forecastRate: { description: 'forecast of its own arrival rate one horizon ahead (requests/s; Holt linear trend)', example: 1600 },
  trend: { description: 'trend of its own arrival rate, requests/s per second', example: 0.5 },
  peeredCapacity: { description: 'capacity already arranged with peers for its traffic (requests/s)', example: 0 },
  activeArrangements: { description: 'its active arrangements as primary', example: 0 },
  revenuePerGB: { description: 'what its content providers pay it per GB (USD)', example: 0.02 },
} satisfies Record<string, VariableSpec>;

/** an active arrangement, for rearrange / disband / terminate */
export const arrangement = {
  arrangedCapacity: { description: "the arrangement's agreed capacity (requests/s)", example: 800 },
  arrangementLoad: { description: 'requests/s redirected under the arrangement in the last window', example: 500 },
  arrangementAge: { unit: 's', description: 'time since the arrangement became active', example: 600 },
  remainingTime: { unit: 's', description: 'time left of its time frame', example: 1200 },
  agreedPrice: { description: 'agreed price, USD per GB', example: 0.015 },
  slaViolations: { description: 'windows in which the arrangement missed its QoS targets', example: 0 },
} satisfies Record<string, VariableSpec>;

/** a candidate peer, for score / opening / limit */
export const candidate = {
  advertisedPrice: { description: "the peer's advertised price, USD per GB", example: 0.012 },
  advertisedCapacity: { description: 'capacity the peer advertises (requests/s)', example: 1500 },
  predictedLatency: { unit: 'ms', description: 'latency the chosen predictor expects from this peer for the load asked', example: 60 },
  observedLatency: { unit: 'ms', description: 'EWMA of latency this peer delivered before (= predictedLatency if none)', example: 60 },
  slaCompliance: { description: 'EWMA share of windows this peer met its SLA (1 if no history)', example: 1 },
  rtt: { unit: 'ms', description: 'round trip from the primary’s overloaded region to the peer’s nearest site', example: 20 },
  binding: { description: '1 if the advertisement is binding, 0 if advisory', example: 1 },
  need: { description: 'capacity being sought (requests/s)', example: 800 },
} satisfies Record<string, VariableSpec>;

/** a negotiation in progress */
export const bargaining = {
  elapsed: { description: 'share of the negotiation deadline used (0–1)', example: 0.5 },
  round: { description: 'offers exchanged so far', example: 2 },
  proposedPrice: { description: 'price on the table from the other side, USD per GB', example: 0.014 },
  myLastPrice: { description: 'my last offer, USD per GB', example: 0.011 },
  capacityAsked: { description: 'capacity under negotiation (requests/s)', example: 800 },
  term: { type: 'string', description: '"short" or "long"', example: 'short' },
} satisfies Record<string, VariableSpec>;

/** what a peer knows of itself when it answers */
export const peerSelf = {
  t: ownSensors.t,
  utilization: ownSensors.utilization,
  arrivalRate: ownSensors.arrivalRate,
  capacity: ownSensors.capacity,
  latencyP95: ownSensors.latencyP95,
  committedCapacity: { description: 'capacity already committed to primaries (requests/s)', example: 300 },
  committedLoad: { description: 'requests/s it served for primaries in the last window', example: 200 },
  costPerRequest: { description: 'its serving cost per request (USD), from its server cost', example: 0.00001 },
} satisfies Record<string, VariableSpec>;

const price = { kind: 'number', min: 0 } as const;
const rate = { kind: 'number', min: 0 } as const;

/** the values of a group of decision variables, as agents fill them (plain numbers, or words for string variables) */
export type VariablesOf<T extends Record<string, VariableSpec>> = { [K in keyof T]: T[K] extends { type: 'string' } ? string : number };

function decision(role: Role, name: string, description: string, result: ResultKind, ...scopes: Record<string, VariableSpec>[]): DecisionSpec {
  return { role, name, description, result, variables: Object.assign({}, ...scopes) };
}

export const DECISIONS: readonly DecisionSpec[] = [
  decision('primary', 'seek', 'start looking for peering capacity now', { kind: 'boolean' }, ownSensors),
  decision('primary', 'need', 'how much capacity to ask for (requests/s)', rate, ownSensors),
  decision('primary', 'term', 'short- or long-term arrangement', { kind: 'choice', values: ['short', 'long'] }, ownSensors, {
    overloadAge: { unit: 's', description: 'how long the overload has lasted so far', example: 120 },
  }),
  decision('primary', 'score', 'rank a candidate peer (higher is better; ≤ 0 excludes it)', { kind: 'number' }, ownSensors, candidate),
  decision('primary', 'opening', 'first price offered, USD per GB', price, ownSensors, candidate),
  decision('primary', 'limit', 'reservation price: the most it will pay, USD per GB', price, ownSensors, candidate),
  decision(
    'primary',
    'concession',
    'how offers move from opening to limit as the deadline nears',
    {
      kind: 'strategy',
      tactics: ['boulware', 'linear', 'conceder', 'timeDependent', 'titForTat'],
    },
    bargaining,
  ),
  decision('primary', 'accept', "take the peer's proposal", { kind: 'boolean' }, bargaining, {
    limit: { description: 'my reservation price, USD per GB', example: 0.02 },
    myNextPrice: { description: 'the offer I would make next, USD per GB', example: 0.013 },
  }),
  decision(
    'primary',
    'replicate',
    'how content reaches the peer: push the hot objects ahead, or pull on miss',
    {
      kind: 'choice',
      values: ['push', 'pull'],
    },
    ownSensors,
  ),
  decision(
    'primary',
    'rearrange',
    'the capacity now wanted from an active arrangement (requests/s); a change beyond the policy’s resizeThreshold renegotiates',
    rate,
    ownSensors,
    arrangement,
  ),
  decision('primary', 'disband', 'let an active arrangement go (must hold for the policy’s disbandHold)', { kind: 'boolean' }, ownSensors, arrangement),
  decision(
    'primary',
    'breach',
    'end an active arrangement for breach of its SLA (asked after every window it missed)',
    { kind: 'boolean' },
    ownSensors,
    arrangement,
    {
      consecutiveViolations: { description: 'windows in a row, up to the last one, in which it missed its QoS targets', example: 2 },
    },
  ),
  decision('peer', 'advertise', 'capacity offered to primaries (requests/s)', rate, peerSelf),
  decision('peer', 'price', 'asking price, USD per GB', price, peerSelf),
  decision('peer', 'reserve', 'share of its capacity kept for its own users (0–1)', { kind: 'number', min: 0, max: 1 }, peerSelf),
  decision('peer', 'accept', "take the primary's offer", { kind: 'boolean' }, peerSelf, bargaining, {
    askPrice: { description: 'my asking price now, USD per GB', example: 0.015 },
    spareCapacity: { description: 'capacity I could still commit (requests/s)', example: 900 },
  }),
  decision('peer', 'counter', 'counter-offer price, USD per GB', price, peerSelf, bargaining, {
    askPrice: { description: 'my asking price now, USD per GB', example: 0.015 },
    spareCapacity: { description: 'capacity I could still commit (requests/s)', example: 900 },
  }),
  decision('peer', 'terminate', 'end an arrangement because its own users need the capacity', { kind: 'boolean' }, peerSelf, arrangement),
];

export function findDecision(role: Role, name: string): DecisionSpec | undefined {
  return DECISIONS.find((d) => d.role === role && d.name === name);
}

export function decisionsFor(role: Role): DecisionSpec[] {
  return DECISIONS.filter((d) => d.role === role);
}
