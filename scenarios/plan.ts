// The run plan: what a run is, resolved before anything runs — the resolved scenario (defaults and
// overrides applied), where it came from, the overrides in order, seed, version, content hash, each
// CDN's policy, the output folder and the work estimate. `--dry-run` prints it; every run writes
// its scenario as `scenario.resolved.yaml`, a scenario FILE (the format of ./schema) with every
// default filled in (./scenario-document), that loads back to the very same resolved scenario
// (checked here on every render, so a field added to the schema but not there fails loudly
// instead of drifting).
// Depends on ./load, ./budget, ./hash, ./types and policies/locate; no wall-clock time.
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { parseDocument } from '../input/document.js';
import { isLibraryName } from '../policies/locate.js';
import { estimateRun } from './budget.js';
import { canonicalJson } from './hash.js';
import type { LoadedScenario } from './load.js';
import { validateScenarioDocument } from './load.js';
import { DEFAULT_POLICY } from './policies.js';
import type { Scenario } from './types.js';
import { scenarioFileDocument } from './scenario-document.js';

export const RESOLVED_SCENARIO_FILE = 'scenario.resolved.yaml';

export interface PlannedPolicy {
  /** the policy's own name */
  name: string;
  /** the reference the scenario gives (or the role's default) */
  ref: string;
  /** the policy file's real path, for a policy file (null for a library policy) */
  file: string | null;
}

export interface RunPlan {
  /** the scenario file as given (a path, or a ready scenario's file) */
  file: string;
  /** the `--set PATH=VALUE` overrides, in the order applied */
  overrides: string[];
  seed: number;
  version: string;
  /** sha256 of the resolved scenario and its policies (./hash) */
  hash: string;
  outDir: string;
  /** folders policy files may come from besides the scenario's own (absolute) */
  policyDirs: string[];
  /** by CDN id */
  policies: Record<string, PlannedPolicy>;
  /** upper bounds of the run's work (./budget) */
  estimate: { requests: number; windows: number; controlPasses: number };
  scenario: Scenario;
}

export interface PlanOptions {
  overrides: readonly string[];
  version: string;
  outDir: string;
  policyDirs?: readonly string[];
}

/** The plan of a loaded scenario. */
export function buildRunPlan(loaded: LoadedScenario, opts: PlanOptions): RunPlan {
  const { scenario } = loaded;
  const policies: Record<string, PlannedPolicy> = {};
  let controlPasses = 0;
  for (const cdn of scenario.cdns) {
    const compiled = loaded.policies[cdn.id];
    const ref = cdn.policy ?? DEFAULT_POLICY[cdn.role];
    policies[cdn.id] = { name: compiled?.name ?? ref, ref, file: isLibraryName(ref) ? null : (compiled?.file ?? null) };
    const interval = compiled?.param('monitorInterval');
    if (scenario.peering.enabled && typeof interval === 'number' && interval > 0) controlPasses += scenario.durationS / interval;
  }
  const estimate = estimateRun(scenario);
  return {
    file: loaded.file,
    overrides: [...opts.overrides],
    seed: scenario.seed,
    version: opts.version,
    hash: loaded.hash,
    outDir: opts.outDir,
    policyDirs: (opts.policyDirs ?? []).map((dir) => resolve(dir)),
    policies,
    estimate: { requests: Math.ceil(estimate.requests), windows: estimate.windows, controlPasses: Math.ceil(controlPasses) },
    scenario,
  };
}

export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One comment line: control characters (a newline would end the comment) are escaped. */
function comment(text: string): string {
  const safe = [...text].map((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || code === 0x85 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  });
  return `# ${safe.join('')}`.trimEnd();
}

/**
 * The command that re-runs a resolved file to the same report.json: the same seed, the same
 * overrides (re-applying them to the resolved file changes nothing, and keeps a run cut short with
 * `--set duration=…` cut short and its overrides recorded), and for policy files the folders they
 * may come from (the original scenario's folder and every --policy-path).
 */
export function rerunArgs(plan: RunPlan, resolvedFile: string): string[] {
  const args = ['autopeer', 'run', resolvedFile, '--seed', String(plan.seed)];
  for (const set of plan.overrides) args.push('--set', set);
  if (Object.values(plan.policies).some((p) => p.file !== null)) {
    for (const dir of [resolve(dirname(plan.file)), ...plan.policyDirs]) args.push('--policy-path', dir);
  }
  return args;
}

function header(plan: RunPlan): string[] {
  const policies = Object.entries(plan.policies).map(([id, p]) => `${id}: ${p.name}${p.file === null ? '' : ` (${p.file})`}`);
  return [
    'The resolved scenario of an autopeer run: every default filled in; durations in seconds, sizes in',
    'bytes, bandwidths in bytes per second. It loads to the same scenario and hash as the run.',
    `from: ${plan.file}`,
    `overrides: ${plan.overrides.length === 0 ? '(none)' : JSON.stringify(plan.overrides)}`,
    `seed: ${plan.seed}   autopeer: ${plan.version}   hash: ${plan.hash}`,
    `policies: ${policies.join(', ')}`,
    'Re-run to a byte-identical report.json (policy files need the --policy-path folders given here):',
    `  ${rerunArgs(plan, RESOLVED_SCENARIO_FILE).map(shellWord).join(' ')}`,
  ].map(comment);
}

/** `scenario.resolved.yaml`: a commented scenario file that loads back to exactly `plan.scenario`. */
export function renderResolvedScenario(plan: RunPlan): string {
  const body = YAML.stringify(scenarioFileDocument(plan.scenario), { lineWidth: 0 });
  const text = `${header(plan).join('\n')}\n${body}`;
  checkRoundTrip(text, plan.scenario);
  return text;
}

const NO_LIMITS = { maxRequests: Infinity, maxWindowRows: Infinity, maxCatalogObjects: Infinity, maxControlPasses: Infinity, maxRequestLogRows: Infinity };

/** The rendered file must load back to the same scenario; a difference is a bug here, not bad input. */
function checkRoundTrip(text: string, scenario: Scenario): void {
  const back = validateScenarioDocument(parseDocument(text, RESOLVED_SCENARIO_FILE), RESOLVED_SCENARIO_FILE, { limits: NO_LIMITS, cutShort: true });
  if (canonicalJson(back) !== canonicalJson(scenario)) {
    throw new Error(`${RESOLVED_SCENARIO_FILE} does not load back to the resolved scenario: scenarios/plan.ts misses a field of the schema`);
  }
}

/** The plan as readable YAML (`--dry-run`): the facts first, then the resolved scenario as a file. */
export function renderRunPlan(plan: RunPlan): string {
  const facts = {
    file: plan.file,
    overrides: plan.overrides,
    seed: plan.seed,
    version: plan.version,
    hash: plan.hash,
    outDir: plan.outDir,
    policies: plan.policies,
    ...(plan.policyDirs.length > 0 ? { policyDirs: plan.policyDirs } : {}),
    estimate: plan.estimate,
  };
  return YAML.stringify({ plan: facts, scenario: scenarioFileDocument(plan.scenario) }, { lineWidth: 0 });
}

/** a redirection rule as the scenario file writes it */
