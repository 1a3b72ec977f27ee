// Nesting limits of input documents: a parsed value may nest at most MAX_NESTING levels (checked
// without recursion), and a text may open at most MAX_FLOW_BRACKETS brackets before the YAML
// parser sees it (deeper flow nesting exhausts the parser's stack and memory and aborts Node).
// No input file needs more than a dozen levels. Depends only on ./input-error.
import { formatPath, inputError } from './input-error.js';

/** Levels a parsed document may nest (a scenario needs about 8). */
export const MAX_NESTING = 64;
/** Unclosed `[` / `{` a text may hold at once: a cheap scan before parsing, far above any real file. */
export const MAX_FLOW_BRACKETS = 1000;

export const NESTING_EXPECTED = `nesting at most ${MAX_NESTING} levels deep`;

/** Throws an InputError when `value` nests deeper than MAX_NESTING; `at` is the path of `value` itself. */
export function checkNesting(value: unknown, file: string, at: readonly PropertyKey[] = []): void {
  const stack: { node: unknown; depth: number; path: PropertyKey[] }[] = [{ node: value, depth: 0, path: [...at] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_NESTING) {
      const shown = path.length > 8 ? `${formatPath(path.slice(0, 8))}…` : formatPath(path);
      throw inputError(file, shown, NESTING_EXPECTED, `nesting deeper than ${MAX_NESTING} levels`);
    }
    const entries: [PropertyKey, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1, path: [...path, key] });
    }
  }
}

/**
 * Throws an InputError when `text` holds more than MAX_FLOW_BRACKETS unclosed brackets at once
 * (counted over the raw text, quotes and comments included: an over-estimate of flow nesting).
 */
export function checkFlowBrackets(text: string, file: string, where = '(file)'): void {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_BRACKETS) {
        throw inputError(file, where, NESTING_EXPECTED, `more than ${MAX_FLOW_BRACKETS} unclosed "[" or "{" at line ${line}, column ${i - lineStart + 1}`);
      }
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x0a) [line, lineStart] = [line + 1, i + 1];
  }
}

/** True for the RangeError of an exhausted call stack (the yaml library reports it as a parse error). */
export const isStackOverflow = (message: string): boolean => message.includes('Maximum call stack size exceeded');
