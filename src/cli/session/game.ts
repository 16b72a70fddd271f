/**
 * A game in progress, as the play UI and the save, replay and explain commands see it: the
 * scenario, who is human, every state from the initial one on (so undo is a pop and any past turn
 * can be explained), and each turn's trace. Plain functions; the only I/O is in loading.
 */
import { checkInputs, createState, SimulationError, stateHash, step, type TurnInputs, type TurnTrace, type WorldState } from '../../engine';
import type { LoadIssue, Loaded } from '../../scenarios/issues';
import path from 'node:path';
import { looksLikePath, type Scenario } from '../../scenarios/registry';
import { SAVE_FORMAT, SAVE_VERSION, type SaveFile } from './save-file';

export interface Game {
  scenario: Scenario;
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
}

/** Start a game of `scenario` with the given seed and human-played actors. */
export function newGame(scenario: Scenario, ref: string, seed: string, humans: string[]): Game {
  const initial = createState(scenario.spec(seed));
  return { scenario, ref, seed, humans, states: [initial], traces: [undefined], hashes: [stateHash(initial)], notes: [] };
}

/** The current state. */
export function current(g: Game): WorldState {
  return g.states[g.states.length - 1];
}

/** Play one turn with the given inputs (checked by the caller with `checkInputs`). */
export function advance(g: Game, inputs: TurnInputs): Game {
  return commit(g, step(current(g), inputs));
}

/** Add a turn already stepped (the UI steps to see which events need a human choice first). */
export function commit(g: Game, r: { state: WorldState; trace: TurnTrace }): Game {
  return { ...g, states: [...g.states, r.state], traces: [...g.traces, r.trace], hashes: [...g.hashes, stateHash(r.state)] };
}

/** Take back the last turn (the initial state cannot be undone). */
export function undo(g: Game): Game {
  if (g.states.length <= 1) return g;
  const turn = g.states.length - 1;
  return { ...g, states: g.states.slice(0, -1), traces: g.traces.slice(0, -1), hashes: g.hashes.slice(0, -1), notes: g.notes.filter((n) => n.turn < turn) };
}

/** The save record of a game; a scenario given by path is also recorded where it resolved. */
export function toSave(g: Game): SaveFile {
  const s = current(g);
  const resolvedPath = looksLikePath(g.ref) ? path.resolve(g.ref) : undefined;
  return {
    format: SAVE_FORMAT,
    version: SAVE_VERSION,
    scenario: { ref: g.ref, ...(resolvedPath ? { path: resolvedPath } : {}), title: g.scenario.title },
    seed: g.seed,
    humans: g.humans,
    initialHash: g.hashes[0],
    turn: s.turn,
    hashes: g.hashes.slice(1),
    log: s.log,
    notes: g.notes,
  };
}

/**
 * Rebuild a game from a save: start the scenario with the save's seed, check that it is the same
 * world the save began from, then replay every turn's inputs, checking each against the rules and
 * each state hash against the record. `file` names the save in messages.
 */
export function fromSave(save: SaveFile, scenario: Scenario, file: string, opts: { history?: boolean } = {}): Loaded<Game> {
  // Without history only the initial and the current state are kept (no records): verifying a
  // long save then takes memory for one state, not thousands with their records.
  const history = opts.history !== false;
  const fail = (path: string, message: string, code = 'save/mismatch'): Loaded<Game> => ({ ok: false, issues: [{ code, file, path, message } satisfies LoadIssue] });
  let g = newGame(scenario, save.scenario.ref, save.seed, save.humans);
  if (g.hashes[0] !== save.initialHash)
    return fail('initialHash', `the game's initial state differs from the one the save began with: the seed was edited, or the scenario "${save.scenario.ref}" or its data have changed since; the save cannot be replayed`);
  const byTurn = new Map(save.log.map((r) => [r.turn, r.inputs as TurnInputs]));
  for (let t = 1; t <= save.turn; t++) {
    const state = current(g);
    if (state.ended) return fail('turn', `the game ended at turn ${state.ended.turn} but the save goes on to turn ${save.turn}`);
    const inputs = byTurn.get(t) ?? {};
    const issues = checkInputs(state, inputs);
    if (issues.length) return fail(`log (turn ${t}).${issues[0].path}`, issues[0].message, 'save/bad_inputs');
    try {
      if (history) g = advance(g, inputs);
      else {
        const next = step(state, inputs, { trace: false }).state;
        g = { ...g, states: [g.states[0], next], traces: [undefined, undefined], hashes: [...g.hashes, stateHash(next)] };
      }
    } catch (e) {
      if (e instanceof SimulationError) return fail(`log (turn ${t})`, `the turn cannot be replayed: ${e.message}`, 'save/bad_inputs');
      throw e;
    }
    if (g.hashes[t] !== save.hashes[t - 1])
      return fail(`hashes[${t - 1}]`, `replaying turn ${t} gives state ${g.hashes[t]} but the save records ${save.hashes[t - 1]} (the file was edited, or the model changed)`);
  }
  return { ok: true, value: { ...g, notes: save.notes } };
}
