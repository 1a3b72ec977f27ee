// The policy reference as Markdown, generated from the catalog (decision points, their variables
// and results) and the agent parameters, so policies/README.md cannot drift from the code
// (`autopeer policy vars --markdown` prints it; a test compares). Pure; depends on ./ only.
import { DECISIONS, type DecisionSpec } from './decisions.js';
import { DEFAULT_ENTRIES, type Entry } from './defaults.js';
import { AGENT_PARAMS, durationBounds, type ParamKind } from './params.js';
import { describeResult } from './result.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`';

function formatEntry(entry: Entry): string {
  if (typeof entry === 'object')
    return code(
      `{ ${Object.entries(entry)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(', ')} }`,
    );
  return code(String(entry));
}

function decisionMarkdown(spec: DecisionSpec): string {
  const lines = [
    `#### \`${spec.role}.${spec.name}\``,
    '',
    `${spec.description[0].toUpperCase()}${spec.description.slice(1)}. Result: ${describeResult(spec.result)}. Default: ${formatEntry(DEFAULT_ENTRIES[spec.role][spec.name])}.`,
    '',
    '| variable | unit | meaning | example |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, v] of Object.entries(spec.variables)) {
    const unit = v.type === 'string' ? 'word' : (v.unit ?? '—');
    const example = typeof v.example === 'string' ? `"${v.example}"` : String(v.example);
    lines.push(`| \`${name}\` | ${unit} | ${cell(v.description)} | ${example} |`);
  }
  return lines.join('\n');
}

/** One section per decision point: its result, its default and a table of its variables. */
export function renderDecisionsMarkdown(): string {
  return DECISIONS.map(decisionMarkdown).join('\n\n') + '\n';
}

function kindText(kind: ParamKind): string {
  switch (kind.kind) {
    case 'duration':
      return `duration ${durationBounds(kind)}`;
    case 'integer':
      return `integer ≥ ${kind.min} and ≤ ${kind.max}`;
    case 'number':
      return `number ${kind.minExclusive ? '>' : '≥'} ${kind.min}${kind.max === undefined ? '' : ` and ≤ ${kind.max}`}`;
    case 'choice':
      return kind.values.join(' \\| ');
    case 'boolean':
      return 'true \\| false';
  }
}

/** A table of the agent parameters: name, kind, default and meaning. */
export function renderParamsMarkdown(): string {
  const lines = ['| param | kind | default | meaning |', '| --- | --- | --- | --- |'];
  for (const [name, spec] of Object.entries(AGENT_PARAMS)) {
    lines.push(`| \`${name}\` | ${kindText(spec.kind)} | \`${String(spec.default)}\` | ${cell(spec.description)} |`);
  }
  return lines.join('\n') + '\n';
}
