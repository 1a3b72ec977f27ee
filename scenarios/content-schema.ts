// The scenario's `content` block (replication and consistency): its zod shape, built from the shared
// field helpers of ./schema-fields; resolving the parsed block into the data plane's ContentSpec
// (fields left absent when not given, so the resolved scenario and its content hash carry only what
// the file says), checking it against the catalog, and writing it back as a document (./scenario-document).
// Must not depend on cdn/ (types come via ./types).
import { z } from 'zod';
import { SCHEMA_LIMITS, bandwidth, duration, exactlyOne, list, nonNegative, nonNegativeInt, obj, oneOf, positiveInt, size } from './schema-fields.js';
import type { ContentSpec } from './types.js';

/** the block as the file writes it (`content`, optional: a scenario without it has no content rules) */
export const contentSchema = obj({
  replication: oneOf(['push', 'pull']).optional(),
  source: oneOf(['primary', 'origin']).optional(),
  acquisitionBandwidth: bandwidth().optional(),
  cacheTtl: duration().optional(),
  egressPerGB: nonNegative().optional(),
  changes: list(
    obj({
      at: duration('non-negative'),
      objects: obj({
        ranks: z.tuple([nonNegativeInt(), nonNegativeInt()], { error: 'a pair [first, last] of object indices' }).optional(),
        random: positiveInt().optional(),
      }).superRefine(exactlyOne(['ranks', 'random'])),
      signal: oneOf(['invalidate', 'expiry']).default('invalidate'),
      inlineBelow: size().optional(),
    }),
    'content changes',
  )
    .max(SCHEMA_LIMITS.contentChanges, { error: `at most ${SCHEMA_LIMITS.contentChanges} content changes` })
    .default([]),
});

/** the block as contentSchema parses it (durations in s, sizes in bytes, bandwidths in bytes/s) */
export interface ParsedContent {
  replication?: 'push' | 'pull';
  source?: 'primary' | 'origin';
  acquisitionBandwidth?: number;
  cacheTtl?: number;
  egressPerGB?: number;
  changes: {
    at: number;
    objects: { ranks?: [number, number]; random?: number };
    signal: 'invalidate' | 'expiry';
    inlineBelow?: number;
  }[];
}

export function resolveContent(c: ParsedContent): ContentSpec {
  return {
    ...(c.replication === undefined ? {} : { replication: c.replication }),
    ...(c.source === undefined ? {} : { source: c.source }),
    ...(c.acquisitionBandwidth === undefined ? {} : { acquisitionBytesPerS: c.acquisitionBandwidth }),
    ...(c.cacheTtl === undefined ? {} : { cacheTtlS: c.cacheTtl }),
    ...(c.egressPerGB === undefined ? {} : { egressPerGB: c.egressPerGB }),
    changes: c.changes.map((x) => ({
      atS: x.at,
      objects:
        x.objects.ranks !== undefined ? { kind: 'ranks', from: x.objects.ranks[0], to: x.objects.ranks[1] } : { kind: 'random', count: x.objects.random ?? 0 },
      signal: x.signal,
      inlineBelowBytes: x.inlineBelow ?? 0,
    })),
  };
}

/** problems of the block against the catalog's size: [path below `content`, message] */
export function contentIssues(c: ParsedContent, catalogObjects: number): [(string | number)[], string][] {
  const issues: [(string | number)[], string][] = [];
  c.changes.forEach((x, i) => {
    const [from, to] = x.objects.ranks ?? [0, 0];
    if (from > to) issues.push([['changes', i, 'objects', 'ranks', 1], `an object index ≥ the first (${from})`]);
    if (to >= catalogObjects) issues.push([['changes', i, 'objects', 'ranks', 1], `an object index below the catalog's ${catalogObjects} objects`]);
    if ((x.objects.random ?? 0) > catalogObjects) issues.push([['changes', i, 'objects', 'random'], `at most the catalog's ${catalogObjects} objects`]);
  });
  return issues;
}

/** the resolved block as a raw document (the inverse of resolveContent) */
export function contentDoc(c: ContentSpec): Record<string, unknown> {
  return {
    ...(c.replication === undefined ? {} : { replication: c.replication }),
    ...(c.source === undefined ? {} : { source: c.source }),
    ...(c.acquisitionBytesPerS === undefined ? {} : { acquisitionBandwidth: c.acquisitionBytesPerS }),
    ...(c.cacheTtlS === undefined ? {} : { cacheTtl: c.cacheTtlS }),
    ...(c.egressPerGB === undefined ? {} : { egressPerGB: c.egressPerGB }),
    changes: c.changes.map((x) => ({
      at: x.atS,
      objects: x.objects.kind === 'ranks' ? { ranks: [x.objects.from, x.objects.to] } : { random: x.objects.count },
      signal: x.signal,
      ...(x.inlineBelowBytes > 0 ? { inlineBelow: x.inlineBelowBytes } : {}),
    })),
  };
}
