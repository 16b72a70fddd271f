/**
 * `seastate explain FILE [--turn T] [--actor ID] [--toward ID] [--json]`: why alignment moved on one
 * turn of a saved game. With --actor and --toward, one cell in full; with --actor only, that actor's
 * stance toward each other actor; with --toward only, every actor's stance toward it; with neither,
 * the turn's largest changes. With --crisis LADDER, or with no flags on a game that ended in war,
 * the crisis's path turn by turn (docs/MODEL.md, "Escalation"). Every bad input (the file, the turn, an actor) is exit 2.
 */
import { explainCell, type CellExplanation } from '../../engine';
import { suggest } from '../../scenarios/expr-parse';
import { InputError, issuesError } from '../errors';
import type { Io } from '../io';
import { loadGame } from '../session/load';
import { crisisLines, crisisPath } from '../session/crisis-text';
import { actorChanges, briefLines, explanationLines, largestChanges, namesFor } from '../session/explain-text';

export interface ExplainOptions {
  /** The turn to explain, 1 to the save's last (default: the last). */
  turn?: number;
  /** The actor whose stance changed. */
  actor?: string;
  /** The actor it changed toward. */
  toward?: string;
  /** Print the explanation(s) as JSON: one CellExplanation for a cell, else an array of them. */
  json?: boolean;
  /** Explain the path of the crisis on this ladder instead of alignment changes. */
  crisis?: string;
}

/** How many of the turn's changes to show without --actor or --toward, and how many causes of each. */
const LARGEST = 8;
const CAUSES = 3;

/** Explain a turn of the save at `file`; prints text or JSON and returns the exit code. */
export function explainCommand(file: string, opts: ExplainOptions, io: Io): number {
  const loaded = loadGame(file);
  if (!loaded.ok) throw issuesError(loaded.issues);
  const game = loaded.value;
  const last = game.states.length - 1;
  if (last === 0) throw new InputError(`${file}: the save has no turns played yet, so there is nothing to explain`);
  const turn = opts.turn ?? last;
  if (turn < 1 || turn > last)
    throw new InputError(`${file}: --turn ${turn} is out of range: the save has turns 1 to ${last}`);
  const prev = game.states[turn - 1];
  const trace = game.traces[turn];
  // fromSave replays with traces on, so a missing trace is a bug, not bad input.
  if (!trace) throw new Error(`no record of turn ${turn} after replaying the save`);
  const ids = prev.actors.map((a) => a.id);
  const check = (flag: string, id: string | undefined) => {
    if (id === undefined || ids.includes(id)) return;
    const hint =
      suggest(id, ids) ||
      ` (its actors: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? `, … ${ids.length} in all` : ''})`;
    throw new InputError(`${file}: ${flag} "${id}" is not an actor of the scenario ${game.scenario.id}${hint}`);
  };
  check('--actor', opts.actor);
  check('--toward', opts.toward);
  if (opts.actor && opts.actor === opts.toward)
    throw new InputError(
      `--actor and --toward are both ${opts.actor}: an actor's stance toward itself is not modelled`,
    );

  const names = namesFor(prev, game.scenario.rules.events);
  // A crisis's path, asked for or because the game ended in its war (what an analyst asks first).
  const crises = game.sim.rules.def.crises.map((c) => c.ladder);
  if (opts.crisis !== undefined && !crises.includes(opts.crisis))
    throw new InputError(
      `${file}: --crisis "${opts.crisis}" is not a crisis of the scenario ${game.scenario.id}${crises.length ? ` (its crises: ${crises.join(', ')})` : ' (it has none)'}`,
    );
  const warLadder = Object.entries(game.states[last].crises).find(([, c]) => c.war)?.[0];
  const crisis = opts.crisis ?? (!opts.actor && !opts.toward && opts.turn === undefined ? warLadder : undefined);
  if (crisis) {
    const path = crisisPath(game.sim.rules, game.states, game.traces, crisis, names);
    if (opts.json) io.out(JSON.stringify(path, null, 2) + '\n');
    else {
      const lines = [
        `${game.scenario.title} (${game.scenario.id}), seed ${game.seed}, turns 1 to ${last}`,
        ...crisisLines(game.sim.rules, path, crisis),
      ];
      if (!opts.crisis)
        lines.push(
          '',
          `the run ended in this war; the alignment changes of a turn: seastate explain ${file} --turn ${last}`,
        );
      io.out(lines.join('\n') + '\n');
    }
    return 0;
  }
  const when = `turn ${turn} of ${last} (${prev.date.slice(0, 7)} → ${trace.date.slice(0, 7)})`;
  let list: CellExplanation[];
  let heading: string;
  if (opts.actor && opts.toward) {
    const e = explainCell(prev, trace, opts.actor, opts.toward);
    if (opts.json) io.out(JSON.stringify(e, null, 2) + '\n');
    else
      io.out(
        [
          `${game.scenario.title} (${game.scenario.id}), seed ${game.seed}, ${when}`,
          '',
          ...explanationLines(e, names),
        ].join('\n') + '\n',
      );
    return 0;
  } else if (opts.actor || opts.toward) {
    const who = (opts.actor ?? opts.toward)!;
    list = actorChanges(prev, trace, who, opts.actor ? 'row' : 'column');
    heading = opts.actor ? `${who}'s stance toward each other actor` : `each actor's stance toward ${who}`;
  } else {
    list = largestChanges(prev, trace, LARGEST);
    heading = `the ${list.length} largest alignment changes`;
  }
  if (opts.json) {
    io.out(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `${game.scenario.title} (${game.scenario.id}), seed ${game.seed}, ${when}`,
    `${heading}, largest change first, each with its ${CAUSES} largest causes:`,
  ];
  for (const e of list) lines.push('', ...briefLines(e, CAUSES, names));
  if (!list.length) lines.push('', 'no alignment changed this turn');
  lines.push('', `every cause of one change: seastate explain ${file} --turn ${turn} --actor ID --toward ID`);
  io.out(lines.join('\n') + '\n');
  return 0;
}
