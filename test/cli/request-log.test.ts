// `measure.requestLog` end to end through the CLI: requests.csv lands in the run folder with the
// other outputs, one row per request; turning the log on changes nothing in report.json but the
// switch itself (the scenario's hash and `measure.requestLog`); and a run expected to log more than
// maxRequestLogRows requests is refused before it starts (exit 2) and writes nothing.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';
import { REQUEST_LOG_CSV_HEADER } from '../../reports/csv.js';

const SHORT = ['--set', 'duration=20s', '--set', 'window=5s', '--quiet'];

describe('autopeer run with measure.requestLog', () => {
  const dir = tempDir();
  const on = cli('run', 'mmc', '--out', join(dir, 'on'), ...SHORT, '--set', 'measure.requestLog=true');
  const off = cli('run', 'mmc', '--out', join(dir, 'off'), ...SHORT);
  const report = (which: string) => JSON.parse(readFileSync(join(dir, which, 'report.json'), 'utf8'));

  it('writes requests.csv with one row per request; none without the log', () => {
    expect([on.code, off.code]).toEqual([0, 0]);
    expect(existsSync(join(dir, 'off', 'requests.csv'))).toBe(false);
    const lines = readFileSync(join(dir, 'on', 'requests.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(REQUEST_LOG_CSV_HEADER.join(','));
    const r = report('on').requests;
    expect(lines.length - 1).toBe(r.arrived);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((c) => Number(c[0]))).toEqual(rows.map((_, i) => i + 1));
    const served = rows.filter((c) => c[8] === 'served');
    expect(served.length).toBe(r.served);
    expect(rows.filter((c) => c[8] === 'in-flight').length).toBe(r.inFlightAtEnd);
    // the log's waits average to the report's mean wait (6 decimals there)
    const meanWaitMs = (served.reduce((s, c) => s + Number(c[9]), 0) / served.length) * 1000;
    expect(meanWaitMs).toBeCloseTo(report('on').waitMs.mean, 5);
  });

  it("changes no figure of report.json: only the scenario's hash and measure.requestLog differ", () => {
    const a = report('on');
    const b = report('off');
    expect(a.measure.requestLog).toBe(true);
    expect(b.measure.requestLog).toBe(false);
    expect(a.scenario.hash).not.toBe(b.scenario.hash);
    const strip = (r: { scenario: object; measure: object }) => ({
      ...r,
      scenario: { ...r.scenario, hash: null, overrides: null },
      measure: { ...r.measure, requestLog: null },
    });
    expect(JSON.stringify(strip(a))).toBe(JSON.stringify(strip(b)));
  });
});

describe('the request log limit', () => {
  it('refuses a run expected to log more than 1e6 requests, with exit 2, before anything is written', () => {
    const dir = tempDir();
    const out = join(dir, 'big');
    const r = cli('run', 'mmc', '--out', out, '--set', 'duration=20m', '--set', 'measure.requestLog=true');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('measure.requestLog');
    expect(r.stderr).toContain('--max-request-log-rows');
    expect(existsSync(out)).toBe(false);
  });

  it('the same run without the log is within every limit (--dry-run)', () => {
    const r = cli('run', 'mmc', '--dry-run', '--set', 'duration=20m');
    expect(r.code).toBe(0);
  });

  it('--max-request-log-rows lowers the limit', () => {
    const r = cli(
      'run',
      'mmc',
      '--dry-run',
      '--set',
      'duration=20s',
      '--set',
      'window=5s',
      '--set',
      'measure.requestLog=true',
      '--max-request-log-rows',
      '1000',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('measure.requestLog');
  });
});
