// vitest's global set-up: builds dist/ once before the tests, because a sweep's worker threads run
// the built worker (dist/experiments/run-worker.js) and some tests drive the built CLI as a user would.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  // incremental, its state inside dist/ (removing dist/ removes it too): a second test run rebuilds only what changed
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--incremental', '--tsBuildInfoFile', join(root, 'dist', '.tsbuildinfo')], {
    stdio: 'inherit',
  });
}
