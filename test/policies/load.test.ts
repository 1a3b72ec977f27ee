// Loading policy files: finding them by library name or path, the file format's rules (every
// problem at once, `<file>: <path>: expected …, found …`), params and their defaults, defaults
// for decisions a file leaves out, and the JSON Schema.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISIONS } from '../../policies/decisions.js';
import { DEFAULT_ENTRIES } from '../../policies/defaults.js';
import { isPolicyDocument, libraryDir, loadPolicy } from '../../policies/load.js';
import { AGENT_PARAMS } from '../../policies/params.js';
import { policyJsonSchema } from '../../policies/schema.js';
import { compile, dir, doc, inputErrorOf, messageOf, writePolicy } from './helpers.js';

describe('finding a policy', () => {
  it('by library name, by absolute path, and by a path relative to baseDir', () => {
    expect(loadPolicy('cost-saver').file).toBe(join(libraryDir(), 'cost-saver.yaml'));
    const file = writePolicy(doc('peer', { reserve: 0.4 }));
    expect(loadPolicy(file).num('peer', 'reserve', {})).toBe(0.4);
    expect(loadPolicy(basename(file), { baseDir: dir }).num('peer', 'reserve', {})).toBe(0.4);
  });

  it('a JSON policy file works like YAML', () => {
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(doc('primary', { seek: 'utilization > 0.7' })));
    expect(loadPolicy(file).bool('primary', 'seek', { utilization: 0.75 })).toBe(true);
  });

  it('an unknown library name lists the known ones and suggests the nearest', () => {
    expect(messageOf(() => loadPolicy('balnced'))).toBe(
      'balnced: (file): expected a policy file or the name of a library policy, found unknown policy "balnced" ' +
        '(known: aggressive, balanced, cost-saver, isolated, peer-conservative, peer-default, peer-greedy, qos-first, reciprocal); did you mean "balanced"?',
    );
  });

  it('a missing file, invalid YAML and an empty file name the file', () => {
    const missing = join(dir, 'nope.yaml');
    expect(inputErrorOf(() => loadPolicy(missing)).issues[0]).toMatchObject({ file: missing, path: '(file)', expected: 'a readable file' });
    expect(messageOf(() => loadPolicy(writePolicy('name: x\nroles: [primary\n')))).toContain('expected valid YAML, found line');
    expect(inputErrorOf(() => loadPolicy(writePolicy(''))).issues[0]).toMatchObject({ path: '(root)', found: 'an empty document' });
  });

  it('a document is a policy when it has a top-level roles field', () => {
    expect([isPolicyDocument({ roles: [] }), isPolicyDocument({ name: 'x', cdns: [] }), isPolicyDocument([]), isPolicyDocument(null)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('the file format', () => {
  it('reports every problem at once: fields, roles, decision names, sections, params', () => {
    const err = inputErrorOf(() =>
      compile({
        name: 'bad name!',
        roles: ['primary', 'router'],
        colour: 'red',
        params: { maxCandidates: 0, utilization: 3, predictor: 'magic' },
        primary: { sek: 'true', seek: 'utilization > 0.9' },
        peer: { price: 0.01 },
      }),
    );
    expect(err.issues.map((i) => `${i.path}: expected ${i.expected}, found ${i.found}`)).toEqual([
      'name: expected a name of letters, digits, ".", "_" or "-", found "bad name!"',
      'roles[1]: expected primary or peer, found "router"',
      'primary.sek: expected no field "sek" (known: seek, need, term, score, opening, limit, concession, accept, replicate, rearrange, disband, breach), found "sek" (did you mean "seek"?)',
      'colour: expected no field "colour" (known: name, description, roles, params, primary, peer), found "colour"',
      'params.maxCandidates: expected an integer ≥ 1 and ≤ 1000, found 0',
      'params.predictor: expected one of advertisement, queueing, history, found "magic"',
      'params.utilization: expected a parameter name of its own ("utilization" is a variable of primary.seek), found "utilization"',
      'peer: expected no peer section, or peer in roles (roles: [primary]), found a peer section',
    ]);
    expect(err.issues.every((i) => i.file === 'test.yaml')).toBe(true);
  });

  it('roles must be a non-empty list of distinct roles', () => {
    expect(messageOf(() => compile({ name: 'x', roles: [] }))).toBe('test.yaml: roles: expected at least one role (primary, peer), found []');
    expect(messageOf(() => compile({ name: 'x', roles: ['peer', 'peer'] }))).toBe('test.yaml: roles: expected each role once, found ["peer","peer"]');
    expect(messageOf(() => compile({ name: 'x', roles: 'primary' }))).toBe(
      'test.yaml: roles: expected a list of roles: [primary], [peer] or [primary, peer], found "primary"',
    );
  });

  it('a policy may have both roles; roles are kept in catalog order', () => {
    const p = compile({ name: 'both', roles: ['peer', 'primary'], primary: { seek: false }, peer: { reserve: 0.2 } });
    expect(p.roles).toEqual(['primary', 'peer']);
    expect([p.bool('primary', 'seek', {}), p.num('peer', 'reserve', {})]).toEqual([false, 0.2]);
  });

  it('decisions a file leaves out fall back to the defaults, compiled the same way', () => {
    const p = compile(doc('primary', { seek: true }));
    expect(p.definition.primary).toEqual({ ...DEFAULT_ENTRIES.primary, seek: true });
    expect(p.num('primary', 'limit', { revenuePerGB: 0.02 })).toBeCloseTo(0.016, 15);
    const peer = compile(doc('peer', {}));
    expect(peer.definition.peer).toEqual(DEFAULT_ENTRIES.peer);
    expect(peer.num('peer', 'reserve', {})).toBe(0.3);
  });

  it('every default entry compiles for its decision (the defaults are a valid policy)', () => {
    const both = compile({ name: 'defaults', roles: ['primary', 'peer'] });
    for (const spec of DECISIONS) expect(both.definition[spec.role]?.[spec.name]).toEqual(DEFAULT_ENTRIES[spec.role][spec.name]);
  });
});

describe('params', () => {
  it('the agent parameters have documented defaults; durations are seconds', () => {
    const p = compile(doc('primary', {}));
    const defaults = Object.fromEntries(Object.keys(AGENT_PARAMS).map((k) => [k, p.param(k)]));
    expect(defaults).toEqual({
      monitorInterval: 5,
      negotiationDeadline: 30,
      maxRounds: 8,
      maxCandidates: 3,
      predictor: 'queueing',
      targetUtilization: 0.8,
      shortTermDuration: 1800,
      longTermDuration: 86400,
      noticePeriod: 60,
      disbandHold: 300,
      resizeThreshold: 0.25,
      pushTopObjects: 100,
      slaP95: 0.25,
      slaMaxRejected: 0.01,
      maxViolations: 3,
      advertiseInterval: 60,
      footprintRtt: 0.1,
      binding: true,
      longTermDiscount: 0.3,
      reservationPerRpsHour: 0.0005,
      penaltyPerViolation: 0.5,
      redirection: 'share',
      redirectionThreshold: 0,
      redirectionLoadWeight: 0.5,
      redirectionTarget: 0.1,
      redirectionStatistic: 'p95',
    });
  });

  it('durations read like scenario files: 90s, 10 min, 2h, 1d, 500ms or plain seconds', () => {
    const p = compile(
      doc(
        'primary',
        {},
        { monitorInterval: '500ms', negotiationDeadline: 90, disbandHold: '10 min', shortTermDuration: '2h', longTermDuration: '1d', noticePeriod: '90s' },
      ),
    );
    expect(['monitorInterval', 'negotiationDeadline', 'disbandHold', 'shortTermDuration', 'longTermDuration', 'noticePeriod'].map((k) => p.param(k))).toEqual([
      0.5, 90, 600, 7200, 86400, 90,
    ]);
  });

  it('wrong kinds of the agent parameters are errors', () => {
    const err = inputErrorOf(() =>
      compile(
        doc(
          'primary',
          {},
          {
            disbandHold: '5 parsecs',
            monitorInterval: 0,
            targetUtilization: 0,
            binding: 'yes',
            longTermDiscount: 1.5,
            pushTopObjects: 2.5,
          },
        ),
      ),
    );
    expect(err.issues.map((i) => `${i.path}: ${i.expected} / ${i.found}`)).toEqual([
      'params.monitorInterval: a duration ≥ 0.1 s and ≤ 1 d, like 90s, 10 min or 2h / 0',
      'params.targetUtilization: a number > 0 and ≤ 1 / 0',
      'params.disbandHold: a duration ≥ 0 and ≤ 30 d, like 90s, 10 min or 2h / "5 parsecs"',
      'params.pushTopObjects: an integer ≥ 0 and ≤ 1000000 / 2.5',
      'params.binding: true or false / "yes"',
      'params.longTermDiscount: a number ≥ 0 and ≤ 1 / 1.5',
    ]);
  });

  it('an author’s params: numbers, booleans, words, durations and other quantities; bad names are errors', () => {
    const p = compile(doc('primary', {}, { factor: 1.5, strict: true, mode: 'fast', window: '2 min' }));
    expect([p.param('factor'), p.param('strict'), p.param('mode'), p.param('window')]).toEqual([1.5, true, 'fast', 120]);
    const err = inputErrorOf(() => compile(doc('primary', {}, { max: 1, day: 2, '2fast': 3, odd: '12 parsecs', list: [1] })));
    expect(err.issues.map((i) => `${i.path}: ${i.expected}`)).toEqual([
      'params.list: a number, true/false, a duration like 10 min, a quantity like 200 ms, or a word',
      'params.max: a parameter name of its own ("max" is a function, constant or operator)',
      'params.day: a parameter name of its own ("day" is a mathjs unit)',
      'params.2fast: a parameter name of letters, digits and "_", starting with a letter',
      'params.odd: a number, or a quantity with a known unit (like 200 ms or 5 Gbit/s)',
    ]);
  });

  it('an unknown parameter used in an expression is an unknown symbol', () => {
    expect(messageOf(() => compile(doc('primary', { seek: 'utilization > treshold' }, { threshold: 0.9 })))).toContain('found unknown symbol "treshold"');
  });

  it('a param with a bad value is reported once, not again in every expression that uses it', () => {
    const err = inputErrorOf(() =>
      compile(doc('primary', { seek: 'utilization > limitShare', need: 'capacity * targetUtilization' }, { limitShare: '9 zorks', targetUtilization: 2 })),
    );
    expect(err.issues.map((i) => i.path)).toEqual(['params.targetUtilization', 'params.limitShare']);
  });
});

describe('the JSON Schema', () => {
  it('describes the input format: strict, name and roles required, one property per decision', () => {
    const schema = policyJsonSchema() as {
      title: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(schema.title).toBe('autopeer policy');
    expect(schema.required).toEqual(['name', 'roles']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.primary.properties ?? {})).toEqual(DECISIONS.filter((d) => d.role === 'primary').map((d) => d.name));
    expect(Object.keys(schema.properties.peer.properties ?? {})).toEqual(DECISIONS.filter((d) => d.role === 'peer').map((d) => d.name));
  });
});
