// Cost of one policy decision as the agents call it: a scope of plain numbers in, a typed value
// out, through the compiled expression (units converted, result checked). Every decision of a
// few library policies, on the catalog's example values.
import { DECISIONS, type DecisionSpec } from '../policies/decisions.js';
import { loadPolicy } from '../policies/load.js';
import type { CompiledPolicy } from '../policies/policy.js';

const exampleScope = (spec: DecisionSpec) => Object.fromEntries(Object.entries(spec.variables).map(([name, v]) => [name, v.example]));

function evaluator(policy: CompiledPolicy, spec: DecisionSpec): () => unknown {
  const scope = exampleScope(spec);
  const { role, name } = spec;
  if (spec.result.kind === 'number') return () => policy.num(role, name, scope);
  if (spec.result.kind === 'boolean') return () => policy.bool(role, name, scope);
  return () => policy.choice(role, name, scope);
}

export function policyBench(policies = ['balanced', 'qos-first', 'peer-default'], rounds = 20_000) {
  const cases: { label: string; run: () => unknown }[] = [];
  for (const ref of policies) {
    const policy = loadPolicy(ref);
    for (const spec of DECISIONS) {
      if (!policy.roles.includes(spec.role) || spec.result.kind === 'strategy') continue;
      cases.push({ label: `${ref} ${spec.role}.${spec.name}`, run: evaluator(policy, spec) });
    }
  }
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
  return { meanUs, decisions: cases.length, slowest };
}
