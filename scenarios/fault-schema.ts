// The scenario file's faults: sites and whole CDNs going down, agents crashing, and partitions of
// the control network between two CDNs, each at a time and for a while (or for good). Must not
// depend on cdn/: types come via ./types only.
import { z } from 'zod';
import { cdnId, duration, literal, obj, region } from './schema-fields.js';

export const faultSchema = z.discriminatedUnion(
  'type',
  [
    obj({ at: duration('non-negative'), type: literal('site-down'), cdn: cdnId(), region: region(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      cdn: f.cdn,
      region: f.region,
      forS: f.for ?? null,
    })),
    obj({ at: duration('non-negative'), type: literal('cdn-down'), cdn: cdnId(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      cdn: f.cdn,
      forS: f.for ?? null,
    })),
    obj({ at: duration('non-negative'), type: literal('agent-crash'), cdn: cdnId(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      cdn: f.cdn,
      forS: f.for ?? null,
    })),
    obj({ at: duration('non-negative'), type: literal('partition'), a: cdnId(), b: cdnId(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      a: f.a,
      b: f.b,
      forS: f.for ?? null,
    })),
  ],
  { error: 'a fault of type site-down, cdn-down, agent-crash or partition' },
);
