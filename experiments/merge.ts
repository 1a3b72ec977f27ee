// `autopeer merge`: combines the shard folders of one sweep (the same plan, shards 1…N of N, each
// complete) into one sweep folder equal to the unsharded sweep's: every run folder copied (each
// committed atomically, like a run's), then the summary files built from them in plan order — the
// same code as the sweep itself, so runs.csv, summary.json and summary.md are byte-identical.
// Refuses (exit 2), before writing anything: a folder that is no sweep, shards of different plans or
// counts, a missing or repeated shard, an incomplete shard, a plan file that does not hash to itself.
import { lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, inputError, type InputIssue } from '../input/input-error.js';
import { readManifest } from '../reports/manifest.js';
import { prepareOutput } from '../reports/write.js';
import { PLAN_FILE, prepareSweepFolder, readSweepMarker, runFolderStatus, RUNS_DIR } from './sweep-folder.js';
import { renderSweepOutputs } from './sweep-outputs.js';
import { PLAN_FORMAT, planHashOf, shardRuns, type Shard, type SweepPlan } from './sweep-plan.js';

export interface MergeOptions {
  outDir: string;
  explicit: boolean;
  force: boolean;
  charts: boolean;
}

export interface MergeResult {
  path: string;
  planned: number;
  ok: number;
  failed: number;
  shards: number;
}

interface ShardFolder {
  dir: string;
  plan: SweepPlan;
  shard: Shard | null;
}

const EXPECTED = 'a sweep folder written by `autopeer sweep --shard I/N`';

function readShardFolder(dir: string): ShardFolder {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isDirectory()) throw inputError(dir, '(folder)', EXPECTED, stat === undefined ? 'nothing there' : 'not a folder');
  const marker = readSweepMarker(dir);
  if (marker === null) throw inputError(dir, '(folder)', EXPECTED, 'a folder without a sweep marker (.autopeer-sweep.json)');
  let plan: SweepPlan;
  try {
    plan = JSON.parse(readFileSync(join(dir, PLAN_FILE), 'utf8')) as SweepPlan;
  } catch (error) {
    throw inputError(join(dir, PLAN_FILE), '(file)', 'the sweep plan autopeer wrote', error instanceof Error ? error.message : String(error));
  }
  const ok =
    typeof plan === 'object' &&
    plan !== null &&
    plan.format === PLAN_FORMAT &&
    Array.isArray(plan.runs) &&
    Array.isArray(plan.variants) &&
    Array.isArray(plan.seeds) &&
    Array.isArray(plan.metrics) &&
    typeof plan.planHash === 'string';
  if (!ok || planHashOf(plan) !== plan.planHash || plan.planHash !== marker.planHash) {
    throw inputError(
      join(dir, PLAN_FILE),
      '(file)',
      'the sweep plan autopeer wrote, unchanged (its hash matching its content and the marker)',
      'a plan that does not',
    );
  }
  return { dir, plan, shard: marker.shard };
}

/** Checks that the folders are the N shards of one plan, each complete; returns them in shard order. */
function checkShards(folders: ShardFolder[]): ShardFolder[] {
  const issues: InputIssue[] = [];
  const first = folders[0];
  for (const f of folders) {
    if (f.plan.planHash !== first.plan.planHash) {
      issues.push({
        file: f.dir,
        path: '(plan)',
        expected: `a shard of the same sweep as ${first.dir} (plan ${first.plan.planHash.slice(0, 16)})`,
        found: `plan ${f.plan.planHash.slice(0, 16)}`,
      });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  const count = first.shard?.count ?? 1;
  const byIndex = new Map<number, ShardFolder>();
  for (const f of folders) {
    const shard = f.shard ?? { index: 1, count: 1 };
    if (shard.count !== count) issues.push({ file: f.dir, path: '(shard)', expected: `a shard of ${count}`, found: `shard ${shard.index}/${shard.count}` });
    else if (byIndex.has(shard.index))
      issues.push({
        file: f.dir,
        path: '(shard)',
        expected: `each shard once`,
        found: `shard ${shard.index}/${count} again (also ${byIndex.get(shard.index)?.dir})`,
      });
    else byIndex.set(shard.index, f);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && issues.length === 0) {
    issues.push({
      file: '(merge)',
      path: '<dir>...',
      expected: `all ${count} shards`,
      found: `no shard ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} of ${count}`,
    });
  }
  for (const f of byIndex.values()) {
    const incomplete = shardRuns(f.plan, f.shard).filter((run) => runFolderStatus(join(f.dir, RUNS_DIR, run.id)) === 'missing');
    if (incomplete.length > 0) {
      issues.push({
        file: f.dir,
        path: '(runs)',
        expected: 'a complete shard (every run ok or failed)',
        found: `${incomplete.length} runs missing, e.g. ${incomplete[0].id}; finish it with --resume first`,
      });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
}

/** Copies one run folder by its manifest into `target`, atomically. */
function copyRun(source: string, target: string): void {
  const manifest = readManifest(source);
  if (manifest === null) throw new Error(`${source} lost its manifest while merging`);
  const files = Object.fromEntries(manifest.files.map((f) => [f.path, readFileSync(join(source, f.path))]));
  const output = prepareOutput({ dir: target, explicit: true, force: true });
  try {
    output.commit(files, manifest.version);
  } finally {
    output.release();
  }
}

export function mergeSweeps(dirs: readonly string[], options: MergeOptions): MergeResult {
  if (dirs.length === 0) throw inputError('(merge)', '<dir>...', 'at least one shard folder', 'none');
  const shards = checkShards(dirs.map(readShardFolder));
  const plan = shards[0].plan;
  for (const s of shards)
    if (resolve(s.dir) === resolve(options.outDir)) throw inputError(options.outDir, '--out', 'a folder that is none of the shards', 'one of them');
  const folder = prepareSweepFolder({ dir: options.outDir, explicit: options.explicit, resume: false, force: options.force, plan, shard: null });
  try {
    folder.writeFiles({ [PLAN_FILE]: JSON.stringify({ ...plan, shard: null }, null, 2) + '\n' });
    for (const s of shards) for (const run of shardRuns(plan, s.shard)) copyRun(join(s.dir, RUNS_DIR, run.id), folder.runDir(run.id));
    const outputs = renderSweepOutputs(folder, plan, null, { charts: options.charts });
    folder.writeFiles(outputs.files);
    return {
      path: folder.path,
      planned: plan.runs.length,
      ok: outputs.rows.filter((r) => r.status === 'ok').length,
      failed: outputs.rows.filter((r) => r.status === 'failed').length,
      shards: shards.length,
    };
  } finally {
    folder.release();
  }
}
