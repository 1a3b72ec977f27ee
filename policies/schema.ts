// The policy FILE format as authors write it: a strict zod schema generated from the decision
// catalog (unknown fields and unknown decision names are errors listing the known ones). Shapes
// only: expressions, params and roles are checked by ./load. Must not depend on agents/ or scenarios/.
import { z } from 'zod';
import { checkTactic, TACTICS, type TacticSettings } from './concession.js';
import { decisionsFor, type DecisionSpec, type Role } from './decisions.js';

export const ROLES = ['primary', 'peer'] as const satisfies readonly Role[];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A strict object whose unknown-field issues carry the list of known fields. */
function obj<S extends z.ZodRawShape>(shape: S, what = 'a mapping') {
  const known = `known: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? known : what) });
}

const expression = (what: string) => z.string({ error: what }).trim().min(1, { error: what });

const tacticSchema = obj(
  {
    tactic: z.enum(TACTICS, { error: `one of ${TACTICS.join(', ')}` }),
    beta: z.number({ error: 'a number > 0 (β < 1 Boulware, 1 linear, > 1 Conceder)' }).optional(),
    k: z.number({ error: 'a number ≥ 0 and < 1 (share conceded at once)' }).optional(),
    delta: z.int({ error: 'an integer ≥ 1 (titForTat: how many offers back)' }).optional(),
  },
  'a tactic name or a mapping like { tactic: boulware, beta: 0.3 }',
).superRefine((s, ctx) => {
  const why = checkTactic(s as TacticSettings);
  if (why !== undefined) ctx.addIssue({ code: 'custom', message: `valid tactic settings (${why})` });
});

/** `concession`: a tactic name or a mapping of its settings */
export const concessionEntrySchema = z.union([z.enum(TACTICS), tacticSchema], {
  error: `a tactic (${TACTICS.join(', ')}) or a mapping like { tactic: boulware, beta: 0.3 }`,
});

/** A decision's entry: a literal of its result kind or an expression; a tactic for strategies. */
function entrySchema(spec: DecisionSpec) {
  switch (spec.result.kind) {
    case 'boolean':
      return z.union([z.boolean(), expression('true, false or an expression')], { error: 'true, false or an expression' });
    case 'number':
      return z.union([z.number(), expression('a number or an expression')], { error: 'a number or an expression' });
    case 'choice': {
      const what = `one of ${spec.result.values.join(', ')}, or an expression`;
      return expression(what);
    }
    case 'strategy':
      return concessionEntrySchema;
  }
}

function sectionSchema(role: Role) {
  const shape = Object.fromEntries(decisionsFor(role).map((spec) => [spec.name, entrySchema(spec).optional().describe(spec.description)]));
  return obj(shape, `a mapping of ${role} decision points to entries`).optional();
}

const paramValue = z.union([z.number(), z.boolean(), z.string()], {
  error: 'a number, true/false, a duration like 10 min, a quantity like 200 ms, or a word',
});

export const policyFileSchema = obj(
  {
    name: z.string({ error: 'a name of letters, digits, ".", "_" or "-"' }).regex(NAME, { error: 'a name of letters, digits, ".", "_" or "-"' }),
    description: z.string({ error: 'a string' }).default(''),
    roles: z
      .array(z.enum(ROLES, { error: 'primary or peer' }), { error: 'a list of roles: [primary], [peer] or [primary, peer]' })
      .min(1, { error: 'at least one role (primary, peer)' })
      .refine((roles) => new Set(roles).size === roles.length, { error: 'each role once' }),
    params: z.record(z.string(), paramValue, { error: 'a mapping of parameter names to values' }).default({}),
    primary: sectionSchema('primary'),
    peer: sectionSchema('peer'),
  },
  'a mapping of policy fields (name, description, roles, params, primary, peer)',
);

export type PolicyFile = z.output<typeof policyFileSchema>;

/** JSON Schema of the policy file format, for editors. */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policyFileSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'autopeer policy', description: 'A negotiation policy of the autopeer simulator (see policies/README.md).' };
}
