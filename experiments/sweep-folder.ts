// A sweep's output folder, kept safe like a run's (reports/output-folder): autopeer never deletes or
// overwrites what it did not write. The folder is recognised by its marker `.autopeer-sweep.json`
// (tool, plan hash, shard, the summary files it wrote); each run is an ordinary atomic output folder
// `runs/<run id>/`, so a kill at any instant leaves every run whole or absent; the summary files are
// each written to a temporary file and renamed into place. A folder holding another sweep, or
// anything autopeer did not write, is refused before any run starts; the same sweep is continued
// only with --resume, or started over with --force (removing only what its manifests list).
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { checkAgainstManifest, listTree, readManifest, MANIFEST_FILE } from '../reports/manifest.js';
import { acquireOutputLock, type OutputLock } from '../reports/output-lock.js';
import { makeFolders, mapFsErrors, outputError, resolveOutputPath, type OutputLocation } from '../reports/output-path.js';
import { completeOutput, recoverOutput, removeListedOutput } from '../reports/output-recovery.js';
import { ERROR_FILE } from './execute-run.js';
import type { Shard, SweepPlan } from './sweep-plan.js';

export const SWEEP_MARKER = '.autopeer-sweep.json';
export const SWEEP_LOCK = '.autopeer-sweep.lock';
export const PLAN_FILE = 'sweep-plan.json';
export const RUNS_DIR = 'runs';
const MARKER_FORMAT = 'autopeer-sweep/1';

export interface SweepMarker {
  tool: 'autopeer';
  format: typeof MARKER_FORMAT;
  version: string;
  planHash: string;
  shard: Shard | null;
  /** the summary files autopeer wrote at the top of the folder (relative paths) */
  files: string[];
}

export interface SweepFolderRequest {
  dir: string;
  explicit: boolean;
  resume: boolean;
  force: boolean;
  plan: SweepPlan;
  shard: Shard | null;
}

export interface SweepFolder {
  path: string;
  runDir(runId: string): string;
  /** ok: a complete run folder with report.json; failed: one with error.json; missing: neither */
  status(runId: string): 'ok' | 'failed' | 'missing';
  /** writes summary files (relative path → content) atomically, each listed in the marker */
  writeFiles(files: Record<string, string | Uint8Array>): void;
  release(): void;
}

const EXPECTED = 'a new folder, an empty one, or this sweep’s own folder (with --resume)';

/** The sweep marker of `dir`, or null when it has none or an invalid one. */
export const readSweepMarker = (dir: string): SweepMarker | null => {
  try {
    const path = join(dir, SWEEP_MARKER);
    if (!lstatSync(path).isFile()) return null;
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<SweepMarker>;
    if (value.tool !== 'autopeer' || value.format !== MARKER_FORMAT || typeof value.planHash !== 'string' || !Array.isArray(value.files)) return null;
    if (!value.files.every((f) => typeof f === 'string' && f !== '' && !f.split('/').includes('..'))) return null;
    return value as SweepMarker;
  } catch {
    return null;
  }
};

const sameShard = (a: Shard | null, b: Shard | null): boolean => (a === null ? b === null : b !== null && a.index === b.index && a.count === b.count);
const shardText = (s: Shard | null): string => (s === null ? 'the whole plan' : `shard ${s.index}/${s.count}`);

const TEMP_SUFFIX = /\.tmp-[0-9a-f]{12}$/;
/** a file writeFileAtomic left half-written (a kill) belongs to the file it was for */
const withoutTempSuffix = (name: string): string => name.replace(TEMP_SUFFIX, '');

/** reports/output-folder's siblings of a run folder `<id>`: its temporary and old copies and its lock */
const SIBLING = /^\.(.+)\.(?:tmp-[0-9a-f]{12}|old-[0-9a-f]{12}|lock)$/;

/** entries of runs/ that belong to a planned run: its folder and reports/output-folder's siblings of it */
function runEntryOwner(entry: string, runIds: Set<string>): string | null {
  if (runIds.has(entry)) return entry;
  const m = SIBLING.exec(entry);
  return m !== null && runIds.has(m[1]) ? m[1] : null;
}

/** What in the folder autopeer did not write (relative paths); empty when everything is ours. */
function foreignEntries(path: string, marker: SweepMarker, plan: SweepPlan): string[] {
  const ours = new Set([SWEEP_MARKER, SWEEP_LOCK, PLAN_FILE, RUNS_DIR, ...marker.files.map((f) => f.split('/')[0])]);
  const foreign: string[] = [];
  for (const entry of readdirSync(path)) if (!ours.has(withoutTempSuffix(entry))) foreign.push(entry);
  const listed = new Set(marker.files);
  for (const top of new Set(marker.files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))) {
    const tree = listTree(join(path, top));
    for (const file of tree.files.keys()) if (!listed.has(withoutTempSuffix(`${top}/${file}`))) foreign.push(`${top}/${file}`);
  }
  const runs = join(path, RUNS_DIR);
  if (lstatSync(runs, { throwIfNoEntry: false })?.isDirectory()) {
    const ids = new Set(plan.runs.map((r) => r.id));
    for (const entry of readdirSync(runs)) {
      // a run of this plan (or its temporary siblings), or an earlier plan's run folder (--force replaces it)
      const isRunFolder = lstatSync(join(runs, entry)).isDirectory() && readManifest(join(runs, entry)) !== null;
      if (runEntryOwner(entry, ids) === null && !isRunFolder) foreign.push(`${RUNS_DIR}/${entry}`);
    }
  }
  return foreign;
}

const listSome = (names: string[]): string => names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');

/**
 * Removes an earlier sweep's files by its marker and the run folders' manifests (--force). Checks
 * every run folder first, so a folder holding something autopeer did not write stops it before
 * anything is removed; a killed run's temporary or old sibling is recovered like a run's output.
 */
function clearSweep(location: OutputLocation, path: string, marker: SweepMarker): void {
  const runs = join(path, RUNS_DIR);
  const entries = lstatSync(runs, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(runs) : [];
  const folders = entries.filter((entry) => !SIBLING.test(entry));
  for (const entry of folders) {
    const dir = join(runs, entry);
    const manifest = readManifest(dir);
    if (manifest === null || checkAgainstManifest(listTree(dir), manifest).foreign.length > 0) {
      throw outputError(location, EXPECTED, `an earlier sweep whose run folder ${RUNS_DIR}/${entry} holds files autopeer did not write; nothing was removed`);
    }
  }
  for (const file of marker.files) {
    const target = join(path, file);
    if (lstatSync(target, { throwIfNoEntry: false })?.isFile()) unlinkSync(target);
  }
  for (const top of new Set(marker.files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))) {
    try {
      rmdirIfEmpty(join(path, top));
    } catch {
      // kept: something else is in it (refused earlier) or already gone
    }
  }
  for (const id of new Set(entries.map((e) => SIBLING.exec(e)?.[1]).filter((id) => id !== undefined))) recoverOutput(runs, id);
  for (const entry of readdirSync(runs)) {
    const manifest = SIBLING.test(entry) ? null : readManifest(join(runs, entry));
    if (manifest !== null) removeListedOutput(join(runs, entry), manifest);
  }
  const plan = join(path, PLAN_FILE);
  if (lstatSync(plan, { throwIfNoEntry: false })?.isFile()) unlinkSync(plan);
}

function rmdirIfEmpty(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const sub = join(dir, entry);
    if (lstatSync(sub).isDirectory()) rmdirIfEmpty(sub);
  }
  rmSync(dir, { recursive: false });
}

/** ok: a complete run folder with report.json; failed: one with error.json; missing: anything else */
export function runFolderStatus(dir: string): 'ok' | 'failed' | 'missing' {
  if (completeOutput(dir) === null) return 'missing';
  if (lstatSync(join(dir, 'report.json'), { throwIfNoEntry: false })?.isFile()) return 'ok';
  return lstatSync(join(dir, ERROR_FILE), { throwIfNoEntry: false })?.isFile() ? 'failed' : 'missing';
}

/** Writes one file by a temporary sibling and a rename (a kill leaves the old or the new file). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  makeFolders(dirname(path));
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}

/** The preflight of a sweep folder; see the module header. Takes the folder's lock. */
export function prepareSweepFolder(request: SweepFolderRequest): SweepFolder {
  const location: OutputLocation = { given: request.dir, explicit: request.explicit };
  const path = resolveOutputPath(location);
  const { plan, shard } = request;
  let lock: OutputLock | null = null;
  let marker: SweepMarker = { tool: 'autopeer', format: MARKER_FORMAT, version: plan.version, planHash: plan.planHash, shard, files: [] };
  try {
    mapFsErrors(location, `preparing ${path}`, () => prepare());
  } catch (error) {
    (lock as OutputLock | null)?.release();
    throw error;
  }
  function prepare(): void {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) throw outputError(location, EXPECTED, `a symbolic link (${path}); autopeer does not follow it`);
    if (stat !== undefined && !stat.isDirectory()) throw outputError(location, EXPECTED, `a file that is not a folder (${path}); it was left untouched`);
    if (stat === undefined) makeFolders(path);
    const entries = readdirSync(path);
    const earlier = readSweepMarker(path);
    if (entries.length > 0 && earlier === null) {
      const what = readManifest(path) !== null ? 'a run’s output folder (not a sweep)' : 'a non-empty folder autopeer did not write';
      throw outputError(location, EXPECTED, `${what}, holding ${listSome(entries.sort())}; nothing was touched: pick a new or empty folder`);
    }
    lock = acquireOutputLock(location, join(path, SWEEP_LOCK));
    if (earlier !== null) {
      const foreign = foreignEntries(path, earlier, plan);
      if (foreign.length > 0)
        throw outputError(location, EXPECTED, `a sweep folder holding entries autopeer did not write: ${listSome(foreign)}; nothing was touched`);
      const same = earlier.planHash === plan.planHash && sameShard(earlier.shard, shard);
      if (request.force) clearSweep(location, path, earlier);
      else if (!same) {
        const what =
          earlier.planHash !== plan.planHash
            ? `a different sweep (plan ${earlier.planHash.slice(0, 16)}, this one ${plan.planHash.slice(0, 16)})`
            : `${shardText(earlier.shard)} of this sweep, not ${shardText(shard)}`;
        throw outputError(location, EXPECTED, `${what}; nothing was touched: pick another --out, or pass --force to replace it`);
      } else if (!request.resume) {
        throw outputError(location, EXPECTED, `this sweep’s folder from an earlier start; pass --resume to run only what is missing, or --force to start over`);
      } else marker = { ...earlier, version: plan.version };
    }
    mkdirSync(join(path, RUNS_DIR), { recursive: true });
    writeFileAtomic(join(path, SWEEP_MARKER), JSON.stringify(marker, null, 2) + '\n');
  }
  const runDir = (runId: string) => join(path, RUNS_DIR, runId);
  return {
    path,
    runDir,
    status: (runId) => runFolderStatus(runDir(runId)),
    writeFiles(files) {
      mapFsErrors(location, `writing the sweep's summary into ${path}`, () => {
        const names = Object.keys(files);
        for (const name of names) {
          if (name === MANIFEST_FILE || name.startsWith('.') || name.split('/').some((s) => s === '' || s === '..') || name.split('/')[0] === RUNS_DIR) {
            throw new Error(`unsafe sweep file name ${JSON.stringify(name)}`);
          }
        }
        // list first: a kill after a write but before the listing would leave a file we could not claim
        marker = { ...marker, files: [...new Set([...marker.files, ...names])].sort() };
        writeFileAtomic(join(path, SWEEP_MARKER), JSON.stringify(marker, null, 2) + '\n');
        for (const [name, content] of Object.entries(files)) writeFileAtomic(join(path, name), content);
      });
    },
    release() {
      (lock as OutputLock | null)?.release();
    },
  };
}
