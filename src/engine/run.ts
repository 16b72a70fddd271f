/** Running a state forward, and replaying a recorded input log. */
import type { Rules } from './rules';
import { createSimulation, unwrap, type Simulation } from './simulation';
import type { StepOptions } from './step';
import type { TurnInputs, TurnTrace, WorldState } from './types';

/** The recorded inputs of a turn, or none. */
export function inputsFor(log: WorldState['log'], turn: number): TurnInputs {
  // The engine only reads a turn's inputs: the log's read-only view is passed on as they are.
  return (log.find((r) => r.turn === turn)?.inputs as TurnInputs | undefined) ?? {};
}

/**
 * Step up to `turns` times (fewer if an end condition holds) under the rules with the given per-turn
 * inputs; throws as `step` does.
 */
export function runTurns(
  rules: Rules,
  state: WorldState,
  turns: number,
  inputs: (turn: number) => TurnInputs = () => ({}),
  options: StepOptions = {},
): { state: WorldState; traces: TurnTrace[] } {
  return playTurns(createSimulation(rules), state, turns, inputs, options);
}

/** runTurns under a simulation the caller holds (its rules compiled once for every run). */
export function playTurns(
  sim: Simulation,
  state: WorldState,
  turns: number,
  inputs: (turn: number) => TurnInputs = () => ({}),
  options: StepOptions = {},
): { state: WorldState; traces: TurnTrace[] } {
  const traces: TurnTrace[] = [];
  let s = state;
  for (let t = 0; t < turns && !s.ended; t++) {
    const r = unwrap(sim.step(s, inputs(s.turn + 1), options));
    s = r.state;
    if (options.trace !== false) traces.push(r.trace);
  }
  return { state: s, traces };
}

/** Replay a finished state's input log from its initial state: the result must equal it. */
export function replay(rules: Rules, initial: WorldState, finalTurn: number, log: WorldState['log']): WorldState {
  return runTurns(rules, initial, finalTurn - initial.turn, (t) => inputsFor(log, t), { trace: false }).state;
}
