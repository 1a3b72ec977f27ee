// `autopeer validate` (scenario and policy files, told apart by content) and `autopeer policy vars`
// (the decision points, their variables with units and meaning, and their results). Thin: one
// library call per file or decision, then formatting.
import { readDocument } from '../input/document.js';
import { InputError } from '../input/input-error.js';
import { DECISIONS, type DecisionSpec } from '../policies/decisions.js';
import { compilePolicyDocument, isPolicyDocument, resolvePolicyRef } from '../policies/load.js';
import { renderDecisionsMarkdown, renderParamsMarkdown } from '../policies/reference.js';
import { describeResult } from '../policies/result.js';
import { resolveScenarioRef, validateScenarioFile } from '../scenarios/load.js';
import { ExitCode, type CliIo } from './io.js';

/**
 * Validates each file or name (a policy when the document has a `roles` field, else a scenario);
 * a ready scenario's or library policy's name is accepted as for `run`. Exit 2 lists every problem.
 */
export function validateCommand(files: readonly string[], io: CliIo): void {
  const problems: string[] = [];
  for (const file of files) {
    try {
      io.out(`${file}: OK (${validateOne(file)})\n`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ExitCode(2, problems.join('\n'));
}

/** A file path as it is; a name: the ready scenario's file, else the library policy's, else the scenario error. */
function resolveRef(ref: string): string {
  try {
    return resolveScenarioRef(ref);
  } catch (scenarioError) {
    if (!(scenarioError instanceof InputError)) throw scenarioError;
    try {
      return resolvePolicyRef(ref);
    } catch {
      throw scenarioError;
    }
  }
}

function validateOne(ref: string): string {
  const file = resolveRef(ref);
  const doc = readDocument(file);
  if (isPolicyDocument(doc)) {
    const policy = compilePolicyDocument(doc, file);
    return `policy "${policy.name}", roles ${policy.roles.join(', ')}`;
  }
  const { scenario, hash } = validateScenarioFile(file);
  return `scenario "${scenario.name}", hash ${hash.slice(0, 12)}`;
}

/** The decision points `arg` names (`primary.seek`, or `seek` for every role that has it); all without one. */
export function selectDecisions(arg: string | undefined): DecisionSpec[] {
  if (arg === undefined) return [...DECISIONS];
  const found = DECISIONS.filter((d) => `${d.role}.${d.name}` === arg || d.name === arg);
  if (found.length > 0) return found;
  const known = DECISIONS.map((d) => `${d.role}.${d.name}`).join(', ');
  throw new ExitCode(2, `unknown decision "${arg}" (known: ${known})`);
}

/** `primary.seek — start looking … → true or false`, then one line per variable. */
export function formatDecisionVars(spec: DecisionSpec): string {
  const lines = [`${spec.role}.${spec.name} — ${spec.description}`, `  result: ${describeResult(spec.result)}`];
  const entries = Object.entries(spec.variables);
  const width = Math.max(...entries.map(([name]) => name.length));
  for (const [name, v] of entries) {
    const unit = v.type === 'string' ? 'word' : (v.unit ?? '—');
    const example = typeof v.example === 'string' ? JSON.stringify(v.example) : String(v.example);
    lines.push(`  ${name.padEnd(width)}  ${unit.padEnd(4)}  ${v.description} (e.g. ${example})`);
  }
  return lines.join('\n') + '\n';
}

export function policyVarsCommand(arg: string | undefined, options: { markdown?: boolean }, io: CliIo): void {
  if (options.markdown) {
    if (arg !== undefined) throw new ExitCode(2, '--markdown prints the whole reference; give no decision');
    io.out(`${renderDecisionsMarkdown()}\n### Agent parameters\n\n${renderParamsMarkdown()}`);
    return;
  }
  io.out(selectDecisions(arg).map(formatDecisionVars).join('\n'));
}
