// Finding a policy file from a reference: a library name, or a .yaml/.yml/.json file that lies —
// after every symbolic link is resolved — under an allowed folder (the scenario's folder and any
// folder the user names with --policy-path). A reference someone else wrote (a scenario, an
// override) can therefore never make autopeer read, and echo, a file elsewhere. Depends on node:fs/path.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { didYouMean } from './suggest.js';

export interface PolicyLocationOptions {
  /** the folder relative references are resolved against (a scenario's folder); an allowed folder */
  baseDir?: string;
  /** further allowed folders (`--policy-path DIR`), also searched for relative references */
  policyDirs?: readonly string[];
}

export type Located = { ok: true; file: string } | { ok: false; expected: string; found: string; unknownName?: boolean };

export const POLICY_FILE = /\.(ya?ml|json)$/i;
const LIBRARY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** a policy file is small text; anything larger is refused before it is read */
export const MAX_POLICY_BYTES = 1024 * 1024;

const statOf = (path: string) => {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};

/** A reference without a folder separator and without a policy-file extension names a library policy. */
export const isLibraryName = (ref: string): boolean => !/[\\/]/.test(ref) && !POLICY_FILE.test(ref);

/** The library policy's file, or why not (with a did-you-mean among the known names). */
export function locateLibraryPolicy(ref: string, libraryDir: string, known: readonly string[]): Located {
  const file = join(libraryDir, `${ref}.yaml`);
  if (LIBRARY_NAME.test(ref) && known.includes(ref) && statOf(file)?.isFile() === true) return { ok: true, file };
  return {
    ok: false,
    unknownName: true,
    expected: 'a policy file or the name of a library policy',
    found: `unknown policy ${JSON.stringify(ref)} (known: ${known.join(', ')})${didYouMean(ref, known).replace(/^ \((.*)\)$/, '; $1')}`,
  };
}

/**
 * The real path of a policy file reference confined to the allowed folders. Without any allowed
 * folder (a path the user named directly), the reference is taken as it is, relative to the
 * working directory.
 */
export function locatePolicyFile(ref: string, opts: PolicyLocationOptions): Located {
  const allowed = allowedDirs(opts);
  if (allowed.length === 0) return { ok: true, file: resolve(ref) };
  const candidates = isAbsolute(ref) ? [ref] : allowed.map((dir) => resolve(dir, ref));
  const existing = candidates.find((path) => statOf(path) !== undefined);
  const outside = refusal(ref, allowed);
  if (existing === undefined) {
    const first = candidates[0];
    if (!allowed.some((dir) => isUnder(first, dir))) return outside('it lies outside');
    return { ok: false, expected: 'a library policy name or a readable policy file', found: `${JSON.stringify(ref)} (no file ${first})` };
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    return outside('it cannot be resolved');
  }
  if (!allowed.some((dir) => isUnder(real, realDir(dir)))) return outside(real === resolve(existing) ? 'it lies outside' : 'a link leads outside');
  if (!POLICY_FILE.test(real)) return outside('not a .yaml, .yml or .json file');
  const stat = statOf(real);
  if (stat?.isFile() !== true) return outside('not a regular file');
  if (stat.size > MAX_POLICY_BYTES) {
    return { ok: false, expected: `a policy file of at most ${MAX_POLICY_BYTES} bytes`, found: `${JSON.stringify(ref)} (${stat.size} bytes)` };
  }
  return { ok: true, file: real };
}

function allowedDirs(opts: PolicyLocationOptions): string[] {
  const dirs = [...(opts.baseDir === undefined ? [] : [opts.baseDir]), ...(opts.policyDirs ?? [])];
  return dirs.map((dir) => resolve(dir));
}

/** The refusal of a reference outside the allowed folders: it names the folders, never the content. */
function refusal(ref: string, allowed: readonly string[]) {
  const [first, ...extra] = allowed;
  const others = extra.length === 0 ? 'or a folder given with --policy-path' : `or ${extra.join(', ')}, given with --policy-path`;
  return (why: string): Located => ({
    ok: false,
    expected: `a library policy name or a .yaml/.yml/.json file under ${first} (${others})`,
    found: `${JSON.stringify(ref)} (${why === 'it lies outside' ? 'it lies outside those folders' : why === 'a link leads outside' ? 'a link leading outside those folders' : why})`,
  });
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** `path` is strictly inside `dir` (both absolute). */
function isUnder(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
