// Batch means over a run's windows, for the validations against queueing theory: the run's
// estimate of a per-window ratio, its standard error SD(batch means)/√B, and the acceptance rule
// |simulated − theory| ≤ 4·SE (two-sided p < 0.001 for a t distribution with B − 1 = 19 degrees of
// freedom), with SE/theory required small so the band is never vacuous.
import { expect } from 'vitest';
import type { TimelineRow } from '../../cdn/measure/sensors.js';

export const BATCHES = 20;

/** batch-means estimate and its standard error for a per-window ratio num/den */
export function batchMeans(rows: TimelineRow[], num: (r: TimelineRow) => number, den: (r: TimelineRow) => number) {
  const means = rows.map((r) => num(r) / den(r));
  const estimate = rows.reduce((s, r) => s + num(r), 0) / rows.reduce((s, r) => s + den(r), 0);
  const avg = means.reduce((a, b) => a + b, 0) / means.length;
  const sd = Math.sqrt(means.reduce((s, m) => s + (m - avg) ** 2, 0) / (means.length - 1));
  return { estimate, se: sd / Math.sqrt(means.length) };
}

export function expectWithin(measured: { estimate: number; se: number }, theory: number, maxRelSe = 0.05) {
  expect(measured.se / theory).toBeLessThan(maxRelSe);
  expect(Math.abs(measured.estimate - theory)).toBeLessThanOrEqual(4 * measured.se);
}
