// zod issues as InputIssues: the path in dot/bracket form, the schema's "expected" message and a
// short rendering of the value found; one issue per unknown key. Shared by the scenario and policy
// loaders. Depends only on zod, ./input-error and ./did-you-mean.
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { formatFound, formatPath, type InputIssue } from './input-error.js';

export interface IssueOptions {
  /**
   * Suggest the nearest known field for an unknown one, when the schema's message for unknown
   * keys is `known: a, b, c`: `no field "sevrers" (did you mean "servers"? known: …)`.
   */
  suggest?: boolean;
}

const KNOWN = 'known: ';

/** One zod issue as input issues (an unknown-keys issue becomes one per key). */
export function toInputIssues(issue: z.core.$ZodIssue, doc: unknown, file: string, opts: IssueOptions = {}): InputIssue[] {
  if (issue.code === 'unrecognized_keys') {
    const known = opts.suggest && issue.message.startsWith(KNOWN) ? issue.message.slice(KNOWN.length).split(', ') : [];
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, known);
      const hint = suggestion === undefined ? '' : `did you mean "${suggestion}"? `;
      return { file, path: formatPath([...issue.path, key]), expected: `no field "${key}" (${hint}${issue.message})`, found: formatFound(key) };
    });
  }
  return [{ file, path: formatPath(issue.path), expected: issue.message, found: formatFound(valueAt(doc, issue.path)) }];
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** "Expected" texts for issues whose schema does not set its own (the schema normally does). */
export const fallbackExpected: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'too_small':
      return `a value ≥ ${String(issue.minimum)}`;
    case 'too_big':
      return `a value ≤ ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'only known fields';
    default:
      return 'a valid value';
  }
};
