// Trace-driven workloads through the real CLI: an exact request list with service times gives its
// hand-computed departures, waits, rejection and utilization; a count series is replayed window by
// window within Poisson error of its own counts; an access log replays exactly (same requests, same
// order, regions by prefix); malformed lines are reported with their numbers and refused beyond the
// limit (exit 2, nothing written); a trace counts in the scenario's hash by its content, not its path.
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { cli, tempDir } from './helpers.js';

/** a one-site scenario (1 server, room for 1 waiting request, no network time) whose workload is `base` */
function scenario(dir: string, base: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const doc = {
    name: 'trace-case',
    duration: 10,
    window: 5,
    peering: { enabled: false },
    regions: ['local', 'far'],
    network: { rttMs: { default: 0, sameRegion: 0 } },
    catalog: { objects: 10, sizeBytes: { fixed: '1kB' } },
    cdns: [{ id: 'alpha', role: 'primary', sites: [{ region: 'local', servers: 1, queueLimit: 1, serviceTime: { exponential: { meanMs: 10 } } }] }],
    workload: [{ region: 'local', cdn: 'alpha', base }],
    measure: { requestLog: true },
    ...extra,
  };
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, YAML.stringify(doc));
  return file;
}

const csvRows = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

describe('exact request replay through the CLI', () => {
  it('departures, waits, the rejection and the utilization come out as computed by hand', () => {
    const dir = tempDir();
    // one server, one waiting place: 0 (2 s) runs 0–2; 1 (2 s) waits 1 s, runs 2–4; 1.5 finds the
    // server busy and the waiting place taken: rejected; 2.5 (1 s) waits 1.5 s, runs 4–5; 6 (0.5 s) runs 6–6.5
    writeFileSync(join(dir, 'requests.csv'), 'arrival,service\n0,2\n1,2\n1.5,1\n2.5,1\n6,0.5\n');
    const r = cli('run', scenario(dir, { process: 'replay', file: 'requests.csv' }), '--out', join(dir, 'out'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = csvRows(join(dir, 'out', 'requests.csv'));
    expect(rows.map((c) => [Number(c[1]), c[2] === '' ? null : Number(c[2]), Number(c[3]), c[8]])).toEqual([
      [0, 0, 2, 'served'],
      [1, 2, 4, 'served'],
      [1.5, null, 1.5, 'rejected'],
      [2.5, 4, 5, 'served'],
      [6, 6, 6.5, 'served'],
    ]);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.requests).toMatchObject({ arrived: 5, served: 4, rejected: 1, failed: 0 });
    expect(report.waitMs.mean).toBeCloseTo(((0 + 1 + 1.5 + 0) / 4) * 1000, 6);
    // busy 0–5 and 6–6.5 of 10 s
    expect(report.cdns.alpha.utilization.mean).toBeCloseTo(0.55, 9);
    expect(report.load.workloads[0]).toMatchObject({ process: 'replay', expected: 5, arrived: 5, trace: { file: 'requests.csv', lines: 6, malformed: 0 } });
  });

  it('a malformed line is reported with its number; beyond maxMalformed the run is refused (exit 2) and nothing is written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'requests.csv'), 'arrival,service\n0,1\nzero,1\n2,1\n1.5,1\n');
    const refused = cli('run', scenario(dir, { process: 'replay', file: 'requests.csv' }), '--out', join(dir, 'no'), '--quiet');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('requests.csv');
    expect(refused.stderr).toMatch(/line 3/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
    const ran = cli('run', scenario(dir, { process: 'replay', file: 'requests.csv', maxMalformed: 2 }), '--out', join(dir, 'yes'), '--quiet');
    expect(ran.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'yes', 'report.json'), 'utf8'));
    // line 3 is not a number, line 5 goes back in time: both counted, both skipped
    expect(report.load.workloads[0].trace).toMatchObject({ malformed: 2, malformedLines: [3, 5] });
    expect(report.requests.arrived).toBe(2);
  });
});

describe('access-log replay through the CLI', () => {
  it('replays the log exactly: same requests, same order, its own timing, regions by longest prefix', () => {
    const dir = tempDir();
    const lines = [
      '10.1.2.3 - - [07/Jul/1998:21:00:00 +0200] "GET /a.html HTTP/1.0" 200 1000',
      '192.0.2.7 - - [07/Jul/1998:21:00:01 +0200] "GET /b.gif HTTP/1.0" 200 500',
      '10.9.9.9 - - [07/Jul/1998:21:00:01 +0200] "GET /a.html HTTP/1.0" 304 -',
      'garbage line',
      '10.1.0.1 - - [07/Jul/1998:21:00:04 +0200] "GET /c.html HTTP/1.0" 200 2000',
    ];
    writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
    const base = {
      process: 'log',
      file: 'access.log',
      format: 'clf',
      maxMalformed: 1,
      prefixes: [
        { prefix: '10.0.0.0/8', region: 'far' },
        { prefix: '10.1.0.0/16', region: 'local' },
      ],
    };
    const r = cli('run', scenario(dir, base), '--out', join(dir, 'out'), '--quiet');
    expect(r.stderr).toBe('');
    const rows = csvRows(join(dir, 'out', 'requests.csv'));
    expect(rows.map((c) => Number(c[1]))).toEqual([0, 1, 1, 4]);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.load.workloads[0].trace).toMatchObject({ malformed: 1, malformedLines: [4] });
    // 10.1.2.3 and 10.1.0.1 are local (the /16 beats the /8), 10.9.9.9 far, 192.0.2.7 unmatched: the workload's region
    const arrivedByRegion = (region: string) =>
      report.load.regions.filter((x: { region: string }) => x.region === region).reduce((n: number, x: { arrivedPerS: number }) => n + x.arrivedPerS * 5, 0);
    expect([arrivedByRegion('local'), arrivedByRegion('far')]).toEqual([3, 1]);
  });
});

describe('count-series replay through the CLI', () => {
  it("each window's simulated arrivals are within 4 Poisson σ of the trace's own (scaled) counts", () => {
    const dir = tempDir();
    const counts = [600, 1200, 0, 3000, 900, 1800];
    const series = ['period,count', ...counts.map((c, i) => `1998-07-07 21:0${i}:00,${c}`)].join('\n');
    writeFileSync(join(dir, 'series.csv'), series + '\n');
    // speed-up 60: a minute of the trace in one second; scale 0.5; windows of 1 s
    const file = scenario(dir, { process: 'series', file: 'series.csv', speedup: 60, scale: 0.5 }, { duration: 6, window: 1, measure: { requestLog: false } });
    const r = cli('run', file, '--out', join(dir, 'out'), '--quiet');
    expect(r.stderr).toBe('');
    const w = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).load.workloads[0];
    expect(w.windows.map((x: { expected: number }) => x.expected)).toEqual(counts.map((c) => c * 0.5));
    for (const x of w.windows) expect(Math.abs(x.arrived - x.expected)).toBeLessThanOrEqual(4 * Math.sqrt(x.expected));
  });
});

describe('a crowd on a count series', () => {
  it('must give its peak as a multiple: a peak rate is refused (exit 2), naming the field, since the base rate is the slice mean', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'series.csv'), 'period,count\n1998-07-07 21:00:00,60\n1998-07-07 21:01:00,120\n');
    const doc = YAML.parse(readFileSync(scenario(dir, { process: 'series', file: 'series.csv' }), 'utf8'));
    doc.workload[0].events = [{ type: 'flash-crowd', start: 1, sustain: 1, peakRatePerS: 100 }];
    writeFileSync(join(dir, 'scenario.yaml'), YAML.stringify(doc));
    const r = cli('validate', join(dir, 'scenario.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('workload[0].events[0].peakRatePerS: expected a peak as a multiple (like 10x) with a series base');
  });
});

describe("a trace in the scenario's hash", () => {
  it('counts by its content: the same file elsewhere gives the same hash, one changed byte another', () => {
    const hashOf = (dir: string) => {
      const r = cli('run', join(dir, 'scenario.yaml'), '--dry-run');
      expect(r.code).toBe(0);
      return (YAML.parse(r.stdout) as { plan: { hash: string } }).plan.hash;
    };
    const a = tempDir();
    writeFileSync(join(a, 'requests.csv'), 'arrival\n0\n1\n');
    scenario(a, { process: 'replay', file: 'requests.csv' });
    const b = join(tempDir(), 'elsewhere');
    mkdirSync(b);
    copyFileSync(join(a, 'requests.csv'), join(b, 'requests.csv'));
    copyFileSync(join(a, 'scenario.yaml'), join(b, 'scenario.yaml'));
    expect(hashOf(b)).toBe(hashOf(a));
    writeFileSync(join(b, 'requests.csv'), 'arrival\n0\n2\n');
    expect(hashOf(b)).not.toBe(hashOf(a));
  });
});
