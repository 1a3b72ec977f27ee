// The scenario field `content`: replication, source, acquisition bandwidth, cache TTL, egress price
// and content changes (`at`, `objects` as ranks [first, last] or `random: n`, `signal` invalidate
// or expiry, `inlineBelow`); absent from the resolved scenario when the file has no block (the
// content hash stays what it was), fields not given left absent; refused values name the field.
import { describe, expect, it } from 'vitest';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { scenarioHash } from '../../scenarios/hash.js';
import { scenarioFileDocument } from '../../scenarios/scenario-document.js';
import { inputErrorOf } from '../input/errors.js';

const F = 'scenario.yaml';
type Doc = Record<string, unknown>;
const base = (over: Doc = {}): Doc => ({
  name: 'tiny',
  duration: '1h',
  regions: ['eu-west'],
  catalog: { objects: 50 },
  cdns: [{ id: 'alpha', role: 'primary', sites: [{ region: 'eu-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] }],
  workload: [{ region: 'eu-west', cdn: 'alpha', base: { ratePerS: 100 } }],
  ...over,
});
const paths = (doc: Doc) => inputErrorOf(() => validateScenarioDocument(doc, F)).issues.map((i) => i.path);

describe('content: accepted values', () => {
  it('resolves units and leaves absent what the file does not give', () => {
    const s = validateScenarioDocument(
      base({
        content: {
          replication: 'push',
          acquisitionBandwidth: '8Mbit/s',
          changes: [
            { at: '20m', objects: { ranks: [0, 9] }, inlineBelow: '2kB' },
            { at: '30m', objects: { random: 5 }, signal: 'expiry' },
          ],
        },
      }),
      F,
    );
    expect(s.content).toEqual({
      replication: 'push',
      acquisitionBytesPerS: 1e6,
      changes: [
        { atS: 1200, objects: { kind: 'ranks', from: 0, to: 9 }, signal: 'invalidate', inlineBelowBytes: 2000 },
        { atS: 1800, objects: { kind: 'random', count: 5 }, signal: 'expiry', inlineBelowBytes: 0 },
      ],
    });
  });

  it('no block: absent, and the hash is as before the field existed', () => {
    const plain = validateScenarioDocument(base(), F);
    expect(plain.content).toBeUndefined();
    expect(scenarioHash(validateScenarioDocument(base({ content: { changes: [] } }), F))).not.toBe(scenarioHash(plain));
  });

  it('round-trips through the resolved document (plan.ts)', () => {
    const s = validateScenarioDocument(
      base({ content: { source: 'origin', cacheTtl: '5m', egressPerGB: 0.02, changes: [{ at: '1m', objects: { ranks: [3, 3] }, inlineBelow: '1kB' }] } }),
      F,
    );
    const again = validateScenarioDocument(scenarioFileDocument(s), F);
    expect(again.content).toEqual(s.content);
  });
});

describe('content: refused values name the field', () => {
  it('an unknown replication or source, a bad bandwidth or TTL', () => {
    expect(paths(base({ content: { replication: 'copy' } }))).toEqual(['content.replication']);
    expect(paths(base({ content: { source: 'cache' } }))).toEqual(['content.source']);
    expect(paths(base({ content: { acquisitionBandwidth: 'fast' } }))).toEqual(['content.acquisitionBandwidth']);
    expect(paths(base({ content: { cacheTtl: -5 } }))).toEqual(['content.cacheTtl']);
  });

  it('a change without objects, with both ranks and random, ranks out of order or beyond the catalog, random beyond it', () => {
    expect(paths(base({ content: { changes: [{ at: '1m' }] } }))).toEqual(['content.changes[0].objects']);
    expect(paths(base({ content: { changes: [{ at: '1m', objects: { ranks: [0, 1], random: 2 } }] } }))).toEqual(['content.changes[0].objects']);
    expect(paths(base({ content: { changes: [{ at: '1m', objects: { ranks: [5, 2] } }] } }))).toEqual(['content.changes[0].objects.ranks[1]']);
    expect(paths(base({ content: { changes: [{ at: '1m', objects: { ranks: [0, 50] } }] } }))).toEqual(['content.changes[0].objects.ranks[1]']);
    expect(paths(base({ content: { changes: [{ at: '1m', objects: { random: 51 } }] } }))).toEqual(['content.changes[0].objects.random']);
  });

  it('an unknown signal, a negative time, an unknown field', () => {
    expect(paths(base({ content: { changes: [{ at: '1m', objects: { random: 1 }, signal: 'push' }] } }))).toEqual(['content.changes[0].signal']);
    expect(paths(base({ content: { changes: [{ at: -1, objects: { random: 1 } }] } }))).toEqual(['content.changes[0].at']);
    expect(paths(base({ content: { chnages: [] } }))).toHaveLength(1);
  });
});
