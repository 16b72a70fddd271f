/**
 * `seastate replay FILE [--verify] [--export FILE] [--json]`: replay a save's recorded inputs from
 * the scenario's initial state and report the result.
 *
 * Every replay checks every recorded state hash (a save is trusted only as far as the rules can
 * reproduce it). What a difference means depends on the question asked:
 * - with --verify the user asked "does this save still replay?", so a difference is the answer
 *   "no": the check failed, exit 1, with the turn and both hashes on stderr. A difference is any
 *   'save/mismatch': a turn's hash, the initial state (the scenario or data changed), or a game
 *   that now ends before the turns the save records. With --json the failure prints no result;
 * - without it the user wanted the game, and a save that does not replay is a bad file: exit 2.
 * Anything else wrong with the file (missing, not a save, wrong version, illegal inputs) is exit 2
 * either way. The save is only read, never written.
 */
import { stateHash } from '../state-hash';
import path from 'node:path';
import { formatIssue, type LoadIssue } from '../../scenarios/issues';
import { EXIT, InputError, issuesError } from '../errors';
import type { Io } from '../io';
import { reviewFor } from '../session/review-export';
import { current, type Game } from '../session/game';
import { loadGame } from '../session/load';
import { writeOrFail } from '../session/write';
import { finalTable } from '../summary';
import { runResult } from './run';

export interface ReplayOptions {
  /** Only check the hashes: one line on success, exit 1 if the replay differs from the record. */
  verify?: boolean;
  /** Write the after-action review as Markdown to this file. */
  export?: string;
  /** Print `run --json`'s result for the final state, plus `verified`. */
  json?: boolean;
}

/** Whether a load issue says the replay reached a different state than the save records (code 'save/mismatch'). */
export function isDivergence(i: LoadIssue): boolean {
  return i.code === 'save/mismatch';
}

/** Replay the save at `file`; prints the summary, the verdict or the JSON result and returns the exit code. */
export async function replayCommand(file: string, opts: ReplayOptions, io: Io): Promise<number> {
  // The review needs every turn's record; the summary and the check need only the ends.
  const loaded = loadGame(file, { history: Boolean(opts.export) });
  if (!loaded.ok) {
    if (opts.verify && loaded.issues.length === 1 && isDivergence(loaded.issues[0])) {
      io.err(`seastate: verification failed: ${formatIssue(loaded.issues[0])}\n`);
      return EXIT.failed;
    }
    throw issuesError(loaded.issues);
  }
  const game = loaded.value;
  if (opts.export) await exportReview(file, opts.export, game);
  const final = current(game);
  const turns = final.turn;
  if (opts.json) {
    // A replay that differs from the record stops before printing, so a printed result is verified.
    io.out(JSON.stringify({ ...runResult(game.sim.rules, final), verified: true }, null, 2) + '\n');
  } else if (opts.verify) {
    io.out(
      `verified: ${turns} turn${turns === 1 ? '' : 's'}, every state hash matches (final ${game.hashes.at(-1)})\n`,
    );
  } else {
    io.out(summaryLines(file, game).join('\n') + '\n');
  }
  if (opts.export && !opts.json) io.out(`after-action review written to ${opts.export}\n`);
  return EXIT.ok;
}

/** The text summary of a replayed game: what was played, by whom, and the final table. */
function summaryLines(file: string, game: Game): string[] {
  const initial = game.states[0];
  const final = current(game);
  const turns = final.turn;
  const withInputs = final.log.filter((r) => Object.keys(r.inputs).length > 0).length;
  const lines = [
    `${game.scenario.title} (${game.scenario.id}), seed ${game.seed}: ${file} replayed, ${turns} turns of ${final.turnMonths} month${final.turnMonths > 1 ? 's' : ''} from ${initial.startDate}`,
    `every state hash matches the save`,
    ...(game.scenario.sets.length
      ? [`overrides: ${game.scenario.sets.map((o) => `--set ${o.key}=${o.raw}`).join(' ')}`]
      : []),
    `humans: ${game.humans.length ? game.humans.join(', ') : 'none'}; recorded inputs on ${withInputs} of ${turns} turns${game.notes.length ? `; ${game.notes.length} White-cell notes` : ''}`,
  ];
  if (final.ended) lines.push(`the game ended at turn ${final.ended.turn}: ${final.ended.outcome} (${final.ended.id})`);
  lines.push(...finalTable(game.sim.rules, initial, final, stateHash(game.sim.rules, final)));
  return lines;
}

/** Write the after-action review atomically; a place that cannot be written is bad input naming it. */
async function exportReview(saveFile: string, out: string, game: Game): Promise<void> {
  // Writing the review over the save would destroy the game it reviews.
  if (path.resolve(out) === path.resolve(saveFile))
    throw new InputError(`${out}: --export would overwrite the save being replayed; choose another file`);
  // Built before the try, so a bug in the review is not reported as a file that cannot be written.
  const text = await reviewFor(out, game);
  writeOrFail(out, text, 'after-action review');
}
