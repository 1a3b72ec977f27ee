// Charts: the configurations follow the run's timeline (one point per window at its middle, one
// series per CDN, one Gantt row per arrangement), are plain data (JSON through and through, so the
// PNG and the page draw the same thing), and the CLI renders them to real PNG files, unless
// --no-charts.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSpecs } from '../../reports/chart-configs.js';
import { cdnEconomics } from '../../reports/report.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';
import { cli, tempDir } from '../cli/helpers.js';

const datasetsOf = (spec: ReturnType<typeof chartSpecs>[number]) => spec.config.data.datasets;

describe('chart configurations', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=20m']);
  const specs = chartSpecs(result);
  const byFile = new Map(specs.map((s) => [s.file, s]));

  it('are the eight charts of a run with arrangements (no trace chart without a count series)', () => {
    expect(result.control.arrangements.length).toBeGreaterThan(0);
    expect(specs.map((s) => s.file)).toEqual([
      'load.png',
      'latency.png',
      'served.png',
      'utilization.png',
      'load-by-region.png',
      'arrangements.png',
      'capacity.png',
      'economics.png',
    ]);
  });

  it('are plain data: every configuration survives JSON.stringify and JSON.parse unchanged (no function, no undefined, no class)', () => {
    for (const spec of specs) expect(JSON.parse(JSON.stringify(spec.config)), spec.file).toStrictEqual(spec.config);
  });

  it('the JSON check fails on a configuration with a callback (the test above can fail)', () => {
    const withCallback = { ...specs[0].config, options: { plugins: { tooltip: { callbacks: { title: () => 'x' } } } } };
    expect(JSON.parse(JSON.stringify(withCallback))).not.toStrictEqual(withCallback);
  });

  it('time charts have one point per window, at the window’s middle in minutes, on a linear axis from 0 to the end of the run', () => {
    for (const file of ['load.png', 'latency.png', 'served.png', 'utilization.png', 'load-by-region.png']) {
      const config = byFile.get(file)!.config;
      expect(config.data.labels).toEqual(result.timeline.map((t) => Math.round(((t.tS + t.windowS / 2) / 60) * 1e4) / 1e4));
      for (const d of config.data.datasets.filter((d) => !String(d.label).startsWith('SLA')))
        expect(d.data, `${file} ${d.label}`).toHaveLength(result.timeline.length);
      expect(config.options?.scales?.x).toMatchObject({ type: 'linear', min: 0, max: 20 });
    }
    expect(byFile.get('load.png')!.config.data.datasets.map((d) => d.label)).toEqual(['alpha/west offered demand', 'alpha/west capacity', 'alpha/west served']);
  });

  it('the latency chart draws each SLA p95 target the arrangements agreed as a line across the run', () => {
    const targets = [...new Set(result.control.arrangements.map((a) => a.p95TargetMs))];
    const lines = datasetsOf(byFile.get('latency.png')!).filter((d) => String(d.label).startsWith('SLA p95 target'));
    expect(lines.map((d) => d.data)).toEqual(
      targets.map((ms) => [
        { x: 0, y: ms },
        { x: 20, y: ms },
      ]),
    );
    expect(lines[0].label).toBe(`SLA p95 target ${targets[0]} ms (alpha→beta, alpha→gamma)`);
  });

  it('the latency chart draws the primary’s own users’ p95 apart from everyone’s, with a gap where none of them was served', () => {
    const own = datasetsOf(byFile.get('latency.png')!).find((d) => d.label === 'alpha’s own users p95')!;
    const rows = result.cdnTimeline.filter((r) => r.cdn === 'alpha');
    expect(own.data).toEqual(rows.map((r) => (r.ownLatencyP95Ms > 0 ? Math.round(r.ownLatencyP95Ms * 1e6) / 1e6 : null)));
    expect((own.data as (number | null)[]).every((y) => y !== null && y > 0)).toBe(true);
  });

  it('every time chart and the Gantt chart shade the flash crowd’s period, from its start to the end of its ramp-down', () => {
    // small-crowd: the crowd starts at minute 10 and ramps down until minute 10 + 2 + 10 + 3 = 25, cut at this run's end (20)
    expect(result.scenario.surges).toEqual([{ region: 'west', cdn: 'alpha', startS: 600, endS: 1200 }]);
    for (const file of ['load.png', 'latency.png', 'served.png', 'utilization.png', 'load-by-region.png', 'arrangements.png', 'capacity.png']) {
      expect(byFile.get(file)!.config.options?.plugins?.bands?.bands, file).toEqual([{ from: 10, to: 20, label: 'flash crowd: alpha/west' }]);
    }
  });

  it('a warm-up is shaded too, in grey, and a run without a crowd shades nothing', () => {
    const { result: warm } = runWithAgents(SMALL_CROWD, 1, ['duration=5m', 'warmup=1m', 'workload.0.events=[]']);
    expect(chartSpecs(warm)[0].config.options?.plugins?.bands?.bands).toEqual([
      { from: 0, to: 1, label: 'warm-up (not counted)', color: 'rgba(127, 127, 127, 0.13)' },
    ]);
    const { result: plain } = runWithAgents(SMALL_CROWD, 1, ['duration=5m', 'workload.0.events=[]']);
    expect(chartSpecs(plain)[0].config.options?.plugins?.bands?.bands).toEqual([]);
  });

  it('the Gantt chart has one row per arrangement and one floating-bar dataset per phase, times in minutes', () => {
    const gantt = byFile.get('arrangements.png')!.config;
    expect(gantt.data.labels).toHaveLength(result.control.arrangements.length);
    expect(gantt.data.datasets.map((d) => d.label)).toEqual(['negotiating', 'provisioning', 'active', 'draining']);
    const first = result.control.arrangements[0];
    const active = gantt.data.datasets[2].data[0] as [number, number];
    expect(active[0]).toBeCloseTo((first.activeAtS as number) / 60, 4);
    // still active at the end of this 20-minute run
    expect(first.endedAtS).toBeNull();
    expect(active[1]).toBe(20);
  });

  it('the economics chart shows each CDN’s revenue, cost, penalties and utility as report.json has them', () => {
    const economics = byFile.get('economics.png')!.config;
    expect(economics.data.labels).toEqual(['alpha (primary)', 'beta (peer)', 'gamma (peer)']);
    const utility = economics.data.datasets.find((d) => d.label === 'utility')!.data;
    expect(utility).toEqual(result.cdns.map((c) => cdnEconomics(result, c).utility));
  });

  it('a run without any arrangement has no Gantt and no capacity chart, and still an economics chart', () => {
    const { result: alone } = runWithAgents(SMALL_CROWD, 1, ['duration=3m', 'cdns.alpha.policy=isolated']);
    expect(alone.control.arrangements).toEqual([]);
    expect(chartSpecs(alone).map((s) => s.file)).toEqual(['load.png', 'latency.png', 'served.png', 'utilization.png', 'load-by-region.png', 'economics.png']);
    expect(datasetsOf(chartSpecs(alone)[1]).map((d) => d.label)).toEqual(['everyone p50', 'everyone p95', 'everyone p99', 'alpha’s own users p95']);
  });
});

describe('rendered charts', () => {
  it('autopeer run writes charts/*.png (1000 px wide PNGs) and links them from report.md; --no-charts writes none but still report.html', () => {
    const out = join(tempDir(), 'with');
    expect(cli('run', SMALL_CROWD, '--out', out, '--quiet', '--set', 'duration=15m').code).toBe(0);
    for (const file of ['load', 'latency', 'served', 'utilization', 'load-by-region', 'arrangements', 'capacity', 'economics']) {
      const png = readFileSync(join(out, 'charts', `${file}.png`));
      expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 500]);
    }
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('![charts/served.png](charts/served.png)');
    expect(md).toContain('[report.html](report.html)');
    const without = join(tempDir(), 'without');
    expect(cli('run', SMALL_CROWD, '--out', without, '--quiet', '--no-charts', '--set', 'duration=15m').code).toBe(0);
    expect(existsSync(join(without, 'charts'))).toBe(false);
    expect(readFileSync(join(without, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });
});
