// zod issues as InputIssues: the path in dot/bracket form, the schema's "expected" message and a
// short rendering of the value found; one issue per unknown key. Shared by the scenario and policy
// loaders. Depends only on zod and ./input-error.
import type { z } from 'zod';
import { formatFound, formatPath, type InputIssue } from './input-error.js';

/** One zod issue as input issues (an unknown-keys issue becomes one per key). */
export function toInputIssues(issue: z.core.$ZodIssue, doc: unknown, file: string): InputIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      path: formatPath([...issue.path, key]),
      expected: `no field "${key}" (${issue.message})`,
      found: JSON.stringify(key),
    }));
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
