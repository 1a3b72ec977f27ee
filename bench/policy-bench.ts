// Cost of one policy decision as the agents call it: a scope of plain numbers in, a typed value
// out, through the compiled expression (units converted, result checked). Every decision of the
// library policies on the catalog's example values, on the fast path (policies/fast-eval.ts, as
// loaded) and on mathjs alone (the same policies compiled with fastEvaluation: false).
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { DECISIONS, type DecisionSpec } from '../policies/decisions.js';
import { compilePolicyDocument, libraryNames, loadPolicy, resolvePolicyRef } from '../policies/load.js';
import type { CompiledPolicy } from '../policies/policy.js';

const exampleScope = (spec: DecisionSpec) => Object.fromEntries(Object.entries(spec.variables).map(([name, v]) => [name, v.example]));

function evaluator(policy: CompiledPolicy, spec: DecisionSpec): () => unknown {
  const scope = exampleScope(spec);
  const { role, name } = spec;
  if (spec.result.kind === 'number') return () => policy.num(role, name, scope);
  if (spec.result.kind === 'boolean') return () => policy.bool(role, name, scope);
  return () => policy.choice(role, name, scope);
}

interface Case {
  label: string;
  run: () => unknown;
}

function casesOf(policies: readonly string[], load: (ref: string) => CompiledPolicy): Case[] {
  const cases: Case[] = [];
  for (const ref of policies) {
    const policy = load(ref);
    for (const spec of DECISIONS) {
      if (!policy.roles.includes(spec.role) || spec.result.kind === 'strategy') continue;
      cases.push({ label: `${ref} ${spec.role}.${spec.name}`, run: evaluator(policy, spec) });
    }
  }
  return cases;
}

const mathjsOnly = (ref: string): CompiledPolicy => {
  const file = resolvePolicyRef(ref);
  return compilePolicyDocument(YAML.parse(readFileSync(file, 'utf8')), file, { fastEvaluation: false });
};

export interface PathFigures {
  /** mean over the decisions, µs per evaluation */
  meanUs: number;
  evaluationsPerS: number;
  slowest: { label: string; us: number };
}

function time(cases: readonly Case[], rounds: number): PathFigures {
  for (const c of cases) for (let i = 0; i < 1000; i++) c.run(); // warm up
  let slowest = { label: '', us: 0 };
  const start = performance.now();
  for (const c of cases) {
    const t = performance.now();
    for (let i = 0; i < rounds; i++) c.run();
    const us = ((performance.now() - t) * 1000) / rounds;
    if (us > slowest.us) slowest = { label: c.label, us };
  }
  const meanUs = ((performance.now() - start) * 1000) / (rounds * cases.length);
  return { meanUs, evaluationsPerS: 1e6 / meanUs, slowest };
}

/** every decision of `policies` (default: the whole library), fast path and mathjs alone */
export function policyBench(policies: readonly string[] = libraryNames(), rounds = 5_000) {
  const fast = casesOf(policies, (ref) => loadPolicy(ref));
  const mathjs = casesOf(policies, mathjsOnly);
  return { decisions: fast.length, policies: policies.length, fast: time(fast, rounds), mathjs: time(mathjs, rounds) };
}
