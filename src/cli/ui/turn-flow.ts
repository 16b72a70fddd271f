/**
 * The seminar's turn as pure steps: gather the humans' actions, find the events whose options a
 * human must choose, and build the turn's inputs. Because `step` is pure and every draw is keyed,
 * the UI can try the turn, see which events fire for a human chooser, ask, and try again: the
 * final step with the answers is the turn that is played and recorded.
 */
import {
  checkInputs,
  instanceKey,
  SimulationError,
  step,
  type ActionChoice,
  type EventDef,
  type FiredEvent,
  type Rules,
  type StepResult,
  type TurnInputs,
  type TurnTrace,
  type WorldState,
} from '../../engine';
import { withQueue, type WhiteCellQueue } from '../session/edits';

/** The actor who chooses an event instance's option (as the events runtime decides it). */
export function chooserOf(def: EventDef, target: string | undefined): string | undefined {
  return def.actor === 'target' ? target : (def.actor ?? target);
}

/** The turn's inputs from the humans' plans, their event choices and the White cell's queue. */
export function turnInputs(
  plans: Record<string, ActionChoice[]>,
  choices: Record<string, string>,
  queue: WhiteCellQueue,
): TurnInputs {
  return withQueue(
    { ...(Object.keys(plans).length ? { actions: plans } : {}), ...(Object.keys(choices).length ? { choices } : {}) },
    queue,
  );
}

export type Trial =
  { ok: true; result: StepResult & { trace: TurnTrace }; ask?: FiredEvent } | { ok: false; problem: string };

/**
 * Try the turn: the first fired event a human must choose for and has not (if any), with the
 * step's result. A problem with the inputs comes back as a message, not thrown.
 */
export function tryTurn(rules: Rules, state: WorldState, inputs: TurnInputs, humans: readonly string[]): Trial {
  const issues = checkInputs(rules, state, inputs);
  if (issues.length) return { ok: false, problem: `${issues[0].path}: ${issues[0].message}` };
  let result: StepResult & { trace: TurnTrace };
  try {
    result = step(rules, state, inputs);
  } catch (e) {
    // A turn the model cannot play (an event loop, a diverging value) is shown, and the game kept.
    if (e instanceof SimulationError) return { ok: false, problem: e.message };
    throw e;
  }
  const defs = new Map(rules.def.events.map((e) => [e.id, e]));
  const ask = result.trace.events.find((e) => {
    if (e.option === undefined || e.chooser === 'human') return false;
    const who = chooserOf(defs.get(e.event)!, e.target);
    return (
      who !== undefined && humans.includes(who) && !Object.hasOwn(inputs.choices ?? {}, instanceKey(e.event, e.target))
    );
  });
  return { ok: true, result, ...(ask ? { ask } : {}) };
}
