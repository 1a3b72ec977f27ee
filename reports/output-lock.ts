// The lock of an output folder: an exclusively created file `.<name>.lock` beside it holding the
// writer's pid, so two runs never write the same folder at once. A lock whose pid is not alive is
// stale and taken over. (Two runs taking over the same stale lock at the same instant may both
// think they won; the window is a few system calls wide.) Depends only on node:fs and ./output-path.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { outputError, mapFsErrors, type OutputLocation } from './output-path.js';

/** a lock file without a pid yet, younger than this, is being created by a live run */
const FRESH_MS = 10_000;

export interface OutputLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** the pid in an existing lock file; null when it has none (yet); undefined when the file is gone */
function holder(path: string): { pid: number | null; ageMs: number } | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return { pid: /^\d+$/.test(text) ? Number(text) : null, ageMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function removeStale(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Takes the lock at `path` for the output at `location`, or throws an InputError naming the holder. */
export function acquireOutputLock(location: OutputLocation, path: string): OutputLock {
  mapFsErrors(location, `creating the lock ${path}`, () => {
    for (let attempt = 0; !tryCreate(path); attempt++) {
      const held = holder(path);
      if (held === undefined) continue; // released meanwhile: try again
      const alive = held.pid === null ? held.ageMs < FRESH_MS : isAlive(held.pid);
      if (alive || attempt >= 3) {
        throw outputError(
          location,
          'a folder no other autopeer run is writing',
          `it is being written by another autopeer run (pid ${held.pid ?? 'unknown'}); ` + `wait for it or remove ${path} if no such run is alive`,
        );
      }
      removeStale(path); // its writer is gone
    }
  });
  return {
    path,
    release() {
      try {
        if (holder(path)?.pid === process.pid) unlinkSync(path);
      } catch {
        // nothing to release
      }
    },
  };
}
