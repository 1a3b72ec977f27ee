// Shared helpers of the policy tests: compile an in-memory policy, write one to a temporary file,
// capture an InputError, and the catalog's example scopes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { DECISIONS, type Role } from '../../policies/decisions.js';
import { compilePolicyDocument } from '../../policies/load.js';
import { inputErrorOf } from '../input/errors.js';
import { PolicyRuntimeError, type CompiledPolicy } from '../../policies/policy.js';

export const dir = mkdtempSync(join(tmpdir(), 'autopeer-policy-'));
let counter = 0;

/** A policy document with one role section. */
export function doc(role: Role, entries: Record<string, unknown>, params: Record<string, unknown> = {}) {
  return { name: 'test', description: 'a test policy', roles: [role], params, [role]: entries };
}

export const compile = (document: unknown, file = 'test.yaml'): CompiledPolicy => compilePolicyDocument(document, file);

export function writePolicy(document: unknown, name = `p${++counter}.yaml`): string {
  const file = join(dir, name);
  writeFileSync(file, typeof document === 'string' ? document : YAML.stringify(document, { lineWidth: 0 }));
  return file;
}

export { inputErrorOf };

export const messageOf = (run: () => unknown): string => inputErrorOf(run).message;

/** every variable of a decision at its catalog example */
export function examples(role: Role, name: string): Record<string, number | string> {
  const spec = DECISIONS.find((d) => d.role === role && d.name === name);
  if (spec === undefined) throw new Error(`no decision ${role}.${name}`);
  return Object.fromEntries(Object.entries(spec.variables).map(([key, v]) => [key, v.example]));
}

export function runtimeErrorOf(run: () => unknown): PolicyRuntimeError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyRuntimeError) return error;
    throw error;
  }
  throw new Error('expected a PolicyRuntimeError');
}
