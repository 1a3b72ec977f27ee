// A run's output folder, made safe: autopeer never deletes or overwrites anything it did not write.
//
// prepareOutput (the preflight, before the simulation) refuses dangerous paths (./output-path), a
// symlink, a file, a non-empty folder without a valid manifest (./manifest), an earlier output with
// entries its manifest does not list, and an explicit --out holding an earlier output without
// --force (an earlier output at the *default* path is autopeer's own and is replaced without it).
// It then creates the parent folders, takes the lock (./output-lock), recovers an interrupted replace
// (./output-recovery) and creates the temporary sibling folder — proving the location writable.
//
// commit writes every file into `.<name>.tmp-<hex>` (a pending list first, the manifest last), then
// renames the old output away to `.<name>.old-<hex>`, renames the new one in and removes the old
// one's listed files. A kill at any instant leaves the old or the new output whole: between the two
// renames the folder is missing, and the next run's preflight renames the complete `.old-*` back.
// Folders and files get the default modes (the umask applies). Depends on node:fs/path and ./.
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkAgainstManifest, isSafeRelativePath, listTree, MANIFEST_FILE, PENDING_FILE, readManifest, renderManifest, type Manifest } from './manifest.js';
import { acquireOutputLock, type OutputLock } from './output-lock.js';
import { makeFolders, mapFsErrors, outputError, resolveOutputPath, type OutputLocation } from './output-path.js';
import { recoverOutput, removeListedOutput, siblingName, type StepObserver } from './output-recovery.js';

export type { StepObserver } from './output-recovery.js';

export interface OutputRequest {
  /** the folder as given by --out, or the default path */
  dir: string;
  /** true when given by --out (an earlier output there then needs `force`) */
  explicit: boolean;
  /** replace an earlier autopeer output */
  force: boolean;
  /** test-only: called before each step of the preflight's recovery */
  onStep?: StepObserver;
}

export interface PreparedOutput {
  /** absolute path of the output folder */
  readonly path: string;
  /** Writes `files` (relative path → content) and moves them into place; see the module header. */
  commit(files: Record<string, string | Uint8Array>, version: string, onStep?: StepObserver): { keptOld: string | null };
  /** Removes the temporary folder if not committed, and releases the lock; never throws. */
  release(): void;
}

type Existing = { kind: 'missing' } | { kind: 'empty' } | { kind: 'output'; manifest: Manifest };

const EXPECTED = 'a new folder, an empty one or an earlier autopeer output';
const MAX_LISTED = 5;
const listSome = (names: string[]): string =>
  names
    .slice(0, MAX_LISTED)
    .map((n) => JSON.stringify(n))
    .join(', ') + (names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : '');

/** What is at the target, or an InputError when autopeer must not replace it. */
function inspectTarget(location: OutputLocation, target: string, force: boolean): Existing {
  const refuse = (found: string) => outputError(location, EXPECTED, found);
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return { kind: 'missing' };
  if (stat.isSymbolicLink()) throw refuse(`a symbolic link (${target}); autopeer does not follow it: pass the folder it points to`);
  if (!stat.isDirectory()) throw refuse(`${stat.isFile() ? 'a file' : 'something'} that is not a folder (${target}); it was left untouched`);
  const entries = readdirSync(target);
  if (entries.length === 0) return { kind: 'empty' };
  const manifest = readManifest(target);
  if (manifest === null) {
    throw refuse(
      `a non-empty folder autopeer did not write (no valid ${MANIFEST_FILE}), holding ${listSome(entries.sort())}; nothing was touched: pick a new or empty folder`,
    );
  }
  const { foreign } = checkAgainstManifest(listTree(target), manifest);
  if (foreign.length > 0) {
    throw refuse(
      `an earlier autopeer output holding entries autopeer did not write: ${listSome(foreign)}; nothing was deleted: move them away or pick another folder`,
    );
  }
  if (location.explicit && !force) throw refuse(`an earlier autopeer output (${target}); pass --force to replace it`);
  return { kind: 'output', manifest };
}

/** The preflight: checks the location, takes its lock, recovers, creates the temporary folder. */
export function prepareOutput(request: OutputRequest): PreparedOutput {
  const location: OutputLocation = { given: request.dir, explicit: request.explicit };
  const target = resolveOutputPath(location);
  const parent = dirname(target);
  const name = basename(target);
  // refuse before touching anything; checked again under the lock below and before the renames
  mapFsErrors(location, `inspecting ${target}`, () => inspectTarget(location, target, request.force));
  mapFsErrors(location, `creating the folder ${parent}`, () => makeFolders(parent));
  const lock = acquireOutputLock(location, join(parent, `.${name}.lock`));
  try {
    mapFsErrors(location, 'recovering an interrupted replace', () => recoverOutput(parent, name, request.onStep));
    mapFsErrors(location, `inspecting ${target}`, () => inspectTarget(location, target, request.force));
    const temp = join(parent, siblingName(name, 'tmp'));
    mapFsErrors(location, `creating the temporary folder ${temp}`, () => mkdirSync(temp));
    return createPrepared(location, target, temp, request.force, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

function createPrepared(location: OutputLocation, target: string, temp: string, force: boolean, lock: OutputLock): PreparedOutput {
  let committed = false;
  return {
    path: target,
    commit(files, version, onStep = () => {}) {
      for (const path of Object.keys(files)) if (!isSafeRelativePath(path)) throw new Error(`unsafe output file name ${JSON.stringify(path)}`);
      mapFsErrors(location, `writing ${temp}`, () => writeTemp(temp, files, version, onStep));
      const existing = mapFsErrors(location, `inspecting ${target}`, () => inspectTarget(location, target, force));
      const keptOld = mapFsErrors(location, `moving the output into ${target}`, () => moveIntoPlace(temp, target, existing, onStep));
      committed = true;
      onStep('done');
      return { keptOld };
    },
    release() {
      try {
        if (!committed) rmSync(temp, { recursive: true, force: true }); // we created it: every entry is ours
      } catch {
        // leave it: the next run's preflight removes it
      }
      lock.release();
    },
  };
}

function writeTemp(temp: string, files: Record<string, string | Uint8Array>, version: string, onStep: StepObserver): void {
  onStep('write-pending');
  writeFileSync(join(temp, PENDING_FILE), renderManifest(version, files));
  for (const [path, content] of Object.entries(files)) {
    onStep(`write:${path}`);
    const file = join(temp, path);
    makeFolders(dirname(file));
    writeFileSync(file, content);
  }
  onStep('write-manifest');
  writeFileSync(join(temp, MANIFEST_FILE), renderManifest(version, files));
  onStep('remove-pending');
  unlinkSync(join(temp, PENDING_FILE));
}

/** the renames; returns the old output's folder if something not ours kept it from being removed */
function moveIntoPlace(temp: string, target: string, existing: Existing, onStep: StepObserver): string | null {
  if (existing.kind !== 'output') {
    onStep('rename-in');
    renameSync(temp, target); // onto nothing, or onto an empty folder (replaced atomically)
    return null;
  }
  const old = join(dirname(target), siblingName(basename(target), 'old'));
  onStep('rename-away');
  renameSync(target, old);
  onStep('rename-in');
  try {
    renameSync(temp, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  try {
    return removeListedOutput(old, existing.manifest, onStep) ? null : old;
  } catch {
    return old; // the new output is in place; what is left of the old one goes at the next run's preflight
  }
}
