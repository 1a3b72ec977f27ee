// Charts: the configurations follow the run's timeline (one point per window, one series per CDN,
// one bar per arrangement), and the CLI renders them to real PNG files, unless --no-charts.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSpecs } from '../../reports/chart-configs.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';
import { cli, tempDir } from '../cli/helpers.js';

describe('chart configurations', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=20m']);
  const specs = chartSpecs(result);

  it('are the five charts of a run with agents', () => {
    expect(specs.map((s) => s.file)).toEqual(['load.png', 'latency.png', 'served.png', 'utilization.png', 'arrangements.png']);
  });

  it('have one point per window in every time series, and the load chart an offered-demand, a capacity and a served series for the overloaded site', () => {
    for (const spec of specs.slice(0, 4)) {
      for (const d of spec.config.data.datasets) expect(d.data).toHaveLength(result.timeline.length);
    }
    expect(specs[0].config.data.datasets.map((d) => d.label)).toEqual(['alpha/west offered demand', 'alpha/west capacity', 'alpha/west served']);
  });

  it('draw one bar per arrangement, from agreement to end', () => {
    const bars = specs[4].config.data.datasets[0].data as [number, number][];
    expect(bars).toHaveLength(result.control.arrangements.length);
    const first = result.control.arrangements[0];
    expect(bars[0]).toEqual([first.agreedAtS / 60, (first.endedAtS ?? result.durationS) / 60]);
  });
});

describe('rendered charts', () => {
  it('autopeer run writes charts/*.png (1000×500 PNGs) and links them from report.md; --no-charts writes none', () => {
    const out = join(tempDir(), 'with');
    expect(cli('run', SMALL_CROWD, '--out', out, '--quiet', '--set', 'duration=15m').code).toBe(0);
    for (const file of ['load', 'latency', 'served', 'utilization', 'arrangements']) {
      const png = readFileSync(join(out, 'charts', `${file}.png`));
      expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 500]);
    }
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('![charts/served.png](charts/served.png)');
    const without = join(tempDir(), 'without');
    expect(cli('run', SMALL_CROWD, '--out', without, '--quiet', '--no-charts', '--set', 'duration=15m').code).toBe(0);
    expect(existsSync(join(without, 'charts'))).toBe(false);
  });
});
