// A hand-made sweep for the sweep.html tests: 4 variants (policy × rate, the rate numeric so the
// charts include a by-parameter one), 3 seeds each, one failed run, a baseline, and a variant name
// with markup and quotes; summarised by the real experiments/summary and charted by the real
// experiments/sweep-charts.
import type { RunRow, Variant } from '../../experiments/run-row.js';
import { summarize, type SweepSummary } from '../../experiments/summary.js';
import { sweepChartSpecs } from '../../experiments/sweep-charts.js';
import type { ChartSpec } from '../../reports/chart-configs.js';

export const HOSTILE_NAME = `policy=</script><script>alert("x")</script> & 'q'`;
export const METRICS = ['servedShare', 'latencyP95Ms', 'utility.alpha'];

export interface SweepFixture {
  variants: Variant[];
  rows: RunRow[];
  summary: SweepSummary;
  specs: ChartSpec[];
}

export function sweepFixture(options: { baseline?: boolean; seeds?: number; values?: boolean } = {}): SweepFixture {
  const variants: Variant[] = [];
  for (const policy of ['isolated', 'balanced'])
    for (const rate of ['180', '360'])
      variants.push({
        id: `${policy}-${rate}`,
        name: policy === 'balanced' && rate === '360' ? HOSTILE_NAME : `cdns.alpha.policy=${policy}, workload.0.base.ratePerS=${rate}`,
        params: { 'cdns.alpha.policy': policy, 'workload.0.base.ratePerS': rate },
      });
  const seeds = options.seeds ?? 3;
  const rows: RunRow[] = [];
  variants.forEach((v, i) => {
    for (let seed = 1; seed <= seeds; seed++) {
      const index = i * seeds + seed - 1;
      const id = `${v.id}-seed-${seed}`;
      const failed = v.id === 'balanced-180' && seed === 2;
      const peering = v.id.startsWith('balanced') ? 1 : 0;
      const load = Number(v.params['workload.0.base.ratePerS']) / 180;
      const metrics =
        failed || options.values === false
          ? Object.fromEntries(METRICS.map((m) => [m, null]))
          : {
              servedShare: 1 - (0.2 * load) / (1 + 4 * peering) + 0.001 * seed,
              latencyP95Ms: 150 + 20 * load - 10 * peering + seed,
              'utility.alpha': 3 + load + peering * 0.5 + 0.01 * seed,
            };
      rows.push({ id, index, variant: v.id, seed, status: failed ? 'failed' : 'ok', error: failed ? 'worker died: <out of memory> & "more"' : null, metrics });
    }
  });
  const summary = summarize({
    scenario: 'small-crowd',
    planHash: 'f'.repeat(64),
    metrics: METRICS,
    variants,
    rows,
    planned: rows.length,
    baseline: options.baseline === false ? null : 'isolated-180',
    shard: null,
  });
  return { variants, rows, summary, specs: sweepChartSpecs(summary) };
}
