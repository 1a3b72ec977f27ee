import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanSuffix, editDistance } from '../../input/did-you-mean.js';

describe('editDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['servers', 'servers', 0],
    ['sevrers', 'servers', 1],
    ['sevrer', 'servers', 2],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('didYouMean', () => {
  const fields = ['name', 'duration', 'window', 'servers', 'serviceTime', 'queueLimit', 'region'];

  it('suggests the nearest known name for a swap, a missing or an extra letter', () => {
    expect(didYouMean('sevrers', fields)).toBe('servers');
    expect(didYouMean('duraton', fields)).toBe('duration');
    expect(didYouMean('windoww', fields)).toBe('window');
    expect(didYouMean('servicetime', fields)).toBe('serviceTime');
  });

  it('suggests nothing when no name is within max(2, length/3) edits', () => {
    expect(didYouMean('colour', fields)).toBeUndefined();
    expect(didYouMean('x', ['y'])).toBeUndefined();
    expect(didYouMean('', fields)).toBeUndefined();
  });

  it('allows more edits for longer names (length / 3)', () => {
    expect(didYouMean('penaltyPerVoilatoin', ['penaltyPerViolation'])).toBe('penaltyPerViolation');
  });

  it('never suggests the name itself, and prefers the first of equally near names', () => {
    expect(didYouMean('alpha', ['alpha'])).toBeUndefined();
    expect(didYouMean('betx', ['beta', 'bet'])).toBe('beta');
  });

  it('stays fast and quiet on a hostile 100,000-character name', () => {
    expect(didYouMean('a'.repeat(100_000), ['a'.repeat(100_000)])).toBeUndefined();
  });

  it('didYouMeanSuffix formats the hint, or nothing', () => {
    expect(didYouMeanSuffix('sevrers', fields)).toBe(' (did you mean "servers"?)');
    expect(didYouMeanSuffix('zzz', fields)).toBe('');
  });
});
