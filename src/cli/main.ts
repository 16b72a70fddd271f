/**
 * The CLI: parse, dispatch, and map failures to exit codes (0 ok, 1 failed, 2 bad input). Errors are
 * one clear line on stderr; a stack trace only with --debug. With no command, open the terminal UI
 * (`play`); without a terminal (a pipe, CI), run the default scenario headless instead.
 */
import { CommanderError } from 'commander';
import { SimulationError } from '../engine';
import { buildProgram } from './program';
import { EXIT, InputError } from './errors';
import { processIo, type Io } from './io';

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  const bare = argv.length === 0 || argv.every((a) => a === '--debug');
  let args = argv;
  if (bare && !io.interactive) {
    io.err('seastate: no terminal for the UI, so running the default scenario headless (seastate run default)\n');
    args = [...argv, 'run', 'default'];
  } else if (bare) args = [...argv, 'play'];
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c), args);
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its one-line message otherwise.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.ok;
      return EXIT.badInput;
    }
    if (e instanceof InputError) {
      io.err(`seastate: ${e.message}\n`);
      for (const d of e.details) io.err(`  ${d}\n`);
      if (debug) io.err(`${e.stack}\n`);
      return EXIT.badInput;
    }
    if (e instanceof SimulationError) {
      io.err(`seastate: the simulation failed: ${e.message}\n`);
      if (debug) io.err(`${e.stack}\n`);
      return EXIT.failed;
    }
    io.err(`seastate: ${(e as Error).message ?? String(e)}\n`);
    if (debug) io.err(`${(e as Error).stack}\n`);
    else io.err('seastate: this is a bug; run again with --debug for details\n');
    return EXIT.failed;
  }
}
