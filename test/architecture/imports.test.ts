// The architecture as the code has it: no module imports itself back through others (no circles),
// and every module opens with a header comment saying its role. The one-way layers themselves are
// enforced by lint (eslint.config.js, no-restricted-imports per folder).
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { packageRoot } from '../../input/paths.js';

const ROOT = packageRoot();
const FOLDERS = ['core', 'input', 'cdni', 'cdn', 'agents', 'policies', 'scenarios', 'reports', 'experiments', 'cli', 'bench'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

const FROM = /^(?:import|export)\b[^;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gms;

function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const deps = [...text.matchAll(FROM)].map((m) => normalize(join(dirname(file), m[1])).replace(/\.js$/, '.ts'));
    graph.set(file, deps);
  }
  return graph;
}

/** the first cycle found, as a path that returns to its start, or null */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

const files = FOLDERS.flatMap((folder) => sources(join(ROOT, folder)));

describe('architecture', () => {
  it('no module imports itself back through others (no circles)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(findCycle(importGraph(files))?.join(' → ') ?? null).toBeNull();
  });

  it('the cycle finder finds a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    expect(findCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(
      findCycle(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toBeNull();
  });

  it('every module opens with a header comment saying its role', () => {
    const bare = files.filter((file) => !/^(#![^\n]*\n)?\/\/ \S/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(bare).toEqual([]);
  });
});
