// Compiling one decision entry (a literal or an expression) against its decision point: symbols
// must be the decision's variables, the policy's params, units or constants; the expression is
// probed once on the decision's example scope for unit and kind errors. Depends on ./math,
// ./decisions, ./params and ./result; knows nothing of policy files beyond the error location.
import type { MathNode } from 'mathjs';
import { inputError, type InputError } from '../input/input-error.js';
import type { DecisionSpec, VariableSpec } from './decisions.js';
import { CONSTANTS, ExpressionError, isUnitName, NotANumberError, parseSafely, quantityMaker } from './math.js';
import type { ParamValue } from './params.js';
import { prepareExpression, resultBranches, subtreesToProbe, symbolsOutsideUnitLiterals } from './prepare.js';
import { checkResult, type DecisionValue } from './result.js';
import { PolicyRuntimeError } from './runtime-error.js';
import { explainUnitMistake } from './diagnose.js';
import { compileFast, type FastExpression } from './fast-eval.js';
import { didYouMean } from './suggest.js';

export type Scope = Readonly<Record<string, number | string>>;

export interface CompileContext {
  /** the policy file, for load errors */
  file: string;
  /** the policy's name, for run-time errors */
  policy: string;
  spec: DecisionSpec;
  params: ReadonlyMap<string, ParamValue>;
  /** params whose values are invalid (already reported): expressions using them are skipped */
  unresolved?: ReadonlySet<string>;
  /** false: evaluate with mathjs only (the tests compare the two paths); default true */
  fastEvaluation?: boolean;
}

/** how a decision is evaluated: a literal, the closures of ./fast-eval, or mathjs */
export type EvaluationPath = 'literal' | 'fast' | 'mathjs';

export interface CompiledDecision {
  readonly spec: DecisionSpec;
  /** the entry as written: a literal, or the expression's text */
  readonly source: DecisionValue;
  /** the decision variables it reads */
  readonly variables: readonly string[];
  readonly path: EvaluationPath;
  evaluate(scope: Scope): DecisionValue;
}

const pathOf = (spec: DecisionSpec): string => `${spec.role}.${spec.name}`;
const quote = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);

/**
 * A literal or an expression entry; throws an InputError naming the file, decision and problem.
 * Undefined when the expression uses a param whose value is invalid (that error is reported already).
 */
export function compileEntry(entry: DecisionValue, ctx: CompileContext): CompiledDecision | undefined {
  const { spec } = ctx;
  const isWord = spec.result.kind === 'choice' && typeof entry === 'string' && spec.result.values.includes(entry);
  if (typeof entry !== 'string' || isWord) return compileLiteral(entry, ctx);
  return compileExpression(entry, ctx);
}

function compileLiteral(entry: DecisionValue, ctx: CompileContext): CompiledDecision {
  const checked = checkResult(entry, ctx.spec.result);
  if (!checked.ok) throw inputError(ctx.file, pathOf(ctx.spec), checked.expected, checked.found);
  const value = checked.value;
  return { spec: ctx.spec, source: entry, variables: [], path: 'literal', evaluate: () => value };
}

const SAFE_LANGUAGE = 'a safe expression (numbers, variables, units like 200 ms, + - * / ^ %, comparisons, and/or/not, a ? b : c, and the allowed functions)';

function compileExpression(text: string, ctx: CompileContext): CompiledDecision | undefined {
  const path = pathOf(ctx.spec);
  let parsed;
  try {
    parsed = parseSafely(text);
  } catch (error) {
    if (error instanceof ExpressionError) throw inputError(ctx.file, path, SAFE_LANGUAGE, `${quote(text)}: ${error.message}`);
    throw error;
  }
  if ([...parsed.symbols].some((s) => ctx.unresolved?.has(s) && !Object.hasOwn(ctx.spec.variables, s))) return undefined;
  const variables = [...parsed.symbols].filter((s) => Object.hasOwn(ctx.spec.variables, s));
  const isKnown = (name: string) => Object.hasOwn(ctx.spec.variables, name) || ctx.params.has(name) || CONSTANTS.has(name);
  const misplaced = symbolsOutsideUnitLiterals(parsed.node, isKnown);
  for (const symbol of parsed.symbols) checkSymbol(symbol, isKnown(symbol) || (isUnitName(symbol) && !misplaced.has(symbol)), text, ctx);
  const node = prepareOrThrow(parsed.node, variables, text, ctx);
  probe(node, parsed.node, text, ctx);
  const fast = ctx.fastEvaluation === false ? undefined : compileFast(node, pick(ctx.spec.variables, variables));
  const evaluation: EvaluationPath = fast === undefined ? 'mathjs' : 'fast';
  return { spec: ctx.spec, source: text, variables, path: evaluation, evaluate: createEvaluator(node.compile(), fast, variables, ctx) };
}

function checkSymbol(symbol: string, allowed: boolean, text: string, ctx: CompileContext): void {
  if (allowed) return;
  const vars = Object.keys(ctx.spec.variables).join(', ');
  const params = [...ctx.params.keys()].join(', ');
  const known = [...Object.keys(ctx.spec.variables), ...ctx.params.keys(), ...CONSTANTS];
  const note = (isUnitName(symbol) ? ` (a unit must follow a number, like 200 ms)` : '') + didYouMean(symbol, known);
  throw inputError(
    ctx.file,
    pathOf(ctx.spec),
    `only the variables of ${pathOf(ctx.spec)} (${vars}), the policy's params (${params}), units after a number (200 ms) or constants (pi, e)`,
    `unknown symbol "${symbol}" in ${quote(text)}${note}`,
  );
}

function prepareOrThrow(node: MathNode, variables: readonly string[], text: string, ctx: CompileContext): MathNode {
  try {
    return prepareExpression(node, { variables: pick(ctx.spec.variables, variables), params: ctx.params });
  } catch (error) {
    throw error instanceof NotANumberError ? constantNaN(error, text, ctx) : typeError(error, node, text, ctx);
  }
}

function constantNaN(error: NotANumberError, text: string, ctx: CompileContext): InputError {
  return inputError(ctx.file, pathOf(ctx.spec), 'comparisons of numbers', `${quote(text)}: ${error.message}, whatever the variables`);
}

function readsVariable(node: MathNode, spec: DecisionSpec): boolean {
  let reads = false;
  node.traverse((n, path) => {
    if (path !== 'fn' && n.type === 'SymbolNode' && Object.hasOwn(spec.variables, (n as MathNode & { name: string }).name)) reads = true;
  });
  return reads;
}

const pick = (all: Record<string, VariableSpec>, names: readonly string[]) => new Map(names.map((name) => [name, all[name]] as const));

const AGREEING = 'an expression whose units and types agree';

/** A unit mistake explained (what to write instead), else the mathjs message with the units of the variables. */
function typeError(error: unknown, source: MathNode, text: string, ctx: CompileContext): InputError {
  const scope = exampleScope(ctx.spec);
  for (const [name, param] of ctx.params) if (!scope.has(name)) scope.set(name, param.expr);
  const explained = explainUnitMistake(source, scope, text);
  if (explained !== undefined) return inputError(ctx.file, pathOf(ctx.spec), `${AGREEING}: ${explained.expected}`, explained.found);
  const units = Object.entries(ctx.spec.variables)
    .filter(([, v]) => v.unit !== undefined)
    .map(([n, v]) => `${n} in ${v.unit}`);
  const hint = units.length > 0 ? ` (${units.join(', ')}; money and rates are plain numbers)` : ' (money and rates are plain numbers)';
  const message = error instanceof Error ? error.message : String(error);
  return inputError(ctx.file, pathOf(ctx.spec), `${AGREEING}${hint}`, `${quote(text)}: ${message}`);
}

/** The decision's examples as an expression scope: variables with a unit become quantities. */
export function exampleScope(spec: DecisionSpec): Map<string, unknown> {
  return new Map(Object.entries(spec.variables).map(([name, v]) => [name, toExpressionValue(v, v.example)]));
}

function toExpressionValue(v: VariableSpec, value: number | string): unknown {
  return v.unit !== undefined && typeof value === 'number' ? quantityMaker(v.unit)(value) : value;
}

/** Evaluates every compound sub-expression (so untaken branches are checked too) and the result kind. */
function probe(node: MathNode, source: MathNode, text: string, ctx: CompileContext): void {
  const scope = exampleScope(ctx.spec);
  for (const sub of subtreesToProbe(node)) {
    try {
      sub.compile().evaluate(scope);
    } catch (error) {
      // NaN on the example values is a run-time matter (other values may be fine), unless the
      // part reads no variable; a type error is always a load error
      if (!(error instanceof NotANumberError)) throw typeError(error, source, text, ctx);
      if (!readsVariable(sub, ctx.spec)) throw constantNaN(error, text, ctx);
    }
  }
  for (const branch of resultBranches(node)) {
    let value: unknown;
    try {
      value = branch.compile().evaluate(scope);
    } catch (error) {
      if (error instanceof NotANumberError) continue;
      throw error;
    }
    const checked = checkResult(value, ctx.spec.result);
    if (!checked.ok) {
      throw inputError(ctx.file, pathOf(ctx.spec), checked.expected, `${quote(text)} gives ${checked.found} on the example values`);
    }
  }
}

interface VariableSlot {
  name: string;
  isString: boolean;
  make?: (value: number) => unknown;
}

/**
 * The run-time evaluator: checks the variables read, evaluates (on the fast path if there is one,
 * else or where it declines with mathjs, on the variables converted to quantities), checks the result.
 * A fast result that fails the check is evaluated again with mathjs, which throws the error.
 */
function createEvaluator(
  code: { evaluate(scope: Map<string, unknown>): unknown },
  fast: FastExpression | undefined,
  variables: readonly string[],
  ctx: CompileContext,
) {
  const slots: VariableSlot[] = variables.map((name) => {
    const v = ctx.spec.variables[name];
    return { name, isString: v.type === 'string', make: v.unit === undefined ? undefined : quantityMaker(v.unit) };
  });
  const map = new Map<string, unknown>();
  const error = (scope: Scope, reason: string) =>
    new PolicyRuntimeError(ctx.policy, ctx.file, pathOf(ctx.spec), Object.fromEntries(variables.map((n) => [n, scope[n]])), reason);
  const checkVariables = (scope: Scope): void => {
    for (const slot of slots) {
      const x = scope[slot.name];
      if (slot.isString ? typeof x !== 'string' : typeof x !== 'number' || !Number.isFinite(x)) {
        throw error(scope, `variable ${slot.name} is ${x === undefined ? 'missing' : String(x)} (expected ${slot.isString ? 'a string' : 'a finite number'})`);
      }
    }
  };
  const withMathjs = (scope: Scope): DecisionValue => {
    for (const slot of slots) map.set(slot.name, slot.make === undefined ? scope[slot.name] : slot.make(scope[slot.name] as number));
    let raw: unknown;
    try {
      raw = code.evaluate(map);
    } catch (e) {
      if (e instanceof NotANumberError) throw error(scope, e.message);
      throw error(scope, `evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const checked = checkResult(raw, ctx.spec.result);
    if (!checked.ok) throw error(scope, `expected ${checked.expected}, found ${checked.found}`);
    return checked.value;
  };
  if (fast === undefined) {
    return (scope: Scope): DecisionValue => {
      checkVariables(scope);
      return withMathjs(scope);
    };
  }
  return (scope: Scope): DecisionValue => {
    checkVariables(scope);
    const raw = fast(scope);
    const checked = raw === undefined ? undefined : checkResult(raw, ctx.spec.result);
    return checked?.ok === true ? checked.value : withMathjs(scope);
  };
}
