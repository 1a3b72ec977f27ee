// The scenario file's peering settings beyond the agents' policies: the contracts between primaries
// and peers (capacity, prices, latency targets, penalties, notice) and the control network the
// agents talk over (message loss, jitter, relaying advertisements along cascades). A field new to
// the format is left absent from the resolved scenario when not given, so older scenarios keep their
// content hash. Must not depend on cdn/: types come via ./types only.
import { z } from 'zod';
import { cdnId, duration, fraction, nonNegative, obj, positive, region } from './schema-fields.js';
import type { Scenario } from './types.js';

export const contractSchema = obj({
  primary: cdnId(),
  peer: cdnId(),
  regions: z.array(region(), { error: 'a list of regions' }).nullish(),
  capacityRps: positive(),
  pricePerGB: nonNegative(),
  reservationPerRpsHour: nonNegative().default(0),
  start: duration('non-negative').default(0),
  duration: duration(),
  p95Ms: positive().default(250),
  maxRejectedShare: fraction().default(0.01),
  penaltyPerViolation: nonNegative().default(0.5),
  notice: duration('non-negative').prefault('1m'),
}).transform((c) => ({
  primary: c.primary,
  peer: c.peer,
  regions: c.regions ?? null,
  capacityRps: c.capacityRps,
  pricePerGB: c.pricePerGB,
  reservationPerRpsHour: c.reservationPerRpsHour,
  startS: c.start,
  durationS: c.duration,
  p95LatencyMs: c.p95Ms,
  maxRejectedShare: c.maxRejectedShare,
  penaltyPerViolation: c.penaltyPerViolation,
  noticeS: c.notice,
}));

export const controlSchema = obj({
  lossRate: fraction().default(0),
  jitterMs: nonNegative().default(0),
  // cascaded FCI: transit CDNs relay the advertisements they hear (absent: off, and not in the resolved scenario)
  relayAdvertisements: z.boolean({ error: 'true or false' }).optional(),
}).prefault({});

/** the control network as resolved: `relayAdvertisements` only when given, so older scenarios keep their content hash */
export function peeringControl(c: { lossRate: number; jitterMs: number; relayAdvertisements?: boolean }): Scenario['peering']['control'] {
  return { lossRate: c.lossRate, jitterMs: c.jitterMs, ...(c.relayAdvertisements === undefined ? {} : { relayAdvertisements: c.relayAdvertisements }) };
}
