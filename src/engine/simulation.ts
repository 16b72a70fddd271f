/**
 * A simulation: a scenario's compiled rules (src/engine/rules.ts) and the turn function over them.
 * `createSimulation(rules)` compiles nothing more; its `step` takes any state made from those rules
 * and returns the next state and the turn's record, or an error as a value: inputs that fail
 * checkInputs, a state from other rules, or a run that cannot go on (SimulationError's codes).
 * Batch workers make one per scenario point and step every run of it.
 */
import { matchesRules, type Rules } from './rules';
import { checkInputs, stepWith, type InputIssue, type StepOptions } from './step';
import { SimulationError } from './step-errors';
import type { StepResult, TurnInputs, TurnTrace, WorldState } from './types';

/** Why a step was refused or failed. */
export type StepError =
  | { code: 'input/invalid'; message: string; issues: InputIssue[] }
  | { code: 'rules/mismatch'; message: string }
  | { code: SimulationError['code']; message: string };

export type StepOutcome = { ok: true; value: StepResult & { trace: TurnTrace } } | { ok: false; error: StepError };

export interface Simulation {
  readonly rules: Rules;
  /** One turn: the next state and the record, or why not. Never throws for bad inputs or a failed run. */
  step(state: WorldState, inputs?: TurnInputs, options?: StepOptions): StepOutcome;
}

/** The simulation of a scenario's compiled rules. */
export function createSimulation(rules: Rules): Simulation {
  return Object.freeze({
    rules,
    step(state: WorldState, inputs: TurnInputs = {}, options: StepOptions = {}): StepOutcome {
      if (!matchesRules(rules, state))
        return {
          ok: false,
          error: {
            code: 'rules/mismatch',
            message: 'the state was not made from these rules (other rules, actors or turn length)',
          },
        };
      const issues = checkInputs(rules, state, inputs);
      if (issues.length)
        return {
          ok: false,
          error: {
            code: 'input/invalid',
            message: `invalid turn inputs: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
            issues,
          },
        };
      try {
        return { ok: true, value: stepWith(rules, state, inputs, options) };
      } catch (e) {
        if (e instanceof SimulationError) return { ok: false, error: { code: e.code, message: e.message } };
        throw e;
      }
    },
  });
}

/** A step's value, or its error thrown (a SimulationError for a failed run): for callers that treat every error as fatal. */
export function unwrap(outcome: StepOutcome): StepResult & { trace: TurnTrace } {
  if (outcome.ok) return outcome.value;
  const e = outcome.error;
  if (e.code === 'sim/diverged' || e.code === 'sim/event_loop' || e.code === 'sim/too_costly')
    throw new SimulationError(e.code, e.message);
  throw new Error(e.message);
}
