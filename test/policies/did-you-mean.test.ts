// Unknown names get a did-you-mean: expression symbols, decision names and fields, agent
// parameter names, library policy names, and the programming errors of the compiled policy.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../policies/load.js';
import { didYouMean, editDistance, nearestName } from '../../policies/suggest.js';
import { compile, doc, inputErrorOf, messageOf } from './helpers.js';

describe('did you mean', () => {
  it('the nearest name within max(1, length / 3) edits; a swap of neighbours is one edit; case differences match', () => {
    expect(editDistance('arivalRate', 'arrivalRate')).toBe(1);
    expect(editDistance('utilziation', 'utilization')).toBe(1);
    expect(nearestName('balncd', ['aggressive', 'balanced', 'isolated'])).toBe('balanced');
    expect(nearestName('Seek', ['seek', 'need'])).toBe('seek');
    expect(nearestName('foo', ['seek', 'need'])).toBeUndefined();
    expect(didYouMean('x'.repeat(1000), ['x'])).toBe('');
  });

  it('an unknown symbol: arivalRate ⇒ did you mean "arrivalRate"? (and params: treshold ⇒ "threshold")', () => {
    expect(inputErrorOf(() => compile(doc('primary', { seek: 'arivalRate > 1000' }))).issues[0].found).toBe(
      'unknown symbol "arivalRate" in "arivalRate > 1000" (did you mean "arrivalRate"?)',
    );
    expect(messageOf(() => compile(doc('primary', { seek: 'utilization > treshold' }, { threshold: 0.9 })))).toContain(
      'found unknown symbol "treshold" in "utilization > treshold" (did you mean "threshold"?)',
    );
  });

  it('an unknown decision or field: primary.sek ⇒ "seek", parms ⇒ "params"', () => {
    const err = inputErrorOf(() => compile({ name: 'x', roles: ['primary'], parms: {}, primary: { sek: true } }));
    expect(err.issues.map((i) => `${i.path}: ${i.found}`)).toEqual(['primary.sek: "sek" (did you mean "seek"?)', 'parms: "parms" (did you mean "params"?)']);
  });

  it('an agent parameter name slightly off (monitorIntervall, maxround) is an error, not a silent own param', () => {
    const err = inputErrorOf(() => compile(doc('primary', {}, { monitorIntervall: '1 s', maxround: 3, margin: 0.9 })));
    expect(err.issues).toEqual([
      {
        file: 'test.yaml',
        path: 'params.monitorIntervall',
        expected: 'the agent parameter "monitorInterval" (did you mean it?) or a name of your own less like one',
        found: '"monitorIntervall"',
      },
      {
        file: 'test.yaml',
        path: 'params.maxround',
        expected: 'the agent parameter "maxRounds" (did you mean it?) or a name of your own less like one',
        found: '"maxround"',
      },
    ]);
  });

  it('an unknown library policy: balncd ⇒ did you mean "balanced"?', () => {
    expect(messageOf(() => loadPolicy('balncd'))).toMatch(/found unknown policy "balncd" \(known: .*\); did you mean "balanced"\?$/);
  });

  it('the compiled policy’s programming errors suggest too (an unknown decision or param)', () => {
    const p = compile(doc('primary', {}));
    expect(() => p.bool('primary', 'sek', {})).toThrow(/unknown decision primary\.sek \(known: .*\) \(did you mean "primary\.seek"\?\)$/);
    expect(() => p.param('maxRound')).toThrow(/unknown parameter "maxRound" \(known: .*\) \(did you mean "maxRounds"\?\)$/);
  });
});
