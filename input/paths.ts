// Where autopeer's own files live: the folder holding its package.json, found by walking up from
// this module (works from the TypeScript sources and from dist/). Depends only on node:fs/path/url.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'autopeer';
let cached: string | undefined;

function isOurPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof pkg === 'object' && pkg !== null && (pkg as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The absolute path of the folder holding autopeer's package.json. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isOurPackage(join(dir, 'package.json'))) return (cached = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json of "${PACKAGE_NAME}" above ${start}`);
  }
}
