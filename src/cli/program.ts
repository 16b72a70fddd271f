/**
 * The command table. Each command is a thin handler that loads its module lazily, so `seastate
 * sources` does not pay for what `run` needs. Flag values are checked by the parsers in options.ts.
 */
import { Command, Option } from 'commander';
import type { Io } from './io';
import { collect, parseCount, parseIds, parseSeed, parseShard, parseTurns } from './options';

/** Build the commander program; `setCode` receives each command's exit code. */
export function buildProgram(io: Io, setCode: (code: number) => void, argv: readonly string[] = []): Command {
  const program = new Command('seastate')
    .description('Deterministic, turn-based scenario simulation and wargame engine for the Indo-Pacific')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // One line: commander puts its "Did you mean" hint on a second line.
      outputError: (s, write) =>
        write(
          s
            .replace(/^error: /, 'seastate: ')
            .replace(/\n\(Did you mean (.*)\)\n$/, ' (did you mean $1)\n')
            // The usual cause: `--sweep k=0, 0.5, 1` splits into several words.
            .replace(
              /^(seastate: too many arguments.*)\n$/,
              '$1 (a space inside a --set or --sweep value? write KEY=V1,V2 without spaces, or quote it)\n',
            ),
        ),
    });

  program
    .command('run')
    .description('run a scenario headless and print a turn-by-turn summary (or --json)')
    .argument('<scenario>', 'a built-in scenario id (see `seastate scenarios`) or a path to a scenario file')
    .addOption(new Option('--seed <n>', 'run seed, a non-negative integer').argParser(parseSeed).default('1'))
    .addOption(new Option('--turns <t>', "number of turns (default: the scenario's)").argParser(parseTurns))
    .option('--json', 'print one JSON object: scenario, seed, turns, stateHash, metrics, alignment, decisions, ...')
    .option('--reasons', "show each policy's best alternatives and their scores (in --json: under decisions)")
    .option('--save <file>', 'write the finished run as a save file (for replay, explain and play --load)')
    .option(
      '--set <key=value>',
      'override a scenario value, e.g. model.weights.noise=0.5 (repeatable; as in batch)',
      collect,
    )
    .action(async (scenario: string, opts) => {
      const { runCommand } = await import('./commands/run');
      setCode(runCommand(scenario, opts, io));
    });

  program
    .command('play')
    .description('the terminal UI: pick a scenario, assign human actors, and play (the default command)')
    .argument('[scenario]', 'a built-in scenario id or a path (omit to pick one on screen)')
    .addOption(
      new Option('--seed <n>', 'run seed, a non-negative integer (default: chosen on screen, 1)').argParser(parseSeed),
    )
    .addOption(
      new Option('--human <ids>', 'comma-separated actors played by humans (e.g. JPN,PHL)').argParser(parseIds),
    )
    .option('--load <file>', 'resume a saved game')
    .option(
      '--export <file>',
      'write the after-action review when the game ends: HTML with charts if <file> ends in .html, else Markdown',
    )
    .action(async (scenario: string | undefined, opts) => {
      const { playCommand } = await import('./commands/play');
      setCode(await playCommand(scenario, opts, io));
    });

  program
    .command('batch')
    .description(
      'Monte Carlo: many runs on worker threads, parameter sweeps, statistics and CSV/JSON exports (docs/BATCH.md)',
    )
    .argument('[scenario]', 'a built-in scenario id or a path to a scenario file')
    .addOption(
      new Option('--runs <n>', 'runs per parameter point').argParser(parseCount('a number of runs', 1, 10_000_000)),
    )
    .addOption(
      new Option('--seed <n>', 'batch seed; run r uses a seed derived from it (default 1)').argParser(parseSeed),
    )
    .addOption(
      new Option('--workers <w>', 'worker threads (default: the number of cores)').argParser(
        parseCount('a number of workers', 1, 64),
      ),
    )
    .option('--out <dir>', 'write runs.csv, summary.json, bands.csv and manifest.json here')
    .option('--set <key=value>', 'override a scenario value, e.g. model.weights.noise=0.5 (repeatable)', collect)
    .option('--sweep <key=v1,v2,...>', 'run every value (repeatable: the full grid), N runs per point', collect)
    .option(
      '--watch <from:to>',
      'also band this alignment cell per turn, e.g. PHL:JPN (repeatable, or comma-separated)',
      collect,
    )
    .addOption(
      new Option(
        '--shard <i/n>',
        'run only the i-th of n slices of the runs (merge them with `seastate merge`)',
      ).argParser(parseShard),
    )
    .option('--resume <dir>', 'continue an interrupted batch in <dir> to the same results')
    .option(
      '--series',
      "also write every run's per-turn values to series.csv in --out (long form: run, turn, metric, value)",
    )
    .addOption(
      new Option(
        '--baseline <k>',
        'compare every point with point k pair by pair (same seeds): paired intervals in summary.json and the report',
      ).argParser(parseCount('a point index', 0, 100_000_000)),
    )
    .option('--sample <method>', 'sample the points instead of a grid: lhs (Latin hypercube over the --range values)')
    .addOption(
      new Option('--samples <m>', 'how many points --sample draws').argParser(
        parseCount('a number of points', 2, 1_000_000),
      ),
    )
    .option('--range <key=lo:hi>', 'a range for --sample, e.g. params.us_commitment=0:1 (repeatable)', collect)
    .option('--report', 'also write report.html, charts of the batch, in --out when it completes')
    .addOption(
      new Option(
        '--slurm <n>',
        "submit to Slurm instead: a job array of n shards (at most 1000, Slurm's default array size) and a merge after them, in --out (docs/SCALE.md)",
      ).argParser(parseCount('a number of shards', 1, 1000)),
    )
    .option('--slurm-retry <dir>', 'resubmit the shards of a --slurm batch that did not complete, and a new merge')
    .action(async (scenario: string | undefined, opts) => {
      const { batchCommand } = await import('./commands/batch');
      setCode(await batchCommand(scenario, { ...opts, argv: [...argv] }, io));
    });

  program
    .command('validity')
    .description(
      'run the validity suite: the claims of validity/claims.yaml as batches, each with its source, lever, intervals and pass or fail (docs/VALIDITY.md)',
    )
    .addOption(
      new Option('--runs <n>', 'runs per point (default 2000)').argParser(parseCount('a number of runs', 1, 1_000_000)),
    )
    .addOption(new Option('--seed <n>', 'batch seed (default 1)').argParser(parseSeed))
    .addOption(
      new Option('--workers <w>', 'worker threads (default: the number of cores)').argParser(
        parseCount('a number of workers', 1, 64),
      ),
    )
    .option('--only <ids>', 'run only these claims (comma-separated ids)', (v: string, prev: string[] = []) => [
      ...prev,
      ...v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ])
    .option('--markdown', 'also print the results as the Markdown table of docs/VALIDITY.md')
    .option('--file <claims>', 'a claims file other than validity/claims.yaml')
    .action(async (opts) => {
      const { validityCommand } = await import('./commands/validity');
      setCode(await validityCommand(opts, io));
    });

  program
    .command('report')
    .description('write a finished batch directory as one HTML page of charts and tables (report.html)')
    .argument('<dir>', "a batch's --out directory")
    .option('--out <file>', 'where to write the page (default DIR/report.html)')
    .action(async (dir: string, opts) => {
      const { reportCommand } = await import('./commands/report');
      setCode(await reportCommand(dir, opts, io));
    });

  program
    .command('merge')
    .description("combine shards' output directories into the result of the unsharded batch")
    .argument('<dirs...>', "the shards' --out directories")
    .requiredOption('--out <dir>', 'where to write the merged batch')
    .action(async (dirs: string[], opts) => {
      const { mergeCommand } = await import('./commands/merge');
      setCode(mergeCommand(dirs, { ...opts, argv: [...argv] }, io));
    });

  program
    .command('replay')
    .description("replay a save file's recorded inputs headless and print the summary")
    .argument('<file>', 'a save file (from play or run --save)')
    .option('--verify', "check every turn's state hash against the save; exit 1 on the first difference")
    .option('--export <file>', 'write the after-action review: HTML with charts if <file> ends in .html, else Markdown')
    .option('--json', 'print the run result as JSON (as run --json)')
    .action(async (file: string, opts) => {
      const { replayCommand } = await import('./commands/replay');
      setCode(await replayCommand(file, opts, io));
    });

  program
    .command('explain')
    .description(
      "explain a turn's alignment changes from a save, each as its named contributions; or a crisis's path (--crisis, and by default after a war)",
    )
    .argument('<file>', 'a save file')
    .addOption(new Option('--turn <t>', 'the turn to explain (default: the last)').argParser(parseTurns))
    .option('--actor <id>', 'the actor whose stance changed (default: the largest changes of the turn)')
    .option('--toward <id>', "the actor it changed toward (default: all of --actor's cells)")
    .option(
      '--crisis <ladder>',
      'the crisis on this ladder, turn by turn: its rung, resolve, the choices and slips that moved it, and its end (the default for a game that ended in war)',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const { explainCommand } = await import('./commands/explain');
      setCode(explainCommand(file, opts, io));
    });

  program
    .command('sources')
    .description('list the provenance of every number in the default data, one line each')
    .option('--actor <id>', "only this actor's values, with how its initial alignment was built")
    .option('--scenario <id>', 'include the numbers of this scenario', 'default')
    .option(
      '--check',
      'check every number that rests on a dataset against its extract in data/datasets/; exit 1 naming each mismatch',
    )
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
