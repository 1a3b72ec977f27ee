// `autopeer sweep` and `autopeer merge` end to end, as a user runs them: results byte-identical with
// 1 and 2 worker threads; shards 1/2 + 2/2 merged equal the unsharded sweep; --resume runs only what
// is missing; a failing variant is recorded while the rest complete (exit 3); Ctrl-C (SIGINT to the
// built CLI) leaves only complete runs and a folder that --resume finishes to the same bytes; and
// the sweep folder is as safe as a run's (nothing foreign is touched, another sweep is not replaced).
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliAsync } from '../../cli/program.js';
import { buildSweepPlan } from '../../experiments/sweep-plan.js';
import { runSweep } from '../../experiments/sweep.js';
import { tempDir } from '../cli/helpers.js';

const SMALL = 'test/fixtures/small-crowd.yaml';
const GRID = [
  '--vary',
  'cdns.alpha.policy=isolated,balanced',
  '--seeds',
  '1..3',
  '--set',
  'duration=3m',
  '--metrics',
  'servedShare,rejectedShare,latencyP95Ms,utility.alpha',
];
const SUMMARY_FILES = ['runs.csv', 'summary.json', 'summary.md'];

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCliAsync(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), isTty: false });
  return { code, stdout, stderr };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const runIds = (dir: string) => readdirSync(join(dir, 'runs')).sort();

let reference: string;

beforeAll(async () => {
  reference = join(tempDir(), 'sweep');
  const r = await cli('sweep', SMALL, ...GRID, '--workers', '1', '--out', reference, '--quiet');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 120_000);

describe('autopeer sweep', () => {
  it('writes runs.csv (a row per run with its variant, varied field and seed), the summary and every run folder', () => {
    const csv = read(reference, 'runs.csv').trimEnd().split('\n');
    expect(csv[0]).toBe('run_id,variant,cdns.alpha.policy,seed,status,servedShare,rejectedShare,latencyP95Ms,utility.alpha,error');
    expect(csv.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual([
      'isolated-seed-1,isolated,isolated,1,ok',
      'isolated-seed-2,isolated,isolated,2,ok',
      'isolated-seed-3,isolated,isolated,3,ok',
      'balanced-seed-1,balanced,balanced,1,ok',
      'balanced-seed-2,balanced,balanced,2,ok',
      'balanced-seed-3,balanced,balanced,3,ok',
    ]);
    expect(runIds(reference)).toEqual(['balanced-seed-1', 'balanced-seed-2', 'balanced-seed-3', 'isolated-seed-1', 'isolated-seed-2', 'isolated-seed-3']);
    // each run is the run command's output for that variant and seed
    const report = JSON.parse(read(join(reference, 'runs', 'balanced-seed-2'), 'report.json'));
    expect(report.scenario.seed).toBe(2);
    expect(report.scenario.overrides).toEqual(['duration=3m', 'cdns.alpha.policy=balanced']);
    const row = csv[5].split(',');
    expect(Number(row[5])).toBeCloseTo(report.requests.served / report.requests.arrived, 10);
    const summary = JSON.parse(read(reference, 'summary.json'));
    expect(summary.runs).toEqual({ planned: 6, ok: 6, failed: 0, missing: 0 });
    expect(summary.variants.map((v: { id: string }) => v.id)).toEqual(['isolated', 'balanced']);
    expect(summary.variants[0].metrics.servedShare.n).toBe(3);
    expect(read(reference, 'sweep.html')).toContain('runs/balanced-seed-2/report.html');
    expect(existsSync(join(reference, 'runs', 'balanced-seed-2', 'report.html'))).toBe(true);
    expect(readdirSync(join(reference, 'charts')).length).toBeGreaterThan(0);
  });

  it('gives byte-identical results with 2 worker threads (runs finish in any order)', async () => {
    const out = join(tempDir(), 'two');
    const r = await cli('sweep', SMALL, ...GRID, '--workers', '2', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    for (const file of SUMMARY_FILES) expect(read(out, file)).toBe(read(reference, file));
    expect(read(join(out, 'runs', 'isolated-seed-3'), 'report.json')).toBe(read(join(reference, 'runs', 'isolated-seed-3'), 'report.json'));
  });

  it('queues many runs without a listener-leak warning on stderr', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const r = await cli(
        'sweep',
        SMALL,
        '--seeds',
        '1..14',
        '--set',
        'duration=1m',
        '--metrics',
        'servedShare',
        '--workers',
        '2',
        '--out',
        join(tempDir(), 'many'),
        '--quiet',
      );
      expect(r.code).toBe(0);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('queues every run however few the workers, also when called as a library without a signal', async () => {
    // piscina's maxQueue 'auto' (workers²) once rejected every run past the queue: 2 of 16 ran on 1 worker
    const plan = buildSweepPlan({ ref: SMALL, seeds: '1..5', sets: ['duration=1m'], metrics: 'servedShare', version: 'test' });
    const options = {
      explicit: true,
      resume: false,
      force: false,
      retryFailed: false,
      shard: null,
      charts: false,
      runCharts: false,
      limits: {},
      policyDirs: [],
    };
    const result = await runSweep(plan, { ...options, outDir: join(tempDir(), 'lib'), workers: 1 });
    expect([result.ok, result.failed, result.missing]).toEqual([5, 0, 0]);
  });

  it('shard 1/2 and 2/2, merged, equal the unsharded sweep byte for byte', async () => {
    const root = tempDir();
    for (const i of [1, 2]) {
      const r = await cli('sweep', SMALL, ...GRID, '--workers', '1', '--shard', `${i}/2`, '--out', join(root, `shard-${i}`), '--quiet');
      expect(r.code).toBe(0);
    }
    expect(runIds(join(root, 'shard-1'))).toEqual(['balanced-seed-2', 'isolated-seed-1', 'isolated-seed-3']);
    const merged = join(root, 'merged');
    const m = await cli('merge', join(root, 'shard-2'), join(root, 'shard-1'), '--out', merged);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    for (const file of SUMMARY_FILES) expect(read(merged, file)).toBe(read(reference, file));
    expect(runIds(merged)).toEqual(runIds(reference));
  });

  it('merge refuses a missing shard, a shard of another sweep, a repeated one and a folder that is no sweep', async () => {
    const root = tempDir();
    await cli('sweep', SMALL, ...GRID, '--workers', '1', '--shard', '1/3', '--out', join(root, 's1'), '--quiet');
    await cli('sweep', SMALL, ...GRID, '--seeds', '1..4', '--workers', '1', '--shard', '2/3', '--out', join(root, 'other'), '--quiet');
    const missing = await cli('merge', join(root, 's1'), '--out', join(root, 'm1'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('expected all 3 shards, found no shard 2, 3 of 3');
    const other = await cli('merge', join(root, 's1'), join(root, 'other'), '--out', join(root, 'm2'));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('a shard of the same sweep');
    const twice = await cli('merge', join(root, 's1'), join(root, 's1'), '--out', join(root, 'm3'));
    expect(twice.code).toBe(2);
    mkdirSync(join(root, 'plain'));
    const plain = await cli('merge', join(root, 'plain'), '--out', join(root, 'm4'));
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('without a sweep marker');
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect(existsSync(join(root, m))).toBe(false);
  });

  it('--resume runs only the missing runs, and the result is the same bytes', async () => {
    const out = join(tempDir(), 'resume');
    cpSync(reference, out, { recursive: true });
    rmSync(join(out, 'runs', 'balanced-seed-1'), { recursive: true });
    rmSync(join(out, 'summary.json'));
    const again = await cli('sweep', SMALL, ...GRID, '--workers', '1', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('pass --resume');
    const r = await cli('sweep', SMALL, ...GRID, '--workers', '1', '--out', out, '--resume');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 run now, 6 ok');
    for (const file of SUMMARY_FILES) expect(read(out, file)).toBe(read(reference, file));
  });

  it('records a failing variant with its error, completes the rest and exits 3', async () => {
    const dir = tempDir();
    // a policy that divides by the rejected share: fine on the loader's example values, NaN once alpha
    // seeks while nothing is rejected yet — a run-time policy error, found only by running
    const balanced = readFileSync('policies/library/balanced.yaml', 'utf8')
      .replace(/^name: balanced$/m, 'name: breaks')
      .replace(/^ {2}need: .*$/m, '  need: max(0, 1.1 * forecastRate - 0.8 * capacity - peeredCapacity) + 0 * capacity / rejectedShare');
    writeFileSync(join(dir, 'breaks.yaml'), balanced);
    const out = join(dir, 'sweep');
    const vary = `cdns.alpha.policy=isolated,${join(dir, 'breaks.yaml')}`;
    const r = await cli('sweep', SMALL, '--vary', vary, '--seeds', '1,2', '--set', 'duration=20m', '--policy-path', dir, '--workers', '2', '--out', out);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/run \S+breaks\.yaml-seed-1 failed: PolicyRuntimeError: policy "breaks"/);
    expect(r.stderr).toContain('2 of 4 runs did not succeed');
    const csv = read(out, 'runs.csv');
    expect(csv).toMatch(/^isolated-seed-1,isolated,isolated,1,ok,0\.\d+,/m);
    expect(csv).toMatch(/^isolated-seed-2,isolated,isolated,2,ok,0\.\d+,/m);
    expect(csv).toMatch(/^\S+breaks\.yaml-seed-2,[^,]+,[^,]+,2,failed,,,,.*primary\.need: expected a plain number ≥ 0, found NaN/m);
    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary.runs).toMatchObject({ planned: 4, ok: 2, failed: 2, missing: 0 });
    const failedRun = runIds(out).find((id) => id.endsWith('breaks.yaml-seed-1')) as string;
    expect(JSON.parse(read(join(out, 'runs', failedRun), 'error.json')).error).toContain('primary.need');
  });

  it('--dry-run prints every run with its id and writes nothing', async () => {
    const out = join(tempDir(), 'dry');
    const r = await cli('sweep', SMALL, ...GRID, '--out', out, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('runs (6 of 6):');
    expect(r.stdout).toContain('balanced-seed-3');
    expect(existsSync(out)).toBe(false);
    // the run limits apply to every variant before anything starts
    const big = await cli('sweep', SMALL, ...GRID, '--max-requests', '10', '--out', out);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('raise with --max-requests');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a folder it did not write, another sweep, and a sweep folder with foreign files — touching nothing', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'mine'));
    writeFileSync(join(root, 'mine', 'thesis.tex'), 'precious');
    const foreign = await cli('sweep', SMALL, ...GRID, '--out', join(root, 'mine'));
    expect(foreign.code).toBe(2);
    expect(readFileSync(join(root, 'mine', 'thesis.tex'), 'utf8')).toBe('precious');

    const out = join(root, 'sweep');
    cpSync(reference, out, { recursive: true });
    const different = await cli('sweep', SMALL, ...GRID, '--seeds', '1..4', '--out', out, '--resume');
    expect(different.code).toBe(2);
    expect(different.stderr).toContain('a different sweep');
    writeFileSync(join(out, 'runs', 'notes.txt'), 'mine');
    const intruded = await cli('sweep', SMALL, ...GRID, '--out', out, '--force');
    expect(intruded.code).toBe(2);
    expect(intruded.stderr).toContain('runs/notes.txt');
    rmSync(join(out, 'runs', 'notes.txt'));
    writeFileSync(join(out, 'runs', 'isolated-seed-2', 'mine.txt'), 'mine');
    const inside = await cli('sweep', SMALL, '--seeds', '1', '--set', 'duration=3m', '--out', out, '--force');
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('runs/isolated-seed-2 holds files autopeer did not write; nothing was removed');
    for (const file of SUMMARY_FILES) expect(read(out, file)).toBe(read(reference, file));
    rmSync(join(out, 'runs', 'isolated-seed-2', 'mine.txt'));
    const forced = await cli(
      'sweep',
      SMALL,
      '--vary',
      'cdns.alpha.policy=isolated',
      '--seeds',
      '1',
      '--set',
      'duration=3m',
      '--out',
      out,
      '--force',
      '--quiet',
    );
    expect(forced.code).toBe(0);
    expect(runIds(out)).toEqual(['isolated-seed-1']);
  });

  it('Ctrl-C stops at once, keeps only complete runs, exits 130, and --resume finishes to the same bytes', async () => {
    const root = tempDir();
    const out = join(root, 'interrupted');
    const long = ['--vary', 'cdns.alpha.policy=isolated,balanced', '--seeds', '1..4', '--set', 'duration=12m', '--metrics', 'servedShare,latencyP95Ms'];
    const args = ['dist/cli/main.js', 'sweep', SMALL, ...long, '--workers', '2', '--out', out];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // interrupt once the first run is complete (its folder renamed into place)
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const runs = existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).filter((e) => !e.startsWith('.')) : [];
        if (runs.length >= 1) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 20);
      child.on('exit', () => (clearInterval(timer), reject(new Error(`the sweep ended before it could be interrupted: ${stderr}`))));
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('--resume runs the rest');
    const left = readdirSync(join(out, 'runs'));
    expect(left.filter((e) => e.startsWith('.'))).toEqual([]); // no half-written run, no stale lock
    expect(left.length).toBeLessThan(8);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    for (const id of left) expect(existsSync(join(out, 'runs', id, 'report.json'))).toBe(true);
    const r = await cli('sweep', SMALL, ...long, '--workers', '2', '--out', out, '--resume');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${8 - left.length} run now, 8 ok`);
    const whole = join(root, 'whole');
    expect((await cli('sweep', SMALL, ...long, '--workers', '2', '--out', whole, '--quiet')).code).toBe(0);
    for (const file of SUMMARY_FILES) expect(read(out, file)).toBe(read(whole, file));
  });
});
