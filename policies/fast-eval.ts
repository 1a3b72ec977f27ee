// The fast path of policy evaluation: compiles a prepared expression tree (see ./prepare) into
// plain JavaScript closures over numbers, a quantity carried as its SI value (what mathjs's Unit
// arithmetic operates on), for the node types and functions whose mathjs results it reproduces
// operation for operation (mathjs 15: number and Unit signatures of add … pow, nearlyEqual
// comparisons, min/max, the checked relations of ./math). Anything else is not compiled and stays
// on mathjs; where mathjs would throw or take a path not reproduced (a NaN compared, a negative
// number to a fractional power) the closure gives undefined and the caller asks mathjs.
// Depends on ./math and ./decisions (types) only; must not depend on agents/, cdn/ or scenarios/.
import type { MathNode, Unit } from 'mathjs';
import type { VariableSpec } from './decisions.js';
import { functionAlias, isUnit, PLAIN_NUMBER, quantityMaker, restrictedMath } from './math.js';

export type FastScope = Readonly<Record<string, number | string>>;
/** the raw result (a number, boolean or word), or undefined where mathjs must decide */
export type FastExpression = (scope: FastScope) => number | boolean | string | undefined;

type AnyNode = MathNode & Record<string, unknown>;
/** a plain number, a boolean, a word, or a quantity of these base dimensions (SI value) */
type Kind = 'number' | 'boolean' | 'string' | readonly number[];
type Run = (s: FastScope) => number | boolean | string;
type NumRun = (s: FastScope) => number;
interface Part {
  kind: Kind;
  run: Run;
}
/** a decision variable: a word, a plain number, or a quantity of `scale` SI units per unit */
type VariableInfo = { kind: Kind; scale?: number };

/** thrown inside the closures where mathjs must decide; caught at the root */
const DECLINED = new Error('left to mathjs');
/** the instance's tolerances, read without changing its configuration (config() with no options) */
const { relTol, absTol } = (restrictedMath.config as unknown as () => { relTol: number; absTol: number })();

/** mathjs utils/number nearlyEqual with the instance's relTol and absTol */
function nearlyEqual(a: number, b: number): boolean {
  if (a !== a || b !== b) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(relTol * Math.max(Math.abs(a), Math.abs(b)), absTol);
}

/** the 'number, number' signatures of mathjs's relations (Units compare their values the same way) */
const RELATIONS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  equal: (a, b) => nearlyEqual(a, b),
  unequal: (a, b) => !nearlyEqual(a, b),
  smaller: (a, b) => a < b && !nearlyEqual(a, b),
  smallerEq: (a, b) => a <= b || nearlyEqual(a, b),
  larger: (a, b) => a > b && !nearlyEqual(a, b),
  largerEq: (a, b) => a >= b || nearlyEqual(a, b),
};
/** the relation of a prepared comparison (./prepare calls the checked aliases of ./math) */
const relationOf = (fn: string) => Object.entries(RELATIONS).find(([name]) => functionAlias(name) === fn)?.[1];

/** mathjs `_pow` of two numbers in predictable mode; a negative base to a fractional power declines */
function pow(x: number, y: number): number {
  if (x < 0 && !(Number.isFinite(y) && y === Math.round(y))) throw DECLINED;
  if ((x * x < 1 && y === Infinity) || (x * x > 1 && y === -Infinity)) return 0;
  return Math.pow(x, y);
}

/** The fast closure of a prepared tree, or undefined when some part of it stays on mathjs. */
export function compileFast(node: MathNode, variables: ReadonlyMap<string, VariableSpec>): FastExpression | undefined {
  const infos = new Map<string, VariableInfo>();
  for (const [name, spec] of variables) {
    const info = variableInfo(spec);
    if (info === undefined) return undefined;
    infos.set(name, info);
  }
  const root = compilePart(node, infos);
  if (root === undefined || typeof root.kind !== 'string') return undefined;
  const run = root.run;
  return (scope) => {
    try {
      return run(scope);
    } catch {
      return undefined; // DECLINED (or anything unforeseen): mathjs evaluates and reports
    }
  };
}

function variableInfo(spec: VariableSpec): VariableInfo | undefined {
  if (spec.type === 'string') return { kind: 'string' };
  if (spec.unit === undefined) return { kind: 'number' };
  const one = quantityOf(quantityMaker(spec.unit)(1));
  return one === undefined ? undefined : { kind: one.dims, scale: one.value };
}

/** a quantity's SI value and dimensions, if it has a number value and no unit with an offset (°C) */
function quantityOf(unit: Unit): { value: number; dims: readonly number[] } | undefined {
  const u = unit as Unit & { value: unknown; units: { unit: { offset: number } }[] };
  if (typeof u.value !== 'number' || !u.units.every((part) => part.unit.offset === 0)) return undefined;
  return { value: u.value, dims: [...u.dimensions] };
}

function compilePart(node: MathNode, vars: ReadonlyMap<string, VariableInfo>): Part | undefined {
  const n = node as AnyNode;
  const all = (nodes: unknown) => compileAll(nodes as MathNode[], vars);
  switch (n.type) {
    case 'ConstantNode':
      return constant(n.value);
    case 'SymbolNode':
      return variable(n.name as string, vars);
    case 'ParenthesisNode':
      return compilePart(n.content as MathNode, vars);
    case 'ConditionalNode':
      return conditional(all([n.condition, n.trueExpr, n.falseExpr]));
    case 'RelationalNode':
      return chain(n.conditionals as string[], all(n.params));
    case 'OperatorNode':
      return apply(n.fn as string, all(n.args));
    case 'FunctionNode':
      return (n.fn as AnyNode).type === 'SymbolNode' ? apply((n.fn as AnyNode).name as string, all(n.args)) : undefined;
    default:
      return undefined;
  }
}

function compileAll(nodes: readonly MathNode[], vars: ReadonlyMap<string, VariableInfo>): Part[] | undefined {
  const parts: Part[] = [];
  for (const node of nodes) {
    const part = compilePart(node, vars);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts;
}

function constant(value: unknown): Part | undefined {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return { kind: typeof value as 'number' | 'boolean' | 'string', run: () => value };
  }
  const quantity = isUnit(value) ? quantityOf(value) : undefined;
  if (quantity === undefined) return undefined;
  const si = quantity.value;
  return { kind: quantity.dims, run: () => si };
}

function variable(name: string, vars: ReadonlyMap<string, VariableInfo>): Part | undefined {
  const info = vars.get(name);
  if (info === undefined) return undefined;
  const scale = info.scale;
  // quantityMaker: value * scale, the SI value mathjs's Unit of the variable carries
  if (scale !== undefined) return { kind: info.kind, run: (s) => (s[name] as number) * scale };
  return { kind: info.kind, run: (s) => s[name] };
}

const isQuantity = (kind: Kind): kind is readonly number[] => typeof kind !== 'string';
const isNumeric = (kind: Kind): boolean => kind === 'number' || isQuantity(kind);
const isTruthy = (kind: Kind): boolean => kind === 'number' || kind === 'boolean';
/** mathjs Unit.equalBase: every dimension equal within 1e-12 */
function sameBase(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (Math.abs((a[i] || 0) - (b[i] || 0)) > 1e-12) return false;
  return true;
}
/** both plain numbers, or quantities mathjs may add or compare */
const comparable = (a: Kind, b: Kind): boolean => (a === 'number' && b === 'number') || (isQuantity(a) && isQuantity(b) && sameBase(a, b));
const sameKind = (a: Kind, b: Kind): boolean => a === b || (isQuantity(a) && isQuantity(b) && a.length === b.length && a.every((d, i) => d === b[i]));
const combine = (a: Kind, b: Kind, sign: 1 | -1): Kind => {
  if (!isQuantity(a)) return isQuantity(b) ? b.map((d) => d * sign) : 'number';
  return isQuantity(b) ? a.map((d, i) => (d || 0) + sign * (b[i] || 0)) : a;
};

function conditional(parts: Part[] | undefined): Part | undefined {
  if (parts === undefined) return undefined;
  const [c, t, f] = parts;
  if (!isTruthy(c.kind) || !sameKind(t.kind, f.kind)) return undefined;
  const [test, yes, no] = [c.run, t.run, f.run];
  return { kind: t.kind, run: (s) => (test(s) ? yes(s) : no(s)) };
}

/** mathjs checkedRelation (./math): a NaN operand throws there, so mathjs decides */
function checked(relation: (a: number, b: number) => boolean) {
  return (a: number, b: number): boolean => {
    if (a !== a || b !== b) throw DECLINED;
    return relation(a, b);
  };
}

/** `a < b <= c`: mathjs evaluates left to right and stops at the first false pair */
function chain(conditionals: readonly string[], parts: Part[] | undefined): Part | undefined {
  if (parts === undefined) return undefined;
  const relations = conditionals.map(relationOf);
  if (relations.some((r, i) => r === undefined || !comparable(parts[i].kind, parts[i + 1].kind))) return undefined;
  const tests = relations.map((r) => checked(r as (a: number, b: number) => boolean));
  const runs = parts.map((p) => p.run as NumRun);
  return {
    kind: 'boolean',
    run: (s) => {
      let rhs = runs[0](s);
      for (let i = 0; i < tests.length; i++) {
        const lhs = rhs;
        rhs = runs[i + 1](s);
        if (!tests[i](lhs, rhs)) return false;
      }
      return true;
    },
  };
}

function apply(fn: string, parts: Part[] | undefined): Part | undefined {
  if (parts === undefined || parts.length === 0) return undefined;
  const relation = relationOf(fn);
  if (relation !== undefined) return parts.length === 2 ? compare(checked(relation), parts) : undefined;
  const name = fn.startsWith(functionAlias('')) ? fn.slice(functionAlias('').length) : fn;
  if (parts.length === 1) return unary(name, parts[0]);
  if (parts.length === 2 && name !== 'min' && name !== 'max') return binary(name, parts[0], parts[1]);
  return name === 'min' || name === 'max' ? extreme(name, parts) : undefined;
}

function compare(test: (a: number, b: number) => boolean, [a, b]: Part[]): Part | undefined {
  if (!comparable(a.kind, b.kind)) return undefined;
  const [x, y] = [a.run as NumRun, b.run as NumRun];
  return { kind: 'boolean', run: (s) => test(x(s), y(s)) };
}

/** mathjs's number and Unit signatures of one-argument functions (Unit: the value, no offset units) */
function unary(name: string, a: Part): Part | undefined {
  const x = a.run as NumRun;
  const numberOnly = (f: (v: number) => number): Part | undefined => (a.kind === 'number' ? { kind: 'number', run: (s) => f(x(s)) } : undefined);
  if (name === 'not') return isTruthy(a.kind) ? { kind: 'boolean', run: (s) => !x(s) } : undefined;
  if (name === 'min' || name === 'max') return extreme(name, [a]);
  if (!isNumeric(a.kind)) return undefined;
  switch (name) {
    case PLAIN_NUMBER: // ./math plainNumber: a quantity whose dimensions cancel becomes its value
      return { kind: isQuantity(a.kind) && a.kind.every((d) => d === 0) ? 'number' : a.kind, run: x };
    case 'unaryMinus':
      return { kind: a.kind, run: (s) => -x(s) };
    case 'unaryPlus':
      return a;
    case 'abs':
      return { kind: a.kind, run: (s) => Math.abs(x(s)) };
    case 'sqrt': // predictable: Math.sqrt, NaN below 0
      return numberOnly(Math.sqrt);
    case 'exp':
      return numberOnly(Math.exp);
    case 'log': // predictable: Math.log, NaN below 0
      return numberOnly(Math.log);
    case 'log10':
      return numberOnly(Math.log10);
    case 'sign':
      return numberOnly(Math.sign);
    default:
      return undefined;
  }
}

function binary(name: string, a: Part, b: Part): Part | undefined {
  if (name === 'xor') return isTruthy(a.kind) && isTruthy(b.kind) ? truthXor(a, b) : undefined;
  if (name === 'equalText') return a.kind === 'string' && b.kind === 'string' ? textEqual(a, b) : undefined;
  if (!isNumeric(a.kind) || !isNumeric(b.kind)) return undefined;
  const [x, y] = [a.run as NumRun, b.run as NumRun];
  switch (name) {
    case 'add':
      return comparable(a.kind, b.kind) ? { kind: a.kind, run: (s) => x(s) + y(s) } : undefined;
    case 'subtract':
      return comparable(a.kind, b.kind) ? { kind: a.kind, run: (s) => x(s) - y(s) } : undefined;
    case 'multiply': // Unit.multiply: the product of the values
      return { kind: combine(a.kind, b.kind, 1), run: (s) => x(s) * y(s) };
    case 'divide': // Unit.divide, Unit.divideInto: the quotient of the values
      return { kind: combine(a.kind, b.kind, -1), run: (s) => x(s) / y(s) };
    case 'pow':
      return a.kind === 'number' && b.kind === 'number' ? { kind: 'number', run: (s) => pow(x(s), y(s)) } : undefined;
    default:
      return undefined;
  }
}

/** mathjs xor: numbers (booleans converted) by truthiness */
function truthXor(a: Part, b: Part): Part {
  const [x, y] = [a.run, b.run];
  return { kind: 'boolean', run: (s) => !!x(s) !== !!y(s) };
}

/** mathjs equalText of two words: compareText(x, y) === 0 */
function textEqual(a: Part, b: Part): Part {
  const [x, y] = [a.run, b.run];
  return { kind: 'boolean', run: (s) => x(s) === y(s) };
}

/** mathjs min/max of scalars: the first argument, replaced by a NaN or by one strictly smaller/larger */
function extreme(name: 'min' | 'max', parts: Part[]): Part | undefined {
  const kind = parts[0].kind;
  if (!isNumeric(kind) || !parts.every((p) => comparable(kind, p.kind))) return undefined;
  const beats = name === 'max' ? RELATIONS.larger : RELATIONS.smaller;
  const pick = (best: number, v: number) => (v !== v || beats(v, best) ? v : best);
  const runs = parts.map((p) => p.run as NumRun);
  if (runs.length === 1) return { kind, run: runs[0] };
  if (runs.length === 2) {
    const [x, y] = runs;
    return { kind, run: (s) => pick(x(s), y(s)) };
  }
  return {
    kind,
    run: (s) => {
      const values = runs.map((r) => r(s));
      return values.reduce(pick);
    },
  };
}
