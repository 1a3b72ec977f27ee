// The compiled policy the agents call: parameters and typed decision evaluation over a scope of
// plain numbers (and words), compiled once at load. Must not depend on agents/, cdn/ or scenarios/;
// built by ./load from a policy file.
import type { ConcessionTactic, TacticSettings } from './concession.js';
import type { CompiledDecision, Scope } from './compile.js';
import type { Role } from './decisions.js';
import type { Entry } from './defaults.js';
import type { ParamValue } from './params.js';
import { didYouMean } from './suggest.js';

export { PolicyRuntimeError } from './runtime-error.js';
export type { ConcessionTactic } from './concession.js';

export interface CompiledPolicy {
  readonly name: string;
  readonly description: string;
  readonly roles: readonly Role[];
  /** the file it was loaded from */
  readonly file: string;
  /** the resolved policy as plain data (defaults filled in, durations in seconds): for hashes and records */
  readonly definition: PolicyDefinition;
  /** a parameter: durations in seconds, other quantities in the unit written; throws for unknown names */
  param(name: string): number | string | boolean;
  /** a number decision, as a plain number in its declared unit */
  num(role: Role, decision: string, scope: Scope): number;
  bool(role: Role, decision: string, scope: Scope): boolean;
  choice(role: Role, decision: string, scope: Scope): string;
  /** the compiled strategy of `concession` */
  concession(role: Role): ConcessionTactic;
}

export interface PolicyDefinition {
  name: string;
  roles: Role[];
  params: Record<string, number | string | boolean>;
  primary?: Record<string, Entry>;
  peer?: Record<string, Entry>;
}

export interface PolicyParts {
  name: string;
  description: string;
  roles: readonly Role[];
  file: string;
  params: ReadonlyMap<string, ParamValue>;
  /** by `role.decision` */
  decisions: ReadonlyMap<string, CompiledDecision>;
  tactics: ReadonlyMap<Role, { tactic: ConcessionTactic; settings: TacticSettings }>;
}

type Kind = 'number' | 'boolean' | 'choice';

/** Assembles the compiled parts into the API; lookups fail loudly on names the catalog does not have. */
export function createCompiledPolicy(parts: PolicyParts): CompiledPolicy {
  const { name, decisions, params, tactics } = parts;
  const lookup = (role: Role, decision: string, kind: Kind): CompiledDecision => {
    const d = decisions.get(`${role}.${decision}`);
    if (d === undefined) throw unknownDecision(parts, role, decision);
    if (d.spec.result.kind !== kind) {
      throw new Error(`policy "${name}": ${role}.${decision} returns ${d.spec.result.kind}, not ${kind}`);
    }
    return d;
  };
  return {
    name,
    description: parts.description,
    roles: parts.roles,
    file: parts.file,
    definition: definitionOf(parts),
    param(param) {
      const value = params.get(param);
      if (value === undefined) {
        throw new Error(`policy "${name}": unknown parameter "${param}" (known: ${[...params.keys()].join(', ')})${didYouMean(param, params.keys())}`);
      }
      return value.value;
    },
    num: (role, decision, scope) => lookup(role, decision, 'number').evaluate(scope) as number,
    bool: (role, decision, scope) => lookup(role, decision, 'boolean').evaluate(scope) as boolean,
    choice: (role, decision, scope) => lookup(role, decision, 'choice').evaluate(scope) as string,
    concession(role) {
      const compiled = tactics.get(role);
      if (compiled === undefined) throw unknownDecision(parts, role, 'concession');
      return compiled.tactic;
    },
  };
}

function unknownDecision(parts: PolicyParts, role: Role, decision: string): Error {
  if (!parts.roles.includes(role)) return new Error(`policy "${parts.name}" has no ${role} role (roles: ${parts.roles.join(', ')})`);
  const known = [...parts.decisions.keys(), ...[...parts.tactics.keys()].map((r) => `${r}.concession`)].filter((k) => k.startsWith(`${role}.`));
  const suggestion = didYouMean(`${role}.${decision}`, known);
  return new Error(`policy "${parts.name}": unknown decision ${role}.${decision} (known: ${known.join(', ')})${suggestion}`);
}

function definitionOf(parts: PolicyParts): PolicyDefinition {
  const definition: PolicyDefinition = {
    name: parts.name,
    roles: [...parts.roles],
    params: Object.fromEntries([...parts.params].map(([key, p]) => [key, p.value])),
  };
  for (const role of parts.roles) {
    const entries: Record<string, Entry> = {};
    for (const d of parts.decisions.values()) if (d.spec.role === role) entries[d.spec.name] = d.source;
    const compiled = parts.tactics.get(role);
    if (compiled !== undefined) entries.concession = { ...compiled.settings };
    definition[role] = entries;
  }
  return definition;
}
