// The error a compiled policy throws while a run is going: a decision that read a missing or
// non-finite variable, failed to evaluate, or returned NaN, a wrong kind or an out-of-range value.
// Never a silent default. Plain data and formatting only; depends on nothing.

export class PolicyRuntimeError extends Error {
  override readonly name = 'PolicyRuntimeError';

  constructor(
    /** the policy's name */
    readonly policy: string,
    /** the file it was loaded from */
    readonly file: string,
    /** `primary.need` */
    readonly decision: string,
    /** the variables the decision read, as the agent passed them */
    readonly variables: Readonly<Record<string, unknown>>,
    readonly reason: string,
  ) {
    super(`policy "${policy}" (${file}): ${decision}: ${reason}; variables: ${formatVariables(variables)}`);
  }
}

function formatVariables(variables: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(variables);
  if (entries.length === 0) return '(none)';
  return entries.map(([name, value]) => `${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`).join(', ');
}
