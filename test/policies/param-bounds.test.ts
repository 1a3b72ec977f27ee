// Every policy parameter is finite and within bounds that keep a run countable: a loop period of
// 1e-9 s (10^9 control passes per simulated second) or a duration of 1e400 ms (Infinity) is a
// load error naming the parameter and its bounds, as policies/README.md documents them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../input/paths.js';
import { listPolicies, loadPolicy } from '../../policies/load.js';
import { compile, doc, inputErrorOf } from './helpers.js';

const issuesFor = (params: Record<string, unknown>) =>
  inputErrorOf(() => compile(doc('primary', {}, params))).issues.map((i) => `${i.path}: expected ${i.expected}, found ${i.found}`);

describe('bounded policy parameters', () => {
  it('monitorInterval: 1e-9 s (a hang) and 1e400 ms (Infinity) are refused with the bounds 0.1 s to 1 d', () => {
    expect(issuesFor({ monitorInterval: '1e-9 s' })).toEqual([
      'params.monitorInterval: expected a duration ≥ 0.1 s and ≤ 1 d, like 90s, 10 min or 2h, found "1e-9 s"',
    ]);
    expect(issuesFor({ monitorInterval: '1e400 ms' })).toEqual([
      'params.monitorInterval: expected a duration ≥ 0.1 s and ≤ 1 d, like 90s, 10 min or 2h, found "1e400 ms"',
    ]);
    expect(issuesFor({ monitorInterval: '2 d' })).toHaveLength(1);
    expect(compile(doc('primary', {}, { monitorInterval: '100ms' })).param('monitorInterval')).toBe(0.1);
    expect(compile(doc('primary', {}, { monitorInterval: '1d' })).param('monitorInterval')).toBe(86400);
  });

  it('an author’s quantity of 1e400 ms or 1e400 Gbit/s is refused (it would be Infinity)', () => {
    expect(issuesFor({ hold: '1e400 ms', uplink: '1e400 Gbit/s' })).toEqual([
      'params.hold: expected a finite quantity (like 200 ms or 5 Gbit/s), found "1e400 ms"',
      'params.uplink: expected a finite quantity (like 200 ms or 5 Gbit/s), found "1e400 Gbit/s"',
    ]);
    expect(issuesFor({ big: Infinity })).toEqual([expect.stringMatching(/^params\.big: expected a number, .*, found Infinity$/)]);
  });

  it('each bounded parameter refuses a value just beyond its bound', () => {
    const beyond: Record<string, unknown> = {
      negotiationDeadline: 0,
      advertiseInterval: '0.05 s',
      shortTermDuration: '0.5 s',
      longTermDuration: '366 d',
      noticePeriod: '25 h',
      disbandHold: '31 d',
      slaP95: '2 h',
      footprintRtt: '61 s',
      maxRounds: 1001,
      maxCandidates: 1001,
      pushTopObjects: 1_000_001,
      maxViolations: 10_001,
      resizeThreshold: 0,
      targetUtilization: 1.01,
    };
    const found = issuesFor(beyond);
    expect(found.map((line) => line.split(':')[0])).toEqual(
      Object.keys(beyond)
        .map((name) => `params.${name}`)
        .sort((a, b) => order(a) - order(b)),
    );
    expect(found).toContain('params.negotiationDeadline: expected a duration > 0 and ≤ 1 d, like 90s, 10 min or 2h, found 0');
    expect(found).toContain('params.maxRounds: expected an integer ≥ 1 and ≤ 1000, found 1001');
    expect(found).toContain('params.footprintRtt: expected a duration > 0 and ≤ 1 min, like 90s, 10 min or 2h, found "61 s"');
  });

  it('the library policies are within the bounds; README documents each bound', () => {
    for (const { name } of listPolicies()) expect(loadPolicy(name).name).toBe(name);
    const readme = readFileSync(join(packageRoot(), 'policies', 'README.md'), 'utf8');
    expect(readme).toContain('| `monitorInterval` | duration ≥ 0.1 s and ≤ 1 d |');
    expect(readme).toContain('| `maxRounds` | integer ≥ 1 and ≤ 1000 |');
  });
});

const ORDER = [
  'monitorInterval',
  'negotiationDeadline',
  'maxRounds',
  'maxCandidates',
  'predictor',
  'targetUtilization',
  'shortTermDuration',
  'longTermDuration',
  'noticePeriod',
  'disbandHold',
  'resizeThreshold',
  'pushTopObjects',
  'slaP95',
  'slaMaxRejected',
  'maxViolations',
  'advertiseInterval',
  'footprintRtt',
];
const order = (path: string) => ORDER.indexOf(path.replace('params.', ''));
