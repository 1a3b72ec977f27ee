// Helpers for checking a raw scenario document (before the schema has shaped it): tolerant of wrong
// shapes, which the schema reports, so cross-field checks can run beside it and every issue is
// reported at once. Shared by ./references and ./timing-checks.

export interface ReferenceIssue {
  path: (string | number)[];
  expected: string;
  found: string;
}

export type Doc = Record<string, unknown>;
export type Path = (string | number)[];

export const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The elements of `value` that are mappings, with their indices. */
export const records = (value: unknown): [Doc, number][] =>
  Array.isArray(value) ? value.flatMap((v, i): [Doc, number][] => (isRecord(v) ? [[v, i]] : [])) : [];
