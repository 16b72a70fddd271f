/**
 * The command table. Each command is a thin handler that loads its module lazily, so `seastate
 * sources` does not pay for what `run` needs. Flag values are checked by the parsers in options.ts.
 */
import { Command, Option } from 'commander';
import type { Io } from './io';
import { parseSeed, parseTurns } from './options';

/** Build the commander program; `setCode` receives each command's exit code. */
export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('seastate')
    .description('Deterministic, turn-based scenario simulation and wargame engine for the Indo-Pacific')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // One line: commander puts its "Did you mean" hint on a second line.
      outputError: (s, write) => write(s.replace(/^error: /, 'seastate: ').replace(/\n\(Did you mean (.*)\)\n$/, ' (did you mean $1)\n')),
    });

  program
    .command('run')
    .description('run a scenario headless and print a turn-by-turn summary (or --json)')
    .argument('<scenario>', 'a built-in scenario id (see `seastate scenarios`) or a path to a scenario file')
    .addOption(new Option('--seed <n>', 'run seed, a non-negative integer').argParser(parseSeed).default('1'))
    .addOption(new Option('--turns <t>', "number of turns (default: the scenario's)").argParser(parseTurns))
    .option('--json', 'print one JSON object: scenario, seed, turns, stateHash, metrics, alignment, decisions, ...')
    .option('--reasons', "show each policy's best alternatives and their scores (in --json: under decisions)")
    .action(async (scenario: string, opts) => {
      const { runCommand } = await import('./commands/run');
      setCode(runCommand(scenario, opts, io));
    });

  program
    .command('sources')
    .description('list the provenance of every number in the default data, one line each')
    .option('--actor <id>', "only this actor's values, with how its initial alignment was built")
    .option('--scenario <id>', 'include the numbers of this scenario', 'default')
    .option('--json', 'print JSON instead of lines')
    .action(async (opts) => {
      const { sourcesCommand } = await import('./commands/sources');
      setCode(sourcesCommand(opts, io));
    });

  program
    .command('validate')
    .description('check scenario files (or built-in ids) and report every problem with its position')
    .argument('<files...>', 'scenario files or built-in ids')
    .action(async (files: string[]) => {
      const { validateCommand } = await import('./commands/validate');
      setCode(validateCommand(files, io));
    });

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(async () => {
      const { scenariosCommand } = await import('./commands/scenarios');
      setCode(scenariosCommand(io));
    });

  return program;
}
