// runs.csv: the exact bytes of a small sweep (header, plan order, quoting, number forms, empty
// fields), the strict parser's refusals (each naming the file, line and column), and the round
// trip render → parse → render as a property.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../input/input-error.js';
import { parseRunsCsv, renderRunsCsv, runsCsvHeader, variedPaths } from '../../experiments/runs-csv.js';
import type { RunRow, Variant } from '../../experiments/run-row.js';

const variants: Variant[] = [
  { id: 'v1', name: 'policy=balanced', params: { 'cdns.alpha.policy': 'balanced', 'workload.0.base.ratePerS': '180' } },
  { id: 'v2', name: 'policy=isolated, crowd', params: { 'cdns.alpha.policy': 'isolated', peak: '5x, then 2x' } },
];
const metrics = ['servedShare', 'latencyP95Ms'];
const row = (over: Partial<RunRow> & Pick<RunRow, 'id' | 'index' | 'variant'>): RunRow => ({ seed: 1, status: 'ok', error: null, metrics: {}, ...over });
const rows: RunRow[] = [
  row({ id: 'v2-seed-1', index: 1, variant: 'v2', status: 'failed', error: 'boom: "x", then\nmore' }),
  row({ id: 'v1-seed-1', index: 0, variant: 'v1', metrics: { servedShare: 0.1 + 0.2, latencyP95Ms: -0 } }),
  row({ id: 'v1-seed-2', index: 2, variant: 'v1', seed: 2, metrics: { servedShare: 1 / 3, latencyP95Ms: 1e21 } }),
];
const options = { paramPaths: variedPaths(variants), metrics };

describe('renderRunsCsv', () => {
  it('writes the header, one row per run in index order, quotes fields with commas, quotes or newlines, and empty fields for nulls and missing params', () => {
    expect(renderRunsCsv(variants, metrics, rows)).toBe(
      [
        'run_id,variant,cdns.alpha.policy,workload.0.base.ratePerS,peak,seed,status,servedShare,latencyP95Ms,error',
        // 0.1 + 0.2 = 0.30000000000000004 rounds to 0.3; −0 is written 0
        'v1-seed-1,v1,balanced,180,,1,ok,0.3,0,',
        // a failed run: no metrics; its error quoted with the quotes doubled and the newline kept
        'v2-seed-1,v2,isolated,,"5x, then 2x",1,failed,,,"boom: ""x"", then\nmore"',
        // 1/3 to 12 significant digits; 1e21 in JavaScript's shortest form
        'v1-seed-2,v1,balanced,180,,2,ok,0.333333333333,1e+21,',
        '',
      ].join('\n'),
    );
  });

  it('names the varied paths in first-seen order over the variants', () => {
    expect(variedPaths(variants)).toEqual(['cdns.alpha.policy', 'workload.0.base.ratePerS', 'peak']);
    expect(runsCsvHeader([], [])).toEqual(['run_id', 'variant', 'seed', 'status', 'error']);
  });

  it('with no runs is the header alone', () => {
    expect(renderRunsCsv(variants, metrics, [])).toBe(
      'run_id,variant,cdns.alpha.policy,workload.0.base.ratePerS,peak,seed,status,servedShare,latencyP95Ms,error\n',
    );
  });

  it('refuses a non-finite metric and a row of an unknown variant (a programming error, not input)', () => {
    expect(() => renderRunsCsv(variants, metrics, [row({ id: 'a', index: 0, variant: 'v1', metrics: { servedShare: NaN } })])).toThrow(RangeError);
    expect(() => renderRunsCsv(variants, metrics, [row({ id: 'a', index: 0, variant: 'v9' })])).toThrow('unknown variant "v9"');
  });
});

describe('parseRunsCsv', () => {
  const text = renderRunsCsv(variants, metrics, rows);

  it('reads back the rows in file order, with values rounded as written, nulls and the error text', () => {
    const parsed = parseRunsCsv(text, 'runs.csv', options);
    expect(parsed.map((r) => r.id)).toEqual(['v1-seed-1', 'v2-seed-1', 'v1-seed-2']);
    expect(parsed[0]).toEqual({ id: 'v1-seed-1', index: 0, variant: 'v1', seed: 1, status: 'ok', error: null, metrics: { servedShare: 0.3, latencyP95Ms: 0 } });
    expect(parsed[1]).toEqual({
      id: 'v2-seed-1',
      index: 1,
      variant: 'v2',
      seed: 1,
      status: 'failed',
      error: 'boom: "x", then\nmore',
      metrics: { servedShare: null, latencyP95Ms: null },
    });
    expect(parsed[2].metrics).toEqual({ servedShare: 0.333333333333, latencyP95Ms: 1e21 });
  });

  it('takes the plan’s indices from runIndex (a shard’s rows are not at their plan positions) and accepts CRLF line ends and a BOM', () => {
    const runIndex = new Map([
      ['v1-seed-1', 10],
      ['v2-seed-1', 11],
      ['v1-seed-2', 12],
    ]);
    const crlf = '\uFEFF' + text.replace(/\n(?=v|$)/g, '\r\n');
    expect(parseRunsCsv(crlf, 'runs.csv', { ...options, runIndex }).map((r) => r.index)).toEqual([10, 11, 12]);
    expect(parseRunsCsv(crlf, 'runs.csv', options)[1].error).toBe('boom: "x", then\nmore');
  });

  const header = 'run_id,variant,cdns.alpha.policy,workload.0.base.ratePerS,peak,seed,status,servedShare,latencyP95Ms,error';
  const refusals: [string, string, string][] = [
    ['an empty file', '', 'runs.csv: line 1: expected the header run_id,'],
    [
      'a wrong header',
      header.replace('seed', 'sed') + '\n',
      'line 1, column 64: expected the header run_id,variant,cdns.alpha.policy,workload.0.base.ratePerS,peak,seed,status,servedShare,latencyP95Ms,error (column 6: seed), found "sed"',
    ],
    [
      'a header with a column too many',
      header + ',extra\n',
      'line 1, column 107: expected the header run_id,variant,cdns.alpha.policy,workload.0.base.ratePerS,peak,seed,status,servedShare,latencyP95Ms,error (10 columns), found "extra"',
    ],
    ['a header with a column too few', header.replace(',error', '') + '\n', '(column 10: error), found 9 columns'],
    ['a row with too few fields', `${header}\nv1-seed-1,v1,balanced,180,,1,ok,0.3,0\n`, 'runs.csv: line 2: expected 10 fields, found 9 fields'],
    [
      'a bad number',
      `${header}\nv1-seed-1,v1,balanced,180,,1,ok,0x10,0,\n`,
      'line 2, column 33 (servedShare): expected a finite number or an empty field, found "0x10"',
    ],
    ['a number with spaces', `${header}\nv1-seed-1,v1,balanced,180,,1,ok, 1,0,\n`, 'found " 1"'],
    ['Infinity', `${header}\nv1-seed-1,v1,balanced,180,,1,ok,1,Infinity,\n`, '(latencyP95Ms): expected a finite number or an empty field, found "Infinity"'],
    ['a number beyond the double range', `${header}\nv1-seed-1,v1,balanced,180,,1,ok,1,1e999,\n`, 'found "1e999"'],
    ['an unknown status', `${header}\nv1-seed-1,v1,balanced,180,,1,done,1,1,\n`, 'line 2, column 30 (status): expected ok or failed, found "done"'],
    ['a negative seed', `${header}\nv1-seed-1,v1,balanced,180,,-1,ok,1,1,\n`, '(seed): expected a non-negative integer seed, found "-1"'],
    ['a fractional seed', `${header}\nv1-seed-1,v1,balanced,180,,1.5,ok,1,1,\n`, 'found "1.5"'],
    ['an empty run id', `${header}\n,v1,balanced,180,,1,ok,1,1,\n`, 'line 2, column 1 (run_id): expected a run id, found an empty field'],
    [
      'a repeated run id',
      `${header}\nr,v1,balanced,180,,1,ok,1,1,\nr,v1,balanced,180,,2,ok,1,1,\n`,
      'line 3, column 1 (run_id): expected a run id not already on line 2, found "r"',
    ],
    [
      'an unclosed quote',
      `${header}\nr,v1,balanced,180,"5x,1,ok,1,1,\n`,
      'line 2, column 19: expected a closing quote for the quoted field opened here, found the end of the file',
    ],
    [
      'a quote inside an unquoted field',
      `${header}\nr,v1,bal"anced,180,,1,ok,1,1,\n`,
      'line 2, column 9: expected a quoted field for a value holding a quote or CR, found "\\""',
    ],
    [
      'a lone CR inside an unquoted field',
      `${header}\nr,v1,bal\ranced,180,,1,ok,1,1,\n`,
      'line 2, column 9: expected a quoted field for a value holding a quote or CR, found "\\r"',
    ],
    [
      'text after a closing quote',
      `${header}\nr,v1,"balanced"x,180,,1,ok,1,1,\n`,
      'line 2, column 16: expected a comma or the end of the line after a closing quote, found "x"',
    ],
    ['a blank line', `${header}\n\nr,v1,balanced,180,,1,ok,1,1,\n`, 'line 2: expected 10 fields, found 1 fields'],
  ];
  for (const [what, input, message] of refusals) {
    it(`refuses ${what} with an InputError naming the file, line and column`, () => {
      expect(() => parseRunsCsv(input, 'runs.csv', options)).toThrow(InputError);
      expect(() => parseRunsCsv(input, 'runs.csv', options)).toThrow(message);
    });
  }

  it('counts lines across quoted newlines: an error after a two-line field is on the record’s physical line', () => {
    const input = `${header}\nr1,v1,balanced,180,,1,failed,,,"line one\nline two"\nr2,v1,balanced,180,,1,ok,zero,1,\n`;
    expect(() => parseRunsCsv(input, 'runs.csv', options)).toThrow('runs.csv: line 4, column 26 (servedShare)');
  });

  it('with variantIds refuses an unknown variant; with runIndex an unknown run id', () => {
    expect(() => parseRunsCsv(text, 'runs.csv', { ...options, variantIds: ['v1'] })).toThrow(
      `line 3, column 11 (variant): expected one of the sweep's variants (v1), found "v2"`,
    );
    expect(() => parseRunsCsv(text, 'runs.csv', { ...options, runIndex: new Map([['v1-seed-1', 0]]) })).toThrow(
      `line 3, column 1 (run_id): expected a run id of the sweep's plan, found "v2-seed-1"`,
    );
  });
});

describe('round trip', () => {
  // strings heavy in what CSV must quote
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '1', '-'), maxLength: 8 });
  const sweep = fc
    .record({
      variantIds: fc.uniqueArray(
        text.filter((s) => s !== ''),
        { minLength: 1, maxLength: 4 },
      ),
      paths: fc.uniqueArray(text, { maxLength: 3 }),
      metrics: fc.uniqueArray(text, { maxLength: 4 }),
    })
    .chain(({ variantIds, paths, metrics }) =>
      fc.record({
        variants: fc.tuple(
          ...variantIds.map((id) =>
            fc.record({ id: fc.constant(id), name: text, params: fc.dictionary(fc.constantFrom('x', ...paths), text, { maxKeys: paths.length }) }),
          ),
        ),
        metrics: fc.constant(metrics),
        rows: fc.uniqueArray(
          fc.record({
            id: text.filter((s) => s !== ''),
            variant: fc.constantFrom(...variantIds),
            seed: fc.nat(),
            status: fc.constantFrom('ok' as const, 'failed' as const),
            error: fc.option(text),
            values: fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: metrics.length, maxLength: metrics.length }),
          }),
          { selector: (r) => r.id, maxLength: 6 },
        ),
      }),
    );

  it('render → parse → render gives the same bytes, and parse gives the rows with values rounded as written (property)', () => {
    fc.assert(
      fc.property(sweep, ({ variants, metrics, rows }) => {
        const runRows: RunRow[] = rows.map((r, index) => ({ ...r, index, metrics: Object.fromEntries(metrics.map((m, k) => [m, r.values[k]])) }));
        const csv = renderRunsCsv(variants, metrics, runRows);
        const parsed = parseRunsCsv(csv, 'runs.csv', { paramPaths: variedPaths(variants), metrics, variantIds: variants.map((v) => v.id) });
        expect(renderRunsCsv(variants, metrics, parsed)).toBe(csv);
        expect(parsed.map((r) => [r.id, r.variant, r.seed, r.status])).toEqual(runRows.map((r) => [r.id, r.variant, r.seed, r.status]));
        expect(parsed.map((r) => r.error)).toEqual(runRows.map((r) => (r.error === '' ? null : r.error)));
      }),
      { numRuns: 300 },
    );
  });
});
