// Turns a checked expression tree into the tree that is compiled: parameters, units and constants
// become constant nodes, constant sub-expressions are folded, `==`/`!=` on words compare text,
// comparisons refuse NaN operands, and `*`/`/` return plain numbers when the units cancel.
// Depends on ./math only.
import type { MathNode, Unit } from 'mathjs';
import type { VariableSpec } from './decisions.js';
import { functionAlias, isUnit, nodes, PLAIN_NUMBER, plainNumber, RELATION_FUNCTIONS, valuelessUnit } from './math.js';
import type { ParamValue } from './params.js';

export interface PrepareEnv {
  /** the decision variables the expression reads */
  variables: ReadonlyMap<string, VariableSpec>;
  params: ReadonlyMap<string, ParamValue>;
}

type AnyNode = MathNode & Record<string, unknown>;
const CONSTANT_VALUES: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** The compiled form of a tree that passed parseSafely and the symbol check (throws on type errors while folding). */
export function prepareExpression(node: MathNode, env: PrepareEnv): MathNode {
  const withUnits = usesUnits(node, env);
  return rebuild(node, env, withUnits);
}

function usesUnits(node: MathNode, env: PrepareEnv): boolean {
  let found = false;
  node.traverse((n, path) => {
    const a = n as AnyNode;
    if (a.type !== 'SymbolNode' || path === 'fn') return;
    const name = a.name as string;
    const variable = env.variables.get(name);
    if (variable !== undefined) found ||= variable.unit !== undefined;
    else if (env.params.has(name)) found ||= isUnit(env.params.get(name)?.expr);
    else if (!(name in CONSTANT_VALUES)) found = true; // a unit name
  });
  return found;
}

function rebuild(node: MathNode, env: PrepareEnv, withUnits: boolean): MathNode {
  const n = node as AnyNode;
  const again = (child: unknown) => rebuild(child as MathNode, env, withUnits);
  switch (n.type) {
    case 'SymbolNode':
      return symbol(n.name as string, node, env);
    case 'ParenthesisNode':
      return again(n.content);
    case 'ConditionalNode':
      return fold(nodes.conditional(again(n.condition), again(n.trueExpr), again(n.falseExpr)));
    case 'OperatorNode':
      return operator(n.op as string, n.fn as string, (n.args as MathNode[]).map(again), env, withUnits);
    case 'FunctionNode':
      return call((n.fn as AnyNode).name as string, (n.args as MathNode[]).map(again), env);
    case 'RelationalNode':
      return fold(relational(n.conditionals as string[], (n.params as MathNode[]).map(again)));
    default:
      return node; // ConstantNode
  }
}

function symbol(name: string, node: MathNode, env: PrepareEnv): MathNode {
  if (env.variables.has(name)) return node;
  const param = env.params.get(name);
  if (param !== undefined) return nodes.constant(param.expr);
  if (name in CONSTANT_VALUES) return nodes.constant(CONSTANT_VALUES[name]);
  return nodes.constant(valuelessUnit(name));
}

function operator(op: string, fn: string, args: MathNode[], env: PrepareEnv, withUnits: boolean): MathNode {
  if ((fn === 'equal' || fn === 'unequal') && args.some((a) => isText(a, env))) return textEquality(fn, args);
  if (fn === 'and' || fn === 'or') return shortCircuit(fn, args);
  // comparisons call the checked aliases, which refuse NaN operands (see ./math)
  const result = fold(nodes.operator(op, RELATION_FUNCTIONS.has(fn) ? functionAlias(fn) : fn, args));
  const mayCancel = withUnits && (fn === 'multiply' || fn === 'divide') && !isConstant(result);
  return mayCancel ? nodes.call(PLAIN_NUMBER, [result]) : result;
}

function call(name: string, args: MathNode[], env: PrepareEnv): MathNode {
  if ((name === 'equal' || name === 'unequal') && args.some((a) => isText(a, env))) return textEquality(name, args);
  if ((name === 'and' || name === 'or') && args.length === 2) return shortCircuit(name, args);
  return fold(nodes.call(name === 'and' || name === 'or' ? name : functionAlias(name), args));
}

/** `a and b` ⇒ `a ? (b ? true : false) : false`: the same short-circuit result, without mathjs's
 * lazy-argument machinery (≈ 4 µs per `and`/`or` otherwise). */
function shortCircuit(fn: 'and' | 'or', [a, b]: MathNode[]): MathNode {
  const yes = nodes.constant(true);
  const no = nodes.constant(false);
  const second = fold(nodes.conditional(b, yes, no));
  return fold(fn === 'and' ? nodes.conditional(a, second, no) : nodes.conditional(a, yes, second));
}

/** mathjs `equal` converts words to numbers; words compare as text instead. */
function textEquality(fn: string, args: MathNode[]): MathNode {
  const same = fold(nodes.call(functionAlias('equalText'), args));
  return fn === 'equal' ? same : fold(nodes.operator('not', 'not', [same]));
}

function isText(node: MathNode, env: PrepareEnv): boolean {
  const n = node as AnyNode;
  if (n.type === 'ConstantNode') return typeof n.value === 'string';
  if (n.type === 'SymbolNode') return env.variables.get(n.name as string)?.type === 'string';
  if (n.type === 'ConditionalNode') return isText(n.trueExpr as MathNode, env) || isText(n.falseExpr as MathNode, env);
  return false;
}

function relational(conditionals: string[], params: MathNode[]): MathNode {
  return nodes.relational(conditionals.map(functionAlias), params);
}

const isConstant = (node: MathNode): boolean => (node as AnyNode).type === 'ConstantNode';

/** A compound node whose children are all constants becomes the constant it evaluates to. */
function fold(node: MathNode): MathNode {
  let constant = true;
  node.forEach((child) => (constant &&= isConstant(child)));
  return constant ? nodes.constant(plainNumber(node.compile().evaluate(new Map())) as number | Unit) : node;
}

/** Every compound sub-expression, to evaluate on the example scope. */
export function subtreesToProbe(node: MathNode): MathNode[] {
  const found: MathNode[] = [];
  node.traverse((n) => {
    if (!isConstant(n) && (n as AnyNode).type !== 'SymbolNode') found.push(n);
  });
  return found;
}

/** The sub-expressions whose value can be the result: the branches of conditionals, recursively. */
export function resultBranches(node: MathNode): MathNode[] {
  const n = node as AnyNode;
  if (n.type !== 'ConditionalNode') return [node];
  return [...resultBranches(n.trueExpr as MathNode), ...resultBranches(n.falseExpr as MathNode)];
}

// ── where unit names may stand ────────────────────────────────────────────────────────────────

const LITERAL_OPERATORS = new Set(['multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

/** The unit names of a unit literal (numbers and units joined by * / ^), or undefined if it is not one. */
function literalUnits(node: MathNode, isKnown: (name: string) => boolean): { units: string[]; numbers: number } | undefined {
  const n = node as AnyNode;
  if (n.type === 'ConstantNode') return typeof n.value === 'number' ? { units: [], numbers: 1 } : undefined;
  if (n.type === 'SymbolNode') return isKnown(n.name as string) ? undefined : { units: [n.name as string], numbers: 0 };
  if (n.type === 'ParenthesisNode') return literalUnits(n.content as MathNode, isKnown);
  if (n.type !== 'OperatorNode' || !LITERAL_OPERATORS.has(n.fn as string)) return undefined;
  const parts = (n.args as MathNode[]).map((a) => literalUnits(a, isKnown));
  if (parts.some((p) => p === undefined)) return undefined;
  return { units: parts.flatMap((p) => p?.units ?? []), numbers: parts.reduce((sum, p) => sum + (p?.numbers ?? 0), 0) };
}

/**
 * Names that stand where only a variable, param or constant can: everything not `isKnown` outside
 * a unit literal (`200 ms`, `5 Gbit/s`, `(1 min)`) or the right side of `to`. A unit name there is
 * most likely a typo (`bar`, `link` and `day` are mathjs units), so it is reported as unknown.
 */
export function symbolsOutsideUnitLiterals(node: MathNode, isKnown: (name: string) => boolean): Set<string> {
  const outside = new Set<string>();
  const visit = (current: MathNode): void => {
    const n = current as AnyNode;
    const literal = literalUnits(current, isKnown);
    if (literal !== undefined && literal.units.length > 0 && literal.numbers > 0) return;
    if (n.type === 'OperatorNode' && n.fn === 'to') {
      const [left, right] = n.args as MathNode[];
      visit(left);
      if (literalUnits(right, isKnown) === undefined) visit(right);
      return;
    }
    if (n.type === 'SymbolNode' && !isKnown(n.name as string)) outside.add(n.name as string);
    if (n.type === 'FunctionNode') (n.args as MathNode[]).forEach(visit);
    else current.forEach((child) => visit(child));
  };
  visit(node);
  return outside;
}
