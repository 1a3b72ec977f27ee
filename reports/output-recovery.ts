// The siblings autopeer keeps beside an output folder while replacing it — `.<name>.tmp-<hex>` (the
// new output being written) and `.<name>.old-<hex>` (the previous output, renamed away) — and the
// recovery after a run was killed half-way: if the output folder is missing and a complete `.old-*`
// sibling exists (a kill between the two renames), it is renamed back; leftover `.tmp-*` siblings
// holding only files of ours are removed, and so are the listed files of `.old-*` siblings once the
// output exists again. Nothing that a manifest does not list is ever removed. Callers hold the
// output's lock. Depends only on node:crypto/fs/path and ./manifest.
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { checkAgainstManifest, listTree, MANIFEST_FILE, PENDING_FILE, readManifest, type Manifest } from './manifest.js';

export type StepObserver = (step: string) => void;

export type SiblingKind = 'tmp' | 'old';

/** `.<name>.tmp-<12 hex>` or `.<name>.old-<12 hex>`: a fresh random sibling name of the output `name` */
export const siblingName = (name: string, kind: SiblingKind): string => `.${name}.${kind}-${randomBytes(6).toString('hex')}`;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The siblings of output `name` in `parent`, by kind. */
export function listSiblings(parent: string, name: string): Record<SiblingKind, string[]> {
  const pattern = new RegExp(`^\\.${escapeRegExp(name)}\\.(tmp|old)-[0-9a-f]{12}$`);
  const found: Record<SiblingKind, string[]> = { tmp: [], old: [] };
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    const match = pattern.exec(entry.name);
    if (match && entry.isDirectory()) found[match[1] as SiblingKind].push(join(parent, entry.name));
  }
  return found;
}

const ignoring = (codes: string[], action: () => void): void => {
  try {
    action();
  } catch (error) {
    if (!codes.includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
};

/** the folders a manifest's files imply, deepest first */
function impliedDirs(manifest: Manifest): string[] {
  const dirs = new Set<string>();
  for (const { path } of manifest.files) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b));
}

/**
 * Removes an output folder by its manifest: the listed regular files, then the folders they imply,
 * the manifest last, then the folder. Returns false (and keeps it) if anything else is left in it.
 */
export function removeListedOutput(dir: string, manifest: Manifest, onStep: StepObserver = () => {}): boolean {
  for (const { path } of manifest.files) {
    onStep(`remove-old:${path}`);
    const file = join(dir, path);
    if (lstatSync(file, { throwIfNoEntry: false })?.isFile()) ignoring(['ENOENT'], () => unlinkSync(file));
  }
  onStep('remove-old:folders');
  for (const sub of impliedDirs(manifest)) ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST'], () => rmdirSync(join(dir, sub)));
  onStep('remove-old:manifest');
  ignoring(['ENOENT'], () => unlinkSync(join(dir, MANIFEST_FILE)));
  onStep('remove-old:folder');
  try {
    rmdirSync(dir);
    return true;
  } catch (error) {
    if (['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

/** A complete output: a valid manifest, every listed file present with its size, nothing else. */
export function completeOutput(dir: string): Manifest | null {
  const manifest = readManifest(dir);
  if (manifest === null) return null;
  const check = checkAgainstManifest(listTree(dir), manifest);
  return check.foreign.length === 0 && check.missing.length === 0 ? manifest : null;
}

/** A temporary folder of ours: only files its pending list or manifest names (at any size), or nothing. */
export function isOurTemp(dir: string): boolean {
  const tree = listTree(dir);
  const list = readManifest(dir) ?? readManifest(dir, PENDING_FILE);
  const listed = new Set([MANIFEST_FILE, PENDING_FILE, ...(list?.files.map((f) => f.path) ?? [])]);
  if (tree.truncated) return false;
  for (const [path, size] of tree.files) if (!listed.has(path) || size < 0) return false;
  return tree.dirs.every((d) => [...listed].some((p) => p.startsWith(`${d}/`)));
}

/** Restores an output a kill left between the two renames, and removes our leftovers; see the header. */
export function recoverOutput(parent: string, name: string, onStep: StepObserver = () => {}): { restored: string | null } {
  const target = join(parent, name);
  const siblings = listSiblings(parent, name);
  let restored: string | null = null;
  if (lstatSync(target, { throwIfNoEntry: false }) === undefined) {
    const complete = siblings.old.filter((dir) => completeOutput(dir) !== null);
    complete.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (complete.length > 0) {
      onStep('recover:rename-back');
      renameSync(complete[0], target);
      restored = complete[0];
    }
  }
  for (const temp of siblings.tmp) {
    if (isOurTemp(temp)) {
      onStep('recover:remove-tmp');
      rmSync(temp, { recursive: true, force: true }); // every entry in it is ours (checked just above)
    }
  }
  if (lstatSync(target, { throwIfNoEntry: false }) === undefined) return { restored };
  for (const old of siblings.old) {
    if (old === restored) continue;
    const manifest = readManifest(old);
    if (manifest !== null && checkAgainstManifest(listTree(old), manifest).foreign.length === 0) removeListedOutput(old, manifest);
    else if (manifest === null) ignoring(['ENOTEMPTY', 'EEXIST', 'ENOENT'], () => rmdirSync(old)); // empty: its manifest went last
  }
  return { restored };
}
