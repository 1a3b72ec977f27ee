// Loading a policy: find it (a library name, or a file path confined to allowed folders: see
// ./locate), parse YAML/JSON, validate shapes, params and roles, compile every decision entry
// (file entries over defaults), and report every problem at once as an InputError. Must not depend on agents/, cdn/ or scenarios/.
import { readdirSync } from 'node:fs';
import type { z } from 'zod';
import { basename, join } from 'node:path';
import { parseDocument, readDocumentText } from '../input/document.js';
import { InputError, inputError, type InputIssue } from '../input/input-error.js';
import { packageRoot } from '../input/paths.js';
import { fallbackExpected, toInputIssues } from '../input/zod-issues.js';
import { compileEntry, type CompiledDecision } from './compile.js';
import { createTactic, type ConcessionTactic, type TacticSettings } from './concession.js';
import { decisionsFor, type Role } from './decisions.js';
import { DEFAULT_ENTRIES } from './defaults.js';
import { resolveParams } from './params.js';
import { isLibraryName, locateLibraryPolicy, locatePolicyFile, type Located, type PolicyLocationOptions } from './locate.js';
import { createCompiledPolicy, type CompiledPolicy } from './policy.js';
import { didYouMean } from './suggest.js';
import { concessionEntrySchema, policyFileSchema, ROLES } from './schema.js';

/** The folder of the library policies (`<packageRoot>/policies/library`). */
export const libraryDir = (): string => join(packageRoot(), 'policies', 'library');

export interface LoadPolicyOptions extends PolicyLocationOptions {
  /**
   * folder that relative file paths are resolved against, and inside which they must stay (after
   * symbolic links are resolved), like the folders of `policyDirs`; with neither, a path is taken
   * as it is (the user named it), relative to the working directory
   */
  baseDir?: string;
}

/** Where a reference leads: a library name ⇒ its file; a file path ⇒ its real path, confined to the allowed folders. */
export function locatePolicy(ref: string, opts: LoadPolicyOptions = {}): Located {
  if (isLibraryName(ref)) return locateLibraryPolicy(ref, libraryDir(), libraryNames());
  return locatePolicyFile(ref, opts);
}

/** Like locatePolicy, throwing an InputError (file: the reference, path `(file)`) when it leads nowhere allowed. */
export function resolvePolicyRef(ref: string, opts: LoadPolicyOptions = {}): string {
  const located = locatePolicy(ref, opts);
  if (!located.ok) throw inputError(ref, '(file)', located.expected, located.found);
  return located.file;
}

const cache = new Map<string, CompiledPolicy>();

/** Loads and compiles a policy given by library name or file path; the same content compiles once. */
export function loadPolicy(ref: string, opts: LoadPolicyOptions = {}): CompiledPolicy {
  const file = resolvePolicyRef(ref, opts);
  const text = readDocumentText(file);
  const key = `${file}\0${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const doc = parseBounded(text, file);
  if (doc !== null && doc !== undefined && !isPolicyDocument(doc)) {
    // not a policy: say so without echoing any of it (it may be any file of the folder)
    throw inputError(
      file,
      '(root)',
      'a policy: a mapping with a roles field (name, roles, params, primary, peer)',
      'a document without a top-level roles field',
    );
  }
  const policy = compilePolicyDocument(doc, file);
  cache.set(key, policy);
  return policy;
}

const MAX_SYNTAX_FOUND = 120;

/** Parses a policy file; a syntax error's text is cut to one short line (it never quotes the file). */
function parseBounded(text: string, file: string): unknown {
  try {
    return parseDocument(text, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.issues.map((issue) => ({ ...issue, found: oneLine(issue.found, MAX_SYNTAX_FOUND) })));
  }
}

function oneLine(text: string, max: number): string {
  const line = text.split(/\r?\n/)[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A document is a policy when it is a mapping with a `roles` field (scenario files have none). */
export function isPolicyDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && Object.hasOwn(doc, 'roles');
}

type Raw = Record<string, unknown>;
const asRecord = (value: unknown): Raw | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined);

/** Validates and compiles a raw policy document read from `file` (`fastEvaluation: false`: mathjs only, for benchmarks and tests). */
export function compilePolicyDocument(doc: unknown, file: string, opts: { fastEvaluation?: boolean } = {}): CompiledPolicy {
  if (doc === null || doc === undefined) {
    throw inputError(file, '(root)', 'a mapping of policy fields (name, description, roles, params, primary, peer)', 'an empty document');
  }
  const shape = policyFileSchema.safeParse(doc, { error: fallbackExpected });
  const issues: InputIssue[] = shape.success ? [] : shape.error.issues.flatMap((iss) => withSuggestions(iss, doc, file));
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
          const compiled = compileEntry(entry, { file, policy: name, spec, params, unresolved, fastEvaluation: opts.fastEvaluation });
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

/** zod's issues; an unknown field (`primary.sek`) gets a did-you-mean among the known ones of its mapping. */
function withSuggestions(iss: z.core.$ZodIssue, doc: unknown, file: string): InputIssue[] {
  const issues = toInputIssues(iss, doc, file);
  if (iss.code !== 'unrecognized_keys') return issues;
  const known = iss.message.replace(/^known: /, '').split(', ');
  return issues.map((issue, i) => ({ ...issue, found: issue.found + didYouMean(iss.keys[i], known) }));
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

/** The names of the library policies, sorted. */
export function libraryNames(): string[] {
  return readdirSync(libraryDir())
    .filter((entry) => entry.endsWith('.yaml'))
    .sort()
    .map((entry) => basename(entry, '.yaml'));
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
