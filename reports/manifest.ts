// The manifest of an autopeer output folder (`.autopeer-manifest.json`): the tool, its version and
// every file it wrote with its size. It is what lets autopeer recognise its own output and replace
// or remove exactly what it wrote, never anything else. Also inspects a folder against its
// manifest. Depends only on node:fs/path.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = '.autopeer-manifest.json';
/** written first into a temporary folder: the files about to be written (recognises a half-written one) */
export const PENDING_FILE = '.autopeer-pending.json';
const TOOL = 'autopeer';
const MAX_MANIFEST_BYTES = 1 << 20;
const MAX_ENTRIES = 10_000;

export interface ManifestEntry {
  /** relative, `/`-separated */
  path: string;
  bytes: number;
}

export interface Manifest {
  tool: 'autopeer';
  version: string;
  files: ManifestEntry[];
}

/** `a/b.png` is fine; absolute paths, `..`, `.`, empty segments and our own bookkeeping names are not. */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.includes('\\') || path.includes('\0') || path === MANIFEST_FILE || path === PENDING_FILE) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export function renderManifest(version: string, files: Record<string, string | Uint8Array>): string {
  const entries = Object.entries(files).map(([path, content]) => ({ path, bytes: byteLength(content) }));
  const manifest: Manifest = { tool: TOOL, version, files: entries };
  return JSON.stringify(manifest, null, 2) + '\n';
}

export const byteLength = (content: string | Uint8Array): number => (typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength);

/** The manifest of `dir`, or null when it has none or an invalid one. Never follows a symlink. */
export function readManifest(dir: string, name = MANIFEST_FILE): Manifest | null {
  const path = join(dir, name);
  try {
    const stat = lstatSync(path);
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return null;
    return parseManifest(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

function parseManifest(value: unknown): Manifest | null {
  if (typeof value !== 'object' || value === null) return null;
  const { tool, version, files } = value as Record<string, unknown>;
  if (tool !== TOOL || typeof version !== 'string' || !Array.isArray(files)) return null;
  const entries: ManifestEntry[] = [];
  for (const file of files as unknown[]) {
    if (typeof file !== 'object' || file === null) return null;
    const { path, bytes } = file as Record<string, unknown>;
    if (typeof path !== 'string' || !isSafeRelativePath(path) || !Number.isSafeInteger(bytes) || (bytes as number) < 0) return null;
    entries.push({ path, bytes: bytes as number });
  }
  return { tool: TOOL, version, files: entries };
}

export interface Tree {
  /** relative path → size, for every entry that is not a folder (symlinks included, size -1) */
  files: Map<string, number>;
  /** relative paths of the folders inside */
  dirs: string[];
  /** more than MAX_ENTRIES entries: the walk stopped */
  truncated: boolean;
}

/** Every entry below `dir`, without following symlinks. */
export function listTree(dir: string): Tree {
  const tree: Tree = { files: new Map(), dirs: [], truncated: false };
  const walk = (rel: string): void => {
    for (const entry of readdirSync(rel === '' ? dir : join(dir, rel), { withFileTypes: true })) {
      if (tree.files.size + tree.dirs.length >= MAX_ENTRIES) {
        tree.truncated = true;
        return;
      }
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        tree.dirs.push(path);
        walk(path);
      } else tree.files.set(path, entry.isFile() ? lstatSync(join(dir, path)).size : -1);
    }
  };
  walk('');
  return tree;
}

export interface ManifestCheck {
  /** entries the manifest does not list (the user's, or changed since autopeer wrote them) */
  foreign: string[];
  /** listed files that are gone or have another size */
  missing: string[];
}

/** Compares a folder's entries with a manifest; bookkeeping files in `allowed` are not foreign. */
export function checkAgainstManifest(tree: Tree, manifest: Manifest, allowed: readonly string[] = [MANIFEST_FILE]): ManifestCheck {
  const listed = new Map(manifest.files.map((f) => [f.path, f.bytes]));
  const foreign: string[] = [];
  const missing: string[] = [];
  for (const [path, size] of tree.files) {
    if (allowed.includes(path)) continue;
    const bytes = listed.get(path);
    if (bytes === undefined) foreign.push(path);
    else if (bytes !== size) foreign.push(`${path} (changed since autopeer wrote it)`);
  }
  for (const dir of tree.dirs) {
    if (!manifest.files.some((f) => f.path.startsWith(`${dir}/`))) foreign.push(`${dir}/`);
  }
  for (const [path, bytes] of listed) if (tree.files.get(path) !== bytes) missing.push(path);
  if (tree.truncated) foreign.push(`… (more than ${MAX_ENTRIES} entries)`);
  return { foreign, missing };
}
