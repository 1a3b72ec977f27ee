// The shipped cluster files pass the shard arguments the CLI expects: the Kubernetes Indexed Job's and
// merge Job's shell commands and the Slurm scripts are run here with stand-in npx, autopeer and sbatch
// commands that record their arguments. (deploy/slurm/e2e-test.sh runs them on a real Slurm.)
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { packageRoot } from '../../input/paths.js';
import { runCliAsync } from '../../cli/program.js';

const ROOT = packageRoot();
const SLURM = join(ROOT, 'deploy/slurm');
const K8S = join(ROOT, 'deploy/kubernetes');

interface Container {
  image: string;
  command: string[];
  args: string[];
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: {
      spec: { restartPolicy: string; containers: Container[]; volumes: { name: string; persistentVolumeClaim: { claimName: string } }[] };
    };
  };
}

function manifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Manifest;
  });
}
const job = (file: string) => manifests(file).find((m) => m.kind === 'Job')!;
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));

/** a folder with stand-in commands that write their arguments, one per line, to call-<n> in `calls` */
function standIns(names: string[]): { bin: string; calls: string; argsOf: () => string[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'autopeer-deploy-'));
  const bin = join(dir, 'bin');
  const calls = join(dir, 'calls');
  mkdirSync(bin);
  mkdirSync(calls);
  for (const name of names) {
    const path = join(bin, name);
    // sbatch --parsable prints a job id (101, 102, …); the others exit with $STANDIN_EXIT.
    writeFileSync(
      path,
      `#!/bin/sh\nn=$(ls "${calls}" | wc -l)\nprintf '%s\\n' "$(basename "$0")" "$@" > "${calls}/call-$n"\n` +
        `[ "$(basename "$0")" = sbatch ] && echo "$((101 + n))"\nexit "\${STANDIN_EXIT:-0}"\n`,
    );
    chmodSync(path, 0o755);
  }
  const argsOf = () =>
    readdirSync(calls)
      .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
      .map((f) => readFileSync(join(calls, f), 'utf8').split('\n').slice(0, -1));
  return { bin, calls, argsOf };
}

/** `autopeer <args> --dry-run` in-process: the exit code and the run ids of the plan it prints */
async function dryRun(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCliAsync([...args, '--dry-run'], { out: (t) => (stdout += t), err: (t) => (stderr += t), isTty: false });
  const runIds = [...stdout.matchAll(/^ +\d+ +(\S+) +variant /gm)].map((m) => m[1]);
  return { code, stdout, stderr, runIds };
}

/** the dry runs of the shards' sweep commands list every run of the unsharded sweep exactly once */
async function expectShardsCoverTheSweep(shardArgs: string[][]) {
  const n = shardArgs.length;
  const whole = await dryRun(shardArgs[0].slice(0, shardArgs[0].indexOf('--shard')));
  expect(whole.stderr).toBe('');
  expect(whole.code).toBe(0);
  expect(whole.runIds.length).toBeGreaterThanOrEqual(n);
  const slices: string[][] = [];
  for (const [i, args] of shardArgs.entries()) {
    const r = await dryRun(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`runs of shard ${i + 1}/${n}`);
    slices.push(r.runIds);
  }
  expect(slices.flat().sort()).toEqual([...whole.runIds].sort());
}

function run(command: string[], env: Record<string, string>, cwd = ROOT) {
  const r = spawnSync(command[0], command.slice(1), { cwd, env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('deploy/kubernetes', () => {
  const sweepJob = job('indexed-job.yaml');
  const mergeJob = job('merge-job.yaml');
  const shardPod = sweepJob.spec.template.spec;
  const [shard] = shardPod.containers;
  const [merge] = mergeJob.spec.template.spec.containers;
  const n = sweepJob.spec.completions!;

  it('the sweep is an Indexed Job whose SHARDS equals its completions, on the claim the file defines', () => {
    expect(sweepJob.spec.completionMode).toBe('Indexed');
    expect(n).toBeGreaterThan(1);
    expect(sweepJob.spec.parallelism).toBeLessThanOrEqual(n);
    expect(envOf(shard).SHARDS).toBe(String(n));
    expect(shardPod.restartPolicy).toBe('Never');
    const claim = manifests('indexed-job.yaml').find((m) => m.kind === 'PersistentVolumeClaim')!.metadata.name;
    expect(shardPod.volumes.map((v) => v.persistentVolumeClaim.claimName)).toEqual([claim]);
    expect(mergeJob.spec.template.spec.volumes.map((v) => v.persistentVolumeClaim.claimName)).toEqual([claim]);
  });

  it('the merge Job uses the same image, SHARDS and SWEEP as the Indexed Job', () => {
    expect(merge.image).toBe(shard.image);
    expect(envOf(merge).SHARDS).toBe(envOf(shard).SHARDS);
    expect(envOf(merge).SWEEP).toBe(envOf(shard).SWEEP);
    expect(merge.volumeMounts).toEqual(shard.volumeMounts);
  });

  it('pod JOB_COMPLETION_INDEX=k runs sweep --shard k+1/N --out <volume>/<sweep>/shard-(k+1), each shard once', () => {
    const { bin, argsOf } = standIns(['npx']);
    const root = `${shard.volumeMounts[0].mountPath}/${envOf(shard).SWEEP}`;
    for (let k = 0; k < n; k++) {
      const r = run([...shard.command, ...shard.args], { ...envOf(shard), JOB_COMPLETION_INDEX: String(k), PATH: `${bin}:${process.env.PATH}` });
      expect(r.code).toBe(0);
    }
    const calls = argsOf();
    expect(calls).toHaveLength(n);
    calls.forEach((args, k) => {
      expect(args.slice(0, 3)).toEqual(['npx', 'autopeer', 'sweep']);
      expect(args.slice(-6)).toEqual(['--shard', `${k + 1}/${n}`, '--out', `${root}/shard-${k + 1}`, '--workers', envOf(shard).WORKERS]);
    });
  });

  it("autopeer accepts the pods' sweep arguments, and the N shards together are the whole sweep", async () => {
    const { bin, argsOf } = standIns(['npx']);
    for (let k = 0; k < n; k++) {
      run([...shard.command, ...shard.args], { ...envOf(shard), JOB_COMPLETION_INDEX: String(k), PATH: `${bin}:${process.env.PATH}` });
    }
    await expectShardsCoverTheSweep(argsOf().map((args) => args.slice(2)));
  });

  it('the merge Job merges shard-1 … shard-N, all of them, into <volume>/<sweep>/merged', () => {
    const { bin, argsOf } = standIns(['npx']);
    const root = `${merge.volumeMounts[0].mountPath}/${envOf(merge).SWEEP}`;
    expect(run([...merge.command, ...merge.args], { ...envOf(merge), PATH: `${bin}:${process.env.PATH}` }).code).toBe(0);
    const shards = Array.from({ length: n }, (_, i) => `${root}/shard-${i + 1}`);
    expect(argsOf()).toEqual([['npx', 'autopeer', 'merge', ...shards, '--out', `${root}/merged`]]);
  });
});

describe('deploy/slurm', () => {
  const task = (id: number, count: number, extra: Record<string, string> = {}) => ({
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_COUNT: String(count),
    SLURM_ARRAY_TASK_MIN: '1',
    SLURM_ARRAY_TASK_MAX: String(count),
    SLURM_CPUS_PER_TASK: '2',
    ...extra,
  });

  it('the array script declares per-task output files (%A_%a) and one task per array element', () => {
    const directives = readFileSync(join(SLURM, 'sweep-array.sbatch'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('#SBATCH '));
    expect(directives).toContain('#SBATCH --output=autopeer-sweep-%A_%a.out');
    expect(directives).toContain('#SBATCH --error=autopeer-sweep-%A_%a.err');
    expect(directives).toContain('#SBATCH --ntasks=1');
  });

  it('array task I of N runs sweep <args> --shard I/N --out $AUTOPEER_SWEEP_ROOT/shard-I --workers $SLURM_CPUS_PER_TASK', () => {
    const { bin, argsOf } = standIns(['autopeer']);
    for (let i = 1; i <= 3; i++) {
      const env = task(i, 3, { AUTOPEER_SWEEP_ROOT: '/scratch/s', AUTOPEER_CMD: `${bin}/autopeer` });
      expect(run(['bash', join(SLURM, 'sweep-array.sbatch'), 'exp.yaml', '--seeds', '1..4'], env).code).toBe(0);
    }
    expect(argsOf()).toEqual(
      [1, 2, 3].map((i) => ['autopeer', 'sweep', 'exp.yaml', '--seeds', '1..4', '--shard', `${i}/3`, '--out', `/scratch/s/shard-${i}`, '--workers', '2']),
    );
  });

  it("autopeer accepts the tasks' sweep arguments, and the N shards together are the whole sweep", async () => {
    const { bin, argsOf } = standIns(['autopeer']);
    const sweep = ['test/fixtures/small-crowd.yaml', '--seeds', '1..3', '--vary', 'cdns.alpha.policy=balanced,isolated', '--no-charts'];
    for (let i = 1; i <= 4; i++) {
      const env = task(i, 4, { AUTOPEER_SWEEP_ROOT: join(tmpdir(), 'autopeer-deploy-never-written'), AUTOPEER_CMD: `${bin}/autopeer` });
      expect(run(['bash', join(SLURM, 'sweep-array.sbatch'), ...sweep], env).code).toBe(0);
    }
    await expectShardsCoverTheSweep(argsOf().map((args) => args.slice(1)));
  });

  it('without arguments the sweep comes from AUTOPEER_EXPERIMENT and AUTOPEER_SWEEP_ARGS, unglobbed', () => {
    const { bin, argsOf } = standIns(['autopeer']);
    const env = task(2, 2, {
      AUTOPEER_SWEEP_ROOT: '/r',
      AUTOPEER_CMD: `${bin}/autopeer`,
      AUTOPEER_EXPERIMENT: 'flash-crowd',
      AUTOPEER_SWEEP_ARGS: '--seeds 1..3  --vary cdns.alpha.policy=*',
    });
    expect(run(['bash', join(SLURM, 'sweep-array.sbatch')], env).code).toBe(0);
    expect(argsOf()).toEqual([
      ['autopeer', 'sweep', 'flash-crowd', '--seeds', '1..3', '--vary', 'cdns.alpha.policy=*', '--shard', '2/2', '--out', '/r/shard-2', '--workers', '2'],
    ]);
  });

  it('with AUTOPEER_SHARDS=N any tasks of 1..N may run again (--array=3 runs shard 3/8); a task beyond N is exit 2', () => {
    const { bin, argsOf } = standIns(['autopeer']);
    const base = { AUTOPEER_SWEEP_ROOT: '/r', AUTOPEER_CMD: `${bin}/autopeer`, AUTOPEER_SHARDS: '8', SLURM_ARRAY_TASK_MIN: '3', SLURM_ARRAY_TASK_MAX: '3' };
    expect(run(['bash', join(SLURM, 'sweep-array.sbatch'), 'x'], task(3, 1, base)).code).toBe(0);
    expect(argsOf().map((args) => args.slice(-6, -2))).toEqual([['--shard', '3/8', '--out', '/r/shard-3']]);
    const beyond = run(['bash', join(SLURM, 'sweep-array.sbatch'), 'x'], task(9, 1, base));
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('not a shard of 1..8');
  });

  it('a task that Slurm requeued (SLURM_RESTART_COUNT > 0) resumes its shard folder with --resume', () => {
    const { bin, argsOf } = standIns(['autopeer']);
    const env = task(1, 2, { AUTOPEER_SWEEP_ROOT: '/r', AUTOPEER_CMD: `${bin}/autopeer`, SLURM_RESTART_COUNT: '1' });
    expect(run(['bash', join(SLURM, 'sweep-array.sbatch'), 'x', '--seeds', '1..2'], env).code).toBe(0);
    expect(run(['bash', join(SLURM, 'sweep-array.sbatch'), 'x', '--force'], env).code).toBe(0);
    expect(argsOf().map((args) => args.slice(2, -6))).toEqual([
      ['x', '--seeds', '1..2', '--resume'],
      ['x', '--force'],
    ]);
  });

  it("a task exits with the sweep's exit code (3: some runs failed), so Slurm sees the shard fail", () => {
    const { bin } = standIns(['autopeer']);
    const env = task(1, 2, { AUTOPEER_SWEEP_ROOT: '/r', AUTOPEER_CMD: `${bin}/autopeer`, STANDIN_EXIT: '3' });
    expect(run(['bash', join(SLURM, 'sweep-array.sbatch'), 'flash-crowd'], env).code).toBe(3);
  });

  it('an array that is not 1-N, a missing root or a --shard of its own is refused with exit 2 before running anything', () => {
    const { bin, argsOf } = standIns(['autopeer']);
    const base = { AUTOPEER_SWEEP_ROOT: '/r', AUTOPEER_CMD: `${bin}/autopeer` };
    const script = join(SLURM, 'sweep-array.sbatch');
    const zeroBased = run(['bash', script, 'x'], { ...task(0, 2, base), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1' });
    expect(zeroBased.code).toBe(2);
    expect(zeroBased.stderr).toContain('--array=1-N');
    expect(run(['bash', script, 'x'], task(1, 2, { AUTOPEER_CMD: `${bin}/autopeer` })).stderr).toContain('AUTOPEER_SWEEP_ROOT');
    expect(run(['bash', script, 'x', '--shard', '1/2'], task(1, 2, base)).code).toBe(2);
    expect(run(['bash', script, 'x'], base).code).toBe(2);
    expect(argsOf()).toEqual([]);
  });

  it('the merge job merges shard-1 … shard-N into merged/, and a missing shard is exit 2, not left out', () => {
    const { bin, argsOf } = standIns(['autopeer']);
    const root = mkdtempSync(join(tmpdir(), 'autopeer-deploy-root-'));
    mkdirSync(join(root, 'shard-1'));
    mkdirSync(join(root, 'shard-3'));
    const env = { AUTOPEER_SWEEP_ROOT: root, AUTOPEER_SHARDS: '3', AUTOPEER_CMD: `${bin}/autopeer` };
    const missing = run(['bash', join(SLURM, 'merge.sbatch')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard-2');
    expect(argsOf()).toEqual([]);
    mkdirSync(join(root, 'shard-2'));
    expect(run(['bash', join(SLURM, 'merge.sbatch')], env).code).toBe(0);
    expect(argsOf()).toEqual([['autopeer', 'merge', `${root}/shard-1`, `${root}/shard-2`, `${root}/shard-3`, '--out', `${root}/merged`]]);
  });

  it('submit.sh queues the array 1-N and a merge job afterok on it, and prints both job ids', () => {
    const { bin, argsOf } = standIns(['sbatch']);
    const root = join(mkdtempSync(join(tmpdir(), 'autopeer-deploy-root-')), 'sweep');
    const argv = [
      'bash',
      join(SLURM, 'submit.sh'),
      '--parsable',
      '--shards',
      '3',
      '--cpus',
      '2',
      '--max-running',
      '2',
      '--root',
      root,
      '--',
      'exp.yaml',
      '--seeds',
      '1..4',
    ];
    const r = run(argv, { PATH: `${bin}:${process.env.PATH}` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('101 102\n');
    const [array, merge] = argsOf();
    expect(array).toContain('--array=1-3%2');
    expect(array).toContain('--cpus-per-task=2');
    expect(array).toContain(`--output=${root}/logs/sweep-%A_%a.out`);
    expect(array.slice(-4)).toEqual([join(SLURM, 'sweep-array.sbatch'), 'exp.yaml', '--seeds', '1..4']);
    expect(merge).toContain('--dependency=afterok:101');
    expect(merge).toContain('--kill-on-invalid-dep=yes');
    expect(merge.at(-1)).toBe(join(SLURM, 'merge.sbatch'));
  });

  it('submit.sh refuses bad arguments with exit 2 and a message, and submits nothing', () => {
    const { bin, argsOf } = standIns(['sbatch']);
    const submit = (...args: string[]) => run(['bash', join(SLURM, 'submit.sh'), ...args], { PATH: `${bin}:${process.env.PATH}` });
    expect(submit('--shards', '0', '--root', '/tmp/x', 'exp.yaml').stderr).toContain('--shards must be a whole number');
    expect(submit('--shards', '2', 'exp.yaml').stderr).toContain('--root DIR is required');
    expect(submit('--shards', '2', '--root', '/tmp/x').stderr).toContain('no experiment');
    expect(submit('--shards', '2', '--root', '/tmp/x', '--', 'exp.yaml', '--out', 'o').stderr).toContain('do not pass --out');
    expect(submit('--shards', '2', '--root', '/tmp/x', '--bogus').code).toBe(2);
    expect(argsOf()).toEqual([]);
  });
});
