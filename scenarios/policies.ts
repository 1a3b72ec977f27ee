// Resolving each CDN's policy for a loaded scenario: a library name or a file path relative to the
// scenario file; none means `isolated` for a primary and `peer-default` for a peer. A policy must
// have the CDN's role. Every problem is an InputError issue. Must not depend on cdn/ or agents/.
import { dirname } from 'node:path';
import { statSync } from 'node:fs';
import { InputError, type InputIssue } from '../core/input-error.js';
import { loadPolicy, resolvePolicyRef } from '../policies/load.js';
import type { CompiledPolicy } from '../policies/policy.js';
import type { Scenario } from './types.js';

/** the policy a CDN without one gets, by role */
export const DEFAULT_POLICY = { primary: 'isolated', peer: 'peer-default' } as const;

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** Each CDN's compiled policy by CDN id; throws one InputError with every problem. */
export function loadScenarioPolicies(scenario: Scenario, file: string): Record<string, CompiledPolicy> {
  const policies: Record<string, CompiledPolicy> = {};
  const issues: InputIssue[] = [];
  scenario.cdns.forEach((cdn, i) => {
    const ref = cdn.policy ?? DEFAULT_POLICY[cdn.role];
    const path = `cdns[${i}].policy`;
    try {
      const resolved = resolvePolicyRef(ref, { baseDir: dirname(file) });
      if (!isFile(resolved)) {
        issues.push({ file, path, expected: 'a library policy name or a readable policy file', found: `"${ref}" (no file ${resolved})` });
        return;
      }
      const policy = loadPolicy(resolved);
      if (!policy.roles.includes(cdn.role)) {
        issues.push({ file, path, expected: `a policy with the ${cdn.role} role (CDN ${cdn.id} is a ${cdn.role})`, found: `"${ref}" (roles: ${policy.roles.join(', ')})` });
        return;
      }
      policies[cdn.id] = policy;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const unknown = error.issues.length === 1 && error.issues[0].file === ref && error.issues[0].path === '(file)';
      if (unknown) issues.push({ file, path, expected: 'a library policy name or a policy file path', found: error.issues[0].found });
      else issues.push(...error.issues);
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  return policies;
}
