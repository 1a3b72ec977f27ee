// Runs the CLI in-process with captured output, in a fresh temporary folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/program.js';

export function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), isTty: false });
  return { code, stdout, stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'autopeer-test-'));
}
