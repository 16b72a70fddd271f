/**
 * One turn as a pure function: step(rules, state, inputs) -> { state, trace }. The order is fixed
 * (docs/MODEL.md, "A turn"):
 *   1. calendar: turn + 1, date + turn length; recent-effect memory fades
 *   2. decisions: every actor chooses its actions on the state at the start of the turn (humans
 *      through the inputs, everyone else by policy) and pays for them from its resources
 *   3. events fire and their options are chosen (human, else the chooser's policy)
 *   4. actions resolve together with keyed dice
 *   5. effects: events', then actions', then the White cell's, in that order
 *   6. capabilities: Richardson arms dynamics (military), trend growth (economic)
 *   7. alignment: influence, balance, threat and noise, all computed from the same snapshot
 *      (after effects and capabilities), summed, then clipped to [-1, 1] (the "bound" part)
 *   8. escalation ladders relax toward their structural level; a crisis may slip a rung (keyed
 *      dice), and one that reaches its war rung becomes war, won by the side its balance of forces
 *      favours (keyed dice); end conditions are checked
 * Every change is recorded with its cause, and each alignment cell's change over the turn is the
 * sequential sum of its recorded parts, in the order above. Each phase is a function of
 * src/engine/turn/ that takes the turn's working copy (turn/scratch.ts) and the results of the
 * phases before it; step() calls them in this order.
 */
import { MAX_AMOUNT } from './step-errors';
export { MAX_AMOUNT, SimulationError } from './step-errors';
import { budgets, checkChoices } from './actions';
import {
  CAPABILITY_KINDS,
  type Effect,
  type StepResult,
  type TurnInputs,
  type TurnTrace,
  type WorldState,
} from './types';
import { alignmentTerms } from './turn/alignment';
import { capabilityDynamics } from './turn/capabilities';
import { decideAndResolve } from './turn/decide';
import { applyTurnEffects } from './turn/effects';
import { finishTurn } from './turn/finish';
import { moveLadders } from './turn/ladders';
import { beginTurn } from './turn/scratch';
import { matchesRules, type Rules } from './rules';
export { MAX_GROWTH } from './turn/capabilities';

export interface StepOptions {
  /** Build the per-turn record (default true). Batch runs turn it off for speed. */
  trace?: boolean;
}

/** A problem with a turn's inputs, as data. */
export interface InputIssue {
  code:
    | 'input/unknown_actor'
    | 'input/unknown_ladder'
    | 'input/unknown_capability'
    | 'input/unknown_kind'
    | 'input/bad_number'
    | 'input/bad_name'
    | 'input/unknown_event'
    | 'input/unknown_option'
    | 'input/illegal_action'
    | 'input/bad_ruling'
    | 'input/bad_target';
  path: string;
  message: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const KINDS: readonly string[] = Object.freeze(['alignment', 'capability', 'tension', 'flag', 'counter', 'concede']);

/** Check inputs against a state and its rules; an empty list means `step` will accept them. */
export function checkInputs(rules: Rules, state: WorldState, inputs: TurnInputs): InputIssue[] {
  // Most turns of a batch run have no inputs at all: nothing to check.
  if (
    inputs.choices === undefined &&
    inputs.actions === undefined &&
    inputs.rulings === undefined &&
    inputs.inject === undefined &&
    inputs.effects === undefined
  )
    return [];
  const ids = new Set(state.actors.map((a) => a.id));
  const ladders = new Set(['global', ...state.ladders.dyads.map((d) => d.id)]);
  const issues: InputIssue[] = [];
  for (const [key, option] of Object.entries(inputs.choices ?? {})) {
    const def = rules.def.events.find((e) => e.id === key.slice(0, key.lastIndexOf('@')));
    if (!def)
      issues.push({
        code: 'input/unknown_event',
        path: `choices.${key}`,
        message: `no event instance "${key}" (keys are eventId@target)`,
      });
    else if (typeof option !== 'string' || !def.options.some((o) => o.id === option))
      issues.push({
        code: 'input/unknown_option',
        path: `choices.${key}`,
        message: `event "${def.id}" has no option ${JSON.stringify(option)} (options: ${def.options.map((o) => o.id).join(', ')})`,
      });
  }
  const actions = inputs.actions ?? {};
  if (Object.keys(actions).length) {
    const index = new Map(state.actors.map((a, i) => [a.id, i]));
    const budget = budgets(state);
    for (const [actor, list] of Object.entries(actions)) {
      const i = index.get(actor);
      const available = i === undefined ? 0 : budget[i] + (state.resources[i] ?? 0);
      for (const problem of checkChoices(rules, state, actor, list, available, index, state.turn + 1))
        issues.push({
          code: i === undefined ? 'input/unknown_actor' : 'input/illegal_action',
          path: `actions.${actor}`,
          message: problem,
        });
    }
  }
  for (const [key, value] of Object.entries(inputs.rulings ?? {})) {
    const crisis = /^(slip|war)@(.+)$/.exec(key);
    if (crisis) {
      if (typeof value !== 'boolean' || !rules.def.crises.some((c) => c.ladder === crisis[2]))
        issues.push({
          code: 'input/bad_ruling',
          path: `rulings.${key}`,
          message: `a ruling on a crisis is slip@LADDER or war@LADDER with a crisis ladder (${rules.def.crises.map((c) => c.ladder).join(', ') || 'none in this scenario'}) and true or false`,
        });
      continue;
    }
    const m = /^([A-Z][A-Z0-9_]*):([a-z][a-z0-9_]*)@([A-Z0-9_]*)$/.exec(key);
    if (typeof value !== 'boolean' || !m)
      issues.push({
        code: 'input/bad_ruling',
        path: `rulings.${key}`,
        message: 'a ruling is true (succeeds) or false (fails), keyed actor:action@target',
      });
    else if (!ids.has(m[1]) || (m[3] !== '' && !ids.has(m[3])) || !rules.def.actions.some((d) => d.id === m[2]))
      issues.push({
        code: 'input/bad_ruling',
        path: `rulings.${key}`,
        message: `no actor or action for the ruling "${key}" (actor:action@target, with known ids)`,
      });
  }
  (inputs.inject ?? []).forEach((inj, k) => {
    const def = rules.def.events.find((e) => e.id === inj?.event);
    if (!def)
      issues.push({
        code: 'input/unknown_event',
        path: `inject[${k}]`,
        message: `no event "${String(inj?.event)}" in this scenario`,
      });
    else {
      // A follow-up-only event without targets of its own takes its target from the event that
      // schedules it, so an injection must name one (any actor); other untargeted events take none.
      const inherits = !def.targets && def.timing.kind === 'followup';
      const ok = def.targets
        ? inj.target !== undefined && def.targets.includes(inj.target)
        : inherits
          ? inj.target !== undefined && ids.has(inj.target)
          : inj.target === undefined;
      if (!ok)
        issues.push({
          code: 'input/bad_target',
          path: `inject[${k}].target`,
          message: def.targets
            ? `event "${def.id}" needs a target among ${def.targets.join(', ')}`
            : inherits
              ? `event "${def.id}" is a follow-up that needs a target: an actor id`
              : `event "${def.id}" takes no target`,
        });
    }
  });
  (inputs.effects ?? []).forEach((e: Effect, k) => {
    const path = `effects[${k}]`;
    if (!KINDS.includes(e.kind)) {
      issues.push({ code: 'input/unknown_kind', path, message: `unknown effect kind "${String(e.kind)}"` });
      return;
    }
    const actorsOf = e.kind === 'alignment' ? [e.from, e.to] : e.kind === 'capability' ? [e.actor] : [];
    for (const id of actorsOf)
      if (!ids.has(id)) issues.push({ code: 'input/unknown_actor', path, message: `unknown actor "${id}"` });
    if (e.kind === 'capability' && !(CAPABILITY_KINDS as readonly string[]).includes(e.capability))
      issues.push({
        code: 'input/unknown_capability',
        path: `${path}.capability`,
        message: `unknown capability "${e.capability}"`,
      });
    if (e.kind === 'concede') {
      const def = rules.def.crises.find((c) => c.ladder === e.ladder);
      if (!def)
        issues.push({
          code: 'input/unknown_ladder',
          path,
          message: `no crisis on ladder "${e.ladder}" (crises: ${rules.def.crises.map((c) => c.ladder).join(', ') || 'none'})`,
        });
      else if (def.sides[0].actor !== e.actor && def.sides[1].actor !== e.actor)
        issues.push({
          code: 'input/unknown_actor',
          path,
          message: `${e.actor} is not a side of the crisis ${e.ladder} (${def.sides[0].actor} and ${def.sides[1].actor} are)`,
        });
    }
    if (e.kind === 'tension' && !ladders.has(e.ladder ?? 'global'))
      issues.push({ code: 'input/unknown_ladder', path, message: `unknown ladder "${e.ladder}"` });
    if ((e.kind === 'flag' || e.kind === 'counter') && !NAME.test(e.name))
      issues.push({
        code: 'input/bad_name',
        path: `${path}.name`,
        message: 'a name of letters, digits, _ . : - starting with a letter',
      });
    if ('amount' in e && !(Number.isFinite(e.amount) && Math.abs(e.amount) <= MAX_AMOUNT))
      issues.push({
        code: 'input/bad_number',
        path: `${path}.amount`,
        message: `amount must be a finite number of at most ${MAX_AMOUNT} in size`,
      });
    else if ('set' in e && e.set) {
      const [lo, hi] =
        e.kind === 'alignment' ? [-1, 1] : e.kind === 'tension' ? [0, state.params.ladder.max] : [0, MAX_AMOUNT];
      if (e.amount < lo || e.amount > hi)
        issues.push({
          code: 'input/bad_number',
          path: `${path}.amount`,
          message: `a ${e.kind} is set to a value from ${lo} to ${hi}`,
        });
    }
  });
  return issues;
}

/**
 * One turn of a state under its compiled rules, phase by phase (src/engine/turn/). The caller has
 * checked the inputs (checkInputs) and that the state was made from these rules; a failure of the
 * run itself throws a SimulationError, which Simulation.step returns as a value.
 */
export function stepWith(
  rules: Rules,
  state: WorldState,
  inputs: TurnInputs,
  options: StepOptions,
): StepResult & { trace: TurnTrace } {
  const t = beginTurn(rules, state, inputs, options.trace !== false); // 1. calendar and fading memory
  const decided = decideAndResolve(t); // 2. decisions, 3. events, 4. actions resolve
  const effects = applyTurnEffects(t, decided); // 5. effects
  const capabilities = capabilityDynamics(t); // 6. capabilities
  const terms = alignmentTerms(t, capabilities); // 7. alignment terms, all from the same snapshot
  const ladders = moveLadders(t, capabilities); // 8. escalation ladders and slips
  return finishTurn(t, { decided, effects, capabilities, terms, ladders }); // wars, the end, the record
}

/**
 * Advance the world by one turn under its rules. Throws if the state was not made from them or
 * `inputs` fail `checkInputs` (a caller's bug), and a SimulationError if the run cannot go on; a
 * Simulation (createSimulation) returns all of these as values.
 */
export function step(
  rules: Rules,
  state: WorldState,
  inputs: TurnInputs = {},
  options: StepOptions = {},
): StepResult & { trace: TurnTrace } {
  if (!matchesRules(rules, state)) throw new Error('the state was not made from these rules');
  const issues = checkInputs(rules, state, inputs);
  if (issues.length) throw new Error(`invalid turn inputs: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return stepWith(rules, state, inputs, options);
}
