// Checks of a resolved workload that the schema cannot make field by field: a crowd's peak given as
// a rate needs a base rate known at load time and must be at least it (S ≥ 1), a hot set of catalog ranks must lie within the
// catalog (a random one at most as large), an MMPP's initial state must exist, and replayed requests
// (a log, a request list) take no daily cycle, events or client model. Each problem is an issue
// naming the field. Depends only on ./types and input/.
import type { InputIssue } from '../input/input-error.js';
import type { Scenario } from './types.js';

export function workloadIssues(scenario: Scenario, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const objects = scenario.catalog.objects;
  scenario.workload.forEach((w, i) => {
    const at = `workload[${i}]`;
    const base = w.base;
    if (base.process === 'mmpp' && base.initial >= base.states.length) {
      issues.push({ file, path: `${at}.base.initial`, expected: `a state index from 0 to ${base.states.length - 1}`, found: String(base.initial) });
    }
    const replayed = base.process === 'log' || base.process === 'replay';
    if (replayed) {
      for (const [field, present] of [
        ['daily', w.daily !== null],
        ['events', w.events.length > 0],
        ['clients', w.clients !== null],
      ] as const) {
        if (present)
          issues.push({
            file,
            path: `${at}.${field}`,
            expected: `no ${field} with a ${base.process} base (its requests are replayed as they are)`,
            found: `${field} given`,
          });
      }
    }
    w.events.forEach((e, j) => {
      if (e.type === 'flash-crowd' && !Number.isFinite(e.peak)) {
        issues.push({
          file,
          path: `${at}.events[${j}].peakRatePerS`,
          expected: `a peak as a multiple (like 10x) with a ${base.process} base`,
          found: 'a peak rate',
        });
      } else if (e.type === 'flash-crowd' && e.peak < 1) {
        issues.push({
          file,
          path: `${at}.events[${j}].peakRatePerS`,
          expected: `a peak rate of at least the base rate (${base.ratePerS} requests/s): a crowd's shock level is ≥ 1`,
          found: `${e.peak * base.ratePerS} requests/s (S = ${e.peak})`,
        });
      }
      const hot = e.type === 'step' ? null : e.hotSet;
      if (hot?.kind === 'ranks' && hot.fromRank + hot.objects - 1 > objects) {
        issues.push({
          file,
          path: `${at}.events[${j}].hotSet`,
          expected: `ranks within the catalog's ${objects} objects`,
          found: `ranks ${hot.fromRank} to ${hot.fromRank + hot.objects - 1}`,
        });
      }
      if (hot?.kind === 'random' && hot.objects > objects) {
        issues.push({ file, path: `${at}.events[${j}].hotSet.objects`, expected: `at most the catalog's ${objects} objects`, found: String(hot.objects) });
      }
    });
  });
  return issues;
}
