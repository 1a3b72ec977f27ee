// vitest's global set-up: builds dist/ once before the tests, because a sweep's worker threads run
// the built worker (dist/experiments/run-worker.js) and some tests drive the built CLI as a user would.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
