// Invalid user input (scenario and policy files, --set overrides, flags): one error carrying every
// issue found, each naming the file, the field path, what was expected and what was found. The CLI
// turns it into exit code 2. Plain data and formatting only; depends on nothing.

export interface InputIssue {
  file: string;
  /** dot/bracket form like `cdns[0].sites[1].servers`; `(root)` for the whole document */
  path: string;
  expected: string;
  found: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(issues.length > 0 ? issues.map(formatIssue).join('\n') : 'invalid input');
    this.issues = issues;
  }
}

/** `<file>: <path>: expected <expected>, found <found>` */
export function formatIssue(issue: InputIssue): string {
  const path = issue.path === '' ? '(root)' : issue.path;
  return `${issue.file}: ${path}: expected ${issue.expected}, found ${issue.found}`;
}

/** An error with a single issue. */
export function inputError(file: string, path: string, expected: string, found: string): InputError {
  return new InputError([{ file, path, expected, found }]);
}

/** A file that could not be read (missing, a folder, no permission): path `(file)`. */
export function unreadableFileError(file: string, cause: unknown): InputError {
  const found = cause instanceof Error ? cause.message : String(cause);
  return inputError(file, '(file)', 'a readable file', found);
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `['cdns', 0, 'sites', 1, 'servers']` ⇒ `cdns[0].sites[1].servers`; `[]` ⇒ `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && PLAIN_KEY.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? '(root)' : text;
}

const MAX_FOUND = 60;

/** A short, human rendering of a found value: `"pirmary"`, `-3`, `true`, `nothing`, `{"a":1}`. */
export function formatFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_FOUND ? `${text.slice(0, MAX_FOUND - 1)}…` : text;
}
