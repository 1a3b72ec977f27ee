// What a decision returns: checking and converting a raw mathjs value against the decision's
// result kind (boolean, number in its unit and range, or one of a few words). Used at load (on
// literals and probe values) and at run time. Depends on ./decisions and ./math only.
import type { ResultKind } from './decisions.js';
import { isUnit, quantityIn } from './math.js';

export type DecisionValue = number | boolean | string;

/** A value of the right kind, or why not (`why` completes "expected …, found …"). */
export type Checked = { ok: true; value: DecisionValue } | { ok: false; expected: string; found: string };

/** "true or false", "a number ≥ 0", "one of short, long" */
export function describeResult(result: ResultKind): string {
  switch (result.kind) {
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${result.values.join(', ')}`;
    case 'strategy':
      return `a concession tactic (${result.tactics.join(', ')})`;
    case 'number': {
      const unit = result.unit === undefined ? 'a plain number' : `a number in ${result.unit} (or a quantity convertible to it)`;
      const low = result.min === undefined ? '' : ` ≥ ${result.min}`;
      const high = result.max === undefined ? '' : `${low ? ' and' : ''} ≤ ${result.max}`;
      return unit + low + high;
    }
  }
}

/** A short rendering of a raw value for messages: `NaN`, `180 ms`, `"shrt"`, `true`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isUnit(value)) return `the quantity ${value.toString()}`;
  if (value === null || value === undefined) return String(value);
  return `a ${typeof value === 'function' ? 'function' : ((value as object).constructor?.name ?? typeof value)}`;
}

const fail = (result: ResultKind, value: unknown, note = ''): Checked => ({
  ok: false,
  expected: describeResult(result),
  found: describeValue(value) + note,
});

/** Checks `value` against `result`; numbers with units are converted to the declared unit. */
export function checkResult(value: unknown, result: ResultKind): Checked {
  switch (result.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : fail(result, value);
    case 'choice':
      return typeof value === 'string' && result.values.includes(value) ? { ok: true, value } : fail(result, value);
    case 'number':
      return checkNumber(value, result);
    case 'strategy':
      return fail(result, value);
  }
}

function checkNumber(value: unknown, result: Extract<ResultKind, { kind: 'number' }>): Checked {
  let x: number;
  if (typeof value === 'number') x = value;
  else if (isUnit(value) && result.unit !== undefined) {
    const converted = quantityIn(value, result.unit);
    if (converted === undefined) return fail(result, value, ` (not convertible to ${result.unit})`);
    x = converted;
  } else if (isUnit(value)) {
    return fail(result, value, ' (make it a plain number, e.g. number(x, "ms") or x / (1 ms))');
  } else return fail(result, value);
  if (!Number.isFinite(x)) return fail(result, x);
  if (result.min !== undefined && x < result.min) return fail(result, x, result.min === 0 ? ' (write max(0, …) to keep it at 0 or above)' : '');
  if (result.max !== undefined && x > result.max) return fail(result, x);
  return { ok: true, value: x };
}
