// The package version, read once from package.json (it is part of every report).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../input/paths.js';

let cached: string | null = null;

export function packageVersion(): string {
  if (cached === null) cached = String(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version);
  return cached;
}
