// POSIX Extended Regular Expressions (IEEE Std 1003.1 §9.4) in the POSIX locale, as RFC 9246 §2.1.15.2
// requires for `regex:` URI containers. A pattern is parsed into a tree and compiled into a Thompson
// NFA that is run over the input in one pass (time ∝ input length × pattern states, no backtracking),
// so a hostile pattern such as `(a+)+$` cannot hang a verifier. Pure and synchronous; depends on nothing.
//
// Matching is a search, as regexec(3) does: the pattern may match anywhere unless it is anchored with
// ^ and $. POSIX prefers the leftmost-longest match, JavaScript the leftmost-first; for "is there a
// match" the two give the same answer. Constructs POSIX leaves undefined are refused, not guessed:
// `\` before a letter or digit (no `\d`, `\w`, back-references), a repetition with nothing to repeat,
// a malformed interval `{…}`, and multi-character collating elements.

export const ERE_LIMITS = { maxPatternLength: 4096, maxStates: 4096, maxRepeat: 255 } as const;

export interface EreMatcher {
  /** true when the pattern matches somewhere in `input` */
  test(input: string): boolean;
}

export type EreCompilation = { ok: true; matcher: EreMatcher } | { ok: false; error: string };

type CharSet = { ranges: readonly number[]; negated: boolean };
type EreNode =
  | { kind: 'set'; set: CharSet }
  | { kind: 'bol' }
  | { kind: 'eol' }
  | { kind: 'seq'; items: EreNode[] }
  | { kind: 'alt'; options: EreNode[] }
  | { kind: 'repeat'; node: EreNode; min: number; max: number };

class EreSyntaxError extends Error {}

const ANY: CharSet = { ranges: [], negated: true };
const code = (c: string) => c.charCodeAt(0);
const span = (from: string, to: string) => [code(from), code(to)];

const POSIX_CLASSES: Record<string, readonly number[]> = {
  alpha: [...span('A', 'Z'), ...span('a', 'z')],
  digit: span('0', '9'),
  alnum: [...span('0', '9'), ...span('A', 'Z'), ...span('a', 'z')],
  upper: span('A', 'Z'),
  lower: span('a', 'z'),
  space: [9, 13, 32, 32],
  blank: [9, 9, 32, 32],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  print: [32, 126],
  graph: [33, 126],
  cntrl: [0, 31, 127, 127],
  xdigit: [...span('0', '9'), ...span('A', 'F'), ...span('a', 'f')],
};

/** Parses a POSIX ERE into a tree; throws EreSyntaxError naming the problem and its position. */
class EreParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly pattern: string) {}

  parse(): EreNode {
    const node = this.alternation();
    if (this.pos < this.pattern.length) this.fail(`unexpected "${this.pattern[this.pos]}"`);
    return node;
  }

  private fail(message: string): never {
    throw new EreSyntaxError(`${message} at offset ${this.pos}`);
  }

  private alternation(): EreNode {
    const options = [this.sequence()];
    while (this.pattern[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): EreNode {
    const items: EreNode[] = [];
    while (this.pos < this.pattern.length) {
      const c = this.pattern[this.pos];
      if (c === '|' || (c === ')' && this.depth > 0)) break;
      items.push(this.repetitions(this.atom()));
    }
    return { kind: 'seq', items };
  }

  private repetitions(atom: EreNode): EreNode {
    let node = atom;
    for (;;) {
      const c = this.pattern[this.pos];
      if (c === '*') node = { kind: 'repeat', node, min: 0, max: Infinity };
      else if (c === '+') node = { kind: 'repeat', node, min: 1, max: Infinity };
      else if (c === '?') node = { kind: 'repeat', node, min: 0, max: 1 };
      else if (c === '{') {
        node = { kind: 'repeat', node, ...this.interval() };
        continue;
      } else return node;
      this.pos++;
    }
  }

  /** `{m}`, `{m,}` or `{m,n}` with m ≤ n ≤ ERE_LIMITS.maxRepeat (RE_DUP_MAX) */
  private interval(): { min: number; max: number } {
    const match = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(this.pattern.slice(this.pos));
    if (!match) this.fail('malformed interval (expected {m}, {m,} or {m,n})');
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    if (min > max || min > ERE_LIMITS.maxRepeat || (max !== Infinity && max > ERE_LIMITS.maxRepeat)) {
      this.fail(`invalid interval {${match[1]}${match[2] ?? ''}} (need m ≤ n ≤ ${ERE_LIMITS.maxRepeat})`);
    }
    this.pos += match[0].length;
    return { min, max };
  }

  private atom(): EreNode {
    const c = this.pattern[this.pos++];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return { kind: 'set', set: this.bracket() };
      case '.':
        return { kind: 'set', set: ANY };
      case '^':
        return { kind: 'bol' };
      case '$':
        return { kind: 'eol' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
        this.pos--;
        return this.fail(`"${c}" has nothing to repeat`);
      default:
        return { kind: 'set', set: { ranges: [code(c), code(c)], negated: false } };
    }
  }

  private group(): EreNode {
    this.depth++;
    const node = this.alternation();
    if (this.pattern[this.pos] !== ')') this.fail('unclosed "("');
    this.pos++;
    this.depth--;
    return node;
  }

  private escape(): EreNode {
    const c = this.pattern[this.pos];
    if (c === undefined) this.fail('trailing "\\"');
    if (/[A-Za-z0-9]/.test(c)) this.fail(`"\\${c}" is undefined in a POSIX ERE (no \\d, \\w or back-references)`);
    this.pos++;
    return { kind: 'set', set: { ranges: [code(c), code(c)], negated: false } };
  }

  /** After `[`: a bracket expression; `\` is an ordinary character inside it. */
  private bracket(): CharSet {
    const negated = this.pattern[this.pos] === '^';
    if (negated) this.pos++;
    const ranges: number[] = [];
    let first = true;
    while (this.pos < this.pattern.length) {
      if (this.pattern[this.pos] === ']' && !first) {
        this.pos++;
        return { ranges, negated };
      }
      first = false;
      if (this.pattern.startsWith('[:', this.pos)) ranges.push(...this.characterClass());
      else ranges.push(...this.rangeOrChar());
    }
    return this.fail('unclosed "["');
  }

  private characterClass(): readonly number[] {
    const end = this.pattern.indexOf(':]', this.pos + 2);
    const name = end < 0 ? '' : this.pattern.slice(this.pos + 2, end);
    if (!Object.hasOwn(POSIX_CLASSES, name)) this.fail(`unknown character class "[:${name}:]"`);
    this.pos = end + 2;
    return POSIX_CLASSES[name];
  }

  private rangeOrChar(): number[] {
    const from = this.bracketChar();
    if (this.pattern[this.pos] !== '-' || this.pattern[this.pos + 1] === ']' || this.pos + 1 >= this.pattern.length) return [from, from];
    this.pos++;
    const to = this.bracketChar();
    if (to < from) this.fail('range out of order');
    return [from, to];
  }

  /** one character, or a single-character collating symbol [.c.] or equivalence class [=c=] */
  private bracketChar(): number {
    const p = this.pattern;
    if (p[this.pos] === '[' && (p[this.pos + 1] === '.' || p[this.pos + 1] === '=')) {
      const close = `${p[this.pos + 1]}]`;
      const end = p.indexOf(close, this.pos + 2);
      if (end !== this.pos + 3) this.fail('only single-character collating elements are supported');
      this.pos = end + 2;
      return code(p[end - 1]);
    }
    return code(p[this.pos++]);
  }
}

type NfaState = { kind: 'set'; set: CharSet; out: number } | { kind: 'split'; a: number; b: number } | { kind: 'bol' | 'eol'; out: number } | { kind: 'match' };

/** Builds NFA states back to front: each node is compiled with the state it continues into. */
class NfaBuilder {
  readonly states: NfaState[] = [{ kind: 'match' }];

  private add(state: NfaState): number {
    if (this.states.length >= ERE_LIMITS.maxStates)
      throw new EreSyntaxError(`pattern too large (more than ${ERE_LIMITS.maxStates} states once {m,n} is expanded)`);
    this.states.push(state);
    return this.states.length - 1;
  }

  compile(node: EreNode, next: number): number {
    switch (node.kind) {
      case 'set':
        return this.add({ kind: 'set', set: node.set, out: next });
      case 'bol':
      case 'eol':
        return this.add({ kind: node.kind, out: next });
      case 'seq':
        return node.items.reduceRight((continuation, item) => this.compile(item, continuation), next);
      case 'alt':
        return node.options.map((option) => this.compile(option, next)).reduceRight((rest, start) => this.add({ kind: 'split', a: start, b: rest }));
      case 'repeat':
        return this.repeat(node.node, node.min, node.max, next);
    }
  }

  private repeat(node: EreNode, min: number, max: number, next: number): number {
    let start = next;
    if (max === Infinity) {
      const loop = this.add({ kind: 'split', a: -1, b: next });
      (this.states[loop] as { a: number }).a = this.compile(node, loop);
      start = loop;
    } else {
      for (let i = min; i < max; i++) start = this.add({ kind: 'split', a: this.compile(node, start), b: next });
    }
    for (let i = 0; i < min; i++) start = this.compile(node, start);
    return start;
  }
}

function setAccepts(set: CharSet, c: number): boolean {
  let inside = false;
  for (let i = 0; i < set.ranges.length && !inside; i += 2) inside = c >= set.ranges[i] && c <= set.ranges[i + 1];
  return inside !== set.negated;
}

/** Runs the NFA over `input`, keeping the set of live states per position (Thompson's simulation). */
function simulate(states: readonly NfaState[], start: number, input: string): boolean {
  const marks = new Int32Array(states.length);
  let generation = 0;
  let matched = false;
  const closure = (from: number, pos: number, into: number[]) => {
    const stack = [from];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (marks[s] === generation) continue;
      marks[s] = generation;
      const state = states[s];
      if (state.kind === 'match') matched = true;
      else if (state.kind === 'set') into.push(s);
      else if (state.kind === 'split') stack.push(state.b, state.a);
      else if (state.kind === 'bol' ? pos === 0 : pos === input.length) stack.push(state.out);
    }
  };
  generation++;
  let live: number[] = [];
  closure(start, 0, live);
  for (let pos = 0; pos < input.length && !matched; pos++) {
    const c = input.charCodeAt(pos);
    generation++;
    const next: number[] = [];
    for (const s of live) {
      const state = states[s] as { set: CharSet; out: number };
      if (setAccepts(state.set, c)) closure(state.out, pos + 1, next);
    }
    closure(start, pos + 1, next);
    live = next;
  }
  return matched;
}

/** Compiles a POSIX ERE; a pattern POSIX leaves undefined, or one too large, is refused with a reason. */
export function compilePosixEre(pattern: string): EreCompilation {
  if (pattern.length > ERE_LIMITS.maxPatternLength) return { ok: false, error: `pattern longer than ${ERE_LIMITS.maxPatternLength} characters` };
  try {
    const builder = new NfaBuilder();
    const start = builder.compile(new EreParser(pattern).parse(), 0);
    const states = builder.states;
    return { ok: true, matcher: { test: (input) => simulate(states, start, input) } };
  } catch (error) {
    if (error instanceof EreSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}
