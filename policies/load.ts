// Loading a policy: find it (a library name or a file path), parse YAML/JSON, validate shapes,
// params and roles, compile every decision entry (file entries over defaults), and report every
// problem at once as an InputError. Must not depend on agents/, cdn/ or scenarios/.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseDocument, readDocumentText } from '../core/document.js';
import { InputError, inputError, type InputIssue } from '../core/input-error.js';
import { packageRoot } from '../core/paths.js';
import { fallbackExpected, toInputIssues } from '../core/zod-issues.js';
import { compileEntry, type CompiledDecision } from './compile.js';
import { createTactic, type ConcessionTactic, type TacticSettings } from './concession.js';
import { decisionsFor, type Role } from './decisions.js';
import { DEFAULT_ENTRIES } from './defaults.js';
import { resolveParams } from './params.js';
import { createCompiledPolicy, type CompiledPolicy } from './policy.js';
import { concessionEntrySchema, policyFileSchema, ROLES } from './schema.js';

/** The folder of the library policies (`<packageRoot>/policies/library`). */
export const libraryDir = (): string => join(packageRoot(), 'policies', 'library');

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
const POLICY_FILE = /\.(ya?ml|json)$/i;

export interface LoadPolicyOptions {
  /** folder that relative file paths are resolved against (default: the working directory) */
  baseDir?: string;
}

/** A library name ⇒ its file; a file path (relative to baseDir) ⇒ that file. */
export function resolvePolicyRef(ref: string, opts: LoadPolicyOptions = {}): string {
  const asPath = resolve(opts.baseDir ?? '.', ref);
  if (isFile(asPath) || /[\\/]/.test(ref) || POLICY_FILE.test(ref)) return asPath;
  const library = join(libraryDir(), `${ref}.yaml`);
  if (isFile(library)) return library;
  const known = listPolicies().map((p) => p.name).join(', ');
  throw inputError(ref, '(file)', 'a policy file or the name of a library policy', `unknown policy "${ref}" (known: ${known})`);
}

const cache = new Map<string, CompiledPolicy>();

/** Loads and compiles a policy given by library name or file path; the same content compiles once. */
export function loadPolicy(ref: string, opts: LoadPolicyOptions = {}): CompiledPolicy {
  const file = resolvePolicyRef(ref, opts);
  const text = readDocumentText(file);
  const key = `${file}\0${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const policy = compilePolicyDocument(parseDocument(text, file), file);
  cache.set(key, policy);
  return policy;
}

/** A document is a policy when it is a mapping with a `roles` field (scenario files have none). */
export function isPolicyDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && Object.hasOwn(doc, 'roles');
}

type Raw = Record<string, unknown>;
const asRecord = (value: unknown): Raw | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;

/** Validates and compiles a raw policy document read from `file`. */
export function compilePolicyDocument(doc: unknown, file: string): CompiledPolicy {
  if (doc === null || doc === undefined) {
    throw inputError(file, '(root)', 'a mapping of policy fields (name, description, roles, params, primary, peer)', 'an empty document');
  }
  const shape = policyFileSchema.safeParse(doc, { error: fallbackExpected });
  const issues: InputIssue[] = shape.success ? [] : shape.error.issues.flatMap((iss) => toInputIssues(iss, doc, file));
  const raw = asRecord(doc) ?? {};
  const { params, unresolved, issues: paramIssues } = resolveParams(asRecord(raw.params) ?? {}, file);
  issues.push(...paramIssues);
  const roles = rolesOf(raw.roles);
  issues.push(...sectionIssues(raw, roles, file));
  const name = typeof raw.name === 'string' ? raw.name : basename(file);
  const decisions = new Map<string, CompiledDecision>();
  const tactics = new Map<Role, { tactic: ConcessionTactic; settings: TacticSettings }>();
  for (const role of roles) {
    const section = asRecord(raw[role]) ?? {};
    for (const spec of decisionsFor(role)) {
      const entry = Object.hasOwn(section, spec.name) ? section[spec.name] : DEFAULT_ENTRIES[role][spec.name];
      try {
        if (spec.result.kind === 'strategy') {
          const settings = tacticSettings(entry);
          if (settings !== undefined) tactics.set(role, { tactic: createTactic(settings), settings });
        } else if (isLiteral(entry)) {
          const compiled = compileEntry(entry, { file, policy: name, spec, params, unresolved });
          if (compiled !== undefined) decisions.set(`${role}.${spec.name}`, compiled);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        issues.push(...error.issues);
      }
    }
  }
  if (issues.length > 0 || !shape.success) throw new InputError(firstPerPath(issues));
  return createCompiledPolicy({ name, description: shape.data.description, roles, file, params, decisions, tactics });
}

/** The valid roles named, in catalog order (invalid ones are reported by the schema). */
function rolesOf(value: unknown): Role[] {
  const named = Array.isArray(value) ? value : [];
  return ROLES.filter((role) => named.includes(role));
}

function sectionIssues(raw: Raw, roles: readonly Role[], file: string): InputIssue[] {
  return ROLES.filter((role) => raw[role] !== undefined && !roles.includes(role)).map((role) => ({
    file,
    path: role,
    expected: `no ${role} section, or ${role} in roles (roles: [${roles.join(', ')}])`,
    found: `a ${role} section`,
  }));
}

/** Entries the schema rejected are skipped here (their issue is already reported). */
const isLiteral = (entry: unknown): entry is number | boolean | string =>
  (typeof entry === 'number' && Number.isFinite(entry)) || typeof entry === 'boolean' || (typeof entry === 'string' && entry.trim() !== '');

function tacticSettings(entry: unknown): TacticSettings | undefined {
  if (typeof entry === 'string') entry = { tactic: entry };
  const parsed = concessionEntrySchema.safeParse(entry);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  return typeof value === 'string' ? { tactic: value } : (value as TacticSettings);
}

/** One issue per path (the schema and the semantic checks may both see one bad value). */
function firstPerPath(issues: InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.file}\0${issue.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ── the library ───────────────────────────────────────────────────────────────────────────────

export interface PolicyInfo {
  name: string;
  description: string;
  roles: readonly Role[];
}

/** The library policies, sorted by name, with their description and roles. */
export function listPolicies(): PolicyInfo[] {
  return readdirSync(libraryDir())
    .filter((entry) => entry.endsWith('.yaml'))
    .sort()
    .map((entry) => {
      const file = join(libraryDir(), entry);
      const doc = asRecord(safeRead(file)) ?? {};
      const roles = rolesOf(doc.roles);
      return { name: basename(entry, '.yaml'), description: typeof doc.description === 'string' ? doc.description.trim() : '', roles };
    });
}

function safeRead(file: string): unknown {
  try {
    return parseDocument(readDocumentText(file), file);
  } catch {
    return undefined;
  }
}
