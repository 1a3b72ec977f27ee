// The command line (commander): parses arguments into one library call per command and maps
// errors to exit codes — 2 for invalid input (InputError, bad flags), 1 for internal errors.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { InputError } from '../input/input-error.js';
import { listPolicies } from '../policies/load.js';
import { PolicyRuntimeError } from '../policies/policy.js';
import { policyJsonSchema } from '../policies/schema.js';
import { listScenarios } from '../scenarios/load.js';
import { scenarioJsonSchema } from '../scenarios/schema.js';
import { policyVarsCommand, validateCommand } from './policy-command.js';
import { runCommand } from './run-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerUriCommands } from './uri-command.js';
import { sweepCommand } from './sweep-command.js';
import { mergeCommand } from './merge-command.js';
import { packageVersion } from './version.js';
import { ExitCode, type CliIo } from './io.js';

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a non-negative integer, found "${value}"`);
  return Number(value);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number (like 5e9), found "${value}"`);
  return n;
}

export function createProgram(io: CliIo): Command {
  const program = new Command('autopeer')
    .description('Autonomic CDN peering negotiator and discrete-event simulator')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('run')
    .description('run one scenario and write its reports')
    .argument('<scenario>', 'a scenario file (.yaml/.json) or a ready scenario name')
    .option('--seed <n>', "run seed (default: the scenario's)", integer)
    .option('--out <dir>', 'output folder (default: out/<scenario>/seed-<seed>, with --set out/<scenario>/seed-<seed>-set-<hash>)')
    .option('--set <path=value>', 'override one scenario field (repeatable)', collect)
    .option('--no-charts', 'do not render the chart images (charts/*.png)')
    .option('--quiet', 'print nothing on success, and no progress line (shown on stderr when it is a terminal and a run takes more than 2 s)')
    .option('--trace', 'also write events.ndjson: every control-plane message and state change')
    .option('--cdni-logs', "also write the peers' CDNI log files logs/<peer>.log (RFC 7937; the same as --set measure.cdniLogs=true)")
    .option(
      '--dry-run',
      'print the run plan (the resolved scenario, overrides, seed, version, policies, hash, output folder, work estimate) as YAML and run nothing: no output folder, no lock',
    )
    .option(
      '--force',
      'replace an earlier autopeer output at --out (only files its manifest lists; never anything else). ' +
        "An earlier output at the default folder is autopeer's own and is replaced without --force",
    )
    .option('--policy-path <dir>', "a folder policy files may also come from, besides the scenario's own (repeatable)", collect)
    .option('--max-requests <n>', 'refuse runs expected to generate more requests (default 2e9)', positiveNumber)
    .option('--max-window-rows <n>', 'refuse runs with more windows × (CDNs + sites) (default 1e6)', positiveNumber)
    .option('--max-catalog-objects <n>', 'refuse runs with more catalog objects × (1 + caching sites) (default 2e7)', positiveNumber)
    .option('--max-control-passes <n>', 'refuse runs with more agent monitor passes in all (default 2e6)', positiveNumber)
    .option('--max-request-log-rows <n>', 'refuse runs with measure.requestLog expected to log more requests (default 1e6)', positiveNumber)
    .action((scenario: string, options) => {
      runCommand(scenario, options, io);
    });

  program
    .command('sweep')
    .description('run a scenario over seeds and a grid of varied fields, on all cores; write runs.csv, summary.json/.md, charts, sweep.html')
    .argument('<scenario|experiment>', 'a scenario (file or ready name) or an experiment file (YAML: scenario, seeds, vary, variants, metrics, baseline)')
    .option('--seeds <list>', "seeds as a range 1..30, a list 1,5,9 or both (default: the experiment's, else the scenario's seed)")
    .option('--vary <path=v1,v2>', 'vary one scenario field over values (repeatable: the grid is their cross product)', collect)
    .option('--set <path=value>', 'override one scenario field in every run (repeatable)', collect)
    .option('--warmup <duration>', 'exclude the first part of every run from its statistics (sets the scenario field warmup)')
    .option('--metrics <list>', 'the metrics of runs.csv and the summary, comma-separated (default: all key metrics)')
    .option('--baseline <variant>', 'a variant (id or name) every other is compared with (Welch t-test)')
    .option('--workers <n>', 'worker threads (default: all cores)', integer)
    .option('--shard <i/n>', 'run only the i-th of n disjoint slices of the run list (for a cluster; see autopeer merge)')
    .option('--out <dir>', 'sweep folder (default out/<scenario>/sweep, or out/<scenario>/sweep-shard-<i>-of-<n>)')
    .option('--no-charts', 'do not render the comparison charts (charts/*.png)')
    .option('--run-charts', "also render each run's charts (runs/<id>/charts/*.png)")
    .option('--resume', 'continue this sweep in its folder: run only what is missing or incomplete')
    .option('--retry-failed', 'with --resume, also run again the runs that failed')
    .option('--force', 'replace an earlier sweep in the folder (only files autopeer wrote)')
    .option('--dry-run', 'print the plan (variants, every run with its id) and run nothing')
    .option('--quiet', 'print nothing on success, and no progress bar')
    .option('--policy-path <dir>', "a folder policy files may also come from, besides the scenario's own (repeatable)", collect)
    .option('--max-requests <n>', 'refuse runs expected to generate more requests (default 2e9)', positiveNumber)
    .option('--max-window-rows <n>', 'refuse runs with more windows × (CDNs + sites) (default 1e6)', positiveNumber)
    .option('--max-catalog-objects <n>', 'refuse runs with more catalog objects × (1 + caching sites) (default 2e7)', positiveNumber)
    .option('--max-control-passes <n>', 'refuse runs with more agent monitor passes in all (default 2e6)', positiveNumber)
    .option('--max-request-log-rows <n>', 'refuse runs with measure.requestLog expected to log more requests (default 1e6)', positiveNumber)
    .action(async (scenario: string, options) => {
      const code = await sweepCommand(scenario, options, io);
      if (code !== 0) throw new ExitCode(code);
    });

  program
    .command('merge')
    .description("combine the shard folders of one sweep (every shard 1…N, each complete) into the unsharded sweep's folder")
    .argument('<dir...>', 'the shard folders (written by autopeer sweep --shard I/N)')
    .requiredOption('--out <dir>', 'the merged sweep folder (new or empty; an earlier merge only with --force)')
    .option('--force', 'replace an earlier sweep in --out (only files autopeer wrote)')
    .option('--no-charts', 'do not render the comparison charts')
    .option('--quiet', 'print nothing on success')
    .action((dirs: string[], options) => mergeCommand(dirs, options, io));

  registerCompareCommand(program, io);
  registerUriCommands(program, io);

  program
    .command('validate')
    .description('check scenario and policy files (a policy has a top-level `roles` field); prints OK or every problem found')
    .argument('<file...>', 'scenario or policy files')
    .action((files: string[]) => validateCommand(files, io));

  program
    .command('schema')
    .description('print the JSON Schema of a file format (for editors)')
    .argument('<kind>', 'scenario or policy')
    .action((kind: string) => {
      const schemas: Record<string, () => Record<string, unknown>> = { scenario: scenarioJsonSchema, policy: policyJsonSchema };
      if (!Object.hasOwn(schemas, kind)) throw new ExitCode(2, `unknown schema "${kind}" (known: scenario, policy)`);
      io.out(JSON.stringify(schemas[kind](), null, 2) + '\n');
    });

  program
    .command('list')
    .description('list the ready scenarios or the library policies')
    .argument('<kind>', 'scenarios or policies')
    .action((kind: string) => {
      if (kind === 'scenarios') for (const s of listScenarios()) io.out(`${s.name.padEnd(16)} ${s.description.split('\n')[0]}\n`);
      else if (kind === 'policies') {
        for (const p of listPolicies()) io.out(`${p.name.padEnd(18)} ${p.roles.join(', ').padEnd(8)} ${p.description.split('\n')[0]}\n`);
      } else throw new ExitCode(2, `unknown list "${kind}" (known: scenarios, policies)`);
    });

  program
    .command('policy')
    .description('the policy language')
    .command('vars')
    .description('print the variables each decision point may read, with units and meaning')
    .argument('[decision]', 'a decision point: primary.seek, or seek for every role that has it')
    .option('--markdown', 'print the whole reference (decision points and agent parameters) as Markdown')
    .action((decision: string | undefined, options: { markdown?: boolean }) => policyVarsCommand(decision, options, io));

  return program;
}

/** Run the CLI on `argv` (without node and script); returns the exit code. For the synchronous commands only (tests). */
export function runCli(argv: string[], io: CliIo): number {
  try {
    createProgram(io).parse(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

/** Run the CLI on `argv`, awaiting asynchronous commands (sweep); resolves to the exit code. */
export async function runCliAsync(argv: string[], io: CliIo): Promise<number> {
  try {
    await createProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof ExitCode) {
    if (error.message) io.err(`${error.message}\n`);
    return error.code;
  }
  if (error instanceof InputError || error instanceof PolicyRuntimeError) {
    // a policy that fails while running is invalid input too: its message names the policy, decision and values
    io.err(`${error.message}\n`);
    return 2;
  }
  if (error instanceof CommanderError) {
    // help and version exit 0; commander has already printed its message
    return error.exitCode === 0 ? 0 : 2;
  }
  io.err(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
