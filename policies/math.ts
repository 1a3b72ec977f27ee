// The one restricted mathjs instance of autopeer and the safe expression front end: length and
// nesting caps before parsing, a private parser, and a whitelist of node types, operators and
// functions. Knows nothing of decisions or policy files; must not depend on agents/ or scenarios/.
import { all, create, type MathNode, type Unit } from 'mathjs';

const math = create(all, { predictable: true, number: 'number' });
/** private: the namespace's own `parse` is replaced by a throwing stub below */
const parsePrivately = math.parse;

// `Gbit/s` and friends read like the scenario files (mathjs itself only knows `Gb`, `gigabits`).
math.createUnit({ kbit: '1000 b', Mbit: '1e6 b', Gbit: '1e9 b', Tbit: '1e12 b' });

/** `a / b` of two quantities of one dimension is a plain number (mathjs would keep a unitless Unit). */
export function plainNumber(value: unknown): unknown {
  if (!isUnit(value) || value.dimensions.some((d) => d !== 0)) return value;
  return (value as Unit & { value: number }).value;
}
/** name of the internal helper wrapped around `*` and `/` (not callable from expressions) */
export const PLAIN_NUMBER = 'plainNumber';
math.import({ [PLAIN_NUMBER]: plainNumber });

/**
 * The compiled name of an allowed function: mathjs looks a called name up in the scope first, so
 * `round(x)` would call the bargaining variable `round`; the aliases cannot be shadowed (and
 * cannot be written in an expression: they are not on the whitelist).
 */
export const functionAlias = (name: string): string => `policyFunction_${name}`;
/** the functions an expression may call (`and`/`or` calls become conditionals; see ./prepare) */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  'min',
  'max',
  'abs',
  'sqrt',
  'exp',
  'log',
  'log10',
  'pow',
  'floor',
  'ceil',
  'round',
  'sign',
  'mod',
  'and',
  'or',
  'not',
  'xor',
  'equal',
  'unequal',
  'larger',
  'smaller',
  'largerEq',
  'smallerEq',
  'number',
  'to',
]);
const CALLABLE = [...ALLOWED_FUNCTIONS].filter((name) => name !== 'and' && name !== 'or').concat('equalText');
/** the comparisons; their aliases refuse NaN and complex operands (mathjs says `NaN > 1` is false) */
export const RELATION_FUNCTIONS: ReadonlySet<string> = new Set(['equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq']);

/** A comparison with an operand that is not a number (NaN, a complex number, a NaN quantity). */
export class NotANumberError extends Error {
  override readonly name = 'NotANumberError';
}

const isNaNValue = (x: unknown): boolean =>
  typeof x === 'number' ? x !== x : math.isComplex(x) || (math.isUnit(x) && Number.isNaN((x as Unit & { value: number }).value));

const RELATION_SIGNS: Readonly<Record<string, string>> = { equal: '==', unequal: '!=', smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=' };

/** `fn` checking its operands first: a cheap typeof test on the usual plain numbers. */
function checkedRelation(name: string, fn: (a: unknown, b: unknown) => boolean) {
  return (a: unknown, b: unknown): boolean => {
    if ((typeof a === 'number' ? a !== a : isNaNValue(a)) || (typeof b === 'number' ? b !== b : isNaNValue(b))) {
      throw new NotANumberError(
        `the comparison ${String(a)} ${RELATION_SIGNS[name]} ${String(b)} has an operand that is not a number (a square root or logarithm of a negative number, 0/0, ∞ - ∞ …)`,
      );
    }
    return fn(a, b);
  };
}
const namespace = math as unknown as Record<string, (a: unknown, b: unknown) => boolean>;
math.import(
  Object.fromEntries(CALLABLE.map((name) => [functionAlias(name), RELATION_FUNCTIONS.has(name) ? checkedRelation(name, namespace[name]) : namespace[name]])),
);

/** Everything that parses, compiles, evaluates or changes the instance (see the mathjs security page). */
export const DISABLED_FUNCTIONS = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'compile',
  'resolve',
  'reviver',
  'replacer',
  'parser',
  'Parser',
  'chain',
  'rationalize',
  'symbolicEqual',
  'leafCount',
  'help',
] as const;
const disabled = (name: string) => () => {
  throw new Error(`function ${name} is disabled in policy expressions`);
};
math.import(Object.fromEntries(DISABLED_FUNCTIONS.map((name) => [name, disabled(name)])), { override: true });

/** The restricted instance itself, for tests of the stubs; never evaluate user text with it. */
export const restrictedMath = math;

export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_NESTING = 64;
/** deepest syntax tree accepted after parsing (a chain of 200 `+` is 200 deep) */
const MAX_TREE_DEPTH = 400;

const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'mod',
  'unaryMinus',
  'unaryPlus',
  'equal',
  'unequal',
  'smaller',
  'larger',
  'smallerEq',
  'largerEq',
  'and',
  'or',
  'xor',
  'not',
  'to',
]);
const RELATIONS = RELATION_FUNCTIONS;
/** constants an expression may name besides variables, parameters and units */
export const CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e']);

/** An expression that is not allowed; `found` says what and where. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/** A parsed expression that passed the whitelist, with the names it reads (not the functions it calls). */
export interface SafeExpression {
  readonly text: string;
  readonly node: MathNode;
  readonly symbols: ReadonlySet<string>;
}

/** Parses `text` with the private parser after the size checks, then checks every node. */
export function parseSafely(text: string): SafeExpression {
  checkSize(text);
  let node: MathNode;
  try {
    node = parsePrivately(text);
  } catch (error) {
    if (error instanceof RangeError) throw new ExpressionError(`an expression nested too deeply to parse`);
    throw new ExpressionError(`a syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }
  const symbols = new Set<string>();
  checkNode(node, symbols, 0);
  return { text, node, symbols };
}

/** Length, bracket depth and runs of prefix operators, counted on the raw text before parsing. */
function checkSize(text: string): void {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`an expression of ${text.length} characters (at most ${MAX_EXPRESSION_LENGTH} allowed)`);
  }
  let depth = 0;
  let operatorRun = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth > MAX_NESTING) throw new ExpressionError(`brackets nested more than ${MAX_NESTING} deep`);
    if (NOT_WORD.test(text.slice(i, i + 4)) && (i === 0 || !/\w/.test(text[i - 1]))) {
      operatorRun++;
      i += 2;
    } else if (ch === '-' || ch === '+' || ch === '~' || ch === '!') operatorRun++;
    else if (OPERAND_CHAR.test(ch)) operatorRun = 0;
    if (operatorRun > MAX_NESTING) throw new ExpressionError(`more than ${MAX_NESTING} operators in a row`);
  }
}
const NOT_WORD = /^not(?![\w])/;
const OPERAND_CHAR = /[\w."')\]}]/;

type AnyNode = MathNode & Record<string, unknown>;

function checkNode(node: MathNode, symbols: Set<string>, depth: number): void {
  if (depth > MAX_TREE_DEPTH) throw new ExpressionError(`an expression nested more than ${MAX_TREE_DEPTH} deep`);
  const n = node as AnyNode;
  const children = childrenOf(n, symbols);
  for (const child of children) checkNode(child, symbols, depth + 1);
}

/** The children to check of an allowed node; throws for anything not on the whitelist. */
function childrenOf(n: AnyNode, symbols: Set<string>): readonly MathNode[] {
  switch (n.type) {
    case 'ConstantNode':
      checkConstant(n.value);
      return [];
    case 'SymbolNode':
      checkName(n.name as string);
      symbols.add(n.name as string);
      return [];
    case 'ParenthesisNode':
      return [n.content as MathNode];
    case 'ConditionalNode':
      return [n.condition as MathNode, n.trueExpr as MathNode, n.falseExpr as MathNode];
    case 'OperatorNode':
      if (!ALLOWED_OPERATORS.has(n.fn as string)) throw new ExpressionError(`the operator "${String(n.op)}" (not allowed)`);
      return n.args as MathNode[];
    case 'RelationalNode':
      for (const c of n.conditionals as string[]) if (!RELATIONS.has(c)) throw new ExpressionError(`the comparison "${c}"`);
      return n.params as MathNode[];
    case 'FunctionNode':
      return functionArgs(n);
    default:
      throw new ExpressionError(describeForbidden(n));
  }
}

function functionArgs(n: AnyNode): readonly MathNode[] {
  const fn = n.fn as AnyNode;
  if (fn.type !== 'SymbolNode') throw new ExpressionError(`a call of a computed function (${fn.toString()})`);
  const name = fn.name as string;
  if (!ALLOWED_FUNCTIONS.has(name)) {
    throw new ExpressionError(`a call of "${name}" (allowed functions: ${[...ALLOWED_FUNCTIONS].join(', ')})`);
  }
  return n.args as MathNode[];
}

function checkConstant(value: unknown): void {
  if (typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  throw new ExpressionError(`the constant ${String(value)} (only finite numbers, strings, true and false)`);
}

const OBJECT_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype)]);

function checkName(name: string): void {
  if (OBJECT_NAMES.has(name) || name.startsWith('_')) throw new ExpressionError(`the forbidden name "${name}"`);
}

function describeForbidden(n: AnyNode): string {
  switch (n.type) {
    case 'AccessorNode':
    case 'IndexNode':
      return `a property or index access (${n.toString()})`;
    case 'AssignmentNode':
      return `an assignment (${n.toString()})`;
    case 'FunctionAssignmentNode':
      return `a function definition (${n.toString()})`;
    case 'ArrayNode':
      return `a matrix or list (${n.toString()})`;
    case 'ObjectNode':
      return `an object (${n.toString()})`;
    case 'BlockNode':
      return 'several statements (";" or a new line)';
    case 'RangeNode':
      return `a range (${n.toString()})`;
    default:
      return `a ${n.type} (not allowed)`;
  }
}

// ── units and the instance's types ────────────────────────────────────────────────────────────

export const isUnit = (value: unknown): value is Unit => math.isUnit(value);

/** A mathjs unit name usable in expressions (`ms`, `min`, `h`, `GB`, `Gbit` …). */
export function isUnitName(name: string): boolean {
  return !OBJECT_NAMES.has(name) && math.Unit.isValuelessUnit(name);
}

/** A maker of quantities of one unit, fast: clones a template and sets its SI value. */
export function quantityMaker(unit: string): (value: number) => Unit {
  const template = new math.Unit(1, unit) as Unit & { value: number };
  const scale = template.value;
  return (value) => {
    const quantity = template.clone() as Unit & { value: number };
    quantity.value = value * scale;
    return quantity;
  };
}

const KINDS: ReadonlyArray<readonly [string, Unit]> = [
  ['a duration', new math.Unit(1, 's')],
  ['an amount of data', new math.Unit(1, 'b')],
  ['a bandwidth', math.unit('1 b/s')],
  ['a length', new math.Unit(1, 'm')],
  ['a rate per second', math.unit('1 / s')],
];

/** `a duration`, `a bandwidth` …, or `a quantity in <units>`. */
export function unitKind(value: Unit): string {
  const found = KINDS.find(([, reference]) => value.equalBase(reference));
  return found === undefined ? `a quantity in ${value.formatUnits()}` : found[0];
}

/** A valueless unit (`ms`), as an expression constant. */
export const valuelessUnit = (name: string): Unit => new math.Unit(null as unknown as number, name);

/** Parses `10 min`, `200 ms` or `5 Gbit/s` into a quantity; undefined if it is not one. */
export function parseQuantity(text: string): Unit | undefined {
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*[A-Za-z]/i.test(text) || text.length > 100) return undefined;
  try {
    return math.Unit.parse(text);
  } catch {
    return undefined;
  }
}

/** `value` in `unit`, or undefined when the dimensions differ. */
export function quantityIn(value: Unit, unit: string): number | undefined {
  try {
    return value.toNumber(unit);
  } catch {
    return undefined;
  }
}

export const nodes = {
  constant: (value: unknown): MathNode => new math.ConstantNode(value as number),
  call: (name: string, args: MathNode[]): MathNode => new math.FunctionNode(new math.SymbolNode(name), args),
  operator: (op: string, fn: string, args: MathNode[]): MathNode => new math.OperatorNode(op as never, fn as never, args as never),
  conditional: (c: MathNode, t: MathNode, f: MathNode): MathNode => new math.ConditionalNode(c, t, f),
  relational: (conditionals: string[], params: MathNode[]): MathNode => new math.RelationalNode(conditionals, params),
};
