// The scenario field `measure`: topK a positive integer of at most the catalog's size (default
// min(10, objects)), requestLog true or false (default false); refused otherwise naming the field;
// absent from the resolved scenario when every field is its default, so the content hash of a
// scenario that does not ask stays what it was.
import { describe, expect, it } from 'vitest';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { scenarioHash } from '../../scenarios/hash.js';
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

describe('measure: accepted values', () => {
  it('resolves topK and requestLog when asked', () => {
    expect(validateScenarioDocument(base({ measure: { topK: 50, requestLog: true } }), F).measure).toEqual({ topK: 50, requestLog: true });
    expect(validateScenarioDocument(base({ measure: { topK: 3 } }), F).measure).toEqual({ topK: 3, requestLog: false });
  });

  it('is absent when every field is its default, and then the hash is as without the field', () => {
    const plain = validateScenarioDocument(base(), F);
    expect(plain.measure).toBeUndefined();
    for (const measure of [{}, { topK: 10 }, { requestLog: false }]) {
      const s = validateScenarioDocument(base({ measure }), F);
      expect(s.measure).toBeUndefined();
      expect(scenarioHash(s)).toBe(scenarioHash(plain));
    }
  });

  it('defaults topK to the catalog size when it has fewer than 10 objects', () => {
    expect(validateScenarioDocument(base({ catalog: { objects: 4 } }), F).measure).toBeUndefined();
    expect(validateScenarioDocument(base({ catalog: { objects: 4 }, measure: { topK: 4 } }), F).measure).toBeUndefined();
  });
});

describe('measure: refused values', () => {
  it('topK above the catalog size, 0, or not an integer', () => {
    expect(paths(base({ measure: { topK: 51 } }))).toEqual(['measure.topK']);
    expect(paths(base({ measure: { topK: 0 } }))).toEqual(['measure.topK']);
    expect(paths(base({ measure: { topK: 2.5 } }))).toEqual(['measure.topK']);
  });

  it('requestLog not a boolean, and unknown fields', () => {
    expect(paths(base({ measure: { requestLog: 'yes' } }))).toEqual(['measure.requestLog']);
    expect(paths(base({ measure: { topk: 5 } }))).toHaveLength(1);
  });
});
