/**
 * A game in progress, as the play UI and the save, replay and explain commands see it: the
 * scenario and its compiled rules, who is human, every state from the initial one on (so any past turn can be explained),
 * each turn's trace, the White cell's queue for the next turn, and the journal of the edits people
 * made (edits.ts: immer patches with their inverses), which is what undo takes back. Plain
 * functions; the only I/O is in loading.
 */
import { compileRulesNative, stateHash } from '../state-hash';
import {
  checkInputs,
  createSimulation,
  createState,
  inputsFor,
  SimulationError,
  step,
  unwrap,
  type Simulation,
  type TurnInputs,
  type TurnTrace,
  type WorldState,
} from '../../engine';
import type { LoadIssue, Loaded } from '../../scenarios/issues';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Draft } from 'immer';
import { looksLikePath, type Scenario } from '../../scenarios/registry';
import { edit, EMPTY_QUEUE, queueOf, redo, revert, withQueue, type Edit, type WhiteCellQueue } from './edits';
import { SAVE_FORMAT, SAVE_VERSION, SAVE_VERSION_SETS, type SaveFile } from './save-file';

export interface Game {
  scenario: Scenario;
  /** The scenario's rules, compiled once for the game, and the turn function over them. */
  sim: Simulation;
  /** The scenario as the user named it: a built-in id or a path. */
  ref: string;
  seed: string;
  humans: string[];
  /** states[t] is the state after turn t; states[0] is the initial state. */
  states: WorldState[];
  /** traces[t] is the record of turn t (traces[0] is unused). */
  traces: (TurnTrace | undefined)[];
  /** State hash after each turn, hashes[t] for states[t]. */
  hashes: string[];
  notes: { turn: number; text: string }[];
  /** What the White cell has queued for the next turn. */
  queue: WhiteCellQueue;
  /** Every edit people made, oldest first: undo takes back the last one still in force. */
  edits: Edit[];
}

/** Start a game of `scenario` with the given seed and human-played actors. */
export function newGame(scenario: Scenario, ref: string, seed: string, humans: string[]): Game {
  const spec = scenario.spec(seed);
  const sim = createSimulation(compileRulesNative(spec));
  const initial = createState(spec, sim.rules);
  return {
    scenario,
    sim,
    ref,
    seed,
    humans,
    states: [initial],
    traces: [undefined],
    hashes: [stateHash(sim.rules, initial)],
    notes: [],
    queue: EMPTY_QUEUE,
    edits: [],
  };
}

/** A refusal to load, with where and why. */
type Failed = { ok: false; issues: LoadIssue[] };

/** The current state. */
export function current(g: Game): WorldState {
  return g.states[g.states.length - 1];
}

/** Play one turn with the given inputs and the White cell's queue (checked by the caller with `checkInputs`). */
export function advance(g: Game, inputs: TurnInputs): Game {
  return commit(g, step(g.sim.rules, current(g), withQueue(inputs, g.queue)));
}

/**
 * Add a turn already stepped (the UI steps to see which events need a human choice first). The
 * queue went into that turn's inputs: it is emptied, as an edit whose inverse gives it back.
 */
export function commit(g: Game, r: { state: WorldState; trace: TurnTrace }): Game {
  const played = {
    ...g,
    states: [...g.states, r.state],
    traces: [...g.traces, r.trace],
    hashes: [...g.hashes, stateHash(g.sim.rules, r.state)],
  };
  if (!g.queue.inject.length && !g.queue.effects.length) return played;
  const e = edit(g.queue, 'turn', r.state.turn, `turn ${r.state.turn} played with the White cell's queue`, (q) => {
    q.inject = [];
    q.effects = [];
  });
  return e.edit ? { ...played, queue: e.value, edits: [...g.edits, e.edit] } : played;
}

/** Take back the last turn and its notes (the initial state cannot be undone); the queue and the journal stay. */
export function undo(g: Game): Game {
  if (g.states.length <= 1) return g;
  const turn = g.states.length - 1;
  return {
    ...g,
    states: g.states.slice(0, -1),
    traces: g.traces.slice(0, -1),
    hashes: g.hashes.slice(0, -1),
    notes: g.notes.filter((n) => n.turn < turn),
  };
}

/** Change the White cell's queue for the next turn, recording the edit. */
export function editQueue(g: Game, label: string, recipe: (q: Draft<WhiteCellQueue>) => void): Game {
  const e = edit(g.queue, 'queue', current(g).turn + 1, label, recipe);
  return e.edit ? { ...g, queue: e.value, edits: [...g.edits, e.edit] } : g;
}

/**
 * Replay the last turn with a change to its inputs (a ruling), recording the edit; the notes stay.
 * `play` steps the turn (the UI's tryTurn) and says what is wrong if it cannot be played.
 */
export function editLastTurn(
  g: Game,
  label: string,
  recipe: (inputs: Draft<TurnInputs>) => void,
  play: (
    state: WorldState,
    inputs: TurnInputs,
  ) => { ok: true; result: { state: WorldState; trace: TurnTrace } } | { ok: false; problem: string },
): { ok: true; game: Game } | { ok: false; problem: string } {
  const s = current(g);
  if (g.states.length <= 1) return { ok: false, problem: 'no turn has been played yet' };
  const e = edit(inputsFor(s.log, s.turn), 'ruling', s.turn, label, recipe);
  if (!e.edit) return { ok: true, game: g };
  const base = undo(g);
  const trial = play(current(base), e.value);
  if (!trial.ok) return trial;
  return { ok: true, game: { ...replayed(base, g, trial.result), edits: [...g.edits, e.edit] } };
}

/** `g` with its last turn played again (`base` is undo(g)); the notes stay. */
function replayed(base: Game, g: Game, r: { state: WorldState; trace: TurnTrace }): Game {
  return {
    ...base,
    states: [...base.states, r.state],
    traces: [...base.traces, r.trace],
    hashes: [...base.hashes, stateHash(g.sim.rules, r.state)],
    notes: g.notes,
  };
}

/** Whether an edit can be taken back now: it was made on the queue or the turn as they stand. */
function live(g: Game, e: Edit): boolean {
  const turn = current(g).turn;
  return e.on === 'queue' ? e.turn === turn + 1 : e.turn === turn;
}

/**
 * Undo the last change: the last White-cell edit of the queue, the last ruling (the turn is played
 * again without it), or the last turn (its queue comes back by the inverse patches of its 'turn'
 * edit). Returns what was undone, or undefined when there is nothing to undo.
 */
export function undoLast(g: Game): { game: Game; undone: string } | undefined {
  const last = g.edits.at(-1);
  const edits = g.edits.slice(0, -1);
  if (last && live(g, last)) {
    if (last.on === 'queue') return { game: { ...g, queue: revert(g.queue, last), edits }, undone: last.label };
    const back = undo(g);
    if (last.on === 'turn')
      return {
        game: { ...back, queue: revert(g.queue, last), edits },
        undone: `turn ${last.turn}; its White-cell inputs are queued again`,
      };
    const s = current(g);
    const inputs = revert(inputsFor(s.log, s.turn), last);
    return {
      game: { ...replayed(back, g, step(g.sim.rules, current(back), inputs)), edits },
      undone: `the ruling ${last.label}`,
    };
  }
  if (g.states.length <= 1) return undefined;
  return { game: undo(g), undone: `turn ${current(g).turn}` };
}

/**
 * The save record of a game; a scenario given by path is also recorded where it resolved, and one
 * loaded with `--set` overrides records them (version 3; without them a save is version 2, as before).
 */
export function toSave(g: Game): SaveFile {
  const s = current(g);
  const resolvedPath = looksLikePath(g.ref) ? path.resolve(g.ref) : undefined;
  const sets = g.scenario.sets.map((o) => `${o.key}=${o.raw}`);
  return {
    format: SAVE_FORMAT,
    version: sets.length ? SAVE_VERSION_SETS : SAVE_VERSION,
    scenario: { ref: g.ref, ...(resolvedPath ? { path: resolvedPath } : {}), title: g.scenario.title },
    ...(sets.length ? { sets } : {}),
    seed: g.seed,
    humans: g.humans,
    initialHash: g.hashes[0],
    turn: s.turn,
    hashes: g.hashes.slice(1),
    log: s.log as SaveFile['log'], // written out as JSON, never changed
    notes: g.notes,
    queue: g.queue,
    edits: g.edits,
  };
}

/**
 * Rebuild a game from a save: start the scenario with the save's seed, check that it is the same
 * world the save began from, then replay every turn's inputs, checking each against the rules and
 * each state hash against the record. `file` names the save in messages.
 */
export function fromSave(
  save: SaveFile,
  scenario: Scenario,
  file: string,
  opts: { history?: boolean } = {},
): Loaded<Game> {
  // Without history only the initial and the current state are kept (no records): verifying a
  // long save then takes memory for one state, not thousands with their records.
  const history = opts.history !== false;
  const fail = (path: string, message: string, code = 'save/mismatch'): Failed => ({
    ok: false,
    issues: [{ code, file, path, message } satisfies LoadIssue],
  });
  let g = newGame(scenario, save.scenario.ref, save.seed, save.humans);
  if (g.hashes[0] !== save.initialHash)
    return fail(
      'initialHash',
      `the game's initial state differs from the one the save began with: the seed${save.sets ? ' or the --set overrides (sets)' : ''} was edited, or the scenario "${save.scenario.ref}" or its data have changed since; the save cannot be replayed`,
    );
  const byTurn = new Map(save.log.map((r) => [r.turn, r.inputs as TurnInputs]));
  const sim = g.sim; // the rules compiled once for the replay
  for (let t = 1; t <= save.turn; t++) {
    const state = current(g);
    if (state.ended)
      return fail('turn', `the game ended at turn ${state.ended.turn} but the save goes on to turn ${save.turn}`);
    const inputs = byTurn.get(t) ?? {};
    const issues = checkInputs(sim.rules, state, inputs);
    if (issues.length) return fail(`log (turn ${t}).${issues[0].path}`, issues[0].message, 'save/bad_inputs');
    try {
      if (history) g = advance(g, inputs);
      else {
        const next = unwrap(sim.step(state, inputs, { trace: false })).state;
        g = {
          ...g,
          states: [g.states[0], next],
          traces: [undefined, undefined],
          hashes: [...g.hashes, stateHash(sim.rules, next)],
        };
      }
    } catch (e) {
      if (e instanceof SimulationError)
        return fail(`log (turn ${t})`, `the turn cannot be replayed: ${e.message}`, 'save/bad_inputs');
      throw e;
    }
    if (g.hashes[t] !== save.hashes[t - 1])
      return fail(
        `hashes[${t - 1}]`,
        `replaying turn ${t} gives state ${g.hashes[t]} but the save records ${save.hashes[t - 1]} (the file was edited, or the model changed)`,
      );
  }
  const journal = checkJournal(save, fail);
  if (!journal.ok) return journal;
  const queue = journal.value;
  if (queue.inject.length + queue.effects.length) {
    const issues = checkInputs(g.sim.rules, current(g), withQueue({}, queue));
    if (issues.length) return fail(`queue.${issues[0].path}`, issues[0].message, 'save/bad_inputs');
  }
  return { ok: true, value: { ...g, notes: save.notes, queue, edits: save.edits as Edit[] } };
}

/**
 * A save's journal must agree with its log: its queue edits, replayed in order, give each turn the
 * White-cell inputs the log records for it (which each 'turn' edit's inverse gives back), and every
 * ruling is in its turn's inputs; what the edits leave after the last turn is the saved queue. So a
 * loaded game undoes to states the rules could produce. Returns that queue.
 */
function checkJournal(
  save: SaveFile,
  fail: (path: string, message: string, code?: string) => Failed,
): Loaded<WhiteCellQueue> {
  let queue: WhiteCellQueue = EMPTY_QUEUE;
  const edits = save.edits as Edit[];
  for (let k = 0; k < edits.length; k++) {
    const e = edits[k];
    const at = `edits[${k}]`;
    if (e.turn < 1 || e.turn > save.turn + (e.on === 'queue' ? 1 : 0))
      return fail(`${at}.turn`, `an edit of turn ${e.turn} in a save at turn ${save.turn}`);
    try {
      if (e.on === 'queue') queue = redo(queue, e);
      else if (e.on === 'turn') {
        const logged = queueOf(inputsFor(save.log, e.turn));
        if (!isDeepStrictEqual(queue, logged) || !isDeepStrictEqual(revert(EMPTY_QUEUE, e), logged))
          return fail(
            at,
            `the White-cell edits before turn ${e.turn} do not give the inputs its log records (the file was edited)`,
          );
        queue = redo(queue, e);
      } else {
        const rulings = inputsFor(save.log, e.turn).rulings ?? {};
        const made = rulingsMade(e);
        if (!made || !made.length || made.some(([key, v]) => !Object.hasOwn(rulings, key) || rulings[key] !== v))
          return fail(at, `a ruling the log of turn ${e.turn} does not record (the file was edited)`);
      }
    } catch (err) {
      return fail(at, `its patches cannot be applied: ${(err as Error).message}`);
    }
  }
  if (!isDeepStrictEqual(queue, save.queue))
    return fail('queue', 'the queue differs from what the White-cell edits leave (the file was edited)');
  return { ok: true, value: queue };
}

/**
 * The rulings a ruling edit adds, as [key, value] pairs: its patches set `rulings.KEY`, or
 * `rulings` itself when the turn had none. Undefined when a patch touches anything else.
 */
function rulingsMade(e: Edit): [string, unknown][] | undefined {
  const out: [string, unknown][] = [];
  for (const q of e.patches) {
    if (q.path[0] !== 'rulings') return undefined;
    if (q.path.length === 2) out.push([String(q.path[1]), q.value]);
    else if (q.path.length === 1 && q.value && typeof q.value === 'object') out.push(...Object.entries(q.value));
    else return undefined;
  }
  return out;
}
