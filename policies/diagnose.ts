// Explaining a unit mistake found while an expression is checked at load: the smallest part that
// fails on the example values (`latencyP95 > 150`), what it mixes (a duration with a plain number)
// and what to write instead (`150 ms`). Evaluates the checked tree part by part on the restricted
// instance, only on the error path. Depends on ./math only.
import type { MathNode, Unit } from 'mathjs';
import { functionAlias, isUnit, nodes, NotANumberError, plainNumber, RELATION_FUNCTIONS, unitKind } from './math.js';

/** What to write instead, as the `expected` and `found` of an input issue. */
export interface Diagnosis {
  expected: string;
  found: string;
}

type AnyNode = MathNode & Record<string, unknown>;
type Outcome = { ok: true; value: unknown } | { ok: false; failed?: { node: AnyNode; operands: unknown[] } };

/** The explanation of a Unit-with-number mistake in `root`, or undefined when it is another kind of error. */
export function explainUnitMistake(root: MathNode, scope: ReadonlyMap<string, unknown>, text: string): Diagnosis | undefined {
  const outcome = evaluateParts(root as AnyNode, scope);
  if (outcome.ok || outcome.failed === undefined) return undefined;
  const { node, operands, parts } = mixedPair(outcome.failed.node, outcome.failed.operands);
  const unitAt = operands.findIndex((v) => isUnit(v));
  const numberAt = operands.findIndex((v) => typeof v === 'number');
  if (unitAt < 0 || numberAt < 0 || operands.length !== 2) return undefined;
  const unit = operands[unitAt] as Unit;
  const kind = unitKind(unit);
  const unitName = unit.formatUnits();
  const numberNode = parts[numberAt] as AnyNode;
  const written =
    numberNode.type === 'ConstantNode' ? `like \`${String(numberNode.value)} ${unitName}\`` : `(a plain number x becomes one as x * (1 ${unitName}))`;
  const subject = `${parts[unitAt].toString()} (${kind})`;
  const part = node.toString();
  const where = part === text.trim() ? `\`${part}\`` : `\`${part}\` in ${JSON.stringify(text)}`;
  const types = operands.map((v) => (isUnit(v) ? 'Unit' : 'number')).join(' vs ');
  return { expected: `${operation(node)} ${subject} ${joiner(node)} ${kind} ${written}`, found: `${where} (${types})` };
}

const SIGNS: Readonly<Record<string, string>> = { equal: '==', unequal: '!=', smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=' };

/** The failing part and its operands; in a chain `0 < a < 200`, the first neighbours mixing a quantity and a number. */
function mixedPair(node: AnyNode, operands: unknown[]): { node: AnyNode; operands: unknown[]; parts: MathNode[] } {
  const parts = operandNodes(node);
  if (node.type !== 'RelationalNode') return { node, operands, parts };
  const conditionals = node.conditionals as string[];
  for (let i = 0; i + 1 < operands.length; i++) {
    const pair = [operands[i], operands[i + 1]];
    if (pair.some((v) => isUnit(v)) && pair.some((v) => typeof v === 'number')) {
      const fn = conditionals[i];
      const op = nodes.operator(SIGNS[fn] ?? fn, fn, [parts[i], parts[i + 1]]) as AnyNode;
      return { node: op, operands: pair, parts: [parts[i], parts[i + 1]] };
    }
  }
  return { node, operands, parts };
}

function operation(node: AnyNode): string {
  const fn = functionName(node);
  if (fn === 'add') return 'an addition of';
  if (fn === 'subtract') return 'a subtraction of';
  if (fn === undefined || RELATION_FUNCTIONS.has(fn)) return 'a comparison of';
  return `${fn}() of`;
}

const joiner = (node: AnyNode): string => (operation(node) === 'a comparison of' ? 'with' : 'and');

function functionName(node: AnyNode): string | undefined {
  if (node.type === 'OperatorNode') return node.fn as string;
  if (node.type === 'FunctionNode') return (node.fn as AnyNode).name as string;
  return undefined; // a chain of comparisons
}

function operandNodes(node: AnyNode): MathNode[] {
  if (node.type === 'RelationalNode') return node.params as MathNode[];
  if (node.type === 'ConditionalNode') return [node.condition as MathNode, node.trueExpr as MathNode, node.falseExpr as MathNode];
  return (node.args as MathNode[] | undefined) ?? [];
}

/** Bottom-up: each part is evaluated on its children's values, so the first failure is the smallest failing part. */
function evaluateParts(node: AnyNode, scope: ReadonlyMap<string, unknown>): Outcome {
  if (node.type === 'ParenthesisNode') return evaluateParts(node.content as AnyNode, scope);
  if (node.type === 'ConstantNode' || node.type === 'SymbolNode') return attempt(() => node.compile().evaluate(new Map(scope)));
  const children = operandNodes(node);
  const values: unknown[] = [];
  for (const child of children) {
    const outcome = evaluateParts(child as AnyNode, scope);
    if (!outcome.ok) return outcome;
    values.push(outcome.value);
  }
  if (node.type === 'ConditionalNode') return { ok: true, value: values[0] === true ? values[1] : values[2] };
  const rebuilt = rebuild(node, values);
  if (rebuilt === undefined) return { ok: true, value: values.every((v) => typeof v === 'string') ? values[0] === values[1] : false };
  const outcome = attempt(() => plainNumber(rebuilt.compile().evaluate(new Map())));
  return outcome.ok ? outcome : { ok: false, failed: { node, operands: values } };
}

/** The part with its children's values as constants; undefined for a comparison of words (compared as text). */
function rebuild(node: AnyNode, values: unknown[]): MathNode | undefined {
  const constants = values.map((v) => nodes.constant(v));
  const fn = functionName(node);
  if ((fn === 'equal' || fn === 'unequal') && values.some((v) => typeof v === 'string')) return undefined;
  if (node.type === 'RelationalNode') return nodes.relational(node.conditionals as string[], constants);
  if (node.type === 'OperatorNode') return nodes.operator(node.op as string, node.fn as string, constants);
  const name = fn as string;
  return name === 'and' || name === 'or' ? nodes.operator(name, name, constants) : nodes.call(functionAlias(name), constants);
}

function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    // NaN on the example values is not a unit mistake: carry on with NaN
    if (error instanceof NotANumberError) return { ok: true, value: false };
    return { ok: false };
  }
}
