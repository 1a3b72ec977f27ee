// The entry every decision point falls back to when a policy file leaves it out, compiled like
// any file's entries (the params they use are the agent parameters, present in every policy).
// A moderate behaviour; the library's policies override what makes them different. Data only.
import type { Role } from './decisions.js';
import type { TacticSettings } from './concession.js';

export type Entry = number | boolean | string | TacticSettings;

export const DEFAULT_ENTRIES: Readonly<Record<Role, Readonly<Record<string, Entry>>>> = {
  primary: {
    // seek when the forecast exceeds what its own site takes at the target utilization plus what
    // peers already give and the present demand confirms it, or when requests are being rejected
    seek: '(forecastRate > targetUtilization * capacity + peeredCapacity and arrivalRate > 0.65 * capacity) or rejectedShare > 0.01',
    // the forecast excess over that, not yet covered by peers
    need: 'max(0, forecastRate - targetUtilization * capacity - peeredCapacity)',
    term: 'overloadAge > 1 h ? "long" : "short"',
    // price margin × compliance, discounted by predicted latency; a price at or above revenue scores 0
    score: 'slaCompliance * max(0, 1 - advertisedPrice / revenuePerGB) / (1 + predictedLatency / (100 ms))',
    opening: '0.7 * min(advertisedPrice, revenuePerGB)',
    limit: '0.8 * revenuePerGB',
    concession: { tactic: 'linear' },
    // take a proposal no dearer than what I would offer next, or under the limit in the last two rounds
    accept: 'proposedPrice <= myNextPrice or (round >= maxRounds - 2 and proposedPrice <= limit)',
    replicate: 'pull',
    // the excess still wanted from this arrangement, given what the others provide
    rearrange: 'max(0, forecastRate - targetUtilization * capacity - (peeredCapacity - arrangedCapacity))',
    disband: 'forecastRate < 0.65 * capacity and rejectedShare < 0.001',
    // repeated misses, not a single bad window
    breach: 'consecutiveViolations >= maxViolations',
  },
  peer: {
    // what may be sold: capacity beyond its own users' load with 20% headroom
    advertise: 'max(0, capacity - 1.2 * arrivalRate)',
    // a base price rising with the square of its utilization
    price: '0.008 * (1 + 3 * utilization ^ 2)',
    reserve: 0.3,
    // progress = the used share of the deadline or of the rounds, whichever is further
    accept: 'proposedPrice >= askPrice * (1 - 0.2 * max(elapsed, round / maxRounds)) and capacityAsked <= spareCapacity',
    // meet the primary linearly over the negotiation, never below its offer
    counter: 'max(proposedPrice, askPrice - (askPrice - proposedPrice) * max(elapsed, round / maxRounds))',
    terminate: 'utilization > 0.9 and arrivalRate > 0.8 * capacity',
  },
};
