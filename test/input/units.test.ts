import { describe, expect, it } from 'vitest';
import {
  parseBandwidth,
  parseDuration,
  parseMultiplier,
  parseSize,
  readBandwidth,
  readDuration,
  readMultiplier,
  readSize,
  UnitError,
} from '../../input/units.js';

describe('durations are seconds', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['2h', 7200],
    ['500ms', 0.5],
    ['1d', 86400],
    ['300ms', 0.3],
    ['1.5h', 5400],
    ['5 min', 300],
    ['30', 30],
    [45, 45],
    [0.25, 0.25],
    ['-5s', -5],
  ] as const)('%j ⇒ %d s', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it('rejects text that is not a duration, naming what was found', () => {
    expect(readDuration('abc')).toEqual({ ok: false, expected: 'a duration like 90s, 10m or 2h', found: '"abc"' });
  });

  it.each(['10 parsecs', '2h30m', '', 's', '1e', '10M'])('rejects the unknown unit or form %j', (input) => {
    expect(readDuration(input).ok).toBe(false);
  });

  it('rejects values that are neither numbers nor strings, and non-finite numbers', () => {
    expect(readDuration(true)).toEqual({ ok: false, expected: 'a duration like 90s, 10m or 2h', found: 'true' });
    expect(readDuration(Infinity)).toEqual({ ok: false, expected: 'a duration like 90s, 10m or 2h', found: 'Infinity' });
    expect(readDuration(null).ok).toBe(false);
  });

  it('throws a UnitError whose message is "expected …, found …"', () => {
    expect(() => parseDuration('abc')).toThrow(UnitError);
    expect(() => parseDuration('abc')).toThrow('expected a duration like 90s, 10m or 2h, found "abc"');
  });
});

describe('sizes are bytes', () => {
  it.each([
    ['500kB', 500_000],
    ['1MB', 1_000_000],
    ['1GB', 1_000_000_000],
    ['2TB', 2e12],
    ['1KiB', 1024],
    ['1MiB', 1_048_576],
    ['1GiB', 1_073_741_824],
    ['10 B', 10],
    ['1.5kB', 1500],
    ['4096', 4096],
    [512, 512],
  ] as const)('%j ⇒ %d B', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it('rejects an unknown unit, naming what was found', () => {
    expect(readSize('1XB')).toEqual({ ok: false, expected: 'a size like 500kB, 1MB or 1GiB', found: '"1XB"' });
    expect(() => parseSize('1XB')).toThrow('expected a size like 500kB, 1MB or 1GiB, found "1XB"');
  });
});

describe('bandwidths are bytes per second', () => {
  it.each([
    ['1Gbit/s', 125_000_000],
    ['100 Mbit/s', 12_500_000],
    ['10MB/s', 10_000_000],
    ['8bit/s', 1],
    ['1Gbps', 125_000_000],
    ['1 GiB/s', 1_073_741_824],
    ['2500', 2500],
    [1e6, 1e6],
  ] as const)('%j ⇒ %d B/s', (input, bytesPerS) => {
    expect(parseBandwidth(input)).toBe(bytesPerS);
  });

  it('rejects a bandwidth without "per second"', () => {
    expect(readBandwidth('1Gbit')).toEqual({
      ok: false,
      expected: 'a bandwidth like 1Gbit/s, 100 Mbit/s or 10MB/s',
      found: '"1Gbit"',
    });
  });
});

describe('multipliers are factors', () => {
  it.each([
    ['10x', 10],
    ['2.5x', 2.5],
    ['6 x', 6],
    ['3', 3],
    [4, 4],
  ] as const)('%j ⇒ %d', (input, factor) => {
    expect(parseMultiplier(input)).toBe(factor);
  });

  it('rejects other suffixes', () => {
    expect(readMultiplier('10%')).toEqual({ ok: false, expected: 'a multiplier like 10x or 10', found: '"10%"' });
  });
});
