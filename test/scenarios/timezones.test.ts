// The scenario field `timezones`: each region's UTC offset, a duration with a sign (`+1h`, `-5h`,
// `90m`, `0`) or hours then minutes for the half- and quarter-hour zones (`+5h30m`, `-3h30m`,
// `+5h45m`), within ±14 h; it shifts the region's local clock, so an event that starts at a local
// clock time starts at that time in the region. Anything else is refused by its field path, with
// what was expected.
import { describe, expect, it } from 'vitest';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { inputErrorOf } from '../input/errors.js';

const F = 'scenario.yaml';
type Doc = Record<string, unknown>;
const base = (timezones: unknown, over: Doc = {}): Doc => ({
  name: 'tz',
  duration: '1d',
  regions: ['in-west'],
  catalog: { objects: 50 },
  cdns: [{ id: 'alpha', role: 'primary', sites: [{ region: 'in-west', servers: 4, serviceTime: { exponential: { meanMs: 20 } } }] }],
  workload: [{ region: 'in-west', cdn: 'alpha', base: { ratePerS: 100 } }],
  timezones,
  ...over,
});

describe('timezones: accepted offsets', () => {
  it.each([
    ['+1h', 3600],
    ['-5h', -18000],
    ['90m', 5400],
    [0, 0],
    ['+5h30m', 19800],
    ['-3h30m', -12600],
    ['+5h45m', 20700],
    ['14h', 50400],
  ])('%s is %d s', (offset, seconds) => {
    const s = validateScenarioDocument(base({ 'in-west': offset }), F);
    expect(s.timezones?.['in-west'] ?? 0).toBe(seconds);
  });

  it('a local clock time counts in the region’s zone: 08:00 at +5h30m with the run starting 00:00 UTC is 02:30 into the run', () => {
    const s = validateScenarioDocument(
      base(
        { 'in-west': '+5h30m' },
        {
          workload: [
            {
              region: 'in-west',
              cdn: 'alpha',
              base: { ratePerS: 100 },
              events: [{ type: 'flash-crowd', start: '08:00', rampUp: '10m', sustain: '10m', rampDown: '10m', peak: '3x' }],
            },
          ],
        },
      ),
      F,
    );
    expect(s.workload[0].events[0].startS).toBe(2.5 * 3600);
  });
});

describe('timezones: refused offsets name the field', () => {
  it.each(['+15h', '14h1m', '5h30', '30m5h', '5h30m10s', 'east', '+-1h', '--5h', true])('%s', (offset) => {
    const error = inputErrorOf(() => validateScenarioDocument(base({ 'in-west': offset }), F));
    expect(error.issues.map((i) => i.path)).toEqual(['timezones.in-west']);
    expect(error.message).toContain('a UTC offset like +2h, -5h, +5h30m or 0 (within ±14h)');
  });
});
