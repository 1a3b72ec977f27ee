// Which `--out` paths autopeer may write at all, and how a filesystem error at the output location
// becomes an InputError (exit 2) instead of a stack trace. Pure path rules plus realpath look-ups;
// depends only on node:fs/os/path and core/input-error.
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, parse, resolve, sep } from 'node:path';
import { InputError, inputError } from '../input/input-error.js';

export interface OutputLocation {
  /** the path as the user gave it (or the default), for messages */
  given: string;
  /** true when the user passed --out; false for the default folder */
  explicit: boolean;
}

const MAX_SHOWN = 100;

/** A path shortened for messages: a 5,000-character name must not flood the terminal. */
export function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, 60)}…${text.slice(-30)} (${text.length} characters)` : text;
}

/** The InputError of an output location: names --out (or the default path), what was expected and found. */
export function outputError(location: OutputLocation, expected: string, found: string): InputError {
  const flag = location.explicit ? '--out' : '--out (default out/<scenario>/seed-<seed>)';
  return inputError(location.given === '' ? '""' : shorten(location.given), flag, expected, found);
}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'a read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'a name longer than the file system allows; pass a shorter --out (or shorten the scenario name)',
  ENOENT: 'the location cannot hold new files',
  ELOOP: 'too many symbolic links',
  EEXIST: 'something already exists there',
  ENOTEMPTY: 'the folder is not empty',
  EISDIR: 'a folder where a file was expected',
  EMFILE: 'too many open files',
  EIO: 'an input/output error',
};

const isErrno = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';

/** Runs `action`; a filesystem error (EACCES, ENOTDIR, ENAMETOOLONG, EROFS, ENOSPC, …) becomes an InputError. */
export function mapFsErrors<T>(location: OutputLocation, doing: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (!isErrno(error) || error instanceof InputError) throw error;
    const code = error.code ?? 'error';
    const where = error.path ? ` (${error.syscall ?? 'at'} ${shorten(error.path)})` : '';
    const found = `${doing.replace(/\S{101,}/g, shorten)} failed: ${code}, ${WHY[code] ?? error.message}${where}`;
    throw outputError(location, 'a folder location autopeer can create and write', found);
  }
}

/** The real path of `path`: its longest existing ancestor resolved through symlinks, plus the rest. */
function realish(path: string): string {
  const rest: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      return join(realpathSync(dir), ...rest.reverse());
    } catch {
      if (dirname(dir) === dir) return path;
      rest.push(basename(dir));
    }
  }
}

const isSameOrAncestor = (candidate: string, of: string): boolean => of === candidate || of.startsWith(candidate.endsWith(sep) ? candidate : candidate + sep);

/**
 * The absolute target of `--out`, or an InputError for a path autopeer must never write into: an
 * empty path, `~` the shell did not expand, the file-system root, the home folder or a parent of it,
 * the working folder or a parent of it (`.`, `..`, `./x/..`, `a/` all resolve before comparing).
 */
export function resolveOutputPath(location: OutputLocation, cwd = process.cwd(), home = homedir()): string {
  const refuse = (found: string) => outputError(location, 'a new folder, an empty one or an earlier autopeer output', found);
  const given = location.given;
  if (given.trim() === '') throw refuse('an empty path (an unset shell variable?)');
  if (given === '~' || given.startsWith('~/')) throw refuse(`"${shorten(given)}": a "~" the shell did not expand; write the path out`);
  const target = isAbsolute(given) ? resolve(given) : resolve(cwd, given);
  const real = realish(target);
  if (parse(target).root === target || parse(real).root === real) throw refuse(`the file-system root (${target})`);
  const homes = [resolve(home), realish(resolve(home))];
  const cwds = [resolve(cwd), realish(resolve(cwd))];
  for (const t of [target, real]) {
    if (homes.some((h) => isSameOrAncestor(t, h))) throw refuse(`the home folder or a parent of it (${t})`);
    if (cwds.some((c) => c === t)) throw refuse(`the working folder itself (${t})`);
    if (cwds.some((c) => isSameOrAncestor(t, c))) throw refuse(`a parent of the working folder (${t})`);
  }
  return target;
}

/**
 * `mkdir -p` one level at a time. (Node's `mkdirSync(…, { recursive: true })` loops forever under
 * /proc, whose folders refuse new entries with ENOENT.) Folders get the default mode (umask).
 */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  let dir = path;
  while (lstatSync(dir, { throwIfNoEntry: false }) === undefined && dirname(dir) !== dir) {
    missing.push(dir);
    dir = dirname(dir);
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
