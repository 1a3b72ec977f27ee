// Resolving each CDN's policy for a loaded scenario: a library name, or a policy file under the
// scenario's folder (or a folder the user allowed with --policy-path), after symbolic links are
// resolved; none means `isolated` for a primary and `peer-default` for a peer. A policy must have
// the CDN's role. Every problem is an InputError issue. Must not depend on cdn/ or agents/.
import { dirname } from 'node:path';
import { InputError, type InputIssue } from '../input/input-error.js';
import { loadPolicy, locatePolicy } from '../policies/load.js';
import type { CompiledPolicy } from '../policies/policy.js';
import type { Scenario } from './types.js';

/** the policy a CDN without one gets, by role */
export const DEFAULT_POLICY = { primary: 'isolated', peer: 'peer-default' } as const;

export interface ScenarioPolicyOptions {
  /** folders besides the scenario's own that policy files may come from (`--policy-path DIR`) */
  policyDirs?: readonly string[];
}

/** Each CDN's compiled policy by CDN id; throws one InputError with every problem. */
export function loadScenarioPolicies(scenario: Scenario, file: string, opts: ScenarioPolicyOptions = {}): Record<string, CompiledPolicy> {
  const policies: Record<string, CompiledPolicy> = {};
  const issues: InputIssue[] = [];
  scenario.cdns.forEach((cdn, i) => {
    const ref = cdn.policy ?? DEFAULT_POLICY[cdn.role];
    const path = `cdns[${i}].policy`;
    const located = locatePolicy(ref, { baseDir: dirname(file), policyDirs: opts.policyDirs ?? [] });
    if (!located.ok) {
      const expected = located.unknownName === true ? 'a library policy name or a policy file path' : located.expected;
      issues.push({ file, path, expected, found: located.found });
      return;
    }
    try {
      const policy = loadPolicy(located.file);
      if (!policy.roles.includes(cdn.role)) {
        issues.push({
          file,
          path,
          expected: `a policy with the ${cdn.role} role (CDN ${cdn.id} is a ${cdn.role})`,
          found: `"${ref}" (roles: ${policy.roles.join(', ')})`,
        });
        return;
      }
      policies[cdn.id] = policy;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  });
  if (issues.length === 0) issues.push(...contractRoleIssues(scenario, policies, file));
  if (issues.length > 0) throw new InputError(issues);
  return policies;
}

/** a contract's primary must run a policy with the primary role, its peer one with the peer role */
function contractRoleIssues(scenario: Scenario, policies: Record<string, CompiledPolicy>, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  (scenario.contracts ?? []).forEach((c, i) => {
    for (const side of ['primary', 'peer'] as const) {
      const policy = policies[c[side]];
      if (policy === undefined || policy.roles.includes(side)) continue;
      issues.push({
        file,
        path: `contracts[${i}].${side}`,
        expected: `a CDN whose policy has the ${side} role (the contract's ${side})`,
        found: `"${c[side]}" (policy ${policy.name}, roles: ${policy.roles.join(', ')})`,
      });
    }
  });
  return issues;
}
