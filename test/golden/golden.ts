// Golden outputs (like OMNeT++ fingerprint tests): each case of cases.json is a short run of a
// ready scenario whose report.json is committed as <name>.report.json and checked byte for byte.
// `npm run golden:update` (scripts/update-golden.ts) regenerates them deliberately.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../../cli/program.js';

export const GOLDEN_DIR = import.meta.dirname;

export interface GoldenCase {
  name: string;
  /** the autopeer arguments (the output folder and --no-charts --quiet are added) */
  args: string[];
  why: string;
}

export const goldenCases = (): GoldenCase[] => JSON.parse(readFileSync(join(GOLDEN_DIR, 'cases.json'), 'utf8')) as GoldenCase[];

export const goldenFile = (c: GoldenCase): string => join(GOLDEN_DIR, `${c.name}.report.json`);

/** Runs a case in-process into a temporary folder and returns its report.json text. */
export function renderGolden(c: GoldenCase): string {
  const dir = mkdtempSync(join(tmpdir(), 'autopeer-golden-'));
  try {
    let err = '';
    const code = runCli([...c.args, '--out', join(dir, 'run'), '--no-charts', '--quiet'], { out: () => {}, err: (t) => (err += t), isTty: false });
    if (code !== 0) throw new Error(`golden case ${c.name} (autopeer ${c.args.join(' ')}) exited ${code}: ${err}`);
    return readFileSync(join(dir, 'run', 'report.json'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Compares `actual` with the golden `file`: null when byte-identical (a stale `.new` is removed);
 * otherwise writes `<file>.new` and returns the message saying how to review and update.
 */
export function compareGolden(file: string, actual: string): string | null {
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (actual === expected) {
    rmSync(`${file}.new`, { force: true });
    return null;
  }
  writeFileSync(`${file}.new`, actual);
  const name = basename(file);
  return (
    `${name} ${expected === null ? 'is missing' : 'differs'}: the new report is in ${name}.new beside it; compare them ` +
    `(diff ${name} ${name}.new), and if the change is intended run \`npm run golden:update\` and commit the golden files`
  );
}
