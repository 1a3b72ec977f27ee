// Numbers for people: means to their half-width's precision, p-values, signed percentages,
// Markdown cells and terminal tables, one line per case.
import { describe, it, expect } from 'vitest';
import { cell, formatInterval, formatMeanHalfWidth, formatNumber, formatP, formatPercent, markdownTable, textTable } from '../../experiments/number-format.js';

describe('number formats', () => {
  it('formatNumber: 4 significant digits, −0 as 0, null as –', () => {
    expect([formatNumber(123.456), formatNumber(0.000123456), formatNumber(-0), formatNumber(null), formatNumber(1e21), formatNumber(Infinity)]).toEqual([
      '123.5',
      '0.0001235',
      '0',
      '–',
      '1e+21',
      'Infinity',
    ]);
  });

  it('formatMeanHalfWidth: the half-width to 2 significant digits and the mean to the same decimals', () => {
    expect(formatMeanHalfWidth(0.95234, 0.00012)).toBe('0.95234 ± 0.00012');
    expect(formatMeanHalfWidth(4567.8, 123)).toBe('4568 ± 123');
    expect(formatMeanHalfWidth(-0.001, 0.5)).toBe('0.00 ± 0.50');
    expect(formatMeanHalfWidth(3, 0)).toBe('3 ± 0');
    expect(formatMeanHalfWidth(3, null)).toBe('3');
    expect(formatMeanHalfWidth(null, null)).toBe('–');
    expect(formatMeanHalfWidth(2e300, 1e299)).toBe('2e+300 ± 1e+299');
  });

  it('formatInterval: to the precision of its half-width', () => {
    expect(formatInterval(0.87031725, 0.96968275)).toBe('[0.870, 0.970]');
    expect(formatInterval(1, 1)).toBe('[1, 1]');
    expect(formatInterval(null, 2)).toBe('–');
  });

  it('formatP: < 0.001 below a thousandth, else 2 significant digits', () => {
    expect([formatP(0), formatP(0.0004), formatP(0.0256), formatP(0.0607507), formatP(1), formatP(null)]).toEqual([
      '< 0.001',
      '< 0.001',
      '0.026',
      '0.061',
      '1',
      '–',
    ]);
  });

  it('formatPercent: signed, one decimal, a true minus sign', () => {
    expect([formatPercent(0.1234), formatPercent(-0.04), formatPercent(0), formatPercent(-0.00001), formatPercent(null)]).toEqual([
      '+12.3%',
      '−4.0%',
      '0.0%',
      '0.0%',
      '–',
    ]);
  });

  it('cell and markdownTable: pipes escaped, newlines as spaces', () => {
    expect(cell('a|b\nc\\d')).toBe('a\\|b c\\\\d');
    expect(markdownTable(['x', 'y'], [['1', '2']])).toBe('| x | y |\n| --- | --- |\n| 1 | 2 |');
  });

  it('textTable: the first column left-aligned, the others right-aligned, padded to the widest cell', () => {
    expect(
      textTable(
        ['metric', 'A'],
        [
          ['servedShare', '0.95'],
          ['p95', '123.4'],
        ],
      ),
    ).toBe('metric           A\n-----------  -----\nservedShare   0.95\np95          123.4\n');
  });
});
