// For tests that run autopeer in a child process (to SIGKILL it): transpiles the sources (no type
// check) into a fresh folder under node_modules/.cache, where the package's node_modules and
// package.json (for packageRoot) are found by walking up. removeChildBuild deletes it again.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '../..');
const SOURCES = ['core', 'input', 'cdni', 'cdn', 'agents', 'policies', 'scenarios', 'reports', 'experiments', 'cli'];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The folder holding `cli/main.js`, `reports/output-folder.js`, … as plain ES modules. */
export function createChildBuild(): string {
  const out = join(ROOT, 'node_modules', '.cache', `autopeer-child-${randomBytes(4).toString('hex')}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  for (const file of SOURCES.flatMap(tsFiles)) {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    const target = join(out, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return out;
}

export function removeChildBuild(dir: string): void {
  if (dir.includes(`${join('node_modules', '.cache', 'autopeer-child-')}`)) rmSync(dir, { recursive: true, force: true });
}
